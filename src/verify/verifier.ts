import { unknownNames } from '../answer/grounding.js';
import { keyTerms } from '../answer/key-terms.js';
import type { ScoredSentence, SentenceBank } from '../answer/sentence-bank.js';
import { AppError } from '../errors.js';
import type { Retriever } from '../retrieve/retriever.js';
import type { LoadedIndex } from '../store/index-files.js';
import type { Evidence, Hit, SearchOptions, SearchTimings, Stance, Verdict } from '../types.js';
import { boundQuantities, figuresConfirmed, findConflict, isPolarityWord, ranks, type Conflict } from './rules.js';

/** Tuning of the verifier. */
export interface VerifySettings {
  /** Passages searched for evidence. @default 8 */
  passages: number;
  /** A sentence is about the claim when it covers this share of the claim's weighted terms… @default 0.55 */
  minCoverage: number;
  /** …and is at least this similar in meaning. @default 0.35 */
  minSimilarity: number;
  /** Coverage needed to call a claim supported. @default 0.7 */
  supportCoverage: number;
  /** Evidence items returned at most. @default 4 */
  maxEvidence: number;
}

export const DEFAULT_VERIFY_SETTINGS: VerifySettings = { passages: 8, minCoverage: 0.55, minSimilarity: 0.35, supportCoverage: 0.7, maxEvidence: 4 };

interface Judged extends ScoredSentence {
  alignment: number;
  stance: Stance;
  conflict?: Conflict;
}

/** Words that make a claim a question rather than a statement. */
const QUESTION = /\?\s*$|^\s*(?:who|what|when|where|why|how|which|whom|whose|is|are|was|were|do|does|did|can|could|will|would|should|has|have)\b[^.]*$/i;

/**
 * Checks a claim against the documents: find sentences about the same thing (by meaning
 * and by the claim's own terms), then compare figures, ranks, shares, negation and
 * direction with named rules. A claim is supported only by a sentence that covers it and
 * confirms its figures; contradicted by one that is about it and states otherwise;
 * otherwise there is not enough information.
 */
export class Verifier {
  private readonly settings: VerifySettings;

  constructor(
    private readonly index: LoadedIndex,
    private readonly retriever: Retriever,
    private readonly bank: SentenceBank,
    settings: Partial<VerifySettings> = {},
  ) {
    this.settings = { ...DEFAULT_VERIFY_SETTINGS, ...settings };
  }

  async verify(claim: string, options: Pick<SearchOptions, 'docIds'> = {}): Promise<Verdict & { timings: SearchTimings & { totalMs: number } }> {
    const started = performance.now();
    const text = claim.trim();
    if (text === '') throw new AppError('INVALID_INPUT', 'The claim is empty');
    const none = (explanation: string, timings?: SearchTimings): Verdict & { timings: SearchTimings & { totalMs: number } } => ({
      verdict: 'not_enough_info',
      confidence: 0,
      evidence: [],
      explanation,
      timings: { embedMs: 0, denseMs: 0, lexicalMs: 0, fuseMs: 0, ...timings, totalMs: performance.now() - started },
    });
    if (QUESTION.test(text)) return none('This is a question, not a claim: a claim states something that can be true or false. Ask questions in the chat instead.');
    // Figures and polarity words are compared by the rules; the rest says what the claim is about.
    const terms = keyTerms(text).filter((t) => !/^\d/.test(t) && !isPolarityWord(t));
    if (terms.length === 0) return none('The claim has nothing that can be checked: it names no subject the documents could confirm or contradict.');

    const { hits, timings, queryVector } = await this.retriever.search(text, { k: this.settings.passages, ...(options.docIds?.length ? { docIds: options.docIds } : {}) });
    const missing = unknownNames(text, this.bank.vocabulary, this.bank.initialisms);
    if (missing.length > 0) {
      const verdict = none(`The documents never mention ${missing.map((m) => `“${m}”`).join(', ')}, so they cannot confirm or contradict this claim.`, timings);
      verdict.evidence = this.related(this.judge(text, terms, hits, queryVector).slice(0, 2));
      return verdict;
    }

    const judged = this.judge(text, terms, hits, queryVector);
    const aligned = judged.filter((j) => j.coverage >= this.settings.minCoverage && j.similarity >= this.settings.minSimilarity);
    const supporting = aligned.filter((j) => j.stance === 'supports');
    const contradicting = aligned.filter((j) => j.stance === 'contradicts');
    const bestSupport = supporting[0];
    const bestContra = contradicting[0];
    const finish = (v: Verdict) => ({ ...v, timings: { ...timings, totalMs: performance.now() - started } });

    if (bestContra && (!bestSupport || bestContra.alignment >= bestSupport.alignment - 0.05)) {
      const evidence = this.evidence([bestContra, ...contradicting.slice(1, 2), ...supporting.slice(0, 1)], aligned);
      const c = bestContra.conflict!;
      const lead = conflictSentence(c, 1);
      const disagreement = bestSupport && bestSupport.hit.docId !== bestContra.hit.docId ? ` The sources disagree: [${evidence.findIndex((e) => e.stance === 'supports') + 1}] supports the claim.` : '';
      return finish({ verdict: 'contradicted', confidence: round(bestContra.alignment), evidence, explanation: lead + disagreement });
    }
    if (bestSupport) {
      const evidence = this.evidence([bestSupport, ...supporting.slice(1, 2)], aligned);
      const cites = evidence.filter((e) => e.stance === 'supports').map((e) => `[${e.n}]`).join(' ');
      return finish({ verdict: 'supported', confidence: round(bestSupport.alignment), evidence, explanation: `The sources state this ${cites}.` });
    }
    const near = aligned.length > 0 ? aligned : judged;
    const evidence = this.related(near.slice(0, 2));
    const explanation =
      aligned.length > 0
        ? `The closest passages ${evidence.map((e) => `[${e.n}]`).join(' ')} are about this subject but neither confirm nor contradict the claim.`
        : 'No passage in the documents is about this claim.';
    return finish({ verdict: 'not_enough_info', confidence: round(1 - (near[0]?.alignment ?? 0)), evidence, explanation });
  }

