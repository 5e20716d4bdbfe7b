import { datesAgree, datesComparable, durationsAgree, durationsComparable, sameTime, weekdayName, type ClockTime, type DateValue, type Duration } from '../language/dates.js';
import type { TextAnalysis } from '../language/analyze.js';
import { NUMBER_WORDS, ORDINAL_WORDS } from '../language/lexicon.js';
import { agrees, comparable, parseQuantities, type Quantity } from '../language/quantities.js';
import { parse } from '../language/nlp.js';
import { processTerm, tokenize } from '../language/terms.js';
import { WordNet } from '../language/wordnet.js';
import { termMatches } from './term-weights.js';

/**
 * Small rules that compare a claim with one sentence about the same thing. Each returns
 * a conflict (what the claim says, what the source says) or nothing. They are features
 * of the stance model, not verdicts: whether a conflict on a sentence decides anything
 * depends on how closely the sentence is about the claim.
 */
export interface Conflict {
  rule: 'number' | 'date' | 'duration' | 'name' | 'rank' | 'share' | 'negation' | 'direction' | 'antonym' | 'sibling';
  claimed: string;
  stated: string;
}

/** Where a nearby word stands from a figure: distance in words on each side where it occurs. */
interface Placement {
  left?: number;
  right?: number;
}

/** A figure with the words around it: what it is a figure of. */
export interface BoundQuantity extends Quantity {
  context: Map<string, Placement>;
}

/** Acronym → long forms, as search terms (see answer/acronyms.ts). */
export type Acronyms = Map<string, string[][]>;

const CLAUSE_WORD = /^(?:and|with|while|whereas|which|but|or)$/i;

/**
 * Terms of the words on one side of a figure, nearest first, with their distance. The
 * side ends at a clause boundary (",", ";", ":", a bracket, "and", "with", "which"…):
 * what lies beyond it is about something else.
 */
function sideTerms(text: string, direction: 'left' | 'right', acronyms: Acronyms, into: Map<string, Placement>): void {
  const pieces = direction === 'left' ? text.split(/[,;:()[\]–—]/).at(-1)! : text.split(/[,;:()[\]–—]/)[0]!;
  let words = pieces.split(/\s+/).filter(Boolean);
  if (direction === 'left') words = words.reverse();
  for (let i = 0; i < Math.min(words.length, 6); i++) {
    if (CLAUSE_WORD.test(words[i]!)) break;
    for (const token of tokenize(words[i]!)) {
      const term = processTerm(token);
      if (term === null) continue;
      for (const t of [term, ...(acronyms.get(term) ?? []).flat()]) {
        const placement = into.get(t) ?? {};
        if (!(placement[direction]! <= i + 1)) into.set(t, { ...placement, [direction]: i + 1 });
      }
    }
  }
}

/**
 * Reads a text's figures with the words around them: up to six words on each side, never
 * reaching past another figure, each weighted by how near it is. In "allocating ₹7,000
 * crore for exploration and ₹1,500 crore for recycling", 7,000 is bound to "allocating" and
 * "exploration", 1,500 most closely to "recycling".
 */
export function boundQuantities(text: string, acronyms: Acronyms = new Map()): BoundQuantity[] {
  const figures = parseQuantities(text);
  return figures.map((q, i) => {
    const context = new Map<string, Placement>();
    sideTerms(text.slice(figures[i - 1]?.end ?? 0, q.start), 'left', acronyms, context);
    sideTerms(text.slice(q.end, figures[i + 1]?.start ?? text.length), 'right', acronyms, context);
    return { ...q, context };
  });
}

/**
 * How strongly two figures are about the same thing: shared nearby words, nearer ones
 * counting more. A word right after both figures counts four times: "₹X for exploration"
 * names what the money is for, while the words before are often shared by a whole list
 * ("allocating ₹X for exploration and ₹Y for recycling").
 */
