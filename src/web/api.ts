/** The browser's view of the HTTP API: JSON calls and the server-sent event stream. */
// The shapes of responses come from the server's zod contract (types only: nothing of zod reaches the page).
import type { ConversationSummaryBody, DocumentDetail, DocumentSummary, IndexStatusBody as IndexStatus, TurnBody, VerifyResponse } from '../server/contract.js';
import type { UploadResult } from '../server/uploads.js';
import type { AnswerStatus, Citation, RelatedPassage, Verdict } from '../types.js';

export type { Citation, DocumentSummary, IndexStatus, UploadResult };
export type DocumentFull = DocumentDetail;

export interface AnswerParts {
  citations: Citation[];
  related: RelatedPassage[];
  status: AnswerStatus;
  grounded: boolean;
  confidence: number;
  sourcesDiffer: boolean;
  /** Who wrote the answer: a language model (each sentence checked) or sentences of the documents. Absent in turns saved before answers could be generated. */
  answerer?: 'generated' | 'extractive';
  /** Generated sentences removed because no passage supports them. */
  droppedSentences?: number;
  /** Why a generated answer fell back to the documents' own sentences. */
  note?: string;
}

/** An error the page can show as it is. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 0,
  ) {
    super(message);
  }
}

/** What to tell the reader about a failure. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    // The server's message says what is not ready (and may already say to wait): one short line, not two "still"s.
    if (err.code === 'INDEX_LOADING') return 'The documents are being indexed. Try again in a few seconds.';
    return err.message;
  }
  return 'Something went wrong. Please try again.';
}

async function errorFrom(res: Response): Promise<ApiError> {
  return errorIn(res, await res.json().catch(() => undefined));
}

/** The `{error: {code, message}}` of a failed response's body, or a plain HTTP error. */
function errorIn(res: Response, body: unknown): ApiError {
  const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
  if (error?.message) return new ApiError(error.code ?? 'ERROR', error.message, res.status);
  return new ApiError('HTTP_ERROR', `The server answered ${res.status} ${res.statusText}`, res.status);
}

const KEY_STORAGE = 'trust-rag.apiKey';

function storedKey(): string | null {
  try {
    return sessionStorage.getItem(KEY_STORAGE);
  } catch {
    return null;
  }
}

/** Sends a request with the tab's API key; a failed response becomes an ApiError. */
async function request(path: string, init: RequestInit = {}): Promise<Response> {
  const res = await send(path, init);
  if (!res.ok) throw await errorFrom(res);
  return res;
}

/**
 * Like `request`, but hands back a failed response too, for routes whose errors carry
 * more than the error. A server with API keys answers 401 until the page sends one. The
 * key is asked for once and kept for this tab only (sessionStorage), never in the
 * page's address.
 */
async function send(path: string, init: RequestInit, retried = false): Promise<Response> {
  const key = storedKey();
  const headers = new Headers(init.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  let res: Response;
  try {
    res = await fetch(path, { ...init, headers });
  } catch (err) {
    if ((err as Error).name === 'AbortError') throw err;
    throw new ApiError('NETWORK', 'Could not reach the server. Check the connection and try again.');
  }
  if (res.status === 401 && !retried && typeof window.prompt === 'function') {
    const given = window.prompt('This server needs an API key. Paste your key:');
    if (given?.trim()) {
      sessionStorage.setItem(KEY_STORAGE, given.trim());
      return send(path, init, true);
    }
  }
  return res;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await request(path)).json()) as T;
}

export interface ChatHandlers {
  onMeta(meta: { conversationId: string; standaloneQuestion: string }): void;
  onDelta(text: string): void;
  onCitations(parts: AnswerParts): void;
  onDone(done: { conversationId: string; turnId?: string }): void;
}

/** What the page sends with a question. */
export interface ChatBody {
  question: string;
  conversationId?: string;
  docIds?: string[];
  /** Regenerate or edit: this saved turn and every later one are replaced. */
  replaceTurnId?: string;
}

