import { z } from 'zod';
import { AppError, type ErrorCode } from '../errors.js';

/**
 * The bodies of the OpenAI-compatible routes under /v1, as zod schemas with their types
 * inferred. Requests are lenient where OpenAI clients are chatty (sampling settings, tools,
 * metadata: accepted and ignored) and strict where the answer depends on them (`model`,
 * `messages`, `n`). Responses follow OpenAI's chat completion shapes, plus the top-level
 * `citations` and `search_results` that search-augmented chat APIs add.
 */

/** The model that answers questions from the documents. */
export const ANSWER_MODEL = 'trust-rag';
/** The model that checks the last user message as a claim and answers with a verdict. */
export const VERIFY_MODEL = 'trust-rag-verify';
export const MODEL_IDS = [ANSWER_MODEL, VERIFY_MODEL] as const;
export type ModelId = (typeof MODEL_IDS)[number];

/** A text part is read; other parts (images, audio, files) are skipped. */
const contentPart = z.object({ type: z.string(), text: z.string().optional() }).loose();

const message = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
    // An assistant turn that only called tools has no content.
    content: z.union([z.string(), z.array(contentPart), z.null()]).optional(),
    name: z.string().optional(),
  })
  .loose();

export type ChatMessage = z.infer<typeof message>;

export const chatCompletionRequest = z
  .object({
    model: z.string().min(1, 'model must not be empty').max(200),
    // Clients resend the whole conversation; the body limit bounds it, this bounds the work.
    messages: z.array(message).min(1, 'messages must hold at least one message').max(1000, 'messages may hold at most 1000 messages'),
    stream: z.boolean().nullish(),
    stream_options: z.object({ include_usage: z.boolean().nullish() }).loose().nullish(),
    n: z.literal(1, 'n must be 1: one answer is given per request').nullish(),
  })
  .loose();

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequest>;

/** A passage a `[n]` marker refers to, as search-augmented chat APIs list them. */
export const searchResult = z.object({
  title: z.string(),
  url: z.string().describe('The source URL, or doc://<docId> when the document has none'),
  date: z.string().optional().describe('Publication date, when known'),
  docId: z.string(),
  quote: z.string().describe('Exactly text.slice(start, end) of GET /api/documents/{docId}'),
  start: z.int(),
  end: z.int(),
  page: z.int().optional().describe('For a PDF: the page the quote starts on'),
  stance: z.enum(['supports', 'contradicts', 'related']).optional().describe('trust-rag-verify only: how the passage bears on the claim'),
});

export type SearchResult = z.infer<typeof searchResult>;

const usage = z
  .object({ prompt_tokens: z.int(), completion_tokens: z.int(), total_tokens: z.int() })
  .describe('An estimate (about four characters a token): no language model runs, so nothing is tokenised');

/** What the documents say beyond the text, for clients that read more than OpenAI's fields. */
const details = z
  .object({
    status: z.enum(['answered', 'partial', 'not_found']).optional(),
    grounded: z.boolean().optional(),
    standaloneQuestion: z.string().optional().describe('The question as searched: a follow-up made standalone using earlier user messages'),
    verdict: z.enum(['supported', 'contradicted', 'not_enough_info']).optional(),
    confidence: z.number().min(0).max(1),
    answerer: z.enum(['generated', 'extractive']).optional().describe('trust-rag: written by the configured language model (each sentence verified) or quoted from the passages'),
    droppedSentences: z.int().min(0).optional().describe("trust-rag: the language model's sentences removed as unsupported or uncited"),
    note: z.string().optional().describe("trust-rag: why the language model's answer was not used, or was cut short"),
  })
  .describe('trust-rag: how far the documents answer (trust-rag) or the verdict (trust-rag-verify)');

const sources = {
  citations: z.array(z.string()).describe('citations[n - 1] is the source of marker [n]: its URL, or doc://<docId>'),
  search_results: z.array(searchResult).describe('search_results[n - 1] is the passage of marker [n]'),
  trust_rag: details,
};

export const chatCompletion = z.object({
  id: z.string(),
  object: z.literal('chat.completion'),
  created: z.int(),
  model: z.string(),
  choices: z.array(
    z.object({
      index: z.literal(0),
      message: z.object({ role: z.literal('assistant'), content: z.string().describe('The answer with its [n] markers, then a "Sources:" list'), refusal: z.null() }),
      logprobs: z.null(),
      finish_reason: z.literal('stop'),
    }),
  ),
  usage,
  ...sources,
}).meta({ id: 'ChatCompletion' });

export type ChatCompletion = z.infer<typeof chatCompletion>;

export const chatCompletionChunk = z.object({
  id: z.string(),
  object: z.literal('chat.completion.chunk'),
  created: z.int(),
  model: z.string(),
  choices: z
    .array(
      z.object({
        index: z.literal(0),
        delta: z.object({ role: z.literal('assistant').optional(), content: z.string().optional() }),
        logprobs: z.null(),
        finish_reason: z.literal('stop').nullable(),
      }),
    )
    .describe('Empty only in the usage chunk sent when stream_options.include_usage is true'),
  usage: usage.nullable().optional(),
  citations: sources.citations.optional().describe('In the last chunk (finish_reason "stop")'),
  search_results: sources.search_results.optional().describe('In the last chunk (finish_reason "stop")'),
  trust_rag: details.optional().describe('In the last chunk (finish_reason "stop")'),
}).meta({ id: 'ChatCompletionChunk' });

export type ChatCompletionChunk = z.infer<typeof chatCompletionChunk>;

export const model = z.object({ id: z.string(), object: z.literal('model'), created: z.int(), owned_by: z.string(), description: z.string() }).meta({ id: 'Model' });
export type Model = z.infer<typeof model>;
export const modelList = z.object({ object: z.literal('list'), data: z.array(model) }).meta({ id: 'ModelList' });

export const openAiError = z.object({
  error: z.object({ message: z.string(), type: z.string(), param: z.string().nullable(), code: z.string().nullable() }),
}).meta({ id: 'OpenAiError' });
export type OpenAiError = z.infer<typeof openAiError>;

/** An AppError about one parameter of an OpenAI request, which OpenAI's error shape names. */
export class ParamError extends AppError {
  constructor(
    code: ErrorCode,
    message: string,
    readonly param: string,
  ) {
    super(code, message);
  }
}

/** Parses an OpenAI request body; a failure names its first offending parameter, as OpenAI does. */
export function parseOpenAi<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const param = issue.path.map((p, i) => (typeof p === 'number' ? `[${p}]` : `${i ? '.' : ''}${String(p)}`)).join('');
  if (issue.path.length === 0) throw new AppError('INVALID_INPUT', 'The body must be a JSON object');
  throw new ParamError('INVALID_INPUT', `${param}: ${issue.message}`, param);
}

/** OpenAI's error type for a status: clients branch on the status, people read the type. */
function typeOf(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

/** OpenAI's codes where it has one; else this server's code in lower case (`index_loading`). */
const CODES: Partial<Record<ErrorCode, string>> = { UNAUTHORIZED: 'invalid_api_key', RATE_LIMITED: 'rate_limit_exceeded', MODEL_NOT_FOUND: 'model_not_found' };

/** An AppError in OpenAI's error shape, for the /v1 routes. */
export function openAiErrorBody(e: AppError): OpenAiError {
  return { error: { message: e.message, type: typeOf(e.status), param: e instanceof ParamError ? e.param : null, code: CODES[e.code] ?? e.code.toLowerCase() } };
}
