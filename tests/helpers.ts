import { isAppError } from '../src/errors.js';
import assert from 'node:assert/strict';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { Worker } from 'node:worker_threads';
import { loadConfig, PROJECT_ROOT, type Config } from '../src/config.js';
import { openIndex, type OpenIndex } from '../src/open-index.js';
import { servicesFor } from '../src/server/services.js';
import type { Ready } from '../src/server/service-state.js';

/**
 * Tests never read the user's `corpus/`: they use collections of their own under
 * tests/fixtures/corpora/ — a copy of the bundled TRUST documents, a company handbook
 * and a product manual — each indexed once into test-artifacts/.
 */
export const FIXTURE_CORPORA = join(PROJECT_ROOT, 'tests', 'fixtures', 'corpora');
export type FixtureCorpus = 'trust' | 'handbook' | 'manual';
export const CORPUS_DIR = join(FIXTURE_CORPORA, 'trust');
/** Tests keep their own index (and embedding cache) apart from the user's `index/`. */
export const TEST_INDEX_DIR = join(PROJECT_ROOT, 'test-artifacts', 'index');
export const SHARED_EVAL_DIR = join(PROJECT_ROOT, '..', 'shared', 'eval');

/** A fresh temporary folder, removed when the test file finishes. */
export async function tempDir(prefix = 'trust-rag-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A temporary copy of the TRUST test collection, for tests that edit documents. */
export async function copyOfCorpus(): Promise<string> {
  const dir = await tempDir('trust-rag-corpus-');
  await cp(CORPUS_DIR, dir, { recursive: true });
  return dir;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), corpusDir: CORPUS_DIR, indexDir: TEST_INDEX_DIR, ...overrides };
}

const opened = new Map<FixtureCorpus, Promise<OpenIndex>>();

/** A test collection indexed with the default embedder, opened once per test file. */
export function fixtureIndex(name: FixtureCorpus): Promise<OpenIndex> {
  let open = opened.get(name);
  if (!open) {
    open = openIndex(testConfig(name === 'trust' ? {} : { corpusDir: join(FIXTURE_CORPORA, name), indexDir: `${TEST_INDEX_DIR}-${name}` }));
    opened.set(name, open);
  }
  return open;
}

/** The TRUST test collection's index. */
export function realIndex(): Promise<OpenIndex> {
  return fixtureIndex('trust');
}

/** Answering and verifying services on a test collection. */
export async function fixtureServices(name: FixtureCorpus): Promise<Ready> {
  return servicesFor(await fixtureIndex(name));
}

/** The code and message of the AppError a promise rejects with (failing the test if it does not). */
export async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await promise;
  } catch (err) {
    assert.ok(isAppError(err), `an AppError, not ${String(err)}`);
    return { code: err.code, message: err.message };
  }
  assert.fail('expected the promise to be rejected');
}

/**
 * Runs `body` in a new worker thread (with TypeScript loaded and `src(path)` importing a
 * project module by its path under src/) and returns the object it ends with; a thrown
 * error comes back as `{ error }`.
 */
export async function inWorkerThread<T extends object>(body: string, workerData?: unknown): Promise<T & { error?: string }> {
  const src = new URL('../src/', import.meta.url).href;
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    const src = (path) => import(${JSON.stringify(src)} + path);
    (async () => {
      const { register } = await import('tsx/esm/api');
      register();
      ${body}
    })().then((result) => parentPort.postMessage(result), (err) => parentPort.postMessage({ error: String(err) }));`;
  const worker = new Worker(code, { eval: true, workerData });
  try {
    return await new Promise((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
    });
  } finally {
    await worker.terminate();
  }
}
