import { findAcronyms, expandAcronyms } from '../language/acronyms.js';
import { definesTerm, properWordsOf, type AnalyzeOptions, type TextAnalysis } from '../language/analyze.js';
import { clockTimesIn, datesIn, durationsIn, weekdaysIn, type ClockTime, type DateValue, type Duration } from '../language/dates.js';
import { everydayRate } from '../language/word-frequency.js';
import { QUESTION_FRAME_WORDS, type EntityType } from '../language/lexicon.js';
import { SpellingCorrector } from '../language/spelling.js';
import type { SynonymTable } from '../language/synonyms.js';
import { queryTerms, stem } from '../language/terms.js';
import { closedUp } from '../language/wordnet.js';
import { isCard } from '../ingest/document-card.js';
import type { LoadedIndex } from '../store/index-files.js';
import type { Hit, SourceDoc } from '../types.js';
import { boundQuantities, ranks, shares, type Acronyms, type BoundQuantity } from './conflicts.js';
import { hasMatch, TermWeights } from './term-weights.js';

/** What is known of one sentence of the index. */
export interface SentenceRecord {
  /** `chunkId#i`. */
  key: string;
  chunkId: string;
  docId: string;
  /** Index into the chunk's sentences. */
  index: number;
  start: number;
  end: number;
  text: string;
  analysis: TextAnalysis;
  /** Search terms, with the long forms of acronyms it uses and the acronyms of long forms it spells out. */
  terms: Set<string>;
  /** Terms of its headings and its document's title, publisher and date. */
  context: Set<string>;
  /** Its headings and its document's title, as written: a date there dates what is under it. */
  headings: string;
  /** Titles of the headings it sits under, outermost first. */
  section: string[];
  /** From a document's card rather than its text. */
  card: boolean;
}

/** Figures, dates, ranks and shares of a sentence, read on first use. */
export interface SentenceFacts {
  quantities: BoundQuantity[];
  dates: DateValue[];
  times: ClockTime[];
  durations: Duration[];
  /** Days of the week named (0 is Sunday). */
  weekdays: Set<number>;
  ranks: Map<string, number>;
  shares: ReturnType<typeof shares>;
}

/** The analyses and word tables an index stores beside its vectors. */
export interface LanguageData {
  /** Per sentence key: its analysis, made when the index was built. */
  analyses: Record<string, TextAnalysis>;
  synonyms: SynonymTable;
}

export const sentenceKey = (chunkId: string, i: number) => `${chunkId}#${i}`;
const termsOf = (text: string): Set<string> => new Set(queryTerms(text));

/** Where a document's heading path changes, and what it becomes. */
interface SectionStart {
  at: number;
  path: string[];
}

/**
 * Where each section starts. A paragraph ending in a colon heads the list after it like a
 * heading of its own ("Opening hours:" over "- Wednesday: 8:00 to 20:00"), until the list ends.
 */
function sectionsOf(doc: SourceDoc): SectionStart[] {
  const open: Array<{ level: number; text: string }> = [];
  const out: SectionStart[] = [];
  const headed = () => open.map((h) => h.text);
  let leadIn: string | undefined;
  for (const block of doc.blocks) {
    if (block.kind === 'heading') {
      while (open.length > 0 && open[open.length - 1]!.level >= block.level) open.pop();
      open.push({ level: block.level, text: doc.text.slice(block.start, block.end) });
      out.push({ at: block.start, path: headed() });
      leadIn = undefined;
    } else if (block.kind === 'bullet') {
      if (leadIn !== undefined) out.push({ at: block.start, path: [...headed(), leadIn] });
      leadIn = undefined;
    } else {
      const text = doc.text.slice(block.contentStart, block.end).trim();
      if (out.at(-1)?.path.length !== open.length) out.push({ at: block.start, path: headed() });
      leadIn = text.endsWith(':') ? text.slice(0, -1) : undefined;
    }
  }
  return out;
}

/** The heading path at an offset: that of the last section starting at or before it. */
function sectionAt(sections: SectionStart[], offset: number): string[] {
  let [lo, hi] = [0, sections.length];
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sections[mid]!.at <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? sections[lo - 1]!.path : [];
}

/**
 * The first `count` retrieved passages a question or claim is judged on. A document's card
 * answers questions about the document (its title, publisher, date), nothing else, so
 * unless `withCards` it is left out and does not take a passage's place.
 */
export function passagesFor(hits: Hit[], withCards: boolean, count: number): Hit[] {
  return hits.filter((h) => withCards || !isCard({ id: h.docId })).slice(0, count);
}

/**
 * The figures, dates, times of day, lengths of time, ranks and shares of a text. A
 * figure that is the length of a duration ("six weeks") is compared as a duration.
 */
