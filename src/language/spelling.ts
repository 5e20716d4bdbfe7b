import distance from 'damerau-levenshtein';
import { HOST_BEFORE_NOT, STOP_WORDS } from './lexicon.js';
import { parse } from './nlp.js';
import { everydayWords, isEverydayWord } from './word-frequency.js';
import { WordNet } from './wordnet.js';

/**
 * Corrects typing mistakes in a question against the words of the collection: a word
 * that is neither in the collection nor an everyday English word (one WordNet has seen
 * in use, or one people write about once in a million words) is replaced by the
 * collection's closest word (one edit for short words, two for longer ones; a swap of
 * neighbouring letters is one edit), the more frequent one on a tie. Failing any word of the
 * collection, a word of five letters or more one edit from an everyday English word is
 * that word misspelt ("maxmum"): left as it is, it would read as a name the documents
 * never use. A word cut short ("physio") is the collection's word it begins. Names and
 * codes the reader wrote in capitals or with digits are left alone.
 */
export interface Correction {
  from: string;
  to: string;
}

/** A word's consonants in order, the letters a misspelling most often keeps. */
const skeleton = (word: string) => word.replace(/[aeiouy]/g, '');

/** A word and the words one letter shorter made from it: two words one edit apart share one of these. */
const withDeletions = (word: string) => [word, ...[...word].map((_, i) => word.slice(0, i) + word.slice(i + 1))];

/**
 * Everyday English words by the forms one deletion away, so that the words one edit from
 * a typo are found by a few lookups rather than by comparing it with every word.
 */
class OneEditIndex {
  private readonly byForm = new Map<string, Array<[string, number]>>();

  constructor(words: Iterable<[string, number]>) {
    for (const entry of words) {
      for (const form of new Set(withDeletions(entry[0]))) {
        const list = this.byForm.get(form);
        if (list) list.push(entry);
        else this.byForm.set(form, [entry]);
      }
    }
  }

  /**
   * The most frequent word one edit (or one swap of neighbours) from `word`. Asked only of
   * words that are no everyday word themselves: those are left as written ("should").
   */
  nearest(word: string): string | undefined {
    const consonants = skeleton(word);
    let best: [string, number, number] | undefined;
    for (const form of new Set(withDeletions(word))) {
      for (const [candidate, count] of this.byForm.get(form) ?? []) {
        if (distance(word, candidate).steps !== 1) continue;
        const sounds = skeleton(candidate) === consonants ? 1 : 0;
        if (!best || sounds > best[2] || (sounds === best[2] && count > best[1])) best = [candidate, count, sounds];
      }
    }
    return best?.[0];
  }
}

let everyday: OneEditIndex | undefined;

/**
 * A contraction typed without its apostrophe ("dont", "im", "whats", "wasnt"). Its host is
 * one of the few words English contracts with: an auxiliary before "n't", a pronoun or a
 * question word before "'m", "'re", "'ve", "'ll", "'d" and "'s". Restored, it reads as the
 * writer meant: "wasnt emptied" is denied, and "im" is no name the documents never use.
 * A word of its own is left as written ("were", "its", "well", "shell", "wed", "ill"),
 * except that "cant" and "wont" in a question are nearly always "can't" and "won't".
 */
const NOT_HOSTS = new Set(['do', 'does', 'did', 'is', 'was', 'were', 'are', 'has', 'have', 'had', 'could', 'would', 'should', 'must', 'need', 'might', ...Object.keys(HOST_BEFORE_NOT)]);
const CLITIC_HOSTS: Record<string, Set<string>> = {
  m: new Set(['i']),
  re: new Set(['you', 'we', 'they', 'who', 'what']),
  ve: new Set(['i', 'you', 'we', 'they', 'who', 'could', 'would', 'should']),
  ll: new Set(['i', 'you', 'we', 'they', 'he', 'she', 'it', 'who', 'that', 'there']),
  d: new Set(['i', 'you', 'we', 'they', 'he', 'she', 'who']),
  s: new Set(['what', 'who', 'that', 'there', 'here', 'where', 'how', 'when', 'he', 'she', 'it', 'let']),
};

/** The contraction a word typed without its apostrophe stands for, if it is one. */
export function withApostrophe(word: string, isWord: (w: string) => boolean = (w) => WordNet.shared().has(w) || STOP_WORDS.has(w)): string | undefined {
  const negative = /^(\p{L}+)nt$/u.exec(word);
  if (negative && NOT_HOSTS.has(negative[1]!)) return `${negative[1]}n't`;
  if (isWord(word)) return undefined;
  for (const [clitic, hosts] of Object.entries(CLITIC_HOSTS)) {
    if (word.endsWith(clitic) && hosts.has(word.slice(0, -clitic.length))) return `${word.slice(0, -clitic.length)}'${clitic}`;
  }
  return undefined;
}

export class SpellingCorrector {
  private readonly byLength = new Map<number, Array<[string, number]>>();

