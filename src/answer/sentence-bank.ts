import { dot } from '../embed/embedder.js';
import { processTerm, tokenize } from '../retrieve/terms.js';
import type { Hit } from '../types.js';
import type { LoadedIndex } from '../store/index-files.js';
import { expandAcronyms, findAcronyms } from './acronyms.js';
import { GENERIC_WORDS, initialismsOf } from './grounding.js';
import { coverage, TermWeights } from './key-terms.js';

/** A sentence of a retrieved passage, with how close it is to a query. */
export interface ScoredSentence {
  hit: Hit;
  /** Rank of its passage among the hits, from 0. */
  rank: number;
  /** Index into `hit.sentences`. */
  sentence: number;
  start: number;
  end: number;
  text: string;
  vector: number[];
  /** Cosine similarity to the query. */
  similarity: number;
  /** Rarity-weighted share of the query's terms it contains. */
  coverage: number;
}

/** The search terms of a text, stemmed, without stop words. */
export const termsOf = (text: string): Set<string> => new Set(tokenize(text).map(processTerm).filter((t): t is string => t !== null));

/**
 * What the answerer and the verifier know about every sentence in the index: its terms
 * (with the long forms of acronyms it uses), its chunk's context terms (headings, title,
 * publisher), rarity weights over all sentences, and the corpus vocabulary.
 */
export class SentenceBank {
  private readonly sentenceTerms = new Map<string, Set<string>>();
  private readonly contextTerms = new Map<string, Set<string>>();
  readonly weights: TermWeights;
  readonly vocabulary: Set<string>;
  /** Acronyms the documents define, with the search terms of their long forms. */
  readonly acronyms: Map<string, string[][]>;
  /** Initials of every capitalised name in the documents, for abbreviations readers use. */
  readonly initialisms: Set<string>;

  constructor(readonly index: LoadedIndex) {
    const allText = [...index.docs.values()].map((d) => d.text).join('\n');
    const acronyms = findAcronyms(allText);
    this.acronyms = acronyms;
    this.initialisms = initialismsOf(allText);
    for (const chunk of index.chunks) {
      const doc = index.docs.get(chunk.docId)!;
      // Headings and the document's own description: "according to the White House" is about the source.
      this.contextTerms.set(chunk.id, termsOf(`${chunk.headingPath.join(' ')} ${doc.meta.title} ${doc.meta.publisher ?? ''} ${doc.meta.date ?? ''}`));
      chunk.sentences.forEach((s, i) => this.sentenceTerms.set(`${chunk.id}#${i}`, expandAcronyms(termsOf(doc.text.slice(s.start, s.end)), acronyms)));
    }
    this.weights = new TermWeights(this.sentenceTerms.values(), GENERIC_WORDS);
    this.vocabulary = new Set([...this.weights.vocabulary(), ...[...this.contextTerms.values()].flatMap((s) => [...s])]);
  }

  /** Every sentence of the hits, scored against a query's vector and key terms, from the stored vectors. */
  scoreSentences(hits: Hit[], queryVector: number[], terms: string[]): ScoredSentence[] {
    const out: ScoredSentence[] = [];
    hits.forEach((hit, rank) => {
      const text = this.index.docs.get(hit.docId)!.text;
      hit.sentences.forEach((span, i) => {
        const vector = this.index.sentenceVector(hit.chunkId, i);
        if (!vector) return;
        out.push({
          hit,
          rank,
          sentence: i,
          start: span.start,
          end: span.end,
          text: text.slice(span.start, span.end),
          vector,
          similarity: dot(queryVector, vector),
          coverage: this.coverage(terms, hit.chunkId, i),
        });
      });
    });
    return out;
  }

  /**
   * The most specific of a question's terms: the rarest in the documents. A question's
   * rarest term says what it is about ("Japan" in "Who is the Prime Minister of Japan?").
   */
  focusTerms(terms: string[]): string[] {
    // Only terms the documents contain: one they never use cannot be in any sentence, and
    // names they never mention are already handled by the unknown-name rule.
    const present = terms.filter((t) => this.vocabulary.has(t) && !t.includes('-'));
    const weights = present.map((t) => this.weights.idf(t));
    const top = Math.max(...weights);
    return present.filter((_, i) => weights[i]! >= top - 1e-9);
  }

  /**
   * Whether sentence `i` of a chunk, or its headings and title, contain one of `terms`;
   * an abbreviation also matches a name with those initials ("MoU", "Memorandum of Understanding").
   */
  mentions(terms: string[], chunkId: string, i: number): boolean {
    if (terms.length === 0) return true;
    if (coverage(terms, this.weights, this.sentenceTerms.get(`${chunkId}#${i}`) ?? new Set(), this.contextTerms.get(chunkId)) > 0) return true;
    const chunk = this.index.chunkById.get(chunkId);
    const span = chunk?.sentences[i];
    if (!chunk || !span) return false;
    const initials = initialismsOf(this.index.docs.get(chunk.docId)!.text.slice(span.start, span.end));
    return terms.some((t) => /^[a-z]{2,6}$/.test(t) && initials.has(t));
  }

  /** Rarity-weighted share of `terms` found in sentence `i` of a chunk (context terms count half). */
  coverage(terms: string[], chunkId: string, i: number): number {
    return coverage(terms, this.weights, this.sentenceTerms.get(`${chunkId}#${i}`) ?? new Set(), this.contextTerms.get(chunkId));
  }
}
