import { readdir, readFile, rm } from 'node:fs/promises';
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
 * A long build checkpoints what it has analysed now and then (`checkpoint`), so a build
 * killed halfway does not analyse everything again.
 */
export class AnalysisCache {
  /** Entries made since the file was last written. */
  private unsaved = 0;
  private lastWrite: number;

  private constructor(
    private readonly path: string,
    private readonly entries: Map<string, TextAnalysis>,
    private readonly checkpointMs: number,
  ) {
    this.lastWrite = Date.now();
  }

  /** `checkpointMs`: write new analyses at most this often during a build. @default 10 s */
  static async load(dir: string, version: number, logger: Logger = silentLogger, checkpointMs = 10_000): Promise<AnalysisCache> {
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
    // An older version's analyses are never read again: each bump would otherwise leave
    // its file behind. Newer ones are kept for the newer checkout that wrote them.
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const older = /^analysis-v(\d+)\.json$/.exec(name);
      if (older && Number(older[1]) < version) await rm(join(dir, name), { force: true }).catch(() => undefined);
    }
    return new AnalysisCache(path, entries, checkpointMs);
  }

  /** The analysis of a text, from the cache or made now; `variant` is anything else it depends on. */
  get(text: string, variant: string, analyse: (text: string) => TextAnalysis): TextAnalysis {
    const key = AnalysisCache.keyOf(text, variant);
    let analysis = this.entries.get(key);
    if (!analysis) {
      analysis = analyse(text);
      this.entries.set(key, analysis);
      this.unsaved++;
    }
    return analysis;
  }

  private static keyOf(text: string, variant: string): string {
    return sha256(`${text}\u0000${variant}`).slice(0, 32);
  }

  /**
   * Writes every analysis held, old and new, when there are new ones and the last write is
   * `checkpointMs` old. Nothing is dropped here: entries of documents not yet reached in
   * this build are still wanted.
   */
  async checkpoint(): Promise<void> {
    if (this.unsaved === 0 || Date.now() - this.lastWrite < this.checkpointMs) return;
    await this.write(Object.fromEntries(this.entries));
  }

  /** Saves the analyses of these (text, variant) pairs and drops the rest, atomically. */
  async save(items: Iterable<[string, string]>): Promise<void> {
    const keep: Record<string, TextAnalysis> = {};
    for (const [text, variant] of items) {
      const key = AnalysisCache.keyOf(text, variant);
      const entry = this.entries.get(key);
      if (entry) keep[key] = entry;
    }
    await this.write(keep);
  }

  private async write(entries: Record<string, TextAnalysis>): Promise<void> {
    this.unsaved = 0;
    await writeFileAtomic(this.path, JSON.stringify(entries));
    this.lastWrite = Date.now();
  }
}
