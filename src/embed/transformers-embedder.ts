import { AppError, messageOf } from '../errors.js';
import type { Embedder } from './embedder.js';
import { normalize } from './embedder.js';
import { connectOnnxHost, type HostedInfo, type OnnxHostClient } from './onnx-host.js';

/** Where and how a transformers.js model is found. */
export interface TransformersOptions {
  /** Model id, e.g. `Xenova/all-MiniLM-L6-v2`: a folder under `modelsDir`, or a hub id. */
  model: string;
  /** Folder holding local models as `<modelsDir>/<model>/{config.json,tokenizer.json,onnx/model.onnx}`. */
  modelsDir: string;
  /** Allow downloading from the Hugging Face hub when the model is not local. @default false */
  allowRemote?: boolean;
  /** Weight type to load (`fp32` loads `onnx/model.onnx`, `q8` loads `onnx/model_quantized.onnx`). @default 'fp32' */
  dtype?: 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4';
  /** Texts per forward pass. @default 16 */
  batchSize?: number;
}

/**
 * A sentence embedder on transformers.js: feature extraction with mean pooling over the
 * attention mask, normalised to unit length. Runs in-process on onnxruntime-node.
 */
export async function createTransformersEmbedder(options: TransformersOptions): Promise<Embedder> {
  const { model, modelsDir, allowRemote = false, dtype = 'fp32', batchSize = 16 } = options;
  // Loaded lazily: onnxruntime is large and the default embedder does not need it.
  const transformers = await import('@huggingface/transformers');
  transformers.env.localModelPath = modelsDir.endsWith('/') ? modelsDir : `${modelsDir}/`;
  transformers.env.allowLocalModels = true;
  transformers.env.allowRemoteModels = allowRemote;

  // The pipeline's own type is a union too large for the compiler; this is the part used.
  type Extractor = {
    (texts: string[], options: { pooling: 'mean'; normalize: boolean }): Promise<{ tolist(): unknown }>;
    dispose(): Promise<void>;
  };
  let extractor: Extractor;
  try {
    const load = transformers.pipeline as unknown as (task: string, model: string, options: object) => Promise<Extractor>;
    extractor = await load('feature-extraction', model, { dtype, local_files_only: !allowRemote });
  } catch (err) {
    const where = allowRemote ? `${modelsDir} or the Hugging Face hub` : `${modelsDir} (remote models are disabled)`;
    throw new AppError('EMBEDDER_LOAD_FAILED', `Could not load transformers.js model "${model}" from ${where}: ${messageOf(err)}`, { cause: err });
  }

  const run = async (texts: string[]): Promise<number[][]> => {
    const output = await extractor(texts, { pooling: 'mean', normalize: true });
    return (output.tolist() as number[][]).map((v) => normalize(v));
  };
  const probe = await run(['dimension probe']);
  const dimension = probe[0]?.length ?? 0;
  if (dimension === 0) throw new AppError('EMBEDDER_LOAD_FAILED', `Model "${model}" returned an empty embedding`);

  return {
    id: `transformers:${model}:${dtype}`,
    dimension,
    async embed(texts) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) out.push(...(await run(texts.slice(i, i + batchSize))));
      return out;
    },
    async dispose() {
      await extractor.dispose();
    },
  };
}

/**
 * The same model, run on the process's onnxruntime host thread (onnx-host.ts): answer
 * workers, the indexing thread and the server's own thread all embed through it, because
 * onnxruntime-node aborts the process when a second thread runs a model. A worker thread
 * started before the host has none to use, and fails to load rather than crash later.
 */
export async function createHostedTransformersEmbedder(options: TransformersOptions): Promise<Embedder> {
  const { model, modelsDir, allowRemote = false, dtype, batchSize = 16 } = options;
  let host: OnnxHostClient;
  let info: HostedInfo;
  try {
    host = await connectOnnxHost({ kind: 'transformers', model, modelsDir, allowRemote, ...(dtype ? { dtype } : {}) });
    info = await host.info();
  } catch (err) {
    throw new AppError('EMBEDDER_LOAD_FAILED', messageOf(err).startsWith('Could not load') ? messageOf(err) : `Could not load transformers.js model "${model}": ${messageOf(err)}`, { cause: err });
  }
  return {
    ...info,
    async embed(texts) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += batchSize) out.push(...(await host.embed(texts.slice(i, i + batchSize))).map((v) => Array.from(v)));
      return out;
    },
    async dispose() {
      await host.close();
    },
  };
}
