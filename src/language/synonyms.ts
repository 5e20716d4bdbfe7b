import { stem } from './terms.js';
import { WordNet, type WordNetPos } from './wordnet.js';

/**
 * Which words a reader might use for the words of a collection, from WordNet: the
 * synonyms of a word's three most frequent senses, the more general word of its first
 * sense ("plant" for "factory"), and its forms in other parts of speech ("decide" for
 * "decision"). Built once per index for the collection's own
 * words, so that at question time a lookup is a map access and WordNet is not needed.
 */
export interface SynonymTable {
  /** A word anyone might write (lemma, lower case), as a noun, adjective or adverb → the collection's terms it can stand for. */
  toCorpus: Record<string, string[]>;
  /**
   * The same through the senses of verbs, for a word written as a verb. Kept apart because
   * a word's senses differ by part of speech: "guide" the verb is a synonym of "take", but
   * "the branch guide" is no "take".
   */
  verbsToCorpus: Record<string, string[]>;
  /** A collection lemma → words of opposite meaning ("increase" → "decrease"). */
  antonyms: Record<string, string[]>;
}

/** How many senses of a word count: beyond the third, senses are rare and mislead. */
const SENSES = 3;

export function buildSynonymTable(corpusLemmas: Iterable<string>, wordnet: WordNet = WordNet.shared()): SynonymTable {
  const links = { other: new Map<string, Set<string>>(), verbs: new Map<string, Set<string>>() };
  const byPart: Array<[Map<string, Set<string>>, WordNetPos[]]> = [
    [links.other, ['n', 'a', 'r']],
    [links.verbs, ['v']],
  ];
  const antonyms: Record<string, string[]> = {};
  const link = (table: Map<string, Set<string>>, word: string, term: string) => {
    // Words of two parts are kept for the verbs written with a particle ("call off" for "cancel"), looked up whole.
    if (word.split(' ').length > 2 || stem(word) === term) return;
    const set = table.get(word) ?? new Set<string>();
    set.add(term);
    table.set(word, set);
  };
  for (const lemma of corpusLemmas) {
    if (lemma.length < 3 || !/^\p{L}+$/u.test(lemma)) continue;
    const term = stem(lemma);
    for (const [table, parts] of byPart) {
      for (const w of wordnet.synonyms(lemma, SENSES, parts)) link(table, w, term);
      for (const w of wordnet.hypernyms(lemma, 1, parts)) link(table, w, term);
    }
    // The same meaning in another part of speech: "when did they decide" is answered by "the
    // decision", "what was the expenditure" by what was expended, where the stems differ.
    for (const { word, pos } of wordnet.derivations(lemma, SENSES)) link(pos === 'v' ? links.verbs : links.other, word, term);
    // Opposites of qualities and actions (open/closed, rise/fall); nouns' antonyms are mostly not opposites in use.
    const opposite = [...wordnet.opposites(lemma, ['a', 'v'])].filter((w) => !w.includes(' '));
    if (opposite.length > 0) antonyms[lemma] = opposite;
  }
  const plain = (table: Map<string, Set<string>>) => Object.fromEntries([...table].map(([w, s]) => [w, [...s]]));
  return { toCorpus: plain(links.other), verbsToCorpus: plain(links.verbs), antonyms };
}
