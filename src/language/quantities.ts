import { IDENTIFIER_NOUNS, NUMBER_WORDS, SCALE_WORDS } from './lexicon.js';

/**
 * Numbers as the documents write them: "₹1,500 crore", "$45.7 billion", "5.4%", "nearly
 * 70%", "twelve", "3.3 lakh", "2018". Each becomes a value with a kind, so that "12,648
 * crore rupees" equals "₹12,648 crore" and "twelve" equals "12". Numbers inside names
 * ("F-35", "STA-1", "Axiom-4", "MQ-9B") are not quantities.
 */

export type QuantityKind = 'year' | 'percent' | 'money' | 'number';

/** How a figure is hedged: "nearly 70%" is at most 70, "over 300" at least 300. */
export type Hedge = 'exact' | 'about' | 'atLeast' | 'atMost';

export interface Quantity {
  value: number;
  kind: QuantityKind;
  /** ISO-like currency for money: INR, USD, EUR, GBP. */
  currency?: string;
  hedge: Hedge;
  /** The text as written, for explanations. */
  raw: string;
  /** Where the figure is in the text it was read from. */
  start: number;
  end: number;
}

const UNITS: Record<string, number> = Object.fromEntries(Object.entries(NUMBER_WORDS).filter(([w]) => w !== 'both'));
const SCALES = SCALE_WORDS;
const CURRENCY_SIGNS: Record<string, string> = { '₹': 'INR', $: 'USD', '€': 'EUR', '£': 'GBP' };
const CURRENCY_WORDS: Record<string, string> = {
  rupee: 'INR', rupees: 'INR', rs: 'INR', inr: 'INR', dollar: 'USD', dollars: 'USD', usd: 'USD', euro: 'EUR', euros: 'EUR', pound: 'GBP', pounds: 'GBP',
};
const HEDGES: Array<[RegExp, Hedge]> = [
  [/(?:nearly|almost|just under|under|less than|fewer than|below|up to|at most)\s*$/i, 'atMost'],
  [/(?:over|more than|above|at least|exceeding|upwards of)\s*$/i, 'atLeast'],
  [/(?:about|around|approximately|roughly|some|an estimated|close to|~)\s*$/i, 'about'],
];

const NUMBER_WORD = Object.keys(UNITS).join('|');
const SCALE_WORD = Object.keys(SCALES).join('|');
// A figure: currency sign, digits (with separators) or number words, then a scale word, a
// percent sign or word, and a currency word, each optional.
const FIGURE = new RegExp(
  String.raw`(?<sign>[₹$€£])?\s?(?<num>\d{1,3}(?:,\d{2,3})+(?:\.\d+)?|\d+(?:\.\d+)?|(?:${NUMBER_WORD})(?:[ -](?:${NUMBER_WORD}))?)` +
    String.raw`(?:\s?(?<scale>${SCALE_WORD})\b)?(?:\s?(?<pct>%|percent\b|per cent\b))?(?:\s(?<cur>rupees?|rs\.?|inr|dollars?|usd|euros?|pounds?)\b)?`,
  'giu',
);

function wordsValue(text: string): number | undefined {
  let total = 0;
  for (const part of text.toLowerCase().split(/[ -]/)) {
    const v = UNITS[part];
    if (v === undefined) return undefined;
    total += v;
  }
  return total;
}

