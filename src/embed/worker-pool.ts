import { Worker } from 'node:worker_threads';

/** Sends batches of texts to worker threads, each with its own model, and gathers the vectors. */
export class EmbeddingWorkerPool {
  private readonly workers: Worker[];
  private readonly idle: Worker[];
  private readonly waiting: Array<() => void> = [];
  private nextId = 0;

  constructor(script: URL, size: number) {
    this.workers = Array.from({ length: size }, () => new Worker(script));
    for (const w of this.workers) w.unref();
    this.idle = [...this.workers];
  }

  private async acquire(): Promise<Worker> {
    while (this.idle.length === 0) await new Promise<void>((resolve) => this.waiting.push(resolve));
    return this.idle.pop()!;
  }

  private release(worker: Worker): void {
    this.idle.push(worker);
    this.waiting.shift()?.();
  }

  async embed(texts: string[]): Promise<number[][]> {
    const worker = await this.acquire();
    const id = this.nextId++;
    try {
      return await new Promise<number[][]>((resolve, reject) => {
        const onMessage = (msg: { id: number; vectors?: number[][]; error?: string }) => {
          if (msg.id !== id) return;
          cleanup();
          if (msg.error !== undefined) reject(new Error(msg.error));
          else resolve(msg.vectors!);
        };
        const onError = (err: Error) => {
          cleanup();
          reject(err);
        };
        const cleanup = () => {
          worker.off('message', onMessage);
          worker.off('error', onError);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.postMessage({ id, texts });
      });
    } finally {
      this.release(worker);
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
