import { MAX_K } from '../retrieve/retriever.js';
import { DEFAULT_CONVERSATIONS_LISTED } from './conversation-routes.js';
import { MAX_COMMENT_CHARS, MAX_CONVERSATIONS_LISTED, MAX_QUESTION_CHARS, MAX_TITLE_CHARS } from './schemas.js';

const ID = '^[A-Za-z0-9_-]{1,64}$';

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
    conversationId: { type: 'string', pattern: ID, description: "Continue one of the caller's conversations; follow-ups are rewritten using its earlier turns. An unknown id starts a new conversation" },
    replaceTurnId: { type: 'string', pattern: ID, description: 'Remove this turn of the conversation and every later one before answering (regenerate, edit and resend); needs conversationId. 404 CONVERSATION_NOT_FOUND or TURN_NOT_FOUND' },
    k: { type: 'integer', minimum: 1, maximum: MAX_K, description: 'Passages to consider (at least 6 are always read)' },
    docIds: { type: 'array', items: { type: 'string' }, description: 'Only answer from these documents' },
  },
};
const askResponse = {
  type: 'object',
  required: ['answer', 'status', 'grounded', 'confidence', 'citations', 'related', 'conversationId', 'turnId', 'standaloneQuestion', 'timings'],
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
    turnId: { type: 'string', description: 'The id of the saved turn (for feedback, regenerate, edit and resend)' },
    standaloneQuestion: { type: 'string', description: 'The question as searched: a follow-up made standalone, misspellings corrected' },
    timings: { type: 'object', additionalProperties: { type: 'number' } },
  },
};

