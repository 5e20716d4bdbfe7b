import { basename } from 'node:path';
import type { RequestHandler } from 'express';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { documentCount } from '../store/index-files.js';
import type { ServiceState } from './service-state.js';

/**
 * Prometheus metrics for `/metrics`: requests and latency per route, errors by code, the
 * index being served, and how many embedding jobs wait for a worker. Each app has its own
 * registry, so that several apps in one process (tests) do not collide.
 */
export interface Metrics {
  registry: Registry;
  /** Counts and times every request by its route pattern (never the raw path: ids would explode the series). */
  middleware: RequestHandler;
  /** Counts an error answered to a client, by code. */
  error(code: string): void;
  /** Counts an answer by the answerer that wrote it, and the generated sentences dropped from it. */
  answered(answer: { answerer: string; droppedSentences: number; note?: string }): void;
}

export function createMetrics(state: ServiceState, queueDepth: () => number = () => 0): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const requests = new Counter({ name: 'http_requests_total', help: 'HTTP requests answered', labelNames: ['method', 'route', 'status'], registers: [registry] });
  const latency = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Time to answer an HTTP request',
    labelNames: ['method', 'route'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const errors = new Counter({ name: 'http_errors_total', help: 'Error responses by error code', labelNames: ['code'], registers: [registry] });
  new Gauge({
    name: 'index_info',
    help: 'The index generation being served (value 1), with its embedder',
    labelNames: ['generation', 'embedder', 'status'],
    registers: [registry],
    collect() {
      this.reset();
      const current = state.peek();
      this.set({ generation: current ? basename(current.index.dir) : 'none', embedder: current?.embedder.id ?? 'none', status: state.status }, 1);
    },
  });
  new Gauge({
    name: 'index_documents',
    help: 'Documents in the index being served',
    registers: [registry],
    collect() {
      const ready = state.peek();
      this.set(ready ? documentCount(ready.index) : 0);
    },
  });
  new Gauge({
    name: 'index_vectors',
    help: 'Sentence vectors in the index being served',
    registers: [registry],
    collect() {
      this.set(state.peek()?.index.manifest.vectorCount ?? 0);
    },
  });
  new Gauge({
    name: 'embedding_queue_depth',
    help: 'Embedding jobs waiting for a worker thread',
    registers: [registry],
    collect() {
      this.set(queueDepth());
    },
  });

  const answers = new Counter({
    name: 'answers_total',
    help: 'Answers by the answerer that wrote them; fallback="true" for extractive answers given because the language model failed or nothing it wrote was verified',
    labelNames: ['answerer', 'fallback'],
    registers: [registry],
  });
  const dropped = new Counter({ name: 'generated_sentences_dropped_total', help: "Language model sentences removed because no cited passage supports them", registers: [registry] });

  const middleware: RequestHandler = (req, res, next) => {
    const stop = latency.startTimer();
    res.once('finish', () => {
      // The matched pattern ("/api/documents/:docId"), or a fixed label for unmatched paths.
      const route = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : res.statusCode === 404 ? 'unmatched' : 'static';
      requests.inc({ method: req.method, route, status: String(res.statusCode) });
      stop({ method: req.method, route });
    });
    next();
  };
  return {
    registry,
    middleware,
    error: (code) => errors.inc({ code }),
    answered: (a) => {
      answers.inc({ answerer: a.answerer, fallback: String(a.answerer === 'extractive' && a.note !== undefined) });
      dropped.inc(a.droppedSentences);
    },
  };
}
