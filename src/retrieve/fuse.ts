/**
 * Reciprocal rank fusion: each ranked list adds weight / (k + rank) to an item's score.
 * It needs no score calibration between BM25 and cosine similarity, and an item ranked
 * first by either list stays near the top even when the other list misses it.
 */
export const RRF_K = 60;

export interface RankedList {
  ids: string[];
  /** @default 1 */
  weight?: number;
}

export function reciprocalRankFusion(lists: RankedList[], k = RRF_K): Map<string, number> {
  const scores = new Map<string, number>();
  for (const { ids, weight = 1 } of lists) {
    ids.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + weight / (k + rank + 1)));
  }
  return scores;
}
