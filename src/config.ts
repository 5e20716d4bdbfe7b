import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { AppError } from './errors.js';
import { DEFAULT_CHUNKER } from './ingest/chunk.js';
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
  /** Folder of local transformers.js models. Env `MODELS_DIR`, flag `--models`. @default "models" */
  modelsDir: string;
  /** Let transformers.js download from the hub when a model is not local. Env `ALLOW_REMOTE_MODELS=1`, flag `--allow-remote`. @default false */
  allowRemoteModels: boolean;
  /** Chunk sizes in characters. Env `CHUNK_TARGET_CHARS`, `CHUNK_MAX_CHARS`, `CHUNK_MIN_CHARS`, `CHUNK_OVERLAP_CHARS`. */
  chunker: ChunkerSettings;
  /** HTTP port. Env `PORT`, flag `--port`. @default 3000 */
  port: number;
}

/** Flags every command accepts; commands may add their own. */
export const COMMON_FLAGS = {
  corpus: { type: 'string' },
  index: { type: 'string' },
  embedder: { type: 'string' },
  models: { type: 'string' },
  'allow-remote': { type: 'boolean' },
  port: { type: 'string' },
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
    modelsDir: dir(str('models', 'MODELS_DIR'), 'models'),
    embedder: (str('embedder', 'EMBEDDER') ?? 'use').trim() || 'use',
    allowRemoteModels: flags['allow-remote'] === true || bool(env.ALLOW_REMOTE_MODELS),
    chunker,
    port: int('PORT', str('port', 'PORT'), 3000, 0, 65535),
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
