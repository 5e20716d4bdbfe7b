import { dot } from '../embed/embedder.js';
import { MINOR_WORDS } from '../language/acronyms.js';
import { blanked, definesTerm, placeLevel, type Entity, type QuestionAnalysis, type TextAnalysis } from '../language/analyze.js';
import { datesAgree, datesComparable, type DateValue, durationsAgree, isDayName, readDates, sameTime, weekdaysIn, writesYear } from '../language/dates.js';
import { MONETARY_UNIT, NUMBER_WORDS, ORDINAL_WORDS, SINGULAR_OF, type EntityType } from '../language/lexicon.js';
import { processTerm, queryTerms, stem } from '../language/terms.js';
import { parse } from '../language/nlp.js';
import { WordNet } from '../language/wordnet.js';
import {
  dateConflict,
  datesConfirmed,
  directionConflict,
  statedDirection,
  figuresConfirmed,
  negationConflict,
  numberConflict,
  rankConflict,
  timeConflict,
  weekdayConflict,
  durationConflict,
  shareConflict,
  type BoundQuantity,
  type Conflict,
} from './conflicts.js';
import { factsIn, type SentenceBank, type SentenceFacts, type SentenceRecord } from './sentence-bank.js';
import { termMatches } from './term-weights.js';
import { isEverydayWord } from '../language/word-frequency.js';
import { CARD_TITLE_LABEL } from '../ingest/document-card.js';

/**
 * How a question or a claim lines up with one sentence, as numbers a model can weigh:
 * coverage of its terms by exact words and word forms, by synonyms and acronyms, and by
 * the sentence's headings; similarity of meaning; whether the sentence holds the kind of
 * answer asked for; and, for claims, the named conflict rules (figures, dates, names,
 * ranks, shares, direction, negation, opposite words). One function makes them for
 * training and for answering, so the model sees the same thing in both.
 */

/** One term of a query, with its rarity and the collection's terms that may stand for it. */
export interface QueryTerm {
  term: string;
  weight: number;
  alternatives: string[];
  /** The collection has the term, a word form of it, or an alternative. */
  known: boolean;
  /** Alternatives that name its class ("alcohol" for "wine"), for statements only: what the documents say of the class holds for it. */
  classes: string[];
}

/** A question or claim, analysed once and ready to be compared with many sentences; its facts are read as a sentence's are. */
export interface PreparedQuery extends SentenceFacts {
  text: string;
  analysis: TextAnalysis;
  /** Set for questions. */
  question?: QuestionAnalysis;
  vector: number[];
  terms: QueryTerm[];
  /**
   * The days of the week a question names, each weighed as a term: matched by the days a
   * sentence states, ranges and "weekdays" included, not by the word. None for a claim.
   */
  dayTerms: Array<{ days: Set<number>; weight: number }>;
  /** Of the terms and the days. */
  totalWeight: number;
  /** Share of the query's weight in names the collection never mentions ("Brazil", "Google"). */
  unknown: number;
  /** Share of the query's weight in other words the collection never uses (often a paraphrase). */
  unknownWords: number;
  /** The rarest term the collection knows: what the query is most specifically about. */
  focus?: QueryTerm;
  names: Entity[];
  /**
   * The figures the query states, without the counts it takes for granted: "which two
   * agencies", "the two countries" presuppose a count rather than assert it, so a
   * sentence need not repeat it (it still conflicts when it gives another count).
   */
  stated: BoundQuantity[];
}

/** Number words are figures, compared by the rules, not words to find: "twenty-seven" is "27". */
const FIGURE_STEMS = new Set([...Object.keys(NUMBER_WORDS), ...Object.keys(ORDINAL_WORDS)].flatMap((w) => [w, stem(w)]));
const isFigureWord = (t: string) => /^\d+(?:[.,]\d+)?$/.test(t) || t.split('-').every((p) => FIGURE_STEMS.has(p) || /^\d+$/.test(p));

const NAME_TYPES = new Set<EntityType>(['person', 'org', 'place', 'name']);

/** A bare count right after a determiner or question word ("the two sides", "which three firms"). */
function presupposed(text: string, q: BoundQuantity): boolean {
  return q.kind === 'number' && /^\p{L}+$/u.test(q.raw) && /\b(?:the|these|those|which|what)\s+$/i.test(text.slice(Math.max(0, q.start - 8), q.start));
}

/** Whether a stated figure counts what a presupposed count counts: the word after the count comes right after the figure too. */
function countsSame(presumed: BoundQuantity, stated: BoundQuantity): boolean {
  const [counted] = [...presumed.context].filter(([, p]) => p.right !== undefined).sort((a, b) => a[1].right! - b[1].right!);
  return counted !== undefined && (stated.context.get(counted[0])?.right ?? Infinity) <= 3;
}

const capitalWords = new WeakMap<SentenceBank, Set<string>>();

/** Words the collection writes with a capital mid-sentence, and the first parts of such hyphenated words ("USB" of "USB-C"). */
function capitalWordsOf(bank: SentenceBank): Set<string> {
  let out = capitalWords.get(bank);
  if (!out) {
    out = new Set([...bank.properWords].flatMap((w) => [w, w.split('-')[0]!]));
    capitalWords.set(bank, out);
  }
  return out;
}

/**
 * Words written out where the documents only use their initials, in capitals ("liquefied
 * natural gas" where they say "LNG"): each word of a run of three or more, minor words
 * aside, whose initials the collection writes as a word of its own, gets that word. Not
 * when the query writes the initials too: then it spells them out ("TRUST stands for…").
 */