  /** Every sentence of the retrieved passages, with how closely it is about the claim and its stance. */
  private judge(claim: string, terms: string[], hits: Hit[], queryVector: number[]): Judged[] {
    const claimFigures = boundQuantities(claim, this.bank.acronyms);
    const claimRanks = ranks(claim);
    const out = this.bank.scoreSentences(hits, queryVector, terms).map((s): Judged => {
      const conflict = findConflict(claim, s.text, s.coverage >= this.settings.supportCoverage, this.bank.acronyms);
      const sentenceRanks = ranks(s.text);
      const confirmsRanks = [...claimRanks].every(([q, r]) => sentenceRanks.get(q) === r);
      const stance: Stance = conflict
        ? 'contradicts'
        : s.coverage >= this.settings.supportCoverage && figuresConfirmed(claimFigures, boundQuantities(s.text, this.bank.acronyms)) && confirmsRanks
          ? 'supports'
          : 'related';
      return { ...s, alignment: 0.5 * s.similarity + 0.5 * s.coverage, stance, ...(conflict ? { conflict } : {}) };
    });
    return out.sort((a, b) => b.alignment - a.alignment);
  }

  /** Evidence list: the deciding sentences first, then the best related ones, without repeats. */
  private evidence(deciding: Judged[], aligned: Judged[]): Evidence[] {
    const chosen: Judged[] = [];
    for (const j of [...deciding, ...aligned.filter((a) => a.stance === 'related')]) {
      if (chosen.length >= this.settings.maxEvidence) break;
      if (!chosen.some((c) => c.hit.chunkId === j.hit.chunkId && c.sentence === j.sentence)) chosen.push(j);
    }
    return chosen.map((j, i) => this.toEvidence(j, i + 1, j.stance));
  }

  private related(judged: Judged[]): Evidence[] {
    return judged.map((j, i) => this.toEvidence(j, i + 1, 'related'));
  }

  private toEvidence(j: Judged, n: number, stance: Stance): Evidence {
    const meta = this.index.docs.get(j.hit.docId)!.meta;
    const evidence: Evidence = { n, docId: j.hit.docId, title: j.hit.title, chunkId: j.hit.chunkId, quote: j.text, start: j.start, end: j.end, stance };
    const source = meta.sourceUrl ?? meta.publisher;
    if (source) evidence.source = source;
    return evidence;
  }
}

function round(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;
}

/** The explanation of a contradiction, citing evidence n. */
function conflictSentence(c: Conflict, n: number): string {
  switch (c.rule) {
    case 'number':
    case 'rank':
    case 'share':
      return `The sources give ${c.stated}, not ${c.claimed} [${n}].`;
    case 'direction':
      return `The sources describe ${c.stated}, not ${c.claimed} [${n}].`;
    case 'negation':
      return c.stated === 'it does not' ? `The sources say the opposite: it is not so [${n}].` : `The sources say the opposite: it is so [${n}].`;
  }
}
