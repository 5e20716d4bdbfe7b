/**
 * Shared types for every stage: corpus → documents → chunks → embeddings → index → hits.
 * Offsets (`start`, `end`) always refer to a document's canonical `text`, so that
 * `doc.text.slice(start, end)` gives back exactly the passage in question.
 */

/** Descriptive metadata for a source document, from front matter and/or a sidecar file. */
export interface SourceMeta {
  /** Human-readable title. Falls back to the first heading, then the file name. */
  title: string;
  /** Who published the document, when known. */
  publisher?: string;
  /** Publication date as written in the metadata (ISO date where possible). */
  date?: string;
  /** Where the document came from, when known. */
  sourceUrl?: string;
  /** A short description of what the document is. */
  description?: string;
  /** Who wrote the document, when its metadata names someone besides its publisher. */
  author?: string;
  /**
   * The rest of the document's own metadata (front matter, a sidecar, a page's meta tags):
   * field name → value as written, in order ("last reviewed" → "2026-03-14").
   */
  details?: Record<string, string>;
}

/** The kind of a structural block in a document. */
export type BlockKind = 'heading' | 'paragraph' | 'bullet';

/** A structural block of canonical text: a heading, a paragraph or a list item. */
export interface Block {
  kind: BlockKind;
  /** Heading level (1 = top) or list nesting depth (0 = top level); 0 for paragraphs. */
  level: number;
  /** Offset of the block's first character, including any list marker. */
  start: number;
  /** Offset just past the block's last character. */
  end: number;
  /** Offset where the block's content begins (after a list marker such as "- "). */
  contentStart: number;
}

/** A half-open character range [start, end) into a document's canonical text. */
export interface Span {
  start: number;
  end: number;
}

/** A document as the system sees it after ingestion. */
export interface SourceDoc {
  /** Stable id derived from the file's path inside the corpus folder. */
  id: string;
  /** Path relative to the corpus folder. */
  path: string;
  /** Which parser read the file; `card` for the generated card about a document. */
  format: 'markdown' | 'text' | 'html' | 'pdf' | 'docx' | 'card';
  meta: SourceMeta;
  /** The canonical plain text that every reported offset refers to. */
  text: string;
  /** Structural blocks, in document order. */
  blocks: Block[];
  /** SHA-256 of the raw file and its sidecar metadata: changes when either changes. */
  hash: string;
  /** For a document card: the id of the document it describes. */
  cardOf?: string;
  /**
   * For a PDF: where each page's text sits in `text`, one entry per page in page order
   * (`page` counts from 1). Pages are separated by a blank line that belongs to neither;
   * a page without text has an empty range (`start === end`).
   */
  pages?: PageRange[];
}

/** The character range [start, end) of one page of a paged document's canonical text. */
export interface PageRange {
  /** The page's position in the file, counting from 1 as a PDF viewer does (not a printed page label such as "iv"). */
  page: number;
  start: number;
  end: number;
}

/** A retrievable passage: a contiguous slice of one document's canonical text. */
export interface Chunk {
  /** Stable id: the same document text and chunker settings always give the same id. */
  id: string;
  docId: string;
  start: number;
  end: number;
  /** Exactly `doc.text.slice(start, end)`. */
  text: string;
  /** Titles of the headings this chunk sits under, outermost first. */
  headingPath: string[];
  /** Sentence boundaries inside the chunk (headings excluded), for the answerer. */
  sentences: Span[];
}

/** Settings that decide how documents are cut into chunks. Recorded in the manifest. */
export interface ChunkerSettings {
  /** Size a chunk grows to before a new one is started, in characters. @default 700 */
  targetChars: number;
  /** Hard upper bound on a chunk's size unless a single sentence is longer. @default 1100 */
  maxChars: number;
  /** A chunk smaller than this absorbs the next section instead of closing. @default 200 */
  minChars: number;
  /** Longest sentence repeated at the start of the next chunk as overlap; 0 disables overlap. @default 300 */
  overlapChars: number;
}

/** A passage returned by retrieval. */
export interface Hit {
  chunkId: string;
  docId: string;
  /** Title of the document the passage is from. */
  title: string;
  text: string;
  start: number;
  end: number;
  headingPath: string[];
  sentences: Span[];
  /** Fused score (reciprocal rank fusion); higher is better. */
  score: number;
  /** Rank and cosine similarity from the dense (HNSW) search, when it found this chunk. */
  dense?: { rank: number; similarity: number };
  /** Rank and BM25 score from the lexical search, when it found this chunk. */
  lexical?: { rank: number; score: number };
}

