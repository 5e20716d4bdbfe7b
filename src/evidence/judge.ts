import { answerFeatures, stanceFeatures, type AnswerFeatures, type Candidate, type PreparedQuery, type StanceFeatures } from './features.js';
import type { Conflict } from './conflicts.js';
import { predict, type LogisticModel, type Signs } from './logistic.js';
import type { SentenceBank } from './sentence-bank.js';

/**
 * The judgments, as probabilities from small models fitted when the index is built (on
 * examples generated from the collection itself, see training.ts). Each judgment is
 * factored in two: is the sentence about what the question or claim is about (by meaning
 * and words), and, given that it is, does it answer the question (the kind of answer
 * asked for, the thing asked about, the names) or support or contradict the claim (the
 * conflict rules)? Fitting the second part only on sentences that are about the query
 * keeps the two apart: high word overlap cannot stand in for a missing answer.
 * `rules` decides by fixed thresholds on the same features instead, for the ablation
 * the evaluation reports.
 */
export interface EvidenceModels {
  /** P(the sentence is about what the question asks). */
  about: LogisticModel;
  /** P(it answers | it is about it): the kind of answer, the thing asked, the names. */
  answers: LogisticModel;
  /** P(the sentence is about what the claim states). */
  claimAbout: LogisticModel;
  /**
   * The same, without the embedding similarity, for sentences a language model wrote and
   * cited: their candidates are the passages they cite, so they need no retrieval, and
   * without it they need no embedding either (about 20 ms a sentence).
   */
  citedAbout: LogisticModel;
  /** P(it supports | it is about it). */
  supports: LogisticModel;
  /** P(it contradicts | it is about it). */
  contradicts: LogisticModel;
}

/**
 * The direction each feature may push each model: a prior that keeps a model fitted on
 * a few hundred generated examples from learning accidents of the sample (that finding
 * more of a question's words in a sentence makes it less likely to answer, say).
 */
export const SIGNS: Record<keyof EvidenceModels, Signs> = {
  about: { similarity: 1, coverage: 1, contextOnly: 1, focus: 1, unknown: -1, unknownWords: -1, typeFit: 1, headCoverage: 1, passageRank: 1, cardAsked: 1 },
  answers: { unknown: -1, unknownWords: -1, namesMissing: -1, figuresMissing: -1, typeFit: 1, typeFitName: 1, typeMissing: -1, headCoverage: 1, card: -1, cardAsked: 1 },
  // A figure or a negation that disagrees is never a sign that a sentence is about something
  // else: unrelated sentences retrieved for a claim often hold other figures, and left free
  // the models learnt to turn down the very sentences that contradict a claim.
  claimAbout: { similarity: 1, coverage: 1, reverse: 1, contextOnly: 1, focus: 1, conflict: 1, oppose: 1, alignedConflict: 1, alignedOppose: 1, swap: 1, alignedSwap: 1, passageRank: 1 },
  citedAbout: { coverage: 1, reverse: 1, contextOnly: 1, focus: 1, conflict: 1, oppose: 1, alignedConflict: 1, alignedOppose: 1, swap: 1, alignedSwap: 1 },
  supports: { unknown: -1, unknownWords: -1, namesMissing: -1, conflict: -1, oppose: -1, confirmed: 1, unmatched: -1, alignedConflict: -1, alignedOppose: -1, swap: -1, alignedSwap: -1 },
  // A word the documents never use is no sign of a contradiction: generated contradictions
  // that swap in another word of the same kind often bring one, and left free the model
  // read "remotely" for "from home" as one.
  contradicts: { unknown: -1, unknownWords: -1, conflict: 1, oppose: 1, confirmed: -1, alignedConflict: 1, alignedOppose: 1, swap: 1, alignedSwap: 1 },
};

export interface AnswerJudgment extends Candidate {
  features: AnswerFeatures;
  /** `answers` is P(about) × P(answers | about); `given` is the second factor alone. */
  p: { answers: number; about: number; given: number };
}

export interface StanceJudgment extends Candidate {
  features: StanceFeatures;
  /** `supports` and `contradicts` are joint probabilities; `given` holds the factors after P(about). */
  p: { supports: number; contradicts: number; about: number; given: { supports: number; contradicts: number } };
  conflict?: Conflict;
}