export function factsIn(text: string, acronyms: Acronyms, dates: DateValue[] = datesIn(text)): SentenceFacts {
  const durations = durationsIn(text);
  // The day of a date is no count ("Due: 9 December 2025"), nor is a length of time's figure.
  const calendar = dates.filter((d) => d.month !== undefined);
  const inside = (q: { start: number; end: number }, spans: Array<{ start: number; end: number }>) => spans.some((d) => d.start <= q.start && q.end <= d.end);
  const times = clockTimesIn(text);
  // Nor is the hour of a time said in words ("quarter past nine").
  const quantities = boundQuantities(text, acronyms).filter((q) => !inside(q, durations) && !inside(q, times) && !(q.kind === 'number' && inside(q, calendar)));
  return { quantities, dates, times, durations, weekdays: weekdaysIn(text), ranks: ranks(text), shares: shares(text) };
}

/**
 * Everything answering and verifying know about the collection: each sentence with its
 * analysis, terms and context; rarity weights of terms; the acronyms the documents
 * define; the collection's words for spelling correction; and the synonym table.
 */
export class SentenceBank {
  private readonly records = new Map<string, SentenceRecord>();
  private readonly facts = new Map<string, SentenceFacts>();
  private readonly headingFacts = new Map<string, SentenceFacts>();
  private readonly vectors = new Map<string, number[] | undefined>();
  readonly weights: TermWeights;
  /** Every term of the documents, their headings and metadata. */
  readonly vocabulary: Set<string>;
  readonly acronyms: Acronyms;
  readonly spelling: SpellingCorrector;
  readonly synonyms: SynonymTable;
  /** Words the documents capitalise in mid-sentence: names, when a question opens with one. */
  readonly properWords: Set<string>;
  /** What analysing a question or claim against this collection needs to know of it: its names and its documents' titles. */
  readonly analysisOptions: Pick<AnalyzeOptions, 'properWords' | 'documentWords' | 'documentFields'>;
  /** What kind of name each name in the documents is (lower case → person, place, org or name). */
  private readonly nameTypes = new Map<string, EntityType>();

  constructor(
    readonly index: LoadedIndex,
    language: LanguageData,
  ) {
    this.synonyms = language.synonyms;
    const allText = [...index.docs.values()].map((d) => d.text).join('\n');
    this.acronyms = findAcronyms(allText);
    this.properWords = properWordsOf(allText);
    const documentWords = new Set([...index.docs.values()].flatMap((d) => d.meta.title.toLowerCase().match(/\p{L}+/gu) ?? []));
    const fieldNames = new Set([...index.docs.values()].flatMap((d) => Object.keys(d.meta.details ?? {})));
    const documentFields = [...fieldNames].map((name) => [...new Set(queryTerms(name))]).filter((terms) => terms.length > 0);
    this.analysisOptions = { properWords: this.properWords, documentWords, documentFields };
    const words = new Map<string, number>();
    for (const m of allText.toLowerCase().matchAll(/\p{L}+/gu)) words.set(m[0], (words.get(m[0]) ?? 0) + 1);
    // The words questions are made of are valid corrections too ("wat" → "what").
    for (const w of QUESTION_FRAME_WORDS) if (/^\p{L}+$/u.test(w)) words.set(w, (words.get(w) ?? 0) + 1000);
    this.spelling = new SpellingCorrector(words);
    const contextTerms = new Map<string, Set<string>>();
    const sectionsByDoc = new Map<string, SectionStart[]>();
    for (const chunk of index.chunks) {
      const doc = index.docs.get(chunk.docId)!;
      let sections = sectionsByDoc.get(doc.id);
      if (!sections) sectionsByDoc.set(doc.id, (sections = sectionsOf(doc)));
      chunk.sentences.forEach((s, i) => {
        const key = sentenceKey(chunk.id, i);
        const text = doc.text.slice(s.start, s.end);
        // A chunk may run on past a heading into a short section, so a sentence's headings
        // are those above it in the document, not those of the chunk it is cut into.
        const path = sectionAt(sections, s.start);
        const contextKey = `${doc.id}|${path.join('|')}`;
        let context = contextTerms.get(contextKey);
        if (!context) {
          context = termsOf(`${path.join(' ')} ${doc.meta.title} ${doc.meta.publisher ?? ''} ${doc.meta.date ?? ''}`);
          contextTerms.set(contextKey, context);
        }
        const analysis = language.analyses[key] ?? { terms: [...termsOf(text)], lemmas: [], verbs: [], entities: [], negated: false, negatedTerms: [] };
        this.records.set(key, {
          key,
          chunkId: chunk.id,
          docId: chunk.docId,
          index: i,
          start: s.start,
          end: s.end,
          text,
          analysis,
          // Irregular forms also stand for their lemma: "is led by" answers "who leads".
          terms: expandAcronyms(new Set([...analysis.terms, ...Object.values(analysis.irregular ?? {}).map(stem)]), this.acronyms),
          context,
          headings: `${path.join('. ')}. ${doc.meta.title}`,
          section: path,
          card: isCard(doc),
        });
      });
    }
    const votes = new Map<string, Map<EntityType, number>>();
    for (const r of this.records.values()) {
      for (const e of r.analysis.entities) {
        if (!['person', 'place', 'org', 'name'].includes(e.type)) continue;
        const key = e.text.toLowerCase();
        const v = votes.get(key) ?? new Map<EntityType, number>();
        v.set(e.type, (v.get(e.type) ?? 0) + (e.type === 'name' ? 0.5 : 1));
        votes.set(key, v);
      }
    }
    for (const [key, v] of votes) this.nameTypes.set(key, [...v].sort((a, b) => b[1] - a[1])[0]![0]);
    this.weights = new TermWeights([...this.records.values()].filter((r) => !r.card).map((r) => r.terms), everydayRate);
    this.vocabulary = new Set([...this.weights.vocabulary(), ...[...contextTerms.values()].flatMap((s) => [...s])]);
  }

