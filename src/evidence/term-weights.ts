/**
 * Rarity weights for terms over the sentences of a collection, and the loose match of
 * word forms that stemming misses ("India"/"Indian", "acquire"/"acquisition").
 */

/** Equal, or sharing a prefix of at least five letters that covers 70% of the shorter word. */
export function termMatches(a: string, b: string): boolean {
  if (a === b) return true;
  const shorter = Math.min(a.length, b.length);
  if (shorter < 5) return false;
  let common = 0;
  while (common < shorter && a[common] === b[common]) common++;
  return common >= 5 && common >= 0.7 * shorter;
}

/** Whether a set holds `term` or a word form matching it. */
export function hasMatch(term: string, set: Set<string>): boolean {
  if (set.has(term)) return true;
  for (const t of set) if (termMatches(term, t)) return true;
  return false;
}

/**
 * Inverse document frequency over a collection of term sets; a term never seen gets the
 * highest weight.
 *
 * `everyday` gives the share of everyday English sentences holding a term. The collection
 * is read as if it came with as many everyday sentences again: a term's count is raised by
 * the number of those that would hold it. A small collection's own counts cannot tell a
 * word rare only there ("people", "actually", in one sentence each) from a telling one
 * ("deferral"); this lowers the first and leaves the second alone, as it leaves most names.
 * A name that is also an everyday word ("TRUST") is lowered too; sparing the words a
 * collection writes with capitals changed no evaluation figure, so they are not spared.
 * It replaces a hand-written list of everyday words that counted for a quarter.
 */
export class TermWeights {
  private readonly df = new Map<string, number>();
  private readonly total: number;
  /**
   * Every collection term's weight, worked out when the weights are made: features ask
   * for the same weights for every candidate, and the everyday-English counts then load
   * while an index opens, not during the first answer. Terms the collection lacks (a few
   * a query) are weighed when asked, and not kept, so that queries cannot grow it.
   */
  private readonly weights = new Map<string, number>();

  constructor(
    termSets: Iterable<Set<string>>,
    private readonly everyday: (term: string) => number = () => 0,
  ) {
    let n = 0;
    for (const terms of termSets) {
      n++;
      for (const t of terms) this.df.set(t, (this.df.get(t) ?? 0) + 1);
    }
    this.total = n;
    for (const t of this.df.keys()) this.weights.set(t, this.weigh(t));
  }

  idf(term: string): number {
    return this.weights.get(term) ?? this.weigh(term);
  }

  private weigh(term: string): number {
    return Math.log(1 + this.total / ((this.df.get(term) ?? 0) + this.total * this.everyday(term) + 0.5));
  }

  /** Every term seen in the collection. */
  vocabulary(): Set<string> {
    return new Set(this.df.keys());
  }
}
