import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Embedder } from '../embed/embedder.js';
import type { ProgressFn } from '../embed/embedding-cache.js';
import { EmbeddingCache } from '../embed/embedding-cache.js';
import { AppError, isAppError } from '../errors.js';
import { CHUNKER_VERSION, chunkDocument } from '../ingest/chunk.js';
import { loadCorpus } from '../ingest/load-corpus.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { buildSettingsFromEnv, type BuildSettings } from '../settings.js';
import type { Chunk, ChunkerSettings, SourceDoc } from '../types.js';
import { acquireBuildLock } from './build-lock.js';
import type { EvidenceFile, LoadedIndex } from './index-files.js';
import { assembleIndex, CURRENT_FILE, loadGeneration, saveGeneration } from './index-files.js';
import { documentCard } from '../ingest/document-card.js';
import { analyzeText, properWordsOf, type TextAnalysis } from '../language/analyze.js';
import { buildSynonymTable } from '../language/synonyms.js';
import { passagesFor, SentenceBank, sentenceKey } from '../evidence/sentence-bank.js';
import { DEFAULT_TRAINING, JUDGMENT_VERSION, trainModels, type TrainingContext, type TrainingSettings } from '../evidence/training.js';
import { HybridRetriever } from '../retrieve/retriever.js';
import { AnalysisCache } from './analysis-cache.js';
import { SentenceVectors } from './sentence-vectors.js';
import { checkStaleness, INDEX_FORMAT_VERSION } from './manifest.js';

/** What an index build did. */
export interface BuildReport {
  documents: number;
  chunks: number;
  /** Sentences in the dense index. */
  vectors: number;
  /** Sentences that had to go through the model. */
  embedded: number;
  /** Sentences whose vectors came from the cache. */
  reused: number;
  added: string[];
  changed: string[];
  removed: string[];
  seconds: number;
  /** Why a build was needed. */
  reason: string;
}

export interface IndexOptions {
  corpusDir: string;
  indexDir: string;
  embedder: Embedder;
  chunker: ChunkerSettings;
  logger?: Logger;
  /** Reports embedding progress during a build. */
  onProgress?: ProgressFn;
  /** Reports each stage of a build as it starts, for what no embedding count measures. */
  onStage?: (stage: BuildStage) => void;
  /** Rebuild even when the index is fresh. @default false */
  force?: boolean;
  /** How much training data to generate for the judgment models. */
  training?: TrainingSettings;
  /** Passages retrieved per question, as the answerer retrieves them. @default 6 */
  passages?: number;
  /** Cache checkpoints, the cache's size cap and the build lock. @default buildSettingsFromEnv() */
  build?: Partial<BuildSettings>;
}

/** The stages of a build: embedding the sentences, fitting the judgment models to them, writing the generation. */
export type BuildStage = 'embedding' | 'fitting' | 'saving';

/** Search beam of the HNSW graph: wide enough that the top few hundred sentences are found reliably. */
export const HNSW_EF_SEARCH = 200;

/** A vector in the dense index: one sentence of one chunk. */
export interface DenseUnit {
  chunkId: string;
  docId: string;
  /** Index into `chunk.sentences`, or -1 when the chunk has no sentences and its whole text is used. */
  sentence: number;
  text: string;
}

/**
 * The dense index holds one vector per sentence rather than per chunk: the sentence
 * encoder is trained on sentences, and a multi-bullet chunk's single vector blurs the
 * facts in it. A chunk's dense score is its best sentence's similarity. Measured on the
 * development set, this put the answer in the top 5 for 18 of 20 questions on its own,
 * against 11 of 20 with one vector per chunk.
 */
export function denseUnitsOf(chunks: Chunk[], docs: Map<string, SourceDoc>): DenseUnit[] {
  const units: DenseUnit[] = [];
  for (const chunk of chunks) {
    const text = docs.get(chunk.docId)!.text;
    if (chunk.sentences.length === 0) units.push({ chunkId: chunk.id, docId: chunk.docId, sentence: -1, text: chunk.text });
    chunk.sentences.forEach((s, i) => units.push({ chunkId: chunk.id, docId: chunk.docId, sentence: i, text: text.slice(s.start, s.end) }));
  }
  return units;
}

/**
 * Loads the index, or builds it when it is missing, stale, corrupt or made by another
 * embedder. Unchanged chunks reuse cached vectors, so a rebuild after a small edit only
 * embeds what changed; removed documents are simply absent from the new generation.
 *
 * Only a build takes the index's build lock; loading a current generation never does.
 * A process that finds another one building waits for it, then uses what it built when
 * that is current, instead of doing the same work again.
 */
