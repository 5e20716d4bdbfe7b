import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { AppError, messageOf } from '../errors.js';
import { sha256 } from '../hash.js';
import type { Logger } from '../log.js';
import type { Chunk, IndexManifest, SourceDoc } from '../types.js';
import { writeFileAtomic } from './atomic-write.js';
import { INDEX_FORMAT_VERSION } from './manifest.js';
import { SENTENCE_VECTOR_FILES, SentenceVectors } from './sentence-vectors.js';
import type { EvidenceModels } from '../evidence/judge.js';
import type { LanguageData } from '../evidence/sentence-bank.js';
import type { TrainingReport } from '../evidence/training.js';

/** What the index stores for answering and verifying: sentence analyses, synonyms, and the fitted models. */
export interface EvidenceFile extends LanguageData {
  models: EvidenceModels;
  training: TrainingReport;
}

/**
 * An index on disk is a series of generations under `index/`:
 *
 *   index/CURRENT              names the generation in use ("gen-…")
 *   index/gen-…/manifest.json  how it was built, with a checksum of every file below
 *   index/gen-…/docs.json      documents with their canonical text and metadata
 *   index/gen-…/chunks.json    chunks with offsets, heading paths and sentences
 *   index/gen-…/vectors.hnsw   the HNSW graph of sentence vectors (hnswlib-node)
 *   index/gen-…/vectors.json   what each vector of the graph stands for, by label
 *   index/gen-…/evidence.json  sentence analyses, synonym table and the fitted judgment models
 *   index/cache/               embedding vectors by (embedder, text hash)
 *
 * A new generation is written completely under a temporary name, renamed into place,
 * and only then made current by atomically replacing CURRENT. A crash at any point
 * leaves the previous generation in use.
 */
export const CURRENT_FILE = 'CURRENT';
const DATA_FILES = ['docs.json', 'chunks.json', 'evidence.json', ...SENTENCE_VECTOR_FILES];

/** An index loaded into memory, ready to search. */
export interface LoadedIndex {
  manifest: IndexManifest;
  /** Folder of the generation it was loaded from. */
  dir: string;
  docs: Map<string, SourceDoc>;
  chunks: Chunk[];
  chunkById: Map<string, Chunk>;
  vectors: SentenceVectors;
  evidence: EvidenceFile;
  /** The stored vector of sentence `i` of a chunk (index -1: a chunk without sentences). */
  sentenceVector(chunkId: string, i: number): number[] | undefined;
}

export function assembleIndex(manifest: IndexManifest, dir: string, docs: SourceDoc[], chunks: Chunk[], vectors: SentenceVectors, evidence: EvidenceFile): LoadedIndex {
  return {
    manifest,
    dir,
    docs: new Map(docs.map((d) => [d.id, d])),
    chunks,
    chunkById: new Map(chunks.map((c) => [c.id, c])),
    vectors,
    evidence,
    // The answerer reads a sentence's vector back instead of embedding it again.
    sentenceVector: (chunkId, i) => vectors.vectorOf(chunkId, i),
  };
}

