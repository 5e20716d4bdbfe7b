import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Database from 'better-sqlite3';
import { openConversationDatabase, SCHEMA_VERSION } from '../../src/chat/conversation-db.js';
import { titleFrom, type NewTurn } from '../../src/chat/conversations.js';
import { openConversationStore } from '../../src/chat/sqlite-conversations.js';
import { loadConfig, PROJECT_ROOT } from '../../src/config.js';
import { isAppError } from '../../src/errors.js';
import { DEFAULT_CONVERSATION_RETENTION } from '../../src/settings.js';
import { tempDir } from '../helpers.js';

const DAY = 24 * 60 * 60 * 1000;

function askTurn(question: string, standaloneQuestion = question): NewTurn {
  return { id: randomUUID(), mode: 'ask', input: question, result: { answer: `About ${question}`, standaloneQuestion, citations: [{ n: 1, docId: 'doc-a', quote: 'q', start: 0, end: 1 }] } };
}

/** The code of the AppError a function throws. */
function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(isAppError(err), `an AppError, not ${String(err)}`);
    assert.doesNotMatch(err.message, /\n/, 'one line');
    return err.code;
  }
  assert.fail('expected an error');
}

describe('the conversation store', () => {
  it('keeps turns in order with the whole result, bounded in number', () => {
    const store = openConversationStore(':memory:', { retention: { maxTurns: 2 } });
    const id = store.start();
    for (const q of ['a', 'b', 'c']) store.append(id, askTurn(q));
    const { turns } = store.get(id);
    assert.deepEqual(turns.map((t) => t.input), ['b', 'c']);
    assert.equal(turns[1]!.mode, 'ask');
    assert.deepEqual(turns[1]!.result.citations, [{ n: 1, docId: 'doc-a', quote: 'q', start: 0, end: 1 }]);
    assert.equal(turns[1]!.feedback, null);
    assert.match(turns[1]!.at, /^\d{4}-\d\d-\d\dT/);
  });

  it('gives the last question asked for rewriting a follow-up, skipping claims', () => {
    const store = openConversationStore();
    const id = store.start();
    assert.equal(store.lastQuestion(id), undefined);
    store.append(id, askTurn('What does it promote?', 'What does INDUS Innovation promote?'));
    store.append(id, { id: randomUUID(), mode: 'verify', input: 'iCET was launched in 2022.', result: { verdict: 'supported' } });
    assert.equal(store.lastQuestion(id), 'What does INDUS Innovation promote?');
  });

  it('titles a conversation after its first turn, cut at a word boundary, until it is renamed', () => {
    const store = openConversationStore();
    const id = store.start();
    const long = 'Which company partnerships enhance AI-driven defense capabilities between the United States and India in 2025?';
    store.append(id, askTurn(long));
    store.append(id, askTurn('And since when?'));
    const title = store.get(id).title;
    assert.equal(title, 'Which company partnerships enhance AI-driven defense capabilities between the…');
    assert.ok(title.length <= 80 && long.startsWith(title.slice(0, -1)));
    assert.equal(store.rename(id, 'local', 'Defense').title, 'Defense');
    store.truncate(id, store.get(id).turns[0]!.id);
    store.append(id, askTurn('Something else'));
    assert.equal(store.get(id).title, 'Defense', 'a name the user gave stays');
  });

  it('cuts titles on one line, and a single long word where it must', () => {
    assert.equal(titleFrom('  When was\n iCET   launched? '), 'When was iCET launched?');
    assert.equal(titleFrom('x'.repeat(100)), `${'x'.repeat(79)}…`);
  });

  it('lists a client’s conversations with turns, most recently active first', () => {
    const store = openConversationStore();
    const first = store.start('me');
    store.append(first, askTurn('first'), 'me');
    const second = store.start('me');
    store.append(second, askTurn('second'), 'me');
    store.start('me'); // empty: not listed
    store.append(first, askTurn('first again'), 'me');
    const listed = store.list('me', 10);
    assert.deepEqual(listed.map((c) => [c.title, c.turnCount]), [['first', 2], ['second', 1]]);
    assert.ok(listed[0]!.updatedAt > listed[1]!.updatedAt);
    assert.equal(store.list('me', 1).length, 1);
    assert.deepEqual(store.list('someone else', 10), []);
  });

  it('removes a turn and every later one, and says when the turn is not there', () => {
    const store = openConversationStore();
    const id = store.start();
    const turns = ['a', 'b', 'c'].map((q) => store.append(id, askTurn(q)));
    store.truncate(id, turns[1]!.id);
    assert.deepEqual(store.get(id).turns.map((t) => t.input), ['a']);
    assert.equal(codeOf(() => store.truncate(id, turns[2]!.id)), 'TURN_NOT_FOUND');
    const other = store.start();
    store.append(other, askTurn('x'));
    assert.equal(codeOf(() => store.truncate(other, turns[0]!.id)), 'TURN_NOT_FOUND', "another conversation's turn");
  });

  it('replaces feedback on a turn, keeps it when the turn is regenerated, and deletes it with the conversation', () => {
    const store = openConversationStore();
    const id = store.start();
    const turn = store.append(id, askTurn('Which drone platform did India acquire?'));
    store.setFeedback(id, turn.id, { rating: 'up', comment: null });
    store.setFeedback(id, turn.id, { rating: 'down', comment: 'It was the MQ-9B' });
    assert.deepEqual(
      store.feedback().map((f) => [f.rating, f.comment, f.input]),
      [['down', 'It was the MQ-9B', 'Which drone platform did India acquire?']],
    );
    assert.equal(store.get(id).turns[0]!.feedback?.comment, 'It was the MQ-9B');
    assert.deepEqual(store.feedback({ rating: 'up' }), []);
    assert.equal(store.feedback({ since: new Date(Date.now() + DAY) }).length, 0);
    store.truncate(id, turn.id);
    assert.equal(store.feedback()[0]!.result.answer, 'About Which drone platform did India acquire?', 'the rated turn is kept with its feedback');
    store.remove(id, 'local');
    assert.deepEqual(store.feedback(), []);
    assert.equal(codeOf(() => store.get(id)), 'CONVERSATION_NOT_FOUND');
  });
});