const conversationIdParam = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: ID } };
const conversationSummary = {
  type: 'object',
  required: ['id', 'title', 'createdAt', 'updatedAt', 'turnCount'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string', description: 'The name the user gave, or the first question or claim cut to 80 characters at a word boundary' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time', description: 'When a turn was last added or removed' },
    turnCount: { type: 'integer' },
  },
};
const turn = {
  type: 'object',
  required: ['id', 'mode', 'input', 'at', 'result', 'feedback'],
  properties: {
    id: { type: 'string' },
    mode: { type: 'string', enum: ['ask', 'verify'] },
    input: { type: 'string', description: 'The question (ask) or the claim (verify)' },
    at: { type: 'string', format: 'date-time' },
    result: { type: 'object', description: 'The whole response the turn was given: /api/ask\'s body for ask, /api/verify\'s for verify' },
    feedback: {
      oneOf: [
        { type: 'null' },
        { type: 'object', required: ['rating', 'comment', 'at'], properties: { rating: { type: 'string', enum: ['up', 'down'] }, comment: { type: ['string', 'null'] }, at: { type: 'string', format: 'date-time' } } },
      ],
    },
  },
};
const conversation = {
  type: 'object',
  required: ['id', 'title', 'createdAt', 'updatedAt', 'turns'],
  properties: {
    id: { type: 'string' },
    title: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
    turns: { type: 'array', items: { $ref: '#/components/schemas/Turn' } },
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
          200: { description: 'The answer, saved as a turn of the conversation', content: { 'application/json': { schema: askResponse } } },
          400: errorResponse('Invalid input'),
          404: errorResponse('Unknown document in docIds; CONVERSATION_NOT_FOUND or TURN_NOT_FOUND with replaceTurnId'),
          413: errorResponse('Body too large'),
          503: errorResponse('Index still loading'),
        },
      },
    },
    '/api/chat': {
      post: {
        summary: 'Answer a question as a stream of server-sent events',
        description: 'With Accept: text/event-stream, events are `meta` {conversationId, standaloneQuestion}, then `delta` {text} pieces of the answer, then `citations` {citations, related, status, grounded, confidence, sourcesDiffer, parts?}, then `done` {conversationId, turnId, standaloneQuestion, timings}; the turn is saved just before `done`, and a stream the client stops earlier is not saved. A failure after the stream has started is an `error` event {error}. Without that Accept header it answers like /api/ask.',
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
                properties: {
                  claim: { type: 'string', minLength: 1, maxLength: MAX_QUESTION_CHARS },
                  conversationId: { type: 'string', pattern: ID, description: "Save the check in one of the caller's conversations; without it (or with an unknown id) a new conversation is started" },
                  replaceTurnId: { type: 'string', pattern: ID, description: 'Remove this turn of the conversation and every later one first; needs conversationId' },
                  docIds: { type: 'array', items: { type: 'string' } },
                },
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
                  required: ['verdict', 'confidence', 'evidence', 'explanation', 'conversationId', 'turnId'],
                  properties: {
                    verdict: { type: 'string', enum: ['supported', 'contradicted', 'not_enough_info'] },
                    confidence: { type: 'number', minimum: 0, maximum: 1 },
                    evidence: {
                      type: 'array',
                      items: { allOf: [{ $ref: '#/components/schemas/Citation' }, { type: 'object', properties: { stance: { type: 'string', enum: ['supports', 'contradicts', 'related'] } } }] },
                    },
                    explanation: { type: 'string' },
                    conversationId: { type: 'string' },
                    turnId: { type: 'string', description: 'The id of the saved turn' },
                    timings: { type: 'object', additionalProperties: { type: 'number' } },
                  },
                },
              },
            },
          },
          400: errorResponse('Invalid input'),
          404: errorResponse('Unknown document in docIds; CONVERSATION_NOT_FOUND or TURN_NOT_FOUND with replaceTurnId'),
          503: errorResponse('Index still loading'),
        },
      },
    },
    '/api/conversations': {
      get: {
        summary: "The caller's saved conversations that have at least one turn, most recently active first",
        parameters: [{ name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: MAX_CONVERSATIONS_LISTED, default: DEFAULT_CONVERSATIONS_LISTED } }],
        responses: {
          200: {
            description: 'The conversations',
            content: { 'application/json': { schema: { type: 'object', required: ['conversations'], properties: { conversations: { type: 'array', items: { $ref: '#/components/schemas/ConversationSummary' } } } } } },
          },
          400: errorResponse('Invalid limit'),
        },
      },
    },
    '/api/conversations/{id}': {
      get: {
        summary: 'One of the caller\'s conversations with its turns, oldest first',
        parameters: [conversationIdParam],
        responses: {
          200: { description: 'The conversation', content: { 'application/json': { schema: { $ref: '#/components/schemas/Conversation' } } } },
          400: errorResponse('Malformed id'),
          404: errorResponse('CONVERSATION_NOT_FOUND: no such conversation, expired, or another client\'s'),
        },
      },
      patch: {
        summary: 'Rename a conversation (its title no longer follows the first turn)',
        parameters: [conversationIdParam],
        requestBody: {
          required: true,
          content: { 'application/json': { schema: { type: 'object', required: ['title'], additionalProperties: false, properties: { title: { type: 'string', minLength: 1, maxLength: MAX_TITLE_CHARS, description: 'Trimmed' } } } } },
        },
        responses: {
          200: { description: 'The renamed conversation', content: { 'application/json': { schema: { $ref: '#/components/schemas/ConversationSummary' } } } },
          400: errorResponse('Invalid title'),
          404: errorResponse('CONVERSATION_NOT_FOUND'),
        },
      },
      delete: {
        summary: 'Delete a conversation, its turns and the feedback on them',
        parameters: [conversationIdParam],
        responses: { 204: { description: 'Deleted' }, 400: errorResponse('Malformed id'), 404: errorResponse('CONVERSATION_NOT_FOUND') },
      },
    },
    '/api/feedback': {
      post: {
        summary: 'Rate a turn (an answer or a verdict) up or down, with an optional comment; sending again replaces the earlier feedback',
        description: 'The feedback is stored with a copy of the turn (question or claim, answer or verdict, citations), for `npm run feedback -- --export FILE`.',
        requestBody: {
          required: true,
          content: {
            'application/json': {
              schema: {
                type: 'object',
                required: ['conversationId', 'turnId', 'rating'],
                additionalProperties: false,
                properties: {
                  conversationId: { type: 'string', pattern: ID },
                  turnId: { type: 'string', pattern: ID },
                  rating: { type: 'string', enum: ['up', 'down'] },
                  comment: { type: ['string', 'null'], maxLength: MAX_COMMENT_CHARS, description: 'A blank comment is stored as none' },
                },
              },
            },
          },
        },
        responses: { 204: { description: 'Saved' }, 400: errorResponse('Invalid input'), 404: errorResponse('CONVERSATION_NOT_FOUND or TURN_NOT_FOUND') },
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
    '/metrics': { get: { summary: 'Prometheus metrics (admin key when the server has keys)', responses: { 200: { description: 'Prometheus text format' }, 401: errorResponse('No or wrong API key'), 403: errorResponse('Not an admin key') } } },
  },
  components: {
    schemas: { Error: error, Citation: citation, ConversationSummary: conversationSummary, Conversation: conversation, Turn: turn },
    // Only asked for when the server is started with API_KEYS / ADMIN_API_KEYS; then 401 without a key, 429 past the rate limit.
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key from API_KEYS or ADMIN_API_KEYS' } },
  },
  security: [{ bearer: [] }, {}],
} as const;
