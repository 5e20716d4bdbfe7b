import type { AnswerResult, Answerer } from '../answer/answerer.js';
import type { EmbedderConfig } from '../embed/create-embedder.js';
import type { Config } from '../config.js';
import { AppError, ErrorCodes, messageOf, type ErrorCode } from '../errors.js';
import type { Logger } from '../log.js';
import type { Retriever } from '../retrieve/retriever.js';
import type { SearchOptions } from '../types.js';
import type { Verifier } from '../verify/verifier.js';
import type { SentenceCheck, SentenceChecker } from '../generate/check-sentence.js';
import { WorkerPool } from './pool.js';

/** What an answer worker is started with. */
export interface AnswerWorkerData {
  embedder: EmbedderConfig;
  indexDir: string;
  /** The generation the server serves; a worker that finds another refuses to start. */
  generationDir: string;
}

/** The jobs an answer worker takes. */
export type AnswerJob =
  | { kind: 'load' }
  | { kind: 'answer'; question: string; options: SearchOptions }
  | { kind: 'verify'; claim: string; options: Pick<SearchOptions, 'docIds'> }
  | { kind: 'search'; query: string; options: SearchOptions }
  | { kind: 'check'; sentence: string; cited: number[]; chunkIds: string[] };

/** A worker's error is the same AppError it raised, so clients see the same 4xx. */
function rethrow(err: unknown): never {
  const code = (err as { code?: string })?.code;
  if (code && code in ErrorCodes) throw new AppError(code as ErrorCode, (err as Error).message);
  throw err;
}

/**
 * Answering, verifying and searching on a pool of worker threads. Each worker loads the
 * same index generation; `start` waits until every one has, so a failure is known before
 * the server says it is ready.
 */
export class AnswerWorkers {
  private pending = 0;
  private idle: Array<() => void> = [];

  private constructor(private readonly pool: WorkerPool) {}

  static async start(data: AnswerWorkerData, size: number): Promise<AnswerWorkers> {
    const pool = new WorkerPool(new URL('./answer-worker-entry.mjs', import.meta.url), size, data);
    try {
      await pool.each({ kind: 'load' });
    } catch (err) {
      await pool.close();
      throw err;
    }
    return new AnswerWorkers(pool);
  }

  /**
   * `count` workers on a generation of the configured index, or none: with 0 asked for,
   * or when they cannot start (then the server answers on its own thread, and says so).
   */
  static async startFor(config: Config, generationDir: string, count: number, logger: Logger): Promise<AnswerWorkers | undefined> {
    if (count <= 0) return undefined;
    const embedder = { spec: config.embedder, modelsDir: config.modelsDir, allowRemoteModels: config.allowRemoteModels };
    try {
      return await AnswerWorkers.start({ embedder, indexDir: config.indexDir, generationDir }, count);
    } catch (err) {
      logger.warn(`the answer workers could not start (${messageOf(err)}); answering on the server's own thread`);
      return undefined;
    }
  }

  get size(): number {
    return this.pool.size;
  }

  get queueDepth(): number {
    return this.pool.queueDepth;
  }

  private run<T>(job: AnswerJob): Promise<T> {
    return this.hold(() => this.pool.run<T>(job).catch(rethrow));
  }

  /** Runs `work`, which may give these workers several jobs over time, without them being retired meanwhile. */
  readonly hold = async <T>(work: () => Promise<T>): Promise<T> => {
    this.pending++;
    try {
      return await work();
    } finally {
      if (--this.pending === 0) for (const resolve of this.idle.splice(0)) resolve();
    }
  };

  /**
   * Closes the workers once the jobs already given to them are done: after a switch to a
   * new generation, a request in flight finishes on the generation it started on.
   */
  async retire(): Promise<void> {
    if (this.pending > 0) await new Promise<void>((resolve) => this.idle.push(resolve));
    await this.pool.close();
  }

  readonly answerer: Answerer = { answer: (question, options = {}) => this.run<AnswerResult>({ kind: 'answer', question, options }) };

  // A signal cannot cross to a worker, and a verdict takes milliseconds: it is left here.
  readonly verifier: Pick<Verifier, 'verify'> = { verify: (claim, { signal: _signal, ...options } = {}) => this.run({ kind: 'verify', claim, options }) };

  readonly checker: SentenceChecker = { check: (sentence, cited, chunkIds) => this.run<SentenceCheck>({ kind: 'check', sentence, cited, chunkIds }) };

  readonly search: Retriever['search'] = (query, options = {}) => this.run({ kind: 'search', query, options });

  close(): Promise<void> {
    return this.pool.close();
  }
}
