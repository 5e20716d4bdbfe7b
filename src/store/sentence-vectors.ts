import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import hnswlib from 'hnswlib-node';
import { writeFileAtomic } from './atomic-write.js';

/** What a vector in the graph stands for: sentence `sentence` of a chunk (-1: the whole chunk). */
export interface VectorEntry {
  chunkId: string;
  docId: string;
  sentence: number;
}

/** A vector found near a query, with its cosine similarity. */
export interface VectorMatch {
  entry: VectorEntry;
  similarity: number;
}

/** The files a set of sentence vectors is saved as, inside a generation's folder. */
export const SENTENCE_VECTOR_FILES = ['vectors.hnsw', 'vectors.json'] as const;

/**
 * The sentence vectors of an index, in an hnswlib-node HNSW graph whose labels are
 * positions in `entries`. Owned here rather than through LangChain's HNSWLib store:
 * that store keeps its label-to-document map in a private field, and its package
 * requires peers that conflict with the rest of the tree. What the index needs is
 * small: build, save, load, nearest neighbours with a filter, and a vector by label.
 */
export class SentenceVectors {
  private readonly labels = new Map<string, number>();

  private constructor(
    private readonly graph: hnswlib.HierarchicalNSW,
    readonly entries: readonly VectorEntry[],
    readonly dimension: number,
  ) {
    entries.forEach((e, label) => this.labels.set(keyOf(e.chunkId, e.sentence), label));
  }

  /** A graph over these vectors; `entries[i]` describes `vectors[i]`. */
  static build(vectors: number[][], entries: VectorEntry[], dimension: number): SentenceVectors {
    if (vectors.length !== entries.length) throw new Error(`${vectors.length} vectors for ${entries.length} entries`);
    const graph = new hnswlib.HierarchicalNSW('cosine', dimension);
    // hnswlib cannot make a graph of capacity 0; an empty one simply finds nothing.
    graph.initIndex(Math.max(1, vectors.length));
    vectors.forEach((v, label) => {
      if (v.length !== dimension) throw new Error(`vector ${label} has ${v.length} dimensions, not ${dimension}`);
      graph.addPoint(v, label);
    });
    return new SentenceVectors(graph, entries, dimension);
  }

  static async load(dir: string, dimension: number): Promise<SentenceVectors> {
    const graph = new hnswlib.HierarchicalNSW('cosine', dimension);
    const [entries] = await Promise.all([readFile(join(dir, 'vectors.json'), 'utf8').then((t) => JSON.parse(t) as VectorEntry[]), graph.readIndex(join(dir, 'vectors.hnsw'))]);
    if (graph.getCurrentCount() !== entries.length) throw new Error(`the graph holds ${graph.getCurrentCount()} vectors for ${entries.length} entries`);
    return new SentenceVectors(graph, entries, dimension);
  }

  async save(dir: string): Promise<void> {
    await Promise.all([this.graph.writeIndex(join(dir, 'vectors.hnsw')), writeFileAtomic(join(dir, 'vectors.json'), JSON.stringify(this.entries))]);
  }

  get count(): number {
    return this.entries.length;
  }

  /** Candidates examined per search: higher is more exact and slower. */
  setEf(ef: number): void {
    this.graph.setEf(ef);
  }

  /** The stored vector of sentence `sentence` of a chunk. */
  vectorOf(chunkId: string, sentence: number): number[] | undefined {
    const label = this.labels.get(keyOf(chunkId, sentence));
    return label === undefined ? undefined : this.graph.getPoint(label);
  }

  /** The `k` vectors nearest a query, best first, among those `accept` lets through. */
  nearest(query: number[], k: number, accept?: (entry: VectorEntry) => boolean): VectorMatch[] {
    const wanted = Math.min(k, this.count);
    if (wanted <= 0) return [];
    const { neighbors, distances } = this.graph.searchKnn(query, wanted, accept ? (label) => accept(this.entries[label]!) : undefined);
    // The cosine space reports distance = 1 − cosine similarity.
    return neighbors.map((label, i) => ({ entry: this.entries[label]!, similarity: 1 - distances[i]! }));
  }
}

const keyOf = (chunkId: string, sentence: number) => `${chunkId}#${sentence}`;
