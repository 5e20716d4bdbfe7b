import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../config.js';
import { AppError } from '../errors.js';

const execFileAsync = promisify(execFile);

/** One kind of request a load run sends, with the inputs it rotates through. */
export interface RouteSpec {
  /** Short name used in reports: `ask`, `healthz`… */
  name: string;
  method: 'GET' | 'POST';
  path: string;
  /** JSON bodies sent in turn (POST). */
  bodies?: unknown[];
  /** Query strings appended in turn (GET), without the `?`. */
  queries?: string[];
}

/** What one load-generator process does: `connections` clients for `seconds`, cycling through `cycle`. */
export interface LoadJob {
  /** Base URL of the server, e.g. `http://127.0.0.1:41234`. */
  url: string;
  connections: number;
  seconds: number;
  /** Requests per second over all connections; omitted for as fast as the server answers. */
  overallRate?: number;
  routes: RouteSpec[];
  /** Route names in the order each connection sends them, repeated. */
  cycle: string[];
}

/** Milliseconds, over 2xx responses only (a fast 429 or 503 must not flatter the figures). */
export interface LatencyStats {
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
}

export interface RouteResult {
  /** Responses received, whatever their status. */
  responses: number;
  non2xx: number;
  latency: LatencyStats;
}

export interface LoadResult {
  connections: number;
  seconds: number;
  /** Responses received, whatever their status. */
  responses: number;
  /** Responses per second. */
  rps: number;
  /** Connection errors (refused, reset), not HTTP error statuses. */
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodes: Record<string, number>;
  latency: LatencyStats;
  routes: Record<string, RouteResult>;
}

const RUNNER = join(PROJECT_ROOT, 'src', 'bench', 'load-runner.ts');

/**
 * Runs one load job in a child process, so that the load generator's own event loop
 * neither competes with the server's nor with another generator running at the same time.
 */
export async function runLoadJob(job: LoadJob): Promise<LoadResult> {
  try {
    const running = execFileAsync(process.execPath, ['--import', 'tsx', RUNNER], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 });
    // On stdin rather than argv: a job with many questions can pass the kernel's argument limit.
    running.child.stdin?.end(JSON.stringify(job));
    const { stdout } = await running;
    return JSON.parse(stdout) as LoadResult;
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim();
    throw new AppError('INTERNAL', `the load generator failed${stderr ? `: ${stderr.split('\n').slice(-5).join('\n')}` : ''}`, { cause: err });
  }
}
