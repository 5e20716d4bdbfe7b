import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import { AppError } from '../errors.js';
import { DEFAULT_CONVERSATION_RETENTION, type ConversationRetention } from '../settings.js';
import { openConversationDatabase, servingError, type OpenDatabaseOptions } from './conversation-db.js';
import {
  LOCAL_CLIENT,
  titleFrom,
  type Conversation,
  type ConversationStore,
  type ConversationSummary,
  type FeedbackFilter,
  type FeedbackRecord,
  type NewTurn,
  type Turn,
  type TurnFeedback,
} from './conversations.js';

const DAY_MS = 24 * 60 * 60 * 1000;
/** Conversations started but never given a turn (an answer stopped, a failed request) are dropped after this. */
const EMPTY_KEPT_MS = DAY_MS;
/**
 * An empty conversation younger than this may be waiting for its first answer: longer
 * than any answer takes (the request timeout, a language model's timeout), so that a
 * client's concurrent questions never push out each other's new conversations.
 */
const PENDING_MS = 10 * 60 * 1000;

export interface ConversationStoreOptions extends OpenDatabaseOptions {
  /** Limits on what is kept; see ConversationRetention. */
  retention?: Partial<ConversationRetention>;
  /** The clock, in ms (tests move it). @default Date.now */
  now?: () => number;
}

interface SummaryRow {
  id: string;
  title: string;
  created_at: number;
  updated_at: number;
  turn_count: number;
}

interface TurnRow {
  id: string;
  mode: Turn['mode'];
  input: string;
  result: string;
  at: number;
  rating: TurnFeedback['rating'] | null;
  comment: string | null;
  feedback_at: number | null;
}

