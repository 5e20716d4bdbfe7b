/** The browser's view of the HTTP API: JSON calls and the server-sent event stream. */
import type { AnswerStatus, Citation, RelatedPassage, Verdict } from '../types.js';

export type { Citation };

export interface DocumentSummary {
  id: string;
  title: string;
  publisher: string | null;
  date: string | null;
  sourceUrl: string | null;
  description: string | null;
  chunks: number;
}

export interface DocumentFull extends DocumentSummary {
  text: string;
}

export interface AnswerParts {
  citations: Citation[];
  related: RelatedPassage[];
  status: AnswerStatus;
  grounded: boolean;
  confidence: number;
  sourcesDiffer: boolean;
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

async function errorFrom(res: Response): Promise<ApiError> {
  try {
    const body = (await res.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) return new ApiError(body.error.code ?? 'ERROR', body.error.message, res.status);
  } catch {
    // not JSON: fall through
  }
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

/**
 * A server with API keys answers 401 until the page sends one. The key is asked for
 * once and kept for this tab only (sessionStorage), never in the page's address.
 */
async function request(path: string, init: RequestInit = {}, retried = false): Promise<Response> {
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
      return request(path, init, true);
    }
  }
  if (!res.ok) throw await errorFrom(res);
  return res;
}

export async function getJson<T>(path: string): Promise<T> {
  return (await (await request(path)).json()) as T;
}

export interface ChatHandlers {
  onMeta(meta: { conversationId: string; standaloneQuestion: string }): void;
  onDelta(text: string): void;
  onCitations(parts: AnswerParts): void;
  onDone(): void;
}

/** Posts a question to /api/chat and dispatches its server-sent events as they arrive. */
export async function streamChat(body: { question: string; conversationId?: string; docIds?: string[] }, handlers: ChatHandlers, signal: AbortSignal): Promise<void> {
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
        handlers.onDone();
      } else if (event === 'error') throw new ApiError(payload.error.code, payload.error.message);
    }
  }
  if (!finished) throw new ApiError('NETWORK', 'The connection closed before the answer was complete.');
}

export type VerdictResult = Verdict;

export async function verifyClaim(body: { claim: string; docIds?: string[] }, signal: AbortSignal): Promise<Verdict> {
  const res = await request('/api/verify', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  return (await res.json()) as Verdict;
}
