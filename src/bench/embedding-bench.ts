import { performance } from 'node:perf_hooks';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import type { Embedder } from '../embed/embedder.js';
import { createUseEmbedder } from '../embed/use-embedder.js';
import { loadUseOnnx } from '../embed/use-onnx.js';
import { loadCorpus } from '../ingest/load-corpus.js';
import { splitSentences } from '../ingest/sentences.js';
import { median, ms } from './stats.js';

/**
 * The sentence encoder on its two runtimes, TF.js (WASM) and onnxruntime: one short query
 * (median of 200 after warm-up) and 2,000 sentences of the bundled corpus (one build's
 * worth). TF.js runs on the calling thread, and on two worker threads for the batch;
 * onnxruntime runs on its host thread (onnx-host.ts), or with --in-thread on the calling
 * thread (what the host itself spends, without the message round trip; it cannot be
 * combined with the host in one process).
 *
 *   node --import tsx src/bench/embedding-bench.ts [--runs 200] [--sentences 2000] [--rounds 3] [--in-thread]
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
if (process.argv.includes('--in-thread')) {
  for (const threads of [1, 2]) {
    const model = await loadUseOnnx({ intraOpThreads: threads });
    const embedder: Embedder = { id: 'raw', dimension: 512, embed: async (t) => (await model.embed(t)).map((v) => Array.from(v)) };
    console.log(`onnx in-thread, ${threads} intra-op thread(s): one query ${ms(await queryMedian(embedder))}`);
    // Batches of 16 sorted by length, as createUseEmbedder sends them.
    const batched: Embedder = {
      ...embedder,
      async embed(all) {
        const sorted = [...all].sort((a, b) => a.length - b.length);
        for (let i = 0; i < sorted.length; i += 16) await model.embed(sorted.slice(i, i + 16));
        return [];
      },
    };
    console.log(`onnx in-thread, ${threads} intra-op thread(s): ${texts.length} sentences ${ms(await buildMedian(batched, texts))}`);
    await model.dispose();
  }
} else {
  const tfjs = await createUseEmbedder({ runtime: 'tfjs', threads: 1 });
  console.log(`tfjs: one query ${ms(await queryMedian(tfjs))}`);
  console.log(`tfjs: ${texts.length} sentences on the calling thread ${ms(await buildMedian(tfjs, texts))}`);
  await tfjs.dispose?.();
  const pooled = await createUseEmbedder({ runtime: 'tfjs', threads: 2 });
  console.log(`tfjs: ${texts.length} sentences on 2 worker threads ${ms(await buildMedian(pooled, texts))}`);
  await pooled.dispose?.();
  const onnx = await createUseEmbedder({ runtime: 'onnx' });
  console.log(`onnx (host thread): one query ${ms(await queryMedian(onnx))}`);
  console.log(`onnx (host thread): ${texts.length} sentences ${ms(await buildMedian(onnx, texts))}`);
  await onnx.dispose?.();
}
