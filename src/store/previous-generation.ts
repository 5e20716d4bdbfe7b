import { AppError } from '../errors.js';
import type { Embedder } from '../embed/embedder.js';
import { HNSW_EF_SEARCH } from './build-index.js';
import { loadGeneration, type LoadedIndex } from './index-files.js';

/**
 * The generation the index folder names as current, whatever the corpus now holds: what
 * a server keeps serving when the index cannot be rebuilt (the corpus is gone, the folder
 * is read-only, a document cannot be read). Only if it was built with the same embedder,
 * since vectors of another model cannot be compared with this one's queries.
 */
export async function loadPreviousGeneration(indexDir: string, embedder: Embedder): Promise<LoadedIndex> {
  const index = await loadGeneration(indexDir);
  if (index.manifest.embedder.id !== embedder.id) {
    throw new AppError('INDEX_EMBEDDER_MISMATCH', `The previous index was built with embedder ${index.manifest.embedder.id}, not ${embedder.id}`);
  }
  index.vectors.setEf(HNSW_EF_SEARCH);
  return index;
}
