/**
 * Every error the system raises on purpose has a code and an HTTP status, so that the
 * CLI can print it plainly and the server can answer `{error: {code, message}}`.
 */
export const ErrorCodes = {
  CORPUS_NOT_FOUND: 404,
  CORPUS_EMPTY: 422,
  DOCUMENT_UNREADABLE: 422,
  DOCUMENT_NOT_FOUND: 404,
  /** A file of a kind the ingester does not read (by extension, e.g. a legacy Word `.doc`). */
  UNSUPPORTED_FILE_TYPE: 400,
  /** A PDF that needs a password to open. */
  PDF_ENCRYPTED: 400,
  /** A PDF whose pages carry no text, only images (a scan): OCR is not supported. */
  PDF_NO_TEXT: 400,
  /** A PDF or .docx whose bytes are not a readable file of that format (truncated, damaged, misnamed). */
  FILE_CORRUPT: 400,
  EMBEDDER_UNKNOWN: 400,
  EMBEDDER_LOAD_FAILED: 500,
  EMBEDDING_FAILED: 500,
  INDEX_MISSING: 503,
  INDEX_CORRUPT: 500,
  INDEX_STALE: 409,
  INDEX_EMBEDDER_MISMATCH: 409,
  INDEX_LOCK_FAILED: 500,
  INVALID_INPUT: 400,
  FILE_TOO_LARGE: 413,
  TOO_MANY_FILES: 413,
  CORPUS_FULL: 413,
  EMPTY_FILE: 400,
  INVALID_FILE_NAME: 400,
  UNSUPPORTED_ENCODING: 400,
  INDEX_BUILD_FAILED: 500,
  BAD_REQUEST: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  RATE_LIMITED: 429,
  PORT_IN_USE: 500,
  INVALID_JSON: 400,
  INVALID_CONFIG: 400,
  NOT_FOUND: 404,
  NOT_ACCEPTABLE: 406,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  INDEX_LOADING: 503,
  /** A conversation id that does not exist, expired, or belongs to another client. */
  CONVERSATION_NOT_FOUND: 404,
  /** A turn id that is not (or no longer) part of the conversation named. */
  TURN_NOT_FOUND: 404,
  /** The conversation database is not a readable SQLite file, or fails its integrity check. */
  DATABASE_CORRUPT: 500,
  /** Another connection holds a lock on the conversation database for longer than the busy timeout. */
  DATABASE_LOCKED: 503,
  /** The conversation database cannot be opened (permissions, a folder in its place, a newer schema). */
  DATABASE_UNAVAILABLE: 500,
  INTERNAL: 500,
} as const;

export type ErrorCode = keyof typeof ErrorCodes;

/** An expected failure with a machine-readable code and an HTTP status. */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly status: number;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'AppError';
    this.code = code;
    this.status = ErrorCodes[code];
  }
}

/** True when `err` is an AppError with the given code. */
export function isAppError(err: unknown, code?: ErrorCode): err is AppError {
  return err instanceof AppError && (code === undefined || err.code === code);
}

/** A message for any thrown value, without a stack trace. */
export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