describe('conversation ids', () => {
  it('are issued by the store, random, and a made-up id starts a new conversation', () => {
    const store = openConversationStore();
    const a = store.start('client-a');
    const b = store.start('client-a');
    assert.match(a, /^[0-9a-f-]{36}$/);
    assert.notEqual(a, b);
    assert.equal(store.resume(a, 'client-a'), a);
    assert.notEqual(store.resume('my-own-id', 'client-a'), 'my-own-id');
  });

  it('belong to their client: another client cannot read, continue, rename, delete or rate them', () => {
    const store = openConversationStore();
    const id = store.start('client-a');
    const turn = store.append(id, askTurn('secret plan?'), 'client-a');
    assert.equal(codeOf(() => store.get(id, 'client-b')), 'CONVERSATION_NOT_FOUND');
    assert.equal(codeOf(() => store.rename(id, 'client-b', 'mine')), 'CONVERSATION_NOT_FOUND');
    assert.equal(codeOf(() => store.remove(id, 'client-b')), 'CONVERSATION_NOT_FOUND');
    assert.equal(codeOf(() => store.setFeedback(id, turn.id, { rating: 'down', comment: null }, 'client-b')), 'CONVERSATION_NOT_FOUND');
    assert.equal(codeOf(() => store.append(id, askTurn('mine now'), 'client-b')), 'CONVERSATION_NOT_FOUND');
    assert.equal(store.lastQuestion(id, 'client-b'), undefined);
    assert.notEqual(store.resume(id, 'client-b'), id);
    assert.equal(store.get(id, 'client-a').turns.length, 1);
  });
});

