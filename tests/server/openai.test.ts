import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import type { ApiKey } from '../../src/config.js';
import { createApp, type AppDeps } from '../../src/server/app.js';
import { chatCompletion, chatCompletionChunk, model as modelShape, openAiError, type SearchResult } from '../../src/server/openai-shapes.js';
import { ServiceState, type Ready } from '../../src/server/service-state.js';
import { servicesFor } from '../../src/server/services.js';
import { realIndex } from '../helpers.js';

/**
 * The OpenAI-compatible routes, driven by the official `openai` npm client, as Open WebUI
 * and other tools drive them, against the real app and the TRUST test collection's index.
 */

const KEY: ApiKey = { id: 'webui', key: 'webui-key-0123456789abcdef', role: 'read' };

async function serve(deps: Omit<AppDeps, 'state'> & { state: ServiceState }): Promise<{ base: string; server: Server }> {
  const server = createApp(deps).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

/** A client for the server's /v1; no retries, so that an error status is seen at once. */
const clientFor = (base: string, apiKey = 'any key: the server has none') => new OpenAI({ baseURL: `${base}/v1`, apiKey, maxRetries: 0 });

/** The fields this server adds to OpenAI's completion and last chunk. */
interface Sources {
  citations: string[];
  search_results: SearchResult[];
  trust_rag: { status?: string; grounded?: boolean; standaloneQuestion?: string; verdict?: string; confidence: number };
}

/** The APIError a request fails with (failing the test if it succeeds or fails otherwise). */
async function apiError(promise: Promise<unknown>): Promise<InstanceType<typeof OpenAI.APIError>> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof OpenAI.APIError, `an APIError, not ${String(err)}`);
    openAiError.parse({ error: err.error });
    return err;
  }
  assert.fail('expected the request to fail');
}

