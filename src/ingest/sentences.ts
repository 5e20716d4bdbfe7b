import type { Span } from '../types.js';

/**
 * Splits a range of canonical text into sentences, returning offsets into that text.
 * A full stop ends a sentence only when it is followed by white space and something that
 * can start one, and is not part of an abbreviation ("U.S.", "Dr.", "No.", "e.g.").
 */

const ABBREVIATIONS = new Set([
  'mr', 'mrs', 'ms', 'dr', 'prof', 'sr', 'jr', 'st', 'no', 'nos', 'vs', 'etc', 'eg', 'ie', 'inc',
  'ltd', 'co', 'corp', 'dept', 'govt', 'gov', 'jan', 'feb', 'mar', 'apr', 'jun', 'jul', 'aug',
  'sep', 'sept', 'oct', 'nov', 'dec', 'fig', 'approx', 'est', 'vol', 'art', 'sec', 'cf', 'al',
  'rs', 'smt', 'shri', 'hon', 'gen', 'col', 'lt', 'capt', 'sgt', 'rep', 'sen', 'pvt', 'mt',
]);

// End punctuation, optional closing quotes/brackets, white space, then a sentence opener.
const BOUNDARY = /([.!?…])["'”’)\]]*(\s+)(?=["'“‘(\[]?[\p{Lu}\p{N}])/gu;

/** True when the full stop at `dotIndex` ends an abbreviation or an initial rather than a sentence. */
export function endsWithAbbreviation(text: string, dotIndex: number): boolean {
  const before = text.slice(Math.max(0, dotIndex - 20), dotIndex);
  const word = /([\p{L}.]+)$/u.exec(before)?.[1] ?? '';
  if (word === '') return false;
  // Initials and dotted acronyms: "U.S", "e.g", "J".
  if (/^(?:\p{L}\.)*\p{L}$/u.test(word) && word.replace(/\./g, '').length <= 3 && (word.includes('.') || word.length === 1)) return true;
  return ABBREVIATIONS.has(word.replace(/\./g, '').toLowerCase());
}

/** Sentence spans inside text[from, to), trimmed of surrounding white space. */
export function splitSentences(text: string, from = 0, to = text.length): Span[] {
  const slice = text.slice(from, to);
  const spans: Span[] = [];
  let start = 0;
  BOUNDARY.lastIndex = 0;
  for (let m = BOUNDARY.exec(slice); m; m = BOUNDARY.exec(slice)) {
    if (m[1] === '.' && endsWithAbbreviation(slice, m.index)) continue;
    const end = m.index + m[0].length - (m[2]?.length ?? 0);
    pushTrimmed(slice, start, end, from, spans);
    start = m.index + m[0].length;
  }
  pushTrimmed(slice, start, slice.length, from, spans);
  return spans;
}

function pushTrimmed(slice: string, start: number, end: number, offset: number, out: Span[]): void {
  while (start < end && /\s/.test(slice[start]!)) start++;
  while (end > start && /\s/.test(slice[end - 1]!)) end--;
  if (end > start) out.push({ start: start + offset, end: end + offset });
}
