import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';
import { NEGATIVE_PRONOUNS } from './lexicon.js';

/**
 * The two language libraries behind the analysis layer, each used for what it does
 * best (measured on the bundled documents, see the README):
 * - wink-nlp with its English lite model: tokens, parts of speech, lemmas, negation
 *   scope and entities for dates, times, durations, money, percentages and numbers, at
 *   about 0.2 ms a sentence;
 * - compromise: whether a proper name is a person, a place or an organisation (its
 *   lexicon of given names, places and company suffixes), at about 3 ms a sentence, so
 *   it only runs on the names wink-nlp has found.
 */

/** One token, with its place in the text it came from. */
export interface Token {
  /** As written. */
  value: string;
  /** Lower case, contractions expanded ("n't" → "not"). */
  normal: string;
  lemma: string;
  pos: string;
  stop: boolean;
  /** Inside the scope of a negation ("not", "never"), per the model. */
  negated: boolean;
  start: number;
  end: number;
}

export interface RawEntity {
  /** wink-nlp's label: DATE, TIME, DURATION, MONEY, PERCENT, CARDINAL, ORDINAL, … */
  label: string;
  /** Token range, inclusive. */
  first: number;
  last: number;
}

export interface ParsedText {
  tokens: Token[];
  entities: RawEntity[];
}

let wink: ReturnType<typeof winkNLP> | undefined;

function engine(): ReturnType<typeof winkNLP> {
  if (!wink) {
    wink = winkNLP(model);
    // Clock times the model reads as plain numbers: "6.30 pm", "8:00", "18:30".
    wink.learnCustomEntities([
      { name: 'TIME', patterns: ['[CARDINAL|TIME] [am|pm|a.m.|p.m.|hrs|hours]'] },
    ]);
  }
  return wink;
}

const CLOCK = /^(?:[01]?\d|2[0-3])[:.][0-5]\d$/;

/**
 * Word classes whose words carry content. The model's stop-word list also holds nouns,
 * adjectives and verbs ("part", "name", "top", "full", "call"), which in a question such as
 * "what is the part number" are what is asked; only function words are stop words here.
 */
const CONTENT_POS = new Set(['NOUN', 'PROPN', 'ADJ', 'VERB']);

/** A token where a clause ends: the scope of a negation or of a change stops there. */
export const CLAUSE_EDGE = /^(?:[,.;:!?()]|but|and|while|whereas)$/i;

/**
 * The model marks the words a "not" negates after most auxiliaries ("must not be left in
 * cars") but after none of some ("may not", "might not"), and rules are often written so
 * ("Hens may not be kept on quarter plots"). Nor does it mark any after a negative pronoun
 * as the subject of its clause ("Nobody may swim alone", "Nothing may be left overnight").
 * Such a word whose next word it left unmarked negates the rest of its clause, as its
 * others do.
 */
function scopeNegations(tokens: Token[]): void {
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    const subject = NEGATIVE_PRONOUNS.has(t.normal) && (next?.pos === 'AUX' || next?.pos === 'VERB');
    if (t.normal !== 'not' && t.normal !== "n't" && !subject) return;
    if (!next || next.negated || CLAUSE_EDGE.test(next.value)) return;
    for (let j = i + 1; j < tokens.length && !CLAUSE_EDGE.test(tokens[j]!.value); j++) tokens[j]!.negated = true;
  });
}

/** Tokens and entities of a text, with character offsets into it. */
export function parse(text: string): ParsedText {
  const nlp = engine();
  // The library's typings do not cover reading several properties generically.
  const its = nlp.its as unknown as Record<string, any>;
  const doc = nlp.readDoc(text);
  const tokens = doc.tokens();
  const values = tokens.out(its.value) as string[];
  const spaces = tokens.out(its.precedingSpaces) as string[];
  const normals = tokens.out(its.normal) as string[];
  const lemmas = tokens.out(its.lemma) as string[];
  const pos = tokens.out(its.pos) as string[];
  const stops = tokens.out(its.stopWordFlag) as unknown as boolean[];
  const negations = tokens.out(its.negationFlag) as unknown as boolean[];
  const out: Token[] = [];
  let at = 0;
  for (let i = 0; i < values.length; i++) {
    const value = values[i]!;
    at += spaces[i]!.length;
    // The model keeps the text as written, so offsets add up; search as a safeguard.
    if (text.slice(at, at + value.length) !== value) {
      const found = text.indexOf(value, at);
      if (found >= 0) at = found;
    }
    // The lemmatiser gives no lemma for some tokens ("cannot" at the end of a clause): the word stands for itself.
    out.push({ value, normal: normals[i]!, lemma: (lemmas[i] ?? normals[i] ?? value).toLowerCase(), pos: pos[i]!, stop: stops[i]! && !CONTENT_POS.has(pos[i]!), negated: negations[i]!, start: at, end: at + value.length });
    at += value.length;
  }
  scopeNegations(out);
  const entities: RawEntity[] = [];
  type Item = { out(f: unknown): unknown };
  const add = (e: Item) => {
    const [first, last] = e.out(its.span) as [number, number];
    entities.push({ label: e.out(its.type) as string, first, last });
  };
  (doc.entities() as unknown as { each(f: (e: Item) => void): void }).each(add);
  (doc.customEntities() as unknown as { each(f: (e: Item) => void): void }).each(add);
  // Bare clock times ("opens at 8:00") are tokens of their own.
  out.forEach((t, i) => {
    if (CLOCK.test(t.value) && t.value.includes(':') && !entities.some((e) => e.first <= i && i <= e.last)) entities.push({ label: 'TIME', first: i, last: i });
  });
  return { tokens: out, entities };
}
