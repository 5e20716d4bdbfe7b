import { createRequire } from 'node:module';
import { findPhoneNumbersInText } from 'libphonenumber-js/min';
import { AGREEMENT_QUESTION, COMPARED_SOURCES, SAME_IN_SOURCES, DEFINITION_QUESTION, COMPARATIVES, DOCUMENT_WORDS, DOWN_WORDS, DURATION_UNITS, IDENTIFIER_NOUNS, MEANING_TYPES, MEASURE_QUESTIONS, MONETARY_UNIT, MONTHS, NEGATION_CUES, NOT_A_NEGATION, NOUN_TYPES, QUESTION_FRAME_WORDS, QUESTION_OPENERS, QUESTION_TYPES, UP_WORDS, YES_NO_OPENERS, type EntityType } from './lexicon.js';
import { clockTimesIn, datesIn, isDayName, writesYear, type DateValue } from './dates.js';
import { CLAUSE_EDGE, parse, type Token } from './nlp.js';
import { parseQuantities, type Quantity } from './quantities.js';
import { WordNet } from './wordnet.js';
import { processTerm, queryTerms, stem } from './terms.js';
import { splitSentences } from '../ingest/sentences.js';

/**
 * The analysis of a text that answering and verifying share: its content terms, the
 * lemmas of its words, the entities it names (people, places, organisations, other
 * names, dates, times, durations, money, percentages, numbers), and whether it is
 * negated or states a direction of change. Offsets are into the analysed text.
 */

export interface Entity {
  type: EntityType;
  text: string;
  start: number;
  end: number;
  /** Search terms of the entity's text, to tell whether another text mentions it. */
  terms: string[];
}

export interface TextAnalysis {
  /** Content terms, stemmed as the lexical index stems them, without duplicates. */
  terms: string[];
  /** Lemmas of the content words (for synonyms and antonyms), without duplicates. */
  lemmas: string[];
  /** Lemmas of its verbs: everyday verbs ("need", "get") say little about the subject. */
  verbs: string[];
  /**
   * The lemma of each term that stemming does not lead back to it: irregular forms such
   * as "grew" (grow) or "children" (child). Other terms' lemmas share their stem.
   */
  irregular?: Record<string, string>;
  entities: Entity[];
  negated: boolean;
  /** Content terms in the scope of a negation ("not open before 8:00" → open, 8:00). */
  negatedTerms: string[];
  direction?: 'up' | 'down';
  /**
   * Where a text states changes both ways ("enrolments rose…, and the waiting list fell…"),
   * each clause's direction with its terms, so that a claim is held to the clause it is about.
   */
  changes?: Change[];
  /** Calendar dates, read when asked for (`withDates`): sentences store them in the index. */
  dates?: DateValue[];
  /**
   * Verbs written with their particle where the pair is a word of its own: "call" → "call
   * off", whose meaning (cancel) is not its verb's. Keyed by the verb's lemma.
   */
  phrasal?: Record<string, string>;
}

export interface Change {
  direction: 'up' | 'down';
  terms: string[];
}

/** How a question is put. */
export type QuestionForm = 'wh' | 'yesno' | 'keyword' | 'request';

export interface QuestionAnalysis extends TextAnalysis {
  text: string;
  form: QuestionForm;
  /** The kinds of answer the question asks for; empty when its form does not say. */
  expects: EntityType[];
  /** Terms that say what the question is about (frame words such as "say" removed). */
  keyTerms: string[];
  /**
   * Terms of the phrase the question asks about ("the office manager" in "Who is the
   * office manager of the studio?"): a sentence that answers must be about that.
   */
  head: string[];
  /** "Do the sources agree on …?" */
  asksAgreement: boolean;
  /** Asks about a document itself: its title, publisher, date, author. */
  asksDocument: boolean;
  /** The abbreviation a "what does X stand for" question asks about. */
  defines?: string;
  /** Where the question starts after a story that leads up to it (see `questionStart`). */
  story?: number;
  /**
   * The noun right after "which" or "what" when it names the kind of answer but no type
   * of name or figure ("what colour", "which engine"): an answer gives an instance of it.
   */
  kind?: string;
  /** The noun a "how many" question counts ("how many meeting rooms": "room"), unless it is a unit of time. */
  counted?: string;
  /** The kind of unit, as WordNet files units, of the measure asked for ("how much does it weigh": "mass unit"). */
  measure?: string;
}

/** The abbreviation a definition question asks about, if it is one. */
export function definitionTarget(question: string): string | undefined {
  const m = DEFINITION_QUESTION.exec(question);
  const target = m ? (m[1] ?? m[2] ?? m[3] ?? m[4]) : undefined;
  return target && !/^(?:what|it|this|that|the|acronym)$/i.test(target) ? target : undefined;
}

