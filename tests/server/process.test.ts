import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { createServer, request } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openConversationStore } from '../../src/chat/sqlite-conversations.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { CONVERSATIONS_FILE } from '../../src/chat/conversation-db.js';
import { CORPUS_DIR, FIXTURE_CORPORA, tempDir, TEST_INDEX_DIR } from '../helpers.js';

/** Conversations saved by these servers go here, never to the project's data/. */
const SCRATCH_DATA = await tempDir('trust-rag-data-');

/** A real `npm start` process (src/main.ts), with its log. */
function start(env: Record<string, string>): { child: ChildProcess; log: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', LOG_FORMAT: 'json', DATA_DIR: SCRATCH_DATA, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, log: () => log, exited };
}

async function waitFor(server: { log: () => string; child: ChildProcess }, pattern: RegExp, timeoutMs = 90_000): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = pattern.exec(server.log());
    if (m) return m;
    if (Date.now() > deadline || server.child.exitCode !== null) assert.fail(`no ${pattern} in:\n${server.log()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const baseOf = async (server: { log: () => string; child: ChildProcess }) => (await waitFor(server, /listening on (http:\/\/localhost:\d+)\//))[1]!;

describe('npm start fails loudly, and only when it must', () => {
  let corpus = '';
  let index = '';
  before(async () => {
    corpus = await mkdtemp(join(tmpdir(), 'trust-rag-corpus-'));
    await cp(join(FIXTURE_CORPORA, 'manual'), corpus, { recursive: true });
    index = await mkdtemp(join(tmpdir(), 'trust-rag-index-'));
  });
  after(async () => {
    await rm(corpus, { recursive: true, force: true });
    await rm(index, { recursive: true, force: true });
  });

  it('exits non-zero with one line when the port is in use', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    try {
      const port = (blocker.address() as AddressInfo).port;
      const server = start({ PORT: String(port), CORPUS_DIR: corpus, INDEX_DIR: index });
      const code = await server.exited;
      assert.notEqual(code, 0);
      assert.match(server.log(), /error \[PORT_IN_USE\]: Port \d+ on 127\.0\.0\.1 is already in use/);
      assert.doesNotMatch(server.log(), /listening on|ready on|\n\s+at /);
    } finally {
      blocker.close();
    }
  });

  it('exits non-zero with one line for an unknown embedder, or with no corpus and no index', async () => {
    const badEmbedder = start({ EMBEDDER: 'word2vec', CORPUS_DIR: corpus, INDEX_DIR: index });
    assert.notEqual(await badEmbedder.exited, 0);
    assert.match(badEmbedder.log(), /^error \[EMBEDDER_UNKNOWN\]: Unknown embedder "word2vec"/m);
    const noCorpus = start({ CORPUS_DIR: join(corpus, 'missing'), INDEX_DIR: join(index, 'none') });
    assert.notEqual(await noCorpus.exited, 0);
    assert.match(noCorpus.log(), /^error \[CORPUS_NOT_FOUND\]: The corpus folder .* does not exist/m);
    assert.doesNotMatch(badEmbedder.log() + noCorpus.log(), /\n\s+at /);
  });

  it('serves, logs JSON with request ids, drains a request in flight on SIGTERM, and exits 0', async () => {
    const server = start({ CORPUS_DIR: corpus, INDEX_DIR: index, LOG_LEVEL: 'debug', HEADERS_TIMEOUT_MS: '1000' });
    try {
      const base = await baseOf(server);
      // A client that never finishes its headers is cut off with a 408, long before the index is ready.
      const slow = await new Promise<string>((resolve) => {
        let reply = '';
        const socket = connect(Number(new URL(base).port), '127.0.0.1', () => socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n'));
        socket.on('data', (d) => (reply += d));
        socket.on('close', () => resolve(reply));
      });
      assert.match(slow, /^HTTP\/1\.1 408/);
      await waitFor(server, /"msg":"ready on /);
      const health = await (await fetch(`${base}/healthz`)).json();
      assert.equal(health.status, 'ready');
      // Every line is JSON; request lines carry the id the response returned.
      const res = await fetch(`${base}/api/documents`, { headers: { 'x-request-id': 'req-from-test' } });
      assert.equal(res.headers.get('x-request-id'), 'req-from-test');
      await waitFor(server, /"reqId":"req-from-test"/);
      for (const line of server.log().trim().split('\n')) assert.doesNotThrow(() => JSON.parse(line), line);

      // A client that hangs up mid-upload costs one debug line, with no stack.
      const { port } = new URL(base);
      await new Promise<void>((resolve) => {
        const socket = connect(Number(port), '127.0.0.1', () => {
          socket.write('POST /api/ask HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"question":"half');
          setTimeout(() => socket.destroy(), 200);
          setTimeout(resolve, 600);
        });
      });
      await waitFor(server, /"level":20,.*"msg":"client closed the connection before the request was read"/);
      assert.doesNotMatch(server.log(), /"stack"|\n\s+at /);

      // A slow upload is under way when SIGTERM arrives: it is answered, then the process ends.
      const body = JSON.stringify({ question: 'How long is the KX-200 warranty?' });
      const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/ask', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (r) => {
          let text = '';
          r.on('data', (d) => (text += d));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, text }));
        });
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(() => {
          server.child.kill('SIGTERM');
          setTimeout(() => req.end(body.slice(10)), 300);
        }, 200);
      });
      const reply = await answered;
      assert.equal(reply.status, 200);
      assert.match(JSON.parse(reply.text).answer, /two years/);
      assert.equal(await server.exited, 0);
      assert.match(server.log(), /finishing requests in flight/);
    } finally {
      server.child.kill('SIGKILL');
    }
  });

  it('serves the index on disk at once and brings it up to date in the background', async () => {
    // A document added while the server was stopped: the old index is served, then replaced.
    await writeFile(join(corpus, 'pond.md'), '# Pond\n\nThe pond is drained for cleaning every October.\n');
    const server = start({ CORPUS_DIR: corpus, INDEX_DIR: index, WATCH_CORPUS: '0' });
    try {
      const base = await baseOf(server);
      await waitFor(server, /"msg":"ready on .*index: 3 documents.*checking it against the documents in the background/);
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
      await waitFor(server, /"msg":"switched to index gen-[^:]+: 4 documents/);
      const res = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'When is the pond drained?' }) });
      assert.match((await res.json()).answer, /October/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await rm(join(corpus, 'pond.md'));
    }
  });

  it('keeps serving the previous index, reported as degraded, when the index cannot be rebuilt', async () => {
    // The index above was built; now the corpus folder is gone, so it cannot be rebuilt.
    const moved = `${corpus}-moved`;
    await cp(corpus, moved, { recursive: true });
    await rm(corpus, { recursive: true, force: true });
    const server = start({ CORPUS_DIR: corpus, INDEX_DIR: index });
    try {
      const base = await baseOf(server);
      await waitFor(server, /still serving the previous index \(degraded\)/);
      const health = await (await fetch(`${base}/healthz`)).json();
      assert.equal(health.status, 'degraded');
      assert.doesNotMatch(JSON.stringify(health), /\/tmp\//);
      const res = await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'How long is the KX-200 warranty?' }) });
      assert.equal(res.status, 200);
      assert.match((await res.json()).answer, /two years/);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
      await cp(moved, corpus, { recursive: true });
      await rm(moved, { recursive: true, force: true });
    }
  });
});

/** Asks for a stream on a raw connection and hangs up as soon as its first event (meta) arrives, as Stop does. */
function stopAfterMeta(base: string, body: unknown): Promise<void> {
  const json = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    let received = '';
    const socket = connect(Number(new URL(base).port), '127.0.0.1', () => {
      socket.write(`POST /api/chat HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(json)}\r\n\r\n${json}`);
    });
    socket.on('data', (chunk) => {
      received += chunk;
      if (!received.includes('event: meta')) return;
      socket.destroy();
      resolve();
    });
    socket.on('error', reject);
  });
}

describe('npm start with saved conversations', () => {
  const askJson = (base: string, body: unknown) => fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json());

  it('keeps conversations across a restart, and does not save an answer the client stopped', async () => {
    const data = await tempDir('trust-rag-data-');
    const env = { CORPUS_DIR, INDEX_DIR: TEST_INDEX_DIR, DATA_DIR: data, WATCH_CORPUS: '0', ANSWER_WORKERS: '1' };
    const first = start(env);
    let conversationId = '';
    try {
      const base = await baseOf(first);
      await waitFor(first, /"msg":"ready on /);
      const asked = await askJson(base, { question: 'What is INDUS Innovation modeled on?' });
      conversationId = asked.conversationId;
      // Answers run on a worker, so the server sees the hang-up while it answers.
      await stopAfterMeta(base, { question: 'Which drone platform did India acquire?', conversationId });
      await new Promise((r) => setTimeout(r, 1500));
      const saved = await (await fetch(`${base}/api/conversations/${conversationId}`)).json();
      assert.deepEqual(saved.turns.map((t: { input: string }) => t.input), ['What is INDUS Innovation modeled on?'], 'the stopped answer is not saved');
    } finally {
      first.child.kill('SIGTERM');
    }
    assert.equal(await first.exited, 0);

    const second = start(env);
    try {
      const base = await baseOf(second);
      const { conversations } = await (await fetch(`${base}/api/conversations`)).json();
      assert.deepEqual(conversations.map((c: { id: string; title: string; turnCount: number }) => [c.id, c.title, c.turnCount]), [[conversationId, 'What is INDUS Innovation modeled on?', 1]]);
      await waitFor(second, /"msg":"ready on /);
      const follow = await askJson(base, { question: 'What does it promote?', conversationId });
      assert.equal(follow.standaloneQuestion, 'What does INDUS Innovation promote?');
    } finally {
      second.child.kill('SIGTERM');
      await second.exited;
    }
  });

  it('exits non-zero with one line when the conversation database is damaged, and leaves the file as it was', async () => {
    const data = await tempDir('trust-rag-data-');
    const file = join(data, CONVERSATIONS_FILE);
    const garbage = Buffer.from(Array.from({ length: 10_000 }, (_, i) => (i * 131) % 256));
    await writeFile(file, garbage);
    const server = start({ CORPUS_DIR, INDEX_DIR: TEST_INDEX_DIR, DATA_DIR: data });
    assert.notEqual(await server.exited, 0);
    assert.match(server.log(), /^error \[DATABASE_CORRUPT\]: The conversation database .*conversations\.sqlite is damaged \(file is not a database\); it was left as it is/m);
    assert.equal(server.log().trim().split('\n').length, 1, server.log());
    assert.doesNotMatch(server.log(), /listening on|\n\s+at /);
    assert.deepEqual(await readFile(file), garbage);
  });

  it('exits non-zero with one line when another connection holds the conversation database locked', async () => {
    const data = await tempDir('trust-rag-data-');
    const file = join(data, CONVERSATIONS_FILE);
    const store = openConversationStore(file);
    const id = store.start();
    store.append(id, { id: 'turn-1', mode: 'ask', input: 'Saved before', result: {} });
    store.close();
    const holder = new Database(file);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const server = start({ CORPUS_DIR, INDEX_DIR: TEST_INDEX_DIR, DATA_DIR: data });
      assert.notEqual(await server.exited, 0);
      assert.match(server.log(), /^error \[DATABASE_LOCKED\]: The conversation database .*conversations\.sqlite is locked by another connection/m);
      assert.equal(server.log().trim().split('\n').length, 1, server.log());
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    const reopened = openConversationStore(file);
    assert.deepEqual(reopened.get(id).turns.map((t) => t.input), ['Saved before']);
    reopened.close();
  });
});