function affinity(a: BoundQuantity, b: BoundQuantity): number {
  let score = 0;
  for (const [term, pa] of a.context) {
    const pb = b.context.get(term) ?? [...b.context].find(([other]) => termMatches(term, other))?.[1];
    if (!pb) continue;
    let best = 0;
    for (const sa of ['left', 'right'] as const) {
      for (const sb of ['left', 'right'] as const) {
        const da = pa[sa];
        const db = pb[sb];
        if (da !== undefined && db !== undefined) best = Math.max(best, (sa === 'right' && sb === 'right' ? 4 : 1) / (da * db));
      }
    }
    score += best;
  }
  return score;
}

/**
 * The stated figures a claimed one should be compared with. When one figure of the same
 * kind is clearly the figure of the same thing (its surroundings match at least twice as
 * well as any other's), only that one; otherwise all of that kind, since word order alone
 * cannot tell which figure belongs to what.
 */
function counterparts(claimed: BoundQuantity, stated: BoundQuantity[]): BoundQuantity[] {
  const same = stated.filter((s) => comparable(claimed, s));
  if (same.length < 2) return same;
  const ranked = same.map((s) => ({ s, score: affinity(claimed, s) })).sort((a, b) => b.score - a.score);
  const [first, second] = ranked;
  return first!.score > 0 && first!.score >= 2 * second!.score ? [first!.s] : same;
}

/** A figure mismatch: the sentence gives a figure of the same kind for the same thing, and it does not agree. */
export function numberConflict(claim: BoundQuantity[], sentence: BoundQuantity[]): Conflict | undefined {
  for (const c of claim) {
    const same = counterparts(c, sentence);
    if (same.length > 0 && !same.some((s) => agrees(c, s)) && !restated(c, sentence)) return { rule: 'number', claimed: c.raw, stated: same[0]!.raw };
  }
  return undefined;
}

/**
 * The sentence gives the claimed figure itself, among words it shares with the claim: the
 * same fact, though the counted noun may be left out ("187 runners were treated and 6
 * were taken to hospital" states "six runners were taken to hospital").
 */
function restated(claimed: BoundQuantity, sentence: BoundQuantity[]): boolean {
  return sentence.some((s) => comparable(claimed, s) && agrees(claimed, s) && affinity(claimed, s) > 0);
}

/** Whether every figure in the claim is stated in the sentence, for the same thing. */
export function figuresConfirmed(claim: BoundQuantity[], sentence: BoundQuantity[]): boolean {
  return claim.every((c) => counterparts(c, sentence).some((s) => agrees(c, s)) || restated(c, sentence));
}

const SUPERLATIVE = /\b(?:(second|third|fourth|fifth|2nd|3rd|4th|5th)[- ])?(largest|biggest|greatest|highest|lowest|smallest|leading|top|fastest|oldest|newest|most)\b/gi;

/** Superlative positions: "largest" → largest #1, "second-largest" → largest #2. */
export function ranks(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of text.matchAll(SUPERLATIVE)) {
    const quality = m[2]!.toLowerCase();
    if (quality === 'most' && !m[1]) continue; // "most" alone is a quantifier, not a rank
    out.set(quality, m[1] ? ORDINAL_WORDS[m[1].toLowerCase()]! : 1);
  }
  return out;
}

/** "largest" against "second-largest" or "second-biggest": the same quality, in the same or another word, at a different position. */
export function rankConflict(claim: Map<string, number>, sentence: Map<string, number>): Conflict | undefined {
  for (const [quality, rank] of claim) {
    for (const [other, stated] of sentence) {
      if (stated !== rank && sameQuality(quality, other)) return { rule: 'rank', claimed: label(rank, quality), stated: label(stated, other) };
    }
  }
  return undefined;
}

const qualityCache = new Map<string, boolean>();

/** Whether two superlatives name one quality: the same word, or adjectives WordNet gives a meaning in common ("biggest", "largest"). */
function sameQuality(a: string, b: string): boolean {
  if (a === b) return true;
  const key = `${a} ${b}`;
  let same = qualityCache.get(key);
  if (same === undefined) {
    const lemma = (w: string) => parse(w).tokens[0]?.lemma ?? w;
    same = WordNet.shared().synonyms(lemma(a)).has(lemma(b));
    qualityCache.set(key, same);
  }
  return same;
}

function label(rank: number, quality: string): string {
  return rank === 1 ? quality : `${['', '', 'second', 'third', 'fourth', 'fifth'][rank] ?? `#${rank}`}-${quality}`;
}