  constructor(
    /** Lower-case words of the collection with their counts. */
    private readonly vocabulary: Map<string, number>,
    private readonly isEnglish: (word: string) => boolean = (w) => WordNet.shared().isCommon(w) || isEverydayWord(w),
    /** Short words a three-letter typo may stand for. */
    private readonly shortWords: string[] = ['what', 'who', 'how', 'when', 'where', 'why', 'which', 'the', 'and', 'for', 'does', 'did', 'was', 'are'],
    /** Everyday English words as written, with their counts (loaded when first needed). */
    private readonly english: () => OneEditIndex = () => (everyday ??= new OneEditIndex(everydayWords())),
  ) {
    for (const entry of vocabulary) {
      const list = this.byLength.get(entry[0].length) ?? [];
      list.push(entry);
      this.byLength.set(entry[0].length, list);
    }
  }

  /** The best correction of one lower-case word, if it needs one. */
  correctWord(word: string): string | undefined {
    if (!/^\p{L}+$/u.test(word) || this.vocabulary.has(word) || this.isEnglish(word)) return undefined;
    // The singular of a plural the collection writes is its word too: "dvd" of "DVDs" is no slip for "did".
    if (this.vocabulary.has(`${word}s`) || this.vocabulary.has(`${word}es`)) return undefined;
    // Three letters are too few to guess from, but for the words questions are made of ("wat").
    if (word.length < 4) return word.length === 3 && !this.shortWords.includes(word) ? this.shortWords.find((w) => distance(word, w).steps === 1) : undefined;
    // A rarer word WordNet knows ("trillion", "deferral", "hoper") is taken for a typo only
    // when one letter dropped, doubled or swapped makes it a word of the collection
    // ("hopper"); never when a letter must change ("referral"), nor by two edits ("billion").
    const slipOnly = word.length >= 5 && WordNet.shared().has(word);
    // Inflected forms ("guaranteed", "studying") of everyday words are not typos.
    const lemma = parse(word).tokens[0]?.lemma;
    if (lemma && lemma !== word && (this.vocabulary.has(lemma) || this.isEnglish(lemma))) return undefined;
    // Each ending taken off by itself: a lone "d" only follows an "e" ("used"), so "sead" is not "sea" + "d".
    const bases = [/(?<=e)d$/, /ed$/, /es$/, /s$/, /ing$/].map((ending) => word.replace(ending, '')).concat(word.replace(/ies$/, 'y'), word.replace(/ied$/, 'y'));
    for (const base of bases) if (base !== word && (this.vocabulary.has(base) || this.isEnglish(base))) return undefined;
    // Two edits only for long words: "lenght" is nearer to "eight" than a short word should be corrected to.
    const limit = slipOnly ? 1 : word.length >= 7 ? 2 : 1;
    const letters = [...word].sort().join('');
    const slip = (candidate: string) => candidate.length !== word.length || [...candidate].sort().join('') === letters;
    // Of two words as near, the one spelt with the same consonants: a vowel is what people
    // most often get wrong, writing a word as it sounds ("tyme" is "time", not "type").
    const consonants = skeleton(word);
    let best: [string, number, number, number] | undefined;
    for (let len = word.length - limit; len <= word.length + limit; len++) {
      for (const [candidate, count] of this.byLength.get(len) ?? []) {
        const steps = distance(word, candidate).steps;
        // Slips seldom touch a word's first letter, and a real word is not taken for one there: "yearly" is not "early".
        if (steps > limit || (slipOnly && (!slip(candidate) || candidate[0] !== word[0]))) continue;
        const sounds = skeleton(candidate) === consonants ? 1 : 0;
        if (!best || steps < best[1] || (steps === best[1] && (sounds > best[3] || (sounds === best[3] && count > best[2])))) best = [candidate, steps, count, sounds];
      }
    }
    if (best || slipOnly) return best?.[0];
    // A word cut short ("physio", "approx") stands for the collection's word it begins, the
    // most frequent one if several do ("physiotherapy", "physiotherapist").
    const clipped = this.clippingOf(word);
    if (clipped || word.length < 5) return clipped;
    return this.english().nearest(word);
  }

  /** The collection's most frequent word that starts with `word` and is at least three letters longer. */
  private clippingOf(word: string): string | undefined {
    let best: [string, number] | undefined;
    for (const [len, list] of this.byLength) {
      if (len < word.length + 3) continue;
      for (const [candidate, count] of list) if (candidate.startsWith(word) && (!best || count > best[1])) best = [candidate, count];
    }
    return best?.[0];
  }

  /** The text with its misspelt words corrected, keeping the writer's capitals where it can. */
  correct(text: string): { text: string; corrections: Correction[] } {
    const corrections: Correction[] = [];
    const out = text.replace(/\p{L}[\p{L}'’]*/gu, (word) => {
      if (/\p{Lu}.*\p{Lu}/u.test(word) || /['’]/.test(word)) return word; // acronyms, contractions
      const lower = word.toLowerCase();
      const fixed = this.vocabulary.has(lower) ? undefined : (withApostrophe(lower) ?? this.correctWord(lower));
      if (!fixed) return word;
      corrections.push({ from: word, to: fixed });
      return /^\p{Lu}/u.test(word) ? fixed.charAt(0).toUpperCase() + fixed.slice(1) : fixed;
    });
    return { text: out, corrections };
  }
}
