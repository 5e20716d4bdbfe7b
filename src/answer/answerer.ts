import { dot } from '../embed/embedder.js';
import { AppError } from '../errors.js';
import type { Retriever } from '../retrieve/retriever.js';
import type { LoadedIndex } from '../store/index-files.js';
import type { Answer, Hit, SearchOptions, SearchTimings } from '../types.js';
import { composeAnswer, relatedPassages, type Selected } from './compose.js';
import { figuresDiffer, figuresIn } from './facts.js';
import { definesTerm, definitionTarget, expectedAnswer, fitsExpectation, unknownNames } from './grounding.js';
import { keyTerms } from './key-terms.js';
import { SentenceBank, type ScoredSentence } from './sentence-bank.js';

/** Time spent answering, in milliseconds, by stage. */
export interface AnswerTimings extends SearchTimings {
  composeMs: number;
  totalMs: number;
}

/** Turns a question into an answer with citations. */
export interface Answerer {
  answer(question: string, options?: SearchOptions): Promise<{ answer: Answer; hits: Hit[]; timings: AnswerTimings }>;
}

/** Tuning of the extractive answerer. Defaults were set on the development set with margin. */
export interface AnswerSettings {
  /** Passages whose sentences are considered. @default 6 */
  passages: number;
  /** Most sentences in an answer. @default 4 */
  maxSentences: number;
  /** A sentence must score at least this share of the best one to be added. @default 0.8 */
  relativeCutoff: number;
  /** How strongly a sentence similar to one already chosen is penalised (MMR). @default 0.5 */
  redundancyPenalty: number;
  /** Grounded only if some sentence is at least this similar to the question… @default 0.3 */
  minSimilarity: number;
  /** …and the mean of its similarity and key-term coverage reaches this… @default 0.5 */
  minSupport: number;
  /** …or it is at least this similar, which says the same thing in other words. @default 0.6 */
  strongSimilarity: number;
}

export const DEFAULT_ANSWER_SETTINGS: AnswerSettings = {
  passages: 6,
  maxSentences: 4,
  relativeCutoff: 0.8,
  redundancyPenalty: 0.5,
  minSimilarity: 0.3,
  minSupport: 0.5,
  strongSimilarity: 0.6,
};

/** A sentence of a retrieved passage, with what is known of it. */
interface Candidate extends Selected, ScoredSentence {
  score: number;
  /** Whether it has the kind of content the question asks for (a date, a quantity). */
  fits: boolean;
  figures: Set<string>;
}

/** Openings that carry a sentence on from the one before it. */
const CONTINUATION = /^(?:This|These|That|Those|It|Its|They|Their|Such|Both|The (?:agreement|initiative|programme|program|partnership|forum|mission|roadmap|platform|plan|memorandum|move|effort))\b/;


/**
 * Answers by choosing sentences from the retrieved passages. Each sentence is scored by
 * its similarity to the question (from the vectors already in the index) and by how many
 * of the question's key terms it contains, weighted by rarity; sentences are then picked
 * by maximal marginal relevance so that the same fact is not repeated from several
 * documents, except where sources give different figures for it.
 */
export class ExtractiveAnswerer implements Answerer {
  private readonly settings: AnswerSettings;
  private readonly bank: SentenceBank;

  constructor(
    private readonly index: LoadedIndex,
    private readonly retriever: Retriever,
    settings: Partial<AnswerSettings> = {},
    bank?: SentenceBank,
  ) {
    this.settings = { ...DEFAULT_ANSWER_SETTINGS, ...settings };
    this.bank = bank ?? new SentenceBank(index);
  }

