import { processTerm, stem, tokenize } from '../retrieve/terms.js';
import { hasMatch } from './key-terms.js';

/**
 * Tests that decide whether the documents answer a question at all. Each is a small
 * rule about the question's form, not about any particular document.
 */

/** What kind of answer a question asks for, when its form says so. */
export type Expectation = 'time' | 'quantity' | 'definition' | undefined;

const DEFINITION_QUESTION =
  /\bwhat (?:does|do|did) (?:the )?(?:acronym |abbreviation |term )?[“"']?([\p{L}\p{N}][\p{L}\p{N}.&-]*)[”"']? (?:stand|stands) for\b|\b(?:full form|expansion|long form) of (?:the )?[“"']?([\p{L}\p{N}][\p{L}\p{N}.&-]*)|\bwhat is (?:the )?[“"']?([\p{L}\p{N}][\p{L}\p{N}.&-]*)[”"']? short for\b/iu;

/** The acronym a "What does X stand for?" question asks about. */
export function definitionTarget(question: string): string | undefined {
  const m = DEFINITION_QUESTION.exec(question);
  return m ? (m[1] ?? m[2] ?? m[3]) : undefined;
}

/** True when the text spells out `term`: "TRUST (Transforming the …)" or "Trade Policy Forum (TPF)". */
export function definesTerm(text: string, term: string): boolean {
  const t = term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(?<![\\p{L}])${t}\\s*\\([^)]{6,}\\)|\\(${t}\\)`, 'u').test(text);
}

const TIME_QUESTION = /^\s*(?:(?:and|so|but)\s+)?(?:when|since when|by when|until when)\b|\b(?:what|which) (?:year|date|month|day)\b/i;
const QUANTITY_QUESTION =
  /\bhow (?:much|many|large|big|long|often|far|old)\b|\b(?:price|cost|population|percentage|amount|number|share|rate|value|budget|size|valuation|salary)\s+(?:of|for|does|did|is|was)\b/i;

export function expectedAnswer(question: string): Expectation {
  if (definitionTarget(question)) return 'definition';
  if (TIME_QUESTION.test(question)) return 'time';
  if (QUANTITY_QUESTION.test(question)) return 'quantity';
  return undefined;
}

const MONTHS = 'January|February|March|April|May|June|July|August|September|October|November|December';
const TIME_EXPRESSION = new RegExp(
  `\\b(?:1[89]\\d\\d|20\\d\\d)\\b|\\b(?:${MONTHS})\\b|\\b(?:spring|summer|fall|autumn|winter)\\b|\\b(?:this|next|last) (?:year|month|week|quarter)\\b|\\bby the end of\\b|\\b\\d{1,2}/\\d{1,2}/\\d{2,4}\\b`,
  'i',
);

/** True when the text states a date, a year or a season. */
export function hasTimeExpression(text: string): boolean {
  return TIME_EXPRESSION.test(text);
}

const NUMBER_WORDS =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozen|hundred|thousand|million|billion|trillion|lakh|crore|twice|thrice|half|double|triple)\b/i;

/**
 * True when the text states a quantity: a number that is neither a bare year (2024) nor
 * part of a name (F-35, STA-1, MQ-9B), or a number word.
 */
export function hasQuantity(text: string): boolean {
  if (NUMBER_WORDS.test(text) || /%/.test(text)) return true;
  for (const m of text.matchAll(/(?<![\w-])[$₹€£]?\d[\d,.]*(?![\w-])/g)) {
    if (!/^(?:1[89]\d\d|20\d\d)$/.test(m[0])) return true;
  }
  return false;
}

/** True when the text has the kind of content the question expects. */
export function fitsExpectation(text: string, expectation: Expectation, question = ''): boolean {
  if (expectation === 'definition') return definesTerm(text, definitionTarget(question) ?? '');
  if (expectation === 'time') return hasTimeExpression(text);
  if (expectation === 'quantity') return hasQuantity(text);
  return true;
}

const QUESTION_OPENERS = new Set(['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how', 'is', 'are', 'was', 'were', 'do', 'does', 'did', 'can', 'could', 'will', 'would', 'should', 'tell', 'and', 'so', 'but', 'i', 'please', 'list', 'name', 'give', 'describe', 'explain']);

/**
 * Names in the question (capitalised words that do not open it) that the documents never
 * mention. A question about Kenya cannot be answered from documents that never say
 * "Kenya", however close its other words come.
 */
export function unknownNames(question: string, vocabulary: Set<string>, initialisms: Set<string> = new Set()): string[] {
  const unknown: string[] = [];
  const words = question.match(/[\p{L}\p{N}][\p{L}\p{N}'’.-]*/gu) ?? [];
  words.forEach((word, i) => {
    if (!/^\p{Lu}/u.test(word) || (i === 0 && QUESTION_OPENERS.has(word.toLowerCase()))) return;
    const parts = tokenize(word)
      .map(processTerm)
      .filter((t): t is string => t !== null);
    if (parts.length === 0) return;
    // An abbreviation the documents never write may still stand for a name they do: "HAL".
    const abbreviation = /^\p{Lu}{2,6}$/u.test(word.replace(/[’']s$/, '')) && initialisms.has(word.replace(/[’']s$/, '').toLowerCase());
    const known = abbreviation || parts.some((p) => hasMatch(p, vocabulary));
    if (!known) unknown.push(word.replace(/[’']s$/, '').replace(/[.'’-]+$/, ''));
  });
  return unknown;
}

/**
 * The initials of every run of two to six capitalised words in a text ("Hindustan
 * Aeronautics Limited" → "hal", "Trade Policy Forum" → "tpf"), minor words skipped, so
 * that an abbreviation a reader uses can be matched to a name the documents spell out.
 */
export function initialismsOf(text: string): Set<string> {
  const out = new Set<string>();
  const words = text.split(/[^\p{L}\p{N}'’-]+/u).filter(Boolean);
  const minor = (w: string) => /^(?:of|for|and|on|the|de)$/i.test(w);
  let run: string[] = [];
  const flush = () => {
    // Every stretch that starts and ends with a capitalised word, read both with the
    // minor words' initials ("Memorandum of Understanding" → "mou") and without ("mu").
    for (let i = 0; i < run.length; i++) {
      if (minor(run[i]!)) continue;
      for (let j = i + 1; j < Math.min(run.length, i + 8); j++) {
        if (minor(run[j]!)) continue;
        const stretch = run.slice(i, j + 1);
        out.add(stretch.map((w) => w[0]).join('').toLowerCase());
        out.add(stretch.filter((w) => !minor(w)).map((w) => w[0]).join('').toLowerCase());
      }
    }
    run = [];
  };
  for (const word of words) {
    if (/^\p{Lu}/u.test(word) || (minor(word) && run.length > 0)) run.push(word);
    else flush();
  }
  flush();
  return out;
}

/**
 * Everyday words that say little about a question's subject. They are rare in a small
 * specialised corpus, so by rarity alone they would weigh as much as a name; they count
 * for a quarter of that instead.
 */
export const GENERIC_WORDS = new Set(
  (
    'stand gain better best good new next main cover among rank besides beside also use make held hold take get give go ' +
    'come want need plan ready happen part involve include relate role way thing kind type lot more most first last ' +
    'current today now recent recently exact specific particular play work help show set put keep find found start begin ' +
    'end like just well able available important major big large small high low long short old young time day month ' +
    'aim purpose regard concern according say tell talk mention expect will would could should might must shall may ' +
    'really actually other another different same such each every any some many much few several certain whole ' +
    'bring together join'
  )
    .split(' ')
    .map(stem),
);
