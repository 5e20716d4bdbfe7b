import { existsSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT, parseCommandLine, type Config } from '../config.js';
import { median, ms, p95 } from '../bench/stats.js';
import { writeSyntheticCorpus } from '../bench/synthetic-corpus.js';
import { createEmbedder } from '../embed/create-embedder.js';
import type { Embedder } from '../embed/embedder.js';
import { readJsonl } from '../eval/eval-set.js';
import { loadCorpus } from '../ingest/load-corpus.js';
import { consoleLogger, silentLogger } from '../log.js';
import { HybridRetriever } from '../retrieve/retriever.js';
import { ensureIndex } from '../store/build-index.js';
import type { LoadedIndex } from '../store/index-files.js';
import type { SearchTimings } from '../types.js';
import { execFile } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import type { OpenIndex } from '../open-index.js';
import { createApp } from '../server/app.js';
import { ServiceState } from '../server/service-state.js';
import { servicesFor } from '../server/services.js';
import { longDocumentThroughput, uploadToAnswerable } from '../bench/documents-bench.js';
import { progressBar } from './progress.js';
import { verificationOverhead } from '../bench/verification-bench.js';

const execFileAsync = promisify(execFile);
import { runCli } from './run-cli.js';

const HELP = `Usage: npm run bench -- [--rounds 5] [--synthetic 10000] [--pdf-pages 20] [--long-pages 500] [--out FILE]

Measures index build time (cold, no-change, cached rebuild), query latency per stage,
and the same on a synthetic corpus of --synthetic one-chunk documents (0 to skip); the
time from uploading a --pdf-pages PDF to a running server until it answers from it, and
the embedding pace through a --long-pages PDF (0 skips either).
Writes the figures as JSON to test-artifacts/bench.json (or --out).`;

interface LatencyReport {
  queries: number;
  embed: Stat;
  dense: Stat;
  lexical: Stat;
  fusion: Stat;
  total: Stat;
}
interface Stat {
  p50: number;
  p95: number;
}

const stat = (values: number[]): Stat => ({ p50: median(values), p95: p95(values) });

/** Questions to time: the development sets when present, else the corpus's own headings as questions. */
async function benchQueries(index: LoadedIndex): Promise<string[]> {
  const evalDir = join(PROJECT_ROOT, '..', 'shared', 'eval');
  const queries: string[] = [];
  for (const [file, field] of [['questions.jsonl', 'question'], ['out_of_corpus.jsonl', 'question'], ['claims.jsonl', 'claim']] as const) {
    const path = join(evalDir, file);
    if (existsSync(path)) queries.push(...(await readJsonl<Record<string, string>>(path)).map((r) => r[field]!).filter(Boolean));
  }
  if (queries.length === 0) queries.push(...index.chunks.flatMap((c) => c.headingPath.slice(-1)).map((h) => `What about ${h}?`));
  return [...new Set(queries)];
}

async function timeQueries(retriever: HybridRetriever, queries: string[], rounds: number): Promise<LatencyReport> {
  for (const q of queries) await retriever.search(q, { k: 5 }); // warm-up: JIT and caches
  const samples: SearchTimings[] = [];
  const totals: number[] = [];
  for (let r = 0; r < rounds; r++) {
    for (const q of queries) {
      const t = performance.now();
      const { timings } = await retriever.search(q, { k: 5 });
      totals.push(performance.now() - t);
      samples.push(timings);
    }
  }
  return {
    queries: samples.length,
    embed: stat(samples.map((s) => s.embedMs)),
    dense: stat(samples.map((s) => s.denseMs)),
    lexical: stat(samples.map((s) => s.lexicalMs)),
    fusion: stat(samples.map((s) => s.fuseMs)),
    total: stat(totals),
  };
}

function printLatency(title: string, r: LatencyReport): void {
  console.log(`\n${title} (${r.queries} searches, k = 5)`);
  console.log('  stage      p50          p95');
  for (const [name, s] of [['embed', r.embed], ['dense', r.dense], ['lexical', r.lexical], ['fusion', r.fusion], ['total', r.total]] as const) {
    console.log(`  ${name.padEnd(9)}  ${ms(s.p50).padEnd(11)}  ${ms(s.p95)}`);
  }
}

async function timedBuild(config: Config, embedder: Embedder, corpusDir: string, indexDir: string, label: string, force = false) {
  const t = performance.now();
  const result = await ensureIndex({ corpusDir, indexDir, embedder, chunker: config.chunker, logger: silentLogger, onProgress: progressBar(label), force });
  return { ...result, seconds: (performance.now() - t) / 1000 };
}

interface LoadResult {
  requests: number;
  failures: number;
  p50: number;
  p95: number;
  rps: number;
}

