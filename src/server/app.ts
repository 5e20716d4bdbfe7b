import { documentChunkCount, documentCount } from '../store/index-files.js';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { PROJECT_ROOT, type ApiKey } from '../config.js';
import { AppError, isAppError } from '../errors.js';
import { childOf, silentLogger, type Logger } from '../log.js';
import { authenticate, cors, noStore, rateLimitPerClient, requestId, requireAdmin } from './guard.js';
import { createMetrics } from './metrics.js';
import { isCard } from '../ingest/document-card.js';
import type { SourceDoc } from '../types.js';
import type { AskResponse, DeleteResponse, DocumentDetail, DocumentSummary, Health, IndexStatusBody, SearchResponse, UploadResponse, VerifyResponse } from './contract.js';
import { mcpEndpoint } from '../mcp/http.js';
import { openApiDocument } from './openapi.js';
import { isOpenAiRequest, OPENAI_PREFIX, openAiRoutes } from './openai-routes.js';
import { openAiErrorBody } from './openai-shapes.js';
import { askBody, parse, type AskBody, searchQuery, verifyBody } from './schemas.js';
import type { ConversationStore } from '../chat/conversations.js';
import { conversationRoutes } from './conversation-routes.js';
import { RETRY_AFTER_SECONDS, type ServiceState } from './service-state.js';
import type { LiveIndex } from './live-index.js';
import { abortOnClose, answerPieces, openEventStream } from './sse.js';
import type { UploadLimits } from '../settings.js';
import { receiveFiles, removeDocumentFile, statusOfRefusal, storeUploads, type FileCheck } from './uploads.js';

/** Static files of the chat page. */
export const PUBLIC_DIR = join(PROJECT_ROOT, 'public');

/**
 * Only the page's own scripts and styles run; nothing inline, nothing from elsewhere.
 * Answers and documents are inserted as text, and this is the second line of defence.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export interface AppDeps {
  state: ServiceState;
  logger?: Logger;
  /** Largest request body accepted. @default '32kb' */
  bodyLimit?: string;
  /** API keys; none means anyone who can reach the server may ask. @default [] */
  apiKeys?: ApiKey[];
  /** Requests per client per minute on the API; 0 for no limit. @default 300 */
  rateLimitPerMinute?: number;
  /** Origins allowed to call the API from a browser. @default [] */
  corsOrigins?: string[];
  /** Serve the page's source map (for debugging the page). @default false */
  serveSourceMaps?: boolean;
  /** Embedding jobs waiting for a worker, for the metrics. */
  queueDepth?: () => number;
  /**
   * Saved conversations, also served while the index loads; without it, the routes use the
   * store of the loaded services (each test's in-memory one).
   */
  conversations?: ConversationStore;
  /** Uploads, deletions and the indexing status; without it, documents cannot be changed over HTTP. */
  live?: { corpusDir: string; limits: UploadLimits; index: LiveIndex; check: FileCheck };
}

/** Routes whose answers depend on the index or the caller: never cached. */
const API_PREFIXES = ['/api', OPENAI_PREFIX, '/mcp', '/healthz', '/metrics'];

function documentSummary(doc: SourceDoc, chunks: number): DocumentSummary {
  return {
    id: doc.id,
    title: doc.meta.title,
    publisher: doc.meta.publisher ?? null,
    author: doc.meta.author ?? null,
    date: doc.meta.date ?? null,
    sourceUrl: doc.meta.sourceUrl ?? null,
    source: doc.meta.sourceUrl ?? doc.meta.publisher ?? null,
    description: doc.meta.description ?? null,
    details: doc.meta.details ?? {},
    path: doc.path,
    length: doc.text.length,
    chunks,
  };
}

/**
 * The Express application, apart from any listener, so that tests and `main.ts` each
 * decide where it listens. Every failure becomes `{error: {code, message}}`.
 */
