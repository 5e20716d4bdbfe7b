import type { HNSWLib } from '@langchain/community/vectorstores/hnswlib';

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
export async function denseSearch(store: HNSWLib, vector: number[], limit: number, docIds?: Set<string>): Promise<DenseMatch[]> {
  const count = store.index.getCurrentCount();
  const k = Math.min(limit * 4, count);
  if (k === 0) return [];
  const filter = docIds ? (doc: { metadata: Record<string, unknown> }) => docIds.has(String(doc.metadata.docId)) : undefined;
  const results = await store.similaritySearchVectorWithScore(vector, k, filter as never);
  const best = new Map<string, DenseMatch>();
  for (const [doc, distance] of results) {
    const chunkId = String(doc.metadata.chunkId);
    // hnswlib's cosine space reports distance = 1 − cosine similarity; results come best first.
    if (!best.has(chunkId)) best.set(chunkId, { chunkId, similarity: 1 - distance, sentence: Number(doc.metadata.sentence) });
  }
  return [...best.values()].slice(0, limit);
}
