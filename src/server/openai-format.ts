import type { AnswerInContext } from '../chat/assistant.js';
import type { Citation, SourceDoc, Stance, Verdict } from '../types.js';
import { ParamError, type ChatMessage, type SearchResult } from './openai-shapes.js';
import { MAX_QUESTION_CHARS } from './schemas.js';

/**
 * Between OpenAI's chat messages and this system's answers: which message is the
 * question, and how an answer or a verdict reads as one assistant message whose `[n]`
 * markers the structured `citations` and `search_results` line up with.
 */

/** What a /v1 model replies: the message text and the sources its markers refer to. */
export interface Reply {
  text: string;
  /** `citations[n - 1]` is the source URL (or `doc://<docId>`) of marker `[n]`. */
  citations: string[];
  /** `search_results[n - 1]` is the passage of marker `[n]`. */
  searchResults: SearchResult[];
  details: {
    status?: AnswerInContext['status'];
    grounded?: boolean;
    standaloneQuestion?: string;
    verdict?: Verdict['verdict'];
    confidence: number;
    answerer?: AnswerInContext['answerer'];
    droppedSentences?: number;
    note?: string;
  };
}

/** The text of a message: its string content, or its text parts joined by newlines. */
export function textOf(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  return (content ?? [])
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('\n');
}

/**
 * The question (the last user message) and the questions before it (the earlier user
 * messages, oldest first). System prompts and assistant turns are not read: answers come
 * from the documents, and follow-ups are rewritten from the earlier questions alone.
 */
export function readConversation(messages: ChatMessage[]): { question: string; earlier: string[] } {
  const asked = messages.flatMap((m, i) => (m.role === 'user' ? [{ i, text: textOf(m).trim() }] : []));
  const last = asked.at(-1);
  if (!last) throw new ParamError('INVALID_INPUT', 'messages must include a user message: the last one is the question', 'messages');
  const param = `messages[${last.i}].content`;
  if (last.text === '') throw new ParamError('INVALID_INPUT', `${param}: the last user message has no text to answer`, param);
  if (last.text.length > MAX_QUESTION_CHARS) throw new ParamError('INVALID_INPUT', `${param}: the question must be at most ${MAX_QUESTION_CHARS} characters`, param);
  return { question: last.text, earlier: asked.slice(0, -1).map((a) => a.text.slice(0, MAX_QUESTION_CHARS)) };
}

/** Where a document came from, as a URL: its source URL, or `doc://<docId>` for one without. */
export function sourceUrlOf(docId: string, doc: SourceDoc | undefined): string {
  return doc?.meta.sourceUrl ?? `doc://${docId}`;
}

/** The passages cited, in marker order, as search results. */
export function searchResultsOf(cited: Array<Citation & { stance?: Stance }>, docs: ReadonlyMap<string, SourceDoc>): SearchResult[] {
  return [...cited]
    .sort((a, b) => a.n - b.n)
    .map((c) => {
      const date = docs.get(c.docId)?.meta.date;
      return {
        title: c.title,
        url: sourceUrlOf(c.docId, docs.get(c.docId)),
        ...(date ? { date } : {}),
        docId: c.docId,
        quote: c.quote,
        start: c.start,
        end: c.end,
        ...(c.page !== undefined ? { page: c.page } : {}),
        ...(c.stance ? { stance: c.stance } : {}),
      };
    });
}

/** Text followed by a plain "Sources:" list, `[n] Title — URL` (the document id when it has no URL). */
export function withSources(text: string, results: SearchResult[]): string {
  if (results.length === 0) return text;
  const lines = results.map((r, i) => `[${i + 1}] ${r.title}${r.page !== undefined ? `, page ${r.page}` : ''} — ${r.url.startsWith('doc://') ? r.docId : r.url}`);
  return `${text}\n\nSources:\n${lines.join('\n')}`;
}

/** An answer as a reply: its text with markers, then its sources. */
export function answerReply(result: AnswerInContext, docs: ReadonlyMap<string, SourceDoc>): Reply {
  const searchResults = searchResultsOf(result.citations, docs);
  return {
    text: withSources(result.answer.trim(), searchResults),
    citations: searchResults.map((r) => r.url),
    searchResults,
    details: {
      status: result.status,
      grounded: result.grounded,
      standaloneQuestion: result.standaloneQuestion,
      confidence: result.confidence,
      answerer: result.answerer,
      droppedSentences: result.droppedSentences,
      ...(result.note ? { note: result.note } : {}),
    },
  };
}

const VERDICT_WORDS: Record<Verdict['verdict'], string> = { supported: 'Supported', contradicted: 'Contradicted', not_enough_info: 'Not enough information' };

/** A verdict as a reply: the verdict, the explanation, each piece of evidence quoted with its stance, then the sources. */
export function verdictReply(verdict: Verdict, docs: ReadonlyMap<string, SourceDoc>): Reply {
  const searchResults = searchResultsOf(verdict.evidence, docs);
  const confidence = verdict.evidence.length > 0 ? ` (confidence ${Math.round(verdict.confidence * 100)}%)` : '';
  const quotes = searchResults.map((r, i) => `[${i + 1}] ${r.stance}: "${r.quote.replace(/\s+/g, ' ').trim()}"`);
  const text = `${VERDICT_WORDS[verdict.verdict]}${confidence}. ${verdict.explanation.trim()}${quotes.length ? `\n\nEvidence:\n${quotes.join('\n')}` : ''}`;
  return { text: withSources(text, searchResults), citations: searchResults.map((r) => r.url), searchResults, details: { verdict: verdict.verdict, confidence: verdict.confidence } };
}

/**
 * Tokens in a text, estimated at four characters a token (OpenAI's rule of thumb for
 * English): no language model runs here, so nothing is tokenised. Enough for clients
 * that display or budget usage.
 */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}