describe('retention', () => {
  it("caps conversations per client, so one client's thousand conversations do not push out another's", () => {
    const store = openConversationStore(':memory:', { retention: { maxPerClient: 5 } });
    const mine = store.start('quiet');
    store.append(mine, askTurn('q'), 'quiet');
    for (let i = 0; i < 1000; i++) store.start('noisy');
    assert.equal(store.get(mine, 'quiet').turns.length, 1);
  });

  it('drops a client’s abandoned empty conversations first, then the least recently active', () => {
    let now = Date.UTC(2025, 0, 1);
    const store = openConversationStore(':memory:', { retention: { maxPerClient: 3 }, now: () => now });
    const [old, recent] = ['old', 'recent'].map((q) => {
      const id = store.start('me');
      store.append(id, askTurn(q), 'me');
      return id;
    });
    const abandoned = store.start('me'); // its answer never came
    now += 11 * 60_000;
    store.start('me'); // the abandoned one goes
    assert.equal(store.has(abandoned, 'me'), false);
    assert.deepEqual(store.list('me', 10).map((c) => c.title), ['recent', 'old']);
    const third = store.start('me');
    store.append(third, askTurn('third'), 'me');
    store.start('me'); // now the least recently active goes
    assert.deepEqual(store.list('me', 10).map((c) => c.title), ['third', 'recent']);
    assert.equal(store.has(old!, 'me'), false);
    assert.equal(store.has(recent!, 'me'), true);
  });

  it('keeps a client’s new conversations while their first answers are on the way, past the cap', () => {
    const store = openConversationStore(':memory:', { retention: { maxPerClient: 3 } });
    // Eight questions at once, each starting a conversation before any is answered.
    const started = Array.from({ length: 8 }, () => store.start('busy'));
    for (const [i, id] of started.entries()) store.append(id, askTurn(`q${i}`), 'busy');
    assert.equal(store.list('busy', 10).length, 8, 'every answer was saved');
    store.start('busy');
    assert.ok(store.list('busy', 10).length <= 3, 'the cap applies again once they are answered');
  });

  it('caps conversations for all clients together', () => {
    const store = openConversationStore(':memory:', { retention: { maxConversations: 3 } });
    const ids = ['a', 'b', 'c', 'd'].map((client) => store.start(client));
    assert.deepEqual(ids.map((id, i) => store.has(id, 'abcd'[i]!)), [false, true, true, true]);
  });

  it('forgets conversations idle longer than the limit, at once and in the file', async () => {
    const file = join(await tempDir(), 'conversations.sqlite');
    let now = Date.UTC(2025, 0, 1);
    const store = openConversationStore(file, { retention: { maxIdleDays: 30 }, now: () => now });
    const id = store.start();
    store.append(id, askTurn('q'));
    now += 29 * DAY;
    assert.equal(store.get(id).turns.length, 1);
    now += 2 * DAY;
    assert.equal(store.has(id), false);
    assert.deepEqual(store.list('local', 10), []);
    store.close();
    const reopened = openConversationStore(file, { retention: { maxIdleDays: 30 }, now: () => now });
    const db = new Database(file, { readonly: true });
    assert.equal(db.prepare('SELECT count(*) FROM conversations').pluck().get(), 0, 'deleted when the store opens');
    db.close();
    reopened.close();
  });

  it('is set from the environment, checked, as is the data folder', () => {
    assert.deepEqual(loadConfig({}).server.retention, DEFAULT_CONVERSATION_RETENTION);
    assert.equal(loadConfig({}).dataDir, join(PROJECT_ROOT, 'data'));
    const { server } = loadConfig({ CONVERSATIONS_MAX_PER_CLIENT: '10', CONVERSATIONS_MAX_TOTAL: '500', CONVERSATIONS_MAX_TURNS: '30', CONVERSATIONS_MAX_IDLE_DAYS: '0' });
    assert.deepEqual(server.retention, { maxPerClient: 10, maxConversations: 500, maxTurns: 30, maxIdleDays: 0 });
    assert.throws(() => loadConfig({ CONVERSATIONS_MAX_TURNS: '0' }), /CONVERSATIONS_MAX_TURNS must be an integer from 1/);
    assert.throws(() => loadConfig({ CONVERSATIONS_MAX_IDLE_DAYS: 'soon' }), /CONVERSATIONS_MAX_IDLE_DAYS/);
  });

  it('keeps idle conversations for ever with a limit of 0 days', () => {
    let now = 0;
    const store = openConversationStore(':memory:', { retention: { maxIdleDays: 0 }, now: () => now });
    const id = store.start();
    store.append(id, askTurn('q'));
    now += 10_000 * DAY;
    assert.equal(store.get(id).turns.length, 1);
  });
});

