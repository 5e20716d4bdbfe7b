import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SourceDoc } from '../types.js';

/** Deterministic pseudo-random numbers in [0, 1), so a benchmark corpus is the same every run. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Writes `count` one-sentence documents made from the real corpus: each takes the start
 * of a real sentence and swaps some of its words for others from the corpus vocabulary.
 * The text reads like the corpus (same words, similar lengths) but every sentence is
 * new, so the benchmark pays for every embedding and the HNSW graph sees distinct vectors.
 * One sentence per document gives exactly one chunk per document.
 */
export async function writeSyntheticCorpus(dir: string, source: SourceDoc[], count: number, seed = 7): Promise<void> {
  const random = seededRandom(seed);
  const sentences = source.flatMap((d) => d.text.split(/(?<=[.;])\s+|\n+/)).map((s) => s.replace(/^-\s+/, '').trim()).filter((s) => s.split(' ').length >= 6);
  const vocabulary = [...new Set(source.flatMap((d) => d.text.match(/[A-Za-z][A-Za-z-]{2,}/g) ?? []))];
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)]!;
  await mkdir(dir, { recursive: true });
  const seen = new Set<string>();
  const perFolder = 1000;
  for (let i = 0; seen.size < count; i++) {
    const words = pick(sentences).split(' ').slice(0, 18).map((w) => (random() < 0.35 ? pick(vocabulary) : w));
    let text = words.join(' ').replace(/[.;,:]+$/, '');
    text = `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
    if (seen.has(text)) continue;
    seen.add(text);
    const n = seen.size - 1;
    const folder = join(dir, `part-${String(Math.floor(n / perFolder)).padStart(3, '0')}`);
    if (n % perFolder === 0) await mkdir(folder, { recursive: true });
    await writeFile(join(folder, `doc-${String(n).padStart(6, '0')}.txt`), text);
  }
}
