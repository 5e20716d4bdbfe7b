import type { FeedbackRecord } from '../chat/conversations.js';

/**
 * Users' feedback as evaluation data: one JSON object a line, in the shape of the
 * evaluation files (`../shared/eval/questions.jsonl`, `out_of_corpus.jsonl`,
 * `claims.jsonl`), with what the user said and what the system had answered added, so
 * that each line can be reviewed and moved into an evaluation set.
 *
 * - `kind: "question"`: `{id, question, answer_keys, gold_docs}`. `question` is the
 *   question as searched (a follow-up made standalone); `answer_keys` is left empty, to be
 *   filled in by whoever reviews the line; `gold_docs` are the cited documents when the
 *   rating is up, and empty when it is down (the user says they were wrong).
 * - `kind: "out_of_corpus"`: `{id, question}`: the documents did not answer, and the user
 *   agreed (a thumbs-down on "not found" is a `question`: the user says they do).
 * - `kind: "claim"`: `{id, claim, label, gold_docs}`. `label` is the verdict given when
 *   the rating is up, and null when it is down (the user says it was wrong, not which
 *   verdict is right).
 *
 * Every line adds `rating`, `comment`, `rated_at`, what was given (`asked`, `answer`,
 * `status`, `confidence`, `citations`, or `verdict`, `explanation`, `confidence`,
 * `evidence`), `answered_at`, `conversation_id` and `turn_id`.
 */
export type FeedbackLine = Record<string, unknown> & { id: string; kind: 'question' | 'out_of_corpus' | 'claim'; rating: 'up' | 'down'; comment: string | null };

interface Quoted {
  n?: number;
  docId: string;
  quote: string;
  start: number;
  end: number;
  page?: number;
  stance?: string;
}

/** The parts of a citation that identify the passage, without the document's title or source. */
function passage(c: Quoted) {
  return { ...(c.n !== undefined ? { n: c.n } : {}), docId: c.docId, ...(c.stance ? { stance: c.stance } : {}), quote: c.quote, start: c.start, end: c.end, ...(c.page !== undefined ? { page: c.page } : {}) };
}

const docsOf = (items: Quoted[]) => [...new Set(items.map((c) => c.docId))];

/** One feedback record as an evaluation line. */
export function feedbackLine(record: FeedbackRecord): FeedbackLine {
  const up = record.rating === 'up';
  const common = { rating: record.rating, comment: record.comment, rated_at: record.at };
  const where = { answered_at: record.turnAt, conversation_id: record.conversationId, turn_id: record.turnId };
  const id = `fb-${record.turnId}`;
  const r = record.result;
  if (record.mode === 'verify') {
    const evidence = (r.evidence as Quoted[] | undefined) ?? [];
    const verdict = r.verdict as string | undefined;
    const deciding = evidence.filter((e) => e.stance === 'supports' || e.stance === 'contradicts');
    return {
      id,
      kind: 'claim',
      claim: record.input,
      label: up ? (verdict ?? null) : null,
      gold_docs: up ? docsOf(deciding) : [],
      ...common,
      verdict: verdict ?? null,
      explanation: r.explanation ?? null,
      confidence: r.confidence ?? null,
      evidence: evidence.map(passage),
      ...where,
    };
  }
  const citations = (r.citations as Quoted[] | undefined) ?? [];
  const question = typeof r.standaloneQuestion === 'string' && r.standaloneQuestion !== '' ? r.standaloneQuestion : record.input;
  const given = { asked: record.input, answer: r.answer ?? null, status: r.status ?? null, confidence: r.confidence ?? null, citations: citations.map(passage) };
  if (r.status === 'not_found' && up) return { id, kind: 'out_of_corpus', question, ...common, ...given, ...where };
  return { id, kind: 'question', question, answer_keys: [], gold_docs: up ? docsOf(citations) : [], ...common, ...given, ...where };
}

/** The lines of a JSON Lines file, each ending with a newline. */
export function toJsonl(lines: unknown[]): string {
  return lines.map((line) => `${JSON.stringify(line)}\n`).join('');
}