/** Every quantity in a text, in order. */
export function parseQuantities(text: string): Quantity[] {
  const out: Quantity[] = [];
  FIGURE.lastIndex = 0;
  for (let m = FIGURE.exec(text); m; m = FIGURE.exec(text)) {
    const g = m.groups!;
    const start = m.index + (m[0].length - m[0].trimStart().length);
    const before = text.slice(Math.max(0, start - 1), start);
    const after = text.charAt(m.index + m[0].length);
    // Part of a name or code: "F-35", "STA-1", "MQ-9B", "G20", "5G", "I2U2"; a clock time: "8:00".
    if (/[\p{L}\d/:-]/u.test(before) && !g.sign) continue;
    if (/^[:.]\d/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 2)) && !g.sign) continue;
    // The end of a span of years written short: the "27" of "2026–27" (with a hyphen it is caught above).
    if (/^\d\d$/.test(g.num!) && /(?:1[89]|20)\d\d\s?[–—]\s?$/.test(text.slice(Math.max(0, start - 6), start)) && !g.sign) continue;
    // The last part of a dotted number ("version 2.0.1", "section 4.2.3") is no figure either.
    if (before === '.' && /\d/.test(text.charAt(start - 2)) && !g.sign) continue;
    if (/^\s?(?:a\.?m\.?|p\.?m\.?)(?![\p{L}])|^\s+(?:o['’]clock|in the (?:morning|afternoon|evening)|at night)\b/iu.test(text.slice(m.index + m[0].length)) && !g.scale) continue;
    // Phone numbers and codes: a leading zero, or five or more digits without separators.
    if (!g.sign && !g.scale && !g.pct && /^(?:0\d+|\d{5,})$/.test(g.num!)) continue;
    // A number naming something: "Building 7", "extension 4411", "Question No. 1679".
    const wordBefore = /([\p{L}.]+)\s*$/u.exec(text.slice(Math.max(0, start - 16), start))?.[1];
    if (wordBefore && IDENTIFIER_NOUNS.test(wordBefore) && !g.sign && !g.scale && !g.pct && /^\d/.test(g.num!)) continue;
    // Pence are written onto the figure ("20p a day"); a pound or more is written in pounds.
    const pence = !g.sign && !g.scale && !g.pct && !g.cur && /^\d{1,2}$/.test(g.num!) && after === 'p' && !/[\p{L}\d]/u.test(text.charAt(m.index + m[0].length + 1));
    if (!pence && (/[\p{L}\d]/u.test(after) || (after === '-' && /[\p{L}\d]/u.test(text.charAt(m.index + m[0].length + 1))))) continue;
    const raw = m[0].trim();
    const isWord = !/\d/.test(g.num!);
    if (isWord && /^(?:one|some)$/i.test(g.num!) && !g.scale && !g.pct) continue; // "one of", "some" are not figures
    let value = isWord ? wordsValue(g.num!) : Number(g.num!.replace(/,/g, ''));
    if (value === undefined || !Number.isFinite(value)) continue;
    if (g.scale) value *= SCALES[g.scale.toLowerCase()]!;
    if (pence) value /= 100;
    const currency = pence ? 'GBP' : g.sign ? CURRENCY_SIGNS[g.sign] : g.cur ? CURRENCY_WORDS[g.cur.toLowerCase().replace(/\.$/, '')] : undefined;
    const kind: QuantityKind = g.pct ? 'percent' : currency ? 'money' : /^(?:1[89]\d\d|20\d\d)$/.test(g.num!) && !g.scale ? 'year' : 'number';
    const preceding = text.slice(Math.max(0, start - 24), start);
    const hedge = HEDGES.find(([re]) => re.test(preceding))?.[1] ?? 'exact';
    // "Three times" is a count as "thrice" is: the word belongs to the figure, not to what the
    // text is about. So does the "p" of pence.
    const times = kind === 'number' ? /^\s+times\b/i.exec(text.slice(m.index + m[0].length)) : null;
    const suffix = times?.[0] ?? (pence ? 'p' : '');
    out.push({ value, kind, hedge, raw: raw + suffix, start, end: m.index + m[0].length + suffix.length, ...(currency ? { currency } : {}) });
  }
  // A fraction of something is a share, compared as a percentage: "more than half of its
  // exports" against "21.9%"; so is a change by a fraction, "fell by a quarter" against "a
  // drop of 15 per cent". Only before "of" or after "by": "half an hour" is a length of time.
  for (const m of [...text.matchAll(FRACTION), ...text.matchAll(FRACTION_CHANGE)]) {
    const numerator = m[1] ? (UNITS[m[1].toLowerCase()] ?? 1) : 1;
    const value = Math.round(numerator * FRACTIONS[m[2]!.toLowerCase()]! * 10) / 10;
    const raw = m[0].replace(/\s+of$/i, '');
    const preceding = text.slice(Math.max(0, m.index - 24), m.index);
    // Said in words, a fraction is a round figure: "a third" fits 32%.
    const hedge = HEDGES.find(([re]) => re.test(preceding))?.[1] ?? 'about';
    share(out, { value, kind: 'percent', hedge, raw, start: m.index, end: m.index + raw.length });
  }
  // So is a count out of a count: "nine in ten patients" is about 90%, "3 out of 4" is 75%.
  for (const m of text.matchAll(RATIO)) {
    const [part, whole] = [m[1]!, m[2]!].map((n) => (/\d/.test(n) ? Number(n) : UNITS[n.toLowerCase()]));
    if (part === undefined || whole === undefined || whole <= 1 || part >= whole) continue;
    const preceding = text.slice(Math.max(0, m.index - 24), m.index);
    const hedge = HEDGES.find(([re]) => re.test(preceding))?.[1] ?? (/\d/.test(m[0]) ? 'exact' : 'about');
    share(out, { value: Math.round((part / whole) * 1000) / 10, kind: 'percent', hedge, raw: m[0], start: m.index, end: m.index + m[0].length });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Adds a share in place of the figures written inside it: the "two" of "two thirds", the "nine" and "ten" of "nine in ten". */
function share(out: Quantity[], quantity: Quantity): void {
  for (let i = out.length - 1; i >= 0; i--) if (out[i]!.start >= quantity.start && out[i]!.end <= quantity.end) out.splice(i, 1);
  out.push(quantity);
}

const COUNT = String.raw`(\d{1,3}|${Object.keys(UNITS).join('|')})`;
// Not "5 in 10 minutes": a count of a unit of time or a percentage is no share.
const RATIO = new RegExp(String.raw`\b${COUNT}\s+(?:in|out\s+of)\s+(?:every\s+)?${COUNT}\b(?!\s*(?:%|per\s?cent|minute|min|hour|hr|day|night|week|month|year|decade)s?\b)`, 'gi');

const FRACTIONS: Record<string, number> = { half: 50, halves: 50, third: 100 / 3, thirds: 100 / 3, quarter: 25, quarters: 25, fifth: 20, fifths: 20 };
const FRACTION = /\b(?:(a|an|one|two|three|four)[ -])?(half|halves|thirds?|quarters?|fifths?)\s+of\b/gi;
const FRACTION_CHANGE = /(?<=\bby\s+(?:(?:about|around|roughly|nearly|almost|over|more than|less than|some|just over|just under)\s+)?)(?:(a|an|one|two|three|four)[ -])?(half|thirds?|quarters?|fifths?)\b(?!\s+of\b)/gi;

/**
 * Whether two quantities can describe the same figure: same kind (money of one currency),
 * or an amount written once with its currency and once without ("₹1,500 crore", "1,500
 * crore"). A percentage is a ratio, never an amount.
 */
export function comparable(a: Quantity, b: Quantity): boolean {
  if (a.kind !== b.kind) return (a.kind === 'money' && b.kind === 'number') || (a.kind === 'number' && b.kind === 'money');
  return a.kind !== 'money' || !a.currency || !b.currency || a.currency === b.currency;
}

/**
 * Whether a claimed figure agrees with a stated one, allowing for hedges and rounding.
 * Hedged figures must still be close: "nearly 90%" does not agree with "nearly 70%".
 */
export function agrees(claim: Quantity, stated: Quantity): boolean {
  const c = claim.value;
  const s = stated.value;
  const near = (tolerance: number) => Math.abs(c - s) <= tolerance * Math.max(Math.abs(c), Math.abs(s));
  if (claim.hedge === 'exact' && stated.hedge === 'exact') return near(1e-9);
  if (claim.hedge !== 'exact' && stated.hedge !== 'exact') return near(0.1);
  if (claim.hedge === 'atLeast') return s >= c * 0.95; // "over 300" fits 350
  if (claim.hedge === 'atMost') return s <= c * 1.05 && s >= c * 0.5; // "up to 800" fits 750, not 100
  if (claim.hedge === 'about') return near(0.1);
  // The claim is exact and the source hedged: "nearly 70%" fits 68 or 70, not 90 or 40.
  if (stated.hedge === 'atMost') return c <= s * 1.0000001 && c >= s * 0.9;
  if (stated.hedge === 'atLeast') return c >= s * 0.9999999 && c <= s * 1.1;
  return near(0.1);
}
