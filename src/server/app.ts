import { documentChunkCount, documentCount } from '../store/index-files.js';
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { PROJECT_ROOT } from '../config.js';
import { ConversationStore } from '../chat/conversations.js';
import { AppError, isAppError } from '../errors.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { isCard } from '../ingest/document-card.js';
import type { SourceDoc } from '../types.js';
import { openApiDocument } from './openapi.js';
import { askBody, parse, searchQuery, verifyBody } from './schemas.js';
import type { ServiceState } from './service-state.js';
import { answerPieces, openEventStream } from './sse.js';

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
}

function documentSummary(doc: SourceDoc, chunks: number) {
  return {
    id: doc.id,
    title: doc.meta.title,
    publisher: doc.meta.publisher ?? null,
    date: doc.meta.date ?? null,
    sourceUrl: doc.meta.sourceUrl ?? null,
    source: doc.meta.sourceUrl ?? doc.meta.publisher ?? null,
    description: doc.meta.description ?? null,
    path: doc.path,
    length: doc.text.length,
    chunks,
  };
}

/**
 * The Express application, apart from any listener, so that tests and `main.ts` each
 * decide where it listens. Every failure becomes `{error: {code, message}}`.
 */
export function createApp({ state, logger = silentLogger, bodyLimit = '32kb' }: AppDeps): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use((_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    next();
  });
  app.use(express.static(PUBLIC_DIR, { index: 'index.html', maxAge: 0 }));
  app.use('/api', express.json({ limit: bodyLimit, strict: true }));
  app.use('/api', (req, _res, next) => {
    // A POST whose body is not JSON would otherwise reach the handler as an empty body.
    if (req.method === 'POST' && !req.is('application/json')) return next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
    next();
  });

  app.get('/healthz', (_req, res) => {
    if (state.status !== 'ready') return void res.status(503).json({ status: state.status });
    const { index, embedder } = state.get();
    res.json({ status: 'ready', documents: documentCount(index), chunks: documentChunkCount(index), embedder: embedder.id });
  });

  app.get('/api/openapi.json', (_req, res) => void res.json(openApiDocument));

  app.post('/api/ask', async (req, res) => {
    const body = parse(askBody, req.body);
    const result = await state.get().assistant.ask(body.question, body);
    res.json(result);
  });

  app.post('/api/chat', async (req, res) => {
    const body = parse(askBody, req.body);
    const { assistant } = state.get();
    if (!req.accepts('text/event-stream') || req.headers.accept?.includes('application/json')) {
      return void res.json(await assistant.ask(body.question, body));
    }
    const conversationId = body.conversationId ?? ConversationStore.newId();
    const send = openEventStream(res);
    let closed = false;
    res.on('close', () => (closed = true));
    send('meta', { conversationId, standaloneQuestion: assistant.standalone(body.question, conversationId) });
    try {
      const result = await assistant.ask(body.question, { ...body, conversationId });
      for (const text of answerPieces(result.answer)) {
        if (closed) return;
        send('delta', { text });
      }
      send('citations', {
        citations: result.citations,
        related: result.related,
        status: result.status,
        grounded: result.grounded,
        confidence: result.confidence,
        sourcesDiffer: result.sourcesDiffer,
        ...(result.parts ? { parts: result.parts } : {}),
      });
      send('done', { conversationId, standaloneQuestion: result.standaloneQuestion, timings: result.timings });
    } catch (err) {
      const e = toAppError(err, logger);
      send('error', { error: { code: e.code, message: e.message } });
    }
    res.end();
  });

  app.post('/api/verify', async (req, res) => {
    const body = parse(verifyBody, req.body);
    res.json(await state.get().verifier.verify(body.claim, body.docIds ? { docIds: body.docIds } : {}));
  });

  app.get('/api/search', async (req, res) => {
    const query = parse(searchQuery, req.query);
    const { hits } = await state.get().retriever.search(query.q, { k: query.k ?? 5, ...(query.docIds?.length ? { docIds: query.docIds } : {}) });
    res.json({
      results: hits.map((h) => ({ chunkId: h.chunkId, docId: h.docId, title: h.title, text: h.text, score: h.score, start: h.start, end: h.end, headingPath: h.headingPath })),
    });
  });

  app.get('/api/documents', (_req, res) => {
    const { index } = state.get();
    // Cards are indexed beside their documents (and served by id, for citations), not listed.
    res.json({ documents: [...index.docs.values()].filter((d) => !isCard(d)).map((d) => documentSummary(d, index.manifest.documents[d.id]?.chunks ?? 0)) });
  });

  app.get('/api/examples', async (_req, res) => {
    res.json({ examples: await state.get().examples() });
  });

  app.get('/api/documents/:docId', (req, res) => {
    const { index } = state.get();
    const doc = index.docs.get(req.params.docId);
    if (!doc) throw new AppError('DOCUMENT_NOT_FOUND', `No document with id "${req.params.docId}"`);
    res.json({ ...documentSummary(doc, index.manifest.documents[doc.id]?.chunks ?? 0), text: doc.text, format: doc.format });
  });

  app.use('/api', (req, _res, next) => next(new AppError('NOT_FOUND', `No route ${req.method} ${req.originalUrl.split('?')[0]}`)));

  // Express recognises an error handler by its four parameters.
  app.use((err: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const e = toAppError(err, logger);
    if (res.headersSent) return void res.end();
    res.status(e.status).json({ error: { code: e.code, message: e.message } });
  });
  return app;
}

/** Maps anything thrown to an AppError; unexpected errors are logged and reported without detail. */
function toAppError(err: unknown, logger: Logger): AppError {
  if (isAppError(err)) return err;
  const type = (err as { type?: string })?.type;
  if (type === 'entity.parse.failed') return new AppError('INVALID_JSON', 'The body is not valid JSON');
  if (type === 'entity.too.large') return new AppError('PAYLOAD_TOO_LARGE', 'The body is too large');
  if (type === 'charset.unsupported' || type === 'encoding.unsupported') return new AppError('UNSUPPORTED_MEDIA_TYPE', 'Unsupported body encoding');
  logger.warn(`unexpected error: ${(err as Error)?.stack ?? String(err)}`);
  return new AppError('INTERNAL', 'Something went wrong on our side');
}
