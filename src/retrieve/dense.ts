import type { SentenceVectors } from '../store/sentence-vectors.js';

/** One dense match: a chunk, its best sentence, and that sentence's cosine similarity to the query. */
export interface DenseMatch {
  chunkId: string;
  similarity: number;
  /** Index into the chunk's sentences of its best-matching sentence (-1: whole chunk). */
  sentence: number;
}

/**
 * Nearest chunks to a query vector. The HNSW graph holds sentence vectors, so it is
 * asked for several sentences per wanted chunk, and each chunk keeps its best one.
 */
export function denseSearch(vectors: SentenceVectors, query: number[], limit: number, docIds?: Set<string>): DenseMatch[] {
  const matches = vectors.nearest(query, limit * 4, docIds ? (entry) => docIds.has(entry.docId) : undefined);
  const best = new Map<string, DenseMatch>();
  // Matches come best first, so a chunk's first match is its best sentence.
  for (const { entry, similarity } of matches) {
    if (!best.has(entry.chunkId)) best.set(entry.chunkId, { chunkId: entry.chunkId, similarity, sentence: entry.sentence });
  }
  return [...best.values()].slice(0, limit);
}
