import { parentPort } from 'node:worker_threads';
import { createUseEmbedder } from './use-embedder.js';

/**
 * A worker thread holding its own copy of the sentence encoder on TF.js, whose WASM backend
 * runs on one core: index builds spread batches over workers to use the others.
 */
const embedder = createUseEmbedder({ threads: 1, runtime: 'tfjs' });

parentPort!.on('message', async (message: { id: number; texts: string[] }) => {
  try {
    const result = await (await embedder).embed(message.texts);
    parentPort!.postMessage({ id: message.id, result });
  } catch (err) {
    parentPort!.postMessage({ id: message.id, error: { message: err instanceof Error ? err.message : String(err) } });
  }
});
