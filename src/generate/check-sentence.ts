import { AppError } from '../errors.js';
import { candidatesFor, prepareQuery } from '../evidence/features.js';
import { Judge } from '../evidence/judge.js';
import { analyzeText } from '../language/analyze.js';
import { hitOf } from '../retrieve/retriever.js';
import type { LoadedIndex } from '../store/index-files.js';

/**
 * Whether the passages support a sentence a language model wrote, decided by the same
 * judge the verifier uses for claims: the generated sentence is the claim, and every
 * sentence of the passages the model was given is a candidate. It runs where the index
 * and the models are (an answer worker, or the server's thread without workers).
 */

/** A passage sentence that supports the generated one: where it is, to be quoted exactly. */
export interface Support {
  /** The passage's number in the prompt, from 1. */
  passage: number;
  chunkId: string;
  docId: string;
  /** The supporting sentence's range in the document's text. */
  start: number;
  end: number;
  /** The judge's P(supports). */
  p: number;
}

export interface SentenceCheck {
  /** The best supporting sentence of each passage that supports it, best first; empty when none does. */
  supports: Support[];
  /** True when the markers were wrong (no such passage, or one that does not say it) and the support was found elsewhere. */
  corrected: boolean;
}

/** Checks generated sentences against the passages a model was given. */
export interface SentenceChecker {
  /**
   * `cited` are the passage numbers the sentence's markers give; `chunkIds` the passages
   * in prompt order. A sentence citing nothing is not checked: it is unsupported.
   */
  check(sentence: string, cited: number[], chunkIds: string[]): Promise<SentenceCheck>;
}

export class JudgeSentenceChecker implements SentenceChecker {
  constructor(
    private readonly index: LoadedIndex,
    private readonly judge: Judge,
    /** The verifier's threshold on the stance model's probabilities. */
    private readonly threshold: number,
  ) {}

  async check(sentence: string, cited: number[], chunkIds: string[]): Promise<SentenceCheck> {
    if (cited.length === 0 || sentence.trim() === '') return { supports: [], corrected: false };
    const hits = chunkIds.map((id) => {
      const chunk = this.index.chunkById.get(id);
      // The passages come from this generation of the index; another one's ids are a bug.
      if (!chunk) throw new AppError('INTERNAL', `No passage ${id} in the index being served`);
      return hitOf(this.index, chunk, 0);
    });
    const bank = this.judge.bank;
    // No embedding: the candidates are the cited passages, so nothing is retrieved, and
    // the judge's cited-sentence model does without the similarity.
    const q = prepareQuery(bank, sentence, analyzeText(sentence, bank.analysisOptions), []);
    // A sentence's stance depends on it and the claim alone (no model weighs the other
    // candidates), so the cited passages are judged first and the others only when they fail.
    const supportsIn = (passages: number[]): Support[] => {
      const judged = this.judge.judgeStances(q, candidatesFor(bank, q, bank.sentencesOf(passages.map((n) => hits[n - 1]!))), { cited: true });
      const best = new Map<number, Support>();
      for (const j of judged) {
        if (Judge.stance(j, this.threshold) !== 'supports') continue;
        const passage = chunkIds.indexOf(j.record.chunkId) + 1;
        const current = best.get(passage);
        if (!current || j.p.supports > current.p) best.set(passage, { passage, chunkId: j.record.chunkId, docId: j.record.docId, start: j.record.start, end: j.record.end, p: j.p.supports });
      }
      return [...best.values()].sort((a, b) => b.p - a.p);
    };
    const all = hits.map((_, i) => i + 1);
    const valid = all.filter((n) => cited.includes(n));
    const asCited = valid.length > 0 ? supportsIn(valid) : [];
    if (asCited.length > 0) return { supports: asCited, corrected: cited.some((n) => n < 1 || n > chunkIds.length) };
    // A wrong number is corrected to the passage that does say it, if one does.
    const ranked = supportsIn(all.filter((n) => !valid.includes(n)));
    return { supports: ranked.slice(0, 1), corrected: ranked.length > 0 };
  }
}
