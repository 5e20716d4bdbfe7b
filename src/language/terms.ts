import porter2 from 'wink-porter2-stemmer';
import { HOST_BEFORE_NOT, STOP_WORDS } from './lexicon.js';

/**
 * Turns text into search terms for the lexical index. Exact identifiers matter here:
 * "MQ-9B", "INDUS-X", "F414-INS6" and "₹1,500 crore" must match as written, so
 * hyphenated tokens are kept whole (and also split into their parts), and thousands
 * separators are dropped from numbers ("12,648" and "12648" are the same term).
 */


const stems = new Map<string, string>();

/** Porter2 stem of a lower-case word; numbers and identifiers with digits are kept as written. */
export function stem(term: string): string {
  if (term.length <= 3 || /\d/.test(term)) return term;
  // The same few thousand words are stemmed over and over while an index is built.
  let out = stems.get(term);
  if (out === undefined) {
    out = porter2(term);
    if (stems.size < 200_000) stems.set(term, out);
  }
  return out;
}

const TOKEN = /[\p{L}\p{N}]+(?:[-'’.,/][\p{L}\p{N}]+)*/gu;

/**
 * An acronym's plural is written with a small "s" ("DVDs", "NGOs", "PDFs"), which the
 * stemmer cannot take off once the word is lower-cased: "dvds" has no vowel to tell it
 * that the "s" is an ending. Only the writing shows it, so it comes off here, and "how long
 * can I keep a dvd" finds the row for "DVDs and Blu-ray discs".
 */
const ACRONYM_PLURAL = /(?<![\p{L}\p{N}])(\p{Lu}[\p{Lu}\p{N}]+)s(?![\p{L}\p{N}])/gu;
const singularAcronyms = (token: string) => token.replace(ACRONYM_PLURAL, '$1');

/**
 * English writes a few function words onto the word before them ("can't", "I'm", "we've",
 * "she'd"). Such a word is its host and, for "n't", a "not": not a compound like "MQ-9B",
 * whose whole is a term, nor parts like "couldn" or "m" that would be read as words (the
 * metre). A few hosts are spelt otherwise before "n't" (`HOST_BEFORE_NOT`).
 */
const CLITIC = /^(\p{L}+?)(n['’]t|['’](?:m|re|ve|ll|d))$/u;

/** Raw tokens with their compound forms and parts, lower-cased, before stop-word removal. */
export function tokenize(text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(TOKEN)) {
    let token = singularAcronyms(match[0]).toLowerCase().replace(/[’']s$/, '');
    const clitic = CLITIC.exec(token);
    if (clitic) {
      const negative = clitic[2]!.startsWith('n');
      out.push(negative ? (HOST_BEFORE_NOT[clitic[1]!] ?? clitic[1]!) : clitic[1]!, ...(negative ? ['not'] : []));
      continue;
    }
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
  if (STOP_WORDS.has(term)) return null;
  return stem(term);
}

/** Content terms of a query, as the lexical index sees them. */
export function queryTerms(text: string): string[] {
  return tokenize(text)
    .map(processTerm)
    .filter((t): t is string => t !== null);
}
