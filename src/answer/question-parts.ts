import { questionStart } from '../language/analyze.js';
import { parse } from '../language/nlp.js';
import { queryTerms } from '../language/terms.js';

/**
 * Splits a question that asks several things ("Who published the fact sheet, and on what
 * date?") into questions that each ask one. A part too short to stand alone ("and on
 * what date?", "and how much?") borrows the words of the part before it, so that it is
 * still about the same subject.
 */

const WH = String.raw`(?:what|when|where|who|whom|which|why|how|(?:in|on|at|by|from|to|for|with|under) (?:what|which|whom)|by when|by how much)`;
/** A yes/no question's opening: an auxiliary and its subject ("is there", "can i", "will we"). */
const YES_NO = String.raw`(?:is|are|was|were|can|could|do|does|did|will|would|should|has|have)\s+(?:there|i|you|we|they|it|he|she)`;
const SPLIT = new RegExp(String.raw`\?\s+(?=\S)|,?\s+and\s+(?:also\s+|then\s+)?(?=${WH}\b|${YES_NO}\b)|;\s*(?=${WH}\b)`, 'i');

/** The part of a question after its opening question words ("Who published X" → "published X"). */
function body(part: string): string {
  return part.replace(/[?.!]+$/, '').replace(new RegExp(String.raw`^\s*(?:can you tell me\s+)?${WH}\b(?:\s+(?:is|are|was|were|did|does|do|will|has|have|had|much|many))?\s*`, 'i'), '');
}

/**
 * Whether a part stands in for something named before it: a pronoun ("how much is it",
 * "is that free"), not a demonstrative with a noun of its own ("these days", "this fee").
 */
function refersBack(part: string): boolean {
  const tokens = parse(part).tokens;
  return tokens.some((t, i) => {
    if (/^(?:it|its|they|them|their)$/i.test(t.value)) return true;
    const next = tokens[i + 1];
    return /^(?:this|that|these|those)$/i.test(t.value) && !(next && ['NOUN', 'PROPN', 'ADJ', 'NUM'].includes(next.pos));
  });
}

/** One part of a question: the text to search and judge, and the part in the asker's own words, to name it by. */
export interface QuestionPart {
  text: string;
  asked: string;
}

export function questionParts(question: string, start = questionStart(question)): QuestionPart[] {
  // A story before the question ("I've been nervous about hills… Where is it, and how much
  // does it go up?") is what every part is about: each part keeps it, and it is not split.
  // `start` is where the question itself starts, when the caller has found it already.
  const story = question.slice(0, start);
  const asked = question.slice(start);
  const pieces = asked.split(SPLIT).map((p) => p.trim()).filter((p) => p.replace(/[?.!\s]/g, '') !== '');
  const whole = [{ text: question, asked: question }];
  if (pieces.length < 2) return whole;
  // A first part too short to stand alone ("Which sectors and which companies…") is not a
  // question of its own, unless a story says what it is about.
  if (story === '' && queryTerms(pieces[0]!).length < 2 && !/\?\s+\S/.test(asked)) return whole;
  const parts: QuestionPart[] = [];
  for (const piece of pieces) {
    const clean = piece.replace(/^(?:and|also|then)\s+/i, '').replace(/[?.!]+$/, '');
    const own = queryTerms(clean);
    const pointsBack = refersBack(clean);
    // A part borrows only where there is no story, so the words it borrows hold none.
    const text = story === '' && (own.length < 2 || pointsBack) && parts.length > 0 ? `${clean} ${body(parts.at(-1)!.text)}?` : `${story}${clean}?`;
    parts.push({ text, asked: `${clean}?` });
  }
  return parts;
}
