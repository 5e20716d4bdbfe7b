import type { ExtractiveAnswerer } from '../answer/answerer.js';
import type { Assistant } from '../chat/assistant.js';
import { AppError, messageOf } from '../errors.js';
import type { OpenIndex } from '../open-index.js';
import type { Retriever } from '../retrieve/retriever.js';
import type { AnswerWorkers } from '../workers/answer-jobs.js';
import type { Verifier } from '../verify/verifier.js';
import type { SentenceChecker } from '../generate/check-sentence.js';
import type { Generator } from '../generate/generated-answerer.js';

/** What the routes need once the index is loaded. */
export interface Ready extends OpenIndex {
  /** Answers on this thread (example questions, tests). */
  answerer: ExtractiveAnswerer;
  /** Answers within conversations, on this thread or on the answer workers. */
  assistant: Assistant;
  verifier: Pick<Verifier, 'verify'>;
  /** Checks a language model's sentences against passages, on this thread or on the answer workers. */
  checker: SentenceChecker;
  /** Writes answers with the configured language model, when there is one. */
  generator?: Generator;
  /** Passages for a query, on this thread or on the answer workers. */
  search: Retriever['search'];
  /** The worker threads answering for this generation, if any (closed when it is replaced). */
  workers?: AnswerWorkers;
  /** Example questions the documents answer, for the empty chat page. */
  examples(): Promise<string[]>;
}

export type ServiceStatus = 'loading' | 'ready' | 'degraded' | 'failed';

/** Seconds a client should wait before asking again while the index loads. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The server starts listening before the index is ready, so that health checks and the
 * page answer at once; routes that need the index get a 503 until it is loaded. When the
 * index cannot be rebuilt but an older generation can be read, that one is served and the
 * state is `degraded`, with the reason kept for the health check.
 */
export class ServiceState {
  private ready: Ready | undefined;
  private failure: string | undefined;
  private degradedReason: string | undefined;

  get status(): ServiceStatus {
    if (this.ready) return this.degradedReason ? 'degraded' : 'ready';
    return this.failure ? 'failed' : 'loading';
  }

  /** Why the index being served is not the current one, when degraded. */
  get reason(): string | undefined {
    return this.degradedReason;
  }

  /** The loaded services, or a 503 error. Its message never names server paths: those go to the log. */
  get(): Ready {
    if (this.ready) return this.ready;
    if (this.failure) throw new AppError('INDEX_LOADING', 'The index could not be loaded; the server log says why');
    throw new AppError('INDEX_LOADING', 'The index is still loading; try again in a few seconds');
  }

  /** The loaded services, if any, without failing. */
  peek(): Ready | undefined {
    return this.ready;
  }

  set(ready: Ready, degradedReason?: string): void {
    this.ready = ready;
    this.failure = undefined;
    this.degradedReason = degradedReason;
  }

  /** Keeps serving what is loaded, saying why it is not the current index. */
  degrade(reason: string): void {
    if (this.ready) this.degradedReason = reason;
  }

  fail(err: unknown): void {
    this.failure = messageOf(err);
  }
}