function initialsUsed(bank: SentenceBank, text: string): Map<string, string> {
  const capitals = capitalWordsOf(bank);
  const words = [...text.matchAll(/\p{L}[\p{L}'’-]*/gu)].map((m) => m[0]).filter((w) => !MINOR_WORDS.has(w.toLowerCase()));
  const own = new Set(words.map((w) => w.toLowerCase()));
  const out = new Map<string, string>();
  for (let i = 0; i < words.length; i++) {
    for (let n = 3; n <= 5 && i + n <= words.length; n++) {
      const run = words.slice(i, i + n);
      const initials = run.map((w) => w[0]!.toLowerCase()).join('');
      if (!capitals.has(initials) || !bank.vocabulary.has(initials) || own.has(initials)) continue;
      for (const w of run) {
        const term = processTerm(w.toLowerCase());
        if (term) out.set(term, initials);
      }
    }
  }
  return out;
}

export function prepareQuery(bank: SentenceBank, text: string, analysis: TextAnalysis | QuestionAnalysis, vector: number[]): PreparedQuery {
  const question = 'form' in analysis ? analysis : undefined;
  const base = question ? question.keyTerms : analysis.terms;
  const nameTerms = new Set(analysis.entities.filter((e) => NAME_TYPES.has(e.type)).flatMap((e) => e.terms));
  const byStem = new Map<string, string[]>();
  for (const lemma of analysis.lemmas) {
    const s = stem(lemma);
    byStem.set(s, [...(byStem.get(s) ?? []), lemma]);
  }
  for (const [term, lemma] of Object.entries(analysis.irregular ?? {})) if (!byStem.get(term)?.includes(lemma)) byStem.set(term, [...(byStem.get(term) ?? []), lemma]);
  // After a story, what is asked is in the question: the story's own names, figures and
  // words help find the passage (retrieval and similarity use the whole text) but are
  // not things a sentence must state.
  const start = question?.story ?? 0;
  const asked = text.slice(start);
  // One reading of the dates serves the facts and the times relative to the reader (below).
  const dateReading = readDates(asked);
  const facts = factsIn(asked, bank.acronyms, dateReading.dates);
  // Figures, with their units ("5.4 percent", "$45.7 billion", "six weeks"), and times of
  // day ("quarter past nine") are compared by the rules, not as words: "percent" is no word
  // a sentence with "5.4%" lacks, nor "quarter" one with "9:15pm".
  // So are days of the week: "Sundays" is no name a sentence with "Monday to Friday" lacks.
  const dayWords = [...asked.matchAll(/\p{L}+/gu)].filter((m) => isDayName(m[0])).map((m) => ({ word: m[0], start: m.index, end: m.index + m[0].length }));
  // And so are a question's times relative to the reader ("how many finished this year"):
  // no date a sentence could state, and "year" is no word an answer must have.
  const relative = question ? dateReading.relative : [];
  // Still, the day is something a question is about: "what time does it open on a Saturday"
  // is answered by the Saturday row of a table, not by the Sunday one. Not a statement's:
  // another day is what contradicts it, which the rules see, and no sign that a sentence
  // is about something else.
  // Dates are facts too, for questions and statements alike: a question's date must be
  // given by the sentence or its headings (`figuresMissing`), a statement's is compared by
  // the date rules. As words, "March" made "the pools reopen on 1 March 2027" not about the
  // sentence that says "1 February 2027", and "who sent apologies for the March 2026
  // meeting" about the minutes' opening line rather than their apologies.
  const statement = !question || question.form === 'yesno';
  const wordsOnly = blanked(asked, [...facts.quantities, ...facts.durations, ...facts.times, ...dayWords, ...relative, ...facts.dates]);
  const dayTerms = statement
    ? []
    : dayWords.map(({ word }) => ({ days: weekdaysIn(word), weight: bank.weights.idf(stem(word.toLowerCase())) })).filter((d) => d.days.size > 0);
  const outsideFigures = new Set(queryTerms(wordsOnly));
  // A word of speech: one people write often, though WordNet lacks it ("im", "dont", "hiya").
  const spoken = (l: string) => !WordNet.shared().has(l) && isEverydayWord(l);
  const initials = initialsUsed(bank, text);
  const terms: QueryTerm[] = base
    // A number read as no figure ("extension 4499", "Room 214") identifies something and is
    // matched as a word; shorter ones are the parts of times and dates ("16:30").
    .filter((t) => (!isFigureWord(t) || /^\d{3,}$/.test(t)) && outsideFigures.has(t))
    .map((term) => {
      const lemmas = byStem.get(term) ?? [term];
      const written = initials.get(term);
      // An irregular form's own lemma is its first alternative: "grew" is "grow".
      // A statement about a class holds for its members: a claim or a yes/no question may
      // name the member where the documents state the rule for its class ("wine" where they
      // say "alcohol"), so the more general word of its first sense stands for it. Not in
      // other questions: "the mileage rate for a motorcycle" asks for a figure the car's
      // rate does not give.
      const general = statement ? lemmas.flatMap((l) => [...WordNet.shared().hypernyms(l, 1)].filter((w) => !w.includes(' ')).map((w) => stem(w))).filter((a) => a !== term && bank.vocabulary.has(a)) : [];
      // A word stands for what it means where the query uses it: a verb for the collection's
      // verbs, a noun for its nouns; a verb written with its particle for what the pair means
      // ("come out" is "be published", not "come").
      const alternativesOf = (l: string) => (analysis.phrasal?.[l] ? bank.alternativesOf(analysis.phrasal[l], true) : bank.alternativesOf(l, analysis.verbs.includes(l)));
      const alternatives = [...new Set([...lemmas.flatMap((l) => [stem(l), ...alternativesOf(l)]), ...general, ...(written ? [written] : [])])].filter((a) => a !== term && bank.vocabulary.has(a));
      const known = bank.knows(term) || alternatives.length > 0;
      // A term the documents never use is either something they do not cover ("Brazil",
      // "GDP") or an everyday word they happen not to use ("need"); only the first says
      // the question is about something else, and the second weighs like an everyday word.
      // So is a word of speech ("im", "dont", "hiya").
      const everyday = !known && lemmas.some((l) => (analysis.verbs.includes(l) && WordNet.shared().isCommon(l)) || spoken(l)) && !nameTerms.has(term);
      return { term, weight: everyday ? bank.weights.idf(term) / 4 : bank.weights.idf(term), alternatives, known: known || everyday, classes: general };
    });
  const totalWeight = terms.reduce((s, t) => s + t.weight, 0) + dayTerms.reduce((s, d) => s + d.weight, 0);
  const share = (list: QueryTerm[]) => (totalWeight === 0 ? 0 : list.reduce((s, t) => s + t.weight, 0) / totalWeight);
  const unknownTerms = terms.filter((t) => !t.known);
  // A name is written as one (a capital, a code), is not an English word at all (neither
  // in WordNet nor a word of speech), or is a word WordNet knows only as a name: typed in
  // lower case, "capital of canada" still asks about a country the documents never name.
  const isName = (t: QueryTerm) => {
    const lemmas = byStem.get(t.term) ?? [t.term];
    return nameTerms.has(t.term) || !lemmas.some((l) => WordNet.shared().has(l) || spoken(l)) || lemmas.every((l) => WordNet.shared().isNameOnly(l));
  };
  const unknown = share(unknownTerms.filter(isName));
  const unknownWords = share(unknownTerms.filter((t) => !isName(t)));
  // A statement's names are checked by the name rules, not as its subject: "the helpdesk is
  // led by Tobias Lindqvist" is about the helpdesk, and where Lindqvist is the wrong name the
  // sentence that gives the right one lacks him. Unless it names nothing else: "the Quad
  // brings together India, the US, Japan and Australia" is about them.
  const knownTerms = terms.filter((t) => bank.vocabulary.has(t.term) && !t.term.includes('-'));
  const isNoun = (t: QueryTerm) => (byStem.get(t.term) ?? [t.term]).some((l) => WordNet.shared().synsets(l, 'n').length > 0);
  // What a statement is about is a thing, not what it does: "lasts" is no subject of "a
  // paid sabbatical lasts twelve weeks", however rare the word.
  const asVerb = (t: QueryTerm) => (byStem.get(t.term) ?? [t.term]).every((l) => analysis.verbs.includes(l));
  const things = knownTerms.filter((t) => !nameTerms.has(t.term) && isNoun(t) && !asVerb(t));
  const focus = (statement && things.length > 0 ? things : knownTerms).sort((a, b) => b.weight - a.weight)[0];
  return {
    ...facts,
    // Years are compared as dates.
    quantities: facts.quantities.filter((q) => q.kind !== 'year'),
    stated: facts.quantities.filter((q) => q.kind !== 'year' && !presupposed(text, q)),
    text,
    analysis,
    ...(question ? { question } : {}),
    vector,
    terms,
    dayTerms,
    totalWeight,
    unknown,
    unknownWords,
    ...(focus ? { focus } : {}),
    // Names take the kind the documents give them; names the documents lack stay plain names.
    names: analysis.entities
      .filter((e) => e.start >= start && NAME_TYPES.has(e.type) && !describes(e))
      .map((e) => (e.type === 'name' ? { ...e, type: bank.typeOfName(e.text) } : e)),
  };
}

/** Adjectives of nationality and the like ("Indian", "American") describe rather than name. */
const describes = (e: Entity) => /^\p{L}+$/u.test(e.text) && WordNet.shared().synsets(e.text.toLowerCase(), 'a').length > 0;

type Match = 'exact' | 'soft' | 'context' | undefined;

function matchTerm(t: QueryTerm, s: SentenceRecord): Match {
  if (s.terms.has(t.term)) return 'exact';
  for (const x of s.terms) if (termMatches(t.term, x)) return 'exact';
  if (t.alternatives.some((a) => s.terms.has(a))) return 'soft';
  if (s.context.has(t.term) || t.alternatives.some((a) => s.context.has(a))) return 'context';
  return undefined;
}

/** Shares of the query's weight that a sentence matches exactly, through alternatives, or only in its context. */
interface Coverage {
  exact: number;
  soft: number;
  contextOnly: number;
  focus: number;
}

const referred = new WeakMap<SentenceRecord, Set<string>>();

/**
 * The terms of the names in the sentence a sentence refers back to ("It generated 241.5
 * MWh" after "Hollin Farm … remains our largest site"): what "it" stands for is said
 * there, as a heading is said above.
 */
function referredTerms(bank: SentenceBank, s: SentenceRecord): Set<string> {
  let out = referred.get(s);
  if (!out) {
    const antecedent = bank.antecedentOf(s);
    out = new Set(antecedent ? antecedent.analysis.entities.filter((e) => NAME_TYPES.has(e.type)).flatMap((e) => e.terms) : []);
    referred.set(s, out);
  }
  return out;
}

/** How a sentence matches a query term, counting the names it refers back to as its context. */
function matchHere(bank: SentenceBank, t: QueryTerm, s: SentenceRecord): Match {
  return matchTerm(t, s) ?? (referredTerms(bank, s).has(t.term) ? 'context' : undefined);
}

function coverageOf(bank: SentenceBank, q: PreparedQuery, s: SentenceRecord): Coverage {
  let exact = 0;
  let soft = 0;
  let context = 0;
  let focus = 0;
  for (const t of q.terms) {
    const m = matchHere(bank, t, s);
    if (m === 'exact') exact += t.weight;
    else if (m === 'soft') soft += t.weight;
    else if (m === 'context') context += t.weight;
    if (t === q.focus && m) focus = m === 'context' ? 0.5 : 1;
  }
  if (q.dayTerms.length > 0) {
    const [own, headed] = [bank.factsOf(s).weekdays, bank.headingFactsOf(s).weekdays];
    for (const d of q.dayTerms) {
      if ([...d.days].some((x) => own.has(x))) exact += d.weight;
      else if ([...d.days].some((x) => headed.has(x))) context += d.weight;
    }
  }
  const total = q.totalWeight || 1;
  return { exact: exact / total, soft: soft / total, contextOnly: context / total, focus: q.focus ? focus : 1 };
}

/** Whether the query mentions a term (or a word form of it). */
function queryHas(q: PreparedQuery, term: string): boolean {
  return q.analysis.terms.some((t) => termMatches(t, term)) || q.terms.some((t) => t.alternatives.includes(term));
}

/**
 * Initials of the names in a sentence and of each run of their words ("Critical Minerals
 * Memorandum of Understanding" → "mou" and "mu" among others): an abbreviation often
 * stands for only part of a longer name.
 */
function initialsOf(s: SentenceRecord): Set<string> {
  const out = new Set<string>();
  for (const e of s.analysis.entities) {
    const words = e.text.split(/[\s-]+/).filter((w) => /^\p{L}/u.test(w));
    for (let i = 0; i < words.length; i++) {
      for (let j = i + 2; j <= words.length; j++) {
        const run = words.slice(i, j);
        out.add(run.map((w) => w[0]!.toLowerCase()).join(''));
        out.add(run.filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]!.toLowerCase()).join(''));
      }
    }
  }
  return out;
}

/**
 * Whether most of a name's weight is among some terms: a name is mentioned by its telling
 * words, not by any of them ("Bharat Dynamics Limited" is not mentioned by the "Limited"
 * of "Hindustan Aeronautics Limited").
 */
function namedBy(bank: SentenceBank, terms: string[], has: (t: string) => boolean): boolean {
  let total = 0;
  let found = 0;
  for (const t of terms) {
    const w = bank.weights.idf(t);
    total += w;
    if (has(t)) found += w;
  }
  return found > 0 && found * 2 >= total;
}

/**
 * Whether a sentence (or its headings) mentions a name: by its words (all of its numbers,
 * for a code such as "version 3.0"), or by its initials when it is an abbreviation.
 */
function mentionsName(bank: SentenceBank, n: Entity, s: SentenceRecord): boolean {
  if (n.terms.length === 0) return true;
  // Two names joined by a hyphen name both ("the India-Japan bullet train"): a sentence
  // naming one of them is about something else.
  const pair = n.text.split('-');
  const nameWord = (p: string) => /^\p{Lu}[\p{L}.]+$/u.test(p) && (p.length >= 3 || /^\p{Lu}+$/u.test(p));
  if (pair.length === 2 && pair.every(nameWord) && !s.text.includes(n.text)) {
    return pair.every((p) => mentionsName(bank, { ...n, text: p, terms: queryTerms(p) }, s));
  }
  // "Prime Minister of Japan", "Bank of England": the name after "of" says which one it is,
  // so a sentence about another country's prime minister does not mention it, however
  // much weight the shared words carry.
  const owner = /^\p{Lu}.*?\s+of\s+(?:the\s+)?(\p{Lu}.*)$/u.exec(n.text)?.[1];
  if (owner && !s.text.includes(n.text) && !mentionsName(bank, { ...n, text: owner, terms: queryTerms(owner) }, s)) return false;
  const numbered = n.terms.filter((t) => /\d/.test(t));
  if (numbered.length > 0) return numbered.every((t) => s.terms.has(t) || s.context.has(t));
  const described = bank.describedBy(s.docId);
  if (namedBy(bank, n.terms, (t) => s.terms.has(t) || s.context.has(t) || described.has(t) || [...s.terms].some((x) => termMatches(t, x)))) return true;
  const abbreviation = n.text.replace(/[’']s$/, '').replace(/\./g, '');
  if (/^\p{Lu}[\p{L}]{1,5}$/u.test(abbreviation) && /\p{Lu}.*\p{Lu}/u.test(abbreviation) && initialsOf(s).has(abbreviation.toLowerCase())) return true;
  return abbreviationIn(n.text, s.text);
}

/**
 * Whether a text writes a name of several words as its capitals' initials, with or
 * without dots: "United States" as "US" or "U.S.", "World Trade Organization" as "WTO".
 */
function abbreviationIn(name: string, text: string): boolean {
  const capitals = name.split(/[\s-]+/).filter((w) => /^\p{Lu}/u.test(w)).map((w) => w[0]!);
  if (capitals.length < 2) return false;
  // Capitals are letters, so they need no escaping in the pattern.
  return new RegExp(`(?<![\\p{L}.])${capitals.join('\\.?')}\\.?(?![\\p{L}])`, 'u').test(text);
}

/** Whether the sentence mentions a name, or the sentence it refers back to does ("This agreement…"). */
function mentionsNameHere(bank: SentenceBank, n: Entity, s: SentenceRecord): boolean {
  if (mentionsName(bank, n, s)) return true;
  const antecedent = bank.antecedentOf(s);
  return antecedent !== undefined && mentionsName(bank, n, antecedent);
}

/** Share of the query's names that the sentence (or its headings, or the sentence it refers back to) does not mention. */
function namesMissing(bank: SentenceBank, q: PreparedQuery, s: SentenceRecord): number {
  if (q.names.length === 0) return 0;
  return q.names.filter((n) => !mentionsNameHere(bank, n, s)).length / q.names.length;
}

const ASKS_YEAR = /\b(?:what|which) years?\b/i;

/**
 * The sentence names something of a kind the question asks for, beyond what the question
 * names (or spells out the abbreviation asked about): `typed` when the entity layer gave
 * it that kind, `name` when it is only a name of no known kind ("Rua da Alegria" for a
 * "who" question), which is weaker evidence and weighed apart.
 */
function typeFit(q: PreparedQuery, s: SentenceRecord, counting: Entity[] | undefined): 'typed' | 'name' | undefined {
  if (q.question?.defines) return definesTerm(s.text, q.question.defines) ? 'typed' : undefined;
  const expects = q.question?.expects ?? [];
  // "What year…" asks for a date with its year: not "bank holidays" or "31 March".
  const year = q.question !== undefined && ASKS_YEAR.test(q.question.text);
  // A card's title line names what a document is, not who made it: the organisation in
  // "Title: Linmore Community Health: Sites and Services 2026" did not thereby write it.
  const titled = s.card && s.text.startsWith(CARD_TITLE_LABEL);
  // "How many cars…" asks for a count of cars: not a length of time, nor a count of passengers.
  // "How much does it weigh" asks for a figure in a unit of weight.
  const measure = q.question?.measure;
  const fitting = s.analysis.entities.filter(
    (e) =>
      expects.includes(e.type) &&
      (measure === undefined || e.type !== 'number' || measuredIn(s.text, e, measure)) &&
      e.terms.some((t) => !queryHas(q, t)) &&
      (counting === undefined || (e.type === 'number' ? counting.includes(e) : e.type !== 'duration')) &&
      (!year || e.type !== 'date' || writesYear(e.text)) &&
      !(titled && (e.type === 'person' || e.type === 'org' || e.type === 'name')),
  );
  if (fitting.some((e) => e.type !== 'name')) return 'typed';
  return fitting.length > 0 ? 'name' : undefined;
}

/**
 * Whether a figure is given in a unit of the kind asked for: the word after it ("1.4 kg",
 * "850 grams", "25 pounds"), a currency's sign before it, or the unit a table's column
 * names in its label ("Weight (kg): 1.4", "Price (£): 12").
 */
function measuredIn(text: string, figure: Entity, unitKind: string): boolean {
  // The tagger leaves a currency's sign out of the figure ("£27.50" is the number 27.50).
  if (unitKind === MONETARY_UNIT && /\p{Sc}\s*$/u.test(text.slice(Math.max(0, figure.start - 2), figure.start))) return true;
  const after = /^\s*([\p{L}]+)/u.exec(text.slice(figure.end))?.[1];
  const label = /\(([^()]{1,12})\)\s*[:;]?\s*$/u.exec(text.slice(Math.max(0, figure.start - 40), figure.start))?.[1];
  return [after, label].some((unit) => unit !== undefined && isUnitOf(unit.trim(), unitKind));
}

/** Answers by unit kind and word: the same few words follow figures in every candidate sentence, and reading one parses it. */
const unitsSeen = new Map<string, boolean>();

function isUnitOf(unit: string, unitKind: string): boolean {
  // WordNet lists currencies by name, not by sign.
  if (unitKind === MONETARY_UNIT && /^\p{Sc}$/u.test(unit)) return true;
  const key = `${unitKind}\u0000${unit}`;
  let is = unitsSeen.get(key);
  if (is === undefined) {
    const wordnet = WordNet.shared();
    const lemma = parse(unit).tokens[0]?.lemma.toLowerCase();
    is = [unit.toLowerCase(), lemma].some((w) => w !== undefined && wordnet.isKindOf(w, unitKind));
    if (unitsSeen.size < 50_000) unitsSeen.set(key, is);
  }
  return is;
}

/**
 * Whether a figure counts the thing a "how many" question asks about: the noun after it
 * is that thing, a word for it, or a kind of it ("30 cars" for "how many vehicles"); with
 * no noun after the figure, as in a table row ("Full plots: 40"), the words before it
 * name the thing.
 */
function countsAsked(q: PreparedQuery, s: SentenceRecord, figure: Entity, counted: string): boolean {
  const wordnet = WordNet.shared();
  const asked = stem(counted);
  const alternatives = new Set(q.terms.find((t) => t.term === asked)?.alternatives ?? []);
  const kind = SINGULAR_OF[counted] ?? counted;
  const names = (lemma: string) => stem(lemma) === asked || alternatives.has(stem(lemma)) || wordnet.isKindOf(lemma, kind);
  const after = /^\s*[\p{L}'’-]+(?:\s+[\p{L}'’-]+){0,3}/u.exec(s.text.slice(figure.end))?.[0] ?? '';
  const tokens = parse(after).tokens;
  let k = 0;
  while (k < tokens.length && ['ADJ', 'ADV', 'NUM'].includes(tokens[k]!.pos)) k++;
  const nouns: string[] = [];
  for (; k < tokens.length && ['NOUN', 'PROPN'].includes(tokens[k]!.pos); k++) nouns.push(tokens[k]!.lemma.toLowerCase());
  if (nouns.length > 0) return nouns.some(names);
  // A table's column names what its figures count in words of its own ("Waiting: 17" for
  // "how many people were waiting"): a label that shares a word with the question will do.
  const before = s.text.slice(0, figure.start).split(/[;.!?]/).at(-1) ?? '';
  return parse(before).tokens.slice(-5).some((t) => names(t.lemma.toLowerCase()) || queryHas(q, stem(t.lemma.toLowerCase())));
}

/** The sentence's figures that count what a "how many" question counts; undefined for other questions. */
function countingFigures(q: PreparedQuery, s: SentenceRecord): Entity[] | undefined {
  const counted = q.question?.counted;
  return counted === undefined ? undefined : s.analysis.entities.filter((e) => e.type === 'number' && countsAsked(q, s, e, counted));
}

/**
 * Whether a sentence gives an instance of the kind a "which/what" noun asks for: it names
 * the kind itself, or a word WordNet files under it ("crimson" for "what colour"), or,
 * for a kind of thing, a name or figure the question lacks.
 */
function kindFits(q: PreparedQuery, s: SentenceRecord, kind: string): boolean {
  if (s.analysis.lemmas.includes(kind) || s.terms.has(stem(kind))) return true;
  const wordnet = WordNet.shared();
  const asked = new Set(q.analysis.lemmas);
  if (s.analysis.lemmas.some((l) => !asked.has(l) && wordnet.isKindOf(l, kind))) return true;
  // A property is given by its own words ("red", "large"), not by whatever figure or name
  // the sentence holds ("five digits" says nothing of a badge's colour).
  if (wordnet.isAttribute(kind)) return false;
  return s.analysis.entities.some((e) => e.terms.some((t) => !queryHas(q, t)));
}

/**
 * Share of the question's head phrase the sentence mentions, itself or in the headings and
 * title it sits under ("when was the annual report approved", answered by a line of the
 * report); 1 when there is none. 0 when it does not give the kind of thing asked for.
 */
function headCoverage(q: PreparedQuery, s: SentenceRecord, counting: Entity[] | undefined): number {
  const kind = q.question?.kind;
  if (kind !== undefined && !kindFits(q, s, kind)) return 0;
  const head = q.question?.head ?? [];
  if (head.length === 0) return 1;
  let total = 0;
  let found = 0;
  for (const h of head) {
    const t = q.terms.find((x) => x.term === h);
    const w = t?.weight ?? 1;
    total += w;
    // A sentence that counts the counted noun, or a kind of it ("36 cars" for "vehicles"), mentions it.
    const counts = counting !== undefined && counting.length > 0 && stem(q.question!.counted!) === h;
    if (t ? matchTerm(t, s) !== undefined || counts : s.terms.has(h) || s.context.has(h)) found += w;
  }
  return total === 0 ? 1 : found / total;
}

export const ANSWER_FEATURES = [
  'similarity',
  'similarityGap',
  'coverage',
  'contextOnly',
  'focus',
  'unknown',
  'unknownWords',
  'namesMissing',
  'figuresMissing',
  'typeFit',
  'typeFitName',
  'typeMissing',
  'headCoverage',
  'passageRank',
  'card',
  'cardAsked',
] as const;

export type AnswerFeatures = Record<(typeof ANSWER_FEATURES)[number], number>;

/**
 * Whether a sentence is about the question. Not its distance from the best candidate:
 * that says which sentence is most about the question, not whether any is (the best
 * sentence of an off-topic question is the best too).
 */
export const ABOUT_FEATURES = ANSWER_FEATURES.filter((f) => f !== 'similarityGap');
/**
 * Features of the second part of a judgment (given that a sentence is about the query).
 * Being free of embeddings and retrieval, these models can be fitted on many more
 * generated examples than the first part. Whether a sentence about the question answers
 * it: the kind of answer, the thing asked, the names and figures.
 */
export const ANSWER_GIVEN_FEATURES = ['unknown', 'unknownWords', 'namesMissing', 'figuresMissing', 'typeFit', 'typeFitName', 'typeMissing', 'headCoverage', 'card', 'cardAsked'] as const;

/** A candidate sentence with where its passage ranked and how close it is in meaning. */
export interface Candidate {
  record: SentenceRecord;
  rank: number;
  /** The passage's retrieval score relative to the best passage's, when known. */
  passage?: number;
  similarity: number;
}

/** Candidates for a query from retrieved passages: every sentence, with its similarity. */
export function candidatesFor(bank: SentenceBank, q: PreparedQuery, sentences: Array<{ record: SentenceRecord; rank: number; passage?: number }>): Candidate[] {
  return sentences.map(({ record, rank, passage }) => {
    const v = bank.vector(record);
    return { record, rank, ...(passage !== undefined ? { passage } : {}), similarity: v ? dot(q.vector, v) : 0 };
  });
}

/** The query states a figure or date ("in 2018", "version 3.0") that the sentence does not. */
function figuresMissing(bank: SentenceBank, q: PreparedQuery, s: SentenceRecord): boolean {
  if (q.stated.length === 0 && q.dates.length === 0 && q.weekdays.size === 0) return false;
  // A figure or date in the sentence's headings holds for it: the members present at the
  // meeting whose minutes are headed "10 September 2026" were present in September 2026.
  const [facts, headed] = [bank.factsOf(s), bank.headingFactsOf(s)];
  const quantities = [...facts.quantities, ...headed.quantities];
  const dates = [...facts.dates, ...headed.dates];
  const days = new Set([...facts.weekdays, ...headed.weekdays]);
  // A yes/no question's figure is what is checked, like a claim's: the sentence that
  // decides "Can a 16-year-old enter?" gives the age limit, not 16.
  const checked = q.question?.form === 'yesno';
  return (
    q.stated.some((x) => !quantities.some((y) => y.kind === x.kind && (checked || y.value === x.value))) ||
    q.dates.some((d) => !dates.some((x) => datesComparable(d, x) && (checked || datesAgree(d, x)))) ||
    [...q.weekdays].some((d) => (checked ? days.size === 0 : !days.has(d)))
  );
}

export function answerFeatures(bank: SentenceBank, q: PreparedQuery, c: Candidate, bestSimilarity: number): AnswerFeatures {
  const cov = coverageOf(bank, q, c.record);
  const expects = (q.question?.expects.length ?? 0) > 0 || q.question?.defines !== undefined;
  // Counted once: reading what a figure counts parses the words around it.
  const counting = countingFigures(q, c.record);
  const fits = expects && typeFit(q, c.record, counting);
  return {
    similarity: c.similarity,
    similarityGap: c.similarity - bestSimilarity,
    coverage: cov.exact + cov.soft,
    contextOnly: cov.contextOnly,
    focus: cov.focus,
    unknown: q.unknown,
    unknownWords: q.unknownWords,
    namesMissing: namesMissing(bank, q, c.record),
    figuresMissing: figuresMissing(bank, q, c.record) ? 1 : 0,
    typeFit: fits === 'typed' ? 1 : 0,
    typeFitName: fits === 'name' ? 1 : 0,
    typeMissing: expects && !fits ? 1 : 0,
    headCoverage: headCoverage(q, c.record, counting),
    passageRank: c.passage ?? 1 / (1 + c.rank),
    card: c.record.card ? 1 : 0,
    cardAsked: c.record.card && (q.question?.asksDocument ?? false) ? 1 : 0,
  };
}

export const STANCE_FEATURES = [
  'similarity',
  'similarityGap',
  'coverage',
  'reverse',
  'contextOnly',
  'focus',
  'unknown',
  'unknownWords',
  'namesMissing',
  'conflict',
  'oppose',
  'confirmed',
  'unmatched',
  'alignedConflict',
  'alignedOppose',
  'swap',
  'alignedSwap',
  'passageRank',
] as const;

export type StanceFeatures = Record<(typeof STANCE_FEATURES)[number], number>;
/**
 * Whether a sentence about the claim supports or contradicts it: its facts, not its
 * wording. How much of the claim's wording the sentence shares is evidence that it is
 * about the claim (the first part), not of what it says about it: a real paraphrase
 * shares few words, a detail the sentence does not state is a figure, date, time or name,
 * which the fact features see (`unmatched`, `namesMissing`, `unknown`), and a claim may
 * take its subject from the sentence's heading. Fitted on generated claims, which keep
 * their source's words, the wording features only learnt how close the generator stays to
 * its source: the contradiction model, given them, turned down "eight floors" against "six
 * floors" because the building's name was in the heading.
 */
export const STANCE_GIVEN_FEATURES = STANCE_FEATURES.filter((f) => !['similarity', 'similarityGap', 'coverage', 'reverse', 'contextOnly', 'focus', 'passageRank'].includes(f));
export const CLAIM_ABOUT_FEATURES = STANCE_FEATURES.filter((f) => f !== 'similarityGap');
export const CITED_ABOUT_FEATURES = CLAIM_ABOUT_FEATURES.filter((f) => f !== 'similarity' && f !== 'passageRank');

/** Share of the sentence's own weight that the claim restates: a claim may cover only part of a long sentence. */
function reverseCoverage(bank: SentenceBank, q: PreparedQuery, s: SentenceRecord): number {
  let total = 0;
  let found = 0;
  for (const t of s.analysis.terms) {
    const w = bank.weights.idf(t);
    total += w;
    if (queryHas(q, t)) found += w;
  }
  return total === 0 ? 0 : found / total;
}

/**
 * A name in the claim that the sentence lacks, where the sentence names something else
 * in its place: of the same kind (a person for a person; a name of no known kind, such as
 * one the documents never use, may stand for any), which the claim does not mention, and
 * in the same place, the nearest word before or after the two being the same ("service
 * centre in Glasgow" against "service centre in Inverness", "led by …"). A name elsewhere
 * in the sentence is another participant, not another answer: "Google will build a plant"
 * says nothing against a partnership between the Space Force and a chip maker.
 */
function nameConflict(bank: SentenceBank, q: PreparedQuery, s: SentenceRecord): Conflict | undefined {
  const sentenceNames = s.analysis.entities.filter((e) => NAME_TYPES.has(e.type) && e.terms.length > 0 && !describes(e));
  const claimOnly = q.names.filter((n) => !mentionsNameHere(bank, n, s));
  const sentenceOnly = sentenceNames.filter((e) => !namedBy(bank, e.terms, (t) => queryHas(q, t)));
  const shared = sentenceNames.length > sentenceOnly.length;
  // Codes ("E07", "BP-2600") are compared with codes of the same series, whatever kind the
  // name layer gave them: "E31" is another error than "E07", but "F-35" is no other "Axiom-4".
  const code = (e: Entity) => /\d/.test(e.text) && /\p{L}/u.test(e.text);
  const series = (e: Entity) => /^\p{L}*/u.exec(e.text.split(/\s+/).find((w) => /\d/.test(w)) ?? '')![0].toUpperCase();
  for (const n of claimOnly) {
    const around = neighbours(q.text, n, q.names);
    const kindOf = (e: Entity) => (e.type === 'name' ? bank.typeOfName(e.text) : e.type);
    const kindFits = (e: Entity) => {
      const kind = kindOf(e);
      return !code(e) && (kind === n.type || kind === 'name' || n.type === 'name') && !within(n, e);
    };
    // Where the two share a name and each has one name of this kind the other lacks, the
    // odd ones stand in each other's place wherever they are written: "Bharat Dynamics is
    // in talks with GE Aerospace" against "between GE Aerospace and Hindustan Aeronautics".
    // Only between names of one known kind: a name of no known kind may as well be a detail added.
    const rivals = code(n) || n.type === 'name' ? [] : sentenceOnly.filter((e) => kindFits(e) && kindOf(e) === n.type);
    const lone = shared && claimOnly.length === 1 && rivals.length === 1;
    const sameKind = (e: Entity) => {
      if (code(n) || code(e)) return code(n) && code(e) && (series(n) === series(e) || sameSlot(around, neighbours(s.text, e, sentenceNames)));
      return kindFits(e) && sameSlot(around, neighbours(s.text, e, sentenceNames));
    };
    const other = (lone ? rivals[0] : undefined) ?? sentenceOnly.find(sameKind);
    if (other && other.text.toLowerCase() !== n.text.toLowerCase()) return { rule: 'name', claimed: n.text, stated: other.text };
  }
  return undefined;
}

/** A smaller place than the one the sentence names may lie inside it: "a plant in Assam" says more than "a plant in India", not otherwise. */
function within(claimed: Entity, stated: Entity): boolean {
  const inner = placeLevel(claimed.text);
  const outer = placeLevel(stated.text);
  return inner !== undefined && outer !== undefined && inner < outer;
}

/**
 * The nearest content term on each side of an entity, within three words and the same
 * clause. The text's other names are passed over: in "the lead clinician at Eastbrook
 * Health Centre is Dr Desai" the place is where, and the slot Dr Desai fills is the clinician's.
 */
function neighbours(text: string, e: Entity, others: Entity[]): { left?: string; right?: string } {
  text = blanked(text, others.filter((o) => o.end <= e.start || o.start >= e.end));
  const nearest = (words: string[]) => words.slice(0, 3).map((w) => processTerm(w.toLowerCase().replace(/[^\p{L}\p{N}-]/gu, ''))).find((t): t is string => t !== null && t !== '' && !e.terms.includes(t) && !isFigureWord(t));
  const left = nearest(text.slice(0, e.start).split(/[,;:()[\]–—]/).at(-1)!.split(/\s+/).filter(Boolean).reverse());
  const right = nearest(text.slice(e.end).split(/[,;:()[\]–—]/)[0]!.split(/\s+/).filter(Boolean));
  return { ...(left ? { left } : {}), ...(right ? { right } : {}) };
}

const sameSlot = (a: { left?: string; right?: string }, b: { left?: string; right?: string }) =>
  (a.left !== undefined && b.left !== undefined && termMatches(a.left, b.left)) || (a.right !== undefined && b.right !== undefined && termMatches(a.right, b.right));

/**
 * Negation where the two say the same thing: a term both mention is negated in one and
 * not in the other ("is not below its operating range" against "is below its operating
 * range"). A negation elsewhere in a long sentence says nothing about the claim.
 */
function localNegation(q: PreparedQuery, s: SentenceRecord): Conflict | undefined {
  // A heading or a label ("Bibs.") asserts nothing that a claim could deny.
  if (s.analysis.verbs.length === 0) return undefined;
  const inClaim = new Set(q.analysis.negatedTerms ?? []);
  const inSentence = new Set(s.analysis.negatedTerms ?? []);
  // Each claim term with the sentence's term it lines up with: the same word, or the class
  // it belongs to ("Alcohol cannot be claimed" denies that wine can be). Not other
  // alternatives: "cannot join 5 GHz networks" does not deny "connects to 2.4 GHz networks".
  const shared: Array<[string, string]> = [];
  for (const t of q.analysis.terms) {
    if (/^\d/.test(t)) continue;
    const aligned = s.terms.has(t) ? t : q.terms.find((x) => x.term === t)?.classes.find((a) => s.terms.has(a));
    if (aligned) shared.push([t, aligned]);
  }
  // One word in common ("race") is a topic, not a statement: a statement and its denial share what is said and of what.
  if (shared.length < 2) return undefined;
  // A denial of the statement for another figure denies nothing of this one: "cannot join
  // 5 GHz networks" against "connects to 2.4 GHz networks".
  const otherFigure = (negated: Set<string>, other: Set<string>) => {
    const figures = [...negated].filter((t) => /^\d/.test(t));
    return figures.length > 0 && !figures.some((t) => other.has(t));
  };
  if (otherFigure(inSentence, new Set(q.analysis.terms)) || otherFigure(inClaim, s.terms)) return undefined;
  const flipped = shared.filter(([c, x]) => inClaim.has(c) !== inSentence.has(x));
  // Half the shared words flipped at least: a negation about the same statement. Names are
  // what it is said of, not what is said ("Sean Doyle was not present for the vote" denies
  // the vote, not Sean Doyle), so they are not counted where other words are shared.
  const names = new Set([...q.analysis.entities, ...s.analysis.entities].filter((e) => NAME_TYPES.has(e.type)).flatMap((e) => e.terms));
  const said = shared.filter(([c]) => !names.has(c));
  const counted = said.length > 0 ? said.length : shared.length;
  if (flipped.length === 0 || flipped.length * 2 < Math.min(counted, inClaim.size + inSentence.size)) return undefined;
  const claimed = flipped.some(([c]) => inClaim.has(c));
  return negationConflict(claimed, !claimed);
}

/** Words of opposite meaning: the claim says "exporter" or "decrease" where the sentence has "importer" or "increase". */
function antonymConflict(bank: SentenceBank, q: PreparedQuery, s: SentenceRecord): Conflict | undefined {
  const claimLemmas = new Set(q.analysis.lemmas);
  for (const l of s.analysis.lemmas) {
    if (claimLemmas.has(l)) continue;
    const opposite = bank.synonyms.antonyms[l]?.find((a) => claimLemmas.has(a) && !s.analysis.lemmas.includes(a));
    if (opposite) return { rule: 'antonym', claimed: opposite, stated: l };
  }
  return undefined;
}

/**
 * A word in place of another of the same kind: the claim says "lithium" where the sentence
 * says "cobalt", "Tuesday" where it says "Friday" (see `WordNet.areSiblings`). Only when
 * the sentence gives one such alternative: one listing several ("Monday to Friday",
 * "cobalt, nickel and lithium") may take in the claim's through a range, or list others
 * beside it.
 */
function siblingConflict(q: PreparedQuery, s: SentenceRecord, facts: SentenceFacts): Conflict | undefined {
  const wordnet = WordNet.shared();
  // By stem, not lemma: the tagger may read one word two ways ("trading" as a noun, "trade"), and the stems say it is one word.
  const sentence = new Set(s.analysis.lemmas.map(stem));
  const claim = new Set(q.analysis.lemmas.map(stem));
  // Units are the figures' business: "twelve months" is "a year", and the rules compare them as such.
  const units = new Set([...unitWords(q.text.slice(q.question?.story ?? 0), [...q.quantities, ...q.durations]), ...unitWords(s.text, [...facts.quantities, ...facts.durations])]);
  // The sentence's other words by their kinds, so that each claim word looks up its own.
  const byKind = new Map<string, string[]>();
  for (const l of s.analysis.lemmas) {
    if (claim.has(stem(l)) || units.has(stem(l))) continue;
    for (const k of wordnet.kindsOf(l)) byKind.set(k, [...(byKind.get(k) ?? []), l]);
  }
  if (byKind.size === 0) return undefined;
  for (const c of q.analysis.lemmas) {
    if (sentence.has(stem(c)) || units.has(stem(c))) continue;
    const alternatives = new Set([...wordnet.kindsOf(c)].flatMap((k) => byKind.get(k) ?? []).filter((l) => wordnet.areSiblings(c, l)));
    if (alternatives.size === 1) return { rule: 'sibling', claimed: c, stated: [...alternatives][0]! };
  }
  return undefined;
}

/** Stems of the words inside a text's figures ("12 months", "£40 a week"); positions are the figures' own (a question's start after its story). */
function unitWords(text: string, figures: Array<{ start: number; end: number }>): string[] {
  return figures.flatMap((f) => [...text.slice(f.start, f.end).matchAll(/\p{L}+/gu)].map((m) => stem(m[0].toLowerCase())));
}

/**
 * Before the date of an earlier figure, within its clause: "compared with 229.8 MWh in
 * 2024", "up from 3,140 at the end of 2024". Not past a "to": in "rose from £94,750 in 2024
 * to £100,300 in 2025" the second date is the later figure's.
 */
const SINCE_FIGURE = /\b(?:compared (?:with|to)|(?:up|down|rising|falling|rose|fell|grew) from)\b(?:(?!\bto\b)[^,;()]|(?<=\d)[,.](?=\d))*$/i;

/**
 * A date the sentence gives for the earlier figure it compares with, where the claim
 * states a change since then: "Hollin Farm produced more in 2025 than the year before"
 * is not denied by "it generated 241.5 MWh, compared with 229.8 MWh in 2024", whose own
 * year is the document's. The earlier date is no date of what the claim states.
 */
function isBaseline(q: PreparedQuery, text: string, d: DateValue): boolean {
  const change = q.analysis.direction !== undefined || (q.analysis.changes?.length ?? 0) > 0;
  return change && d.year !== undefined && q.dates.every((c) => c.year !== undefined && c.year > d.year!) && SINCE_FIGURE.test(text.slice(Math.max(0, d.start - 60), d.start));
}

export interface StanceEvidence {
  features: StanceFeatures;
  /** The first conflict found, for the explanation. */
  conflict?: Conflict;
}

export function stanceFeatures(bank: SentenceBank, q: PreparedQuery, c: Candidate, bestSimilarity: number): StanceEvidence {
  const s = c.record;
  const facts = bank.factsOf(s);
  const cov = coverageOf(bank, q, s);
  const sentenceFigures = facts.quantities.filter((x) => x.kind !== 'year');
  const presumed = q.quantities.filter((x) => !q.stated.includes(x));
  const figure = numberConflict(q.stated, sentenceFigures) ?? presumed.map((x) => numberConflict([x], sentenceFigures.filter((y) => countsSame(x, y)))).find((c) => c !== undefined);
  const date = dateConflict(q.dates, facts.dates.filter((d) => !isBaseline(q, s.text, d)));
  const time = timeConflict(q.times, facts.times) ?? weekdayConflict(q.weekdays, facts.weekdays);
  const duration = durationConflict(q.durations, facts.durations, q.text, s.text);
  const name = nameConflict(bank, q, s);
  const rank = rankConflict(q.ranks, facts.ranks);
  const share = shareConflict(q.shares, facts.shares);
  const direction = directionConflict(q.analysis.direction, statedDirection(q.analysis.terms, s.analysis));
  const negation = localNegation(q, s);
  const antonym = antonymConflict(bank, q, s);
  const swap = siblingConflict(q, s, facts);
  const aligned = cov.exact + cov.soft;
  const hard = figure ?? date ?? time ?? duration ?? rank ?? share ?? name;
  const opposed = negation ?? direction ?? antonym;
  // A date in the sentence's headings holds for it, as for a question (`figuresMissing`):
  // "six runners were taken to hospital at the 2026 race" is stated under "Race report 2026".
  // Another date there is no denial (a report may look back), but no match either.
  const headed = bank.headingFactsOf(s).dates;
  const dateUnmatched = q.dates.some((d) => !facts.dates.some((x) => datesComparable(d, x)) && !headed.some((x) => datesComparable(d, x) && datesAgree(d, x))) || (q.times.length > 0 && facts.times.length === 0) || (q.durations.length > 0 && facts.durations.length === 0) || (q.weekdays.size > 0 && facts.weekdays.size === 0);
  const figureUnmatched = q.stated.some((x) => !sentenceFigures.some((y) => y.kind === x.kind));
  // A rank the sentence gives none of ("the biggest of the three sites" against "its three sites") is a fact it leaves open.
  const rankUnmatched = q.ranks.size > 0 && facts.ranks.size === 0;
  const checkable = q.stated.length + q.dates.length + q.times.length + q.durations.length + q.weekdays.size > 0;
  const confirmed =
    checkable &&
    figuresConfirmed(q.stated, sentenceFigures) &&
    datesConfirmed(q.dates, facts.dates) &&
    q.times.every((t) => facts.times.some((x) => sameTime(x, t))) &&
    q.durations.every((d) => facts.durations.some((x) => durationsAgree(d, x))) &&
    [...q.weekdays].every((d) => facts.weekdays.has(d));
  const features: StanceFeatures = {
    similarity: c.similarity,
    similarityGap: c.similarity - bestSimilarity,
    coverage: aligned,
    reverse: reverseCoverage(bank, q, s),
    contextOnly: cov.contextOnly,
    focus: cov.focus,
    unknown: q.unknown,
    unknownWords: q.unknownWords,
    namesMissing: namesMissing(bank, q, s),
    conflict: hard ? 1 : 0,
    oppose: opposed ? 1 : 0,
    confirmed: confirmed ? 1 : 0,
    unmatched: dateUnmatched || figureUnmatched || rankUnmatched ? 1 : 0,
    alignedConflict: hard ? aligned : 0,
    alignedOppose: opposed ? aligned : 0,
    swap: swap ? 1 : 0,
    alignedSwap: swap ? aligned : 0,
    // Where retrieval, words and meaning together, ranked the sentence's passage: a paraphrase
    // shares few words with its source, but its passage still comes first.
    passageRank: c.passage ?? 1 / (1 + c.rank),
  };
  const conflict = hard ?? antonym ?? direction ?? negation ?? swap;
  return { features, ...(conflict ? { conflict } : {}) };
}