export function createApp(deps: AppDeps): express.Express {
  const { state, logger = silentLogger, bodyLimit = '32kb', apiKeys = [], rateLimitPerMinute = 300, corsOrigins = [], serveSourceMaps = false } = deps;
  const app = express();
  const metrics = createMetrics(state, deps.queueDepth);
  app.disable('x-powered-by');
  // Behind a proxy the client's address is in X-Forwarded-For; this server is reached directly.
  app.set('trust proxy', false);
  app.use(requestId());
  app.use(metrics.middleware);
  app.use((req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    res.locals.log = childOf(logger, { reqId: req.id });
    res.once('finish', () => (res.locals.log as Logger).debug?.('request', { method: req.method, path: req.path, status: res.statusCode }));
    next();
  });
  app.use(API_PREFIXES, noStore());
  // The page's source map shows its code to anyone; it is for debugging only.
  if (!serveSourceMaps) app.use((req, _res, next) => (req.path.endsWith('.map') ? next(new AppError('NOT_FOUND', 'Not found')) : next()));
  app.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: 0 }));
  // The OpenAI-compatible and MCP routes meet the same guards as /api, and share one rate
  // limit with it, so a client's requests count against one allowance whichever way it calls.
  app.use(['/api', OPENAI_PREFIX], cors(corsOrigins));
  app.use(['/api', OPENAI_PREFIX, '/mcp', '/metrics'], authenticate(apiKeys));
  app.use(['/api', OPENAI_PREFIX, '/mcp'], rateLimitPerClient(rateLimitPerMinute));
  app.use('/api', express.json({ limit: bodyLimit, strict: true }));
  app.use('/api', (req, _res, next) => {
    // A POST whose body is not JSON would otherwise reach the handler as an empty body.
    const upload = req.path === '/documents' && req.is('multipart/form-data');
    if ((req.method === 'POST' || req.method === 'PATCH') && !upload && !req.is('application/json')) return next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
    next();
  });

  app.get('/healthz', (_req, res) => {
    const ready = state.peek();
    if (!ready) {
      res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
      return void res.status(503).json({ status: state.status } satisfies Health);
    }
    const { index, embedder, assistant } = ready;
    // Degraded: an older generation is served because the current one could not be built.
    res.json({
      status: state.status,
      documents: documentCount(index),
      chunks: documentChunkCount(index),
      embedder: embedder.id,
      answerer: assistant.kind,
      ...(state.reason ? { reason: state.reason } : {}),
    } satisfies Health);
  });

  app.get('/metrics', requireAdmin(apiKeys), async (_req, res) => {
    res.setHeader('Content-Type', metrics.registry.contentType);
    res.send(await metrics.registry.metrics());
  });

  app.get('/api/openapi.json', (_req, res) => void res.json(openApiDocument));

  /** Answers as JSON; a client that hangs up before the answer is sent stopped it, and it is not saved. */
  async function askAsJson(req: Request, res: Response, body: AskBody): Promise<void> {
    const { assistant } = state.get();
    const client = req.client.id;
    const gone = hangUp(res);
    const signal = abortOnClose(res);
    const conversationId = assistant.conversationFor({ ...body, client });
    const result = await assistant.answer(body.question, conversationId, { ...body, client, signal });
    metrics.answered(result);
    if (await gone()) return;
    res.json(assistant.save('ask', body.question, result, client) satisfies AskResponse);
  }


  app.post('/api/ask', async (req, res) => {
    await askAsJson(req, res, parse(askBody, req.body));
  });

  app.post('/api/chat', async (req, res) => {
    const body = parse(askBody, req.body);
    if (!req.accepts('text/event-stream') || req.headers.accept?.includes('application/json')) return askAsJson(req, res, body);
    const { assistant } = state.get();
    const client = req.client.id;
    const gone = hangUp(res);
    const signal = abortOnClose(res);
    const conversationId = assistant.conversationFor({ ...body, client });
    const send = openEventStream(res);
    try {
      const standaloneQuestion = await assistant.standalone(body.question, conversationId, client, signal);
      send('meta', { conversationId, standaloneQuestion, answerer: assistant.kind });
      // A generated answer streams as its sentences are verified; an extractive one (or the
      // fallback, when nothing generated was shown) is sent in pieces once complete.
      let streamed = false;
      const onText = (text: string) => {
        streamed = true;
        send('delta', { text });
      };
      const result = await assistant.answer(body.question, conversationId, { ...body, client, signal, onText, standaloneQuestion });
      metrics.answered(result);
      if (!streamed) {
        for (const text of answerPieces(result.answer)) {
          if (signal.aborted) return;
          send('delta', { text });
        }
      }
      if (signal.aborted) return;
      send('citations', {
        citations: result.citations,
        related: result.related,
        status: result.status,
        grounded: result.grounded,
        confidence: result.confidence,
        sourcesDiffer: result.sourcesDiffer,
        ...(result.parts ? { parts: result.parts } : {}),
        answerer: result.answerer,
        droppedSentences: result.droppedSentences,
        unverifiedSentences: result.unverifiedSentences,
        ...(result.note ? { note: result.note } : {}),
      });
      // A turn is saved only once its whole answer has been sent: one the user stopped is not.
      if (await gone()) return;
      const { turnId } = assistant.save('ask', body.question, result, client);
      send('done', { conversationId, turnId, standaloneQuestion: result.standaloneQuestion, timings: result.timings });
    } catch (err) {
      const e = toAppError(err, res.locals.log as Logger);
      metrics.error(e.code);
      send('error', { error: { code: e.code, message: e.message } });
    }
    res.end();
  });

  app.post('/api/verify', async (req, res) => {
    const body = parse(verifyBody, req.body);
    const { assistant } = state.get();
    const client = req.client.id;
    const gone = hangUp(res);
    const signal = abortOnClose(res);
    const conversationId = assistant.conversationFor({ ...body, client });
    const result = await assistant.check(body.claim, conversationId, { ...body, signal });
    if (await gone()) return;
    res.json(assistant.save('verify', body.claim, result, client) satisfies VerifyResponse);
  });

  app.use('/api', conversationRoutes(() => deps.conversations ?? state.get().assistant.conversations));

  app.get('/api/search', async (req, res) => {
    const query = parse(searchQuery, req.query);
    const { hits } = await state.get().search(query.q, { k: query.k ?? 5, ...(query.docIds?.length ? { docIds: query.docIds } : {}) });
    res.json({
      results: hits.map((h) => ({ chunkId: h.chunkId, docId: h.docId, title: h.title, text: h.text, score: h.score, start: h.start, end: h.end, headingPath: h.headingPath })),
    } satisfies SearchResponse);
  });

  app.get('/api/documents', (_req, res) => {
    const { index } = state.get();
    // Cards are indexed beside their documents (and served by id, for citations), not listed.
    res.json({ documents: [...index.docs.values()].filter((d) => !isCard(d)).map((d) => documentSummary(d, index.manifest.documents[d.id]?.chunks ?? 0)) });
  });

  app.get('/api/examples', async (_req, res) => {
    res.json({ examples: await state.get().examples() });
  });

  const { live } = deps;
  if (live) {
    // Uploading and deleting change what everyone sees: with keys configured, only admin keys may.
    app.post('/api/documents', requireAdmin(apiKeys), async (req, res) => {
      const results = await storeUploads(live.corpusDir, await receiveFiles(req, live.limits), live.limits, live.check);
      const accepted = results.filter((r) => r.status === 'queued');
      if (accepted.length > 0) live.index.request(accepted.map((r) => r.path!));
      if (results.length === 0) throw new AppError('INVALID_INPUT', 'No files: send them as multipart/form-data in a field named "files"');
      if (results.every((r) => r.status === 'rejected')) {
        const first = results[0]!.error!;
        return void res.status(statusOfRefusal(results)).json({ error: first, files: results });
      }
      res.status(accepted.length > 0 ? 202 : 200).json({ files: results, status: live.index.status() } satisfies UploadResponse);
    });

    app.delete('/api/documents/:docId', requireAdmin(apiKeys), async (req, res) => {
      const { index } = state.get();
      const doc = index.docs.get(String(req.params.docId));
      if (!doc || isCard(doc)) throw new AppError('DOCUMENT_NOT_FOUND', `No document with id "${String(req.params.docId).slice(0, 200)}"`);
      const path = await removeDocumentFile(live.corpusDir, doc.path);
      live.index.request([path]);
      res.status(202).json({ id: doc.id, status: 'removing', index: live.index.status() } satisfies DeleteResponse);
    });

    app.get('/api/index/status', (_req, res) => void res.json(live.index.status() satisfies IndexStatusBody));
  }

  app.get('/api/documents/:docId', (req, res) => {
    const { index } = state.get();
    const doc = index.docs.get(req.params.docId);
    if (!doc) throw new AppError('DOCUMENT_NOT_FOUND', `No document with id "${req.params.docId}"`);
    res.json({ ...documentSummary(doc, index.manifest.documents[doc.id]?.chunks ?? 0), text: doc.text, format: doc.format } satisfies DocumentDetail);
  });

  app.use(OPENAI_PREFIX, openAiRoutes(state, metrics.answered));
  app.use('/mcp', mcpEndpoint({ state, logger, bodyLimit }));

  app.use('/api', (req, _res, next) => next(new AppError('NOT_FOUND', `No route ${req.method} ${safePath(req)}`)));

  // Express recognises an error handler by its four parameters.
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const log = (res.locals.log as Logger | undefined) ?? logger;
    // A client that hangs up mid-upload is routine: one line, at debug level, no stack.
    if (isAbort(err) || req.socket.destroyed) {
      log.debug?.('client closed the connection before the request was read', { method: req.method, path: safePath(req) });
      return void (res.headersSent || req.socket.destroyed ? res.end() : res.status(400).end());
    }
    const e = toAppError(err, log);
    metrics.error(e.code);
    if (res.headersSent) return void res.end();
    if (e.status === 503) res.setHeader('Retry-After', String(RETRY_AFTER_SECONDS));
    res.status(e.status).json(isOpenAiRequest(req) ? openAiErrorBody(e) : { error: { code: e.code, message: e.message } });
  });
  return app;
}

