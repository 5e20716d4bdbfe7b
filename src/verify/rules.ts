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

/** A figure mismatch: the sentence gives a figure of the same kind, and none agrees with the claim's. */
export function numberConflict(claim: Quantity[], sentence: Quantity[]): Conflict | undefined {
  for (const c of claim) {
    const same = sentence.filter((s) => comparable(c, s));
    if (same.length > 0 && !same.some((s) => agrees(c, s))) return { rule: 'number', claimed: c.raw, stated: same[0]!.raw };
  }
  return undefined;
}

/** Whether every figure in the claim is stated in the sentence. */
export function figuresConfirmed(claim: Quantity[], sentence: Quantity[]): boolean {
  return claim.every((c) => sentence.some((s) => comparable(c, s) && agrees(c, s)));
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

const UP = /\b(?:increas\w*|ris(?:e|es|ing|en)|rose|gr[eo]w\w*|expand\w*|higher|gain(?:s|ed)?|surg\w*|jump\w*|boost\w*|doubl\w*)\b/i;
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
export function findConflict(claimText: string, sentenceText: string, closelyAligned: boolean): Conflict | undefined {
  return (
    numberConflict(parseQuantities(claimText), parseQuantities(sentenceText)) ??
    rankConflict(ranks(claimText), ranks(sentenceText)) ??
    shareConflict(shares(claimText), shares(sentenceText)) ??
    (closelyAligned ? (directionConflict(claimText, sentenceText) ?? negationConflict(claimText, sentenceText)) : undefined)
  );
}
