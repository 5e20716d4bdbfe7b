import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError } from './errors.js';
import { DEFAULT_CHUNKER } from './ingest/chunk.js';
import { DEFAULT_CONVERSATION_RETENTION, DEFAULT_GENERATION_SETTINGS, DEFAULT_UPLOAD_LIMITS, type ConversationRetention, type GenerationSettings, type UploadLimits } from './settings.js';
import type { ChunkerSettings } from './types.js';

/** The project folder: defaults are relative to it, not to wherever a command is run from. */
export const PROJECT_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Everything configurable, merged once from defaults, environment and command-line flags. */
export interface Config {
  /** Folder of documents to index. Env `CORPUS_DIR`, flag `--corpus`. @default "corpus" */
  corpusDir: string;
  /** Folder holding the index. Env `INDEX_DIR`, flag `--index`. @default "index" */
  indexDir: string;
  /** Embedding model: `use` or `transformers:<model id>`. Env `EMBEDDER`, flag `--embedder`. @default "use" */
  embedder: string;
  /**
   * Folder of what users make while the server runs: the saved conversations and their
   * feedback (`conversations.sqlite`). Kept apart from the index, which can be deleted and
   * rebuilt at any time. Env `DATA_DIR`, flag `--data` (feedback command). @default "data"
   */
  dataDir: string;
  /** Folder of local transformers.js models. Env `MODELS_DIR`, flag `--models`. @default "models" */
  modelsDir: string;
  /** Let transformers.js download from the hub when a model is not local. Env `ALLOW_REMOTE_MODELS=1`, flag `--allow-remote`. @default false */
  allowRemoteModels: boolean;
  /** Chunk sizes in characters. Env `CHUNK_TARGET_CHARS`, `CHUNK_MAX_CHARS`, `CHUNK_MIN_CHARS`, `CHUNK_OVERLAP_CHARS`. */
  chunker: ChunkerSettings;
  /** HTTP port. Env `PORT`, flag `--port`. @default 3000 */
  port: number;
  /** How the HTTP server protects itself and whom it lets in. */
  server: ServerConfig;
  /** The language model that writes answers, when one is configured; without it answers are extractive. */
  llm?: LlmConfig;
}

/**
 * Any server that speaks OpenAI's chat completions (Ollama, llama.cpp's server, vLLM,
 * OpenAI). Set both `LLM_BASE_URL` and `LLM_MODEL` to use one; neither for extractive answers.
 */
export interface LlmConfig {
  /** Where the chat completions API is, up to `/v1`. Env `LLM_BASE_URL`, flag `--llm-base-url`. */
  baseUrl: string;
  /** The model's name on that server. Env `LLM_MODEL`, flag `--llm-model`. */
  model: string;
  /** Sent as `Authorization: Bearer`; never logged or shown. Env `LLM_API_KEY`, flag `--llm-api-key`. @default none */
  apiKey?: string;
  /** Folder of the prompt templates. Env `PROMPTS_DIR`, flag `--prompts`. @default "prompts" */
  promptsDir: string;
  /** Timeout, token limit, concurrency and what becomes of unverified sentences. */
  settings: GenerationSettings;
}

/** An API key and what it may do. `admin` may also change documents; `read` may only ask. */
export interface ApiKey {
  /** A short, non-secret label for logs and rate limits ("key-1", or the name given). */
  id: string;
  key: string;
  role: 'read' | 'admin';
}

