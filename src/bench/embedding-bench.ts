import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import type { Embedder } from '../embed/embedder.js';
import { createUseEmbedder, type UseRuntime } from '../embed/use-embedder.js';
import { loadCorpus } from '../ingest/load-corpus.js';
import { splitSentences } from '../ingest/sentences.js';
import { median, ms } from './stats.js';

/**
 * The sentence encoder on its two runtimes, TF.js (WASM) and onnxruntime: one short query
 * (median of 200 after warm-up) and 2,000 sentences of the bundled corpus (one build's
 * worth), on the calling thread and on worker threads.
 *
 *   node --import tsx src/bench/embedding-bench.ts [--runs 200] [--sentences 2000] [--rounds 3]
 */

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 200);
const SENTENCES = arg('sentences', 2000);
const ROUNDS = arg('rounds', 3);
const QUERY = 'When did the technology initiative start?';

async function corpusSentences(count: number): Promise<string[]> {
  const docs = await loadCorpus(join(PROJECT_ROOT, 'corpus'));
  // Paragraphs first: headings and list items end without a full stop.
  const sentences = docs.flatMap((d) =>
    d.text
      .split(/\n\s*\n/)
      .flatMap((p) => splitSentences(p).map((s) => p.slice(s.start, s.end).replace(/\s+/g, ' ')))
      .filter((s) => s.length >= 20),
  );
  // The corpus has fewer sentences than a build of this size; repeats cost the same to embed.
  return Array.from({ length: count }, (_, i) => sentences[i % sentences.length]!);
}

async function queryMedian(embedder: Embedder): Promise<number> {
  for (let i = 0; i < 20; i++) await embedder.embed([QUERY]);
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now();
    await embedder.embed([QUERY]);
    times.push(performance.now() - start);
  }
  return median(times);
}

async function buildMedian(embedder: Embedder, texts: string[]): Promise<number> {
  await embedder.embed(texts.slice(0, 100)); // loads the workers, if any
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = performance.now();
    await embedder.embed(texts);
    times.push(performance.now() - start);
  }
  return median(times);
}

const texts = await corpusSentences(SENTENCES);
const chars = texts.reduce((n, t) => n + t.length, 0) / texts.length;
console.log(`${texts.length} sentences, ${chars.toFixed(0)} characters on average; ${RUNS} query runs; ${ROUNDS} rounds of the batch`);
for (const runtime of ['tfjs', 'onnx'] as UseRuntime[]) {
  const single = await createUseEmbedder({ runtime, threads: 1 });
  console.log(`${runtime}: one query ${ms(await queryMedian(single))}`);
  console.log(`${runtime}: ${texts.length} sentences on the calling thread ${ms(await buildMedian(single, texts))}`);
  await single.dispose?.();
  const pooled = await createUseEmbedder({ runtime, threads: 2 });
  console.log(`${runtime}: ${texts.length} sentences on 2 worker threads ${ms(await buildMedian(pooled, texts))}`);
  await pooled.dispose?.();
}
