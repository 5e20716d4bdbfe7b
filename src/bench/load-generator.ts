import { median, p95 } from './stats.js';

/**
 * A small HTTP load generator, run as its own process so that it does not share the
 * server's event loop: `concurrency` clients each send requests back to back until
 * `requests` have been sent. Prints one JSON line with latencies and throughput.
 */
interface Job {
  url: string;
  bodies: unknown[];
  concurrency: number;
  requests: number;
}

const job = JSON.parse(process.argv[2] ?? '{}') as Job;
const latencies: number[] = [];
let next = 0;
let failures = 0;

async function client(): Promise<void> {
  while (next < job.requests) {
    const body = job.bodies[next++ % job.bodies.length];
    const t = performance.now();
    const res = await fetch(job.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await res.arrayBuffer();
    latencies.push(performance.now() - t);
    if (!res.ok) failures++;
  }
}

const started = performance.now();
await Promise.all(Array.from({ length: job.concurrency }, client));
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({ requests: latencies.length, failures, p50: median(latencies), p95: p95(latencies), rps: latencies.length / seconds })}\n`);