/**
 * Whether the client has hung up before the response was finished (it pressed Stop).
 * Awaiting it first lets the event loop take in a hang-up that arrived while this thread
 * was busy answering (with no answer workers); `now()` tells what is known already.
 */
function hangUp(res: Response): { (): Promise<boolean>; now(): boolean } {
  let gone = false;
  res.once('close', () => (gone = !res.writableFinished));
  return Object.assign(() => new Promise<boolean>((resolve) => setImmediate(() => resolve(gone))), { now: () => gone });
}

/** The path of a request for messages, cut short and without its query. */
function safePath(req: Request): string {
  const path = req.originalUrl.split('?')[0] ?? '';
  return path.length > 200 ? `${path.slice(0, 200)}…` : path;
}

function isAbort(err: unknown): boolean {
  const e = err as { type?: string; code?: string } | undefined;
  return e?.type === 'request.aborted' || e?.code === 'ECONNRESET' || e?.code === 'ECONNABORTED';
}

/**
 * Maps anything thrown to an AppError. Errors Express and its body reader raise about the
 * request itself (bad gzip, a bad percent-escape, a wrong charset) are the client's 400s;
 * anything else is logged with its stack and answered without detail.
 */
function toAppError(err: unknown, logger: Logger): AppError {
  if (isAppError(err)) return err;
  const e = err as { type?: string; status?: number; statusCode?: number; expose?: boolean; message?: string } | undefined;
  const type = e?.type;
  if (type === 'entity.parse.failed') return new AppError('INVALID_JSON', 'The body is not valid JSON');
  if (type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'The body is too large');
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding or charset');
  if (type === 'request.size.invalid' || type === 'stream.encoding.set') return new AppError('BAD_REQUEST', 'The body could not be read');
  if (err instanceof URIError) return new AppError('BAD_REQUEST', 'The path has a malformed percent-escape');
  const status = e?.status ?? e?.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    if (status === 413) return new AppError('PAYLOAD_TOO_LARGE', 'The body is too large');
    if (status === 415) return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding or charset');
    // Only fixed messages reach the client: a library's message may quote the input or a path.
    return new AppError('BAD_REQUEST', /decode|gzip|deflate|brotli|zlib|header/i.test(e?.message ?? '') ? 'The body could not be decoded as its Content-Encoding says' : 'The request is malformed');
  }
  logger.error ? logger.error('unexpected error', { stack: (err as Error)?.stack ?? String(err) }) : logger.warn(`unexpected error: ${(err as Error)?.stack ?? String(err)}`);
  return new AppError('INTERNAL', 'Something went wrong on our side');
}