const countOf = (w: string) => {
  const v = NUMBER_WORDS[w.toLowerCase()];
  return v !== undefined && v >= 2 && v <= 20 ? v : /^\d+$/.test(w) ? Number(w) : undefined;
};

/** Part-of-a-whole statements: "two of its three parts" → 2/3, "all three" → 3/3, "both" → 2/2. */
export function shares(text: string): Array<{ part: number; whole: number; raw: string }> {
  const out: Array<{ part: number; whole: number; raw: string }> = [];
  for (const m of text.matchAll(/\b(\w+) (?:out )?of (?:its |their |the |all )?(\w+)\b/gi)) {
    const part = countOf(m[1]!);
    const whole = countOf(m[2]!);
    if (part !== undefined && whole !== undefined && part <= whole) out.push({ part, whole, raw: m[0] });
  }
  for (const m of text.matchAll(/\ball (\w+)\b/gi)) {
    const whole = countOf(m[1]!);
    if (whole !== undefined) out.push({ part: whole, whole, raw: m[0] });
  }
  return out;
}

/** "all three" against "two of its three": the same whole, a different part of it. */
export function shareConflict(claim: ReturnType<typeof shares>, sentence: ReturnType<typeof shares>): Conflict | undefined {
  for (const c of claim) {
    const s = sentence.find((x) => x.whole === c.whole && x.part !== c.part);
    if (s) return { rule: 'share', claimed: c.raw, stated: s.raw };
  }
  return undefined;
}

/**
 * The direction a sentence states for what a claim is about: its own, or where its clauses
 * go both ways, that of the clause sharing the most terms with the claim (none on a tie).
 */
export function statedDirection(claimTerms: string[], sentence: Pick<TextAnalysis, 'direction' | 'changes'>): 'up' | 'down' | undefined {
  if (sentence.direction || !sentence.changes) return sentence.direction;
  const wanted = new Set(claimTerms);
  const shared = sentence.changes.map((c) => c.terms.filter((t) => wanted.has(t)).length);
  const best = Math.max(...shared);
  return best > 0 && shared.filter((n) => n === best).length === 1 ? sentence.changes[shared.indexOf(best)]!.direction : undefined;
}

/** The claim and the sentence state opposite directions of change. */
export function directionConflict(claim: 'up' | 'down' | undefined, sentence: 'up' | 'down' | undefined): Conflict | undefined {
  if (claim && sentence && claim !== sentence) return { rule: 'direction', claimed: claim === 'up' ? 'an increase' : 'a decrease', stated: sentence === 'up' ? 'an increase' : 'a decrease' };
  return undefined;
}

/** One of them is negated and the other is not. */
export function negationConflict(claim: boolean, sentence: boolean): Conflict | undefined {
  if (claim !== sentence) return { rule: 'negation', claimed: claim ? 'it does not' : 'it does', stated: sentence ? 'it does not' : 'it does' };
  return undefined;
}

/**
 * Dates about the same thing that cannot be the same: "January 2025" against "13
 * February 2025". Only dates that state a common part are compared, and a claimed date
 * agrees if any date of the sentence agrees with it.
 */
export function dateConflict(claim: DateValue[], sentence: DateValue[]): Conflict | undefined {
  for (const c of claim) {
    const comparable = sentence.filter((s) => datesComparable(c, s));
    if (comparable.length > 0 && !comparable.some((s) => datesAgree(c, s))) return { rule: 'date', claimed: c.raw, stated: comparable[0]!.raw };
  }
  return undefined;
}

/** Every claimed date is stated (agreeing) in the sentence. */
export function datesConfirmed(claim: DateValue[], sentence: DateValue[]): boolean {
  return claim.every((c) => sentence.some((s) => datesComparable(c, s) && datesAgree(c, s)));
}

/**
 * Times of day that differ: the claim says "8:00 am" where the sentence gives "7:30 am".
 * A sentence giving a range ("from 7:30 am to 7:00 pm") states both ends; a claimed time
 * agrees if it is one of them.
 */
