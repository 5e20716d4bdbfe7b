import { BroadcastChannel, Worker, getEnvironmentData, isMainThread, setEnvironmentData, threadId } from 'node:worker_threads';
import type { TransformersOptions } from './transformers-embedder.js';

/**
 * onnxruntime-node 1.21 keeps one process-wide reference to the JavaScript Tensor class of
 * the first thread that runs a model, and every later run in any thread builds its output
 * through it: a second thread running a model aborts the whole process ("Entering the V8
 * API without proper locking in place", microsoft/onnxruntime#24486). So one thread runs the
 * sentence encoder for the whole process: a worker the main thread starts on first use and
 * keeps for the life of the process (its end would leave the reference dangling). Every
 * thread, the main one and the answer workers alike, sends it texts over a broadcast channel.
 */

export const ONNX_HOST_CHANNEL = 'trust-rag:use-onnx';
/** Set by the main thread once the host is up; workers started afterwards inherit it. */
const HOST_READY = 'trust-rag:use-onnx-ready';

/**
 * A model the host runs: the sentence encoder rebuilt from its npm package, or a
 * transformers.js model. Every onnxruntime model of the process runs on the one host.
 */
export type HostedModel = { kind: 'use' } | { kind: 'transformers'; model: string; modelsDir: string; allowRemote: boolean; dtype?: TransformersOptions['dtype'] };
export const USE_MODEL: HostedModel = { kind: 'use' };
export const modelKey = (model: HostedModel): string => JSON.stringify(model);

/** What a hosted model is, once loaded. */
export interface HostedInfo {
  id: string;
  dimension: number;
}

/** A job for the host: texts (not blank) from one thread, for one model (loaded on first use). */
export interface HostRequest {
  kind: 'embed';
  id: number;
  from: number;
  model: HostedModel;
  texts: string[];
}
export type HostReply = { id: number; to: number; vectors: Float32Array[]; info: HostedInfo } | { id: number; to: number; error: string };
/** Sent by the main thread when the host has stopped: waiting jobs will get no reply. */
interface HostGone {
  kind: 'gone';
  reason: string;
}

/** Sends texts to the host and returns its raw vectors (and what the model is). */
export interface OnnxHostClient {
  embed(texts: string[]): Promise<Float32Array[]>;
  /** The model's id and dimension, loading it if no text has been embedded yet. */
  info(): Promise<HostedInfo>;
  /**
   * Takes no more texts and resolves once the texts already sent have their vectors (or
   * after `waitMs`). A process that exits while the host is inside a run aborts in
   * onnxruntime's native code, so a server stopped mid-build waits for the batch in hand.
   */
  close(waitMs?: number): Promise<void>;
}

/** How long closing waits for texts already sent: a batch takes well under a second. */
const CLOSE_WAIT_MS = 5000;

let host: Promise<void> | undefined;
/**
 * Job ids count for the whole thread, not per client: a reply goes to every client of the
 * thread, and two clients numbering their own jobs from 0 would each take the other's
 * vectors (two indexes built at once in one process got each other's sentences).
 */
let nextJobId = 0;

function startHost(): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./onnx-host-entry.mjs', import.meta.url));
    let ready = false;
    const stopped = (reason: string) => {
      if (!ready) return reject(new Error(reason));
      // Later clients in this thread and workers started from now on cannot connect (the
      // encoder falls back to TF.js, a transformers.js model fails to load); clients
      // already waiting are told, rather than waiting for ever.
      host = Promise.reject(new Error(reason));
      host.catch(() => undefined);
      setEnvironmentData(HOST_READY, false);
      const channel = new BroadcastChannel(ONNX_HOST_CHANNEL);
      channel.postMessage({ kind: 'gone', reason } satisfies HostGone);
      channel.close();
    };
    worker.once('message', (message: { ready: boolean; error?: string }) => {
      if (!message.ready) {
        void worker.terminate();
        return stopped(message.error ?? 'the onnxruntime host did not start');
      }
      ready = true;
      // The host lives as long as the process but must not keep it alive.
      worker.unref();
      setEnvironmentData(HOST_READY, true);
      resolve();
    });
    worker.once('error', (err) => stopped(`the onnxruntime host failed: ${err.message}`));
    worker.once('exit', (code) => stopped(`the onnxruntime host stopped (exit code ${code})`));
  });
}

/**
 * A client of the process's onnxruntime host, starting the host if this is the main thread.
 * A worker thread only gets one when the main thread had started the host before starting
 * the worker; otherwise it throws, and the caller falls back to TF.js.
 */
export async function connectOnnxHost(model: HostedModel = USE_MODEL): Promise<OnnxHostClient> {
  if (isMainThread) {
    host ??= startHost();
    await host;
  } else if (getEnvironmentData(HOST_READY) !== true) {
    throw new Error('this worker thread was started before the onnxruntime host, which only the main thread can start');
  }
  const channel = new BroadcastChannel(ONNX_HOST_CHANNEL);
  const pending = new Map<number, { resolve: (v: { vectors: Float32Array[]; info: HostedInfo }) => void; reject: (e: Error) => void }>();
  // Waiting for a reply keeps the process alive; an idle client does not.
  channel.unref();
  let gone: string | undefined;
  /** Called once no job is waiting (set while closing). */
  let idle: (() => void) | undefined;
  const failAll = (reason: string) => {
    for (const waiter of pending.values()) waiter.reject(new Error(reason));
    pending.clear();
    channel.unref();
    idle?.();
  };
  channel.onmessage = (event) => {
    const reply = (event as { data: HostReply | HostRequest | HostGone | undefined }).data;
    if (reply && 'kind' in reply && reply.kind === 'gone') {
      gone = reply.reason;
      failAll(reply.reason);
      return;
    }
    if (!reply || 'kind' in reply || reply.to !== threadId) return;
    const waiter = pending.get(reply.id);
    if (!waiter) return;
    pending.delete(reply.id);
    if (pending.size === 0) {
      channel.unref();
      idle?.();
    }
    if ('error' in reply) waiter.reject(new Error(reply.error));
    else waiter.resolve(reply);
  };
  const send = (texts: string[]) => {
    if (gone) return Promise.reject(new Error(gone));
    const id = nextJobId++;
    return new Promise<{ vectors: Float32Array[]; info: HostedInfo }>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      channel.ref();
      channel.postMessage({ kind: 'embed', id, from: threadId, model, texts } satisfies HostRequest);
    });
  };
  return {
    embed: async (texts) => (await send(texts)).vectors,
    // No texts: the host only loads the model and says what it is.
    info: async () => (await send([])).info,
    async close(waitMs = CLOSE_WAIT_MS) {
      gone = 'the embedder was disposed';
      // A host that has gone already failed every job, so nothing is left to wait for.
      if (pending.size > 0) {
        let timer: NodeJS.Timeout | undefined;
        await new Promise<void>((done) => {
          idle = done;
          timer = setTimeout(done, waitMs);
        });
        clearTimeout(timer);
      }
      failAll('the embedder was disposed');
      channel.close();
    },
  };
}