describe('the conversation database file', () => {
  it('keeps conversations and feedback across a reopen, with a versioned schema in WAL mode', async () => {
    const file = join(await tempDir(), 'nested', 'conversations.sqlite');
    const store = openConversationStore(file);
    const id = store.start('me');
    const turn = store.append(id, askTurn('When was iCET launched?'), 'me');
    store.setFeedback(id, turn.id, { rating: 'up', comment: 'right' }, 'me');
    store.close();
    const reopened = openConversationStore(file);
    assert.deepEqual(reopened.list('me', 10).map((c) => c.title), ['When was iCET launched?']);
    assert.equal(reopened.get(id, 'me').turns[0]!.feedback?.rating, 'up');
    reopened.close();
    const db = new Database(file, { readonly: true });
    assert.equal(db.pragma('user_version', { simple: true }), SCHEMA_VERSION);
    assert.equal(db.pragma('journal_mode', { simple: true }), 'wal');
    db.close();
  });

  it('refuses a file of garbage bytes with one line, and leaves it exactly as it was', async () => {
    const dir = await tempDir();
    const file = join(dir, 'conversations.sqlite');
    const garbage = Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251));
    await writeFile(file, garbage);
    assert.equal(codeOf(() => openConversationStore(file)), 'DATABASE_CORRUPT');
    assert.match(messageOf(() => openConversationStore(file)), /conversations\.sqlite is damaged .*left as it is/);
    assert.deepEqual(await readFile(file), garbage);
    assert.deepEqual(await readdir(dir), ['conversations.sqlite'], 'nothing created beside it');
  });

  it('refuses a database whose pages are damaged, without changing it', async () => {
    const file = join(await tempDir(), 'conversations.sqlite');
    const store = openConversationStore(file);
    for (let i = 0; i < 50; i++) store.append(store.start(), askTurn(`question ${i} ${'x'.repeat(500)}`));
    store.close();
    const bytes = await readFile(file);
    // Overwrite a page in the middle (not the header) with noise.
    const page = 4096;
    for (let i = 2 * page; i < 3 * page; i++) bytes[i] = (i * 31) % 256;
    await writeFile(file, bytes);
    assert.equal(codeOf(() => openConversationStore(file)), 'DATABASE_CORRUPT');
    assert.deepEqual(await readFile(file), bytes);
  });

  it('refuses a database another connection holds locked, and loses nothing once it is free', async () => {
    const file = join(await tempDir(), 'conversations.sqlite');
    const store = openConversationStore(file);
    const id = store.start();
    store.append(id, askTurn('Saved before the lock'));
    store.close();
    const holder = new Database(file);
    holder.exec('BEGIN EXCLUSIVE');
    try {
      const started = Date.now();
      assert.equal(codeOf(() => openConversationStore(file, { busyTimeoutMs: 200 })), 'DATABASE_LOCKED');
      assert.match(messageOf(() => openConversationStore(file, { busyTimeoutMs: 50 })), /is locked by another connection/);
      assert.ok(Date.now() - started < 5000);
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    const reopened = openConversationStore(file);
    assert.deepEqual(reopened.get(id).turns.map((t) => t.input), ['Saved before the lock']);
    reopened.close();
  });

  it('refuses a database locked before it was ever opened in WAL mode', async () => {
    const file = join(await tempDir(), 'conversations.sqlite');
    const holder = new Database(file);
    holder.exec('CREATE TABLE x (a); BEGIN EXCLUSIVE; INSERT INTO x VALUES (1)');
    try {
      assert.equal(codeOf(() => openConversationStore(file, { busyTimeoutMs: 100 })), 'DATABASE_LOCKED');
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
  });

  it("refuses a newer schema, or someone else's database, without changing either", async () => {
    const dir = await tempDir();
    const newer = join(dir, 'newer.sqlite');
    const store = openConversationStore(newer);
    store.close();
    const db = new Database(newer);
    db.pragma('user_version = 99');
    db.close();
    assert.equal(codeOf(() => openConversationStore(newer)), 'DATABASE_UNAVAILABLE');
    const check = new Database(newer, { readonly: true });
    assert.equal(check.pragma('user_version', { simple: true }), 99);
    check.close();

    const foreign = join(dir, 'foreign.sqlite');
    const other = new Database(foreign);
    other.exec("CREATE TABLE notes (text); INSERT INTO notes VALUES ('keep me')");
    other.close();
    assert.match(messageOf(() => openConversationDatabase(foreign)), /tables that are not trust-rag's/);
    const after = new Database(foreign, { readonly: true });
    assert.deepEqual(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all(), ['notes']);
    after.close();
  });

  it('opens read-only for the feedback export, and says when there is no database', async () => {
    const dir = await tempDir();
    const file = join(dir, 'conversations.sqlite');
    assert.equal(codeOf(() => openConversationStore(file, { readonly: true })), 'DATABASE_UNAVAILABLE');
    assert.deepEqual(await readdir(dir), [], 'a read-only open creates nothing');
    const store = openConversationStore(file);
    const id = store.start();
    const turn = store.append(id, askTurn('q'));
    store.setFeedback(id, turn.id, { rating: 'down', comment: null });
    const reader = openConversationStore(file, { readonly: true });
    assert.equal(reader.feedback().length, 1, 'reads while the server has it open');
    reader.close();
    store.close();
  });
});

function messageOf(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    return (err as Error).message;
  }
  assert.fail('expected an error');
}
