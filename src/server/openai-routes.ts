import { randomUUID } from 'node:crypto';
import express, { type Request, type Router } from 'express';
import { AppError } from '../errors.js';
import { answerReply, estimateTokens, readConversation, textOf, verdictReply, type Reply } from './openai-format.js';
import {
  ANSWER_MODEL,
  chatCompletionRequest,
  MODEL_IDS,
  ParamError,
  parseOpenAi,
  VERIFY_MODEL,
  type ChatCompletion,
  type ChatCompletionChunk,
  type Model,
  type ModelId,
} from './openai-shapes.js';
import type { ServiceState } from './service-state.js';
import type { Metrics } from './metrics.js';
import { abortOnClose, answerPieces, openDataStream } from './sse.js';

/**
 * The OpenAI-compatible routes, for the tools that speak OpenAI's chat completions (Open
 * WebUI, LibreChat, editor plug-ins, every OpenAI SDK): `GET /models`, `GET /models/:id`
 * and `POST /chat/completions`, mounted at `/v1` behind the same keys and rate limit as
 * `/api`. Conversations are the client's: each request carries its whole history, and
 * nothing is stored on the server.
 */

/** Where the routes are mounted; errors under it take OpenAI's shape. */
export const OPENAI_PREFIX = '/v1';

/** True for a request to an OpenAI-compatible route. */
export function isOpenAiRequest(req: Request): boolean {
  const path = req.originalUrl.split('?')[0] ?? '';
  return path === OPENAI_PREFIX || path.startsWith(`${OPENAI_PREFIX}/`);
}

/**
 * OpenAI clients resend the whole conversation, answers and their source lists included,
 * with every message: a long chat outgrows the 32 kB that /api bodies get. Only the last
 * question is answered, and it is held to the same 2,000 characters.
 */
const BODY_LIMIT = '512kb';

const DESCRIPTIONS: Record<ModelId, string> = {
  [ANSWER_MODEL]: 'Answers the last user message from the documents, citing each statement with [n] markers; earlier user messages make follow-ups standalone.',
  [VERIFY_MODEL]: 'Checks the last user message as a claim against the documents: supported, contradicted or not enough information, with the evidence quoted.',
};

function modelIdOf(name: string): ModelId {
  const id = MODEL_IDS.find((m) => m === name);
  if (!id) throw new ParamError('MODEL_NOT_FOUND', `The model "${name.slice(0, 200)}" does not exist: use ${MODEL_IDS.join(' or ')} (GET /v1/models)`, 'model');
  return id;
}

/** `answered` counts each answer for the metrics. */
export function openAiRoutes(state: ServiceState, answered: Metrics['answered'] = () => {}): Router {
  const router = express.Router();
  // Models are listed with the time the server started, as OpenAI lists when a model was made.
  const started = Math.floor(Date.now() / 1000);
  const card = (id: ModelId): Model => ({ id, object: 'model', created: started, owned_by: 'trust-rag', description: DESCRIPTIONS[id] });

  router.use(express.json({ limit: BODY_LIMIT, strict: true }));
  router.use((req, _res, next) => {
    if (req.method === 'POST' && !req.is('application/json')) return next(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the body as application/json'));
    next();
  });

  // The model list needs no index, so that a client can be set up while it loads.
  router.get('/models', (_req, res) => void res.json({ object: 'list', data: MODEL_IDS.map(card) }));
  router.get('/models/:id', (req, res) => void res.json(card(modelIdOf(String(req.params.id)))));

  router.post('/chat/completions', async (req, res) => {
    const body = parseOpenAi(chatCompletionRequest, req.body);
    const model = modelIdOf(body.model);
    const { question, earlier } = readConversation(body.messages);
    const ready = state.get();
    // The documents of the generation that answers, for the citations' URLs and dates.
    const docs = ready.index.docs;
    const id = `chatcmpl-${randomUUID().replaceAll('-', '')}`;
    const created = Math.floor(Date.now() / 1000);
    const withUsage = body.stream_options?.include_usage === true;
    const chunk = (choices: ChatCompletionChunk['choices'], extra: Partial<ChatCompletionChunk> = {}): ChatCompletionChunk => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model,
      choices,
      ...(withUsage ? { usage: null } : {}),
      ...extra,
    });
    const delta = (d: ChatCompletionChunk['choices'][number]['delta'], finish: 'stop' | null = null) => [{ index: 0 as const, delta: d, logprobs: null, finish_reason: finish }];
    // The stream opens with the first verified sentence of a generated answer, or once the
    // answer is complete: until then every failure still gets its status.
    let stream: ReturnType<typeof openDataStream> | undefined;
    const opened = () => {
      if (!stream) {
        stream = openDataStream(res);
        stream.send(chunk(delta({ role: 'assistant', content: '' })));
      }
      return stream;
    };
    let streamed = '';
    const signal = abortOnClose(res);
    const onText = (text: string) => {
      streamed += text;
      opened().send(chunk(delta({ content: text })));
    };
    const answer = async () => {
      const result = await ready.assistant.askAfter(question, earlier, { signal, ...(body.stream ? { onText } : {}) });
      answered(result);
      return answerReply(result, docs);
    };
    const reply: Reply = model === VERIFY_MODEL ? verdictReply(await ready.verifier.verify(question, { signal }), docs) : await answer();
    const promptTokens = body.messages.reduce((sum, m) => sum + estimateTokens(textOf(m)), 0);
    const completionTokens = estimateTokens(reply.text);
    const usage = { prompt_tokens: promptTokens, completion_tokens: completionTokens, total_tokens: promptTokens + completionTokens };
    const sources = { citations: reply.citations, search_results: reply.searchResults, trust_rag: reply.details };

    if (!body.stream) {
      const completion: ChatCompletion = {
        id,
        object: 'chat.completion',
        created,
        model,
        choices: [{ index: 0, message: { role: 'assistant', content: reply.text, refusal: null }, logprobs: null, finish_reason: 'stop' }],
        usage,
        ...sources,
      };
      return void res.json(completion);
    }

    const out = opened();
    // What was not streamed yet: the whole text, or after a generated answer its "Sources:" list.
    const rest = streamed === '' ? reply.text : reply.text.startsWith(streamed) ? reply.text.slice(streamed.length) : '';
    const pieces = answerPieces(rest);
    // Pieces start at a word: the blank line before "Sources:" goes with the first.
    if (pieces.length > 0) pieces[0] = `${/^\s*/.exec(rest)![0]}${pieces[0]}`;
    for (const piece of pieces) {
      if (signal.aborted) return;
      out.send(chunk(delta({ content: piece })));
    }
    out.send(chunk(delta({}, 'stop'), sources));
    if (withUsage) out.send(chunk([], { usage }));
    out.end();
  });

  router.use((req, _res, next) => next(new AppError('NOT_FOUND', `No route ${req.method} ${OPENAI_PREFIX}${req.path.slice(0, 200)}`)));
  return router;
}
