/**
 * Every threshold and weight of answering and verifying, named, in one place. The
 * decisions themselves are probabilities from the fitted models (src/evidence/), so the
 * thresholds here are decision points on calibrated probabilities, not tuned cut-offs on
 * raw scores, plus how much to retrieve and show.
 */

export interface AnswerSettings {
  /** Passages whose sentences are considered. @default 6 */
  passages: number;
  /** Most sentences in an answer. @default 4 */
  maxSentences: number;
  /** A sentence answers when P(answers) reaches this. @default 0.5 */
  answerThreshold: number;
  /** The documents touch the question when P(about) of some sentence reaches this. @default 0.5 */
  partialThreshold: number;
  /** Further sentences join the answer when their P(answers) is at least this share of the best. @default 0.7 */
  relativeCutoff: number;
  /** How strongly a sentence similar to one already chosen is penalised (maximal marginal relevance). @default 0.5 */
  redundancyPenalty: number;
  /** Two sentences this similar in meaning say the same thing (for "the sources differ"). @default 0.6 */
  sameThingSimilarity: number;
  /** Sources compared at most for "do the sources agree" questions. @default 4 */
  maxSources: number;
}

export const DEFAULT_ANSWER_SETTINGS: AnswerSettings = {
  passages: 6,
  maxSentences: 4,
  answerThreshold: 0.5,
  partialThreshold: 0.5,
  relativeCutoff: 0.7,
  redundancyPenalty: 0.5,
  sameThingSimilarity: 0.6,
  maxSources: 4,
};

export interface VerifySettings {
  /** Passages searched for evidence. @default 8 */
  passages: number;
  /** A sentence supports or contradicts a claim when that probability reaches this. @default 0.5 */
  stanceThreshold: number;
  /** A sentence is shown as related when P(about) reaches this, or it is the closest. @default 0.2 */
  relatedThreshold: number;
  /** Evidence items returned at most. @default 4 */
  maxEvidence: number;
}

export const DEFAULT_VERIFY_SETTINGS: VerifySettings = { passages: 8, stanceThreshold: 0.5, relatedThreshold: 0.2, maxEvidence: 4 };
