import { queryTerms } from '../retrieve/terms.js';

/**
 * Words that shape a question but say nothing about its subject: an answer need not
 * contain "say", "according" or "document" to answer "What does the document say about X?".
 */
const QUESTION_WORDS = new Set(
  ('what which who whom whose when where why how much many does do did say says said tell mention mentioned describe ' +
    'explain list give name kind type according document documents source sources text article fact sheet ' +
    'mean meaning happen happened exactly please show know main key one')
    .split(' '),
);

/** The content terms of a question, stemmed, without question words. */
export function keyTerms(question: string): string[] {
  return [...new Set(queryTerms(question).filter((t) => !QUESTION_WORDS.has(t)))];
}

/**
 * Whether a question term matches a term of a passage: equal after stemming, or sharing
 * a long enough prefix ("acquire"/"acquisition", "India"/"Indian", "agricultural"/"agriculture").
 */
export function termMatches(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 5) return false;
  let common = 0;
  while (common < shorter && a[common] === b[common]) common++;
  return common >= 5 && common >= 0.7 * shorter;
}

/**
 * Inverse document frequency over a collection of term sets; unseen terms get the
 * maximum, and terms in `damped` count for a quarter.
 */
export class TermWeights {
  private readonly df = new Map<string, number>();
  private readonly total: number;

  constructor(
    termSets: Iterable<Set<string>>,
    private readonly damped: Set<string> = new Set(),
  ) {
    let n = 0;
    for (const terms of termSets) {
      n++;
      for (const t of terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    }
    this.total = n;
  }

  idf(term: string): number {
    const idf = Math.log(1 + this.total / ((this.df.get(term) ?? 0) + 0.5));
    return this.damped.has(term) ? idf / 4 : idf;
  }

  /** Every term seen in the collection. */
  vocabulary(): Set<string> {
    return new Set(this.df.keys());
  }
}

/**
 * The share of a question's key terms (weighted by rarity) that a passage contains.
 * Terms found only in `context` (headings, the title) count half.
 */
export function coverage(terms: string[], weights: TermWeights, passage: Set<string>, context?: Set<string>): number {
  let total = 0;
  let found = 0;
  for (const t of terms) {
    const w = weights.idf(t);
    total += w;
    if (hasMatch(t, passage)) found += w;
    else if (context && hasMatch(t, context)) found += w / 2;
  }
  return total === 0 ? 0 : found / total;
}

/** Whether a set holds `term` or a word form matching it (see termMatches). */
export function hasMatch(term: string, set: Set<string>): boolean {
  if (set.has(term)) return true;
  for (const t of set) if (termMatches(term, t)) return true;
  return false;
}