/** Options for one search. */
export interface SearchOptions {
  /** How many hits to return. @default 5 */
  k?: number;
  /** Only return passages from these documents. */
  docIds?: string[];
}

/** Time spent in each retrieval stage, in milliseconds. */
export interface SearchTimings {
  embedMs: number;
  denseMs: number;
  lexicalMs: number;
  fuseMs: number;
}

/** What an index records about how it was built, so that a stale or foreign index is detected. */
export interface IndexManifest {
  /** Format version of the files on disk. */
  formatVersion: number;
  embedder: { id: string; dimension: number };
  chunker: ChunkerSettings & { version: number };
  /** Version of the language analysis and judgment models the index stores. */
  judgmentVersion?: number;
  /** Per document: its path and the hash of its source, to detect changes. */
  documents: Record<string, { path: string; hash: string; chunks: number }>;
  chunkCount: number;
  /** Vectors in the dense index (one per sentence). */
  vectorCount: number;
  builtAt: string;
  /** SHA-256 of every data file in the index generation, to detect corruption. */
  files: Record<string, string>;
}

/** A cited passage: the exact text an answer sentence rests on. */
export interface Citation {
  /** The number used in the answer's inline markers, `[n]`. */
  n: number;
  docId: string;
  /** Title of the document. */
  title: string;
  /** Source URL, or the publisher when no URL is known. */
  source?: string;
  chunkId: string;
  /** Exactly `document.text.slice(start, end)`. */
  quote: string;
  start: number;
  end: number;
  /** For a paged document (PDF): the page on which the quote starts. */
  page?: number;
}

/** A nearby passage shown when the documents do not answer the question; not a claim. */
export type RelatedPassage = Omit<Citation, 'n'>;

/**
 * How far the documents answer a question: `answered` (grounded, with citations),
 * `partial` (they touch it but do not settle it; the closest passages are cited), or
 * `not_found` (nothing relevant).
 */
export type AnswerStatus = 'answered' | 'partial' | 'not_found';

/** An answer composed from the documents. */
export interface Answer {
  /** Answer text with inline `[n]` markers, or a statement that the documents do not cover it. */
  answer: string;
  status: AnswerStatus;
  /** True when the answer rests on passages that address the question (`status` is `answered`). */
  grounded: boolean;
  /** 0..1: the model's probability that the best passage answers the question. */
  confidence: number;
  /** For a question with several parts: how far each part is answered. */
  parts?: Array<{ question: string; status: AnswerStatus }>;
  citations: Citation[];
  /** Nearest passages when the status is `not_found`. */
  related: RelatedPassage[];
  /** Set when cited sources give different figures or dates for the same thing. */
  sourcesDiffer: boolean;
}

/**
 * Who wrote an answer: `extractive` (sentences quoted from the passages) or `generated`
 * (a language model, each of its sentences checked against the passages it cites).
 */
export type AnswererKind = 'generated' | 'extractive';

/** Which answerer wrote an answer, and what checking its sentences removed. */
export interface AnswerProvenance {
  answerer: AnswererKind;
  /** Generated sentences removed because no passage supports them or they cite none (0 for extractive answers the model was not asked for). */
  droppedSentences: number;
  /** Generated sentences kept but marked "[unverified]" (only with LLM_UNVERIFIED=mark). */
  unverifiedSentences: number;
  /** Why a configured language model's answer was not used, or was cut short. */
  note?: string;
}

/** How a passage bears on a claim. */
export type Stance = 'supports' | 'contradicts' | 'related';

/** A passage quoted as evidence for or against a claim. */
export interface Evidence extends Citation {
  stance: Stance;
}

/** The result of checking a claim against the documents. */
export interface Verdict {
  verdict: 'supported' | 'contradicted' | 'not_enough_info';
  /** 0..1: the model's probability for the verdict given. */
  confidence: number;
  evidence: Evidence[];
  /** One or two sentences that cite the evidence with [n] markers. */
  explanation: string;
  /** Who wrote the explanation: the verifier, or a language model whose every sentence the evidence it cites supports. */
  explainedBy?: 'verifier' | 'generated';
}