export async function ensureIndex(options: IndexOptions): Promise<{ index: LoadedIndex; report?: BuildReport }> {
  const logger = options.logger ?? silentLogger;
  // Warnings about corpus files are remembered in the index folder, so each is printed once.
  const docs = await loadCorpus(options.corpusDir, logger, { rememberWarningsIn: options.indexDir });
  if (docs.length === 0) throw new AppError('CORPUS_EMPTY', `No .md, .txt, .html, .pdf or .docx documents in ${options.corpusDir}`);
  const build = { ...buildSettingsFromEnv(), ...options.build };
  const seen = await currentGeneration(options.indexDir);
  const first: Verdict = options.force ? { reason: 'forced rebuild' } : await checkIndex(options, docs, logger);
  if ('index' in first) return { index: first.index };
  const lock = await acquireBuildLock(options.indexDir, { logger, staleSeconds: build.lockStaleSeconds });
  try {
    let { reason, changes } = first;
    // Another process built while this one waited (or in the moment before it took the
    // lock). Even a forced build takes it when current: it is as new as a forced one.
    if ((await currentGeneration(options.indexDir)) !== seen) {
      const again = await checkIndex(options, docs, logger);
      if ('index' in again) {
        logger.info('another process has just built the index; using it');
        return { index: again.index };
      }
      if (!options.force) ({ reason, changes } = again);
    }
    logger.info(`building index (${reason})`);
    return await buildIndex(docs, { ...options, build }, reason, changes);
  } finally {
    await lock.release();
  }
}

/** Which documents differ from the previous index. */
type Changes = Pick<BuildReport, 'added' | 'changed' | 'removed'>;

/** A current index, or why a build is needed. */
type Verdict = { index: LoadedIndex } | { reason: string; changes?: Changes };

/** The generation CURRENT names, '' when none: it changes exactly when a build completes. */
async function currentGeneration(indexDir: string): Promise<string> {
  return (await readFile(join(indexDir, CURRENT_FILE), 'utf8').catch(() => '')).trim();
}

async function checkIndex(options: IndexOptions, docs: SourceDoc[], logger: Logger): Promise<Verdict> {
  try {
    const index = await loadGeneration(options.indexDir);
    const staleness = checkStaleness(index.manifest, docs, options.embedder.id, options.chunker);
    if (staleness.fresh) {
      index.vectors.setEf(HNSW_EF_SEARCH);
      return { index };
    }
    return { reason: `index is stale: ${staleness.reason}`, changes: staleness };
  } catch (err) {
    if (isAppError(err, 'INDEX_MISSING')) return { reason: 'no index yet' };
    if (isAppError(err, 'INDEX_STALE')) return { reason: err.message };
    if (isAppError(err, 'INDEX_CORRUPT')) {
      logger.warn(`${err.message}; rebuilding`);
      return { reason: err.message };
    }
    throw err;
  }
}

/**
 * Builds and saves a new index generation from documents. The caller holds the build
 * lock (ensureIndex takes it). New vectors are checkpointed into the embedding cache as
 * they are made, and the cache is saved even when the build fails, so no embedding is lost.
 */
export async function buildIndex(
  docs: SourceDoc[],
  options: IndexOptions,
  reason: string,
  changes: Changes = { added: docs.map((d) => d.id), changed: [], removed: [] },
): Promise<{ index: LoadedIndex; report: BuildReport }> {
  const started = performance.now();
  const { embedder, indexDir } = options;
  const build = { ...buildSettingsFromEnv(), ...options.build };
  const cacheDir = join(indexDir, 'cache');
  await mkdir(cacheDir, { recursive: true });
  const cache = await EmbeddingCache.load(cacheDir, embedder.id, embedder.dimension, {
    logger: options.logger ?? silentLogger,
    checkpointSeconds: build.checkpointSeconds,
    checkpointVectors: build.checkpointVectors,
    maxVectors: build.cacheMaxVectors,
  });
  try {
    return await buildWithCache(docs, options, reason, changes, cache, started);
  } finally {
    await cache.save();
  }
}

