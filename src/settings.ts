/**
 * Every threshold and weight of answering and verifying, named, in one place. The
 * decisions themselves are probabilities from the fitted models (src/evidence/), so the
 * thresholds here are decision points on calibrated probabilities, not tuned cut-offs on
 * raw scores, plus how much to retrieve and show.
 */
import { AppError } from './errors.js';

export interface AnswerSettings {
  /** Passages whose sentences are considered. @default 6 */
  passages: number;
  /** Most sentences in an answer. @default 4 */
  maxSentences: number;
  /** A sentence answers when P(answers) reaches this. @default 0.5 */
  answerThreshold: number;
  /** The documents touch the question when P(about) of some sentence reaches this. @default 0.5 */
  partialThreshold: number;
  /** Further sentences join the answer when their P(answers) is at least this share of the best. @default 0.7 */
  relativeCutoff: number;
  /** How strongly a sentence similar to one already chosen is penalised (maximal marginal relevance). @default 0.5 */
  redundancyPenalty: number;
  /** Two sentences this similar in meaning say the same thing (for "the sources differ"). @default 0.6 */
  sameThingSimilarity: number;
  /** Sources compared at most for "do the sources agree" questions. @default 4 */
  maxSources: number;
}

export const DEFAULT_ANSWER_SETTINGS: AnswerSettings = {
  passages: 6,
  maxSentences: 4,
  answerThreshold: 0.5,
  partialThreshold: 0.5,
  relativeCutoff: 0.7,
  redundancyPenalty: 0.5,
  sameThingSimilarity: 0.6,
  maxSources: 4,
};

export interface VerifySettings {
  /** Passages searched for evidence. @default 8 */
  passages: number;
  /** A sentence supports or contradicts a claim when that probability reaches this. @default 0.5 */
  stanceThreshold: number;
  /** A sentence is shown as related when P(about) reaches this, or it is the closest. @default 0.2 */
  relatedThreshold: number;
  /** Evidence items returned at most. @default 4 */
  maxEvidence: number;
}

export const DEFAULT_VERIFY_SETTINGS: VerifySettings = { passages: 8, stanceThreshold: 0.5, relatedThreshold: 0.2, maxEvidence: 4 };

/**
 * How an index build keeps its work: checkpoints of the embedding cache, how much of it
 * outlives the documents it came from, and the lock that lets one process build at a time.
 */
export interface BuildSettings {
  /**
   * New vectors are appended to the embedding cache at least this often while a build
   * embeds (checked after each batch of 64 or more texts, a few seconds' work on 2 cores),
   * so a killed build loses this plus the batch in progress, and nothing it embedded
   * before. Each checkpoint appends and syncs only its new vectors (about 4 ms for 128).
   * 0 checkpoints after every batch. Env `CACHE_CHECKPOINT_SECONDS`. @default 2
   */
  checkpointSeconds: number;
  /** A checkpoint is also made once this many new vectors wait, however fast they came. Env `CACHE_CHECKPOINT_VECTORS`. @default 1024 */
  checkpointVectors: number;
  /**
   * Most vectors the embedding cache keeps per embedder (512-dimension vectors take about
   * 2 kB each, so the default is about 400 MB). Vectors of removed or edited text stay
   * until then, least recently used dropped first; vectors the current index uses are
   * never dropped. Env `CACHE_MAX_VECTORS`. @default 200000
   */
  cacheMaxVectors: number;
  /**
   * A build lock nobody has refreshed for this long belongs to a process that died, and
   * the next builder takes it over. The builder refreshes it every 5 s (at most half
   * this) from its event loop, which model fitting can hold for seconds (4.4 s measured
   * on 2 busy cores): 20 s leaves room for that, yet a killed builder's lock is free
   * within 20 s. At least 2 (proper-lockfile's minimum). Env `BUILD_LOCK_STALE_SECONDS`. @default 20
   */
  lockStaleSeconds: number;
}

export const DEFAULT_BUILD_SETTINGS: BuildSettings = { checkpointSeconds: 2, checkpointVectors: 1024, cacheMaxVectors: 200_000, lockStaleSeconds: 20 };