describe('the OpenAI-compatible API, through the official openai client', () => {
  let ready: Ready;
  let base = '';
  let server: Server;
  let client: OpenAI;
  /** Which kinds of source the citations checked so far had: a URL, or a doc:// id. */
  const urlKinds = new Set<'url' | 'doc'>();

  before(async () => {
    const state = new ServiceState();
    ready = servicesFor(await realIndex());
    state.set(ready);
    ({ base, server } = await serve({ state }));
    client = clientFor(base);
  });
  after(() => server.close());

  /** Markers, Sources list, citations and search_results agree, and every quote is the document's own text. */
  function assertSourcesExact(content: string, sources: Sources): void {
    const markers = new Set([...content.matchAll(/\[(\d+)\]/g)].map((m) => Number(m[1])));
    assert.ok(sources.search_results.length > 0, 'some passages are cited');
    assert.equal(sources.citations.length, sources.search_results.length);
    const list = content.slice(content.lastIndexOf('\n\nSources:\n') + '\n\nSources:\n'.length).split('\n');
    assert.ok(content.includes('\n\nSources:\n'), 'the text ends with a Sources list');
    sources.search_results.forEach((r, i) => {
      const doc = ready.index.docs.get(r.docId);
      assert.ok(doc, `document ${r.docId} exists`);
      assert.equal(doc.text.slice(r.start, r.end), r.quote, `quote of ${r.docId} ${r.start}-${r.end} is exact`);
      assert.ok(r.quote.length > 0);
      assert.equal(r.title, doc.meta.title);
      // A document's source URL, or, for one without, its id.
      assert.equal(r.url, doc.meta.sourceUrl ?? `doc://${r.docId}`);
      urlKinds.add(doc.meta.sourceUrl ? 'url' : 'doc');
      assert.equal(sources.citations[i], r.url);
      assert.equal(list[i], `[${i + 1}] ${r.title} — ${doc.meta.sourceUrl ?? r.docId}`);
      assert.ok(markers.has(i + 1), `marker [${i + 1}] is in the text`);
    });
  }

  it('lists the answering model and the claim-checking model', async () => {
    const models = [];
    for await (const m of client.models.list()) models.push(modelShape.strict().parse(m));
    assert.deepEqual(models.map((m) => [m.id, m.object, m.owned_by]), [
      ['trust-rag', 'model', 'trust-rag'],
      ['trust-rag-verify', 'model', 'trust-rag'],
    ]);
    const verify = await client.models.retrieve('trust-rag-verify');
    assert.equal(verify.id, 'trust-rag-verify');
    assert.ok(Number.isInteger(verify.created));
  });

  it('answers the last user message like /api/ask, with [n] markers, a Sources list and the cited passages', async () => {
    const question = 'Whom did Jake Sullivan meet in New Delhi?';
    const completion = await client.chat.completions.create({
      model: 'trust-rag',
      messages: [
        { role: 'system', content: 'You are a helpful assistant.' },
        { role: 'user', content: question },
      ],
      // Sampling settings and other fields OpenAI clients send are accepted and ignored.
      temperature: 0.2,
      top_p: 0.9,
      max_tokens: 500,
      n: 1,
      user: 'someone',
    });
    // The shapes the OpenAPI document is generated from describe the real response.
    chatCompletion.strict().parse(completion);
    assert.equal(completion.object, 'chat.completion');
    assert.equal(completion.model, 'trust-rag');
    assert.match(completion.id, /^chatcmpl-/);
    const [choice] = completion.choices;
    assert.equal(choice?.finish_reason, 'stop');
    assert.equal(choice?.message.role, 'assistant');
    const content = choice!.message.content!;
    assert.match(content, /Ajit Doval/);
    const sources = completion as unknown as Sources;
    assertSourcesExact(content, sources);
    assert.equal(sources.trust_rag.status, 'answered');
    assert.equal(sources.trust_rag.grounded, true);

    const plain = await (await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) })).json();
    assert.ok(content.startsWith(`${plain.answer}\n\nSources:\n`), 'the same answer as /api/ask, then its sources');
    assert.deepEqual(
      sources.search_results.map((r) => [r.docId, r.start, r.end]),
      plain.citations.map((c: { docId: string; start: number; end: number }) => [c.docId, c.start, c.end]),
    );

    const usage = completion.usage!;
    assert.ok(usage.prompt_tokens > 0 && usage.completion_tokens > 0);
    assert.equal(usage.total_tokens, usage.prompt_tokens + usage.completion_tokens);
  });

  it('reads a follow-up against the earlier user messages, and keeps no conversation on the server', async () => {
    // Every request here comes from this machine, which the server knows by its address.
    const saved = () => ready.assistant.conversations.list('ip:127.0.0.1', 200).length;
    const stored = saved();
    const completion = await client.chat.completions.create({
      model: 'trust-rag',
      messages: [
        { role: 'user', content: 'What is INDUS Innovation modeled on?' },
        { role: 'assistant', content: 'INDUS Innovation is modeled on INDUS-X [1].\n\nSources:\n[1] Something — doc' },
        // Content as an array of parts, as multimodal clients send it.
        { role: 'user', content: [{ type: 'text', text: 'What does it promote?' }] },
      ],
    });
    const sources = completion as unknown as Sources;
    assert.equal(sources.trust_rag.standaloneQuestion, 'What does INDUS Innovation promote?');
    assert.match(completion.choices[0]!.message.content!, /INDUS Innovation/);
    assertSourcesExact(completion.choices[0]!.message.content!, sources);
    assert.equal(saved(), stored, 'no conversation is saved for a /v1 call');
  });

  it('streams chat.completion.chunk events: the role first, then the text, then the sources with finish_reason stop', async () => {
    const question = 'Which company partnerships enhance AI-driven defense capabilities?';
    for (const model of ['trust-rag', 'trust-rag-verify']) {
      const messages = [{ role: 'user' as const, content: model === 'trust-rag' ? question : 'India was granted STA-1 status in 2021.' }];
      const stream = await client.chat.completions.create({ model, messages, stream: true, stream_options: { include_usage: true } });
      const chunks: OpenAI.Chat.ChatCompletionChunk[] = [];
      for await (const chunk of stream) chunks.push(chunk);
      for (const c of chunks) chatCompletionChunk.strict().parse(c);
      assert.ok(chunks.every((c) => c.object === 'chat.completion.chunk' && c.model === model && c.id === chunks[0]!.id));
      assert.equal(chunks[0]!.choices[0]!.delta.role, 'assistant');
      const withChoice = chunks.filter((c) => c.choices.length > 0);
      const last = withChoice.at(-1)!;
      assert.equal(last.choices[0]!.finish_reason, 'stop');
      assert.ok(withChoice.slice(0, -1).every((c) => c.choices[0]!.finish_reason === null));
      const streamed = withChoice.map((c) => c.choices[0]!.delta.content ?? '').join('');
      assert.ok(withChoice.length > 5, 'the text comes in several pieces');
      assertSourcesExact(streamed, last as unknown as Sources);
      // With include_usage, a last chunk without choices carries the usage.
      const usage = chunks.at(-1)!;
      assert.deepEqual(usage.choices, []);
      assert.ok(usage.usage!.completion_tokens > 0);

      const whole = await client.chat.completions.create({ model, messages });
      assert.equal(streamed, whole.choices[0]!.message.content, 'the stream carries the same text as the plain answer');
      assert.deepEqual((last as unknown as Sources).search_results, (whole as unknown as Sources).search_results);
    }
  });

  it('ends the event stream with data: [DONE]', async () => {
    const response = await client.chat.completions.create({ model: 'trust-rag', messages: [{ role: 'user', content: 'When was iCET launched?' }], stream: true }).asResponse();
    assert.match(response.headers.get('content-type') ?? '', /^text\/event-stream/);
    const raw = await response.text();
    assert.ok(raw.endsWith('data: [DONE]\n\n'));
    assert.ok(raw.split('\n\n').filter(Boolean).every((event) => event.startsWith('data: ')), 'events are unnamed data lines');
  });

  it('checks the last user message as a claim with trust-rag-verify: verdict, explanation and quoted evidence', async () => {
    const completion = await client.chat.completions.create({ model: 'trust-rag-verify', messages: [{ role: 'user', content: 'India was granted STA-1 status in 2021.' }] });
    const content = completion.choices[0]!.message.content!;
    assert.match(content, /^Contradicted \(confidence \d+%\)\. The sources give 2018, not 2021 \[1\]\.\n\nEvidence:\n\[1\] contradicts: "/);
    const sources = completion as unknown as Sources;
    assert.equal(sources.trust_rag.verdict, 'contradicted');
    assert.equal(sources.search_results[0]!.stance, 'contradicts');
    assert.ok(content.includes(`[1] contradicts: "${sources.search_results[0]!.quote.replace(/\s+/g, ' ').trim()}"`), 'the evidence is quoted');
    assertSourcesExact(content, sources);
  });

  it('describes the /v1 routes in the OpenAPI document', async () => {
    const spec = await (await fetch(`${base}/api/openapi.json`)).json();
    for (const path of ['/v1/chat/completions', '/v1/models', '/v1/models/{model}']) assert.ok(spec.paths[path], path);
    for (const name of ['ChatCompletion', 'ChatCompletionChunk', 'OpenAiError']) assert.equal(spec.components.schemas[name].type, 'object', name);
    assert.deepEqual(spec.paths['/v1/chat/completions'].post.requestBody.content['application/json'].schema.required, ['model', 'messages']);
  });

  it('named sources both by URL and, for documents without one, by doc://<docId>', () => {
    assert.deepEqual([...urlKinds].sort(), ['doc', 'url']);
  });

  const invalid: Array<[string, () => Promise<unknown>, string | null]> = [
    ['no messages', () => client.chat.completions.create({ model: 'trust-rag', messages: [] }), 'messages'],
    ['no user message', () => client.chat.completions.create({ model: 'trust-rag', messages: [{ role: 'system', content: 'Be brief.' }] }), 'messages'],
    ['a user message without text', () => client.chat.completions.create({ model: 'trust-rag', messages: [{ role: 'user', content: '   ' }] }), 'messages[0].content'],
    ['a question over 2,000 characters', () => client.chat.completions.create({ model: 'trust-rag', messages: [{ role: 'user', content: 'x'.repeat(2001) }] }), 'messages[0].content'],
    ['a message with an unknown role', () => client.chat.completions.create({ model: 'trust-rag', messages: [{ role: 'robot', content: 'hi' } as never] }), 'messages[0].role'],
    ['more than one choice', () => client.chat.completions.create({ model: 'trust-rag', messages: [{ role: 'user', content: 'When was iCET launched?' }], n: 2 }), 'n'],
  ];
  for (const [what, send, param] of invalid) {
    it(`refuses ${what} with a 400 BadRequestError naming the parameter`, async () => {
      const err = await apiError(send());
      assert.ok(err instanceof OpenAI.BadRequestError);
      assert.equal(err.status, 400);
      assert.equal(err.type, 'invalid_request_error');
      assert.equal(err.code, 'invalid_input');
      assert.equal(err.param, param);
      assert.doesNotMatch(err.message, /\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
    });
  }

  it('answers an unknown model with a 404 model_not_found, for chat and for the model itself', async () => {
    const chat = await apiError(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'When was iCET launched?' }] }));
    assert.ok(chat instanceof OpenAI.NotFoundError);
    assert.deepEqual([chat.status, chat.code, chat.param, chat.type], [404, 'model_not_found', 'model', 'invalid_request_error']);
    assert.match(chat.message, /trust-rag/);
    const retrieve = await apiError(client.models.retrieve('gpt-4o'));
    assert.deepEqual([retrieve.status, retrieve.code], [404, 'model_not_found']);
  });

  it('answers an unknown /v1 route with a 404 in OpenAI\'s error shape, and keeps /api errors in their own', async () => {
    const err = await apiError(client.get('/embeddings'));
    assert.deepEqual([err.status, err.code, err.type], [404, 'not_found', 'invalid_request_error']);
    const api = await (await fetch(`${base}/api/nothing`)).json();
    assert.deepEqual(Object.keys(api.error).sort(), ['code', 'message']);
    assert.equal(api.error.code, 'NOT_FOUND');
  });
});

