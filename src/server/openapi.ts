import { MAX_K } from '../retrieve/retriever.js';
import { MAX_QUESTION_CHARS } from './schemas.js';

const error = {
  type: 'object',
  required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: { type: 'string' }, message: { type: 'string' } } } },
};
const errorResponse = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const citation = {
  type: 'object',
  required: ['n', 'docId', 'title', 'chunkId', 'quote', 'start', 'end'],
  properties: {
    n: { type: 'integer', description: 'Number used by the [n] markers in the answer' },
    docId: { type: 'string' },
    title: { type: 'string' },
    source: { type: 'string', description: 'Source URL, or the publisher when no URL is known' },
    chunkId: { type: 'string' },
    quote: { type: 'string', description: 'Exactly text.slice(start, end) of GET /api/documents/{docId}' },
    start: { type: 'integer' },
    end: { type: 'integer' },
    page: { type: 'integer', description: 'For a PDF: the page the quote starts on' },
  },
};
const askRequest = {
  type: 'object',
  required: ['question'],
  additionalProperties: false,
  properties: {
    question: { type: 'string', minLength: 1, maxLength: MAX_QUESTION_CHARS },
    conversationId: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$', description: 'Continue a conversation; follow-ups are rewritten using its earlier turns' },
    k: { type: 'integer', minimum: 1, maximum: MAX_K, description: 'Passages to consider (at least 6 are always read)' },
    docIds: { type: 'array', items: { type: 'string' }, description: 'Only answer from these documents' },
  },
};
const askResponse = {
  type: 'object',
  required: ['answer', 'status', 'grounded', 'confidence', 'citations', 'related', 'conversationId', 'standaloneQuestion', 'timings'],
  properties: {
    answer: { type: 'string', description: 'Answer with inline [n] markers, or a statement that the documents do not answer it' },
    status: {
      type: 'string',
      enum: ['answered', 'partial', 'not_found'],
      description: 'answered: grounded, with citations; partial: the documents touch the question but do not settle it (the closest passages are cited and the answer says so); not_found: nothing relevant',
    },
    grounded: { type: 'boolean', description: 'True exactly when status is answered' },
    confidence: { type: 'number', minimum: 0, maximum: 1, description: "The model's probability that the best passage answers the question" },
    parts: {
      type: 'array',
      description: 'For a question with several parts: each part and how far it is answered',
      items: { type: 'object', properties: { question: { type: 'string' }, status: { type: 'string', enum: ['answered', 'partial', 'not_found'] } } },
    },
    citations: { type: 'array', items: { $ref: '#/components/schemas/Citation' } },
    related: { type: 'array', description: 'Nearest passages when status is not_found; not claimed to answer', items: { $ref: '#/components/schemas/Citation' } },
    sourcesDiffer: { type: 'boolean' },
    conversationId: { type: 'string' },
    standaloneQuestion: { type: 'string', description: 'The question as searched: a follow-up made standalone, misspellings corrected' },
    timings: { type: 'object', additionalProperties: { type: 'number' } },
  },
};