  async answer(question: string, options: SearchOptions = {}): Promise<{ answer: Answer; hits: Hit[]; timings: AnswerTimings }> {
    const started = performance.now();
    if (question.trim() === '') throw new AppError('INVALID_INPUT', 'The question is empty');
    const k = Math.max(options.k ?? this.settings.passages, this.settings.passages);
    const { hits: found, timings, queryVector } = await this.retriever.search(question, { ...options, k });
    const t = performance.now();
    const hits = [...found, ...this.definingPassages(question, found, options.docIds)];
    const terms = keyTerms(question);
    const candidates = this.candidates(question, terms, hits, queryVector);
    const { grounded, confidence } = this.judge(question, terms, candidates);
    const answer: Answer = grounded
      ? { ...composeAnswer(this.index, this.withContext(this.select(candidates.filter((c) => c.fits)))), grounded: true, confidence, related: [] }
      : {
          answer: 'The documents do not answer this question.',
          grounded: false,
          confidence,
          citations: [],
          related: relatedPassages(this.index, hits.slice(0, 3), (hit) => this.bestSentenceOf(hit, candidates)),
          sourcesDiffer: false,
        };
    const composeMs = performance.now() - t;
    return { answer, hits: hits.slice(0, options.k ?? hits.length), timings: { ...timings, composeMs, totalMs: performance.now() - started } };
  }

  /**
   * For "What does X stand for?", the passages that spell X out, wherever they rank: the
   * defining sentence is often about something else and scores low on meaning.
   */
  private definingPassages(question: string, found: Hit[], docIds?: string[]): Hit[] {
    const term = definitionTarget(question);
    if (!term) return [];
    const seen = new Set(found.map((h) => h.chunkId));
    return this.index.chunks
      .filter((c) => !seen.has(c.id) && (!docIds?.length || docIds.includes(c.docId)) && definesTerm(c.text, term))
      .slice(0, 3)
      .map((c) => ({
        chunkId: c.id,
        docId: c.docId,
        title: this.index.docs.get(c.docId)?.meta.title ?? c.docId,
        text: c.text,
        start: c.start,
        end: c.end,
        headingPath: c.headingPath,
        sentences: c.sentences,
        score: 0,
      }));
  }

  /**
   * Grounded when no name in the question is unknown to the documents and some sentence
   * of the kind the question expects is both close in meaning and covers its key terms.
   */
  private judge(question: string, terms: string[], candidates: Candidate[]): { grounded: boolean; confidence: number } {
    const support = (c: Candidate) => 0.5 * c.similarity + 0.5 * c.coverage;
    const expectation = expectedAnswer(question);
    const fitting = candidates.filter((c) => c.fits);
    const confidence = Math.min(1, Math.max(0, ...fitting.map(support)));
    if (unknownNames(question, this.bank.vocabulary, this.bank.initialisms).length > 0 || (expectation && fitting.length === 0)) return { grounded: false, confidence: Math.min(confidence, 0.2) };
    const { minSimilarity, minSupport, strongSimilarity } = this.settings;
    // A sentence with every key term of a question of two or more terms ("goal", "Mission 500")
    // is about it, however short the question and however low the encoder rates it.
    const complete = (c: Candidate) => terms.length >= 2 && c.coverage >= 0.99;
    // Support alone is not enough when the sentence lacks the question's most specific term:
    // a sentence about "Prime Minister Modi" does not answer who Japan's Prime Minister is.
    const focus = this.bank.focusTerms(terms);
    const hasFocus = (c: Candidate) => this.bank.mentions(focus, c.hit.chunkId, c.sentence);
    // A sentence that spells out the acronym asked about answers a "stand for" question.
    const grounded =
      expectation === 'definition'
        ? fitting.length > 0
        : fitting.some((c) => c.similarity >= strongSimilarity || complete(c) || (c.similarity >= minSimilarity && support(c) >= minSupport && hasFocus(c)));
    return { grounded, confidence };
  }

  private candidates(question: string, terms: string[], hits: Hit[], queryVector: number[]): Candidate[] {
    const expectation = expectedAnswer(question);
    const out = this.bank.scoreSentences(hits, queryVector, terms).map((s): Candidate => {
      const fits = fitsExpectation(s.text, expectation, question);
      const score = 0.55 * s.similarity + 0.45 * s.coverage + (expectation && fits ? 0.05 : 0) + 0.02 / (s.rank + 1);
      return { ...s, score, fits, figures: figuresIn(s.text) };
    });
    return out.sort((a, b) => b.score - a.score);
  }

