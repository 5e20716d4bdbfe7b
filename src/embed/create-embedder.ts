import { AppError } from '../errors.js';
import type { Embedder } from './embedder.js';
import { createHostedTransformersEmbedder } from './transformers-embedder.js';
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

/** Throws EMBEDDER_UNKNOWN for a spec no embedder answers to, before any model is loaded. */
export function checkEmbedderSpec(spec: string): void {
  const s = spec.trim();
  if (s === 'use' || s === 'use-lite-512') return;
  if (s.startsWith('transformers:')) {
    if (s.slice('transformers:'.length).trim() === '') throw new AppError('EMBEDDER_UNKNOWN', 'transformers: needs a model id, e.g. transformers:Xenova/all-MiniLM-L6-v2');
    return;
  }
  throw new AppError('EMBEDDER_UNKNOWN', `Unknown embedder "${s}": use "use" or "transformers:<model id>"`);
}

/** Builds the embedder a configuration names. */
export async function createEmbedder(config: EmbedderConfig): Promise<Embedder> {
  const spec = config.spec.trim();
  checkEmbedderSpec(spec);
  if (spec === 'use' || spec === 'use-lite-512') return createUseEmbedder();
  const model = spec.slice('transformers:'.length).trim();
  return createHostedTransformersEmbedder({ model, modelsDir: config.modelsDir, allowRemote: config.allowRemoteModels });
}
