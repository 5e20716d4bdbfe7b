import type { ExtractiveAnswerer } from '../answer/answerer.js';
import type { Assistant } from '../chat/assistant.js';
import { AppError, messageOf } from '../errors.js';
import type { OpenIndex } from '../open-index.js';
import type { Verifier } from '../verify/verifier.js';

/** What the routes need once the index is loaded. */
export interface Ready extends OpenIndex {
  answerer: ExtractiveAnswerer;
  assistant: Assistant;
  verifier: Verifier;
  /** Example questions the documents answer, for the empty chat page. */
  examples(): Promise<string[]>;
}

/**
 * The server starts listening before the index is ready, so that health checks and the
 * page answer at once; routes that need the index get a 503 until it is loaded.
 */
export class ServiceState {
  private ready: Ready | undefined;
  private failure: string | undefined;

  get status(): 'loading' | 'ready' | 'failed' {
    return this.ready ? 'ready' : this.failure ? 'failed' : 'loading';
  }

  /** The loaded services, or a 503 error saying why they are not there. */
  get(): Ready {
    if (this.ready) return this.ready;
    if (this.failure) throw new AppError('INDEX_LOADING', `The index could not be loaded: ${this.failure}`);
    throw new AppError('INDEX_LOADING', 'The index is still loading; try again in a few seconds');
  }

  set(ready: Ready): void {
    this.ready = ready;
    this.failure = undefined;
  }

  fail(err: unknown): void {
    this.failure = messageOf(err);
  }
}
