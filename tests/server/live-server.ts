import { cp, mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openConversationStore } from '../../src/chat/sqlite-conversations.js';
import type { ApiKey } from '../../src/config.js';
import { checkUpload } from '../../src/ingest/check-upload.js';
import { openIndex } from '../../src/open-index.js';
import { createApp } from '../../src/server/app.js';
import { LiveIndex } from '../../src/server/live-index.js';
import { ServiceState } from '../../src/server/service-state.js';
import { servicesFor } from '../../src/server/services.js';
import type { UploadLimits } from '../../src/settings.js';
import { AnswerWorkers } from '../../src/workers/answer-jobs.js';
import { FIXTURE_CORPORA, type FixtureCorpus, testConfig } from '../helpers.js';

export const ADMIN: ApiKey = { id: 'ops', key: 'admin-key-0123456789abcdef', role: 'admin' };
export const READ: ApiKey = { id: 'reader', key: 'read-key-0123456789abcdef', role: 'read' };

/** A server as `npm start` runs one, on a copy of a test collection: answer worker, live indexing, uploads, API keys. */
export interface LiveServer {
  base: string;
  /** The copy of the collection it serves, which a test may change. */
  corpus: string;
  indexDir: string;
  live: LiveIndex;
  state: ServiceState;
  close(): Promise<void>;
}

export async function startLiveServer(collection: FixtureCorpus, limits: UploadLimits): Promise<LiveServer> {
  const corpus = await mkdtemp(join(tmpdir(), 'trust-rag-live-corpus-'));
  const indexDir = await mkdtemp(join(tmpdir(), 'trust-rag-live-index-'));
  await cp(join(FIXTURE_CORPORA, collection), corpus, { recursive: true });
  const config = testConfig({ corpusDir: corpus, indexDir });
  const opened = await openIndex(config);
  const conversations = openConversationStore();
  const workers = await AnswerWorkers.start({ embedder: { spec: 'use', modelsDir: config.modelsDir, allowRemoteModels: false }, indexDir, generationDir: opened.index.dir }, 1);
  const state = new ServiceState();
  state.set(servicesFor(opened, 'model', workers, conversations));
  const live = new LiveIndex({ config, state, embedder: () => opened.embedder, logger: { info() {}, warn() {} }, conversations, answerWorkers: 1, debounceMs: 100 });
  live.start();
  const server: Server = createApp({ state, apiKeys: [READ, ADMIN], rateLimitPerMinute: 0, live: { corpusDir: corpus, limits, index: live, check: checkUpload } }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    corpus,
    indexDir,
    live,
    state,
    async close() {
      server.close();
      await live.close();
      await state.peek()?.workers?.close();
      await rm(corpus, { recursive: true, force: true });
      await rm(indexDir, { recursive: true, force: true });
    },
  };
}
