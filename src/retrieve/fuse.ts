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
  /** A weight per item, multiplying the list's weight (for example from the item's own score). */
  itemWeights?: number[];
}

export function reciprocalRankFusion(lists: RankedList[], k = RRF_K): Map<string, number> {
  const scores = new Map<string, number>();
  for (const { ids, weight = 1, itemWeights } of lists) {
    ids.forEach((id, rank) => scores.set(id, (scores.get(id) ?? 0) + (weight * (itemWeights?.[rank] ?? 1)) / (k + rank + 1)));
  }
  return scores;
}

/**
 * Item weights from scores, relative to the best: 0.5 + score / top score, from 0.5 to 1.5.
 * Plain rank fusion treats a BM25 score ten times the runner-up's like any first place,
 * and passages ranked middling by both lists can then outvote it; this keeps rank fusion's
 * robustness while letting a decisive match count for more.
 */
export function relativeScoreWeights(scores: number[]): number[] {
  const top = scores[0] ?? 0;
  return scores.map((s) => (top > 0 ? 0.5 + s / top : 1));
}
