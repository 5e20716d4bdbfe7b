import { processTerm, tokenize } from './terms.js';

/** Words a name's initials skip ("Ministry of External Affairs" is MEA). */
export const MINOR_WORDS = new Set(['of', 'for', 'and', 'on', 'the', 'in', 'to', 'a', 'an', '&']);

/**
 * Acronyms the documents define, as "long form (ABBR)": "active pharmaceutical
 * ingredients (API)", "Trade Policy Forum (TPF)". The long form's words must begin with
 * the acronym's letters in order (minor words such as "of" may be skipped).
 * Returns acronym (as a search term) → the search terms of each of its long forms.
 */
export function findAcronyms(text: string): Map<string, string[][]> {
  const found = new Map<string, string[][]>();
  for (const m of text.matchAll(/\(([A-Z][A-Za-z]{1,9})s?\)/g)) {
    const acronym = m[1]!;
    const letters = acronym.replace(/[a-z]/g, '').toLowerCase();
    if (letters.length < 2) continue;
    const before = text.slice(Math.max(0, m.index - 160), m.index).split(/\s+/).filter(Boolean);
    const words: string[] = [];
    let needed = letters.length;
    for (let i = before.length - 1; i >= 0 && needed > 0; i--) {
      const word = before[i]!.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if (word === '') break;
      words.unshift(word);
      if (MINOR_WORDS.has(word.toLowerCase())) continue;
      // Hyphenated words may carry several letters ("U.S.-India" → "USI"); plain words carry one.
      const initials = word.split(/[-.]/).filter(Boolean).map((w) => w[0]!.toLowerCase()).join('');
      const tail = letters.slice(0, needed);
      if (tail.endsWith(initials)) needed -= initials.length;
      else if (tail.endsWith(initials[0]!)) needed -= 1;
      else break;
    }
    if (needed !== 0) continue;
    const terms = tokenize(words.join(' ')).map(processTerm).filter((t): t is string => t !== null);
    const key = processTerm(acronym.toLowerCase()) ?? acronym.toLowerCase();
    const forms = found.get(key) ?? [];
    if (terms.length > 0 && !forms.some((f) => f.join(' ') === terms.join(' '))) found.set(key, [...forms, terms]);
  }
  return found;
}

/** Adds to a passage's terms the long forms of the acronyms it uses, and the acronyms of long forms it spells out. */
export function expandAcronyms(terms: Set<string>, acronyms: Map<string, string[][]>): Set<string> {
  const out = new Set(terms);
  for (const [acronym, longForms] of acronyms) {
    for (const longForm of longForms) {
      if (terms.has(acronym)) for (const t of longForm) out.add(t);
      else if (longForm.every((t) => terms.has(t))) out.add(acronym);
    }
  }
  return out;
}