async function syncFile(path: string): Promise<void> {
  const handle = await open(path, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Writes a new generation and makes it current. Returns its folder. */
export async function saveGeneration(
  indexDir: string,
  manifest: Omit<IndexManifest, 'files'>,
  docs: SourceDoc[],
  chunks: Chunk[],
  vectors: SentenceVectors,
  evidence: EvidenceFile,
  logger: Logger,
): Promise<{ dir: string; manifest: IndexManifest }> {
  await mkdir(indexDir, { recursive: true });
  const name = `gen-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const tmpDir = join(indexDir, `.tmp-${name}`);
  await mkdir(tmpDir, { recursive: true });
  try {
    await Promise.all([
      writeFileAtomic(join(tmpDir, 'docs.json'), JSON.stringify(docs)),
      writeFileAtomic(join(tmpDir, 'chunks.json'), JSON.stringify(chunks)),
      writeFileAtomic(join(tmpDir, 'evidence.json'), JSON.stringify(evidence)),
      vectors.save(tmpDir),
    ]);
    const files: Record<string, string> = {};
    for (const file of DATA_FILES) {
      const path = join(tmpDir, file);
      await syncFile(path);
      files[file] = sha256(await readFile(path));
    }
    const full: IndexManifest = { ...manifest, files };
    await writeFileAtomic(join(tmpDir, 'manifest.json'), JSON.stringify(full, null, 2));
    const dir = join(indexDir, name);
    await rename(tmpDir, dir);
    await writeFileAtomic(join(indexDir, CURRENT_FILE), `${name}\n`);
    await removeOldGenerations(indexDir, name, logger);
    return { dir, manifest: full };
  } catch (err) {
    await rm(tmpDir, { recursive: true, force: true });
    throw err;
  }
}

/** Deletes generations other than the current one, and temporary folders left by crashes. */
async function removeOldGenerations(indexDir: string, keep: string, logger: Logger): Promise<void> {
  const hourAgo = Date.now() - 3600_000;
  for (const entry of await readdir(indexDir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name === keep) continue;
    const path = join(indexDir, entry.name);
    try {
      if (entry.name.startsWith('gen-')) {
        await rm(path, { recursive: true, force: true });
      } else if (entry.name.startsWith('.tmp-gen-')) {
        // Another process may be writing it right now: only remove it once clearly abandoned.
        if ((await stat(path)).mtimeMs < hourAgo) await rm(path, { recursive: true, force: true });
      }
    } catch (err) {
      logger.warn(`could not remove old index folder ${path}: ${messageOf(err)}`);
    }
  }
}

/**
 * Loads the current generation. Throws INDEX_MISSING when there is none, and
 * INDEX_CORRUPT when any file is missing, truncated or altered (checked against the
 * manifest's checksums before anything is parsed).
 */
export async function loadGeneration(indexDir: string): Promise<LoadedIndex> {
  let name: string;
  try {
    name = (await readFile(join(indexDir, CURRENT_FILE), 'utf8')).trim();
  } catch {
    throw new AppError('INDEX_MISSING', `No index in ${indexDir}: run \`npm run index\` to build one`);
  }
  const dir = join(indexDir, name);
  const corrupt = (what: string, cause?: unknown) =>
    new AppError('INDEX_CORRUPT', `Index ${dir} is unusable: ${what}`, { cause });
  if (!/^gen-[a-z0-9]+-[0-9a-f]+$/.test(name)) throw corrupt(`CURRENT names "${name}"`);

  let manifest: IndexManifest;
  try {
    manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as IndexManifest;
  } catch (err) {
    throw corrupt(`manifest.json cannot be read (${messageOf(err)})`, err);
  }
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION) {
    throw new AppError('INDEX_STALE', `Index ${dir} has format ${manifest.formatVersion}; this version reads format ${INDEX_FORMAT_VERSION}`);
  }
  const contents = new Map<string, Buffer>();
  for (const file of DATA_FILES) {
    const expected = manifest.files?.[file];
    const data = await readFile(join(dir, file)).catch(() => undefined);
    if (!data) throw corrupt(`${file} is missing`);
    if (!expected || sha256(data) !== expected) throw corrupt(`${file} does not match its checksum (truncated or altered)`);
    contents.set(file, data);
  }
  try {
    const docs = JSON.parse(contents.get('docs.json')!.toString('utf8')) as SourceDoc[];
    const chunks = JSON.parse(contents.get('chunks.json')!.toString('utf8')) as Chunk[];
    const evidence = JSON.parse(contents.get('evidence.json')!.toString('utf8')) as EvidenceFile;
    const vectors = await SentenceVectors.load(dir, manifest.embedder.dimension);
    if (vectors.count !== manifest.vectorCount) throw new Error('vector count differs from the manifest');
    return assembleIndex(manifest, dir, docs, chunks, vectors, evidence);
  } catch (err) {
    throw corrupt(messageOf(err), err);
  }
}

/** Documents in the index, not counting the cards indexed beside them. */
export function documentCount(index: LoadedIndex): number {
  return Object.keys(index.manifest.documents).length;
}

/** Chunks of the documents themselves, not of their cards. */
export function documentChunkCount(index: LoadedIndex): number {
  return index.chunks.filter((c) => c.docId in index.manifest.documents).length;
}
