import autocannon from 'autocannon';
import { text } from 'node:stream/consumers';
import type { LatencyStats, LoadJob, LoadResult, RouteResult } from './load-job.js';
import { quantile } from './stats.js';

/**
 * The load generator's process (started by `runLoadJob`): reads a LoadJob on stdin, runs
 * autocannon and prints one LoadResult as JSON on stdout.
 *
 * Latencies are kept here per response rather than taken from autocannon's histogram,
 * which rounds to whole milliseconds and does not split a mixed run by route.
 */

const job = JSON.parse(await text(process.stdin)) as LoadJob;

// One counter per route, shared by all connections: consecutive requests carry different
// inputs, so a server-side cache can only help once the whole list has gone round.
const turns = new Map<string, number>();
function nextOf<T>(route: string, items: T[]): T {
  const i = turns.get(route) ?? 0;
  turns.set(route, i + 1);
  return items[i % items.length]!;
}

const latencies = new Map<string, number[]>();
const counts = new Map<string, { responses: number; non2xx: number }>();
// autocannon calls a request's onResponse just before it emits 'response' with the
// latency, synchronously and with one request in flight per connection, so this names
// the route the next latency belongs to.
let answered = '';

const routes = new Map(job.routes.map((r) => [r.name, r]));
const requests: autocannon.Request[] = job.cycle.map((name) => {
  const route = routes.get(name)!;
  return {
    method: route.method,
    path: route.path,
    headers: route.bodies ? { 'content-type': 'application/json' } : {},
    setupRequest: (req) =>
      route.bodies ? { ...req, body: JSON.stringify(nextOf(name, route.bodies)) } : route.queries ? { ...req, path: `${route.path}?${nextOf(name, route.queries)}` } : req,
    onResponse: () => {
      answered = name;
    },
  };
});

const result = await new Promise<autocannon.Result>((resolve, reject) => {
  const instance = autocannon(
    {
      url: job.url,
      connections: job.connections,
      duration: job.seconds,
      // The server allows 30 s for a request; autocannon's default of 10 s would count slow answers as failures.
      timeout: 30,
      requests,
      ...(job.overallRate ? { overallRate: job.overallRate } : {}),
    },
    (err, res) => (err ? reject(err as Error) : resolve(res)),
  );
  instance.on('response', (_client, statusCode, _bytes, ms) => {
    const c = counts.get(answered) ?? { responses: 0, non2xx: 0 };
    counts.set(answered, c);
    c.responses++;
    if (statusCode < 200 || statusCode > 299) return void c.non2xx++;
    let list = latencies.get(answered);
    if (!list) latencies.set(answered, (list = []));
    list.push(ms);
  });
});

function stats(values: number[]): LatencyStats {
  const mean = values.length ? values.reduce((a, b) => a + b, 0) / values.length : Number.NaN;
  return { p50: quantile(values, 0.5), p90: quantile(values, 0.9), p99: quantile(values, 0.99), mean, max: values.length ? values.reduce((a, b) => Math.max(a, b)) : Number.NaN };
}

const byRoute: Record<string, RouteResult> = {};
for (const [name, c] of counts) byRoute[name] = { ...c, latency: stats(latencies.get(name) ?? []) };
const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
const responses = Object.values(statusCodes).reduce((a, b) => a + b, 0);
const out: LoadResult = {
  connections: job.connections,
  seconds: result.duration,
  responses,
  rps: responses / result.duration,
  errors: result.errors,
  timeouts: result.timeouts,
  non2xx: result.non2xx,
  statusCodes,
  latency: stats([...latencies.values()].flat()),
  routes: byRoute,
};
process.stdout.write(`${JSON.stringify(out)}\n`);
