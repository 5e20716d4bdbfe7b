import MiniSearch from 'minisearch';
import type { Chunk, SourceDoc } from '../types.js';
import { processTerm, tokenize } from '../language/terms.js';

/** One lexical match: a chunk id and its BM25 score. */
export interface LexicalMatch {
  chunkId: string;
  score: number;
}

/**
 * BM25 search over chunk text (MiniSearch), with headings and titles as weaker fields.
 * It finds exact terms (acronyms, figures, names) that a sentence encoder can blur.
 */
export class LexicalIndex {
  private readonly search: MiniSearch<{ id: string; docId: string; text: string; headings: string; title: string }>;

  constructor(chunks: Chunk[], docs: Map<string, SourceDoc>) {
    this.search = new MiniSearch({
      fields: ['text', 'headings', 'title'],
      storeFields: [],
      tokenize,
      processTerm,
      searchOptions: { boost: { text: 1, headings: 0.6, title: 0.3 }, combineWith: 'OR' },
    });
    this.search.addAll(
      chunks.map((c) => ({
        id: c.id,
        docId: c.docId,
        text: c.text,
        headings: c.headingPath.join(' '),
        title: docs.get(c.docId)?.meta.title ?? '',
      })),
    );
    this.docOf = new Map(chunks.map((c) => [c.id, c.docId]));
  }

  private readonly docOf: Map<string, string>;

  /** Top `limit` chunks by BM25, optionally only from some documents. */
  query(text: string, limit: number, docIds?: Set<string>): LexicalMatch[] {
    const filter = docIds ? (result: { id: string }) => docIds.has(this.docOf.get(result.id) ?? '') : undefined;
    return this.search
      .search(text, filter ? { filter } : {})
      .slice(0, limit)
      .map((r) => ({ chunkId: r.id as string, score: r.score }));
  }
}
