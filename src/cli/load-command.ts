import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT, parseCommandLine } from '../config.js';
import { AppError } from '../errors.js';
import { consoleLogger } from '../log.js';
import { loadInputs } from '../bench/load-inputs.js';
import { runLoadJob, type LoadJob, type RouteSpec } from '../bench/load-job.js';
import { formatReport, type LoadReport, type ScenarioResult } from '../bench/load-report.js';
import { startServer } from '../bench/server-process.js';
import { runCli } from './run-cli.js';

const HELP = `Usage: npm run load -- [--duration 10] [--soak SECONDS] [--json] [--baseline FILE] [--out FILE]
                     [--corpus DIR] [--index DIR] [--server-root DIR] [--questions FILE] [--claims FILE]

Starts the real server on a free port, waits for /healthz, then drives it with autocannon
in a separate process. Scenarios, --duration seconds each:
  POST /api/ask at 1 connection (latency) and at 8 (throughput), with varied questions;
  GET /healthz, probed 50 times a second while /api/ask runs at 16 connections;
  all routes mixed (ask, search, verify, documents, healthz) at 8 connections.
--soak S      only the mixed routes at 16 connections for S seconds: errors, latency and
              the server's memory (VmRSS) at start and end.
--baseline F  adds ratios (this run ÷ F) against an earlier run's JSON.
--server-root DIR  runs the server of another checkout (an older commit, say) under the
              same load, for before/after figures.
Writes the figures as JSON to test-artifacts/load.json (or --out); --json prints them.
The server runs with RATE_LIMIT_PER_MINUTE=0 unless it is set: this measures the
server's capacity, not its rate limiter.`;

const execFileAsync = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function seconds(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new AppError('INVALID_INPUT', `--${name} must be a whole number of seconds, got "${String(value)}"`);
  return n;
}

async function commitOf(root: string): Promise<string | undefined> {
  try {
    const { stdout: head } = await execFileAsync('git', ['-C', root, 'rev-parse', '--short', 'HEAD']);
    const { stdout: changes } = await execFileAsync('git', ['-C', root, 'status', '--porcelain', '--untracked-files=no']);
    return `${head.trim()}${changes.trim() ? '+changes' : ''}`;
  } catch {
    return undefined;
  }
}

async function readBaseline(path: string): Promise<LoadReport> {
  const report = JSON.parse(await readFile(path, 'utf8').catch(() => '{}')) as LoadReport;
  if (typeof report.scenarios !== 'object' || report.scenarios === null) throw new AppError('INVALID_INPUT', `${path} is not a load report written by npm run load`);
  return report;
}