export interface ServerConfig {
  /**
   * Interface to listen on. Env `HOST`, flag `--host`. @default "127.0.0.1" without API
   * keys, "0.0.0.0" with them: an unguarded server is only reachable from this machine.
   */
  host: string;
  /** Env `API_KEYS` (read role) and `ADMIN_API_KEYS` (admin role), comma-separated; `name:key` names a key. @default none: no keys asked */
  apiKeys: ApiKey[];
  /** Requests per client (API key, or IP address without one) per minute, on /api, /v1 and /mcp. Env `RATE_LIMIT_PER_MINUTE`; 0 turns it off. @default 300 */
  rateLimitPerMinute: number;
  /** Origins allowed to call the API from a browser (CORS). Env `CORS_ORIGINS`, comma-separated, or `*`. @default none: same origin only */
  corsOrigins: string[];
  /** Time to receive a request's headers, in ms. Env `HEADERS_TIMEOUT_MS`. @default 10000 */
  headersTimeoutMs: number;
  /** Time to receive a whole request, in ms. Env `REQUEST_TIMEOUT_MS`. @default 30000 */
  requestTimeoutMs: number;
  /** An idle keep-alive connection is closed after this, in ms. Env `KEEP_ALIVE_TIMEOUT_MS`. @default 5000 */
  keepAliveTimeoutMs: number;
  /** Open connections at most; more are refused. Env `MAX_CONNECTIONS`. @default 512 */
  maxConnections: number;
  /** On SIGTERM, how long in-flight requests may take to finish, in ms. Env `DRAIN_TIMEOUT_MS`. @default 10000 */
  drainTimeoutMs: number;
  /**
   * Worker threads that answer, verify and search, each with its own copy of the model and
   * index, so that the request loop never waits for them. Env `ANSWER_WORKERS`; 0 answers
   * on the server's own thread. @default one per core, at most 8
   */
  answerWorkers: number;
  /** Limits on uploads: env `UPLOAD_MAX_FILE_BYTES`, `UPLOAD_MAX_FILES`, `CORPUS_MAX_BYTES`. */
  uploads: UploadLimits;
  /** How many saved conversations are kept, and for how long: env `CONVERSATIONS_MAX_PER_CLIENT`, `CONVERSATIONS_MAX_TOTAL`, `CONVERSATIONS_MAX_TURNS`, `CONVERSATIONS_MAX_IDLE_DAYS`. */
  retention: ConversationRetention;
  /** Watch the corpus folder and re-index changes while serving. Env `WATCH_CORPUS=0` turns it off. @default on */
  watchCorpus: boolean;
  /** `json` (one JSON object a line) or `text`. Env `LOG_FORMAT`. @default "text" on a terminal, "json" otherwise */
  logFormat: 'json' | 'text';
  /** `debug`, `info` or `warn`. Env `LOG_LEVEL`. @default "info" */
  logLevel: 'debug' | 'info' | 'warn';
}

