import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../errors.js';
import { sha256 } from '../hash.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import type { Embedder } from './embedder.js';

/** Called as embedding work progresses: `done` of `total` texts that needed the model. */
export type ProgressFn = (done: number, total: number) => void;

/**
 * Vectors keyed by (embedder id, text hash), kept on disk between builds, so that
 * re-indexing unchanged text costs nothing and an edited document only pays for the
 * chunks that changed. Each embedder has its own files, so vectors never mix.
 */
export class EmbeddingCache {
  private readonly vectors = new Map<string, Float32Array>();

  constructor(
    readonly embedderId: string,
    readonly dimension: number,
  ) {}

  get size(): number {
    return this.vectors.size;
  }

  static keyOf(text: string): string {
    return sha256(text).slice(0, 32);
  }

  private static fileBase(dir: string, embedderId: string): string {
    return join(dir, embedderId.replace(/[^A-Za-z0-9._-]+/g, '_'));
  }

  /** Loads the cache for an embedder; a missing or damaged cache is an empty one. */
  static async load(dir: string, embedderId: string, dimension: number, logger: Logger = silentLogger): Promise<EmbeddingCache> {
    const cache = new EmbeddingCache(embedderId, dimension);
    const base = EmbeddingCache.fileBase(dir, embedderId);
    let keysRaw: string;
    let data: Buffer;
    try {
      [keysRaw, data] = await Promise.all([readFile(`${base}.keys.json`, 'utf8'), readFile(`${base}.f32`)]);
    } catch {
      return cache;
    }
    try {
      const header = JSON.parse(keysRaw) as { embedderId: string; dimension: number; keys: string[] };
      const expectedBytes = header.keys.length * dimension * 4;
      if (header.embedderId !== embedderId || header.dimension !== dimension || data.byteLength !== expectedBytes) {
        throw new Error('header does not match the data');
      }
      const floats = new Float32Array(data.buffer, data.byteOffset, data.byteLength / 4);
      header.keys.forEach((key, i) => cache.vectors.set(key, floats.slice(i * dimension, (i + 1) * dimension)));
    } catch (err) {
      logger.warn(`ignoring damaged embedding cache ${base}: ${(err as Error).message}`);
      cache.vectors.clear();
    }
    return cache;
  }

  /** Saves the vectors whose keys are in `keep` (all when omitted), atomically. */
  async save(dir: string, keep?: Set<string>): Promise<void> {
    await mkdir(dir, { recursive: true });
    const keys = [...this.vectors.keys()].filter((k) => !keep || keep.has(k));
    const floats = new Float32Array(keys.length * this.dimension);
    keys.forEach((key, i) => floats.set(this.vectors.get(key)!, i * this.dimension));
    const base = EmbeddingCache.fileBase(dir, this.embedderId);
    // Data first, then the header that vouches for it: a crash between the two leaves
    // a size mismatch, which load() detects and treats as an empty cache.
    await writeFileAtomic(`${base}.f32`, new Uint8Array(floats.buffer));
    await writeFileAtomic(`${base}.keys.json`, JSON.stringify({ embedderId: this.embedderId, dimension: this.dimension, keys }));
  }

  /**
   * Vectors for `texts`, computing only the ones not cached yet.
   * Returns how many texts had to be embedded.
   */
  async embedAll(embedder: Embedder, texts: string[], onProgress?: ProgressFn, batchSize = 128): Promise<{ vectors: number[][]; computed: number }> {
    const keys = texts.map(EmbeddingCache.keyOf);
    const missing = [...new Set(keys.filter((k) => !this.vectors.has(k)))];
    const textOf = new Map(keys.map((k, i) => [k, texts[i]!]));
    onProgress?.(0, missing.length);
    for (let i = 0; i < missing.length; i += batchSize) {
      const batch = missing.slice(i, i + batchSize);
      const vectors = await embedder.embed(batch.map((k) => textOf.get(k)!));
      if (vectors.length !== batch.length || vectors.some((v) => v.length !== this.dimension)) {
        throw new AppError('EMBEDDING_FAILED', `${embedder.id} returned vectors of the wrong count or length (expected ${batch.length} × ${this.dimension})`);
      }
      batch.forEach((k, j) => this.vectors.set(k, Float32Array.from(vectors[j]!)));
      onProgress?.(Math.min(i + batchSize, missing.length), missing.length);
    }
    return { vectors: keys.map((k) => Array.from(this.vectors.get(k)!)), computed: missing.length };
  }
}