/** True when the text spells out an abbreviation: "TRUST (Transforming the …)" or "Trade Policy Forum (TPF)". */
export function definesTerm(text: string, term: string): boolean {
  const t = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}])${t}\\s*\\([^)]{6,}\\)|\\(${t}s?\\)`, 'iu').test(text);
}

const termsOf = (text: string): string[] => [...new Set(queryTerms(text))];

const CONNECTORS = new Set(['of', 'for', 'the', '&', 'de']);
const isMonthOrDay = (w: string) => MONTHS.includes(w.toLowerCase()) || isDayName(w);
const isCode = (w: string) => /\d/.test(w) && /\p{L}/u.test(w); // KX-200, E17, MQ-9B, 3rdiTech

function entityType(label: string, text: string, tokens: Token[], first: number): EntityType | undefined {
  switch (label) {
    case 'DATE':
      return 'date';
    case 'TIME':
      return 'time';
    case 'DURATION':
      // "between 24 December and 1 January" is a span of dates, not a length of time, and
      // "6:30pm to 8:45pm" a span of times of day: it says when, as a time does.
      if (/\b(?:19|20)\d\d\b/.test(text) || MONTHS.some((m) => text.toLowerCase().includes(m))) return 'date';
      return clockTimesIn(text).length > 0 ? 'time' : 'duration';
    case 'MONEY':
      return 'money';
    case 'PERCENT':
      return 'percent';
    case 'EMAIL':
      return 'email';
    case 'URL':
      return 'web';
    case 'CARDINAL': {
      if (/^(?:1[89]|20)\d\d$/.test(text)) return 'date';
      const before = tokens[first - 1];
      if (IDENTIFIER_NOUNS.test(before?.value ?? '')) return 'name';
      // A count comes before what it counts ("64 plots"); a number right after a noun in the
      // singular, with nothing of its own after it, labels that thing ("plot 17", "Gate 4 is…").
      const after = tokens[first + 1];
      if (before && ['NOUN', 'PROPN'].includes(before.pos) && before.lemma.toLowerCase() === before.normal && /^\d+$/.test(text) && !['NOUN', 'PROPN', 'NUM'].includes(after?.pos ?? '')) return 'name';
      return 'number';
    }
    default:
      return undefined;
  }
}

type Compromise = (text: string) => { people(): Listed; places(): Listed; organizations(): Listed; has(match: string): boolean };
type Listed = { out(format: 'array'): string[] };
let compromise: Compromise | undefined;
/** compromise takes half a second to load, so it is loaded on first use. */
const loadCompromise = (): Compromise => (compromise ??= createRequire(import.meta.url)('compromise') as Compromise);

const levels = new Map<string, number | undefined>();

/**
 * How large a place is, as compromise's lexicon knows it: 3 a country, 2 a region (a
 * state, a province), 1 a city; undefined when it does not know the name as a place.
 */
export function placeLevel(name: string): number | undefined {
  const key = name.toLowerCase();
  if (!levels.has(key)) {
    const doc = loadCompromise()(name);
    levels.set(key, doc.has('#Country') ? 3 : doc.has('#Region') ? 2 : doc.has('#City') ? 1 : undefined);
  }
  return levels.get(key);
}

/**
 * Names in a text as compromise sees them, by kind, lower case. compromise takes half a
 * second to load, so it is loaded on first use: sentences are typed when the index is
 * built, and questions and claims need no typing of their own names.
 */
function namedKinds(text: string): Array<[string, 'person' | 'place' | 'org']> {
  const nlpCompromise = loadCompromise();
  // Lines in capitals ("SHRI KIRTI VARDHAN SINGH") are read in title case.
  const cased = text.replace(/\b\p{Lu}[\p{Lu}'’-]+\b/gu, (w) => (w.length > 3 ? w.charAt(0) + w.slice(1).toLowerCase() : w));
  const doc = nlpCompromise(cased);
  const out: Array<[string, 'person' | 'place' | 'org']> = [];
  const add = (list: unknown, kind: 'person' | 'place' | 'org') => {
    for (const p of list as string[]) {
      const clean = p.toLowerCase().replace(/[^\p{L}\p{N}\s.-]/gu, '').replace(/[.\s]+$/, '').trim();
      if (clean.length > 1) out.push([clean, kind]);
    }
  };
  add(doc.people().out('array'), 'person');
  add(doc.places().out('array'), 'place');
  add(doc.organizations().out('array'), 'org');
  return out;
}

/** Entities: the model's dates, times and figures, plus runs of proper names typed by compromise. */
export interface AnalyzeOptions {
  /** Tell people from places and organisations (slower, about 3 ms a sentence). @default false */
  typeNames?: boolean;
  /** Read calendar dates too, to store them. @default false */
  withDates?: boolean;
  /**
   * Words the collection writes with a capital in mid-sentence (lower case). A common
   * word opening a sentence is a name only if it is one of these: "Micron confirmed…"
   * but not "Food is allowed…".
   */
  properWords?: Set<string>;
  /** Words of the collection's document titles (lower case): a question comparing "the branch guide" and "the minutes" compares documents. */
  documentWords?: Set<string>;
  /**
   * The names of the fields the collection's documents give about themselves beyond
   * title, publisher, author and date (front matter's "version", "last reviewed"), as
   * terms: a question naming one ("what version is the hall policy") asks about a document.
   */
  documentFields?: string[][];
}

/** Countries whose ways of writing a national number are tried ("0161 496 0732", "(212) 555-0199", "011 2301 2345"). */
const PHONE_CONVENTIONS = ['GB', 'US', 'IN'] as const;
const EXTENSION = /\b(?:ext(?:ension)?\.?)\s?\d{2,6}\b/gi;

/**
 * Telephone numbers, read by libphonenumber-js as valid under one of the conventions
 * above, written with a country code or not, and internal extensions ("extension 4411").
 */
function phoneSpans(text: string): Array<{ start: number; end: number }> {
  const spans: Array<{ start: number; end: number }> = [];
  const add = (start: number, end: number) => {
    if (!spans.some((s) => s.start < end && start < s.end)) spans.push({ start, end });
  };
  if (/\d(?:[\s().-]*\d){6}/.test(text)) {
    for (const defaultCountry of PHONE_CONVENTIONS) for (const n of findPhoneNumbersInText(text, defaultCountry)) add(n.startsAt, n.endsAt);
  }
  for (const m of text.matchAll(EXTENSION)) add(m.index, m.index + m[0].length);
  return spans;
}

/** Web addresses written without a scheme ("www.example.org"), which wink-nlp reads as words. */
const BARE_WEB_ADDRESS = /\bwww\.[\p{L}\d-]+(?:\.[\p{L}\d-]+)+(?:\/[^\s,;)]*)?/giu;

function findEntities(text: string, tokens: Token[], raw: ReturnType<typeof parse>['entities'], options: AnalyzeOptions): Entity[] {
  const typeNames = options.typeNames ?? false;
  const entities: Entity[] = [];
  const covered = new Set<number>();
  // Spans read by their form, before the model's entities: their tokens are theirs.
  const byForm = (type: EntityType, start: number, end: number) => {
    tokens.forEach((t, i) => {
      if (t.start < end && start < t.end) covered.add(i);
    });
    entities.push({ type, text: text.slice(start, end), start, end, terms: termsOf(text.slice(start, end)) });
  };
  for (const p of phoneSpans(text)) byForm('phone', p.start, p.end);
  for (const m of text.matchAll(BARE_WEB_ADDRESS)) byForm('web', m.index, m.index + m[0].replace(/\.$/, '').length);
  for (const e of raw) {
    if (covered.has(e.first)) continue;
    const span = text.slice(tokens[e.first]!.start, tokens[e.last]!.end);
    const type = entityType(e.label, span, tokens, e.first);
    if (!type) continue;
    // A number with a capital written onto it names something: plot "4B", room "12A".
    const glued = tokens[e.last + 1];
    if (type === 'number' && glued && glued.start === tokens[e.last]!.end && /^\p{Lu}{1,2}$/u.test(glued.value) && !covered.has(e.last + 1)) {
      byForm('name', tokens[e.first]!.start, glued.end);
      continue;
    }
    let last = e.last;
    // "six weeks" may come back as a bare number; the unit after it makes it a duration.
    const unit = tokens[last + 1];
    const finalType = type === 'number' && unit && DURATION_UNITS.test(unit.value) ? 'duration' : type;
    if (finalType === 'duration' && unit && DURATION_UNITS.test(unit.value) && type === 'number') last++;
    const start = tokens[e.first]!.start;
    const end = tokens[last]!.end;
    for (let i = e.first; i <= last; i++) covered.add(i);
    if (finalType === 'name') {
      const before = tokens[e.first - 1]!;
      entities.push({ type: 'name', text: text.slice(before.start, end), start: before.start, end, terms: termsOf(text.slice(before.start, end)) });
    } else entities.push({ type: finalType, text: text.slice(start, end), start, end, terms: termsOf(text.slice(start, end)) });
  }

  // Proper names: runs of proper nouns (and codes), joined by "of", "and", "for", "the".
  const kinds = typeNames ? namedKinds(text) : [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    const properish = (k: number) => {
      const tok = tokens[k]!;
      if (covered.has(k) || isMonthOrDay(tok.value)) return false;
      return (tok.pos === 'PROPN' && /^[\p{Lu}\d]/u.test(tok.value)) || (isCode(tok.value) && tok.pos !== 'NUM') || (/^\p{Lu}{2,}/u.test(tok.value) && tok.pos === 'NOUN') || (!tok.stop && namedInLowerCase(tok.value, tok.lemma, options.properWords));
    };
    if (!properish(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < tokens.length) {
      const next = tokens[j + 1]!;
      const glued = next.start === tokens[j]!.end && /^[-.'’&]$/.test(next.value) && tokens[j + 2] && properish(j + 2);
      // Pieces written together are one name: "3rd" + "iTech".
      if (next.start === tokens[j]!.end && /^[\p{L}\d]/u.test(next.value) && !covered.has(j + 1)) j++;
      else if (properish(j + 1) && next.start - tokens[j]!.end <= 1) j++;
      else if (glued) j += 2;
      else if (CONNECTORS.has(next.normal) && tokens[j + 2] && properish(j + 2) && /^\p{Lu}/u.test(tokens[j + 2]!.value)) j += 2;
      else break;
    }
    const start = t.start;
    const end = tokens[j]!.end;
    const name = text.slice(start, end);
    // An ordinary word opening a sentence ("Employees may…", "Food is…") is not a name.
    const opensSentence = i === 0 || /^[.!?:;(\-–—•*]$/.test(tokens[i - 1]!.value);
    const lower1 = name.toLowerCase();
    if (j === i && opensSentence && !/^\p{Lu}{2,}$/u.test(name) && !options.properWords?.has(lower1) && (stem(lower1) !== lower1 || WordNet.shared().isCommon(lower1))) {
      i++;
      continue;
    }
    const lower = name.toLowerCase().replace(/[.\s]+$/, '');
    const kind = kinds.find(([k]) => k === lower || k.includes(lower) || (lower.includes(k) && k.length >= 3))?.[1];
    entities.push({ type: kind ?? 'name', text: name, start, end, terms: termsOf(name) });
    i = j + 1;
  }
  return entities.sort((a, b) => a.start - b.start);
}

/**
 * A word typed in lower case that the collection writes only as a name ("brackwell",
 * "doyle"): people type questions and claims without capitals. Not an everyday word
 * ("mill", "bell"), which the collection may write with a capital inside a name but a
 * reader types as itself, nor a function word.
 */
function namedInLowerCase(word: string, lemma: string, properWords: Set<string> | undefined): boolean {
  // An everyday word in another form ("vehicles", "drivers") is known to WordNet by its lemma.
  return properWords !== undefined && /^\p{Ll}[\p{Ll}\d-]+$/u.test(word) && properWords.has(word) && !WordNet.shared().has(word) && !WordNet.shared().has(lemma.toLowerCase());
}

const NEGATORS = new Set(['not', "n't", 'never', 'no', 'none']);

/**
 * Content words in the scope of a negation: the model's scope ("isn't open before 8:00"),
 * and, for a negation that ends its clause ("…but glass bottles are not."), the words of
 * that clause before it, which is what it denies.
 */
function negatedTokens(tokens: Token[], text: string): Token[] {
  // A bound such as "no bigger than" or "not only" is not a negation, though the tagger
  // puts the words after its "no" in a negation's scope.
  const bounds = [...text.matchAll(NOT_A_NEGATION)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const inBound = (t: Token) => bounds.some((b) => t.start >= b.start && t.start < b.end);
  const negatorOf = (i: number): Token | undefined => {
    for (let k = i - 1; k >= 0 && !CLAUSE_EDGE.test(tokens[k]!.value); k--) if (NEGATORS.has(tokens[k]!.normal)) return tokens[k];
    return undefined;
  };
  const out = tokens.filter((t, i) => {
    if (!t.negated || t.stop) return false;
    const negator = negatorOf(i);
    return !(negator && inBound(negator));
  });
  tokens.forEach((t, i) => {
    if (!NEGATORS.has(t.normal) || inBound(t)) return;
    let j = i + 1;
    while (j < tokens.length && !CLAUSE_EDGE.test(tokens[j]!.value)) {
      if (!tokens[j]!.stop && /\p{L}/u.test(tokens[j]!.value)) return; // the negation has words of its own after it
      j++;
    }
    // A label's value ("Printing: None", "Parking: no") denies the label.
    const from = tokens[i - 1]?.value === ':' ? i - 2 : i - 1;
    for (let k = from; k >= 0 && !CLAUSE_EDGE.test(tokens[k]!.value); k--) if (!tokens[k]!.stop && /\p{L}/u.test(tokens[k]!.value)) out.push(tokens[k]!);
  });
  return out;
}

function negatedText(text: string): boolean {
  return NEGATION_CUES.test(text.replace(NOT_A_NEGATION, ''));
}

type Direction = 'up' | 'down';

/**
 * A word's direction of change. A verb with its particle counts by the words of its first
 * WordNet sense ("went down" → fall). Single verbs are not widened so: their senses and
 * the meanings above them are often physical ("reach" shares one with "gain", "pick up"
 * lies below "raise").
 */
function wordDirection(word: string, phrasal = false): Direction | undefined {
  const words = phrasal ? WordNet.shared().firstVerbSense(word) : [word];
  const up = words.some((w) => UP_WORDS.has(w));
  const down = words.some((w) => DOWN_WORDS.has(w));
  return up === down ? undefined : up ? 'up' : 'down';
}

/**
 * Whether a comparative states no change: one that sets a bound ("more than 20", "longer
 * than three hours", "fewer than a third"), or one that sets two things side by side
 * ("more money than any other funder"). Against an earlier time ("more entries than the
 * year before", "fewer than in 2023"), or against nothing said ("got longer"), it is a change.
 */
function comparesNoChange(tokens: Token[], i: number, figures: () => Quantity[]): boolean {
  const than = tokens.findIndex((t, j) => j > i && t.normal === 'than');
  if (than < 0 || tokens.slice(i + 1, than).some((t) => CLAUSE_EDGE.test(t.value))) return false;
  const after = tokens[than + 1];
  if (!after) return false;
  if (than === i + 1 && (after.pos === 'DET' || figures().some((f) => f.start <= after.start && after.start < f.end))) return true;
  const rest = tokens.slice(than + 1, than + 7);
  const end = rest.findIndex((t) => CLAUSE_EDGE.test(t.value));
  return !(end < 0 ? rest : rest.slice(0, end)).some((t) => EARLIER.test(t.normal) || writesYear(t.value) || MONTHS.includes(t.normal));
}
const EARLIER = /^(?:before|earlier|previous|previously|last|ago|prior)$/;

/**
 * Whether a text states a rise or a fall. Words of change count ("rose", "went down"),
 * and so do comparatives of size ("fewer", "longer"), unless they set a bound.
 * Without such a word, a figure compared with an earlier one says which way it went
 * ("138 users, compared with 121 a year earlier"). Both ways at once is no direction.
 */
function directionOf(text: string, tokens: Token[], phrasal: Record<string, string>): { direction?: Direction; changes?: Change[] } {
  const found: Array<{ at: number; direction: Direction }> = [];
  // Most texts compare nothing: their figures are read only when a comparative or "compared with" needs them.
  let read: Quantity[] | undefined;
  const figures = () => (read ??= parseQuantities(text));
  tokens.forEach((t, i) => {
    if (t.pos === 'PUNCT' || !/\p{L}/u.test(t.value) || (COMPARATIVES.has(t.normal) && comparesNoChange(tokens, i, figures))) return;
    // "up" and "down" are function words, except before the figure they moved from.
    if (t.stop && !(/^(?:up|down)$/.test(t.normal) && tokens[i + 1]?.normal === 'from')) return;
    const phrase = t.pos === 'VERB' ? phrasal[t.lemma] : undefined;
    const direction = (phrase ? wordDirection(phrase, true) : undefined) ?? wordDirection(t.lemma) ?? wordDirection(t.normal);
    if (direction) found.push({ at: i, direction });
  });
  const ways = new Set(found.map((f) => f.direction));
  if (ways.size === 0) {
    const moved = new Set([...(COMPARED_WITH_ANYWHERE.test(text) ? figureDirections(text, figures()) : []), ...signedChanges(text)]);
    return moved.size === 1 ? { direction: [...moved][0]! } : {};
  }
  if (ways.size === 1) return { direction: [...ways][0]! };
  const changes = clauseChanges(text, tokens, found);
  return changes ? { changes } : {};
}

/**
 * A text's clauses that state changes, each with its direction and terms. Clauses end at
 * the last clause edge (a comma, "and", "but", "while") between two words of change; two
 * opposite words with no edge between them are one clause going both ways, and then
 * there are no clauses to tell apart.
 */
function clauseChanges(text: string, tokens: Token[], found: Array<{ at: number; direction: Direction }>): Change[] | undefined {
  const starts = [0];
  for (let k = 1; k < found.length; k++) {
    let edge = -1;
    for (let j = found[k]!.at - 1; j > found[k - 1]!.at; j--) if (CLAUSE_EDGE.test(tokens[j]!.value)) { edge = j; break; }
    if (edge >= 0) starts.push(edge);
    else if (found[k]!.direction !== found[k - 1]!.direction) return undefined;
  }
  const changes: Change[] = [];
  starts.forEach((start, n) => {
    const end = starts[n + 1] ?? tokens.length;
    const ways = new Set(found.filter((f) => f.at >= start && f.at < end).map((f) => f.direction));
    if (ways.size !== 1) return;
    changes.push({ direction: [...ways][0]!, terms: termsOf(text.slice(tokens[start]!.start, tokens[end - 1]!.end)) });
  });
  return changes.length > 1 ? changes : undefined;
}

/** Before the earlier figure: "compared with". After it, within a few words: when it was. */
const COMPARED_WITH = /\bcompared (?:with|to)\s*$/i;
const COMPARED_WITH_ANYWHERE = /\bcompared (?:with|to)\b/i;
const EARLIER_TIME = /^[^.;]{0,30}?\b(?:earlier|before|previous|last year|(?:19|20)\d\d)\b/i;

/**
 * A percentage written with its sign is a change, as in a table's "Change" column
 * ("Change: −4.5%", "+11.0%"). Not a hyphen between figures ("10-15%"), which is a range.
 */
const SIGNED_PERCENT = /(?<![\p{L}\p{N}.,])([+−–-])\s?\d+(?:\.\d+)?\s?(?:%|per ?cent\b)/giu;
function signedChanges(text: string): Direction[] {
  return [...text.matchAll(SIGNED_PERCENT)].map((m) => (m[1] === '+' ? 'up' : 'down'));
}

/** Directions of figures set against earlier ones of the same kind. */
function figureDirections(text: string, all: Quantity[]): Direction[] {
  const figures = all.filter((q) => q.kind !== 'year');
  const out: Direction[] = [];
  for (let i = 1; i < figures.length; i++) {
    const [now, then] = [figures[i - 1]!, figures[i]!];
    const between = text.slice(now.end, then.start);
    if (now.kind !== then.kind || now.currency !== then.currency || between.length > 80 || !COMPARED_WITH.test(between) || !EARLIER_TIME.test(text.slice(then.end))) continue;
    if (now.value !== then.value) out.push(now.value > then.value ? 'up' : 'down');
  }
  return out;
}

/** A text with the given spans of it turned to spaces, so that every offset still holds. */
export function blanked(text: string, spans: Array<{ start: number; end: number }>): string {
  for (const { start, end } of spans) text = text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
  return text;
}

/**
 * Analyses a text (a sentence, a claim, a question). `typeNames: true` adds the slower
 * step that tells people from places and organisations (about 3 ms a sentence); without
 * it every proper name is of type `name`.
 */
export function analyzeText(text: string, options: AnalyzeOptions = {}): TextAnalysis {
  const parsed = parse(text);
  // An adjective after a measure ("14 years old", "25 metres long") names what is measured,
  // not one end of a scale: a 14-year-old is not old, and no "new" contradicts it. The noun
  // is a unit (WordNet files one of its senses under quantities or times), not a thing
  // counted: "three offices close" is no measure, however a tagger reads "close".
  const measures = new Set(
    parsed.tokens.filter((t, i) => {
      const [unit, figure] = [parsed.tokens[i - 1], parsed.tokens[i - 2]];
      return t.pos === 'ADJ' && unit?.pos === 'NOUN' && figure?.pos === 'NUM' && WordNet.shared().synsets(unit.lemma.toLowerCase(), 'n').some((s) => s.lexFile === NOUN_QUANTITY || s.lexFile === NOUN_TIME);
    }),
  );
  const lemmas = [...new Set(parsed.tokens.filter((t) => !t.stop && /\p{L}/u.test(t.value) && t.pos !== 'PUNCT' && !measures.has(t)).map((t) => t.lemma))];
  // The model's stop words ("themselves", "whenever") beyond the lexicon's short list;
  // "us" stays, for the country. Nor is a greeting ("hi", "hello", "ok") about anything.
  const stopped = new Set(parsed.tokens.filter((t) => (t.stop || t.pos === 'INTJ') && t.normal !== 'us' && /^\p{L}+$/u.test(t.value)).flatMap((t) => termsOf(t.value)));
  const irregular: Record<string, string> = {};
  for (const t of parsed.tokens) {
    if (t.stop || !/^\p{L}+$/u.test(t.value)) continue;
    const term = processTerm(t.value.toLowerCase());
    if (term && term !== stem(t.lemma)) irregular[term] = t.lemma;
  }
  const phrasal = phrasalVerbs(parsed.tokens);
  const { direction, changes } = directionOf(text, parsed.tokens, phrasal);
  return {
    // Nor is the adjective of a measure a word to look for: the figure says it (where the
    // same word stands elsewhere in the text, "the old hall is 40 years old", it stays).
    terms: termsOf(blanked(text, [...measures])).filter((t) => !stopped.has(t)),
    lemmas,
    verbs: [...new Set(parsed.tokens.filter((t) => t.pos === 'VERB' || t.pos === 'AUX').map((t) => t.lemma))],
    ...(Object.keys(irregular).length > 0 ? { irregular } : {}),
    entities: findEntities(text, parsed.tokens, parsed.entities, options),
    negated: negatedText(text),
    negatedTerms: [...new Set(negatedTokens(parsed.tokens, text).flatMap((t) => termsOf(t.value)))],
    ...(direction ? { direction } : {}),
    ...(changes ? { changes } : {}),
    ...(options.withDates ? { dates: datesIn(text) } : {}),
    ...(Object.keys(phrasal).length > 0 ? { phrasal } : {}),
  };
}

/** A verb and the particle right after it, where WordNet has the pair as a verb ("picked up", "called off"). */
function phrasalVerbs(tokens: Token[]): Record<string, string> {
  const out: Record<string, string> = {};
  tokens.forEach((t, i) => {
    const next = tokens[i + 1];
    if (t.pos !== 'VERB' || !next || !['ADP', 'PART', 'ADV'].includes(next.pos) || !/^\p{L}+$/u.test(next.normal)) return;
    const phrase = `${t.lemma} ${next.normal}`;
    if (WordNet.shared().synsets(phrase.replace(' ', '_'), 'v').length > 0) out[t.lemma] = phrase;
  });
  return out;
}

// Not "is": in "what is the date…" the noun after it is what is asked for.
const AUXILIARY = /^(?:do|does|did|has|have|had|will|would|can|could|should|shall|may|might|must)$/i;

/** The words that ask a question, wherever they stand ("If it is late, what is the fine?"), and at its start. */
const WH_WORDS = 'what|which|who|whom|whose|when|where|why|how';
const QUESTION_WORD = new RegExp(String.raw`\b(?:${WH_WORDS})\b`, 'i');
const OPENS_WITH_QUESTION_WORD = new RegExp(String.raw`^\s*(?:(?:and|so|but)\s+)?(?:${WH_WORDS})\b`, 'i');

/** The kinds of answer a question's wording asks for. */
export function expectedTypes(question: string): EntityType[] {
  for (const [pattern, types] of QUESTION_TYPES) if (pattern.test(question)) return types;
  // "which company…", "what year…", or a keyword query ending in such a noun ("launch year").
  // A noun before "'s" is an owner, not the kind of answer ("what is the company's mileage rate").
  const m = /\b(?:which|what)\s+(\p{L}+(?:['’]s)?)(?:\s+(\p{L}+(?:['’]s)?))?(?:\s+(\p{L}+(?:['’]s)?))?/iu.exec(question);
  // After an auxiliary comes the subject, not the kind of answer: "what do members pay".
  const words = m ? [m[1], m[2], m[3]].filter((w): w is string => w !== undefined) : [];
  const subject = words.findIndex((w) => AUXILIARY.test(w));
  // …and so does a noun after one: "what fee do members pay" asks for a fee, not members.
  const nouns = words.slice(0, subject < 0 ? undefined : subject).filter((w) => !/['’]s$/.test(w));
  // A keyword query's last noun, unless it is the unit of a rate ("fine per day" asks for the
  // fine). Not when a question word comes later: "If it is late, what is the fine?"
  const last = /(?:\b(per|each|every|a|an)\s+)?(\p{L}+)\W*$/iu.exec(question);
  if (!QUESTION_OPENERS.test(question) && !QUESTION_WORD.test(question) && last && !last[1]) nouns.push(last[2]!);
  for (const noun of nouns) for (const [pattern, types] of NOUN_TYPES) if (pattern.test(noun)) return types;
  return [];
}

const HEAD_SKIP = new Set(['me', 'us', 'is', 'are', 'was', 'were', 'be', 'do', 'does', 'did', 'has', 'have', 'had', 'will', 'would', 'can', 'could', 'should', 'the', 'a', 'an', 'many', 'much', 'long', 'often', 'big', 'large', "'s", '’s', 's']);

/**
 * The phrase right after the question word: "who is [the office manager] of…", "how many
 * [days of paid sick leave]…", "what is [the daily parking fee]…". Not for "which
 * company…": there the noun only names the kind of answer.
 */
function questionHead(tokens: Token[], words: Token[]): string[] {
  // A noun such as "company" or "money" only names the kind of answer ("which company",
  // "how much money"); after "who is the", a role such as "manager" is what is asked about.
  const wh = questionWordAt(tokens);
  const kindWord = wh >= 0 && !/^(?:who|whom|whose)$/i.test(tokens[wh]!.value);
  return [...new Set(words.filter((w) => (!kindWord || !namesKind(w)) && !meansAnyone(w.lemma)).flatMap((w) => termsOf(w.value)))];
}

/** A noun that names a kind of answer ("company", "year", "money"; see `NOUN_TYPES`). */
const namesKind = (t: Token) => NOUN_TYPES.some(([re]) => re.test(t.value));

/**
 * "Person", "someone", "people": a word meaning anyone at all (in its first sense) names
 * the kind of answer after any question word, "who is the person to call about…", where a
 * role such as "manager" says who is meant.
 */
function meansAnyone(lemma: string): boolean {
  const wordnet = WordNet.shared();
  const first = wordnet.synsets(lemma.toLowerCase(), 'n')[0];
  return first !== undefined && ['person', 'people'].some((w) => wordnet.synsets(w, 'n')[0]?.offset === first.offset);
}

/**
 * The kinds of answer the noun a question asks for falls under in WordNet ("what is the
 * fare to…", "the bulky item fee?"), when the question's wording names none: the last
 * noun of the asked phrase, or of a bare keyword query.
 */
function meaningTypes(words: Token[]): EntityType[] {
  // The unit of a rate is not what is asked for: "parking charge per hour" asks for a charge.
  const unit = (t: Token) => words.some((w) => w.end < t.start && w.end >= t.start - 2 && /^(?:per|each|every)$/i.test(w.value));
  const noun = [...words].reverse().find((t) => t.pos === 'NOUN' && !unit(t));
  if (!noun) return [];
  const wordnet = WordNet.shared();
  const lemma = noun.lemma.toLowerCase();
  // A noun of several meanings ("rate": a charge, or a ratio) admits the kinds of each.
  return [...new Set(MEANING_TYPES.filter(([meanings]) => meanings.some((m) => wordnet.fallsUnder(lemma, m))).flatMap(([, types]) => types))];
}

/**
 * "Which fund…", "which grant…": "which" picks one of several things, and the one picked
 * may be given by its name ("the Innovation Fund") as well as by what the noun's meaning
 * asks for (an amount).
 */
function selected(types: EntityType[], which: boolean): EntityType[] {
  return which && types.length > 0 && !types.includes('name') ? [...types, 'name'] : types;
}

/** Kinds of thing a noun naming a document falls under in WordNet: "handbook", "minutes", "report", "note". */
const DOCUMENT_KINDS = ['document', 'publication', 'record', 'written communication'];

/**
 * "Do the handbook and Policy Note 14 agree…": the things compared are documents, not, say,
 * two countries agreeing. A side names a document by a common noun of a document's kind
 * ("the report", "the minutes") or by a word of one of the collection's titles ("the branch
 * guide" for "Branch Guide 2026", "the plot holder agreement"); names of people, places and
 * organisations do not count, though titles hold them too.
 */
function comparesDocuments(question: string, documentWords: Set<string> | undefined): boolean {
  const compared = (COMPARED_SOURCES.exec(question) ?? SAME_IN_SOURCES.exec(question))?.groups?.compared;
  if (!compared) return false;
  const wordnet = WordNet.shared();
  return parse(compared).tokens.some(
    (t) =>
      t.pos === 'NOUN' &&
      (DOCUMENT_KINDS.some((k) => wordnet.fallsUnder(t.lemma.toLowerCase(), k) || wordnet.fallsUnder(t.normal, k)) ||
        (documentWords !== undefined && (documentWords.has(t.normal) || documentWords.has(t.lemma.toLowerCase())))),
  );
}

/** Where the question word is, or -1. */
const questionWordAt = (tokens: Token[]) => tokens.findIndex((t) => /^(?:what|which|who|whom|whose|how|when|where|tell)$/i.test(t.value));

/**
 * Taggers read the verb of "how many people fit in…" or "how many staff work at…" as a
 * noun of the phrase: a word in its plain form used mostly as a verb, after a noun and
 * before a preposition or a determiner, is the verb. "Parking charges in 2024" keeps its
 * noun: a verb after a plural subject takes no "-s".
 */
function misreadVerb(tokens: Token[], k: number): boolean {
  const t = tokens[k]!;
  return (
    t.pos === 'NOUN' &&
    tokens[k - 1]?.pos === 'NOUN' &&
    t.normal === t.lemma.toLowerCase() &&
    ['ADP', 'DET', 'PRON', 'PART'].includes(tokens[k + 1]?.pos ?? '') &&
    WordNet.shared().synsets(t.normal, 'v').length > 0 &&
    !WordNet.shared().isMostlyNoun(t.normal)
  );
}

/** A participle before a noun describes it ("how much liquefied natural gas"). */
const isParticiple = (tokens: Token[], k: number) => tokens[k]!.pos === 'VERB' && tokens[k]!.lemma !== tokens[k]!.normal && ['NOUN', 'ADJ'].includes(tokens[k + 1]?.pos ?? '');

/** The words of the phrase right after the question word (see `questionHead`). */
function headWords(tokens: Token[]): Token[] {
  const wh = questionWordAt(tokens);
  if (wh < 0) return [];
  let i = wh + 1;
  const how = tokens[wh]!.normal === 'how';
  // "How high", "how far", "how soon": the adjective or adverb names the measure asked
  // for, as "many" and "long" do, not the thing measured.
  if (how && ['ADJ', 'ADV'].includes(tokens[i]?.pos ?? '')) i++;
  while (i < tokens.length && HEAD_SKIP.has(tokens[i]!.normal)) i++;
  // "Who designed the camera?": the verb is what is asked about.
  if (tokens[i]?.pos === 'VERB' && !isParticiple(tokens, i)) return [tokens[i]!];
  // "Which law…", "what types of chips…": the noun right after the question word names
  // the kind of answer, an instance of which the sentence gives; it need not repeat it.
  if (/^(?:which|what)$/i.test(tokens[wh]!.value) && i === wh + 1) return [];
  // "What does the handbook say about parking?": what a source says is asked after, about
  // something; the topic is what the question is about, not the one who speaks of it.
  // Taggers often read "say" here as a noun, so the word's meaning decides, not its tag.
  const about = tokens.findIndex((t, k) => k > i && TOPIC_PREPOSITIONS.has(t.normal) && WordNet.shared().synsets(tokens[k - 1]!.lemma.toLowerCase(), 'v')[0]?.lexFile === VERB_COMMUNICATION);
  if (about > 0) {
    const topic: Token[] = [];
    for (let k = about + 1; k < tokens.length && !['PUNCT', 'CCONJ', 'SCONJ'].includes(tokens[k]!.pos); k++) if (['NOUN', 'PROPN', 'ADJ', 'NUM', 'VERB'].includes(tokens[k]!.pos)) topic.push(tokens[k]!);
    return topic;
  }
  return phraseFrom(tokens, i).words;
}

/**
 * The noun a "how many" question counts: the last noun of the phrase after it ("how many
 * meeting rooms"), unless it is a unit of time, which the answer type already checks.
 */
function countedNoun(tokens: Token[]): string | undefined {
  const at = tokens.findIndex((t, k) => t.normal === 'many' && tokens[k - 1]?.normal === 'how');
  if (at < 0) return undefined;
  let noun: Token | undefined;
  for (let k = at + 1; k < tokens.length && ['NOUN', 'PROPN', 'ADJ', 'NUM'].includes(tokens[k]!.pos); k++) {
    const t = tokens[k]!;
    if (misreadVerb(tokens, k)) break;
    if (t.pos === 'NOUN') noun = t;
  }
  return noun && !DURATION_UNITS.test(noun.value) ? noun.lemma.toLowerCase() : undefined;
}

/** WordNet's lexicographer file of verbs of telling and asking ("say", "mention", "report"). */
const VERB_COMMUNICATION = 32;
/** WordNet's lexicographer files of units and amounts ("metre", "mile") and of times ("year", "week"). */
const NOUN_QUANTITY = 23;
const NOUN_TIME = 28;
const TOPIC_PREPOSITIONS = new Set(['about', 'on', 'regarding', 'concerning']);

/** The noun phrase starting at a token, up to the first word outside it (see `headWords`). */
function phraseFrom(tokens: Token[], from: number): { words: Token[]; end: number } {
  const words: Token[] = [];
  let ofs = 0;
  // A word of the question's frame names no thing either: "the name of the captain" asks for the captain.
  const isType = (t: Token) => namesKind(t) || QUESTION_FRAME_WORDS.has(t.normal);
  let i = from;
  for (; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (misreadVerb(tokens, i)) break;
    if (['NOUN', 'PROPN', 'ADJ', 'NUM'].includes(t.pos) || isParticiple(tokens, i) || (t.value === '-' && words.length > 0)) words.push(t);
    // "Tobias Lindqvist's desk phone extension": what is asked is what follows the owner.
    else if (/^['’]s$/.test(t.value) && words.length > 0 && ofs === 0) words.length = 0;
    else if (t.normal === 'of' && words.length > 0 && ofs === 0) {
      // "how many days of paid sick leave": the unit names the kind of answer, the rest what
      // it is about; "the email address of the helpdesk": the attribute is what is asked.
      // The article after "of" belongs to the phrase that follows ("the name of the captain").
      if (!words.every(isType)) break;
      words.length = 0;
      ofs++;
      while (tokens[i + 1]?.pos === 'DET') i++;
    } else break;
  }
  return { words, end: i };
}

/**
 * Words a text writes with a capital in mid-sentence (lower case), more often than it
 * writes them without one: a name keeps its capital wherever it stands, while the words of
 * headings, titles and formal names written in title case ("the Branch Guide", "Critical
 * Minerals") are ordinary words elsewhere in the same text ("this guide").
 */
export function properWordsOf(text: string): Set<string> {
  const capitalised = new Map<string, number>();
  for (const m of text.matchAll(/(?<=[\p{Ll},;:]\s+)(\p{Lu}[\p{L}\d-]*)/gu)) {
    const word = m[1]!.toLowerCase();
    capitalised.set(word, (capitalised.get(word) ?? 0) + 1);
  }
  const lower = new Map<string, number>();
  for (const m of text.matchAll(/(?<![\p{L}\d-])\p{Ll}[\p{L}\d-]*/gu)) if (capitalised.has(m[0])) lower.set(m[0], (lower.get(m[0]) ?? 0) + 1);
  return new Set([...capitalised].filter(([word, n]) => (lower.get(word) ?? 0) < n).map(([word]) => word));
}

/**
 * Where the question itself starts in a text that first tells a story ("My cousin works
 * in procurement… He mentioned a roadmap. Which systems are those?"): the first sentence
 * that asks something, when statements come before it; 0 otherwise.
 */
export function questionStart(text: string): number {
  const asks = ({ start, end }: { start: number; end: number }) => /\?\s*$/.test(text.slice(start, end)) || QUESTION_OPENERS.test(text.slice(start, end));
  const sentences = splitSentences(text);
  const first = sentences.findIndex(asks);
  return first > 0 ? sentences[first]!.start : sentences[0] ? askingClause(text, sentences[0].end) : 0;
}

/** Where a typed sentence turns to another clause: a comma, a semicolon, or a dash set off by spaces ("a couple of things first - how much…"), not a hyphen ("co-op"). */
const CLAUSE_BREAK = /(?:[,;]|\s[-–—])\s+/g;

/**
 * Where a sentence that tells something first starts asking ("hi, my daughter has lessons
 * on Saturdays, what does a term cost?"): the clause after a comma, semicolon or dash
 * that opens with a question word, when what comes before it states something (it has a verb)
 * and is neither a question itself nor its condition ("if I cancel, what do I pay?"), and
 * the asking clause has words of its own to look for; 0 otherwise.
 */
function askingClause(text: string, end: number): number {
  for (const m of text.slice(0, end).matchAll(CLAUSE_BREAK)) {
    const at = m.index + m[0].length;
    const rest = text.slice(at);
    // Only a question word: a yes/no clause is a claim to check, and the story holds its
    // conditions ("…is 9, can she swim alone?" asks about a nine-year-old).
    if (!OPENS_WITH_QUESTION_WORD.test(rest)) continue;
    const before = text.slice(0, m.index);
    if (QUESTION_OPENERS.test(before)) return 0;
    const tokens = parse(before).tokens.filter((t) => t.pos !== 'PUNCT' && t.pos !== 'INTJ');
    if (tokens[0]?.pos === 'SCONJ') return 0;
    if (!tokens.some((t) => t.pos === 'VERB' || t.pos === 'AUX')) continue;
    return queryTerms(rest).length >= 2 ? at : 0;
  }
  return 0;
}

/**
 * The form of the question a sentence asks after first telling or naming something ("my
 * daughter is 9, can she swim alone", "quick one about the February meeting, what time did
 * it start"): that of the first clause after a comma, semicolon, colon or dash that opens like a
 * question. The words before stay part of what is asked, since they hold its conditions
 * and its subject; only the form is read from the clause.
 */
function formAfterStory(text: string): QuestionForm | undefined {
  for (const m of text.matchAll(/(?:[,;:]|\s[-–—])\s+(?:(?:and|so|but)\s+)?/gi)) {
    const rest = text.slice(m.index + m[0].length);
    if (YES_NO_OPENERS.test(rest)) return 'yesno';
    if (OPENS_WITH_QUESTION_WORD.test(rest)) return 'wh';
  }
  return undefined;
}

/** Whether a question names one of the fields the collection's documents give about themselves, all of its words. */
function namesDocumentField(asked: string, fields: string[][] | undefined): boolean {
  if (!fields || fields.length === 0) return false;
  const terms = new Set(queryTerms(asked));
  return fields.some((field) => field.length > 0 && field.every((t) => terms.has(t)));
}

/** Terms of the adjectives that describe a word of the question's frame: "quick" in "quick question". */
function framingWords(tokens: Token[]): string[] {
  return tokens.flatMap((t, i) => {
    const next = tokens[i + 1];
    return t.pos === 'ADJ' && next?.pos === 'NOUN' && QUESTION_FRAME_WORDS.has(next.normal) ? termsOf(t.value) : [];
  });
}

/**
 * The nouns right after "which"/"what": "what tariff rate", "which bus route". The last
 * is the head of the phrase, the kind of thing asked for; those before it say which kind.
 */
function kindPhrase(tokens: Token[]): { nouns: Token[]; sorts: boolean } {
  const wh = tokens.findIndex((t) => /^(?:what|which)$/i.test(t.value));
  const nouns: Token[] = [];
  let i = wh + 1;
  for (; wh >= 0 && i < tokens.length && tokens[i]!.pos === 'NOUN'; i++) nouns.push(tokens[i]!);
  // "What types of chips…", "which parts of the course…": the phrase sorts what follows.
  return { nouns, sorts: tokens[i]?.normal === 'of' };
}

/** The noun after "which"/"what" naming the kind of answer, when no entity type covers it (see `QuestionAnalysis.kind`). */
function answerKind(phrase: ReturnType<typeof kindPhrase>): string | undefined {
  const noun = phrase.nouns.at(-1);
  if (!noun || namesKind(noun)) return undefined;
  return noun.lemma;
}

/** Analyses a question: as a text, plus its form, the answer it expects and what it is about. */
export function analyzeQuestion(text: string, options: AnalyzeOptions = {}): QuestionAnalysis {
  const base = analyzeText(text, options);
  // A story before the question says what it is about, not what it asks for.
  const start = questionStart(text);
  // "what's", and "whats" as typed in a hurry, are "what is" (so "who's", "where's", "how's").
  const asked = text.slice(start).replace(/\b(what|where|when|how|who)(?:['’]s|s)\b/gi, '$1 is');
  const form: QuestionForm = YES_NO_OPENERS.test(asked)
    ? 'yesno'
    : OPENS_WITH_QUESTION_WORD.test(asked)
      ? 'wh'
      : QUESTION_OPENERS.test(asked)
        ? 'request'
        : (formAfterStory(asked) ?? (/\?\s*$/.test(asked) ? 'wh' : 'keyword'));
  const { tokens } = parse(asked);
  const frame = new Set([...QUESTION_FRAME_WORDS].map((w) => processTerm(w)).filter((t): t is string => t !== null));
  // A word that only describes the asking ("quick question about…") belongs to the frame
  // as much as the word it describes.
  for (const t of framingWords(tokens)) frame.add(t);
  const keyTerms = base.terms.filter((t) => !frame.has(t));
  const defines = definitionTarget(asked);
  const definedTerms = defines ? termsOf(defines) : [];
  const phrase = kindPhrase(tokens);
  const kind = answerKind(phrase);
  // "Who chaired the meeting, and which trustee sent apologies?" asks for two things: a
  // sentence giving either is part of the answer.
  const expects = [...new Set(asked.split(/(?:,\s*|;\s*|\s+)(?:and|or)\s+(?=(?:what|which|who|whom|whose|when|where|how)\b)/i).flatMap((part) => expectedTypes(part)))];
  const headTokens = headWords(tokens);
  // Where the question words name no kind of answer, the asked noun's meaning may: the noun
  // after the question word, or the head of "what tariff rate" ("the rate": a charge, a ratio).
  const asksFor = form === 'keyword' ? tokens : headTokens.length > 0 ? headTokens : phrase.sorts ? [] : phrase.nouns;
  const counted = countedNoun(tokens);
  const measured = form === 'yesno' ? undefined : MEASURE_QUESTIONS.find(([pattern]) => pattern.test(asked));
  const expected = measured ? measured[2] : expects.length > 0 || defines ? expects : selected(meaningTypes(asksFor), asksFor === phrase.nouns && tokens[questionWordAt(tokens)]?.normal === 'which');
  // A question for a sum ("what does it cost", "the fare") takes a bare figure only in a unit of money.
  const sum = expected.length === 2 && expected.includes('money') && expected.includes('number');
  const measure = measured?.[1] ?? (sum ? MONETARY_UNIT : undefined);
  return {
    ...base,
    text,
    form,
    expects: expected,
    // "What does TRUST stand for?" is about the abbreviation alone, not about standing.
    keyTerms: definedTerms.length > 0 ? definedTerms : keyTerms.length > 0 ? keyTerms : base.terms,
    head: defines ? [] : questionHead(tokens, headTokens).filter((t) => !frame.has(t)),
    ...(defines ? { defines } : {}),
    asksAgreement: AGREEMENT_QUESTION.test(asked) || comparesDocuments(asked, options.documentWords),
    asksDocument: DOCUMENT_WORDS.test(asked) || namesDocumentField(asked, options.documentFields),
    ...(start > 0 ? { story: start } : {}),
    ...(kind && !defines ? { kind } : {}),
    ...(counted ? { counted } : {}),
    ...(measure ? { measure } : {}),
  };
}
