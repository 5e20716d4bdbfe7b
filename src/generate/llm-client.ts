import { HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import { ChatOpenAICompletions } from '@langchain/openai';
import { llmLabel, type LlmConfig } from '../config.js';
import type { PromptMessage } from './prompts.js';

/**
 * The language model, as text streamed from any server that speaks OpenAI's chat
 * completions. Calls go through LangChain's `ChatOpenAICompletions` (from
 * `@langchain/openai`, which installs and runs on Node 20 beside the `@langchain/core`
 * the retriever already uses): the chat-completions class rather than `ChatOpenAI`, which
 * switches some OpenAI model names to the Responses API that local servers do not have.
 */
export interface LanguageModel {
  /** "model at http://host/v1", for logs; never the key. */
  readonly label: string;
  /**
   * The model's reply, piece by piece as it arrives. Aborting `signal` cancels the
   * request upstream; the iterator then throws.
   */
  stream(messages: PromptMessage[], signal: AbortSignal): AsyncIterable<string>;
}

/**
 * Why a model call failed. `message` is safe to show a client (the kind and an HTTP
 * status, nothing from the reply); `detail` adds what the client library said, with the
 * key removed, for the log.
 */
export class LanguageModelError extends Error {
  constructor(
    readonly kind: 'timeout' | 'cancelled' | 'http' | 'connection' | 'stream',
    message: string,
    readonly detail: string = message,
  ) {
    super(message);
    this.name = 'LanguageModelError';
  }
}

/** Most requests may wait for the model together; more are refused at once rather than queued for ever. */
const MAX_WAITING = 1000;

/**
 * At most `size` holders at once; the others wait in order. A waiter whose signal aborts
 * leaves the queue.
 */
export class Slots {
  private busy = 0;
  private readonly waiting: Array<{ go: () => void; signal: AbortSignal; cancel: () => void }> = [];

  constructor(readonly size: number) {}

  get inUse(): number {
    return this.busy;
  }

  async acquire(signal: AbortSignal): Promise<() => void> {
    if (signal.aborted) throw signal.reason;
    if (this.busy >= this.size) {
      if (this.waiting.length >= MAX_WAITING) throw new LanguageModelError('http', 'too many requests are waiting for it');
      await new Promise<void>((resolve, reject) => {
        const entry = {
          go: () => {
            signal.removeEventListener('abort', entry.cancel);
            resolve();
          },
          signal,
          cancel: () => {
            this.waiting.splice(this.waiting.indexOf(entry), 1);
            reject(signal.reason);
          },
        };
        signal.addEventListener('abort', entry.cancel, { once: true });
        this.waiting.push(entry);
      });
    } else this.busy++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `busy` stays as it is.
      if (next) next.go();
      else this.busy--;
    };
  }
}

const toLangChain = (m: PromptMessage): BaseMessage => (m.role === 'system' ? new SystemMessage(m.content) : new HumanMessage(m.content));

/** Removes the key (and anything that looks like a bearer token) from a message before it is logged. */
export function redact(message: string, apiKey: string | undefined): string {
  let text = message;
  if (apiKey) text = text.split(apiKey).join('[key]');
  return text.replace(/\b(Bearer\s+)\S+/gi, '$1[key]').replace(/\bsk-[A-Za-z0-9_*-]{6,}/g, '[key]').slice(0, 300);
}

/** A failure of the model's call as a LanguageModelError, without the key. */
function describeFailure(err: unknown, apiKey: string | undefined): LanguageModelError {
  if (err instanceof LanguageModelError) return err;
  const e = err as { name?: string; status?: number; message?: string; code?: string; cause?: { code?: string } } | undefined;
  if (typeof e?.status === 'number') return new LanguageModelError('http', `its server answered HTTP ${e.status}`);
  const message = redact(e?.message ?? String(err), apiKey);
  if (/connect|ECONNREFUSED|ENOTFOUND|EAI_AGAIN|fetch failed|socket/i.test(`${message} ${e?.code ?? ''} ${e?.cause?.code ?? ''}`)) {
    return new LanguageModelError('connection', 'its server could not be reached', `its server could not be reached (${message})`);
  }
  return new LanguageModelError('stream', 'its reply could not be read', `its reply could not be read (${message})`);
}

/** The configured model, behind `concurrency` slots shared by every request. */
export function languageModelFor(llm: LlmConfig): LanguageModel {
  const { settings } = llm;
  const chat = new ChatOpenAICompletions({
    model: llm.model,
    // Local servers ask for no key, but the client insists on one.
    apiKey: llm.apiKey ?? 'none',
    // The client's own log would print parts of a malformed reply; failures are logged here, without the key.
    configuration: { baseURL: llm.baseUrl, logLevel: 'off' },
    temperature: settings.temperature,
    maxTokens: settings.maxTokens,
    // The caller's deadline governs, and one answer is not worth several attempts.
    maxRetries: 0,
    streaming: true,
    // Usage is not needed, and `stream_options` is refused by some older servers.
    streamUsage: false,
  });
  const slots = new Slots(settings.concurrency);
  return {
    label: llmLabel(llm),
    async *stream(messages, signal) {
      const release = await slots.acquire(signal).catch((err: unknown) => {
        throw signal.aborted ? abortError(signal) : describeFailure(err, llm.apiKey);
      });
      try {
        const stream = await chat.stream(messages.map(toLangChain), { signal });
        for await (const chunk of stream) {
          const text = typeof chunk.content === 'string' ? chunk.content : chunk.content.map((c) => ('text' in c && typeof c.text === 'string' ? c.text : '')).join('');
          if (text) yield text;
        }
      } catch (err) {
        throw signal.aborted ? abortError(signal) : describeFailure(err, llm.apiKey);
      } finally {
        release();
      }
    },
  };
}

/** The error an aborted call ends with: a timeout, or the client went away. */
function abortError(signal: AbortSignal): LanguageModelError {
  const reason = signal.reason as { name?: string } | undefined;
  return reason?.name === 'TimeoutError' ? new LanguageModelError('timeout', 'it did not finish in time') : new LanguageModelError('cancelled', 'the request was cancelled');
}
