import type { LoadResult } from './load-job.js';
import { ms } from './stats.js';

/** One scenario's figures, with what it was. */
export interface ScenarioResult extends LoadResult {
  /** e.g. "POST /api/ask, 8 connections". */
  label: string;
}

/** Everything `npm run load` measured; `--json` prints it and `--baseline` reads one back. */
export interface LoadReport {
  date: string;
  /** The server's checkout and its commit (with "+changes" when its tree was modified). */
  server: { root: string; commit?: string; corpus: string; index: string };
  /** Distinct strings sent, and how many were written before rephrasing. */
  inputs: { questions: number; claims: number; written?: { questions: number; claims: number }; source: string };
  /** Load averages when the run started: other processes on the machine share its cores. */
  machine: { cores: number; node: string; loadAverage: number[] };
  secondsPerScenario: number;
  /** The server's VmRSS before the first and after the last scenario, and during a soak every 5 s as [seconds, kB]. */
  rssKb: { start?: number; end?: number; samples?: Array<[number, number]> };
  scenarios: Record<string, ScenarioResult>;
}

/** The three figures issue 9 tracks, pulled out of a report. */
export function headline(report: LoadReport): Record<string, number | undefined> {
  const s = report.scenarios;
  return {
    askP50AtC1Ms: s.ask_c1?.latency.p50,
    askRpsAtC8: s.ask_c8?.rps,
    healthzP99UnderAskC16Ms: s.healthz_under_ask_c16?.latency.p99,
  };
}

const pad = (text: string, width: number) => text.padEnd(width);
const padLeft = (text: string, width: number) => text.padStart(width);
const ratio = (now: number, before: number | undefined) => (before && Number.isFinite(before) && Number.isFinite(now) ? `${(now / before).toFixed(2)}×` : '–');

function row(name: string, r: { connections?: number; responses: number; rps?: number; latency: LoadResult['latency']; errors?: number; non2xx: number }, base?: { latency: LoadResult['latency']; rps?: number }): string {
  const cells = [
    pad(name, 34),
    padLeft(r.connections === undefined ? '' : String(r.connections), 4),
    padLeft(String(r.responses), 9),
    padLeft(r.rps === undefined ? '' : r.rps.toFixed(1), 8),
    padLeft(ms(r.latency.p50), 10),
    padLeft(ms(r.latency.p90), 10),
    padLeft(ms(r.latency.p99), 10),
    padLeft(r.errors === undefined ? '' : String(r.errors), 7),
    padLeft(String(r.non2xx), 8),
  ];
  if (base) cells.push(padLeft(ratio(r.latency.p50, base.latency.p50), 8), padLeft(ratio(r.latency.p99, base.latency.p99), 8), padLeft(r.rps === undefined ? '' : ratio(r.rps, base.rps), 8));
  return cells.join(' ');
}

/** A table a person can read, with ratios to the baseline when one is given (now ÷ before). */
export function formatReport(report: LoadReport, baseline?: LoadReport): string {
  const lines: string[] = [];
  const kb = (v: number | undefined) => (v === undefined ? '–' : `${(v / 1024).toFixed(0)} MB`);
  lines.push(`Load test: server ${report.server.commit ?? ''} at ${report.server.root}`);
  const { inputs } = report;
  const written = (n: number, w: number | undefined) => (w && w !== n ? ` (${w} written, each in ${Math.round(n / w)} phrasings)` : '');
  lines.push(`corpus ${report.server.corpus}`);
  lines.push(`${inputs.questions} questions${written(inputs.questions, inputs.written?.questions)} and ${inputs.claims} claims${written(inputs.claims, inputs.written?.claims)} from ${inputs.source}`);
  lines.push(`${report.machine.cores} cores, load average ${report.machine.loadAverage.map((l) => l.toFixed(2)).join(' ')} at start (other processes share these cores); ${report.secondsPerScenario} s per scenario`);
  lines.push('latency over 2xx responses; errors are connection errors and timeouts; non-2xx are HTTP error statuses');
  if (baseline) lines.push(`ratios are this run ÷ baseline (${baseline.date}, ${baseline.server.commit ?? baseline.server.root})`);
  lines.push('');
  const header = [pad('scenario', 34), padLeft('conc', 4), padLeft('responses', 9), padLeft('req/s', 8), padLeft('p50', 10), padLeft('p90', 10), padLeft('p99', 10), padLeft('errors', 7), padLeft('non-2xx', 8)];
  if (baseline) header.push(padLeft('p50 ×', 8), padLeft('p99 ×', 8), padLeft('req/s ×', 8));
  lines.push(header.join(' '));
  for (const [key, s] of Object.entries(report.scenarios)) {
    const base = baseline?.scenarios[key];
    lines.push(row(s.label, { ...s, errors: s.errors + s.timeouts }, base));
    const routes = Object.entries(s.routes);
    if (routes.length > 1) {
      for (const [name, r] of routes) lines.push(row(`  ${name}`, r, base?.routes[name] ? { latency: base.routes[name].latency } : undefined));
    }
  }
  lines.push('');
  lines.push(`server memory (VmRSS): ${kb(report.rssKb.start)} at start, ${kb(report.rssKb.end)} at end`);
  const drift = memoryDrift(report.rssKb.samples ?? []);
  if (drift) {
    lines.push(`under load: median ${kb(drift.first)} in the first minute, ${kb(drift.last)} in the last (${((drift.last / drift.first - 1) * 100).toFixed(1)}%), highest ${kb(drift.max)}`);
  }
  const h = headline(report);
  const b = baseline ? headline(baseline) : undefined;
  const fig = (name: string, v: number | undefined, before: number | undefined, unit: 'ms' | 'req/s') =>
    v === undefined ? '' : `  ${name}: ${unit === 'ms' ? ms(v) : `${v.toFixed(1)} req/s`}${b ? `  (before ${before === undefined ? '–' : unit === 'ms' ? ms(before) : before.toFixed(1)}, ${ratio(v, before)})` : ''}`;
  const figures = [
    fig('ask p50 at concurrency 1', h.askP50AtC1Ms, b?.askP50AtC1Ms, 'ms'),
    fig('ask throughput at concurrency 8', h.askRpsAtC8, b?.askRpsAtC8, 'req/s'),
    fig('/healthz p99 under ask at concurrency 16', h.healthzP99UnderAskC16Ms, b?.healthzP99UnderAskC16Ms, 'ms'),
  ].filter(Boolean);
  if (figures.length) lines.push('', ...figures);
  return lines.join('\n');
}

/** Medians of the memory samples of the first and the last minute of a soak, and the highest. */
export function memoryDrift(samples: Array<[number, number]>): { first: number; last: number; max: number } | undefined {
  if (samples.length < 4) return undefined;
  const end = samples.at(-1)![0];
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const first = samples.filter(([t]) => t <= Math.min(60, end / 2)).map(([, kb]) => kb);
  const last = samples.filter(([t]) => t >= Math.max(end - 60, end / 2)).map(([, kb]) => kb);
  if (first.length === 0 || last.length === 0) return undefined;
  return { first: median(first), last: median(last), max: Math.max(...samples.map(([, kb]) => kb)) };
}
