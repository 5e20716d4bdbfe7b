import assert from 'node:assert/strict';
import { dot, normalize } from '../../src/embed/embedder.js';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, open, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config.js';
import { EmbeddingCache } from '../../src/embed/embedding-cache.js';
import { createUseEmbedder } from '../../src/embed/use-embedder.js';
import { DEFAULT_CHUNKER } from '../../src/ingest/chunk.js';
import type { Logger } from '../../src/log.js';
import { HybridRetriever } from '../../src/retrieve/retriever.js';
import { acquireBuildLock, BUILD_LOCK_NAME } from '../../src/store/build-lock.js';
import { ensureIndex, type IndexOptions } from '../../src/store/build-index.js';
import { CURRENT_FILE, type LoadedIndex } from '../../src/store/index-files.js';
import { counting } from '../embed/counting-embedder.js';
import { tempDir } from '../helpers.js';
import { hutFeature, hutId, writeHutCorpus } from './mountain-huts.js';

/**
 * "Nothing lost": builds that are killed, caches that are damaged, documents that come
 * back, and builders that race, all with real processes, the real model and real files.
 */

const WAITING = /waiting for another process to finish building the index…/;
/** One vector entry of the USE embedder in the cache file: a 16-byte key and 512 floats. */
const ENTRY = 16 + 512 * 4;

function recordingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return { lines, info: (m) => lines.push(m), warn: (m) => lines.push(`warning: ${m}`) };
}

interface Indexer {
  output(): string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  /** Resolves when the process has printed something matching; rejects if it ends first. */
  printed(pattern: RegExp): Promise<void>;
  kill(): void;
}

