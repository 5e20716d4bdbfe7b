import type { Embedder } from './embedder.js';

/**
 * Remembers the vectors of recent queries, so that a question asked again (a retry, a
 * popular example, a follow-up searched twice) skips the model. Least recently used
 * first out; a Map keeps insertion order, so re-inserting on use makes it an LRU.
 */
export class QueryVectorCache {
  private readonly vectors = new Map<string, number[]>();

  constructor(
    private readonly embedder: Embedder,
    /** Queries remembered at most. @default 1000 */
    private readonly capacity = 1000,
  ) {}

  async embed(query: string): Promise<number[]> {
    const known = this.vectors.get(query);
    if (known) {
      this.vectors.delete(query);
      this.vectors.set(query, known);
      return known;
    }
    const [vector] = await this.embedder.embed([query]);
    this.vectors.set(query, vector!);
    if (this.vectors.size > this.capacity) this.vectors.delete(this.vectors.keys().next().value!);
    return vector!;
  }

  get size(): number {
    return this.vectors.size;
  }
}