interface FeedbackRow {
  turn_id: string;
  conversation_id: string;
  mode: Turn['mode'];
  input: string;
  result: string;
  turn_at: number;
  rating: TurnFeedback['rating'];
  comment: string | null;
  at: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

/** Every statement the store runs, prepared once. */
function statements(db: Database.Database) {
  return {
    insertConversation: db.prepare('INSERT INTO conversations (id, owner, created_at, updated_at) VALUES (?, ?, ?, ?)'),
    live: db.prepare('SELECT 1 FROM conversations WHERE id = ? AND owner = ? AND updated_at >= ?').pluck(),
    summary: db.prepare(
      `SELECT c.id, c.title, c.created_at, c.updated_at, (SELECT count(*) FROM turns t WHERE t.conversation_id = c.id) AS turn_count
       FROM conversations c WHERE c.id = ? AND c.owner = ? AND c.updated_at >= ?`,
    ),
    list: db.prepare(
      `SELECT c.id, c.title, c.created_at, c.updated_at, count(t.id) AS turn_count
       FROM conversations c JOIN turns t ON t.conversation_id = c.id
       WHERE c.owner = ? AND c.updated_at >= ?
       GROUP BY c.id ORDER BY c.updated_at DESC, c.rowid DESC LIMIT ?`,
    ),
    turns: db.prepare(
      `SELECT t.id, t.mode, t.input, t.result, t.at, f.rating, f.comment, f.at AS feedback_at
       FROM turns t LEFT JOIN feedback f ON f.turn_id = t.id WHERE t.conversation_id = ? ORDER BY t.seq`,
    ),
    rename: db.prepare('UPDATE conversations SET title = ?, renamed = 1 WHERE id = ?'),
    removeFeedback: db.prepare('DELETE FROM feedback WHERE conversation_id = ?'),
    remove: db.prepare('DELETE FROM conversations WHERE id = ?'),
    lastQuestion: db.prepare("SELECT json_extract(result, '$.standaloneQuestion') FROM turns WHERE conversation_id = ? AND mode = 'ask' ORDER BY seq DESC LIMIT 1").pluck(),
    lastSeq: db.prepare('SELECT coalesce(max(seq), 0) AS seq, count(*) AS n FROM turns WHERE conversation_id = ?'),
    autoTitle: db.prepare('UPDATE conversations SET title = ? WHERE id = ? AND renamed = 0'),
    insertTurn: db.prepare('INSERT INTO turns (id, conversation_id, seq, mode, input, result, at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
    touch: db.prepare('UPDATE conversations SET updated_at = ? WHERE id = ?'),
    dropTurnsUpTo: db.prepare('DELETE FROM turns WHERE conversation_id = ? AND seq <= ?'),
    dropTurnsFrom: db.prepare('DELETE FROM turns WHERE conversation_id = ? AND seq >= ?'),
    turn: db.prepare('SELECT seq, mode, input, result, at FROM turns WHERE id = ? AND conversation_id = ?'),
    upsertFeedback: db.prepare(
      `INSERT INTO feedback (turn_id, conversation_id, owner, mode, input, result, turn_at, rating, comment, at)
       VALUES (@turnId, @conversationId, @owner, @mode, @input, @result, @turnAt, @rating, @comment, @at)
       ON CONFLICT (turn_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, at = excluded.at, result = excluded.result`,
    ),
    feedback: db.prepare('SELECT * FROM feedback WHERE (@rating IS NULL OR rating = @rating) AND at >= @since ORDER BY at, rowid'),
    dropIdle: db.prepare('DELETE FROM conversations WHERE updated_at < ?'),
    dropEmpty: db.prepare('DELETE FROM conversations WHERE updated_at < ? AND NOT EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = conversations.id)'),
    countOwned: db.prepare('SELECT count(*) FROM conversations WHERE owner = ?').pluck(),
    // Beyond the cap, a client loses its empty conversations first, then the least recently
    // active; never the one just started, nor an empty one started so recently that its first
    // answer may still be on its way (the client's concurrent requests each start one).
    dropOwnedBeyond: db.prepare(
      `DELETE FROM conversations WHERE id IN (
         SELECT c.id FROM conversations c WHERE c.owner = @owner
         ORDER BY c.id = @keep DESC, EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = c.id) DESC, c.updated_at DESC, c.rowid DESC
         LIMIT -1 OFFSET @cap)
       AND (created_at < @pendingSince OR EXISTS (SELECT 1 FROM turns t WHERE t.conversation_id = conversations.id))`,
    ),
    countAll: db.prepare('SELECT count(*) FROM conversations').pluck(),
    dropAllBeyond: db.prepare('DELETE FROM conversations WHERE id IN (SELECT id FROM conversations WHERE id != ? ORDER BY updated_at DESC, rowid DESC LIMIT -1 OFFSET ?)'),
  };
}

/**
 * Opens the conversation store on an SQLite file (created if missing), or in memory with
 * `':memory:'` (tests, the command line). Throws a one-line AppError when the file is
 * damaged or locked, without touching it.
 *
 * @example const store = openConversationStore(join(config.dataDir, CONVERSATIONS_FILE), { retention: config.server.retention });
 */
export function openConversationStore(path = ':memory:', options: ConversationStoreOptions = {}): SqliteConversationStore {
  return new SqliteConversationStore(openConversationDatabase(path, options), options);
}

/**
 * Conversations, their turns and feedback in SQLite, through prepared statements. Each
 * turn keeps the whole response its client was given, as JSON, so that a conversation
 * reopens exactly as it was answered. Retention limits are applied as conversations and
 * turns are added, and idle or empty conversations are cleared when the store opens.
 */
export class SqliteConversationStore implements ConversationStore {
  private readonly retention: ConversationRetention;
  private readonly now: () => number;
  private readonly sql: ReturnType<typeof statements>;
  private lastStamp = 0;

  constructor(
    private readonly db: Database.Database,
    options: ConversationStoreOptions = {},
  ) {
    this.retention = { ...DEFAULT_CONVERSATION_RETENTION, ...options.retention };
    this.now = options.now ?? Date.now;
    this.sql = statements(db);
    // A read-only store (the feedback export) leaves clearing to the server.
    if (!db.readonly) this.guard(() => {
      const now = this.now();
      this.db.transaction(() => {
        this.dropIdle(now);
        this.sql.dropEmpty.run(now - EMPTY_KEPT_MS);
      })();
    });
  }

  start(owner: string = LOCAL_CLIENT): string {
    return this.guard(() => {
      const id = randomUUID();
      const now = this.stamp();
      this.db.transaction(() => {
        this.dropIdle(now);
        this.sql.insertConversation.run(id, owner, now, now);
        if ((this.sql.countOwned.get(owner) as number) > this.retention.maxPerClient) {
          this.sql.dropOwnedBeyond.run({ owner, keep: id, pendingSince: now - PENDING_MS, cap: this.retention.maxPerClient });
        }
        if ((this.sql.countAll.get() as number) > this.retention.maxConversations) this.sql.dropAllBeyond.run(id, this.retention.maxConversations - 1);
      })();
      return id;
    });
  }

  resume(id: string | undefined, owner: string = LOCAL_CLIENT): string {
    return id !== undefined && this.has(id, owner) ? id : this.start(owner);
  }

  has(id: string, owner: string = LOCAL_CLIENT): boolean {
    return this.guard(() => this.sql.live.get(id, owner, this.idleCutoff()) !== undefined);
  }

  list(owner: string, limit: number): ConversationSummary[] {
    return this.guard(() => (this.sql.list.all(owner, this.idleCutoff(), limit) as SummaryRow[]).map(summaryOf));
  }

  get(id: string, owner: string = LOCAL_CLIENT): Conversation {
    return this.guard(() =>
      this.db.transaction(() => {
        const { turnCount: _, ...summary } = this.summary(id, owner);
        const turns = (this.sql.turns.all(id) as TurnRow[]).map(turnOf);
        return { ...summary, turns };
      })(),
    );
  }

  rename(id: string, owner: string, title: string): ConversationSummary {
    return this.guard(() => {
      this.summary(id, owner);
      this.sql.rename.run(title, id);
      return this.summary(id, owner);
    });
  }

  remove(id: string, owner: string): void {
    this.guard(() => {
      this.summary(id, owner);
      this.db.transaction(() => {
        this.sql.removeFeedback.run(id);
        this.sql.remove.run(id);
      })();
    });
  }

  lastQuestion(id: string, owner: string = LOCAL_CLIENT): string | undefined {
    return this.guard(() => {
      if (!this.has(id, owner)) return undefined;
      const question = this.sql.lastQuestion.get(id);
      return typeof question === 'string' ? question : undefined;
    });
  }

  append(id: string, turn: NewTurn, owner: string = LOCAL_CLIENT): Turn {
    return this.guard(() => {
      const at = this.stamp();
      this.db.transaction(() => {
        this.summary(id, owner);
        const last = this.sql.lastSeq.get(id) as { seq: number; n: number };
        // The title follows the first turn until the user names the conversation.
        if (last.n === 0) this.sql.autoTitle.run(titleFrom(turn.input), id);
        const seq = last.seq + 1;
        this.sql.insertTurn.run(turn.id, id, seq, turn.mode, turn.input, JSON.stringify(turn.result), at);
        this.sql.touch.run(at, id);
        this.sql.dropTurnsUpTo.run(id, seq - this.retention.maxTurns);
      }).immediate();
      return { ...turn, at: iso(at), feedback: null };
    });
  }

  truncate(id: string, turnId: string, owner: string = LOCAL_CLIENT): void {
    this.guard(() =>
      this.db.transaction(() => {
        this.summary(id, owner);
        const turn = this.turn(id, turnId);
        this.sql.dropTurnsFrom.run(id, turn.seq);
        this.sql.touch.run(this.stamp(), id);
      }).immediate(),
    );
  }

  setFeedback(id: string, turnId: string, feedback: Omit<TurnFeedback, 'at'>, owner: string = LOCAL_CLIENT): TurnFeedback {
    return this.guard(() =>
      this.db.transaction(() => {
        this.summary(id, owner);
        const turn = this.turn(id, turnId);
        const at = this.now();
        this.sql.upsertFeedback.run({ turnId, conversationId: id, owner, mode: turn.mode, input: turn.input, result: turn.result, turnAt: turn.at, rating: feedback.rating, comment: feedback.comment, at });
        return { ...feedback, at: iso(at) };
      }).immediate(),
    );
  }

  feedback(filter: FeedbackFilter = {}): FeedbackRecord[] {
    return this.guard(() =>
      (this.sql.feedback.all({ rating: filter.rating ?? null, since: filter.since?.getTime() ?? 0 }) as FeedbackRow[]).map((row) => ({
        conversationId: row.conversation_id,
        turnId: row.turn_id,
        mode: row.mode,
        input: row.input,
        result: JSON.parse(row.result) as Record<string, unknown>,
        turnAt: iso(row.turn_at),
        rating: row.rating,
        comment: row.comment,
        at: iso(row.at),
      })),
    );
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The conversation's summary, or CONVERSATION_NOT_FOUND when it is not this client's live conversation. */
  private summary(id: string, owner: string): ConversationSummary {
    const row = this.sql.summary.get(id, owner, this.idleCutoff()) as SummaryRow | undefined;
    if (!row) throw new AppError('CONVERSATION_NOT_FOUND', `No conversation with id "${id}"`);
    return summaryOf(row);
  }

  private turn(id: string, turnId: string): { seq: number; mode: Turn['mode']; input: string; result: string; at: number } {
    const row = this.sql.turn.get(turnId, id) as { seq: number; mode: Turn['mode']; input: string; result: string; at: number } | undefined;
    if (!row) throw new AppError('TURN_NOT_FOUND', `No turn with id "${turnId}" in this conversation`);
    return row;
  }

  private idleCutoff(): number {
    return this.retention.maxIdleDays > 0 ? this.now() - this.retention.maxIdleDays * DAY_MS : Number.MIN_SAFE_INTEGER;
  }

  private dropIdle(now: number): void {
    if (this.retention.maxIdleDays > 0) this.sql.dropIdle.run(now - this.retention.maxIdleDays * DAY_MS);
  }

  /** The time for an update, strictly after the previous one, so that "most recently active" never ties. */
  private stamp(): number {
    this.lastStamp = Math.max(this.now(), this.lastStamp + 1);
    return this.lastStamp;
  }

  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw servingError(err);
    }
  }
}

function summaryOf(row: SummaryRow): ConversationSummary {
  return { id: row.id, title: row.title, createdAt: iso(row.created_at), updatedAt: iso(row.updated_at), turnCount: row.turn_count };
}

function turnOf(row: TurnRow): Turn {
  return {
    id: row.id,
    mode: row.mode,
    input: row.input,
    at: iso(row.at),
    result: JSON.parse(row.result) as Record<string, unknown>,
    feedback: row.rating ? { rating: row.rating, comment: row.comment, at: iso(row.feedback_at!) } : null,
  };
}
