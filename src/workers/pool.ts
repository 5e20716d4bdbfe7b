import { Worker } from 'node:worker_threads';

/** What a pooled worker answers to a job: its result, or the error's code and message. */
export type WorkerReply<T> = { id: number; result: T } | { id: number; error: { message: string; code?: string } };

/**
 * Worker threads that take one job at a time. A job is posted as `{id, ...job}` and the
 * worker replies `{id, result}` or `{id, error}`; jobs wait in order for a free worker.
 * The threads do not keep the process alive: a server's listener does that.
 */
export class WorkerPool {
  private readonly workers: Worker[];
  private readonly idle: Worker[];
  private readonly waiting: Array<() => void> = [];
  private nextId = 0;

  constructor(script: URL, size: number, workerData?: unknown) {
    this.workers = Array.from({ length: size }, () => new Worker(script, { workerData }));
    for (const w of this.workers) w.unref();
    this.idle = [...this.workers];
  }

  get size(): number {
    return this.workers.length;
  }

  /** Jobs waiting for a free worker. */
  get queueDepth(): number {
    return this.waiting.length;
  }

  private async acquire(): Promise<Worker> {
    while (this.idle.length === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.idle.pop()!;
  }

  private release(worker: Worker): void {
    this.idle.push(worker);
    this.waiting.shift()?.();
  }

  /** Runs a job on the next free worker. A worker's error becomes a rejection with its code. */
  async run<T>(job: Record<string, unknown>): Promise<T> {
    const worker = await this.acquire();
    try {
      return await this.send<T>(worker, job);
    } finally {
      this.release(worker);
    }
  }

  /** Runs the same job once on every worker, before any other job (to load them ahead of the first request). */
  async each<T>(job: Record<string, unknown>): Promise<T[]> {
    if (this.idle.length !== this.workers.length) throw new Error('WorkerPool.each needs every worker idle');
    this.idle.length = 0;
    try {
      return await Promise.all(this.workers.map((w) => this.send<T>(w, job)));
    } finally {
      for (const w of this.workers) this.release(w);
    }
  }

  private send<T>(worker: Worker, job: Record<string, unknown>): Promise<T> {
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const onMessage = (msg: WorkerReply<T>) => {
        if (msg.id !== id) return;
        cleanup();
        if ('error' in msg) reject(Object.assign(new Error(msg.error.message), msg.error.code ? { code: msg.error.code } : {}));
        else resolve(msg.result);
      };
      const onError = (err: Error) => {
        cleanup();
        reject(err);
      };
      const onExit = (code: number) => onError(new Error(`worker thread exited with code ${code}`));
      const cleanup = () => {
        worker.off('message', onMessage);
        worker.off('error', onError);
        worker.off('exit', onExit);
      };
      worker.on('message', onMessage);
      worker.on('error', onError);
      worker.on('exit', onExit);
      worker.postMessage({ id, ...job });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
