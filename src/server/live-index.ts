import { existsSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { ConversationStore } from '../chat/conversations.js';
import type { Config } from '../config.js';
import type { Embedder } from '../embed/embedder.js';
import { AppError, messageOf } from '../errors.js';
import { DOCUMENT_EXTENSIONS, docIdFromPath } from '../ingest/load-corpus.js';
import type { Logger } from '../log.js';
import { HybridRetriever } from '../retrieve/retriever.js';
import type { BuildReport, BuildStage } from '../store/build-index.js';
import { loadPreviousGeneration } from '../store/previous-generation.js';
import { AnswerWorkers } from '../workers/answer-jobs.js';
import type { ServiceState } from './service-state.js';
import { servicesFor, type LanguageModelServices } from './services.js';

/** Where one document stands in the indexing queue. */
export interface DocumentProgress {
  id: string;
  path: string;
  state: 'queued' | 'indexing' | 'ready' | 'failed';
  error?: { code: string; message: string };
}

/** What `GET /api/index/status` answers. */
export interface IndexStatus {
  /** `indexing` while a new generation builds; `idle` otherwise (the last build may have failed: see `lastError`). */
  state: 'idle' | 'queued' | 'indexing';
  /** The generation being served. */
  generation: string | null;
  /** Share of the sentences to embed that are done, while indexing. */
  progress: number | null;
  /** What the build is doing, while indexing: embedding (which `progress` measures), fitting the judgment models, or saving. */
  stage: BuildStage | null;
  /** Document ids waiting for the next build. */
  queued: string[];
  lastError: { code: string; message: string; at: string } | null;
  lastBuild: { at: string; seconds: number; reason: string; embedded: number; reused: number } | null;
  /** Documents changed since the server started, by their latest state. */
  documents: DocumentProgress[];
}

export interface LiveIndexOptions {
  config: Config;
  state: ServiceState;
  /** The server's embedder, once loaded: builds wait until `start` is called. */
  embedder: () => Embedder | undefined;
  logger: Logger;
  conversations: ConversationStore;
  /** Answer workers per generation (0: answer on the server's thread). */
  answerWorkers: number;
  /** Changes closer together than this are indexed together. @default 500 */
  debounceMs?: number;
  /** The language model that writes answers, kept across generations. */
  llm?: LanguageModelServices;
}

/**
 * Keeps the served index in step with the corpus folder while the server runs. Changes
 * (uploads, deletions, files copied in) are debounced into one build, which runs on a
 * worker thread from the embedding cache, so only changed text is embedded; meanwhile
 * questions are answered from the current generation. When the new generation is saved,
 * its answer workers are started and the server switches to it in one assignment; the old
 * workers finish the requests they hold, then close. A failed build leaves the current
 * generation serving and is reported in the status.
 */
export class LiveIndex {
  private readonly documents = new Map<string, DocumentProgress>();
  private readonly queued = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private building = false;
  private again = false;
  private progress: number | null = null;
  private stage: BuildStage | null = null;
  private lastError: IndexStatus['lastError'] = null;
  private lastBuild: IndexStatus['lastBuild'] = null;
  private idleWaiters: Array<() => void> = [];
  private watcher: { close(): Promise<void> } | undefined;
  private buildThread: Worker | undefined;
  private running: Promise<void> | undefined;
  private closed = false;
  private started = false;

  constructor(private readonly options: LiveIndexOptions) {}

  /** Lets builds run: called once the server has loaded its first generation. */
  start(): void {
    this.started = true;
    if (this.queued.size > 0) this.request();
  }

  /** Queues documents (paths relative to the corpus folder) for the next build. */
  request(paths: string[] = []): void {
    if (this.closed) return;
    for (const path of paths) {
      // A sidecar or another file still triggers the build, but is not a document to track.
      if (!DOCUMENT_EXTENSIONS.has(extname(path).toLowerCase())) continue;
      const id = docIdFromPath(path);
      this.queued.add(id);
      this.documents.set(id, { id, path, state: 'queued' });
    }
    if (!this.started) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      if (this.building) this.again = true;
      else this.running = this.build();
    }, this.options.debounceMs ?? 500);
    this.timer.unref();
  }

  /** Watches the corpus folder, so that files copied in or edited by hand are indexed too. */
  async watch(): Promise<void> {
    // A second watcher would see every change twice, and outlive close().
    if (this.watcher || this.closed) return;
    const { watch } = await import('chokidar');
    const root = this.options.config.corpusDir;
    const watcher = watch(root, {
      ignoreInitial: true,
      // A file being written is indexed once it has stopped growing.
      awaitWriteFinish: { stabilityThreshold: 300, pollInterval: 100 },
      ignored: (path: string) => /(^|[/\\])\.[^/\\]+$|\.tmp-[^/\\]*$/.test(path),
    });
    const changed = (path: string) => this.request([relative(root, path).split(sep).join('/')]);
    watcher.on('add', changed).on('change', changed).on('unlink', changed);
    watcher.on('error', (err) => this.options.logger.warn(`watching ${root} failed: ${messageOf(err)}`));
    this.watcher = watcher;
    // Changes are seen once the first scan of the folder is done.
    await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  }

  status(): IndexStatus {
    const current = this.options.state.peek();
    return {
      state: this.building ? 'indexing' : this.timer && this.queued.size > 0 ? 'queued' : 'idle',
      generation: current ? (current.index.dir.split(/[/\\]/).pop() ?? null) : null,
      progress: this.building ? this.progress : null,
      stage: this.building ? this.stage : null,
      queued: [...this.queued],
      lastError: this.lastError,
      lastBuild: this.lastBuild,
      documents: [...this.documents.values()],
    };
  }

  /** Resolves when no build is queued or running (for tests and for shutting down). */
  whenIdle(): Promise<void> {
    if (!this.building && this.queued.size === 0 && !this.again) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Stops watching and building. A build still running is stopped rather than waited for:
   * generations are written atomically, so the one being written is simply never used, and
   * no answer workers are started for it (they would keep the process alive).
   */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.watcher?.close();
    this.watcher = undefined;
    await this.buildThread?.terminate();
    await this.running;
  }

  /** Called by the debounce timer only, which asks for another round instead while one runs. */
  private async build(): Promise<void> {
    this.building = true;
    this.again = false;
    this.progress = 0;
    this.stage = null;
    const batch = [...this.queued];
    this.queued.clear();
    for (const id of batch) this.mark(id, 'indexing');
    const { logger, state, config } = this.options;
    const embedder = this.options.embedder()!;
    const started = performance.now();
    try {
      const { generationDir, report } = await this.buildInWorker();
      if (this.closed) return;
      const current = state.peek();
      // Up to date after all: whatever made the index degraded is over.
      if (current && current.index.dir === generationDir && state.reason) state.set(current);
      if (!current || current.index.dir !== generationDir) {
        const index = await loadPreviousGeneration(config.indexDir, embedder);
        const workers = await AnswerWorkers.startFor(config, index.dir, this.options.answerWorkers, logger);
        const opened = { embedder, index, retriever: new HybridRetriever(index, embedder), modelLoadMs: 0, ...(report ? { report } : {}) };
        // One assignment: every request from now on sees the new generation.
        state.set(servicesFor(opened, 'model', workers, this.options.conversations, this.options.llm));
        void current?.workers?.retire().catch(() => undefined);
        logger.info(`switched to index ${index.dir.split(/[/\\]/).pop()}: ${report ? `${report.documents} documents, ${report.embedded} sentences embedded, ${report.reused} reused` : 'built by another process'}`);
      }
      if (report) this.lastBuild = { at: new Date().toISOString(), seconds: (performance.now() - started) / 1000, reason: report.reason, embedded: report.embedded, reused: report.reused };
      for (const id of batch) this.settle(id);
    } catch (err) {
      if (this.closed) return;
      const code = (err as { code?: string }).code ?? 'INDEX_BUILD_FAILED';
      this.lastError = { code, message: messageOf(err), at: new Date().toISOString() };
      for (const id of batch) this.mark(id, 'failed', { code, message: messageOf(err) });
      state.degrade('the index could not be brought up to date; serving the previous generation (see the server log)');
      logger.warn(`re-indexing failed (${messageOf(err)}); still serving the previous index (degraded)`);
    } finally {
      this.building = false;
      this.progress = null;
      this.stage = null;
      if (!this.closed && (this.again || this.queued.size > 0)) this.request();
      else for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  /**
   * After a build: a document now served is ready; one whose file is gone was removed; one
   * whose file is there but was not indexed could not be read (the log says why).
   */
  private settle(id: string): void {
    const doc = this.documents.get(id);
    if (!doc) return;
    if (this.options.state.peek()?.index.docs.has(id)) this.mark(id, 'ready');
    else if (!existsSync(join(this.options.config.corpusDir, doc.path))) this.documents.delete(id);
    else this.mark(id, 'failed', { code: 'DOCUMENT_UNREADABLE', message: 'The file could not be read as a document; the server log says why' });
  }

  private mark(id: string, state: DocumentProgress['state'], error?: DocumentProgress['error']): void {
    const doc = this.documents.get(id);
    if (!doc) return;
    this.documents.set(id, { id, path: doc.path, state, ...(error ? { error } : {}) });
  }

  /** Runs the build on a worker thread, passing its progress and log lines on. */
  private buildInWorker(): Promise<{ generationDir: string; report: BuildReport | null }> {
    const { config, logger } = this.options;
    return new Promise((resolve, reject) => {
      const worker = new Worker(new URL('../workers/build-worker-entry.mjs', import.meta.url), { workerData: config });
      this.buildThread = worker;
      let settled = false;
      worker.on('message', (m: { type: string; done?: number; total?: number; stage?: BuildStage; level?: 'info' | 'warn'; message?: string; generationDir?: string; report?: BuildReport | null; error?: { code?: string; message: string } }) => {
        if (m.type === 'progress' && m.total) this.progress = (m.done ?? 0) / m.total;
        else if (m.type === 'stage' && m.stage) this.stage = m.stage;
        else if (m.type === 'log' && m.message) logger[m.level ?? 'info'](m.message);
        else if (m.type === 'done') {
          settled = true;
          resolve({ generationDir: m.generationDir!, report: m.report ?? null });
        } else if (m.type === 'failed') {
          settled = true;
          reject(Object.assign(new AppError('INTERNAL', m.error!.message), { code: m.error!.code ?? 'INDEX_BUILD_FAILED' }));
        }
      });
      worker.on('error', (err) => {
        if (!settled) reject(err);
        settled = true;
      });
      worker.on('exit', (code) => {
        if (this.buildThread === worker) this.buildThread = undefined;
        if (!settled) reject(new Error(`the indexing thread stopped (exit code ${code})`));
      });
    });
  }
}
