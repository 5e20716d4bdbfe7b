import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after } from 'node:test';
import { loadConfig, PROJECT_ROOT, type Config } from '../src/config.js';
import { openIndex, type OpenIndex } from '../src/open-index.js';

export const CORPUS_DIR = join(PROJECT_ROOT, 'corpus');
/** Tests keep their own index (and embedding cache) apart from the user's `index/`. */
export const TEST_INDEX_DIR = join(PROJECT_ROOT, 'test-artifacts', 'index');
export const SHARED_EVAL_DIR = join(PROJECT_ROOT, '..', 'shared', 'eval');

/** A fresh temporary folder, removed when the test file finishes. */
export async function tempDir(prefix = 'trust-rag-'): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

/** A temporary copy of the bundled corpus, for tests that edit documents. */
export async function copyOfCorpus(): Promise<string> {
  const dir = await tempDir('trust-rag-corpus-');
  await cp(CORPUS_DIR, dir, { recursive: true });
  return dir;
}

export function testConfig(overrides: Partial<Config> = {}): Config {
  return { ...loadConfig({}), corpusDir: CORPUS_DIR, indexDir: TEST_INDEX_DIR, ...overrides };
}

let shared: Promise<OpenIndex> | undefined;

/** The real corpus indexed with the default embedder, opened once per test file. */
export function realIndex(): Promise<OpenIndex> {
  shared ??= openIndex(testConfig());
  return shared;
}
