import { AppError } from '../errors.js';
import type { Conflict } from '../evidence/conflicts.js';
import { candidatesFor, prepareQuery } from '../evidence/features.js';
import { Judge, type StanceJudgment } from '../evidence/judge.js';
import type { SentenceBank } from '../evidence/sentence-bank.js';
import { pageOf } from '../ingest/page-of.js';
import { analyzeText } from '../language/analyze.js';
import { YES_NO_OPENERS } from '../language/lexicon.js';
import type { Retriever } from '../retrieve/retriever.js';
import { DEFAULT_VERIFY_SETTINGS, type VerifySettings } from '../settings.js';
import type { LoadedIndex } from '../store/index-files.js';
import type { Evidence, SearchOptions, SearchTimings, Stance, Verdict } from '../types.js';

/** Wording that makes a text a question to ask rather than a claim to check. */
const WH_QUESTION = /^\s*(?:who|what|when|where|why|how|which|whom|whose)\b[^.]*\??\s*$|\?\s*$/i;

/**
 * What a verification may be limited to, and the signal that cancels what is still
 * waiting on it (a language model's explanation) when the client hangs up.
 */
export interface VerifyOptions extends Pick<SearchOptions, 'docIds'> {
  signal?: AbortSignal;
}

/**
 * Checks a claim against the documents. The sentences of the passages retrieved for it
 * are judged by the stance model: P(supports), P(contradicts), P(neutral). The verdict
 * is the stance of the most probable deciding sentence when that probability passes the
 * threshold, and otherwise there is not enough information. A sentence is shown as
 * contradicting only when the model says it is about the claim and states otherwise;
 * the named conflict rules (figures, dates, names, ranks, direction, negation) are the
 * model's features and write the explanation.
 */
export class Verifier {
  private readonly settings: VerifySettings;

  constructor(
    private readonly index: LoadedIndex,
    private readonly retriever: Retriever,
    private readonly judge: Judge,
    settings: Partial<VerifySettings> = {},
  ) {
    this.settings = { ...DEFAULT_VERIFY_SETTINGS, ...settings };
  }

  private get bank(): SentenceBank {
    return this.judge.bank;
  }

  async verify(claim: string, options: VerifyOptions = {}): Promise<Verdict & { timings: SearchTimings & { totalMs: number } }> {
    const started = performance.now();
    const raw = claim.trim();
    if (raw === '') throw new AppError('INVALID_INPUT', 'The claim is empty');
    const zero: SearchTimings = { embedMs: 0, denseMs: 0, lexicalMs: 0, fuseMs: 0 };
    const finish = (v: Verdict, timings: SearchTimings = zero) => ({ ...v, timings: { ...timings, totalMs: performance.now() - started } });
    if (WH_QUESTION.test(raw) && !YES_NO_OPENERS.test(raw)) {
      return finish({ verdict: 'not_enough_info', confidence: 0, evidence: [], explanation: 'This is a question, not a claim: a claim states something that can be true or false. Ask questions in the chat instead.' });
    }
    const { text } = this.bank.spelling.correct(raw.replace(/\?\s*$/, ''));
    const analysis = analyzeText(text, this.bank.analysisOptions);
    if (analysis.terms.filter((t) => !/^\d/.test(t)).length === 0) {
      return finish({ verdict: 'not_enough_info', confidence: 0, evidence: [], explanation: 'The claim has nothing that can be checked: it names no subject the documents could confirm or contradict.' });
    }
    const { hits, timings, queryVector } = await this.retriever.search(text, { k: this.settings.passages, ...(options.docIds?.length ? { docIds: options.docIds } : {}) });
    const q = prepareQuery(this.bank, text, analysis, queryVector);
    const judged = this.judge.judgeStances(q, candidatesFor(this.bank, q, this.bank.sentencesOf(hits)));
    return finish(this.decide(q.unknown > 0 ? unknownNames(q.names.map((n) => n.text), this.bank) : [], judged), timings);
  }