export function timeConflict(claim: ClockTime[], sentence: ClockTime[]): Conflict | undefined {
  if (sentence.length === 0) return undefined;
  for (const c of claim) if (!sentence.some((s) => sameTime(s, c))) return { rule: 'date', claimed: c.raw, stated: sentence.map((s) => s.raw).join('–') };
  return undefined;
}

/**
 * The claim names days of the week the sentence does not: none of its days ("on Saturday"
 * against "on Sunday", "Monday to Friday"), or, where the sentence lists several days, a
 * day beyond them ("on Sundays and Wednesdays" against "only on Wednesdays and Saturdays").
 * One day alone, as in a timetable's row, says nothing of the others.
 */
export function weekdayConflict(claim: Set<number>, sentence: Set<number>): Conflict | undefined {
  if (claim.size === 0 || sentence.size === 0) return undefined;
  const outside = [...claim].filter((d) => !sentence.has(d));
  if (outside.length === 0 || (outside.length < claim.size && sentence.size < 2)) return undefined;
  return { rule: 'date', claimed: dayList(claim), stated: dayList(sentence) };
}

/** Days as a reader writes them, from Monday: "Monday to Friday", "Saturday, Sunday". */
function dayList(days: Set<number>): string {
  const order = [1, 2, 3, 4, 5, 6, 0].filter((d) => days.has(d));
  const runs: number[][] = [];
  for (const d of order) {
    const run = runs.at(-1);
    if (run && (run.at(-1)! + 1) % 7 === d) run.push(d);
    else runs.push([d]);
  }
  return runs.map((r) => (r.length >= 3 ? `${weekdayName(r[0]!)} to ${weekdayName(r.at(-1)!)}` : r.map(weekdayName).join(', '))).join(', ');
}

/** Terms within six words of a span, for telling what a figure or a length of time is of. */
function around(text: string, start: number, end: number): Set<string> {
  const words = (s: string) => s.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const near = [...words(text.slice(0, start)).slice(-6), ...words(text.slice(end)).slice(0, 6)];
  return new Set(near.map((w) => processTerm(w.toLowerCase())).filter((t): t is string => t !== null));
}

/**
 * Lengths of time that differ: "three years" where the sentence says "five years" (and
 * "twelve months" is "one year"). The claimed one is compared with those whose
 * surrounding words it shares most ("covered for two years" with "covered for one
 * year", not with a battery that "lasts five weeks").
 */
export function durationConflict(claim: Duration[], sentence: Duration[], claimText = '', sentenceText = ''): Conflict | undefined {
  for (const c of claim) {
    let same = sentence.filter((s) => durationsComparable(c, s));
    if (same.length > 0 && claimText && sentenceText) {
      // Lengths of time are everywhere ("lasts five weeks", "covered for one year"): only
      // one whose surroundings share a word with the claimed one's is of the same thing.
      const mine = around(claimText, c.start, c.end);
      const shared = same.map((s) => [...around(sentenceText, s.start, s.end)].filter((t) => [...mine].some((m) => termMatches(m, t))).length);
      const best = Math.max(...shared);
      same = best > 0 ? same.filter((_, i) => shared[i] === best) : [];
    }
    if (same.length > 0 && !same.some((s) => durationsAgree(c, s))) return { rule: 'duration', claimed: c.raw, stated: same[0]!.raw };
    // The same length on the other side of an event: "35 minutes after the start" against "35 minutes before".
    const side = sideOf(claimText, c.end);
    const opposite = side === 'before' ? 'after' : 'before';
    const other = side && same.find((s) => durationsAgree(c, s) && sideOf(sentenceText, s.end) === opposite);
    if (other) return { rule: 'duration', claimed: `${c.raw} ${side}`, stated: `${other.raw} ${opposite}` };
  }
  return undefined;
}

/** Which side of an event a length of time puts something on, from the words right after it. */
export function sideOf(text: string, end: number): 'before' | 'after' | undefined {
  const next = text.slice(end, end + 20);
  if (/^\s*(?:before(?:hand)?|earlier|prior to|ahead of|in advance)\b/i.test(next)) return 'before';
  if (/^\s*(?:after(?:wards)?|later|following)\b/i.test(next)) return 'after';
  return undefined;
}
