import { BroadcastChannel, parentPort } from 'node:worker_threads';
import { messageOf } from '../errors.js';
import { ONNX_HOST_CHANNEL, modelKey, type HostReply, type HostRequest, type HostedInfo, type HostedModel } from './onnx-host.js';
import { createTransformersEmbedder } from './transformers-embedder.js';
import { USE_EMBEDDER_ID } from './use-embedder.js';
import { loadUseOnnx } from './use-onnx.js';

interface Loaded {
  info: HostedInfo;
  embed(texts: string[]): Promise<ArrayLike<number>[]>;
}

/** Each model once, on the first job that names it; a model that fails to load is tried again next time. */
const loaded = new Map<string, Promise<Loaded>>();
function modelFor(model: HostedModel): Promise<Loaded> {
  const key = modelKey(model);
  let found = loaded.get(key);
  if (!found) {
    found =
      model.kind === 'use'
        ? loadUseOnnx().then((m) => ({ info: { id: USE_EMBEDDER_ID, dimension: 512 }, embed: (texts: string[]) => m.embed(texts) }))
        : createTransformersEmbedder(model).then((m) => ({ info: { id: m.id, dimension: m.dimension }, embed: (texts: string[]) => m.embed(texts) }));
    found.catch(() => loaded.delete(key));
    loaded.set(key, found);
  }
  return found;
}

/**
 * The one thread of the process that runs onnxruntime (see onnx-host.ts for why there is
 * only one). It takes embedding jobs from every thread over a broadcast channel and runs
 * them one at a time, smallest first: a query waits for at most one batch of an index build.
 */
const waiting: HostRequest[] = [];
let busy = false;

try {
  // The encoder is loaded at once, so that a host that cannot run it fails at start (and
  // its callers fall back to TF.js); other models are loaded when first asked for.
  await modelFor({ kind: 'use' });
  const channel = new BroadcastChannel(ONNX_HOST_CHANNEL);
  const reply = (message: HostReply) => channel.postMessage(message);

  const drain = async () => {
    if (busy) return;
    busy = true;
    while (waiting.length > 0) {
      let next = 0;
      for (let i = 1; i < waiting.length; i++) if (waiting[i]!.texts.length < waiting[next]!.texts.length) next = i;
      const job = waiting.splice(next, 1)[0]!;
      try {
        const model = await modelFor(job.model);
        const vectors = job.texts.length === 0 ? [] : await model.embed(job.texts);
        reply({ id: job.id, to: job.from, info: model.info, vectors: vectors.map((v) => (v instanceof Float32Array ? v : Float32Array.from(v))) });
      } catch (err) {
        reply({ id: job.id, to: job.from, error: messageOf(err) });
      }
    }
    busy = false;
  };
  channel.onmessage = (event) => {
    const request = (event as { data: HostRequest | undefined }).data;
    if (request?.kind !== 'embed') return;
    waiting.push(request);
    void drain();
  };
  parentPort!.postMessage({ ready: true });
} catch (err) {
  parentPort!.postMessage({ ready: false, error: messageOf(err) });
}
