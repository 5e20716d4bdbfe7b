import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { BaseRetriever, type BaseRetrieverInput } from '@langchain/core/retrievers';
import type { Config } from '../config.js';
import type { Embedder } from '../embed/embedder.js';
import { AppError } from '../errors.js';
import { isCard } from '../ingest/document-card.js';
import type { Logger } from '../log.js';
import { openIndex } from '../open-index.js';
import type { LoadedIndex } from '../store/index-files.js';
import { EmbedderEmbeddings } from '../store/langchain-embeddings.js';
import type { SourceDoc, SourceMeta } from '../types.js';
import { DEFAULT_K, HybridRetriever, MAX_K } from './retriever.js';

/** What each retrieved LangChain `Document` carries besides its text. */
export interface PassageMetadata {
  docId: string;
  chunkId: string;
  title: string;
  /** Character offsets of the passage in the document's canonical text. */
  start: number;
  end: number;
  headingPath: string[];
  /** Fused rank score: higher is better, comparable only within one search. */
  score: number;
  publisher?: string;
  date?: string;
  sourceUrl?: string;
}

/**
 * Which documents to search: equal values for metadata fields (all must match), or a
 * predicate over each document's id and metadata.
 */
export type DocumentFilter = Partial<Record<keyof SourceMeta | 'id', string>> | ((doc: { id: string; meta: SourceMeta }) => boolean);

export interface DocumentRetrieverFields extends BaseRetrieverInput {
  index: LoadedIndex;
  /** The model the index was built with: queries must be embedded by the same one. */
  embedder: Embedder;
  /** LangChain embeddings for the query. @default the embedder, wrapped as LangChain `Embeddings` */
  embeddings?: EmbeddingsInterface;
  /** Passages per query. @default 5 */
  k?: number;
  filter?: DocumentFilter;
}

/**
 * The project's hybrid search (HNSW over sentence vectors fused with BM25) as a LangChain
 * retriever, for use in any chain: `RunnableSequence.from([retriever, format, model])`.
 * Each passage is a `Document` whose metadata says exactly where it is in its source.
 */
export class DocumentRetriever extends BaseRetriever {
  static override lc_name(): string {
    return 'DocumentRetriever';
  }

  lc_namespace = ['trust-rag', 'retrievers'];

  private readonly index: LoadedIndex;
  private readonly embeddings: EmbeddingsInterface;
  private readonly hybrid: HybridRetriever;
  private readonly k: number;
  /** Undefined: every document. */
  private readonly docIds: string[] | undefined;

  constructor(fields: DocumentRetrieverFields) {
    super(fields);
    this.index = fields.index;
    this.embeddings = fields.embeddings ?? new EmbedderEmbeddings(fields.embedder);
    this.hybrid = new HybridRetriever(fields.index, fields.embedder);
    this.k = fields.k ?? DEFAULT_K;
    if (!Number.isInteger(this.k) || this.k < 1 || this.k > MAX_K) throw new AppError('INVALID_INPUT', `k must be an integer from 1 to ${MAX_K}`);
    this.docIds = fields.filter ? documentsMatching(fields.index, fields.filter) : undefined;
  }

  override async _getRelevantDocuments(query: string): Promise<Document<PassageMetadata>[]> {
    // A filter that matches no document finds nothing, rather than searching everything.
    if (this.docIds?.length === 0) return [];
    const vector = await this.embeddings.embedQuery(query);
    const { hits } = await this.hybrid.searchWithVector(query, vector, { k: this.k, ...(this.docIds ? { docIds: this.docIds } : {}) });
    return hits.map((hit) => {
      const meta = this.index.docs.get(hit.docId)?.meta;
      const metadata: PassageMetadata = {
        docId: hit.docId,
        chunkId: hit.chunkId,
        title: hit.title,
        start: hit.start,
        end: hit.end,
        headingPath: hit.headingPath,
        score: hit.score,
        ...(meta?.publisher ? { publisher: meta.publisher } : {}),
        ...(meta?.date ? { date: meta.date } : {}),
        ...(meta?.sourceUrl ? { sourceUrl: meta.sourceUrl } : {}),
      };
      return new Document<PassageMetadata>({ pageContent: hit.text, metadata, id: hit.chunkId });
    });
  }
}

/** Ids of the documents (not their cards) a filter lets through. */
function documentsMatching(index: LoadedIndex, filter: DocumentFilter): string[] {
  const accept =
    typeof filter === 'function'
      ? filter
      : (doc: { id: string; meta: SourceMeta }) => Object.entries(filter).every(([field, value]) => (field === 'id' ? doc.id : doc.meta[field as keyof SourceMeta]) === value);
  return [...index.docs.values()].filter((d: SourceDoc) => !isCard(d) && accept({ id: d.id, meta: d.meta })).map((d) => d.id);
}

/**
 * Opens the index of a configuration (building it first when it is missing or stale)
 * and returns a retriever over it.
 */
export async function openDocumentRetriever(config: Config, options: { logger?: Logger; k?: number; filter?: DocumentFilter } = {}): Promise<DocumentRetriever> {
  const { index, embedder } = await openIndex(config, options.logger ? { logger: options.logger } : {});
  return new DocumentRetriever({ index, embedder, ...(options.k !== undefined ? { k: options.k } : {}), ...(options.filter ? { filter: options.filter } : {}) });
}
