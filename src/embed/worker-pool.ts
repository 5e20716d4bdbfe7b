import { WorkerPool } from '../workers/pool.js';

/** Sends batches of texts to worker threads, each with its own model, and gathers the vectors. */
export class EmbeddingWorkerPool {
  private readonly pool: WorkerPool;

  constructor(script: URL, size: number) {
    this.pool = new WorkerPool(script, size);
  }

  /** Jobs waiting for a free worker. */
  get queueDepth(): number {
    return this.pool.queueDepth;
  }

  embed(texts: string[]): Promise<number[][]> {
    return this.pool.run<number[][]>({ texts });
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
