import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sha256 } from '../hash.js';
import type { TextAnalysis } from '../language/analyze.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { writeFileAtomic } from './atomic-write.js';

/**
 * Sentence analyses kept between builds, keyed by the text's hash and the version of
 * the analysis: naming people and places takes a few milliseconds a sentence, so an
 * edited document only pays for its changed sentences. A damaged file is an empty cache.
 */
export class AnalysisCache {
  private constructor(
    private readonly path: string,
    private readonly entries: Map<string, TextAnalysis>,
  ) {}

  static async load(dir: string, version: number, logger: Logger = silentLogger): Promise<AnalysisCache> {
    const path = join(dir, `analysis-v${version}.json`);
    const entries = new Map<string, TextAnalysis>();
    const raw = await readFile(path, 'utf8').catch(() => undefined);
    if (raw) {
      try {
        for (const [k, v] of Object.entries(JSON.parse(raw) as Record<string, TextAnalysis>)) entries.set(k, v);
      } catch (err) {
        logger.warn(`ignoring damaged analysis cache ${path}: ${(err as Error).message}`);
      }
    }
    return new AnalysisCache(path, entries);
  }

  /** The analysis of a text, from the cache or made now; `variant` is anything else it depends on. */
  get(text: string, variant: string, analyse: (text: string) => TextAnalysis): TextAnalysis {
    const key = AnalysisCache.keyOf(text, variant);
    let analysis = this.entries.get(key);
    if (!analysis) {
      analysis = analyse(text);
      this.entries.set(key, analysis);
    }
    return analysis;
  }

  private static keyOf(text: string, variant: string): string {
    return sha256(`${text}\u0000${variant}`).slice(0, 32);
  }

  /** Saves the analyses of these (text, variant) pairs and drops the rest, atomically. */
  async save(items: Iterable<[string, string]>): Promise<void> {
    const keep: Record<string, TextAnalysis> = {};
    for (const [text, variant] of items) {
      const key = AnalysisCache.keyOf(text, variant);
      const entry = this.entries.get(key);
      if (entry) keep[key] = entry;
    }
    await writeFileAtomic(this.path, JSON.stringify(keep));
  }
}
