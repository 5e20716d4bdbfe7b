import { parentPort, workerData } from 'node:worker_threads';
import { createEmbedder, type EmbedderConfig } from '../embed/create-embedder.js';
import { isAppError, messageOf } from '../errors.js';
import { HybridRetriever } from '../retrieve/retriever.js';
import { servicesFor } from '../server/services.js';
import { loadPreviousGeneration } from '../store/previous-generation.js';
import type { AnswerJob, AnswerWorkerData } from './answer-jobs.js';

/**
 * A worker thread with its own copy of the embedder and of the index generation the
 * server serves: it embeds the question, retrieves, judges and composes the answer, so
 * that the server's own thread only parses, routes and serializes.
 */
const data = workerData as AnswerWorkerData;

const services = (async () => {
  const embedder = await createEmbedder(data.embedder satisfies EmbedderConfig);
  const index = await loadPreviousGeneration(data.indexDir, embedder);
  // Another process may have swapped the generation since the server loaded it.
  if (index.dir !== data.generationDir) throw new Error(`the index changed while loading (${index.dir})`);
  const retriever = new HybridRetriever(index, embedder);
  // The first search compiles the model's kernels; pay for it before users do.
  await retriever.search('warm-up query', { k: 1 });
  return servicesFor({ embedder, index, retriever, modelLoadMs: 0 });
})();
// Reported with the first job; until then, a failure must not count as unhandled.
services.catch(() => undefined);

parentPort!.on('message', async (job: AnswerJob & { id: number }) => {
  try {
    const s = await services;
    let result: unknown;
    switch (job.kind) {
      case 'load':
        result = true;
        break;
      case 'answer':
        result = await s.answerer.answer(job.question, job.options);
        break;
      case 'verify':
        result = await s.verifier.verify(job.claim, job.options);
        break;
      case 'check':
        result = await s.checker.check(job.sentence, job.cited, job.chunkIds);
        break;
      case 'search': {
        const { hits, timings } = await s.retriever.search(job.query, job.options);
        result = { hits, timings, queryVector: [] };
        break;
      }
    }
    parentPort!.postMessage({ id: job.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: job.id, error: { message: messageOf(err), ...(isAppError(err) ? { code: err.code } : {}) } });
  }
});
