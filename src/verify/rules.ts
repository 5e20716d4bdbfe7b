import { termMatches } from '../answer/key-terms.js';
import { processTerm, tokenize } from '../retrieve/terms.js';
import { agrees, comparable, parseQuantities, type Quantity } from './quantities.js';

/**
 * Small rules that compare a claim with one sentence about the same thing. Each returns
 * a conflict (what the claim says, what the source says) or nothing.
 */
export interface Conflict {
  rule: 'number' | 'rank' | 'share' | 'negation' | 'direction';
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
    if (same.length > 0 && !same.some((s) => agrees(c, s))) return { rule: 'number', claimed: c.raw, stated: same[0]!.raw };
  }
  return undefined;
}

/** Whether every figure in the claim is stated in the sentence, for the same thing. */
export function figuresConfirmed(claim: BoundQuantity[], sentence: BoundQuantity[]): boolean {
  return claim.every((c) => counterparts(c, sentence).some((s) => agrees(c, s)));
}

const ORDINALS: Record<string, number> = { second: 2, third: 3, fourth: 4, fifth: 5, '2nd': 2, '3rd': 3, '4th': 4, '5th': 5 };
const SUPERLATIVE = /\b(?:(second|third|fourth|fifth|2nd|3rd|4th|5th)[- ])?(largest|biggest|greatest|highest|lowest|smallest|leading|top|fastest|oldest|newest|most)\b/gi;

/** Superlative positions: "largest" → largest #1, "second-largest" → largest #2. */
export function ranks(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of text.matchAll(SUPERLATIVE)) {
    const quality = m[2]!.toLowerCase();
    if (quality === 'most' && !m[1]) continue; // "most" alone is a quantifier, not a rank
    out.set(quality, m[1] ? ORDINALS[m[1].toLowerCase()]! : 1);
  }
  return out;
}

/** "largest" against "second-largest": the same quality at a different position. */
export function rankConflict(claim: Map<string, number>, sentence: Map<string, number>): Conflict | undefined {
  for (const [quality, rank] of claim) {
    const stated = sentence.get(quality);
    if (stated !== undefined && stated !== rank) return { rule: 'rank', claimed: label(rank, quality), stated: label(stated, quality) };
  }
  return undefined;
}

function label(rank: number, quality: string): string {
  return rank === 1 ? quality : `${['', '', 'second', 'third', 'fourth', 'fifth'][rank] ?? `#${rank}`}-${quality}`;
}

const COUNT_WORDS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, both: 2 };
const countOf = (w: string) => COUNT_WORDS[w.toLowerCase()] ?? (/^\d+$/.test(w) ? Number(w) : undefined);

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

// Scope words such as "excluding lithium" narrow a statement; they do not deny it.
const NEGATION = /\b(?:not|no|never|none|neither|nor|without|cannot)\b|n['’]t\b/i;

/** True when the text is negated ("does not include", "never", "no"). "Not only" is not a negation. */
export function isNegated(text: string): boolean {
  return NEGATION.test(text.replace(/\bnot only\b/gi, '').replace(/\bno(?:t)? (?:longer|less|later|fewer|more) than\b/gi, ''));
}

const UP = /\b(?:increas\w*|rais(?:e|ed|es|ing)|ris(?:e|es|ing|en)|rose|gr[eo]w\w*|expand\w*|higher|gain(?:s|ed)?|surg\w*|jump\w*|boost\w*|doubl\w*|hik(?:e|ed|es|ing)|climb\w*|soar\w*)\b/i;
const DOWN = /\b(?:decreas\w*|declin\w*|fall(?:s|ing|en)?|fell|drop\w*|reduc\w*|cut(?:s|ting)?|lower(?:ed)?|shr[iau]nk\w*|halv\w*)\b/i;

/** Words that carry a statement's polarity (direction, negation): judged by rules, not matched as terms. */
export function isPolarityWord(word: string): boolean {
  return UP.test(word) || DOWN.test(word) || NEGATION.test(word);
}

/** The direction of change a text states, when it states exactly one. */
export function direction(text: string): 'up' | 'down' | undefined {
  const up = UP.test(text);
  const down = DOWN.test(text);
  return up === down ? undefined : up ? 'up' : 'down';
}

export function directionConflict(claim: string, sentence: string): Conflict | undefined {
  const c = direction(claim);
  const s = direction(sentence);
  if (c && s && c !== s) return { rule: 'direction', claimed: c === 'up' ? 'an increase' : 'a decrease', stated: s === 'up' ? 'an increase' : 'a decrease' };
  return undefined;
}

export function negationConflict(claim: string, sentence: string): Conflict | undefined {
  const c = isNegated(claim);
  const s = isNegated(sentence);
  if (c !== s) return { rule: 'negation', claimed: c ? 'it does not' : 'it does', stated: s ? 'it does not' : 'it does' };
  return undefined;
}

/**
 * Every conflict rule, in order of how specific its evidence is. Figures, ranks and
 * shares are specific enough to trust on any sentence about the claim; negation and
 * direction words are not (a long sentence may negate something else), so they count
 * only when `closelyAligned` says the sentence covers the claim itself.
 */
export function findConflict(claimText: string, sentenceText: string, closelyAligned: boolean, acronyms: Acronyms = new Map()): Conflict | undefined {
  return (
    numberConflict(boundQuantities(claimText, acronyms), boundQuantities(sentenceText, acronyms)) ??
    rankConflict(ranks(claimText), ranks(sentenceText)) ??
    shareConflict(shares(claimText), shares(sentenceText)) ??
    (closelyAligned ? (directionConflict(claimText, sentenceText) ?? negationConflict(claimText, sentenceText)) : undefined)
  );
}