runCli(async () => {
  const { config, values } = parseCommandLine(process.argv.slice(2), {
    duration: { type: 'string' },
    soak: { type: 'string' },
    json: { type: 'boolean' },
    baseline: { type: 'string' },
    out: { type: 'string' },
    'server-root': { type: 'string' },
    questions: { type: 'string' },
    claims: { type: 'string' },
  });
  if (values.help) return void console.log(HELP);
  const duration = seconds('duration', values.duration, 10);
  const soak = values.soak === undefined ? undefined : seconds('soak', values.soak, 0);
  const baseline = typeof values.baseline === 'string' ? await readBaseline(values.baseline) : undefined;
  const root = typeof values['server-root'] === 'string' ? resolve(values['server-root']) : PROJECT_ROOT;
  const log = (message: string) => consoleLogger.info(message);
  // Checked before the server starts, which can take a minute when the index is built.
  for (const file of [values.questions, values.claims]) {
    if (typeof file === 'string' && !existsSync(file)) throw new AppError('INVALID_INPUT', `Cannot read ${file}`);
  }

  // The corpus is always passed, so that a server from another checkout reads the same
  // documents; the index only when asked for, so that each checkout keeps its own format.
  const explicitIndex = typeof values.index === 'string' || Boolean(process.env.INDEX_DIR);
  const env: NodeJS.ProcessEnv = { ...process.env, CORPUS_DIR: config.corpusDir, EMBEDDER: config.embedder, MODELS_DIR: config.modelsDir };
  if (explicitIndex) env.INDEX_DIR = config.indexDir;
  env.RATE_LIMIT_PER_MINUTE ??= '0';
  // Load is measured without API keys: the key check is not what is being measured.
  delete env.API_KEYS;
  delete env.ADMIN_API_KEYS;
  // Every answer is saved as a turn: the load's thousands go to a scratch database, not the user's conversations.
  const scratchData = process.env.DATA_DIR ? undefined : await mkdtemp(join(tmpdir(), 'trust-rag-load-data-'));
  if (scratchData) env.DATA_DIR = scratchData;

  log(`starting the server from ${root} (building the index first if it is missing or stale)…`);
  const started = performance.now();
  const server = await startServer({ root, env, port: values.port || process.env.PORT ? config.port : 0, readyTimeoutMs: 15 * 60 * 1000 });
  log(`ready at ${server.url} after ${((performance.now() - started) / 1000).toFixed(1)} s (server log: ${server.logFile})`);

  try {
    const inputs = await loadInputs({
      corpusDir: config.corpusDir,
      questionsFile: values.questions as string | undefined,
      claimsFile: values.claims as string | undefined,
      examples: async () => ((await (await fetch(`${server.url}/api/examples`)).json()) as { examples?: string[] }).examples ?? [],
    });
    const routes: RouteSpec[] = [
      { name: 'ask', method: 'POST', path: '/api/ask', bodies: inputs.questions.map((question) => ({ question })) },
      { name: 'verify', method: 'POST', path: '/api/verify', bodies: inputs.claims.map((claim) => ({ claim })) },
      { name: 'search', method: 'GET', path: '/api/search', queries: inputs.questions.map((q) => `q=${encodeURIComponent(q)}&k=5`) },
      { name: 'documents', method: 'GET', path: '/api/documents' },
      { name: 'healthz', method: 'GET', path: '/healthz' },
    ];
    const job = (cycle: string[], connections: number, secs: number, overallRate?: number): LoadJob => ({
      url: server.url,
      connections,
      seconds: secs,
      routes: routes.filter((r) => cycle.includes(r.name)),
      cycle,
      ...(overallRate ? { overallRate } : {}),
    });
    // Asking dominates real traffic; the other routes come round once in each cycle.
    const mixed = ['ask', 'search', 'verify', 'ask', 'documents', 'healthz'];

    const report: LoadReport = {
      date: new Date().toISOString(),
      server: { root, commit: await commitOf(root), corpus: config.corpusDir, index: explicitIndex ? config.indexDir : join(root, 'index') },
      inputs: { questions: inputs.questions.length, claims: inputs.claims.length, written: inputs.written, source: inputs.source },
      machine: { cores: availableParallelism(), node: process.version, loadAverage: loadavg() },
      secondsPerScenario: soak ?? duration,
      rssKb: {},
      scenarios: {},
    };
    const record = (key: string, label: string, result: Omit<ScenarioResult, 'label'>) => {
      report.scenarios[key] = { label, ...result };
    };

    log('warming up: all routes at 2 connections for 3 s…');
    await runLoadJob(job(mixed, 2, 3));
    report.rssKb.start = await server.rssKb();

    if (soak !== undefined) {
      log(`soak: all routes at 16 connections for ${soak} s…`);
      // Memory is sampled under load: a heap between collections swings by 10-20%, so one
      // idle reading against one busy one says little; the first and last minutes' medians do.
      const samples: Array<[number, number]> = [];
      const started = Date.now();
      const sampler = setInterval(() => void server.rssKb().then((kb) => kb !== undefined && samples.push([(Date.now() - started) / 1000, kb])), 5000);
      record('soak_c16', 'soak: mixed routes, c16', await runLoadJob(job(mixed, 16, soak)));
      clearInterval(sampler);
      report.rssKb.samples = samples;
    } else {
      log(`POST /api/ask at 1 connection for ${duration} s…`);
      record('ask_c1', 'POST /api/ask, c1', await runLoadJob(job(['ask'], 1, duration)));
      log(`POST /api/ask at 8 connections for ${duration} s…`);
      record('ask_c8', 'POST /api/ask, c8', await runLoadJob(job(['ask'], 8, duration)));
      log(`GET /healthz while POST /api/ask runs at 16 connections, ${duration} s…`);
      // The probe starts a second into the ask load and ends before it: every probe meets a busy server.
      const [ask, healthz] = await Promise.all([
        runLoadJob(job(['ask'], 16, duration + 2)),
        sleep(1000).then(() => runLoadJob(job(['healthz'], 1, duration, 50))),
      ]);
      record('ask_c16', 'POST /api/ask, c16 (background)', ask);
      record('healthz_under_ask_c16', 'GET /healthz under ask c16', healthz);
      log(`all routes at 8 connections for ${duration} s…`);
      record('mixed_c8', 'mixed routes, c8', await runLoadJob(job(mixed, 8, duration)));
    }
    report.rssKb.end = await server.rssKb();

    const out = typeof values.out === 'string' ? resolve(values.out) : join(PROJECT_ROOT, 'test-artifacts', 'load.json');
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
    if (values.json) console.log(JSON.stringify(report, null, 2));
    else console.log(formatReport(report, baseline));
    log(`\nfigures written to ${out}`);
    const failed = Object.values(report.scenarios).reduce((n, s) => n + s.errors + s.timeouts + s.non2xx, 0);
    if (failed > 0) log(`warning: ${failed} request(s) failed; see the table and the server log (${server.logFile})`);
  } finally {
    await server.stop();
    if (scratchData) await rm(scratchData, { recursive: true, force: true });
  }
});