/** Thresholds of the rules-only decision, kept for the ablation. */
export interface RuleThresholds {
  /** A sentence answers when it has this share of the question's weight… @default 0.5 */
  answerCoverage: number;
  /** …and at least this similarity. @default 0.3 */
  answerSimilarity: number;
  /** It is about the question from this share of the weight. @default 0.3 */
  aboutCoverage: number;
  /** A claim is supported at this coverage with no conflict… @default 0.7 */
  supportCoverage: number;
  /** …and contradicted by a conflict at this coverage. @default 0.55 */
  contradictCoverage: number;
}

export const DEFAULT_RULE_THRESHOLDS: RuleThresholds = { answerCoverage: 0.5, answerSimilarity: 0.3, aboutCoverage: 0.3, supportCoverage: 0.7, contradictCoverage: 0.55 };

export type Decider = 'model' | 'rules';

const bestOf = (candidates: Candidate[]) => Math.max(0, ...candidates.map((c) => c.similarity));

export class Judge {
  constructor(
    readonly bank: SentenceBank,
    readonly models: EvidenceModels,
    readonly decider: Decider = 'model',
    readonly rules: RuleThresholds = DEFAULT_RULE_THRESHOLDS,
  ) {}

  judgeAnswers(q: PreparedQuery, candidates: Candidate[]): AnswerJudgment[] {
    const best = bestOf(candidates);
    return candidates
      .map((c) => {
        const features = answerFeatures(this.bank, q, c, best);
        if (this.decider === 'rules') return { ...c, features, p: this.answerRules(features) };
        const about = predict(this.models.about, features);
        const given = predict(this.models.answers, features);
        return { ...c, features, p: { answers: about * given, about, given } };
      })
      .sort((a, b) => b.p.answers - a.p.answers || b.p.about - a.p.about);
  }

  /** `cited`: the claim is a generated sentence and the candidates the passages it cites; no similarity is used (see `citedAbout`). */
  judgeStances(q: PreparedQuery, candidates: Candidate[], { cited = false }: { cited?: boolean } = {}): StanceJudgment[] {
    const best = bestOf(candidates);
    const aboutModel = cited ? this.models.citedAbout : this.models.claimAbout;
    return candidates.map((c) => {
      const { features, conflict } = stanceFeatures(this.bank, q, c, best);
      let p: StanceJudgment['p'];
      if (this.decider === 'rules') p = this.stanceRules(features);
      else {
        const about = predict(aboutModel, features);
        const given = { supports: predict(this.models.supports, features), contradicts: predict(this.models.contradicts, features) };
        p = { supports: about * given.supports, contradicts: about * given.contradicts, about, given };
      }
      return { ...c, features, p, ...(conflict ? { conflict } : {}) };
    });
  }

  private answerRules(f: AnswerFeatures): AnswerJudgment['p'] {
    const answers = f.unknown === 0 && f.focus > 0 && f.coverage >= this.rules.answerCoverage && f.similarity >= this.rules.answerSimilarity && f.typeMissing === 0 ? 1 : 0;
    const about = answers || f.coverage >= this.rules.aboutCoverage ? 1 : 0;
    return { answers, about, given: answers };
  }

  private stanceRules(f: StanceFeatures): StanceJudgment['p'] {
    const conflict = f.conflict === 1 || (f.coverage >= this.rules.supportCoverage && (f.oppose === 1 || f.swap === 1));
    const contradicts = conflict && f.coverage >= this.rules.contradictCoverage ? 1 : 0;
    const supports = !conflict && f.coverage >= this.rules.supportCoverage && f.unmatched === 0 && f.unknown === 0 ? 1 : 0;
    const about = f.coverage >= this.rules.contradictCoverage ? 1 : 0;
    return { supports, contradicts, about, given: { supports, contradicts } };
  }

  /** A sentence answers when it is about the question and, being about it, answers it: each part past the threshold. */
  static answers(j: AnswerJudgment, threshold: number): boolean {
    return j.p.about >= threshold && j.p.given >= threshold;
  }

  /** The stance a sentence takes on a claim, when both parts of the judgment pass the threshold. */
  static stance(j: StanceJudgment, threshold: number): 'supports' | 'contradicts' | undefined {
    if (j.p.about < threshold) return undefined;
    const { supports, contradicts } = j.p.given;
    if (supports >= threshold && supports >= contradicts) return 'supports';
    if (contradicts >= threshold) return 'contradicts';
    return undefined;
  }
}