/** The OpenAPI 3.1 description served at /api/openapi.json. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'trust-rag', version: '0.1.0', description: 'Answers questions from a document collection, citing the exact passages.' },
  paths: {
    '/api/ask': {
      post: {
        summary: 'Answer a question with citations',
        requestBody: { required: true, content: { 'application/json': { schema: askRequest } } },
        responses: {
          200: { description: 'The answer', content: { 'application/json': { schema: askResponse } } },
          400: errorResponse('Invalid input'),
          404: errorResponse('Unknown document in docIds'),
          413: errorResponse('Body too large'),
          503: errorResponse('Index still loading'),
        },
      },
    },
    '/api/chat': {
      post: {
        summary: 'Answer a question as a stream of server-sent events',
        description: 'With Accept: text/event-stream, events are `meta` {conversationId, standaloneQuestion}, then `delta` {text} pieces of the answer, then `citations` {citations, related, status, grounded, confidence, sourcesDiffer, parts?}, then `done` {timings}; a failure after the stream has started is an `error` event {error}. Without that Accept header it answers like /api/ask.',
        requestBody: { required: true, content: { 'application/json': { schema: askRequest } } },
        responses: {
          200: { description: 'The event stream', content: { 'text/event-stream': { schema: { type: 'string' } }, 'application/json': { schema: askResponse } } },
          400: errorResponse('Invalid input'),
          503: errorResponse('Index still loading'),
        },
      },
    },
    '/api/verify': {
      post: {
        summary: 'Check a claim against the documents',
        description:
          'Returns supported, contradicted or not_enough_info, with evidence passages (each a citation plus a stance: supports, contradicts or related) and a one-sentence explanation citing them with [n] markers. A question, or a claim with nothing checkable, is not_enough_info with an explanation saying why.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['claim'],
                additionalProperties: false,
                properties: { claim: { type: 'string', minLength: 1, maxLength: MAX_QUESTION_CHARS }, docIds: { type: 'array', items: { type: 'string' } } },
              },
            },
          },
        },
        responses: {
          200: {
            description: 'The verdict',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['verdict', 'confidence', 'evidence', 'explanation'],
                  properties: {
                    verdict: { type: 'string', enum: ['supported', 'contradicted', 'not_enough_info'] },
                    confidence: { type: 'number', minimum: 0, maximum: 1 },
                    evidence: {
                      type: 'array',
                      items: { allOf: [{ $ref: '#/components/schemas/Citation' }, { type: 'object', properties: { stance: { type: 'string', enum: ['supports', 'contradicts', 'related'] } } }] },
                    },
                    explanation: { type: 'string' },
                    timings: { type: 'object', additionalProperties: { type: 'number' } },
                  },
                },
              },
            },
          },
          400: errorResponse('Invalid input'),
          404: errorResponse('Unknown document in docIds'),
          503: errorResponse('Index still loading'),
        },
      },
    },
    '/api/search': {
      get: {
        summary: 'Retrieve passages',
        parameters: [
          { name: 'q', in: 'query', required: true, schema: { type: 'string', minLength: 1, maxLength: MAX_QUESTION_CHARS } },
          { name: 'k', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_K, default: 5 } },
          { name: 'docIds', in: 'query', description: 'Comma-separated document ids', schema: { type: 'string' } },
        ],
        responses: {
          200: {
            description: 'Passages, best first',
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  properties: {
                    results: {
                      type: 'array',
                      items: {
                        type: 'object',
                        properties: {
                          chunkId: { type: 'string' }, docId: { type: 'string' }, title: { type: 'string' }, text: { type: 'string' },
                          score: { type: 'number' }, start: { type: 'integer' }, end: { type: 'integer' }, headingPath: { type: 'array', items: { type: 'string' } },
                        },
                      },
                    },
                  },
                },
              },
            },
          },
          400: errorResponse('Invalid input'),
          503: errorResponse('Index still loading'),
        },
      },
    },
    '/api/examples': { get: { summary: 'Example questions the documents answer (checked by answering them)', responses: { 200: { description: '{examples: string[]}' }, 503: errorResponse('Index still loading') } } },
    '/api/documents': {
      get: { summary: 'List documents with metadata', responses: { 200: { description: '{documents: [...]}' }, 503: errorResponse('Index still loading') } },
      post: {
        summary: 'Upload documents (.md, .txt, .html, .pdf, .docx) to be indexed in the background (admin key when keys are set)',
        requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } } } } } },
        responses: {
          202: { description: '{files: [{name, status: "queued" | "duplicate" | "rejected", id?, error?}], status}: some files queued; refused ones carry their error' },
          200: { description: 'Every file was already in the collection' },
          400: errorResponse('Every file refused: empty, wrong type or name, not UTF-8, encrypted, scanned or damaged'),
          403: errorResponse('Not an admin key'),
          413: errorResponse('Every file refused for its size, too many files, or the collection would be too large'),
        },
      },
    },
    '/api/index/status': { get: { summary: 'Indexing state: queued documents, progress while indexing, each changed document\'s state, the last error', responses: { 200: { description: 'IndexStatus' } } } },
    '/api/documents/{docId}': {
      get: {
        summary: 'One document with its canonical text, to which all offsets refer',
        parameters: [{ name: 'docId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: { description: '{id, title, source, text, ...}' }, 404: errorResponse('Unknown document'), 503: errorResponse('Index still loading') },
      },
      delete: {
        summary: 'Delete a document: its file is removed and the index rebuilt in the background (admin key when keys are set)',
        parameters: [{ name: 'docId', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 202: { description: '{id, status: "removing", index}' }, 403: errorResponse('Not an admin key'), 404: errorResponse('Unknown document') },
      },
    },
    '/healthz': { get: { summary: 'Ready check', security: [], responses: { 200: { description: 'Index loaded: {status: "ready" | "degraded", ...}' }, 503: { description: 'Index loading or failed (with Retry-After)' } } } },
    '/mcp': {
      post: {
        summary: 'Model Context Protocol over Streamable HTTP, for MCP hosts',
        description:
          'JSON-RPC 2.0 messages as the MCP specification defines them (send Accept: application/json, text/event-stream). Stateless: no session id, and every answer is plain JSON. Tools: search_documents, ask, verify_claim, list_documents, get_document; resources: doc://{docId}. Tool failures are results with isError. The same API keys and rate limit as /api. GET and DELETE answer 405.',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', description: 'A JSON-RPC request or notification, or an array of them' } } } },
        responses: {
          200: { description: 'The JSON-RPC response', content: { 'application/json': { schema: { type: 'object' } } } },
          202: { description: 'A notification, accepted' },
          401: errorResponse('No or wrong API key'),
          406: { description: 'The request does not accept both application/json and text/event-stream' },
          429: errorResponse('Rate limit reached'),
        },
      },
    },
    '/metrics': { get: { summary: 'Prometheus metrics (admin key when the server has keys)', responses: { 200: { description: 'Prometheus text format' }, 401: errorResponse('No or wrong API key'), 403: errorResponse('Not an admin key') } } },
  },
  components: {
    schemas: { Error: error, Citation: citation },
    // Only asked for when the server is started with API_KEYS / ADMIN_API_KEYS; then 401 without a key, 429 past the rate limit.
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key from API_KEYS or ADMIN_API_KEYS' } },
  },
  security: [{ bearer: [] }, {}],
} as const;
