import { BroadcastChannel, parentPort } from 'node:worker_threads';
import { messageOf } from '../errors.js';
import { ONNX_HOST_CHANNEL, type HostReply, type HostRequest } from './onnx-host.js';
import { loadUseOnnx } from './use-onnx.js';

/**
 * The one thread of the process that runs onnxruntime (see onnx-host.ts for why there is
 * only one). It takes embedding jobs from every thread over a broadcast channel and runs
 * them one at a time, smallest first: a query waits for at most one batch of an index build.
 */
const waiting: HostRequest[] = [];
let busy = false;

try {
  const model = await loadUseOnnx();
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
        reply({ id: job.id, to: job.from, vectors: await model.embed(job.texts) });
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
