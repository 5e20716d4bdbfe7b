import { z } from 'zod';
import * as contract from './contract.js';
import { chatCompletion, chatCompletionChunk, chatCompletionRequest, model, modelList, openAiError } from './openai-shapes.js';
import { askBody, conversationListQuery, feedbackBody, renameBody, searchQuery, verifyBody } from './schemas.js';

/**
 * The OpenAPI document, generated from the zod schemas the routes use: request bodies from
 * `schemas.ts` and `openai-shapes.ts` (as the client may send them), responses from
 * `contract.ts` and `openai-shapes.ts` (as the server sends them), so it cannot drift
 * from what is parsed and what is answered. Only the prose here is written by hand.
 */

/** A registered response schema, by reference to its component. */
function ref(schema: z.ZodType): { $ref: string } {
  const id = z.globalRegistry.get(schema)?.id;
  if (!id) throw new Error('a response schema in the OpenAPI document needs an id (.meta({ id }))');
  return { $ref: `#/components/schemas/${id}` };
}

/** A request schema as JSON Schema, as clients may send it (before defaults and transforms). */
function inputSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  return rest;
}

const ok = (description: string, schema: z.ZodType) => ({ description, content: { 'application/json': { schema: ref(schema) } } });
const errorResponse = (description: string) => ok(description, contract.errorBody);
const openAiErrorResponse = (description: string) => ok(description, openAiError);
const body = (schema: z.ZodType) => ({ required: true, content: { 'application/json': { schema: inputSchema(schema) } } });
const docIdParameter = { name: 'docId', in: 'path', required: true, schema: { type: 'string' } };
const conversationIdParameter = { name: 'id', in: 'path', required: true, schema: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } };

/** Query parameters from an object schema: one per property. */
function queryParameters(schema: z.ZodType, descriptions: Record<string, string> = {}) {
  const json = inputSchema(schema) as { properties: Record<string, object>; required?: string[] };
  return Object.entries(json.properties).map(([name, s]) => ({
    name,
    in: 'query',
    required: json.required?.includes(name) ?? false,
    ...(descriptions[name] ? { description: descriptions[name] } : {}),
    schema: s,
  }));
}

// Every response schema with an id, and the schemas they refer to, become components.
const components = z.toJSONSchema(z.globalRegistry, { io: 'output', uri: (id) => `#/components/schemas/${id}` }).schemas;
// `uri` also stamps each with an $id; OpenAPI resolves the refs from the document itself.
for (const schema of Object.values(components) as Array<{ $schema?: string; $id?: string }>) {
  delete schema.$schema;
  delete schema.$id;
}

