import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createApp } from '../../src/server/app.js';
import { ServiceState } from '../../src/server/service-state.js';
import { servicesFor } from '../../src/server/services.js';
import { assertCitationsExact } from '../answer/citations.js';
import { realIndex } from '../helpers.js';

/** Starts an app on a free loopback port. */
async function serve(state: ServiceState): Promise<{ base: string; server: Server }> {
  const server = createApp({ state }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const postJson = (base: string, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** Parses a server-sent event stream into [event, data] pairs. */
function parseEvents(raw: string): Array<[string, any]> {
  return raw
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const lines = block.split('\n');
      assert.equal(lines.length, 2, `one event line and one data line: ${JSON.stringify(block)}`);
      assert.match(lines[0]!, /^event: [a-z]+$/);
      assert.match(lines[1]!, /^data: /);
      return [lines[0]!.slice(7), JSON.parse(lines[1]!.slice(6))];
    });
}

describe('the HTTP API', () => {
  let base = '';
  let server: Server;
  const docText = new Map<string, string>();

  before(async () => {
    const state = new ServiceState();
    state.set(servicesFor(await realIndex()));
    ({ base, server } = await serve(state));
  });
  after(() => server.close());

  async function documentText(docId: string): Promise<string> {
    if (!docText.has(docId)) {
      const res = await fetch(`${base}/api/documents/${encodeURIComponent(docId)}`);
      assert.equal(res.status, 200);
      docText.set(docId, (await res.json()).text);
    }
    return docText.get(docId)!;
  }

  async function assertExactAgainstServedText(body: any): Promise<void> {
    for (const c of [...body.citations, ...body.related]) await documentText(c.docId);
    assertCitationsExact(body, (id) => docText.get(id));
  }

  it('answers a question with citations that slice the served document text exactly', async () => {
    const res = await postJson(base, '/api/ask', { question: 'Whom did Jake Sullivan meet in New Delhi?' });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.grounded, true);
    assert.match(body.answer, /Ajit Doval/);
    assert.match(body.conversationId, /^[0-9a-f-]{36}$/);
    assert.equal(body.standaloneQuestion, 'Whom did Jake Sullivan meet in New Delhi?');
    for (const key of ['embedMs', 'denseMs', 'lexicalMs', 'fuseMs', 'composeMs', 'totalMs']) assert.equal(typeof body.timings[key], 'number');
    await assertExactAgainstServedText(body);
  });

  it('abstains on a question the documents do not answer', async () => {
    const body = await (await postJson(base, '/api/ask', { question: 'Who founded Infosys?' })).json();
    assert.equal(body.grounded, false);
    assert.deepEqual(body.citations, []);
    await assertExactAgainstServedText(body);
  });

  it('rewrites a follow-up in the same conversation', async () => {
    const first = await (await postJson(base, '/api/ask', { question: 'What is INDUS Innovation modeled on?' })).json();
    const follow = await (await postJson(base, '/api/ask', { question: 'What does it promote?', conversationId: first.conversationId })).json();
    assert.equal(follow.conversationId, first.conversationId);
    assert.equal(follow.standaloneQuestion, 'What does INDUS Innovation promote?');
    assert.match(follow.answer, /INDUS Innovation/);
    await assertExactAgainstServedText(follow);
  });

  it('streams an answer as server-sent events: meta, deltas, citations, done', async () => {
    const question = 'Which company partnerships enhance AI-driven defense capabilities?';
    const res = await postJson(base, '/api/chat', { question }, { accept: 'text/event-stream' });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const events = parseEvents(await res.text());
    const names = events.map(([e]) => e);
    assert.equal(names[0], 'meta');
    assert.deepEqual(names.slice(-2), ['citations', 'done']);
    assert.ok(names.slice(1, -2).every((n) => n === 'delta') && names.length > 4);
    const answer = events.filter(([e]) => e === 'delta').map(([, d]) => d.text).join('');
    const citations = events.find(([e]) => e === 'citations')![1];
    assert.match(answer, /Anduril-Mahindra/);
    await assertExactAgainstServedText({ answer, citations: citations.citations, related: citations.related });
    const plain = await (await postJson(base, '/api/ask', { question })).json();
    assert.equal(answer, plain.answer, 'the stream carries the same answer as /api/ask');
  });

  it('checks a claim, with evidence that slices the served text exactly', async () => {
    const res = await postJson(base, '/api/verify', { claim: 'India was granted STA-1 status in 2021.' });
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.verdict, 'contradicted');
    assert.equal(body.explanation, 'The sources give 2018, not 2021 [1].');
    assert.equal(body.evidence[0].stance, 'contradicts');
    await assertExactAgainstServedText({ answer: body.explanation, citations: [body.evidence[0]], related: body.evidence });
    assert.ok(body.confidence > 0 && body.confidence <= 1);
  });

  it('answers /api/chat with JSON when the client does not ask for a stream', async () => {
    const res = await postJson(base, '/api/chat', { question: 'When was iCET launched?' }, { accept: 'application/json' });
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.equal((await res.json()).grounded, true);
  });

  it('searches passages, with k and document filters', async () => {
    const res = await fetch(`${base}/api/search?q=${encodeURIComponent('MQ-9B drones')}&k=3`);
    const { results } = await res.json();
    assert.equal(results.length, 3);
    assert.ok(results.some((r: any) => r.text.includes('MQ-9B')));
    for (const r of results) assert.equal((await documentText(r.docId)).slice(r.start, r.end), r.text);
    const docId = results[0].docId;
    const filtered = await (await fetch(`${base}/api/search?q=trade&k=4&docIds=${docId}`)).json();
    assert.ok(filtered.results.every((r: any) => r.docId === docId));
  });

  it('lists documents with metadata and serves each one', async () => {
    const { documents } = await (await fetch(`${base}/api/documents`)).json();
    assert.equal(documents.length, 5);
    for (const d of documents) {
      assert.ok(d.id && d.title && d.chunks > 0 && d.length > 0);
      const doc = await (await fetch(`${base}/api/documents/${d.id}`)).json();
      assert.equal(doc.text.length, d.length);
    }
  });

  it('reports health and describes itself', async () => {
    const health = await (await fetch(`${base}/healthz`)).json();
    assert.deepEqual([health.status, health.documents, health.embedder], ['ready', 5, 'use-lite-512']);
    const spec = await (await fetch(`${base}/api/openapi.json`)).json();
    for (const path of ['/api/ask', '/api/chat', '/api/verify', '/api/search', '/api/documents', '/api/documents/{docId}', '/healthz']) assert.ok(spec.paths[path], path);
  });

  const badRequests: Array<[string, () => Promise<Response>, number, string]> = [
    ['an empty question', () => postJson(base, '/api/ask', { question: '   ' }), 400, 'INVALID_INPUT'],
    ['an oversized question', () => postJson(base, '/api/ask', { question: 'x'.repeat(2001) }), 400, 'INVALID_INPUT'],
    ['a question of the wrong type', () => postJson(base, '/api/ask', { question: 42 }), 400, 'INVALID_INPUT'],
    ['a missing question', () => postJson(base, '/api/ask', {}), 400, 'INVALID_INPUT'],
    ['an unknown field', () => postJson(base, '/api/ask', { question: 'q', verbose: true }), 400, 'INVALID_INPUT'],
    ['k out of range', () => postJson(base, '/api/ask', { question: 'q', k: 0 }), 400, 'INVALID_INPUT'],
    ['k not an integer', () => postJson(base, '/api/ask', { question: 'q', k: 2.5 }), 400, 'INVALID_INPUT'],
    ['a bad conversation id', () => postJson(base, '/api/ask', { question: 'q', conversationId: '../../etc' }), 400, 'INVALID_INPUT'],
    ['a body that is not an object', () => postJson(base, '/api/ask', '[1,2]'), 400, 'INVALID_INPUT'],
    ['malformed JSON', () => postJson(base, '/api/ask', '{"question": '), 400, 'INVALID_JSON'],
    ['a body over the size limit', () => postJson(base, '/api/ask', { question: 'q', docIds: Array(3000).fill('abcdefghijklmn') }), 413, 'PAYLOAD_TOO_LARGE'],
    ['a body that is not JSON', () => fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'question' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['an unknown document filter', () => postJson(base, '/api/ask', { question: 'q', docIds: ['nope'] }), 404, 'DOCUMENT_NOT_FOUND'],
    ['an unknown document', () => fetch(`${base}/api/documents/nope`), 404, 'DOCUMENT_NOT_FOUND'],
    ['a search without a query', () => fetch(`${base}/api/search`), 400, 'INVALID_INPUT'],
    ['a search with k out of range', () => fetch(`${base}/api/search?q=x&k=500`), 400, 'INVALID_INPUT'],
    ['a search with an unknown parameter', () => fetch(`${base}/api/search?q=x&limit=3`), 400, 'INVALID_INPUT'],
    ['an unknown route', () => fetch(`${base}/api/nothing`), 404, 'NOT_FOUND'],
    ['an empty claim', () => postJson(base, '/api/verify', { claim: '' }), 400, 'INVALID_INPUT'],
    ['an oversized claim', () => postJson(base, '/api/verify', { claim: 'y'.repeat(2001) }), 400, 'INVALID_INPUT'],
    ['a claim that is not a string', () => postJson(base, '/api/verify', { claim: ['a'] }), 400, 'INVALID_INPUT'],
    ['a claim with an unknown field', () => postJson(base, '/api/verify', { claim: 'x', k: 3 }), 400, 'INVALID_INPUT'],
    ['an invalid chat request', () => postJson(base, '/api/chat', { question: '' }, { accept: 'text/event-stream' }), 400, 'INVALID_INPUT'],
  ];
  for (const [what, send, status, code] of badRequests) {
    it(`answers ${what} with ${status} ${code} and no stack trace`, async () => {
      const res = await send();
      assert.equal(res.status, status);
      const raw = await res.text();
      assert.doesNotMatch(raw, /\bat [\w.<>]+ \(|node_modules|\.ts:\d+/);
      const body = JSON.parse(raw);
      assert.equal(body.error.code, code);
      assert.equal(typeof body.error.message, 'string');
    });
  }
});

describe('the API before the index is loaded', () => {
  it('answers 503 with Retry-After for health and for questions, with a JSON error that names no server path', async () => {
    const state = new ServiceState();
    const { base, server } = await serve(state);
    try {
      const health = await fetch(`${base}/healthz`);
      assert.equal(health.status, 503);
      assert.match(health.headers.get('retry-after') ?? '', /^\d+$/);
      const res = await postJson(base, '/api/ask', { question: 'q' });
      assert.equal(res.status, 503);
      assert.match(res.headers.get('retry-after') ?? '', /^\d+$/);
      assert.equal((await res.json()).error.code, 'INDEX_LOADING');
      state.fail(new Error('cannot write /srv/secret/index/gen-1: read-only file system'));
      const failed = await (await fetch(`${base}/api/documents`)).json();
      assert.match(failed.error.message, /could not be loaded/);
      assert.doesNotMatch(failed.error.message, /\/srv|read-only/);
    } finally {
      server.close();
    }
  });
});