/** Posts a question to /api/chat and dispatches its server-sent events as they arrive. */
export async function streamChat(body: ChatBody, handlers: ChatHandlers, signal: AbortSignal): Promise<void> {
  const res = await request('/api/chat', {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify(body),
    signal,
  });
  if (!res.body) throw new ApiError('NETWORK', 'The server sent no answer.');
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  let finished = false;
  for (;;) {
    let chunk: ReadableStreamReadResult<string>;
    try {
      chunk = await reader.read();
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError('NETWORK', 'The connection was lost while the answer was arriving.');
    }
    if (chunk.done) break;
    buffer += chunk.value;
    let cut: number;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (!event || data === undefined) continue;
      const payload = JSON.parse(data);
      if (event === 'meta') handlers.onMeta(payload);
      else if (event === 'delta') handlers.onDelta(payload.text);
      else if (event === 'citations') handlers.onCitations(payload);
      else if (event === 'done') {
        finished = true;
        handlers.onDone(payload);
      } else if (event === 'error') throw new ApiError(payload.error.code, payload.error.message);
    }
  }
  if (!finished) throw new ApiError('NETWORK', 'The connection closed before the answer was complete.');
}

export type VerdictResult = Verdict;

/** A verdict as /api/verify answers it: saved as a turn of a conversation. */
export type SavedVerdict = VerifyResponse;

export async function verifyClaim(body: { claim: string; docIds?: string[]; conversationId?: string; replaceTurnId?: string }, signal: AbortSignal): Promise<SavedVerdict> {
  return sendJson<SavedVerdict>('POST', '/api/verify', body, signal);
}

async function sendJson<T>(method: string, path: string, body: unknown, signal?: AbortSignal): Promise<T> {
  const res = await request(path, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), ...(signal ? { signal } : {}) });
  return (res.status === 204 ? undefined : await res.json()) as T;
}

/** A saved conversation in the list. Times are ISO 8601. */
export type ConversationSummary = ConversationSummaryBody;

export type Feedback = NonNullable<TurnBody['feedback']>;
export type Rating = Feedback['rating'];

/** The answer of a saved question: the whole /api/ask response. */
export interface SavedAnswer extends AnswerParts {
  answer: string;
  standaloneQuestion?: string;
}

/** One saved turn: a question and its answer, or a claim and its verdict. */
export type SavedTurn = { id: string; at: string; feedback: Feedback | null } & ({ mode: 'ask'; input: string; result: SavedAnswer } | { mode: 'verify'; input: string; result: Verdict });

export interface SavedConversation extends Omit<ConversationSummary, 'turnCount'> {
  turns: SavedTurn[];
}

const conversationPath = (id: string) => `/api/conversations/${encodeURIComponent(id)}`;

/** The caller's conversations, newest first. */
export async function listConversations(): Promise<ConversationSummary[]> {
  return (await getJson<{ conversations: ConversationSummary[] }>('/api/conversations')).conversations;
}

export function getConversation(id: string): Promise<SavedConversation> {
  return getJson<SavedConversation>(conversationPath(id));
}

export function renameConversation(id: string, title: string): Promise<ConversationSummary> {
  return sendJson<ConversationSummary>('PATCH', conversationPath(id), { title });
}

export async function deleteConversation(id: string): Promise<void> {
  await request(conversationPath(id), { method: 'DELETE' });
}

/** Thumbs up or down on a saved turn; sent again, it replaces the earlier one. */
export function sendFeedback(body: { conversationId: string; turnId: string; rating: Rating; comment?: string }): Promise<void> {
  return sendJson<void>('POST', '/api/feedback', body);
}

/** What became of an upload: each file's result, and the indexing status when any file was accepted. */
export interface UploadOutcome {
  files: UploadResult[];
  status: IndexStatus | null;
}

/**
 * Posts files to /api/documents as multipart/form-data, each in the field `files`. An
 * upload whose files were all refused answers 400 or 413 and still lists each file's
 * reason, so it resolves with those; other failures (no admin key, too many files) throw.
 */
export async function uploadDocuments(files: Iterable<File>): Promise<UploadOutcome> {
  const body = new FormData();
  for (const file of files) body.append('files', file, file.name);
  const res = await send('/api/documents', { method: 'POST', body });
  const json = (await res.json().catch(() => undefined)) as Partial<UploadOutcome> | undefined;
  if (Array.isArray(json?.files) && json.files.length > 0) return { files: json.files, status: json.status ?? null };
  throw errorIn(res, json);
}

/** Removes a document; it stays listed (and answerable) until the index is rebuilt without it. */
export async function deleteDocument(id: string): Promise<IndexStatus> {
  const res = await request(`/api/documents/${encodeURIComponent(id)}`, { method: 'DELETE' });
  return ((await res.json()) as { index: IndexStatus }).index;
}