function printLoad(concurrency: number, r: LoadResult): void {
  console.log(`  ${String(concurrency).padEnd(11)}  ${String(r.requests).padEnd(8)}  ${ms(r.p50).padEnd(11)}  ${ms(r.p95).padEnd(11)}  ${r.rps.toFixed(1)}${r.failures ? `  (${r.failures} failed)` : ''}`);
}

/** Runs the load generator in a child process against a URL. */
async function loadTest(url: string, bodies: unknown[], concurrency: number, requests: number): Promise<LoadResult> {
  const { stdout } = await execFileAsync(process.execPath, [
    '--import',
    'tsx',
    join(PROJECT_ROOT, 'src', 'bench', 'load-generator.ts'),
    JSON.stringify({ url, bodies, concurrency, requests }),
  ]);
  return JSON.parse(stdout) as LoadResult;
}

/** Claims to time: the development claims when present, else a few of the corpus's own sentences. */
async function benchClaims(): Promise<string[]> {
  const path = join(PROJECT_ROOT, '..', 'shared', 'eval', 'claims.jsonl');
  if (existsSync(path)) return (await readJsonl<{ claim: string }>(path)).map((c) => c.claim);
  return ['The initiative was launched in 2022.', 'The programme covers all three areas.', 'Trade rose by 5% last year.'];
}

