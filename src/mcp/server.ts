import { McpServer, ResourceTemplate } from '@modelcontextprotocol/sdk/server/mcp.js';
import { ErrorCode, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { AppError, isAppError } from '../errors.js';
import { isCard } from '../ingest/document-card.js';
import { pageOf } from '../ingest/page-of.js';
import { silentLogger, type Logger } from '../log.js';
import type { ServiceState } from '../server/service-state.js';
import type { Citation, RelatedPassage, SourceDoc } from '../types.js';
import { answerText, documentListText, documentText, searchText, verdictText } from './render.js';
import * as schemas from './schemas.js';

/** Name and version the server gives hosts when they connect. */
export const MCP_SERVER_INFO = { name: 'trust-rag', version: '0.1.0' };

export interface McpServerOptions {
  /** Where unexpected failures are logged; never stdout, which the stdio transport owns. @default silent */
  logger?: Logger;
}

/** The resource that holds a document's text. Ids are URI-safe: letters, digits, `.`, `_`, `-` and `~`. */
export function documentUri(docId: string): string {
  return `doc://${encodeURIComponent(docId)}`;
}

/** The tools only read: their annotations say so, for hosts that decide what needs the user's approval. */
const READ_ONLY = { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false };

/**
 * The MCP server over the services in `state`: five tools (search, ask, verify, list and
 * read documents) and one resource per document. Both transports use it; the services are
 * looked up on every call, so a re-indexed collection is seen at once and a call made
 * while the index loads gets a tool error saying so.
 *
 * @example await createMcpServer(state).connect(new StdioServerTransport())
 */
export function createMcpServer(state: ServiceState, options: McpServerOptions = {}): McpServer {
  const { logger = silentLogger } = options;
  const server = new McpServer(MCP_SERVER_INFO, {
    instructions:
      'Answers questions only from a fixed document collection and cites the exact passages. Prefer `ask` for questions and `verify_claim` for statements; quote citations as given (document id and character range).',
  });

  /** Runs a tool, turning a failure into a tool error the model can read instead of a protocol error. */
  const run =
    <I>(body: (input: I, signal: AbortSignal) => Promise<{ text: string; structured: Record<string, unknown> }>) =>
    // The host cancels a call (or the connection closes) through the request's signal.
    async (input: I, { signal }: { signal: AbortSignal }): Promise<CallToolResult> => {
      try {
        const { text, structured } = await body(input, signal);
        return { content: [{ type: 'text', text }], structuredContent: structured };
      } catch (err) {
        return { content: [{ type: 'text', text: failureMessage(err, logger) }], isError: true };
      }
    };

  server.registerTool(
    'search_documents',
    {
      title: 'Search the documents',
      description: 'Finds the passages that best match a query (dense and keyword search combined). Returns numbered passages with their document, character range and exact text.',
      inputSchema: schemas.searchInput,
      outputSchema: schemas.searchOutput,
      annotations: READ_ONLY,
    },
    run(async ({ query, k, docIds }) => {
      const { search, index } = state.get();
      const { hits } = await search(query, { k: k ?? 5, ...(docIds?.length ? { docIds } : {}) });
      const structured: schemas.SearchOutput = {
        citations: hits.map((h, i) => {
          const doc = index.docs.get(h.docId);
          const page = pageOf(doc, h.start);
          const source = doc ? sourceOf(doc) : undefined;
          return {
            n: i + 1,
            docId: h.docId,
            title: h.title,
            ...(source ? { source } : {}),
            chunkId: h.chunkId,
            quote: h.text,
            start: h.start,
            end: h.end,
            ...(page !== undefined ? { page } : {}),
            headingPath: h.headingPath,
            score: h.score,
          };
        }),
      };
      return { text: searchText(structured), structured };
    }),
  );

  server.registerTool(
    'ask',
    {
      title: 'Ask the documents',
      description:
        'Answers a question only from the documents. The answer carries [n] markers; each cited source gives the document, character range and exact quote. When the documents do not answer, it says so and lists related passages instead.',
      inputSchema: schemas.askInput,
      outputSchema: schemas.askOutput,
      annotations: READ_ONLY,
    },
    run(async ({ question, docIds }, signal) => {
      // A tool call is one question: the host keeps the conversation, so nothing is saved here.
      const result = await state.get().assistant.askAfter(question, [], { signal, ...(docIds?.length ? { docIds } : {}) });
      const structured: schemas.AskOutput = {
        answer: result.answer,
        status: result.status,
        grounded: result.grounded,
        confidence: result.confidence,
        ...(result.parts ? { parts: result.parts.map((p) => ({ question: p.question, status: p.status })) } : {}),
        citations: result.citations.map(citationOf),
        related: result.related.map(passageOf),
        sourcesDiffer: result.sourcesDiffer,
        answerer: result.answerer,
        droppedSentences: result.droppedSentences,
        ...(result.note ? { note: result.note } : {}),
      };
      return { text: answerText(structured), structured };
    }),
  );

  server.registerTool(
    'verify_claim',
    {
      title: 'Check a claim',
      description:
        'Checks a statement against the documents: supported, contradicted, or not enough information, with the passages for and against it (document, character range and exact quote).',
      inputSchema: schemas.verifyInput,
      outputSchema: schemas.verifyOutput,
      annotations: READ_ONLY,
    },
    run(async ({ claim, docIds }, signal) => {
      const verdict = await state.get().verifier.verify(claim, { signal, ...(docIds?.length ? { docIds } : {}) });
      const structured: schemas.VerifyOutput = {
        verdict: verdict.verdict,
        confidence: verdict.confidence,
        explanation: verdict.explanation,
        evidence: verdict.evidence.map((e) => ({ ...citationOf(e), stance: e.stance })),
      };
      return { text: verdictText(structured), structured };
    }),
  );

  server.registerTool(
    'list_documents',
    {
      title: 'List the documents',
      description: 'Lists the documents in the collection with their ids, titles and lengths. Use the ids to limit other tools to some documents.',
      inputSchema: schemas.noInput,
      outputSchema: schemas.listDocumentsOutput,
      annotations: READ_ONLY,
    },
    run(async () => {
      const { index } = state.get();
      const structured: schemas.DocumentListOutput = {
        documents: listed(state).map((d) => ({ ...describe(d), chunks: index.manifest.documents[d.id]?.chunks ?? 0 })),
      };
      return { text: documentListText(structured), structured };
    }),
  );

  server.registerTool(
    'get_document',
    {
      title: 'Read a document',
      description: "Returns a document's text, or the characters start..end of it: citation ranges index into this same text.",
      inputSchema: schemas.getDocumentInput,
      outputSchema: schemas.getDocumentOutput,
      annotations: READ_ONLY,
    },
    run(async ({ id, start = 0, end }) => {
      const doc = documentById(state, id);
      const stop = end ?? doc.text.length;
      if (stop > doc.text.length) throw new AppError('INVALID_INPUT', `end must be at most the document's length, ${doc.text.length}`);
      if (start > stop) throw new AppError('INVALID_INPUT', `start (${start}) must not be after end (${stop})`);
      const structured: schemas.DocumentOutput = { ...describe(doc), start, end: stop, text: doc.text.slice(start, stop) };
      return { text: documentText(structured), structured };
    }),
  );

  server.registerResource(
    'document',
    new ResourceTemplate('doc://{id}', {
      list: () => {
        try {
          return { resources: listed(state).map((d) => ({ uri: documentUri(d.id), name: d.id, title: d.meta.title, mimeType: 'text/plain', ...(d.meta.description ? { description: d.meta.description } : {}) })) };
        } catch (err) {
          throw protocolError(err, logger);
        }
      },
    }),
    { title: 'Document', description: 'The plain text of a document: citation ranges index into it.', mimeType: 'text/plain' },
    (uri, { id }) => {
      try {
        const doc = documentById(state, decodeURIComponent(String(id)));
        return { contents: [{ uri: uri.href, mimeType: 'text/plain', text: doc.text }] };
      } catch (err) {
        throw protocolError(err, logger);
      }
    },
  );

  return server;
}

/** The documents a user would list: cards are indexed beside them (and readable by id, for citations), not listed. */
function listed(state: ServiceState): SourceDoc[] {
  return [...state.get().index.docs.values()].filter((d) => !isCard(d));
}

function documentById(state: ServiceState, id: string): SourceDoc {
  const doc = state.get().index.docs.get(id);
  if (!doc) throw new AppError('DOCUMENT_NOT_FOUND', `No document with id "${id.slice(0, 200)}"`);
  return doc;
}

function sourceOf(doc: SourceDoc): string | undefined {
  return doc.meta.sourceUrl ?? doc.meta.publisher;
}

function describe(doc: SourceDoc) {
  const { meta } = doc;
  return {
    id: doc.id,
    uri: documentUri(doc.id),
    title: meta.title,
    format: doc.format,
    ...(meta.publisher ? { publisher: meta.publisher } : {}),
    ...(meta.date ? { date: meta.date } : {}),
    ...(meta.sourceUrl ? { sourceUrl: meta.sourceUrl } : {}),
    ...(meta.description ? { description: meta.description } : {}),
    length: doc.text.length,
  };
}

/** Only the declared fields: the output schemas allow no others. */
function passageOf(c: RelatedPassage): schemas.AskOutput['related'][number] {
  return {
    docId: c.docId,
    title: c.title,
    ...(c.source ? { source: c.source } : {}),
    chunkId: c.chunkId,
    quote: c.quote,
    start: c.start,
    end: c.end,
    ...(c.page !== undefined ? { page: c.page } : {}),
  };
}

function citationOf(c: Citation): schemas.AskOutput['citations'][number] {
  return { n: c.n, ...passageOf(c) };
}

/** "CODE: message" for the errors we raise on purpose; anything else is logged and not shown. */
function failureMessage(err: unknown, logger: Logger): string {
  if (isAppError(err)) return `${err.code}: ${err.message}`;
  const detail = (err as Error)?.stack ?? String(err);
  logger.error ? logger.error('unexpected error in an MCP request', { stack: detail }) : logger.warn(`unexpected error in an MCP request: ${detail}`);
  return 'INTERNAL: Something went wrong on our side';
}

/** JSON-RPC's code for a resource that does not exist, as MCP defines it. */
const RESOURCE_NOT_FOUND = -32002;

/**
 * Resource requests have no error result of their own: failures are JSON-RPC errors, with
 * our error code in `data`. A plain Error with a numeric code, because the SDK's McpError
 * puts "MCP error <n>:" into the message, which the client then prefixes a second time.
 */
function protocolError(err: unknown, logger: Logger): Error {
  const code = isAppError(err, 'DOCUMENT_NOT_FOUND') ? RESOURCE_NOT_FOUND : isAppError(err) && err.status < 500 ? ErrorCode.InvalidParams : ErrorCode.InternalError;
  return Object.assign(new Error(failureMessage(err, logger)), { code, data: { code: isAppError(err) ? err.code : 'INTERNAL' } });
}