  /** Maximal marginal relevance, keeping a near-duplicate only when its figures differ. */
  private select(candidates: Candidate[]): { chosen: Selected[]; sourcesDiffer: boolean } {
    const { maxSentences, relativeCutoff, redundancyPenalty } = this.settings;
    const best = candidates[0]!;
    const chosen: Candidate[] = [best];
    let sourcesDiffer = false;
    const pool = candidates.slice(1).filter((c) => c.score >= relativeCutoff * best.score && c.coverage > 0);
    while (chosen.length < maxSentences && pool.length > 0) {
      let pick = -1;
      let pickValue = -Infinity;
      let differs = false;
      pool.forEach((c, i) => {
        const nearest = chosen.reduce((m, s) => (dot(c.vector, s.vector) > dot(c.vector, m.vector) ? s : m));
        const overlap = dot(c.vector, nearest.vector);
        const disagrees = overlap > 0.6 && nearest.hit.docId !== c.hit.docId && figuresDiffer(c.figures, nearest.figures);
        const value = disagrees ? c.score : c.score - redundancyPenalty * Math.max(0, overlap - 0.3);
        if (value > pickValue) [pick, pickValue, differs] = [i, value, disagrees];
      });
      if (pickValue < relativeCutoff * best.score - redundancyPenalty * 0.2) break;
      chosen.push(pool.splice(pick, 1)[0]!);
      sourcesDiffer ||= differs;
    }
    return { chosen, sourcesDiffer };
  }

  /**
   * Adds the sentences a chosen one leans on: the next sentence when it continues the
   * same statement ("This agreement will…"), and the items of a list the sentence
   * introduces ("…in key sectors. These include:"), which become part of its quote.
   */
  private withContext(selection: { chosen: Selected[]; sourcesDiffer: boolean }): { chosen: Selected[]; sourcesDiffer: boolean } {
    const chosen = [...selection.chosen];
    const has = (chunkId: string, i: number) => chosen.some((c) => c.hit.chunkId === chunkId && c.sentence === i);
    for (const c of selection.chosen.slice(0, 2)) {
      const text = this.index.docs.get(c.hit.docId)!.text;
      const next = c.hit.sentences[c.sentence + 1];
      if (!next || has(c.hit.chunkId, c.sentence + 1) || chosen.length >= this.settings.maxSentences + 1) continue;
      const nextText = text.slice(next.start, next.end);
      const continues = CONTINUATION.test(nextText) && text.slice(c.end, next.start).trim() === '';
      if (continues || (nextText.endsWith(':') && nextText.length < 60)) {
        chosen.push({ hit: c.hit, sentence: c.sentence + 1, start: next.start, end: next.end });
      }
    }
    // A sentence that ends with a colon takes the short list items after it.
    const extended = chosen.map((c) => {
      const text = this.index.docs.get(c.hit.docId)!.text;
      if (!text.slice(c.start, c.end).endsWith(':')) return c;
      let end = c.end;
      let sentence = c.sentence;
      for (let i = c.sentence + 1; i < c.hit.sentences.length && i <= c.sentence + 12; i++) {
        const item = c.hit.sentences[i]!;
        const between = text.slice(end, item.start);
        if (!/^\s*-\s*$/.test(between.replace(/\n\s*/g, '\n').replace(/^\n/, '')) || item.end - item.start > 120) break;
        end = item.end;
        sentence = i;
      }
      return { ...c, end, lastSentence: sentence };
    });
    return { chosen: extended, sourcesDiffer: selection.sourcesDiffer };
  }

  private bestSentenceOf(hit: Hit, candidates: Candidate[]): Selected | undefined {
    return candidates.find((c) => c.hit.chunkId === hit.chunkId);
  }
}
