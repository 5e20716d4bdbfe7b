import { parentPort, workerData } from 'node:worker_threads';
import type { Config } from '../config.js';
import { isAppError, messageOf } from '../errors.js';
import { openIndex } from '../open-index.js';

/**
 * Builds (or brings up to date) the index in a worker thread, so that a server re-indexing
 * uploaded or changed documents keeps answering from the current generation meanwhile.
 * Reports progress and log lines, then the new generation's folder.
 */
const config = workerData as Config;
const post = (message: unknown) => parentPort!.postMessage(message);

try {
  const opened = await openIndex(config, {
    logger: { info: (message) => post({ type: 'log', level: 'info', message }), warn: (message) => post({ type: 'log', level: 'warn', message }) },
    onProgress: (done, total) => post({ type: 'progress', done, total }),
    onStage: (stage) => post({ type: 'stage', stage }),
  });
  post({ type: 'done', generationDir: opened.index.dir, report: opened.report ?? null });
  await opened.embedder.dispose?.();
} catch (err) {
  post({ type: 'failed', error: { message: messageOf(err), ...(isAppError(err) ? { code: err.code } : {}) } });
}
