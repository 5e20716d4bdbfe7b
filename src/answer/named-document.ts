import type { AnswerJudgment } from '../evidence/judge.js';
import type { PreparedQuery } from '../evidence/features.js';
import type { SentenceBank } from '../evidence/sentence-bank.js';
import { termMatches } from '../evidence/term-weights.js';

/**
 * A question about documents may say which one it means ("who published the fact sheet",
 * "when was the volunteer guide last revised"): the other documents' cards then answer
 * another question, however well their lines fit the field asked for. A document is named
 * by the question's words that its title or description uses, weighed by rarity, and
 * words that only frame a question count too ("the fact sheet"): they are how people name
 * a document. The cards of the documents named most are kept; a question that names
 * none, or all alike ("who published these documents"), keeps every card.
 */
export function cardsOfNamedDocuments(bank: SentenceBank, q: PreparedQuery, judged: AnswerJudgment[]): AnswerJudgment[] {
  const docs = [...new Set(judged.filter((j) => j.record.card).map((j) => j.record.docId))];
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
  return judged.filter((j) => !j.record.card || scores.get(j.record.docId) === top);
}
