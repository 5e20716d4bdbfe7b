import type { AnswerJudgment } from '../evidence/judge.js';
import type { PreparedQuery } from '../evidence/features.js';
import type { SentenceBank } from '../evidence/sentence-bank.js';
import { termMatches } from '../evidence/term-weights.js';
import { documentOf } from '../ingest/document-card.js';

/**
 * A question about documents may say which one it means ("who published the fact sheet",
 * "when was the volunteer guide last revised"): the other documents, their cards and their
 * text, then answer another question, however well a line fits the field asked for ("…was
 * published in Hindustan Times" is about another document's source). A document is named
 * by the question's words that its title or description uses, weighed by rarity, and
 * words that only frame a question count too ("the fact sheet"): they are how people name
 * a document. The sentences of the documents named most are kept; a question that names
 * none, or all alike ("who published these documents"), keeps every sentence.
 */
export function sentencesOfNamedDocuments(bank: SentenceBank, q: PreparedQuery, judged: AnswerJudgment[]): AnswerJudgment[] {
  // A card's document is the one it describes; its title and description are that document's.
  const docOf = (j: AnswerJudgment) => documentOf(j.record.docId);
  const docs = [...new Set(judged.map(docOf))];
  if (docs.length < 2) return judged;
  const words = [...new Set(q.analysis.terms)];
  const scores = new Map(
    docs.map((doc) => {
      const title = [...bank.titleTermsOf(doc)];
      return [doc, words.filter((w) => title.some((t) => termMatches(w, t))).reduce((sum, w) => sum + bank.weights.idf(w), 0)];
    }),
  );
  const top = Math.max(...scores.values());
  if (top === 0) return judged;
  return judged.filter((j) => scores.get(docOf(j)) === top);
}