  private readonly described = new Map<string, Set<string>>();

  /**
   * The terms of a document's own description ("A guide to the Leeds headquarters
   * building"): the setting of all its sentences, which they need not repeat.
   */
  describedBy(docId: string): Set<string> {
    let terms = this.described.get(docId);
    if (!terms) {
      terms = termsOf(this.index.docs.get(docId)?.meta.description ?? '');
      this.described.set(docId, terms);
    }
    return terms;
  }

  private readonly titled = new Map<string, Set<string>>();

  /** The terms a document is called by: its title and its own description (`describedBy`). */
  titleTermsOf(docId: string): Set<string> {
    let terms = this.titled.get(docId);
    if (!terms) {
      terms = new Set([...termsOf(this.index.docs.get(docId)?.meta.title ?? ''), ...this.describedBy(docId)]);
      this.titled.set(docId, terms);
    }
    return terms;
  }

  all(): IterableIterator<SentenceRecord> {
    return this.records.values();
  }

  /**
   * The sentence a sentence refers back to, when it opens with a word that does ("This
   * agreement will…", "It covers…"): the one before it in the same passage.
   */
  antecedentOf(record: SentenceRecord): SentenceRecord | undefined {
    if (record.index === 0 || !/^\s*(?:this|these|that|those|it|its|they|their|such)\b/i.test(record.text)) return undefined;
    return this.records.get(sentenceKey(record.chunkId, record.index - 1));
  }

  /** The sentences of the retrieved passages, in passage order. */
  sentencesOf(hits: Hit[]): Array<{ record: SentenceRecord; rank: number; passage: number }> {
    const out: Array<{ record: SentenceRecord; rank: number; passage: number }> = [];
    const top = hits[0]?.score || 1;
    hits.forEach((hit, rank) => {
      hit.sentences.forEach((_, i) => {
        const record = this.records.get(sentenceKey(hit.chunkId, i));
        // The passage's retrieval score relative to the best: near 1 for close runners-up, unlike a rank.
        if (record) out.push({ record, rank, passage: hit.score / top });
      });
    });
    return out;
  }

  /** Sentences that spell out an abbreviation ("TRUST (Transforming the …)"), at most `limit`. */
  definitionsOf(term: string, docIds?: string[], limit = 3): SentenceRecord[] {
    const out: SentenceRecord[] = [];
    for (const r of this.records.values()) {
      if (out.length >= limit) break;
      if (!r.card && (!docIds?.length || docIds.includes(r.docId)) && r.text.includes(term) && definesTerm(r.text, term)) out.push(r);
    }
    return out;
  }

  factsOf(record: SentenceRecord): SentenceFacts {
    let facts = this.facts.get(record.key);
    if (!facts) {
      // Dates were read when the index was built (the date parser is the slowest step).
      facts = factsIn(record.text, this.acronyms, record.analysis.dates);
      this.facts.set(record.key, facts);
    }
    return facts;
  }

  /** Figures and dates of a sentence's headings and document title, read on first use. */
  headingFactsOf(record: SentenceRecord): SentenceFacts {
    let facts = this.headingFacts.get(record.headings);
    if (!facts) {
      facts = factsIn(record.headings, this.acronyms);
      this.headingFacts.set(record.headings, facts);
    }
    return facts;
  }

  /** The stored vector of a sentence. */
  vector(record: SentenceRecord): number[] | undefined {
    // Read from the native graph once: each read copies the vector out.
    if (!this.vectors.has(record.key)) this.vectors.set(record.key, this.index.sentenceVector(record.chunkId, record.index));
    return this.vectors.get(record.key);
  }

  /** Whether the collection knows a term, directly or as a word form of one it has. */
  knows(term: string): boolean {
    return this.vocabulary.has(term) || (term.length >= 5 && hasMatch(term, this.vocabulary));
  }

  /**
   * The kind of a name as the documents use it: a question or claim is analysed without
   * the slow name typing, and its names take the kind the documents give them.
   */
  typeOfName(text: string): EntityType {
    return this.nameTypes.get(text.toLowerCase()) ?? 'name';
  }

  /** The collection's terms a reader's word may stand for (synonyms, more general words), as a verb or as another part of speech. */
  alternativesOf(lemma: string, asVerb: boolean): string[] {
    const table = asVerb ? this.synonyms.verbsToCorpus : this.synonyms.toCorpus;
    // The table holds WordNet's spellings, and WordNet writes "grown-up" as "grownup".
    const closed = closedUp(lemma);
    return table[lemma] ?? (closed ? table[closed] : undefined) ?? [];
  }
}
