import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join } from 'node:path';
import { progressBar } from './cli/progress.js';
import { runCli } from './cli/run-cli.js';
import { parseCommandLine } from './config.js';
import { checkEmbedderSpec, createEmbedder } from './embed/create-embedder.js';
import type { Embedder } from './embed/embedder.js';
import type { ProgressFn } from './embed/embedding-cache.js';
import { AppError } from './errors.js';
import { serverLogger, type Logger } from './log.js';
import { openIndex, type OpenIndex } from './open-index.js';
import { JUDGMENT_VERSION } from './evidence/training.js';
import { HybridRetriever } from './retrieve/retriever.js';
import { createApp } from './server/app.js';
import { ServiceState } from './server/service-state.js';
import { servicesFor } from './server/services.js';
import { AnswerWorkers } from './workers/answer-jobs.js';
import { CONVERSATIONS_FILE } from './chat/conversation-db.js';
import { openConversationStore } from './chat/sqlite-conversations.js';
import { LiveIndex } from './server/live-index.js';
import { checkUpload } from './ingest/check-upload.js';
import { CURRENT_FILE, documentChunkCount, documentCount } from './store/index-files.js';
import { loadPreviousGeneration } from './store/previous-generation.js';

/**
 * `npm start`: check what can be checked at once, listen (health checks answer 503 while
 * loading), then load the embedder and the index. An index already on disk is served at
 * once and brought up to date in the background; with none, it is built first. What stops
 * the server from ever answering (a busy port, an unknown embedder, no corpus and no
 * index, a damaged or locked conversation database) ends the process with a one-line reason and a non-zero code; an index that cannot
 * be brought up to date keeps being served, reported as degraded.
 */
runCli(async () => {
  const { config } = parseCommandLine(process.argv.slice(2), {});
  const { server: settings } = config;
  const logger = serverLogger(settings.logFormat, settings.logLevel);
  checkEmbedderSpec(config.embedder);
  if (!existsSync(config.corpusDir) && !existsSync(join(config.indexDir, CURRENT_FILE))) {
    throw new AppError('CORPUS_NOT_FOUND', `The corpus folder ${config.corpusDir} does not exist and there is no index to serve: create it and put documents in it, or set CORPUS_DIR`);
  }

  // Opened before listening: a damaged or locked database ends the start with one line, untouched.
  const conversations = openConversationStore(join(config.dataDir, CONVERSATIONS_FILE), { retention: settings.retention });
  const state = new ServiceState();
  let embedder: Embedder | undefined;
  let workers: AnswerWorkers | undefined;
  const live = new LiveIndex({ config, state, embedder: () => embedder, logger, conversations, answerWorkers: settings.answerWorkers });
  const app = createApp({
    state,
    logger,
    apiKeys: settings.apiKeys,
    rateLimitPerMinute: settings.rateLimitPerMinute,
    corsOrigins: settings.corsOrigins,
    serveSourceMaps: process.env.SERVE_SOURCE_MAPS === '1',
    conversations,
    queueDepth: () => state.peek()?.workers?.queueDepth ?? embedder?.queueDepth?.() ?? 0,
    live: { corpusDir: config.corpusDir, limits: settings.uploads, index: live, check: checkUpload },
  });
  // Slow or idle clients cannot hold connections open for ever. Timeouts are checked every
  // second rather than Node's default 30 s, so that a slow-headers client is cut off on time.
  const server = createServer(
    {
      requestTimeout: settings.requestTimeoutMs,
      headersTimeout: Math.min(settings.headersTimeoutMs, settings.requestTimeoutMs),
      keepAliveTimeout: settings.keepAliveTimeoutMs,
      connectionsCheckingInterval: 1000,
    },
    app,
  );
  server.maxConnections = settings.maxConnections;
  const port = await listen(server, config.port, settings.host);
  const shown = settings.host === '0.0.0.0' || settings.host === '::' ? 'localhost' : settings.host === '127.0.0.1' ? 'localhost' : settings.host;
  const url = `http://${shown}:${port}/`;
  const reach = settings.apiKeys.length > 0 ? `on ${settings.host}, API keys required` : settings.host === '127.0.0.1' ? 'only from this machine: no API keys are set (set API_KEYS to open it to others)' : `on ${settings.host}`;
  logger.info(`listening on ${url} (${reach}; loading the index…)`, { host: settings.host, apiKeys: settings.apiKeys.length });
  if (settings.apiKeys.length === 0 && settings.host !== '127.0.0.1' && settings.host !== 'localhost' && settings.host !== '::1') {
    logger.warn(`listening on ${settings.host} without API keys: anyone who can reach this machine can use the API`);
  }
  drainOnSignals(server, logger, settings.drainTimeoutMs, async () => {
    await live.close();
    await state.peek()?.workers?.close();
    await embedder?.dispose?.();
    conversations.close();
  });

  embedder = await createEmbedder({ spec: config.embedder, modelsDir: config.modelsDir, allowRemoteModels: config.allowRemoteModels });
  // A generation already on disk is served at once and brought up to date in the
  // background; only a first start (or a change of format or models) waits for a build.
  const previous = await loadPreviousGeneration(config.indexDir, embedder).catch(() => undefined);
  const usable = previous?.manifest.judgmentVersion === JUDGMENT_VERSION ? previous : undefined;
  const opened: OpenIndex = usable
    ? { embedder, index: usable, retriever: new HybridRetriever(usable, embedder), modelLoadMs: 0 }
    : await openIndex(config, { logger, embedder, onProgress: progressFor(logger, config.server.logFormat) });
  // The first search compiles the model's kernels; pay for it before users do.
  await opened.retriever.search('warm-up query', { k: 1 });
  workers = await AnswerWorkers.startFor(config, opened.index.dir, settings.answerWorkers, logger);
  state.set(servicesFor(opened, 'model', workers, conversations));
  live.start();
  if (usable) live.request();
  if (settings.watchCorpus && existsSync(config.corpusDir)) await live.watch();
  const { index } = opened;
  logger.info(
    `ready on ${url} — embedder ${embedder.id}, ${workers ? `${workers.size} answer workers` : 'answering on the main thread'}, index: ${documentCount(index)} documents, ${documentChunkCount(index)} chunks, ${index.manifest.vectorCount} sentence vectors` +
      (opened.report ? ` (built in ${opened.report.seconds.toFixed(1)} s: ${opened.report.reason})` : usable ? ' (checking it against the documents in the background)' : ''),
  );
  // Keep serving: the process ends on a signal.
  await new Promise(() => {});
});