  private decide(unknown: string[], judged: StanceJudgment[]): Verdict {
    const { stanceThreshold, relatedThreshold, maxEvidence } = this.settings;
    const supporting = judged.filter((j) => Judge.stance(j, stanceThreshold) === 'supports').sort((a, b) => b.p.supports - a.p.supports);
    const contradicting = judged.filter((j) => Judge.stance(j, stanceThreshold) === 'contradicts').sort((a, b) => b.p.contradicts - a.p.contradicts);
    const about = (j: StanceJudgment) => j.p.about;
    const related = [...judged].filter((j) => !supporting.includes(j) && !contradicting.includes(j)).sort((a, b) => about(b) - about(a));
    const bestSupport = supporting[0];
    const bestContra = contradicting[0];

    if (bestContra && (!bestSupport || bestContra.p.contradicts > bestSupport.p.supports)) {
      const chosen = [bestContra, ...contradicting.slice(1, 2), ...supporting.slice(0, 1)];
      const evidence = this.evidence(chosen, related, maxEvidence);
      const other = evidence.find((e) => e.stance === 'supports' && e.docId !== evidence[0]!.docId);
      const disagreement = other ? ` The sources disagree: [${other.n}] supports the claim.` : '';
      return { verdict: 'contradicted', confidence: round(bestContra.p.contradicts), evidence, explanation: conflictSentence(bestContra.conflict, 1) + disagreement };
    }
    if (bestSupport) {
      const evidence = this.evidence([bestSupport, ...supporting.slice(1, 2)], related, maxEvidence);
      const cites = evidence.filter((e) => e.stance === 'supports').map((e) => `[${e.n}]`).join(' ');
      return { verdict: 'supported', confidence: round(bestSupport.p.supports), evidence, explanation: `The sources state this ${cites}.` };
    }
    const near = related.filter((j, i) => i === 0 || about(j) >= relatedThreshold).slice(0, 2);
    const evidence = this.evidence([], near, 2);
    const confidence = round(1 - Math.max(0, ...judged.map((j) => Math.max(j.p.supports, j.p.contradicts))));
    const cites = evidence.map((e) => `[${e.n}]`).join(' ');
    const explanation =
      unknown.length > 0
        ? `The documents never mention ${unknown.map((m) => `“${m}”`).join(', ')}, so they cannot confirm or contradict this claim.${cites ? ` The nearest passages are ${cites}.` : ''}`
        : evidence.length > 0
          ? `The documents neither confirm nor contradict this. The closest passages ${cites} do not settle it.`
          : 'No passage in the documents is about this claim.';
    return { verdict: 'not_enough_info', confidence, evidence, explanation };
  }

  /** The deciding sentences first, then related ones, without repeats. */
  private evidence(deciding: StanceJudgment[], related: StanceJudgment[], max: number): Evidence[] {
    const chosen: Array<{ j: StanceJudgment; stance: Stance }> = [];
    const push = (j: StanceJudgment, stance: Stance) => {
      if (chosen.length < max && !chosen.some((c) => c.j.record.key === j.record.key)) chosen.push({ j, stance });
    };
    for (const j of deciding) push(j, Judge.stance(j, this.settings.stanceThreshold) ?? 'related');
    for (const j of related) if (j.p.about >= this.settings.relatedThreshold || chosen.length === 0) push(j, 'related');
    return chosen.map(({ j, stance }, i) => {
      const doc = this.index.docs.get(j.record.docId)!;
      const meta = doc.meta;
      const evidence: Evidence = { n: i + 1, docId: j.record.docId, title: meta.title, chunkId: j.record.chunkId, quote: j.record.text, start: j.record.start, end: j.record.end, stance };
      const source = meta.sourceUrl ?? meta.publisher;
      if (source) evidence.source = source;
      const page = pageOf(doc, j.record.start);
      if (page !== undefined) evidence.page = page;
      return evidence;
    });
  }
}

/** Names in the claim that no document mentions at all. */
function unknownNames(names: string[], bank: SentenceBank): string[] {
  return names.filter((name) => {
    const terms = name.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter((t) => t.length > 1);
    return terms.length > 0 && terms.every((t) => !bank.knows(t) && !bank.knows(t.replace(/s$/, '')));
  });
}

function round(x: number): number {
  return Math.round(Math.max(0, Math.min(1, x)) * 100) / 100;
}

/** The explanation of a contradiction, citing evidence n. */
function conflictSentence(c: Conflict | undefined, n: number): string {
  if (!c) return `The sources say otherwise [${n}].`;
  switch (c.rule) {
    case 'number':
    case 'date':
    case 'duration':
    case 'rank':
    case 'share':
    case 'name':
      return `The sources give ${c.stated}, not ${c.claimed} [${n}].`;
    case 'direction':
      return `The sources describe ${c.stated}, not ${c.claimed} [${n}].`;
    case 'antonym':
    case 'sibling':
      return `The sources say “${c.stated}”, not “${c.claimed}” [${n}].`;
    case 'negation':
      return c.stated === 'it does not' ? `The sources say the opposite: it is not so [${n}].` : `The sources say the opposite: it is so [${n}].`;
  }
}
