import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppError } from '../errors.js';

/** The real server, started as `npm start` would start it, for load tests. */
export interface ServerProcess {
  /** e.g. `http://127.0.0.1:41234` */
  url: string;
  pid: number;
  /** Where the server's stdout and stderr go. */
  logFile: string;
  /** Resident memory in kB (VmRSS), or undefined where /proc is not available. */
  rssKb(): Promise<number | undefined>;
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartOptions {
  /** The checkout to run `src/main.ts` from (its own node_modules and defaults apply). */
  root: string;
  /** The server's whole environment (CORPUS_DIR, INDEX_DIR…); PORT and HOST are set here. */
  env: NodeJS.ProcessEnv;
  /** 0 for a free port. */
  port: number;
  /** How long building or loading the index may take. */
  readyTimeoutMs: number;
}

/** A port nobody listens on now (the kernel's choice), so runs do not collide with a dev server on 3000. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function tail(file: string, lines = 15): Promise<string> {
  const text = await readFile(file, 'utf8').catch(() => '');
  return text.trimEnd().split('\n').slice(-lines).join('\n');
}

/**
 * Starts `node --import tsx src/main.ts` (what `npm start` runs after building the chat
 * page, which the API does not need) and resolves once /healthz answers 200. Node is
 * started directly, not through npm, so that `pid` is the server's own and its VmRSS is
 * the server's memory. Its output goes to a file: a pipe nobody reads would stall it.
 */
export async function startServer(options: StartOptions): Promise<ServerProcess> {
  const port = options.port || (await freePort());
  const url = `http://127.0.0.1:${port}`;
  const logFile = join(tmpdir(), `trust-rag-load-server-${process.pid}-${port}.log`);
  const log = openSync(logFile, 'w');
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: options.root,
    env: { ...options.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', log, log],
  });
  closeSync(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // A load test interrupted with Ctrl-C must not leave a server behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);

  const server: ServerProcess = {
    url,
    pid: child.pid!,
    logFile,
    async rssKb() {
      const status = await readFile(`/proc/${child.pid}/status`, 'utf8').catch(() => '');
      const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
      return kb ? Number(kb) : undefined;
    },
    async stop(graceMs = 15000) {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
      await exited;
      clearTimeout(timer);
    },
  };

  const deadline = Date.now() + options.readyTimeoutMs;
  let stopped = false;
  void exited.then(() => (stopped = true));
  while (!stopped) {
    const status = await fetch(`${url}/healthz`).then((r) => r.status, () => 0);
    if (status === 200) return server;
    if (Date.now() > deadline) {
      await server.stop();
      throw new AppError('INTERNAL', `the server was not ready after ${Math.round(options.readyTimeoutMs / 1000)} s (its log: ${logFile}):\n${await tail(logFile)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new AppError('INTERNAL', `the server exited before it was ready, with code ${child.exitCode ?? child.signalCode} (its log: ${logFile}):\n${await tail(logFile)}`);
}
