/**
 * Turns text into search terms for the lexical index. Exact identifiers matter here:
 * "MQ-9B", "INDUS-X", "F414-INS6" and "₹1,500 crore" must match as written, so
 * hyphenated tokens are kept whole (and also split into their parts), and thousands
 * separators are dropped from numbers ("12,648" and "12648" are the same term).
 */

// "us" is not a stop word: in these documents it is far more often the country.
const STOPWORDS = new Set(
  ('a an and are as at be been being but by can could did do does for from had has have how i if in into is it its ' +
    'of on or our so than that the their them then there these they this those to was were what when where which ' +
    'while who whom whose why will with would you your about after also any both each more most other over such ' +
    'under up very we not no nor only own same too just should s t')
    .split(' '),
);

/** Light suffix stripping so that "manufacturers" meets "manufacturer" and "launched" meets "launch". */
export function stem(term: string): string {
  if (term.length <= 3 || /\d/.test(term)) return term;
  if (term.endsWith('ies') && term.length > 4) return `${term.slice(0, -3)}y`;
  if (term.endsWith('sses')) return term.slice(0, -2);
  if (term.endsWith('s') && !term.endsWith('ss') && !term.endsWith('us') && !term.endsWith('is')) term = term.slice(0, -1);
  if (term.endsWith('ing') && term.length > 5) return term.slice(0, -3);
  if (term.endsWith('ed') && term.length > 4) return term.slice(0, -2);
  return term;
}

const TOKEN = /[\p{L}\p{N}]+(?:[-'’.,/][\p{L}\p{N}]+)*/gu;

/** Raw tokens with their compound forms and parts, lower-cased, before stop-word removal. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of text.toLowerCase().matchAll(TOKEN)) {
    let token = match[0].replace(/[’']s$/, '');
    // "1,500" and "1.5" are numbers; "U.S." and "e.g." are abbreviations.
    if (/^\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(token)) token = token.replace(/,/g, '');
    const parts = token.split(/[-'’.,/]+/).filter(Boolean);
    if (parts.length > 1 && /^(?:\p{L}\.?)+$/u.test(token.replace(/\./g, '')) && token.includes('.') && parts.every((p) => p.length === 1)) {
      out.push(parts.join('')); // u.s. → us
      continue;
    }
    if (parts.length > 1 && !/^\d+(?:\.\d+)?$/.test(token)) {
      out.push(token.replace(/[’'.,/]/g, '-'));
      out.push(...parts);
    } else {
      out.push(token);
    }
  }
  return out;
}

/** MiniSearch's term processor: stop words dropped, the rest stemmed. */
export function processTerm(term: string): string | null {
  if (STOPWORDS.has(term)) return null;
  return stem(term);
}

/** Content terms of a query, as the lexical index sees them. */
export function queryTerms(text: string): string[] {
  return tokenize(text)
    .map(processTerm)
    .filter((t): t is string => t !== null);
}
