import type { Config } from './config.js';
import type { ProgressFn } from './embed/embedding-cache.js';
import type { Embedder } from './embed/embedder.js';
import { createEmbedder } from './embed/create-embedder.js';
import type { Logger } from './log.js';
import { silentLogger } from './log.js';
import { HybridRetriever } from './retrieve/retriever.js';
import type { BuildReport, BuildStage } from './store/build-index.js';
import { ensureIndex } from './store/build-index.js';
import type { LoadedIndex } from './store/index-files.js';

/** A ready-to-query index with its embedder and retriever. */
export interface OpenIndex {
  embedder: Embedder;
  index: LoadedIndex;
  retriever: HybridRetriever;
  /** Set when opening had to build or rebuild the index. */
  report?: BuildReport;
  /** Milliseconds spent loading the embedding model. */
  modelLoadMs: number;
}

/** Loads the configured embedder, then loads (or builds, if missing or stale) the index. */
export async function openIndex(config: Config, options: { logger?: Logger; onProgress?: ProgressFn; onStage?: (stage: BuildStage) => void; force?: boolean; embedder?: Embedder } = {}): Promise<OpenIndex> {
  const logger = options.logger ?? silentLogger;
  const t = performance.now();
  const embedder = options.embedder ?? (await createEmbedder({ spec: config.embedder, modelsDir: config.modelsDir, allowRemoteModels: config.allowRemoteModels }));
  const modelLoadMs = performance.now() - t;
  if (!options.embedder) logger.info(`embedder: ${embedder.id} (${embedder.dimension} dimensions, loaded in ${Math.round(modelLoadMs)} ms)`);
  const { index, report } = await ensureIndex({
    corpusDir: config.corpusDir,
    indexDir: config.indexDir,
    embedder,
    chunker: config.chunker,
    logger,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.onStage ? { onStage: options.onStage } : {}),
    ...(options.force ? { force: true } : {}),
  });
  return { embedder, index, retriever: new HybridRetriever(index, embedder), report, modelLoadMs };
}