/** Flags every command accepts; commands may add their own. */
export const COMMON_FLAGS = {
  corpus: { type: 'string' },
  index: { type: 'string' },
  embedder: { type: 'string' },
  models: { type: 'string' },
  'allow-remote': { type: 'boolean' },
  port: { type: 'string' },
  host: { type: 'string' },
  'llm-base-url': { type: 'string' },
  'llm-model': { type: 'string' },
  'llm-api-key': { type: 'string' },
  prompts: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

function dir(value: string | undefined, fallback: string): string {
  const chosen = value && value.trim() !== '' ? value : fallback;
  return isAbsolute(chosen) ? chosen : resolve(value ? process.cwd() : PROJECT_ROOT, chosen);
}

function int(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new AppError('INVALID_CONFIG', `${name} must be an integer from ${min} to ${max}, got "${value}"`);
  return n;
}

function bool(value: string | undefined): boolean {
  return value !== undefined && /^(1|true|yes|on)$/i.test(value.trim());
}

/** Merges defaults, environment variables and parsed flags (flags win). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, flags: Record<string, string | boolean | undefined> = {}): Config {
  const str = (flag: string, envName: string): string | undefined => {
    const f = flags[flag];
    return typeof f === 'string' ? f : env[envName];
  };
  const chunker: ChunkerSettings = {
    targetChars: int('CHUNK_TARGET_CHARS', env.CHUNK_TARGET_CHARS, DEFAULT_CHUNKER.targetChars, 100, 20000),
    maxChars: int('CHUNK_MAX_CHARS', env.CHUNK_MAX_CHARS, DEFAULT_CHUNKER.maxChars, 100, 40000),
    minChars: int('CHUNK_MIN_CHARS', env.CHUNK_MIN_CHARS, DEFAULT_CHUNKER.minChars, 0, 20000),
    overlapChars: int('CHUNK_OVERLAP_CHARS', env.CHUNK_OVERLAP_CHARS, DEFAULT_CHUNKER.overlapChars, 0, 20000),
  };
  if (chunker.maxChars < chunker.targetChars) throw new AppError('INVALID_CONFIG', 'CHUNK_MAX_CHARS must be at least CHUNK_TARGET_CHARS');
  return {
    corpusDir: dir(str('corpus', 'CORPUS_DIR'), 'corpus'),
    indexDir: dir(str('index', 'INDEX_DIR'), 'index'),
    dataDir: dir(str('data', 'DATA_DIR'), 'data'),
    modelsDir: dir(str('models', 'MODELS_DIR'), 'models'),
    embedder: (str('embedder', 'EMBEDDER') ?? 'use').trim() || 'use',
    allowRemoteModels: flags['allow-remote'] === true || bool(env.ALLOW_REMOTE_MODELS),
    chunker,
    port: int('PORT', str('port', 'PORT'), 3000, 0, 65535),
    server: serverConfig(env, str('host', 'HOST')),
    ...llmConfig(env, str),
  };
}

/** `{llm}` when a language model is configured, `{}` when not; half a configuration is an error. */
function llmConfig(env: NodeJS.ProcessEnv, str: (flag: string, envName: string) => string | undefined): { llm?: LlmConfig } {
  const baseUrl = str('llm-base-url', 'LLM_BASE_URL')?.trim() ?? '';
  const model = str('llm-model', 'LLM_MODEL')?.trim() ?? '';
  if (baseUrl === '' && model === '') return {};
  if (baseUrl === '') throw new AppError('INVALID_CONFIG', 'LLM_MODEL is set but LLM_BASE_URL is not: set it to the server\'s OpenAI-compatible API (https://api.openai.com/v1 for OpenAI), or unset LLM_MODEL for extractive answers');
  if (model === '') throw new AppError('INVALID_CONFIG', 'LLM_BASE_URL is set but LLM_MODEL is not: name the model to use, or unset LLM_BASE_URL for extractive answers');
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new AppError('INVALID_CONFIG', 'LLM_BASE_URL is not a URL: give it as http://host:port/v1');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new AppError('INVALID_CONFIG', 'LLM_BASE_URL must start with http:// or https://');
  const unverified = (env.LLM_UNVERIFIED ?? DEFAULT_GENERATION_SETTINGS.unverified).trim();
  if (unverified !== 'drop' && unverified !== 'mark') throw new AppError('INVALID_CONFIG', `LLM_UNVERIFIED must be "drop" or "mark", got "${unverified}"`);
  const temperature = env.LLM_TEMPERATURE?.trim() ? Number(env.LLM_TEMPERATURE) : DEFAULT_GENERATION_SETTINGS.temperature;
  if (!Number.isFinite(temperature) || temperature < 0 || temperature > 2) throw new AppError('INVALID_CONFIG', `LLM_TEMPERATURE must be a number from 0 to 2, got "${env.LLM_TEMPERATURE}"`);
  const apiKey = str('llm-api-key', 'LLM_API_KEY')?.trim();
  return {
    llm: {
      baseUrl: baseUrl.replace(/\/+$/, ''),
      model,
      ...(apiKey ? { apiKey } : {}),
      promptsDir: dir(str('prompts', 'PROMPTS_DIR'), 'prompts'),
      settings: {
        ...DEFAULT_GENERATION_SETTINGS,
        timeoutMs: int('LLM_TIMEOUT_MS', env.LLM_TIMEOUT_MS, DEFAULT_GENERATION_SETTINGS.timeoutMs, 100, 3_600_000),
        maxTokens: int('LLM_MAX_TOKENS', env.LLM_MAX_TOKENS, DEFAULT_GENERATION_SETTINGS.maxTokens, 16, 1_000_000),
        concurrency: int('LLM_CONCURRENCY', env.LLM_CONCURRENCY, DEFAULT_GENERATION_SETTINGS.concurrency, 1, 1024),
        passages: int('LLM_PASSAGES', env.LLM_PASSAGES, DEFAULT_GENERATION_SETTINGS.passages, 1, 20),
        unverified,
        temperature,
      },
    },
  };
}

/** Where the language model is, for logs: scheme, host and path, without credentials or query. */
export function llmLabel(llm: LlmConfig): string {
  const url = new URL(llm.baseUrl);
  return `${llm.model} at ${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, '')}`;
}

function apiKeysOf(value: string | undefined, role: ApiKey['role'], offset: number): ApiKey[] {
  const entries = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  return entries.map((entry, i) => {
    const colon = entry.indexOf(':');
    const [id, key] = colon > 0 ? [entry.slice(0, colon), entry.slice(colon + 1)] : [`key-${offset + i + 1}`, entry];
    // Short keys can be guessed by anyone allowed to try a few thousand times.
    if (key.length < 16) throw new AppError('INVALID_CONFIG', `API key "${id}" is too short: use at least 16 characters`);
    return { id, key, role };
  });
}

function serverConfig(env: NodeJS.ProcessEnv, host: string | undefined): ServerConfig {
  const read = apiKeysOf(env.API_KEYS, 'read', 0);
  const apiKeys = [...read, ...apiKeysOf(env.ADMIN_API_KEYS, 'admin', read.length)];
  const logFormat = (env.LOG_FORMAT ?? (process.stderr.isTTY ? 'text' : 'json')).trim();
  if (logFormat !== 'json' && logFormat !== 'text') throw new AppError('INVALID_CONFIG', `LOG_FORMAT must be "json" or "text", got "${logFormat}"`);
  const logLevel = (env.LOG_LEVEL ?? 'info').trim();
  if (logLevel !== 'debug' && logLevel !== 'info' && logLevel !== 'warn') throw new AppError('INVALID_CONFIG', `LOG_LEVEL must be "debug", "info" or "warn", got "${logLevel}"`);
  return {
    host: host?.trim() || (apiKeys.length > 0 ? '0.0.0.0' : '127.0.0.1'),
    apiKeys,
    rateLimitPerMinute: int('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE, 300, 0, 1_000_000),
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((s) => s.trim().replace(/\/$/, '')).filter(Boolean),
    headersTimeoutMs: int('HEADERS_TIMEOUT_MS', env.HEADERS_TIMEOUT_MS, 10_000, 1000, 600_000),
    requestTimeoutMs: int('REQUEST_TIMEOUT_MS', env.REQUEST_TIMEOUT_MS, 30_000, 1000, 3_600_000),
    keepAliveTimeoutMs: int('KEEP_ALIVE_TIMEOUT_MS', env.KEEP_ALIVE_TIMEOUT_MS, 5000, 100, 600_000),
    maxConnections: int('MAX_CONNECTIONS', env.MAX_CONNECTIONS, 512, 1, 1_000_000),
    drainTimeoutMs: int('DRAIN_TIMEOUT_MS', env.DRAIN_TIMEOUT_MS, 10_000, 0, 600_000),
    uploads: {
      maxFileBytes: int('UPLOAD_MAX_FILE_BYTES', env.UPLOAD_MAX_FILE_BYTES, DEFAULT_UPLOAD_LIMITS.maxFileBytes, 1, 2 ** 31),
      maxFiles: int('UPLOAD_MAX_FILES', env.UPLOAD_MAX_FILES, DEFAULT_UPLOAD_LIMITS.maxFiles, 1, 1000),
      maxCorpusBytes: int('CORPUS_MAX_BYTES', env.CORPUS_MAX_BYTES, DEFAULT_UPLOAD_LIMITS.maxCorpusBytes, 1, 2 ** 42),
    },
    retention: {
      maxPerClient: int('CONVERSATIONS_MAX_PER_CLIENT', env.CONVERSATIONS_MAX_PER_CLIENT, DEFAULT_CONVERSATION_RETENTION.maxPerClient, 1, 1_000_000),
      maxConversations: int('CONVERSATIONS_MAX_TOTAL', env.CONVERSATIONS_MAX_TOTAL, DEFAULT_CONVERSATION_RETENTION.maxConversations, 1, 100_000_000),
      maxTurns: int('CONVERSATIONS_MAX_TURNS', env.CONVERSATIONS_MAX_TURNS, DEFAULT_CONVERSATION_RETENTION.maxTurns, 1, 100_000),
      maxIdleDays: int('CONVERSATIONS_MAX_IDLE_DAYS', env.CONVERSATIONS_MAX_IDLE_DAYS, DEFAULT_CONVERSATION_RETENTION.maxIdleDays, 0, 36_500),
    },
    watchCorpus: env.WATCH_CORPUS === undefined ? true : bool(env.WATCH_CORPUS),
    answerWorkers: int('ANSWER_WORKERS', env.ANSWER_WORKERS, Math.max(1, Math.min(availableParallelism(), 8)), 0, 64),
    logFormat,
    logLevel,
  };
}

/** Parses a command's arguments into config, positionals and the command's own flags. */
export function parseCommandLine<T extends Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: boolean }>>(argv: string[], extra: T) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: { ...COMMON_FLAGS, ...extra }, allowPositionals: true, strict: true });
  } catch (err) {
    throw new AppError('INVALID_INPUT', (err as Error).message);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  return { config: loadConfig(process.env, values), positionals: parsed.positionals, values };
}
