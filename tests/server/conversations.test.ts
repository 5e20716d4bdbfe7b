import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { CONVERSATIONS_FILE } from '../../src/chat/conversation-db.js';
import type { ConversationStore } from '../../src/chat/conversations.js';
import { openConversationStore } from '../../src/chat/sqlite-conversations.js';
import { PROJECT_ROOT, type ApiKey } from '../../src/config.js';
import { createApp } from '../../src/server/app.js';
import { openApiDocument } from '../../src/server/openapi.js';
import { ServiceState } from '../../src/server/service-state.js';
import { servicesFor } from '../../src/server/services.js';
import { realIndex, tempDir } from '../helpers.js';

const exec = promisify(execFile);
const ALICE: ApiKey = { id: 'alice', key: 'alice-key-0123456789abcdef', role: 'read' };
const BOB: ApiKey = { id: 'bob', key: 'bob-key-0123456789abcdef01', role: 'read' };

/** A real app on a free loopback port, over the TRUST test index and the given store. */
async function serve(conversations: ConversationStore): Promise<{ base: string; server: Server }> {
  const state = new ServiceState();
  state.set(servicesFor(await realIndex(), 'model', undefined, conversations));
  const server = createApp({ state, conversations, apiKeys: [ALICE, BOB], rateLimitPerMinute: 0 }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

const closeServer = (server: Server) => new Promise((resolve) => server.close(resolve));

/** Calls the API as one client. */
function client(base: () => string, who: ApiKey) {
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    fetch(`${base()}${path}`, {
      method,
      headers: { authorization: `Bearer ${who.key}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
  const json = async (method: string, path: string, body?: unknown, status = 200): Promise<any> => {
    const res = await call(method, path, body);
    const text = await res.text();
    assert.equal(res.status, status, text);
    return text === '' ? undefined : JSON.parse(text);
  };
  return {
    call,
    json,
    ask: (question: string, extra: Record<string, unknown> = {}) => json('POST', '/api/ask', { question, ...extra }),
    verify: (claim: string, extra: Record<string, unknown> = {}) => json('POST', '/api/verify', { claim, ...extra }),
    conversation: (id: string) => json('GET', `/api/conversations/${id}`),
    list: (query = '') => json('GET', `/api/conversations${query}`),
  };
}

async function errorOf(res: Response): Promise<{ status: number; code: string }> {
  const body = await res.json();
  return { status: res.status, code: body.error.code };
}

/** Reads a server-sent event stream into [event, data] pairs. */
const eventsOf = (raw: string): Array<[string, any]> =>
  raw
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      const [event, data] = block.split('\n');
      return [event!.slice(7), JSON.parse(data!.slice(6))];
    });

describe('saved conversations over HTTP', () => {
  let dataDir = '';
  let store: ConversationStore;
  let base = '';
  let server: Server;
  const alice = client(() => base, ALICE);
  const bob = client(() => base, BOB);

  before(async () => {
    // Not tempDir(): called in a hook, its clean-up would run as soon as the hook ends.
    dataDir = await mkdtemp(join(tmpdir(), 'trust-rag-data-'));
    store = openConversationStore(join(dataDir, CONVERSATIONS_FILE));
    ({ base, server } = await serve(store));
  });
  after(async () => {
    await closeServer(server);
    store.close();
    await rm(dataDir, { recursive: true, force: true });
  });

  it('keeps questions, answers with citations and checked claims across a restart, and rewrites follow-ups from them', async () => {
    const first = await alice.ask('What is INDUS Innovation modeled on?');
    assert.match(first.turnId, /^[0-9a-f-]{36}$/);
    const claim = await alice.verify('India was granted STA-1 status in 2021.', { conversationId: first.conversationId });
    assert.equal(claim.conversationId, first.conversationId);
    assert.match(claim.turnId, /^[0-9a-f-]{36}$/);
    assert.equal(claim.verdict, 'contradicted');

    // Restart: a new store on the same file, a new app.
    await closeServer(server);
    store.close();
    store = openConversationStore(join(dataDir, CONVERSATIONS_FILE));
    ({ base, server } = await serve(store));

    const { conversations } = await alice.list();
    assert.equal(conversations.length, 1);
    assert.deepEqual(Object.keys(conversations[0]).sort(), ['createdAt', 'id', 'title', 'turnCount', 'updatedAt']);
    assert.equal(conversations[0].title, 'What is INDUS Innovation modeled on?');
    assert.equal(conversations[0].turnCount, 2);
    const saved = await alice.conversation(first.conversationId);
    assert.deepEqual(saved.turns.map((t: any) => [t.mode, t.input]), [
      ['ask', 'What is INDUS Innovation modeled on?'],
      ['verify', 'India was granted STA-1 status in 2021.'],
    ]);
    assert.deepEqual(saved.turns[0].result, first, 'the whole /api/ask response is saved');
    assert.deepEqual(saved.turns[1].result, claim, 'the whole /api/verify response is saved');
    assert.ok(saved.turns[0].result.citations.length > 0);
    assert.equal(saved.turns[0].id, first.turnId);
    assert.equal(saved.turns[0].feedback, null);

    const follow = await alice.ask('What does it promote?', { conversationId: first.conversationId });
    assert.equal(follow.conversationId, first.conversationId);
    assert.equal(follow.standaloneQuestion, 'What does INDUS Innovation promote?');
    assert.equal((await alice.list()).conversations[0].turnCount, 3);
  });

  it('belong to their client: another one gets 404 for every route and starts its own conversation', async () => {
    const mine = await alice.ask('When was iCET launched?');
    const id = mine.conversationId;
    for (const res of [
      await bob.call('GET', `/api/conversations/${id}`),
      await bob.call('PATCH', `/api/conversations/${id}`, { title: 'Stolen' }),
      await bob.call('DELETE', `/api/conversations/${id}`),
      await bob.call('POST', '/api/feedback', { conversationId: id, turnId: mine.turnId, rating: 'down' }),
      await bob.call('POST', '/api/ask', { question: 'Who leads it?', conversationId: id, replaceTurnId: mine.turnId }),
    ]) {
      assert.deepEqual(await errorOf(res), { status: 404, code: 'CONVERSATION_NOT_FOUND' });
    }
    const theirs = await bob.ask('When was iCET launched?', { conversationId: id });
    assert.notEqual(theirs.conversationId, id, 'a new conversation of their own');
    assert.deepEqual((await bob.list()).conversations.map((c: any) => c.id), [theirs.conversationId]);
    const still = await alice.conversation(id);
    assert.equal(still.turns.length, 1);
    assert.equal(still.title, 'When was iCET launched?');
  });

  it('lists conversations newest first, up to the limit, and renames and deletes them', async () => {
    const older = await alice.ask('Whom did Jake Sullivan meet in New Delhi?');
    const newer = await alice.verify('iCET was launched in 2022.');
    const listed = (await alice.list()).conversations;
    assert.deepEqual(listed.slice(0, 2).map((c: any) => [c.id, c.title]), [
      [newer.conversationId, 'iCET was launched in 2022.'],
      [older.conversationId, 'Whom did Jake Sullivan meet in New Delhi?'],
    ]);
    for (let i = 1; i < listed.length; i++) assert.ok(listed[i - 1].updatedAt >= listed[i].updatedAt);
    assert.equal((await alice.list('?limit=1')).conversations.length, 1);

    const renamed = await alice.json('PATCH', `/api/conversations/${older.conversationId}`, { title: '  Sullivan in Delhi  ' });
    assert.equal(renamed.title, 'Sullivan in Delhi');
    assert.equal(renamed.id, older.conversationId);
    assert.equal(renamed.turnCount, 1);
    assert.equal((await alice.conversation(older.conversationId)).title, 'Sullivan in Delhi');

    assert.equal((await alice.call('DELETE', `/api/conversations/${older.conversationId}`)).status, 204);
    assert.deepEqual(await errorOf(await alice.call('GET', `/api/conversations/${older.conversationId}`)), { status: 404, code: 'CONVERSATION_NOT_FOUND' });
    assert.ok(!(await alice.list()).conversations.some((c: any) => c.id === older.conversationId));
    assert.deepEqual(await errorOf(await alice.call('DELETE', `/api/conversations/${older.conversationId}`)), { status: 404, code: 'CONVERSATION_NOT_FOUND' });
  });

  it('replaces a turn and every later one with replaceTurnId, for ask and verify', async () => {
    const first = await alice.ask('What is INDUS Innovation modeled on?');
    const conversationId = first.conversationId;
    const second = await alice.ask('Who founded Infosys?', { conversationId });
    await alice.ask('When was iCET launched?', { conversationId });
    // "Edit and resend" the second question: it and the third go.
    const edited = await alice.ask('What does it promote?', { conversationId, replaceTurnId: second.turnId });
    assert.equal(edited.standaloneQuestion, 'What does INDUS Innovation promote?', 'rewritten from the turns before it');
    let turns = (await alice.conversation(conversationId)).turns;
    assert.deepEqual(turns.map((t: any) => t.input), ['What is INDUS Innovation modeled on?', 'What does it promote?']);
    assert.equal(turns[1].id, edited.turnId);

    const checked = await alice.verify('INDUS Innovation is modeled on INDUS-X.', { conversationId, replaceTurnId: first.turnId });
    turns = (await alice.conversation(conversationId)).turns;
    assert.deepEqual(turns.map((t: any) => [t.mode, t.id]), [['verify', checked.turnId]]);
    assert.equal((await alice.conversation(conversationId)).title, 'INDUS Innovation is modeled on INDUS-X.', 'the title follows the new first turn');

    assert.deepEqual(await errorOf(await alice.call('POST', '/api/ask', { question: 'q', conversationId, replaceTurnId: second.turnId })), { status: 404, code: 'TURN_NOT_FOUND' });
    assert.deepEqual(await errorOf(await alice.call('POST', '/api/verify', { claim: 'c', conversationId: 'no-such-conversation', replaceTurnId: first.turnId })), { status: 404, code: 'CONVERSATION_NOT_FOUND' });
  });

  it('streams a turn id in the done event and saves the streamed turn, as /api/chat does without a stream', async () => {
    const res = await alice.call('POST', '/api/chat', { question: 'Which company partnerships enhance AI-driven defense capabilities?' }, { accept: 'text/event-stream' });
    const events = eventsOf(await res.text());
    const done = events.find(([e]) => e === 'done')![1];
    assert.match(done.turnId, /^[0-9a-f-]{36}$/);
    const answer = events.filter(([e]) => e === 'delta').map(([, d]) => d.text).join('');
    const saved = await alice.conversation(done.conversationId);
    assert.equal(saved.turns.length, 1);
    assert.equal(saved.turns[0].id, done.turnId);
    assert.equal(saved.turns[0].result.answer, answer);
    assert.equal(saved.turns[0].result.turnId, done.turnId);

    const json = await (await alice.call('POST', '/api/chat', { question: 'When was iCET launched?', conversationId: done.conversationId }, { accept: 'application/json' })).json();
    assert.match(json.turnId, /^[0-9a-f-]{36}$/);
    assert.equal((await alice.conversation(done.conversationId)).turns.length, 2);
    // A stream the client stops is not saved: tests/server/process.test.ts, where answers run on workers.
  });

  it('keeps feedback on a turn, replaces it when sent again, and exports it as evaluation lines', async () => {
    const asked = await alice.ask('Whom did Jake Sullivan meet in New Delhi?');
    const { conversationId } = asked;
    const checked = await alice.verify('India was granted STA-1 status in 2021.', { conversationId });
    const outside = await alice.ask('Who founded Infosys?', { conversationId });
    assert.equal(outside.status, 'not_found');
    const send = (turnId: string, rating: string, comment?: string) => alice.call('POST', '/api/feedback', { conversationId, turnId, rating, ...(comment !== undefined ? { comment } : {}) });

    assert.equal((await send(asked.turnId, 'down', 'wrong person')).status, 204);
    assert.equal((await send(asked.turnId, 'up', '  ')).status, 204);
    assert.equal((await send(checked.turnId, 'down', 'It was 2018, the verdict should say supported for 2018')).status, 204);
    assert.equal((await send(outside.turnId, 'up')).status, 204);
    const turns = (await alice.conversation(conversationId)).turns;
    assert.equal(turns[0].feedback.rating, 'up', 'the second rating replaced the first');
    assert.equal(turns[0].feedback.comment, null, 'a blank comment is none');
    assert.match(turns[0].feedback.at, /^\d{4}-/);
    assert.equal(turns[1].feedback.comment, 'It was 2018, the verdict should say supported for 2018');
    assert.deepEqual(await errorOf(await send('0123-no-such-turn', 'up')), { status: 404, code: 'TURN_NOT_FOUND' });

    const out = join(await tempDir('trust-rag-export-'), 'feedback.jsonl');
    const feedbackCli = (args: string[]) => exec(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src', 'cli', 'feedback-command.ts'), '--data', dataDir, ...args], { cwd: PROJECT_ROOT });
    const { stdout } = await feedbackCli(['--export', out]);
    assert.match(stdout, /^3 feedback \(2 up, 1 down\): 1 questions, 1 out of corpus, 1 claims; written to /);
    const lines = (await readFile(out, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l));
    const byTurn = new Map(lines.map((l) => [l.turn_id, l]));
    const question = byTurn.get(asked.turnId);
    assert.deepEqual(
      { id: question.id, kind: question.kind, question: question.question, answer_keys: question.answer_keys, rating: question.rating, comment: question.comment },
      { id: `fb-${asked.turnId}`, kind: 'question', question: 'Whom did Jake Sullivan meet in New Delhi?', answer_keys: [], rating: 'up', comment: null },
    );
    assert.deepEqual(question.gold_docs, [...new Set(asked.citations.map((c: any) => c.docId))]);
    assert.equal(question.answer, asked.answer);
    assert.deepEqual(question.citations[0], { n: 1, docId: asked.citations[0].docId, quote: asked.citations[0].quote, start: asked.citations[0].start, end: asked.citations[0].end });
    const claim = byTurn.get(checked.turnId);
    assert.deepEqual(
      { kind: claim.kind, claim: claim.claim, label: claim.label, rating: claim.rating, verdict: claim.verdict, gold_docs: claim.gold_docs },
      { kind: 'claim', claim: 'India was granted STA-1 status in 2021.', label: null, rating: 'down', verdict: 'contradicted', gold_docs: [] },
    );
    assert.equal(claim.comment, 'It was 2018, the verdict should say supported for 2018');
    assert.deepEqual({ kind: byTurn.get(outside.turnId).kind, question: byTurn.get(outside.turnId).question }, { kind: 'out_of_corpus', question: 'Who founded Infosys?' });

    await feedbackCli(['--export', out, '--rating', 'down']);
    assert.deepEqual((await readFile(out, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l).turn_id), [checked.turnId]);
    const { stdout: none } = await feedbackCli(['--export', out, '--since', '2999-01-01']);
    assert.match(none, /^0 feedback/);
    assert.equal(await readFile(out, 'utf8'), '');
    const bad = await feedbackCli(['--rating', 'meh']).catch((err: { code: number; stderr: string }) => err);
    assert.ok('code' in bad && bad.code !== 0);
    assert.match(bad.stderr, /^error \[INVALID_INPUT\]: --rating must be "up" or "down"/);
  });

  const badRequests: Array<[string, () => Promise<Response>, number, string]> = [
    ['replaceTurnId without a conversation', () => alice.call('POST', '/api/ask', { question: 'q', replaceTurnId: 'abc' }), 400, 'INVALID_INPUT'],
    ['a bad replaceTurnId', () => alice.call('POST', '/api/chat', { question: 'q', conversationId: 'abc', replaceTurnId: '../x' }), 400, 'INVALID_INPUT'],
    ['a claim with a bad conversation id', () => alice.call('POST', '/api/verify', { claim: 'c', conversationId: 'a b' }), 400, 'INVALID_INPUT'],
    ['a list limit of 0', () => alice.call('GET', '/api/conversations?limit=0'), 400, 'INVALID_INPUT'],
    ['a list limit over 200', () => alice.call('GET', '/api/conversations?limit=201'), 400, 'INVALID_INPUT'],
    ['an unknown list parameter', () => alice.call('GET', '/api/conversations?sort=title'), 400, 'INVALID_INPUT'],
    ['a malformed conversation id', () => alice.call('GET', '/api/conversations/not%20an%20id'), 400, 'INVALID_INPUT'],
    ['an unknown conversation', () => alice.call('GET', '/api/conversations/0f3c6a2e-0000-4000-8000-000000000000'), 404, 'CONVERSATION_NOT_FOUND'],
    ['an empty title', () => alice.call('PATCH', '/api/conversations/abc', { title: '   ' }), 400, 'INVALID_INPUT'],
    ['a title over 200 characters', () => alice.call('PATCH', '/api/conversations/abc', { title: 't'.repeat(201) }), 400, 'INVALID_INPUT'],
    ['a rename with an unknown field', () => alice.call('PATCH', '/api/conversations/abc', { title: 't', pinned: true }), 400, 'INVALID_INPUT'],
    ['a rename that is not JSON', () => alice.call('PATCH', '/api/conversations/abc', 'title', { 'content-type': 'text/plain' }), 415, 'UNSUPPORTED_MEDIA_TYPE'],
    ['a rating that is not up or down', () => alice.call('POST', '/api/feedback', { conversationId: 'abc', turnId: 'def', rating: 'meh' }), 400, 'INVALID_INPUT'],
    ['feedback without a turn', () => alice.call('POST', '/api/feedback', { conversationId: 'abc', rating: 'up' }), 400, 'INVALID_INPUT'],
    ['a comment over 2000 characters', () => alice.call('POST', '/api/feedback', { conversationId: 'abc', turnId: 'def', rating: 'up', comment: 'c'.repeat(2001) }), 400, 'INVALID_INPUT'],
    ['feedback on an unknown conversation', () => alice.call('POST', '/api/feedback', { conversationId: 'abc', turnId: 'def', rating: 'up' }), 404, 'CONVERSATION_NOT_FOUND'],
  ];
  for (const [what, send, status, code] of badRequests) {
    it(`answers ${what} with ${status} ${code}`, async () => {
      const res = await send();
      const raw = await res.text();
      assert.equal(res.status, status, raw);
      assert.doesNotMatch(raw, /\bat [\w.<>]+ \(|node_modules|\.ts:\d+|sqlite/i);
      assert.equal(JSON.parse(raw).error.code, code);
    });
  }

  it('lists saved conversations while the index is still loading', async () => {
    const loading = createApp({ state: new ServiceState(), conversations: store, apiKeys: [ALICE, BOB] }).listen(0, '127.0.0.1');
    await new Promise((resolve) => loading.once('listening', resolve));
    try {
      const early = client(() => `http://127.0.0.1:${(loading.address() as AddressInfo).port}`, ALICE);
      assert.ok((await early.list()).conversations.length > 0);
      assert.equal((await early.call('POST', '/api/ask', { question: 'q' })).status, 503);
    } finally {
      await closeServer(loading);
    }
  });

  it('describes every conversation route and the new fields in the OpenAPI document', () => {
    const paths = openApiDocument.paths as Record<string, Record<string, any>>;
    assert.deepEqual(Object.keys(paths['/api/conversations']!), ['get']);
    assert.deepEqual(Object.keys(paths['/api/conversations/{id}']!).sort(), ['delete', 'get', 'patch']);
    assert.ok(paths['/api/feedback']!.post);
    const askProps = paths['/api/ask']!.post.requestBody.content['application/json'].schema.properties;
    assert.ok(askProps.replaceTurnId);
    const verifyProps = paths['/api/verify']!.post.requestBody.content['application/json'].schema.properties;
    assert.ok(verifyProps.conversationId && verifyProps.replaceTurnId);
  });
});
