import assert from 'node:assert/strict';
import { readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { Embedder } from '../../src/embed/embedder.js';
import { EmbeddingCache } from '../../src/embed/embedding-cache.js';
import { createTransformersEmbedder } from '../../src/embed/transformers-embedder.js';
import { writeTinyModel } from '../fixtures/tiny-model.js';
import { tempDir } from '../helpers.js';

/** Wraps a real embedder and counts the texts that reach it. */
function counting(inner: Embedder): Embedder & { calls: number } {
  const wrapper = {
    id: inner.id,
    dimension: inner.dimension,
    calls: 0,
    async embed(texts: string[]) {
      wrapper.calls += texts.length;
      return inner.embed(texts);
    },
  };
  return wrapper;
}

describe('the embedding cache', async () => {
  const modelsDir = await tempDir('trust-rag-models-');
  const inner = await createTransformersEmbedder({ model: await writeTinyModel(modelsDir), modelsDir });

  it('embeds only texts it has not seen, across saves and loads', async () => {
    const dir = await tempDir();
    const embedder = counting(inner);
    const first = await EmbeddingCache.load(dir, embedder.id, embedder.dimension);
    const a = await first.embedAll(embedder, ['india trust', 'space mission', 'india trust']);
    assert.equal(a.computed, 2);
    assert.equal(embedder.calls, 2);
    await first.save(dir);

    const second = await EmbeddingCache.load(dir, embedder.id, embedder.dimension);
    const b = await second.embedAll(embedder, ['space mission', 'trade tariffs']);
    assert.equal(b.computed, 1);
    assert.equal(embedder.calls, 3);
    assert.deepEqual(b.vectors[0], a.vectors[1]);
  });

  it('reports progress over the texts that need the model', async () => {
    const dir = await tempDir();
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension);
    const seen: Array<[number, number]> = [];
    await cache.embedAll(inner, ['a', 'b', 'c', 'd', 'e'], (done, total) => seen.push([done, total]), 2);
    assert.deepEqual(seen, [[0, 5], [2, 5], [4, 5], [5, 5]]);
  });

  it('keeps only the vectors it is told to keep when saving', async () => {
    const dir = await tempDir();
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension);
    await cache.embedAll(inner, ['keep me', 'drop me']);
    await cache.save(dir, new Set([EmbeddingCache.keyOf('keep me')]));
    assert.equal((await EmbeddingCache.load(dir, inner.id, inner.dimension)).size, 1);
  });

  it('keeps a separate cache per embedder, so vectors never mix', async () => {
    const dir = await tempDir();
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension);
    await cache.embedAll(inner, ['x']);
    await cache.save(dir);
    assert.equal((await EmbeddingCache.load(dir, 'another-model', inner.dimension)).size, 0);
  });

  it('treats a damaged cache as empty, with a warning', async () => {
    const dir = await tempDir();
    const cache = await EmbeddingCache.load(dir, inner.id, inner.dimension);
    await cache.embedAll(inner, ['x', 'y']);
    await cache.save(dir);
    const data = (await readdir(dir)).find((f) => f.endsWith('.f32'))!;
    await writeFile(join(dir, data), Buffer.alloc(10));
    const warnings: string[] = [];
    const reloaded = await EmbeddingCache.load(dir, inner.id, inner.dimension, { info() {}, warn: (m) => warnings.push(m) });
    assert.equal(reloaded.size, 0);
    assert.equal(warnings.length, 1);
  });
});