/** Runs `npm run index` as a user would, in a process of its own. */
function startIndexer(corpusDir: string, indexDir: string, env: Record<string, string> = {}): Indexer {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src', 'cli', 'index-command.ts'), '--corpus', corpusDir, '--index', indexDir], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, DEBUG: '', ...env },
  });
  let stdout = '';
  let stderr = '';
  const watchers: Array<() => void> = [];
  const changed = () => watchers.splice(0).forEach((w) => w());
  child.stdout.on('data', (d) => ((stdout += d), changed()));
  child.stderr.on('data', (d) => ((stderr += d), changed()));
  let ended = false;
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    child.on('close', (code, signal) => {
      ended = true;
      changed();
      resolve({ code, signal, stdout, stderr });
    }),
  );
  return {
    output: () => stdout + stderr,
    exit,
    async printed(pattern) {
      while (!pattern.test(stdout + stderr)) {
        if (ended) throw new Error(`the indexer ended without printing ${pattern}:\n${stdout}${stderr}`);
        await new Promise<void>((r) => watchers.push(r));
      }
    },
    kill: () => child.kill('SIGKILL'),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cosine = (a: number[], b: number[]): number => dot(normalize(a), normalize(b));

describe('nothing lost', { timeout: 300_000 }, async () => {
  const use = await createUseEmbedder();
  after(() => use.dispose?.());
  const corpusDir = await tempDir('trust-rag-huts-');
  await writeHutCorpus(corpusDir);
  // A smaller training sample than the command line's keeps these builds quick; what is
  // embedded for it is cached like everything else.
  const training = { sentences: 8, claimSentences: 8, givenSentences: 40, cards: 4, negativesPerQuery: 6 };
  const options = (indexDir: string, extra: Partial<IndexOptions> = {}): IndexOptions => ({ corpusDir, indexDir, embedder: use, chunker: DEFAULT_CHUNKER, training, ...extra });
  const cacheOf = (indexDir: string, logger?: Logger) => EmbeddingCache.load(join(indexDir, 'cache'), use.id, use.dimension, logger ? { logger } : {});

  /** A complete index of the huts: the first test leaves it behind, else it is built when first asked for. */
  const builtDir = await tempDir('trust-rag-huts-index-');
  async function copyOfBuiltIndex(): Promise<string> {
    if (!existsSync(join(builtDir, CURRENT_FILE))) await ensureIndex(options(builtDir, { build: { lockStaleSeconds: 2 } }));
    const copy = await tempDir('trust-rag-huts-index-');
    await cp(builtDir, copy, { recursive: true });
    return copy;
  }

  it('keeps the vectors a killed build had checkpointed, and the next build embeds only the rest', async () => {
    const indexDir = builtDir;
    const file = join(indexDir, 'cache', 'use-lite-512.vectors');
    // Checkpoint after every batch, and let the next builder take the dead one's lock over soon.
    const indexer = startIndexer(corpusDir, indexDir, { CACHE_CHECKPOINT_SECONDS: '0', BUILD_LOCK_STALE_SECONDS: '2' });
    let ended = false;
    void indexer.exit.then(() => (ended = true));
    // Kill it as soon as its first checkpoint, a whole block of 64 vectors, is on disk.
    while (!ended && ((await stat(file).catch(() => undefined))?.size ?? 0) < 64 + 64 * ENTRY) await sleep(20);
    indexer.kill();
    const { signal } = await indexer.exit;
    assert.equal(signal, 'SIGKILL', `the builder should still have been working:\n${indexer.output()}`);
    assert.equal(existsSync(join(indexDir, CURRENT_FILE)), false, 'it never finished an index');
    assert.ok(existsSync(join(indexDir, BUILD_LOCK_NAME)), 'and it left its lock behind');

    const checkpointed = (await cacheOf(indexDir)).size;
    assert.ok(checkpointed >= 64, `at least one batch was checkpointed (${checkpointed})`);
    const embedder = counting(use);
    const { report } = await ensureIndex(options(indexDir, { embedder, build: { lockStaleSeconds: 2 } }));
    const cached = (await cacheOf(indexDir)).size;
    assert.equal(embedder.calls, cached - checkpointed, 'no checkpointed vector went through the model again');
    assert.ok(report!.reused >= 64, `the sentences of the checkpointed batch came from the cache (${report!.reused} reused)`);
    assert.equal(report!.reused + report!.embedded, report!.vectors);
    assert.equal(existsSync(join(indexDir, BUILD_LOCK_NAME)), false, 'the lock is given up');
  });

  it('detects zeroed bytes in the cache, embeds only what they destroyed, and answers as before', async () => {
    const indexDir = await copyOfBuiltIndex();
    const before = (await ensureIndex(options(indexDir))).index;
    const total = (await cacheOf(indexDir)).size;
    // Zero one 4 kB disk block in the middle of the cache, its size unchanged.
    const file = join(indexDir, 'cache', 'use-lite-512.vectors');
    const { size } = await stat(file);
    const handle = await open(file, 'r+');
    await handle.write(Buffer.alloc(4096), 0, 4096, Math.floor(size / 2 / 4096) * 4096);
    await handle.close();
    assert.equal((await stat(file)).size, size);

    const seen = recordingLogger();
    const lost = total - (await cacheOf(indexDir, seen)).size;
    assert.ok(lost > 0 && lost <= 128, `one or two blocks of at most 64 vectors are lost (${lost})`);
    assert.match(seen.lines.join('\n'), /warning: embedding cache .* is damaged: dropped a block of \d+ vectors that fails its checksum/);

    const embedder = counting(use);
    const logger = recordingLogger();
    const { index } = await ensureIndex(options(indexDir, { embedder, logger, force: true }));
    assert.ok(logger.lines.some((l) => /is damaged: dropped/.test(l)), 'the build warns');
    assert.equal(embedder.calls, lost, 'exactly the lost vectors are embedded again');
    assertSameVectors(index, before);
    const retriever = new HybridRetriever(index, use);
    for (const i of [0, 13, 29]) {
      const { hits } = await retriever.search(`Which hut is known for ${hutFeature(i)}?`, { k: 3 });
      assert.equal(hits[0]?.docId, hutId(i));
    }
  });

  it('keeps the vectors of removed documents, so putting them back embeds nothing', async () => {
    const indexDir = await copyOfBuiltIndex();
    const corpus = await tempDir('trust-rag-huts-');
    await cp(corpusDir, corpus, { recursive: true });
    const removed = [hutId(5), hutId(6)];
    for (const id of removed) await rm(join(corpus, `${id}.md`));
    const without = await ensureIndex(options(indexDir, { corpusDir: corpus }));
    assert.deepEqual(without.report!.removed.sort(), removed);
    const cache = await cacheOf(indexDir);
    assert.ok(cache.has(`The hut is known for ${hutFeature(5)}.`), 'the removed documents’ vectors are still cached');

    for (const id of removed) await cp(join(corpusDir, `${id}.md`), join(corpus, `${id}.md`));
    const embedder = counting(use);
    const back = await ensureIndex(options(indexDir, { corpusDir: corpus, embedder }));
    assert.deepEqual(back.report!.added.sort(), removed);
    assert.equal(back.report!.embedded, 0);
    assert.equal(embedder.calls, 0, 'not one text went through the model');
  });

  it('serves a current index without the build lock, even while another process holds it', async () => {
    const indexDir = await copyOfBuiltIndex();
    const held = await acquireBuildLock(indexDir);
    try {
      const logger = recordingLogger();
      const { report, index } = await ensureIndex(options(indexDir, { logger }));
      assert.equal(report, undefined);
      assert.ok(index.chunks.length > 0);
      assert.ok(!logger.lines.some((l) => WAITING.test(l)));
    } finally {
      await held.release();
    }
  });

  it('lets exactly one of two builders build; the other waits and loads what it built', async () => {
    const indexDir = await tempDir('trust-rag-huts-index-');
    // The cache of a built index, and a document more: the build has a little to embed.
    await cp(join(await copyOfBuiltIndex(), 'cache'), join(indexDir, 'cache'), { recursive: true });
    const corpus = await tempDir('trust-rag-huts-');
    await cp(corpusDir, corpus, { recursive: true });
    await writeFile(join(corpus, 'lynx-hut.md'), '# Lynx Hut\n\nLynx Hut is the newest hut on the glacier trail.\nIt was built in a single summer by volunteers.\n');
    // Hold the lock while both start, so that both find it taken.
    const held = await acquireBuildLock(indexDir);
    const builders = [startIndexer(corpus, indexDir), startIndexer(corpus, indexDir)];
    try {
      await Promise.all(builders.map((b) => b.printed(WAITING)));
    } finally {
      await held.release();
    }
    const results = await Promise.all(builders.map((b) => b.exit));
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    const built = results.filter((r) => /Indexed 37 documents/.test(r.stdout));
    const loaded = results.filter((r) => /Index is up to date: 37 documents/.test(r.stdout));
    assert.equal(built.length, 1, results.map((r) => r.stdout).join('\n---\n'));
    assert.equal(loaded.length, 1);
    assert.ok(Number(/embedded (\d+) sentence/.exec(built[0]!.stdout)?.[1]) > 0, 'the builder embedded the new document');
    assert.match(loaded[0]!.stderr, /another process has just built the index; using it/);
    assert.doesNotMatch(loaded[0]!.stderr, /building index/);
  });
});

/** Every sentence vector of `index` is the one `reference` holds for the same sentence. */
function assertSameVectors(index: LoadedIndex, reference: LoadedIndex): void {
  let compared = 0;
  for (const chunk of index.chunks) {
    for (let i = chunk.sentences.length === 0 ? -1 : 0; i < Math.max(chunk.sentences.length, 0); i++) {
      const a = index.sentenceVector(chunk.id, i);
      const b = reference.sentenceVector(chunk.id, i);
      assert.ok(a && b, `${chunk.id}#${i} has a vector`);
      assert.ok(cosine(a, b) > 0.999, `${chunk.id}#${i} has its own vector back`);
      compared++;
    }
  }
  assert.equal(compared, index.manifest.vectorCount);
}