/** The OpenAPI 3.1 description served at /api/openapi.json. */
export const openApiDocument = {
  openapi: '3.1.0',
  info: { title: 'trust-rag', version: '0.1.0', description: 'Answers questions from a document collection, citing the exact passages.' },
  paths: {
    '/api/ask': {
      post: {
        summary: 'Answer a question with citations',
        requestBody: body(askBody),
        responses: {
          200: ok('The answer, saved as a turn of the conversation', contract.askResponse),
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
        description:
          'With Accept: text/event-stream, events are `meta` {conversationId, standaloneQuestion, answerer}, then `delta` {text} pieces of the answer (with a language model configured, each generated sentence once it is verified against the passage it cites, as the model writes; nothing sent is withdrawn), then `citations` {citations, related, status, grounded, confidence, sourcesDiffer, parts?, answerer, droppedSentences, unverifiedSentences, note?}, then `done` {conversationId, turnId, standaloneQuestion, timings}; the turn is saved just before `done`, and a stream the client stops earlier is not saved. A failure after the stream has started is an `error` event {error}. Closing the connection cancels the language model\'s request. Without that Accept header it answers like /api/ask.',
        requestBody: body(askBody),
        responses: {
          200: { description: 'The event stream, or the answer as JSON', content: { 'text/event-stream': { schema: { type: 'string' } }, 'application/json': { schema: ref(contract.askResponse) } } },
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
        requestBody: body(verifyBody),
        responses: {
          200: ok('The verdict, saved as a turn of the conversation', contract.verifyResponse),
          400: errorResponse('Invalid input'),
          404: errorResponse('Unknown document in docIds; CONVERSATION_NOT_FOUND or TURN_NOT_FOUND with replaceTurnId'),
          503: errorResponse('Index still loading'),
        },
      },
    },
    '/api/conversations': {
      get: {
        summary: "The caller's saved conversations that have at least one turn, most recently active first",
        parameters: queryParameters(conversationListQuery, { limit: 'How many (default 50)' }),
        responses: { 200: ok('The conversations', contract.conversationList), 400: errorResponse('Invalid limit') },
      },
    },
    '/api/conversations/{id}': {
      get: {
        summary: "One of the caller's conversations with its turns, oldest first",
        parameters: [conversationIdParameter],
        responses: {
          200: ok('The conversation', contract.conversation),
          400: errorResponse('Malformed id'),
          404: errorResponse("CONVERSATION_NOT_FOUND: no such conversation, expired, or another client's"),
        },
      },
      patch: {
        summary: 'Rename a conversation (its title no longer follows the first turn)',
        parameters: [conversationIdParameter],
        requestBody: body(renameBody),
        responses: { 200: ok('The renamed conversation', contract.conversationSummary), 400: errorResponse('Invalid title'), 404: errorResponse('CONVERSATION_NOT_FOUND') },
      },
      delete: {
        summary: 'Delete a conversation, its turns and the feedback on them',
        parameters: [conversationIdParameter],
        responses: { 204: { description: 'Deleted' }, 400: errorResponse('Malformed id'), 404: errorResponse('CONVERSATION_NOT_FOUND') },
      },
    },
    '/api/feedback': {
      post: {
        summary: 'Rate a turn (an answer or a verdict) up or down, with an optional comment; sending again replaces the earlier feedback',
        description: 'The feedback is stored with a copy of the turn (question or claim, answer or verdict, citations), for `npm run feedback -- --export FILE`. A blank comment is stored as none.',
        requestBody: body(feedbackBody),
        responses: { 204: { description: 'Saved' }, 400: errorResponse('Invalid input'), 404: errorResponse('CONVERSATION_NOT_FOUND or TURN_NOT_FOUND') },
      },
    },
    '/api/search': {
      get: {
        summary: 'Retrieve passages',
        parameters: queryParameters(searchQuery, { k: 'Passages to return (default 5)', docIds: 'Comma-separated document ids' }),
        responses: { 200: ok('Passages, best first', contract.searchResponse), 400: errorResponse('Invalid input'), 503: errorResponse('Index still loading') },
      },
    },
    '/api/examples': {
      get: { summary: 'Example questions the documents answer (checked by answering them)', responses: { 200: ok('Example questions', contract.examplesResponse), 503: errorResponse('Index still loading') } },
    },
    '/api/documents': {
      get: { summary: 'List documents with metadata', responses: { 200: ok('The documents', contract.documentList), 503: errorResponse('Index still loading') } },
      post: {
        summary: 'Upload documents (.md, .txt, .html, .pdf, .docx) to be indexed in the background (admin key when keys are set)',
        requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { files: { type: 'array', items: { type: 'string', format: 'binary' } } } } } } },
        responses: {
          202: ok('Some files queued; refused ones carry their error', contract.uploadResponse),
          200: ok('Every file was already in the collection', contract.uploadResponse),
          400: ok('Every file refused: empty, wrong type or name, not UTF-8, encrypted, scanned or damaged', contract.uploadRefusal),
          403: errorResponse('Not an admin key'),
          413: ok('Every file refused for its size, too many files, or the collection would be too large', contract.uploadRefusal),
        },
      },
    },
    '/api/index/status': {
      get: { summary: "Indexing state: queued documents, progress while indexing, each changed document's state, the last error", responses: { 200: ok('The indexing state', contract.indexStatus) } },
    },
    '/api/documents/{docId}': {
      get: {
        summary: 'One document with its canonical text, to which all offsets refer',
        parameters: [docIdParameter],
        responses: { 200: ok('The document', contract.documentDetail), 404: errorResponse('Unknown document'), 503: errorResponse('Index still loading') },
      },
      delete: {
        summary: 'Delete a document: its file is removed and the index rebuilt in the background (admin key when keys are set)',
        parameters: [docIdParameter],
        responses: { 202: ok('Removal queued', contract.deleteResponse), 403: errorResponse('Not an admin key'), 404: errorResponse('Unknown document') },
      },
    },
    '/api/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1', content: { 'application/json': { schema: { type: 'object' } } } } } } },
    '/v1/chat/completions': {
      post: {
        summary: 'OpenAI-compatible chat completions: answer (model trust-rag) or check a claim (model trust-rag-verify)',
        description:
          'The standard body; sampling settings (temperature, top_p, max_tokens, …) and other OpenAI fields are accepted and ignored, and n must be 1. The last user message is the question (or, for trust-rag-verify, the claim); earlier user messages make a follow-up standalone, as a conversationId does on /api/chat, and nothing is stored on the server. The message keeps its [n] markers and ends with a "Sources:" list; citations[n - 1] (the source URL, or doc://<docId> for a document without one) and search_results[n - 1] (the exact passage) belong to marker [n]. usage is estimated at four characters a token. With stream: true, chat.completion.chunk events: the role, pieces of the text (with a language model configured on the server, each generated sentence once verified, as it is written; trust_rag.answerer says which answerer wrote it), then a chunk with finish_reason "stop" carrying citations, search_results and trust_rag, then (with stream_options.include_usage) a usage chunk, then data: [DONE]. Errors are in OpenAI\'s shape.',
        requestBody: { required: true, content: { 'application/json': { schema: inputSchema(chatCompletionRequest) } } },
        responses: {
          200: {
            description: 'The completion, or its event stream',
            content: { 'application/json': { schema: ref(chatCompletion) }, 'text/event-stream': { schema: ref(chatCompletionChunk) } },
          },
          400: openAiErrorResponse('Invalid body: param names the field'),
          401: openAiErrorResponse('No or wrong API key (code invalid_api_key)'),
          404: openAiErrorResponse('Unknown model (code model_not_found)'),
          413: openAiErrorResponse('Body over 512 kB'),
          429: openAiErrorResponse('Rate limit (code rate_limit_exceeded), with Retry-After'),
          503: openAiErrorResponse('Index still loading (code index_loading), with Retry-After'),
        },
      },
    },
    '/v1/models': {
      get: {
        summary: 'The OpenAI-compatible models: trust-rag answers, trust-rag-verify checks claims (available while the index loads)',
        responses: { 200: ok('The models', modelList), 401: openAiErrorResponse('No or wrong API key') },
      },
    },
    '/v1/models/{model}': {
      get: {
        summary: 'One OpenAI-compatible model',
        parameters: [{ name: 'model', in: 'path', required: true, schema: { type: 'string' } }],
        responses: { 200: ok('The model', model), 404: openAiErrorResponse('Unknown model (code model_not_found)') },
      },
    },
    '/healthz': {
      get: {
        summary: 'Ready check',
        security: [],
        responses: { 200: ok('Index loaded: ready, or degraded (an older generation served, with the reason)', contract.health), 503: ok('Index loading or failed (with Retry-After)', contract.health) },
      },
    },
    '/metrics': {
      get: {
        summary: 'Prometheus metrics (admin key when the server has keys)',
        responses: { 200: { description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } }, 401: errorResponse('No or wrong API key'), 403: errorResponse('Not an admin key') },
      },
    },
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
  },
  components: {
    schemas: components,
    // Only asked for when the server is started with API_KEYS / ADMIN_API_KEYS; then 401 without a key, 429 past the rate limit.
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'An API key from API_KEYS or ADMIN_API_KEYS' } },
  },
  security: [{ bearer: [] }, {}],
};
