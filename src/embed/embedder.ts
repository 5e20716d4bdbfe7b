/**
 * Turns texts into vectors. One implementation per model family; the rest of the
 * system only sees this interface, so a new model is one new file.
 */
export interface Embedder {
  /** Names the model and its settings; an index records it and is never mixed across ids. */
  readonly id: string;
  /** Length of every vector this embedder returns. */
  readonly dimension: number;
  /** One unit-length vector per text, in order. */
  embed(texts: string[]): Promise<number[][]>;
  /** Jobs waiting for a worker thread, for the metrics; absent when there are no workers. */
  queueDepth?(): number;
  /** Frees native resources; the embedder is unusable afterwards. */
  dispose?(): Promise<void>;
}

/** Scales a vector to unit length, so that dot product equals cosine similarity. */
export function normalize(vector: ArrayLike<number>): number[] {
  let sum = 0;
  for (let i = 0; i < vector.length; i++) sum += vector[i]! * vector[i]!;
  const norm = Math.sqrt(sum) || 1;
  return Array.from(vector, (v) => v / norm);
}

/** Cosine similarity of two unit-length vectors. */
export function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}