/** The build settings with any environment overrides (see each field), checked. */
export function buildSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): BuildSettings {
  const number = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') return fallback;
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new AppError('INVALID_CONFIG', `${name} must be a number from ${min} to ${max}, got "${raw}"`);
    return n;
  };
  return {
    checkpointSeconds: number('CACHE_CHECKPOINT_SECONDS', DEFAULT_BUILD_SETTINGS.checkpointSeconds, 0, 3600),
    checkpointVectors: Math.round(number('CACHE_CHECKPOINT_VECTORS', DEFAULT_BUILD_SETTINGS.checkpointVectors, 1, 10_000_000)),
    cacheMaxVectors: Math.round(number('CACHE_MAX_VECTORS', DEFAULT_BUILD_SETTINGS.cacheMaxVectors, 0, 1_000_000_000)),
    lockStaleSeconds: number('BUILD_LOCK_STALE_SECONDS', DEFAULT_BUILD_SETTINGS.lockStaleSeconds, 2, 86_400),
  };
}

/** Limits on what may be uploaded; all are settings. */
export interface UploadLimits {
  /** Largest file accepted, in bytes. Env `UPLOAD_MAX_FILE_BYTES`. @default 25 MB */
  maxFileBytes: number;
  /** Files in one upload at most. Env `UPLOAD_MAX_FILES`. @default 20 */
  maxFiles: number;
  /** The corpus folder may not grow beyond this, in bytes. Env `CORPUS_MAX_BYTES`. @default 1 GB */
  maxCorpusBytes: number;
}

export const DEFAULT_UPLOAD_LIMITS: UploadLimits = { maxFileBytes: 25 * 1024 * 1024, maxFiles: 20, maxCorpusBytes: 1024 * 1024 * 1024 };

/**
 * How many saved conversations are kept, and for how long. Conversations are saved in
 * SQLite (src/chat/sqlite-conversations.ts); these bound what one client, or all of them,
 * can make it hold. Deleting a conversation also deletes the feedback on its turns; turns
 * dropped by these limits keep their feedback (a copy of the turn is stored with it).
 */
export interface ConversationRetention {
  /** Conversations kept per client (API key or IP address); beyond this, empty ones and then the least recently active are deleted. Env `CONVERSATIONS_MAX_PER_CLIENT`. @default 1000 */
  maxPerClient: number;
  /** Conversations kept for all clients together, least recently active deleted first. Env `CONVERSATIONS_MAX_TOTAL`. @default 100000 */
  maxConversations: number;
  /** Turns kept per conversation; the oldest are deleted beyond this. Env `CONVERSATIONS_MAX_TURNS`. @default 200 */
  maxTurns: number;
  /** A conversation with no new turn for this many days is deleted; 0 keeps conversations until they are deleted. Env `CONVERSATIONS_MAX_IDLE_DAYS`. @default 90 */
  maxIdleDays: number;
}

export const DEFAULT_CONVERSATION_RETENTION: ConversationRetention = { maxPerClient: 1000, maxConversations: 100_000, maxTurns: 200, maxIdleDays: 90 };

/**
 * How answers are generated by a language model, when one is configured (see `LlmConfig`
 * in config.ts), and how strictly what it writes is held to the passages.
 */
export interface GenerationSettings {
  /**
   * Longest the language model may take for a whole answer, waiting for a free slot
   * included, in ms. Past it the request is cancelled: sentences already verified and
   * shown stay, and with none the answer is the extractive one. Env `LLM_TIMEOUT_MS`. @default 60000
   */
  timeoutMs: number;
  /** Most tokens the model may write in one answer. Env `LLM_MAX_TOKENS`. @default 512 */
  maxTokens: number;
  /** Requests to the model at once, from the whole server; more wait their turn. Env `LLM_CONCURRENCY`. @default 4 */
  concurrency: number;
  /**
   * What becomes of a generated sentence no cited passage supports (or that cites none):
   * `drop` removes it; `mark` keeps it, followed by "[unverified]". Env `LLM_UNVERIFIED`. @default "drop"
   */
  unverified: 'drop' | 'mark';
  /** Sampling temperature sent to the model; 0 asks for its most likely wording. Env `LLM_TEMPERATURE`. @default 0 */
  temperature: number;
  /** Passages sent to the model, numbered [1]…[n], in retrieval order. Env `LLM_PASSAGES`. @default 6 */
  passages: number;
  /** A passage sentence supports a generated one when the stance model's P(supports) reaches this (the verifier's threshold). @default 0.5 */
  supportThreshold: number;
}

export const DEFAULT_GENERATION_SETTINGS: GenerationSettings = {
  timeoutMs: 60_000,
  maxTokens: 512,
  concurrency: 4,
  unverified: 'drop',
  temperature: 0,
  passages: 6,
  supportThreshold: DEFAULT_VERIFY_SETTINGS.stanceThreshold,
};
