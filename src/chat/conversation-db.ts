import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { AppError, isAppError, messageOf } from '../errors.js';

/** The file, under the data folder, holding saved conversations and feedback. */
export const CONVERSATIONS_FILE = 'conversations.sqlite';

/**
 * Each entry upgrades the schema by one version (entry 0 makes version 1 from an empty
 * file). The version is kept in `PRAGMA user_version`; a later change adds an entry and
 * never edits one already released, so every older file can be brought up to date.
 */
const MIGRATIONS: string[] = [
  `
  CREATE TABLE conversations (
    id TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    -- 1 once the user has named it: the title then no longer follows the first turn.
    renamed INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
  );
  CREATE INDEX conversations_by_owner ON conversations (owner, updated_at);
  CREATE INDEX conversations_by_age ON conversations (updated_at);
  CREATE TABLE turns (
    id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    mode TEXT NOT NULL CHECK (mode IN ('ask', 'verify')),
    input TEXT NOT NULL,
    result TEXT NOT NULL,
    at INTEGER NOT NULL,
    UNIQUE (conversation_id, seq)
  );
  -- A copy of the rated turn is kept with the rating, so that feedback outlives the turn
  -- when regenerating or the retention limits drop it; deleting the conversation deletes it.
  CREATE TABLE feedback (
    turn_id TEXT PRIMARY KEY,
    conversation_id TEXT NOT NULL,
    owner TEXT NOT NULL,
    mode TEXT NOT NULL,
    input TEXT NOT NULL,
    result TEXT NOT NULL,
    turn_at INTEGER NOT NULL,
    rating TEXT NOT NULL CHECK (rating IN ('up', 'down')),
    comment TEXT,
    at INTEGER NOT NULL
  );
  CREATE INDEX feedback_by_conversation ON feedback (conversation_id);
  CREATE INDEX feedback_by_time ON feedback (at);
  `,
];

/** The schema version this code reads and writes. */
export const SCHEMA_VERSION = MIGRATIONS.length;

export interface OpenDatabaseOptions {
  /** How long to wait for another connection's lock before giving up, in ms. @default 5000 */
  busyTimeoutMs?: number;
  /** Open an existing database for reading only (the feedback export). @default false */
  readonly?: boolean;
}

/**
 * Opens (or creates) the conversation database, checks it and brings its schema up to
 * date. Whatever is wrong (not a database, damaged pages, a lock another connection
 * holds, a schema from a newer version, someone else's tables) is one AppError naming
 * the file, and the file is left exactly as it was: nothing is ever deleted or
 * re-created to get past an error. `':memory:'` gives a private in-memory database.
 *
 * WAL journaling lets the feedback export read while the server writes. The migration
 * runs in a write transaction even when there is nothing to migrate, so that a lock held
 * by another connection is found at start rather than on the first saved turn.
 */
export function openConversationDatabase(path: string, options: OpenDatabaseOptions = {}): Database.Database {
  const { busyTimeoutMs = 5000, readonly = false } = options;
  const memory = path === ':memory:';
  let db: Database.Database | undefined;
  try {
    if (readonly && !existsSync(path)) throw new AppError('DATABASE_UNAVAILABLE', `There is no conversation database at ${path} (set DATA_DIR or --data to the server's data folder)`);
    if (!memory && !readonly) mkdirSync(dirname(path), { recursive: true });
    db = new Database(path, { timeout: busyTimeoutMs, readonly, fileMustExist: readonly });
    if (!memory && !readonly) {
      db.pragma('journal_mode = WAL');
      // In WAL mode a commit is not synced to disk, only checkpoints are: a crash of the process
      // loses nothing, a power cut at worst the last turns, and the file stays consistent. It
      // keeps fsync off the server's thread, which serves every request.
      db.pragma('synchronous = NORMAL');
    }
    db.pragma('foreign_keys = ON');
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new AppError('DATABASE_CORRUPT', `The conversation database ${path} is damaged (${String(check).split('\n')[0]}); it was left as it is: restore a backup, or move it away to start with no saved conversations`);
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SCHEMA_VERSION) {
      throw new AppError('DATABASE_UNAVAILABLE', `The conversation database ${path} has schema version ${version}, made by a newer trust-rag (this one reads up to ${SCHEMA_VERSION}); it was left as it is`);
    }
    if (readonly) {
      if (version < SCHEMA_VERSION) throw new AppError('DATABASE_UNAVAILABLE', `The conversation database ${path} has an older schema (${version}): start the server once to upgrade it`);
    } else {
      migrate(db, version, path);
    }
    return db;
  } catch (err) {
    db?.close();
    throw openingError(err, path);
  }
}

function migrate(db: Database.Database, from: number, path: string): void {
  db.transaction(() => {
    if (from === 0) {
      // An empty user_version on a file with tables is someone else's database: not ours to change.
      const tables = db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE type = 'table'").get() as { n: number };
      if (tables.n > 0) throw new AppError('DATABASE_UNAVAILABLE', `${path} is an SQLite database with tables that are not trust-rag's; it was left as it is: set DATA_DIR to another folder`);
    }
    for (let version = from; version < SCHEMA_VERSION; version++) db.exec(MIGRATIONS[version]!);
    // PRAGMA takes no parameters; the version is an integer of ours.
    if (from < SCHEMA_VERSION) db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/** SQLite's error codes as one line naming the file and what to do. */
function openingError(err: unknown, path: string): AppError {
  if (isAppError(err)) return err;
  const code = String((err as { code?: unknown })?.code ?? '');
  const reason = messageOf(err).split('\n')[0];
  if (/^SQLITE_(NOTADB|CORRUPT)/.test(code)) {
    return new AppError('DATABASE_CORRUPT', `The conversation database ${path} is damaged (${reason}); it was left as it is: restore a backup, or move it away to start with no saved conversations`);
  }
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) {
    return new AppError('DATABASE_LOCKED', `The conversation database ${path} is locked by another connection (${reason}): stop the process that holds it, or set DATA_DIR to another folder`);
  }
  return new AppError('DATABASE_UNAVAILABLE', `The conversation database ${path} cannot be opened (${reason})`);
}

/**
 * An error from the database while serving: a lock held too long is a 503 the client may
 * retry. Its message names no server path; anything else stays as it is (a logged 500).
 */
export function servingError(err: unknown): unknown {
  const code = String((err as { code?: unknown })?.code ?? '');
  if (/^SQLITE_(BUSY|LOCKED)/.test(code)) return new AppError('DATABASE_LOCKED', 'The conversation database is busy; try again in a moment');
  return err;
}
