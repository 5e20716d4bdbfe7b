import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, open, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { dot, normalize, type Embedder } from '../../src/embed/embedder.js';
import { EmbeddingCache } from '../../src/embed/embedding-cache.js';
import { createUseEmbedder } from '../../src/embed/use-embedder.js';
import type { Logger } from '../../src/log.js';
import { tempDir } from '../helpers.js';
import { counting } from './counting-embedder.js';


function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return { warnings, info() {}, warn: (m) => warnings.push(m) };
}

// The block layout documented in embedding-cache.ts, for the 512 dimensions of the USE embedder.
const HEADER = 64;
const ENTRY = 16 + 512 * 4;
const blockBytes = (vectors: number) => HEADER + vectors * ENTRY;

const texts = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix} sentence number ${i} about tide pools and crabs.`);

async function cacheFile(dir: string): Promise<string> {
  return join(dir, (await readdir(dir)).find((f) => f.endsWith('.vectors'))!);
}

describe('the embedding cache', async () => {
  const inner = await createUseEmbedder();
  after(() => inner.dispose?.());
  /** Checkpoint after every batch, so that each batch is one block on disk. */
  const everyBatch = { checkpointSeconds: 0 };

  it('embeds only texts it has not seen, across saves and loads', async () => {
    const dir = await tempDir();
    const embedder = counting(inner);
    const first = await EmbeddingCache.load(dir, embedder.id, embedder.dimension);
    const a = await first.embedAll(embedder, ['india trust', 'space mission', 'india trust']);
    assert.equal(a.computed, 2);
    assert.equal(embedder.calls, 2);
    await first.save();

    const second = await EmbeddingCache.load(dir, embedder.id, embedder.dimension);
    const b = await second.embedAll(embedder, ['space mission', 'trade tariffs']);
    assert.equal(b.computed, 1);
    assert.equal(embedder.calls, 3);
    assert.deepEqual(b.vectors[0], a.vectors[1]);
  });

  it('reports progress over the texts that need the model, in even batches', async () => {
    const dir = await tempDir();
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension);
    const seen: Array<[number, number]> = [];
    await cache.embedAll(inner, ['a', 'b', 'c', 'd', 'e'], (done, total) => seen.push([done, total]), 2);
    assert.deepEqual(seen, [[0, 5], [3, 5], [5, 5]]);
  });

  it('keeps a separate cache per embedder, so vectors never mix', async () => {
    const dir = await tempDir();
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension);
    await cache.embedAll(inner, ['x']);
    await cache.save();
    assert.equal((await EmbeddingCache.load(dir, 'another-model', inner.dimension)).size, 0);
  });

  it('checkpoints new vectors while it embeds, appending a block each time rather than rewriting the file', async () => {
    const dir = await tempDir();
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension, everyBatch);
    const sizes: number[] = [];
    let before = Buffer.alloc(0);
    const file = join(dir, 'use-lite-512.vectors');
    await cache.embedAll(inner, texts('checkpoint', 6), (done) => {
      if (done === 0) return;
      const now = readFileSync(file);
      // Whatever was on disk stays byte for byte: checkpoints only append.
      assert.ok(now.subarray(0, before.length).equals(before));
      before = now;
      sizes.push(now.length);
    }, 2);
    assert.deepEqual(sizes, [blockBytes(2), blockBytes(2) * 2, blockBytes(2) * 3]);
    // Nothing was saved, yet another process finds every vector.
    assert.equal((await EmbeddingCache.load(dir, inner.id, inner.dimension)).size, 6);
  });

  it('keeps what it embedded before the model failed', async () => {
    const dir = await tempDir();
    let batches = 0;
    const failingSecond: Embedder = {
      id: inner.id,
      dimension: inner.dimension,
      embed: (list) => (++batches === 2 ? Promise.reject(new Error('model crashed')) : inner.embed(list)),
    };
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension);
    await assert.rejects(cache.embedAll(failingSecond, texts('failure', 4), undefined, 2), /model crashed/);
    const embedder = counting(inner);
    const again = await EmbeddingCache.load(dir, inner.id, inner.dimension);
    await again.embedAll(embedder, texts('failure', 4));
    assert.equal(embedder.calls, 2, 'only the batch that failed is embedded again');
  });

  it('refuses non-finite vectors from the model and caches none of them', async () => {
    const dir = await tempDir();
    const broken: Embedder = {
      id: inner.id,
      dimension: inner.dimension,
      embed: async (list) => (await inner.embed(list)).map((v, i) => (i === 0 ? v.map(() => Number.NaN) : v)),
    };
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension);
    await assert.rejects(cache.embedAll(broken, ['one', 'two']), /non-finite/);
    assert.equal(cache.size, 0);
  });

  it('drops only the blocks that zeroed bytes touch, says which, and embeds just their texts again', async () => {
    const dir = await tempDir();
    const all = texts('zeroed', 8);
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension, everyBatch);
    const original = await cache.embedAll(inner, all, undefined, 2);
    const file = await cacheFile(dir);
    const size = (await stat(file)).size;
    // Zero 100 bytes inside the second block, leaving the file's size as it was.
    const handle = await open(file, 'r+');
    await handle.write(Buffer.alloc(100), 0, 100, blockBytes(2) + 1000);
    await handle.close();
    assert.equal((await stat(file)).size, size);

    const logger = recordingLogger();
    const reloaded = await EmbeddingCache.load(dir, inner.id, inner.dimension, { logger });
    assert.equal(reloaded.size, 6);
    assert.equal(logger.warnings.length, 1);
    assert.match(logger.warnings[0]!, /dropped a block of 2 vectors that fails its checksum at byte 4192/);
    const embedder = counting(inner);
    const again = await reloaded.embedAll(embedder, all);
    assert.equal(embedder.calls, 2);
    again.vectors.forEach((v, i) => assert.ok(cosine(v, original.vectors[i]!) > 0.9999, `vector ${i} is the text's own`));
    // The damaged file is replaced at the next save, and loads cleanly afterwards.
    await reloaded.save();
    const clean = recordingLogger();
    assert.equal((await EmbeddingCache.load(dir, inner.id, inner.dimension, { logger: clean })).size, 8);
    assert.deepEqual(clean.warnings, []);
  });

  it('detects a whole block zeroed, a flipped byte and a truncated end', async () => {
    const dir = await tempDir();
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension, everyBatch);
    await cache.embedAll(inner, texts('damage', 8), undefined, 2);
    const file = await cacheFile(dir);
    const data = await readFile(file);
    data.fill(0, 0, blockBytes(2)); // the first block, header included
    const flipped = blockBytes(2) * 2 + HEADER + 16 + 7; // one bit of a float in the third block
    data[flipped] = data[flipped]! ^ 0x01;
    await writeFile(file, data.subarray(0, data.length - 100)); // and the fourth block cut short
    const logger = recordingLogger();
    const reloaded = await EmbeddingCache.load(dir, inner.id, inner.dimension, { logger });
    assert.equal(reloaded.size, 2, 'only the second block survives');
    assert.match(logger.warnings[0]!, /zeroed bytes at byte 0 \(4192 bytes, about 2 vectors\)/);
    assert.match(logger.warnings[0]!, /a block of 2 vectors that fails its checksum at byte 8384/);
    assert.match(logger.warnings[0]!, /a truncated block of 2 vectors at byte 12576/);
  });

  it('drops vectors of the wrong length or with non-finite numbers even when their checksum is right', async () => {
    const dir = await tempDir();
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension, everyBatch);
    await cache.embedAll(inner, texts('nan', 2));
    const file = await cacheFile(dir);
    const data = await readFile(file);
    data.writeFloatLE(Number.NaN, HEADER + 16 + 4 * 10); // the first vector's eleventh number
    const digest = createHash('sha256').update(data.subarray(0, 32)).update(data.subarray(HEADER)).digest();
    digest.copy(data, 32);
    await writeFile(file, data);
    const logger = recordingLogger();
    const reloaded = await EmbeddingCache.load(dir, inner.id, inner.dimension, { logger });
    assert.equal(reloaded.size, 1);
    assert.match(logger.warnings[0]!, /1 vector with non-finite numbers/);
    // The same file read for a model of another dimension yields nothing.
    const other = recordingLogger();
    assert.equal((await EmbeddingCache.load(dir, inner.id, 384, { logger: other })).size, 0);
    assert.match(other.warnings[0]!, /512-dimension vectors \(expected 384\)/);
  });

  it('never fails on a file that is not a cache at all', async () => {
    const dir = await tempDir();
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension);
    await cache.embedAll(inner, ['x']);
    await cache.save();
    await writeFile(await cacheFile(dir), 'this is not a cache');
    const logger = recordingLogger();
    assert.equal((await EmbeddingCache.load(dir, inner.id, inner.dimension, { logger })).size, 0);
    assert.match(logger.warnings[0]!, /unreadable bytes at byte 0/);
  });

  it('goes on without saving when its file cannot be read or written', async () => {
    const dir = await tempDir();
    await mkdir(join(dir, 'use-lite-512.vectors')); // a folder where the file should be
    const logger = recordingLogger();
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension, { ...everyBatch, logger });
    const { computed } = await cache.embedAll(inner, ['still', 'works']);
    await cache.save();
    assert.equal(computed, 2);
    assert.match(logger.warnings[0]!, /cannot read the embedding cache/);
    assert.match(logger.warnings[1]!, /cannot write the embedding cache .*; this build goes on without saving its vectors/);
    assert.equal(logger.warnings.length, 2, 'and says so once');
  });

  it('keeps vectors a later session does not use, up to its cap, dropping the least recently used first', async () => {
    const dir = await tempDir();
    const capped = { maxVectors: 3 };
    const first = await EmbeddingCache.load(dir, inner.id, inner.dimension, capped);
    await first.embedAll(inner, ['alpha', 'bravo', 'charlie']);
    await first.save();
    // A session that uses only alpha keeps bravo and charlie (within the cap) …
    const second = await EmbeddingCache.load(dir, inner.id, inner.dimension, capped);
    await second.embedAll(inner, ['alpha']);
    await second.save();
    // … and one that adds delta drops bravo, now the least recently used, not alpha.
    const third = await EmbeddingCache.load(dir, inner.id, inner.dimension, capped);
    assert.equal(third.size, 3);
    await third.embedAll(inner, ['charlie', 'delta']);
    await third.save();
    const fourth = await EmbeddingCache.load(dir, inner.id, inner.dimension, capped);
    assert.deepEqual(['alpha', 'bravo', 'charlie', 'delta'].map((t) => fourth.has(t)), [true, false, true, true]);
    const embedder = counting(inner);
    await fourth.embedAll(embedder, ['alpha', 'charlie', 'delta']);
    assert.equal(embedder.calls, 0);
  });

  it('never drops vectors the current session uses, even beyond the cap', async () => {
    const dir = await tempDir();
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension, { maxVectors: 1 });
    await cache.embedAll(inner, ['one', 'two', 'three']);
    await cache.save();
    assert.equal((await EmbeddingCache.load(dir, inner.id, inner.dimension)).size, 3);
  });

  it('reads the cache files of the previous version, then replaces them', async () => {
    const dir = await tempDir();
    const [vector] = await inner.embed(['legacy text']);
    await writeFile(join(dir, 'use-lite-512.f32'), new Uint8Array(Float32Array.from(vector!).buffer));
    await writeFile(join(dir, 'use-lite-512.keys.json'), JSON.stringify({ embedderId: inner.id, dimension: 512, keys: [EmbeddingCache.keyOf('legacy text')] }));
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension);
    const embedder = counting(inner);
    await cache.embedAll(embedder, ['legacy text']);
    assert.equal(embedder.calls, 0);
    await cache.save();
    assert.deepEqual(await readdir(dir), ['use-lite-512.vectors']);
    assert.equal((await EmbeddingCache.load(dir, inner.id, inner.dimension)).size, 1);
  });

  it('does not grow without bound when builds only reuse what it holds', async () => {
    const dir = await tempDir();
    for (let round = 0; round < 40; round++) {
      const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension);
      await cache.embedAll(inner, ['steady']);
      await cache.save();
    }
    const size = (await stat(await cacheFile(dir))).size;
    assert.ok(size < blockBytes(1) * 3, `the file (${size} bytes) holds little besides its one vector`);
    assert.equal((await EmbeddingCache.load(dir, inner.id, inner.dimension)).size, 1);
  });
});

const cosine = (a: number[], b: number[]): number => dot(normalize(a), normalize(b));