describe('the OpenAI-compatible API behind API keys and the rate limit', () => {
  let state: ServiceState;
  before(async () => {
    state = new ServiceState();
    state.set(servicesFor(await realIndex()));
  });

  it('refuses a client without the key, or with a wrong one, with a 401 AuthenticationError', async () => {
    const { base, server } = await serve({ state, apiKeys: [KEY] });
    try {
      // The client insists on a key; a null header is its way to send none.
      const missing = await apiError(new OpenAI({ baseURL: `${base}/v1`, apiKey: 'unused', defaultHeaders: { authorization: null }, maxRetries: 0 }).models.list());
      assert.ok(missing instanceof OpenAI.AuthenticationError);
      assert.deepEqual([missing.status, missing.code, missing.type], [401, 'invalid_api_key', 'authentication_error']);
      const wrong = await apiError(clientFor(base, 'not-the-key-0123456789').chat.completions.create({ model: 'trust-rag', messages: [{ role: 'user', content: 'When was iCET launched?' }] }));
      assert.deepEqual([wrong.status, wrong.code], [401, 'invalid_api_key']);
      const answered = await clientFor(base, KEY.key).chat.completions.create({ model: 'trust-rag', messages: [{ role: 'user', content: 'When was iCET launched?' }] });
      assert.match(answered.choices[0]!.message.content!, /\[1\]/);
    } finally {
      server.close();
    }
  });

  it('counts /v1 and /api requests against the same limit, and answers past it with a 429 RateLimitError', async () => {
    const { base, server } = await serve({ state, apiKeys: [KEY], rateLimitPerMinute: 2 });
    try {
      const client = clientFor(base, KEY.key);
      assert.equal((await fetch(`${base}/api/documents`, { headers: { authorization: `Bearer ${KEY.key}` } })).status, 200);
      await client.models.retrieve('trust-rag');
      const err = await apiError(client.models.list());
      assert.ok(err instanceof OpenAI.RateLimitError);
      assert.deepEqual([err.status, err.code, err.type], [429, 'rate_limit_exceeded', 'rate_limit_error']);
      assert.match(err.headers?.get('retry-after') ?? '', /^\d+$/);
    } finally {
      server.close();
    }
  });

  it('lists the models while the index loads, and answers questions with a 503 and Retry-After until it is ready', async () => {
    const { base, server } = await serve({ state: new ServiceState() });
    try {
      const client = clientFor(base);
      assert.equal((await client.models.retrieve('trust-rag')).id, 'trust-rag');
      const err = await apiError(client.chat.completions.create({ model: 'trust-rag', messages: [{ role: 'user', content: 'When was iCET launched?' }] }));
      assert.ok(err instanceof OpenAI.InternalServerError);
      assert.deepEqual([err.status, err.code, err.type], [503, 'index_loading', 'server_error']);
      assert.match(err.headers?.get('retry-after') ?? '', /^\d+$/);
    } finally {
      server.close();
    }
  });
});
