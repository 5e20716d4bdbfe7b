import { documentChunkCount, documentCount } from './store/index-files.js';
import type { Server } from 'node:http';
import { runCli } from './cli/run-cli.js';
import { progressBar } from './cli/progress.js';
import { parseCommandLine } from './config.js';
import { messageOf } from './errors.js';
import { consoleLogger } from './log.js';
import { openIndex } from './open-index.js';
import { createApp } from './server/app.js';
import { ServiceState } from './server/service-state.js';
import { servicesFor } from './server/services.js';

/**
 * `npm start`: listen at once (health checks answer 503 while loading), then load the
 * embedder and the index, building it first if it is missing or stale.
 */
runCli(async () => {
  const { config } = parseCommandLine(process.argv.slice(2), {});
  const state = new ServiceState();
  const app = createApp({ state, logger: consoleLogger });
  const server: Server = await new Promise((resolve, reject) => {
    const s = app.listen(config.port, () => resolve(s));
    s.once('error', reject);
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  consoleLogger.info(`listening on http://localhost:${port}/ (loading the index…)`);

  const shutdown = (signal: string) => {
    consoleLogger.info(`${signal}: shutting down`);
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));

  try {
    const opened = await openIndex(config, { logger: consoleLogger, onProgress: progressBar('embedding sentences') });
    // The first search compiles the model's kernels (about 200 ms); pay for it before users do.
    await opened.retriever.search('warm-up query', { k: 1 });
    state.set(servicesFor(opened));
    const { index } = opened;
    consoleLogger.info(
      `ready on http://localhost:${port}/ — embedder ${opened.embedder.id}, index: ${documentCount(index)} documents, ${documentChunkCount(index)} chunks, ${index.manifest.vectorCount} sentence vectors` +
        (opened.report ? ` (built in ${opened.report.seconds.toFixed(1)} s: ${opened.report.reason})` : ''),
    );
  } catch (err) {
    state.fail(err);
    consoleLogger.warn(`the index could not be loaded: ${messageOf(err)}; the API answers 503 until restarted`);
  }
  // Keep serving: the process ends on a signal.
  await new Promise(() => {});
});