/** The build itself, given a loaded cache (which the caller saves, whatever happens). */
async function buildWithCache(
  docs: SourceDoc[],
  options: IndexOptions,
  reason: string,
  changes: Changes,
  cache: EmbeddingCache,
  started: number,
): Promise<{ index: LoadedIndex; report: BuildReport }> {
  const logger = options.logger ?? silentLogger;
  const { embedder, chunker, indexDir } = options;
  const cacheDir = join(indexDir, 'cache');

  // Each document is indexed with a card about it, so that questions about a document
  // itself (its title, publisher, date) are answered and cited like any other.
  const allDocs = [...docs, ...docs.map(documentCard)];
  const chunks = allDocs.flatMap((doc) => chunkDocument(doc, chunker));
  const docById = new Map(allDocs.map((d) => [d.id, d]));
  const units = denseUnitsOf(chunks, docById);
  const texts = units.map((u) => u.text);
  // The sentences are embedded on worker threads while this thread analyses them.
  options.onStage?.('embedding');
  const embedding = cache.embedAll(embedder, texts, options.onProgress);
  // Awaited below; until then, a failure must not count as unhandled.
  embedding.catch(() => undefined);
  const analyses: Record<string, TextAnalysis> = {};
  const properWords = properWordsOf(docs.map((d) => d.text).join('\n'));
  const analysisCache = await AnalysisCache.load(cacheDir, JUDGMENT_VERSION, logger);
  // Whether a sentence's first word is capitalised elsewhere changes its analysis (is it a name?).
  const variantOf = (text: string) => (properWords.has(/^[^\p{L}]*(\p{L}+)/u.exec(text)?.[1]?.toLowerCase() ?? '') ? 'proper' : '');
  const sentenceUnits = units.filter((u) => u.sentence >= 0);
  for (const [i, u] of sentenceUnits.entries()) {
    analyses[sentenceKey(u.chunkId, u.sentence)] = analysisCache.get(u.text, variantOf(u.text), (text) => analyzeText(text, { typeNames: true, withDates: true, properWords }));
    // Let the workers' results in now and then, so that progress is reported as it happens.
    if (i % 50 === 49) {
      await analysisCache.checkpoint();
      await new Promise((r) => setImmediate(r));
    }
  }
  const synonyms = buildSynonymTable(new Set(Object.values(analyses).flatMap((a) => a.lemmas)));
  const { vectors, computed } = await embedding;

  const store = SentenceVectors.build(
    vectors,
    units.map((u) => ({ chunkId: u.chunkId, docId: u.docId, sentence: u.sentence })),
    embedder.dimension,
  );
  store.setEf(HNSW_EF_SEARCH);

  const documents: Record<string, { path: string; hash: string; chunks: number }> = {};
  for (const doc of docs) documents[doc.id] = { path: doc.path, hash: doc.hash, chunks: 0 };
  for (const chunk of chunks) {
    const entry = documents[chunk.docId];
    if (entry) entry.chunks++;
  }
  const manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    embedder: { id: embedder.id, dimension: embedder.dimension },
    chunker: { ...chunker, version: CHUNKER_VERSION },
    judgmentVersion: JUDGMENT_VERSION,
    documents,
    chunkCount: chunks.length,
    vectorCount: units.length,
    builtAt: new Date().toISOString(),
  };

  // The judgment models, fitted on questions and claims generated from these very documents.
  const draft = assembleIndex({ ...manifest, files: {} }, indexDir, allDocs, chunks, store, { analyses, synonyms } as EvidenceFile);
  const bank = new SentenceBank(draft, { analyses, synonyms });
  const retriever = new HybridRetriever(draft, embedder);
  options.onStage?.('fitting');
  const { models, report: training } = await trainModels(
    trainingContext(bank, retriever, async (list) => (await cache.embedAll(embedder, list)).vectors, options.passages),
    options.training ?? DEFAULT_TRAINING,
  );
  const evidence: EvidenceFile = { analyses, synonyms, models, training };
  const examples = Object.values(training.examples).reduce((n, e) => n + e.positive + e.negative, 0);
  logger.info(`judgment models fitted on ${examples} examples generated from ${training.sentences.compared} sentences (${training.seconds.toFixed(1)} s)`);

  options.onStage?.('saving');
  const saved = await saveGeneration(indexDir, manifest, allDocs, chunks, store, evidence, logger);
  await analysisCache.save(sentenceUnits.map((u): [string, string] => [u.text, variantOf(u.text)]));

  const report: BuildReport = {
    documents: docs.length,
    chunks: chunks.filter((c) => c.docId in documents).length,
    vectors: units.length,
    embedded: computed,
    reused: units.length - computed,
    ...changes,
    seconds: (performance.now() - started) / 1000,
    reason,
  };
  return { index: assembleIndex(saved.manifest, saved.dir, allDocs, chunks, store, evidence), report };
}

/**
 * What fitting the judgment models needs from an index: its sentences, an embedder, and
 * retrieval as answering does it (the first `passages` passages, cards only when asked).
 */
export function trainingContext(bank: SentenceBank, retriever: Pick<HybridRetriever, 'searchWithVector'>, embed: (texts: string[]) => Promise<number[][]>, passages = 6): TrainingContext {
  return {
    bank,
    embed,
    retrieve: async (text, vector, withCards) => {
      const { hits } = await retriever.searchWithVector(text, vector, { k: passages + 4 });
      return bank.sentencesOf(passagesFor(hits, withCards, passages));
    },
  };
}
