import type { Embedder } from '../embed/embedder.js';
import { QueryVectorCache } from '../embed/query-cache.js';
import { AppError } from '../errors.js';
import type { LoadedIndex } from '../store/index-files.js';
import type { Chunk, Hit, SearchOptions, SearchTimings } from '../types.js';
import { denseSearch } from './dense.js';
import { reciprocalRankFusion, relativeScoreWeights } from './fuse.js';

/**
 * Fusion constant: lower than the customary 60 so that a passage ranked first by one
 * retriever is not outvoted by passages both retrievers rank middling.
 */
const RRF_K = 30;
import { LexicalIndex } from './lexical.js';

export const DEFAULT_K = 5;

/** A chunk as a search hit. */
export function hitOf(index: LoadedIndex, chunk: Chunk, score: number): Hit {
  const title = index.docs.get(chunk.docId)?.meta.title ?? chunk.docId;
  return { chunkId: chunk.id, docId: chunk.docId, title, text: chunk.text, start: chunk.start, end: chunk.end, headingPath: chunk.headingPath, sentences: chunk.sentences, score };
}
export const MAX_K = 50;

/** Finds the passages that best match a question. */
export interface Retriever {
  search(query: string, options?: SearchOptions): Promise<{ hits: Hit[]; timings: SearchTimings; queryVector: number[] }>;
  /** The same, for a query already embedded. */
  searchWithVector(query: string, queryVector: number[], options?: SearchOptions): Promise<{ hits: Hit[]; timings: SearchTimings; queryVector: number[] }>;
}

/**
 * Hybrid retrieval: dense (HNSW over sentence embeddings) and lexical (BM25) searches
 * each return a deep candidate list, and reciprocal rank fusion merges them.
 */
export class HybridRetriever implements Retriever {
  private readonly lexical: LexicalIndex;
  private readonly queries: QueryVectorCache;

  constructor(
    private readonly index: LoadedIndex,
    embedder: Embedder,
    /** Candidates taken from each list before fusion, as a multiple of k (at least 50). */
    private readonly depth = 4,
    /** Query vectors remembered for questions asked again; 0 embeds every query (benchmarks). */
    queryCacheSize = 1000,
  ) {
    this.lexical = new LexicalIndex(index.chunks, index.docs);
    this.queries = new QueryVectorCache(embedder, queryCacheSize);
  }

  async search(query: string, options: SearchOptions = {}): Promise<{ hits: Hit[]; timings: SearchTimings; queryVector: number[] }> {
    if (query.trim() === '') throw new AppError('INVALID_INPUT', 'The query is empty');
    const t = performance.now();
    const queryVector = await this.queries.embed(query);
    const embedMs = performance.now() - t;
    const result = await this.searchWithVector(query, queryVector, options);
    return { ...result, timings: { ...result.timings, embedMs } };
  }

  async searchWithVector(query: string, queryVector: number[], options: SearchOptions = {}): Promise<{ hits: Hit[]; timings: SearchTimings; queryVector: number[] }> {
    const k = options.k ?? DEFAULT_K;
    if (!Number.isInteger(k) || k < 1 || k > MAX_K) throw new AppError('INVALID_INPUT', `k must be an integer from 1 to ${MAX_K}`);
    if (query.trim() === '') throw new AppError('INVALID_INPUT', 'The query is empty');
    let docIds: Set<string> | undefined;
    if (options.docIds && options.docIds.length > 0) {
      const unknown = options.docIds.filter((id) => !this.index.docs.has(id));
      if (unknown.length > 0) throw new AppError('DOCUMENT_NOT_FOUND', `Unknown document id(s): ${unknown.join(', ')}`);
      docIds = new Set(options.docIds);
    }
    const limit = Math.max(k * this.depth, 50);

    let t = performance.now();
    const dense = denseSearch(this.index.vectors, queryVector, limit, docIds);
    const denseMs = performance.now() - t;

    t = performance.now();
    const lexical = this.lexical.query(query, limit, docIds);
    const lexicalMs = performance.now() - t;

    t = performance.now();
    const fused = reciprocalRankFusion(
      [{ ids: dense.map((d) => d.chunkId) }, { ids: lexical.map((l) => l.chunkId), itemWeights: relativeScoreWeights(lexical.map((l) => l.score)) }],
      RRF_K,
    );
    const denseRank = new Map(dense.map((d, i) => [d.chunkId, { rank: i + 1, similarity: d.similarity }]));
    const lexicalRank = new Map(lexical.map((l, i) => [l.chunkId, { rank: i + 1, score: l.score }]));
    const hits = [...fused.entries()]
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, k)
      .map(([chunkId, score]): Hit => {
        const hit = hitOf(this.index, this.index.chunkById.get(chunkId)!, score);
        const d = denseRank.get(chunkId);
        const l = lexicalRank.get(chunkId);
        if (d) hit.dense = d;
        if (l) hit.lexical = l;
        return hit;
      });
    const fuseMs = performance.now() - t;
    return { hits, timings: { embedMs: 0, denseMs, lexicalMs, fuseMs }, queryVector };
  }
}