/** Listens, turning a busy port or a refused address into one clear error. */
function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EADDRINUSE') reject(new AppError('PORT_IN_USE', `Port ${port} on ${host} is already in use: stop the other server or set PORT`));
      else if (err.code === 'EACCES') reject(new AppError('PORT_IN_USE', `Not allowed to listen on port ${port}: use a port above 1023`));
      else if (err.code === 'EADDRNOTAVAIL' || err.code === 'ENOTFOUND') reject(new AppError('INVALID_CONFIG', `HOST ${host} is not an address of this machine`));
      else reject(err);
    });
    server.listen(port, host, () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

/** A progress bar on a terminal; in JSON logs, a log line at each quarter. */
function progressFor(logger: Logger, format: 'json' | 'text'): ProgressFn {
  if (format === 'text') return progressBar('embedding sentences');
  let last = -1;
  return (done, total) => {
    const quarter = total === 0 ? 4 : Math.floor((done / total) * 4);
    if (quarter === last) return;
    last = quarter;
    logger.info('embedding sentences', { done, total });
  };
}

/**
 * SIGTERM or SIGINT: stop accepting connections, let requests in flight finish (idle
 * keep-alive connections are closed at once), then exit. Requests still running after
 * the drain timeout are cut off, and the exit code says so.
 */
function drainOnSignals(server: Server, logger: Logger, timeoutMs: number, cleanup: () => Promise<void> | undefined): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info(`${signal}: finishing requests in flight, then stopping`);
    const timer = setTimeout(() => {
      logger.warn(`requests still running after ${timeoutMs} ms; stopping anyway`);
      server.closeAllConnections();
      process.exit(1);
    }, timeoutMs);
    timer.unref();
    // Connections that finish their request while draining are closed as soon as they are idle.
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    idle.unref();
    server.close(() => {
      clearInterval(idle);
      clearTimeout(timer);
      void Promise.resolve(cleanup())
        .catch(() => undefined)
        .finally(() => {
          logger.info('stopped');
          process.exit(0);
        });
    });
    server.closeIdleConnections();
  };
  // `on`, not `once`: proper-lockfile's exit hook re-raises a signal when no other listener
  // is left, which would kill the process in the middle of draining.
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}
