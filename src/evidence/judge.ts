import { answerFeatures, stanceFeatures, type AnswerFeatures, type Candidate, type PreparedQuery, type StanceFeatures } from './features.js';
import type { Conflict } from './conflicts.js';
import { predict, type LogisticModel, type Signs } from './logistic.js';
import type { SentenceBank } from './sentence-bank.js';

/**
 * The judgments, as probabilities from four small models fitted when the index is built
 * (on examples generated from the collection itself, see training.ts):
 * - `answers`: this sentence answers the question;
 * - `about`: it is about what the question asks, whether or not it settles it;
 * - `supports` / `contradicts`: it supports, or contradicts, the claim.
 * `rules` decides by fixed thresholds on the same features instead, for the ablation
 * the evaluation reports.
 */
export interface EvidenceModels {
  answers: LogisticModel;
  about: LogisticModel;
  supports: LogisticModel;
  contradicts: LogisticModel;
}

/**
 * The direction each feature may push each model: a prior that keeps a model fitted on
 * a few hundred generated examples from learning accidents of the sample (that finding
 * more of a question's words in a sentence makes it less likely to answer, say).
 */
export const SIGNS: Record<keyof EvidenceModels, Signs> = {
  answers: { similarity: 1, similarityGap: 1, coverage: 1, contextOnly: 1, focus: 1, unknown: -1, unknownWords: -1, namesMissing: -1, figuresMissing: -1, typeFit: 1, typeMissing: -1, headCoverage: 1, passageRank: 1, card: -1, cardAsked: 1 },
  about: { similarity: 1, similarityGap: 1, coverage: 1, contextOnly: 1, focus: 1, headCoverage: 1, passageRank: 1, cardAsked: 1 },
  supports: { similarity: 1, similarityGap: 1, coverage: 1, reverse: 1, focus: 1, unknown: -1, unknownWords: -1, namesMissing: -1, conflict: -1, oppose: -1, confirmed: 1, unmatched: -1, alignedConflict: -1, alignedOppose: -1 },
  contradicts: { similarityGap: 1, focus: 1, unknown: -1, conflict: 1, oppose: 1, confirmed: -1, alignedConflict: 1, alignedOppose: 1 },
};

export interface AnswerJudgment extends Candidate {
  features: AnswerFeatures;
  p: { answers: number; about: number };
}

export interface StanceJudgment extends Candidate {
  features: StanceFeatures;
  p: { supports: number; contradicts: number };
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
        const p = this.decider === 'model' ? { answers: predict(this.models.answers, features), about: predict(this.models.about, features) } : this.answerRules(features);
        // Whatever answers a question is about it.
        return { ...c, features, p: { answers: p.answers, about: Math.max(p.about, p.answers) } };
      })
      .sort((a, b) => b.p.answers - a.p.answers || b.p.about - a.p.about);
  }

  judgeStances(q: PreparedQuery, candidates: Candidate[]): StanceJudgment[] {
    const best = bestOf(candidates);
    return candidates.map((c) => {
      const { features, conflict } = stanceFeatures(this.bank, q, c, best);
      const p = this.decider === 'model' ? { supports: predict(this.models.supports, features), contradicts: predict(this.models.contradicts, features) } : this.stanceRules(features);
      return { ...c, features, p, ...(conflict ? { conflict } : {}) };
    });
  }

  private answerRules(f: AnswerFeatures): { answers: number; about: number } {
    const answers = f.unknown === 0 && f.focus > 0 && f.coverage >= this.rules.answerCoverage && f.similarity >= this.rules.answerSimilarity && f.typeMissing === 0;
    return { answers: answers ? 1 : 0, about: answers || f.coverage >= this.rules.aboutCoverage ? 1 : 0 };
  }

  private stanceRules(f: StanceFeatures): { supports: number; contradicts: number } {
    const conflict = f.conflict === 1 || (f.coverage >= this.rules.supportCoverage && f.oppose === 1);
    if (conflict && f.coverage >= this.rules.contradictCoverage) return { supports: 0, contradicts: 1 };
    const supports = !conflict && f.coverage >= this.rules.supportCoverage && f.unmatched === 0 && f.unknown === 0;
    return { supports: supports ? 1 : 0, contradicts: 0 };
  }
}
