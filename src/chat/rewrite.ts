import { QUESTION_OPENERS, STOP_WORDS } from '../language/lexicon.js';

/**
 * Turns a follow-up ("And when will it be ready?", "Which companies are involved in
 * that?") into a question that stands on its own, using the previous question's subject.
 * Rules, not a language model: find what the follow-up points back to (a pronoun, or a
 * leading "and"/"what about"), and put the previous subject in its place.
 */

const AUXILIARIES = new Set(['did', 'does', 'do', 'will', 'would', 'can', 'could', 'should', 'is', 'are', 'was', 'were', 'has', 'have', 'had']);
/** Function words: the stop words, and the pronouns and question words a follow-up is made of. */
const FUNCTION_WORDS = new Set([...STOP_WORDS, ...'them their all some very'.split(' ')]);

/** The noun phrase a question is about: its longest run of capitalised words, else its last content words. */
export function subjectOf(question: string): string | undefined {
  const words = question.replace(/[?!.]+$/, '').split(/\s+/).filter(Boolean);
  const runs: string[][] = [];
  let run: string[] = [];
  words.forEach((word, i) => {
    const bare = word.replace(/^[("“']+|[)"”',;:]+$/g, '');
    // Names start with a capital or have several inside ("iCET", "iDEX").
    const capital = (/^[\p{Lu}\d]/u.test(bare) || /\p{Lu}.*\p{Lu}/u.test(bare)) && !(i === 0 && QUESTION_OPENERS.test(bare));
    const joiner = run.length > 0 && /^(?:of|on|for|and|the|de)$/.test(bare);
    if (capital || joiner) run.push(bare);
    else {
      if (run.length) runs.push(run);
      run = [];
    }
    // A lower-case noun right after a capitalised name belongs to it ("TRUST initiative").
    if (!capital && !joiner && runs.length && /^[a-z]+$/.test(bare) && !FUNCTION_WORDS.has(bare)) {
      const last = runs.at(-1)!;
      // Not after an auxiliary, where the next word is a verb: "did India acquire".
      const before = words[i - 1 - last.length]?.toLowerCase() ?? '';
      const follows = words[i - 1]?.replace(/[^\p{L}\p{N}-]/gu, '') === last.at(-1)?.replace(/[^\p{L}\p{N}-]/gu, '');
      if (follows && !/(?:ed|ing)$/.test(bare) && !AUXILIARIES.has(before)) last.push(bare);
    }
  });
  if (run.length) runs.push(run);
  const trimmed = runs.map((r) => {
    while (r.length && /^(?:of|on|for|and|the|de)$/.test(r.at(-1)!)) r.pop();
    while (r.length && /^(?:of|on|for|and|the|de)$/.test(r[0]!)) r.shift();
    return r.join(' ');
  });
  const best = trimmed.filter(Boolean).sort((a, b) => b.length - a.length)[0];
  if (best) return best;
  // No name: the words after the first article ("the critical minerals mission"), else the last ones.
  const clean = words.map((w) => w.toLowerCase().replace(/[^\p{L}\p{N}-]/gu, ''));
  const article = clean.findIndex((w) => w === 'the' || w === 'a' || w === 'an');
  const phrase: string[] = [];
  for (let i = article + 1; article >= 0 && i < clean.length && phrase.length < 3 && !FUNCTION_WORDS.has(clean[i]!); i++) phrase.push(clean[i]!);
  if (phrase.length > 0) return phrase.join(' ');
  const content = clean.filter((w) => w && !FUNCTION_WORDS.has(w) && !QUESTION_OPENERS.test(w));
  return content.length ? content.slice(-3).join(' ') : undefined;
}

const LEADING_LINK = /^\s*(?:and|but|so|also|then|ok(?:ay)?|well)[,\s]+/i;
const WHAT_ABOUT = /^\s*(?:and\s+)?(?:what|how)\s+about\s+/i;
const PRONOUN = /\b(it|its|they|them|their|theirs|this|that|these|those)\b(?=\s*(?:[?.!,]|$|\s+(?:be|is|are|was|were|have|has|had|will|do|does|did|ready|launched|start|started|happen|cover|include|about)\b))|\b(it|its|they|them|their)\b/i;

/** True when a question points back to an earlier one. */
export function isFollowUp(question: string): boolean {
  return LEADING_LINK.test(question) || WHAT_ABOUT.test(question) || PRONOUN.test(question);
}

/**
 * The follow-up made standalone with `previous` (the last standalone question), or the
 * question unchanged when it does not point back or there is nothing to point to.
 */
export function rewriteFollowUp(question: string, previous: string | undefined): string {
  const q = question.trim();
  if (!previous || !isFollowUp(q)) return q;
  const subject = subjectOf(previous);
  if (!subject) return q;
  if (WHAT_ABOUT.test(q)) {
    // "What about X?" asks the previous question again, about X.
    const topic = q.replace(WHAT_ABOUT, '').replace(/[?.!]+$/, '');
    return previous.includes(subject) ? previous.replace(subject, topic) : `${previous.replace(/[?.!]+$/, '')} (${topic})?`;
  }
  let body = q.replace(LEADING_LINK, '');
  body = body.charAt(0).toUpperCase() + body.slice(1);
  const match = PRONOUN.exec(body);
  if (match) {
    const word = (match[1] ?? match[2])!.toLowerCase();
    const replacement = word === 'its' || word === 'their' ? `${subject}'s` : subject;
    return body.slice(0, match.index) + replacement + body.slice(match.index + match[0].length);
  }
  return `${body.replace(/[?.!]+$/, '')} (${subject})?`;
}

/**
 * The standalone form of the last of a conversation's questions (oldest first), for a
 * caller that keeps the conversation itself: each is rewritten with the one before it,
 * as a stored conversation would have been. Undefined for no questions.
 *
 * @example standaloneOf(['What is INDUS Innovation modeled on?', 'What does it promote?'])
 * // → 'What does INDUS Innovation promote?'
 */
export function standaloneOf(questions: string[]): string | undefined {
  let previous: string | undefined;
  for (const question of questions) if (question.trim() !== '') previous = rewriteFollowUp(question, previous);
  return previous;
}
