import { AppError } from '../errors.js';
import type { Embedder } from './embedder.js';
import { createTransformersEmbedder } from './transformers-embedder.js';
import { createUseEmbedder } from './use-embedder.js';

/** What the configuration says about the embedding model. */
export interface EmbedderConfig {
  /** `use` (the bundled Universal Sentence Encoder) or `transformers:<model id>`. */
  spec: string;
  /** Folder of local transformers.js models. */
  modelsDir: string;
  /** Allow the transformers.js embedder to download from the hub. */
  allowRemoteModels: boolean;
}

/** Builds the embedder a configuration names. */
export async function createEmbedder(config: EmbedderConfig): Promise<Embedder> {
  const spec = config.spec.trim();
  if (spec === 'use' || spec === 'use-lite-512') return createUseEmbedder();
  if (spec.startsWith('transformers:')) {
    const model = spec.slice('transformers:'.length).trim();
    if (model === '') throw new AppError('EMBEDDER_UNKNOWN', 'transformers: needs a model id, e.g. transformers:Xenova/all-MiniLM-L6-v2');
    return createTransformersEmbedder({ model, modelsDir: config.modelsDir, allowRemote: config.allowRemoteModels });
  }
  throw new AppError('EMBEDDER_UNKNOWN', `Unknown embedder "${spec}": use "use" or "transformers:<model id>"`);
}