/** /api/ask and /api/verify latency and throughput over loopback at concurrency 1 and 8. */
async function benchHttp(open: OpenIndex, queries: string[], claims: string[], rounds: number): Promise<Record<string, LoadResult>> {
  const state = new ServiceState();
  state.set(servicesFor(open));
  // No rate limit: the load generator is one client sending hundreds of requests a minute.
  const server = createApp({ state, rateLimitPerMinute: 0 }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const bodies = queries.map((question) => ({ question }));
  const out: Record<string, LoadResult> = {};
  try {
    await loadTest(`${base}/api/ask`, bodies, 2, bodies.length); // warm-up
    console.log(`\nHTTP POST /api/ask over loopback (load generator in its own process)`);
    console.log('  concurrency  requests  p50          p95          req/s');
    for (const concurrency of [1, 8]) {
      const r = await loadTest(`${base}/api/ask`, bodies, concurrency, bodies.length * Math.max(1, Math.ceil(rounds / 2)));
      out[`ask_c${concurrency}`] = r;
      printLoad(concurrency, r);
    }
    const claimBodies = claims.map((claim) => ({ claim }));
    await loadTest(`${base}/api/verify`, claimBodies, 2, claimBodies.length); // warm-up
    console.log(`\nHTTP POST /api/verify over loopback`);
    console.log('  concurrency  requests  p50          p95          req/s');
    for (const concurrency of [1, 8]) {
      const r = await loadTest(`${base}/api/verify`, claimBodies, concurrency, claimBodies.length * Math.max(2, rounds * 2));
      out[`verify_c${concurrency}`] = r;
      printLoad(concurrency, r);
    }
  } finally {
    server.close();
  }
  return out;
}

runCli(async () => {
  const { config, values } = parseCommandLine(process.argv.slice(2), {
    rounds: { type: 'string' },
    synthetic: { type: 'string' },
    out: { type: 'string' },
    'pdf-pages': { type: 'string' },
    'long-pages': { type: 'string' },
  });
  if (values.help) return void console.log(HELP);
  const rounds = Math.max(1, Number(values.rounds ?? 5));
  const syntheticCount = Math.max(0, Number(values.synthetic ?? 10000));
  const work = join(tmpdir(), `trust-rag-bench-${process.pid}`);
  await mkdir(work, { recursive: true });
  const results: Record<string, unknown> = { date: new Date().toISOString(), embedder: config.embedder, cores: (await import('node:os')).availableParallelism() };

  try {
    console.log(`Benchmark: corpus ${config.corpusDir}, embedder ${config.embedder}\n`);
    let t = performance.now();
    const embedder = await createEmbedder({ spec: config.embedder, modelsDir: config.modelsDir, allowRemoteModels: config.allowRemoteModels });
    const modelLoadMs = performance.now() - t;
    const indexDir = join(work, 'index');
    const cold = await timedBuild(config, embedder, config.corpusDir, indexDir, 'cold build: embedding');
    const unchanged = await timedBuild(config, embedder, config.corpusDir, indexDir, 'no-change');
    const cached = await timedBuild(config, embedder, config.corpusDir, indexDir, 'cached rebuild', true);
    const r = cold.report!;
    console.log(`\nIndex build (${r.documents} documents, ${r.chunks} chunks, ${r.vectors} sentence vectors)`);
    console.log(`  model load                 ${ms(modelLoadMs)}`);
    console.log(`  cold build                 ${cold.seconds.toFixed(2)} s  (${(r.embedded / cold.seconds).toFixed(1)} sentences/s)`);
    console.log(`  cold, including model load ${(cold.seconds + modelLoadMs / 1000).toFixed(2)} s`);
    console.log(`  no-change start            ${ms(unchanged.seconds * 1000)}  (${(cold.seconds / unchanged.seconds).toFixed(0)}× faster than cold)`);
    console.log(`  full rebuild from cache    ${ms(cached.seconds * 1000)}  (${cached.report!.embedded} embedded)`);
    results.build = { documents: r.documents, chunks: r.chunks, vectors: r.vectors, modelLoadMs, coldSeconds: cold.seconds, noChangeMs: unchanged.seconds * 1000, cachedRebuildMs: cached.seconds * 1000 };

    const queries = await benchQueries(cached.index);
    // Every query embedded: the figures are the model's, not the query cache's (each query runs several times).
    const retriever = new HybridRetriever(cached.index, embedder, undefined, 0);
    const corpusLatency = await timeQueries(retriever, queries, rounds);
    printLatency('Query latency, bundled corpus', corpusLatency);
    results.latency = corpusLatency;
    const verification = await verificationOverhead({ embedder, index: cached.index, retriever, modelLoadMs }, queries);
    console.log(`\nVerifying a generated answer (each sentence checked against its passage; target p50 ≤ 20 ms)`);
    console.log(`  ${verification.answers} answers, ${verification.sentences.toFixed(1)} sentences each: p50 ${ms(verification.p50)}, p95 ${ms(verification.p95)}`);
    results.verification = verification;
    results.http = await benchHttp({ embedder, index: cached.index, retriever, modelLoadMs }, queries, await benchClaims(), rounds);

    if (syntheticCount > 0) {
      const synthCorpus = join(work, 'synthetic-corpus');
      console.log(`\nSynthetic corpus: writing ${syntheticCount} one-sentence documents…`);
      await writeSyntheticCorpus(synthCorpus, await loadCorpus(config.corpusDir), syntheticCount);
      const synth = await timedBuild(config, embedder, synthCorpus, join(work, 'synthetic-index'), 'synthetic build: embedding');
      const sr = synth.report!;
      t = performance.now();
      const reopened = await timedBuild(config, embedder, synthCorpus, join(work, 'synthetic-index'), 'no-change');
      const synthLatency = await timeQueries(new HybridRetriever(reopened.index, embedder, undefined, 0), queries, rounds);
      console.log(`\nSynthetic index (${sr.documents} documents, ${sr.chunks} chunks, ${sr.vectors} vectors)`);
      console.log(`  cold build        ${synth.seconds.toFixed(1)} s  (${(sr.embedded / synth.seconds).toFixed(1)} sentences/s)`);
      console.log(`  no-change start   ${ms(reopened.seconds * 1000)}`);
      printLatency('Query latency, synthetic index', synthLatency);
      const ratio = (a: number, b: number) => (a / b).toFixed(2);
      console.log(`\n  ${sr.chunks / r.chunks | 0}× the chunks → search p50 ${ratio(synthLatency.total.p50, corpusLatency.total.p50)}×, dense ${ratio(synthLatency.dense.p50, corpusLatency.dense.p50)}×, lexical ${ratio(synthLatency.lexical.p50, corpusLatency.lexical.p50)}×`);
      results.synthetic = { documents: sr.documents, chunks: sr.chunks, vectors: sr.vectors, coldSeconds: synth.seconds, noChangeMs: reopened.seconds * 1000, latency: synthLatency };
    }
    const pdfPages = Number(values['pdf-pages'] ?? 20);
    if (pdfPages > 0) {
      console.log(`\nUploading a ${pdfPages}-page PDF to a running server…`);
      const upload = await uploadToAnswerable(config, embedder, work, pdfPages);
      console.log(`  upload to answerable      ${upload.secondsToAnswerable.toFixed(1)} s  (${pdfPages} pages, indexed in the background)`);
      results.upload = upload;
    }
    const longPages = Number(values['long-pages'] ?? 500);
    if (longPages > 0) {
      console.log(`\nIndexing a ${longPages}-page PDF…`);
      const long = await longDocumentThroughput(config, embedder, work, longPages);
      console.log(`  ${long.sentences} sentences: ${long.overall.toFixed(1)} sentences/s overall, ${long.firstTenth.toFixed(1)} in the first tenth, ${long.lastTenth.toFixed(1)} in the last (${(long.lastTenth / long.firstTenth).toFixed(2)}×)`);
      results.longDocument = long;
    }
    await embedder.dispose?.();
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  const out = typeof values.out === 'string' ? values.out : join(PROJECT_ROOT, 'test-artifacts', 'bench.json');
  await mkdir(join(out, '..'), { recursive: true });
  await writeFile(out, JSON.stringify(results, null, 2));
  consoleLogger.info(`\nfigures written to ${out}`);
});
