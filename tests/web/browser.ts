import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { PROJECT_ROOT } from '../../src/config.js';
import { CORPUS_DIR, TEST_INDEX_DIR } from '../helpers.js';

export const SCREENSHOT_DIR = join(PROJECT_ROOT, 'test-artifacts', 'screenshots');

/** Debian's Chromium; .ci/run installs it. Tests fail rather than skip without it. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (apt-get install chromium)`);
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/**
 * Starts `src/main.ts`, the real server, on a free port (on the test collection unless `env` says otherwise); resolves once it is ready.
 * Its conversations are saved in a scratch folder removed when it exits, unless `env` names a DATA_DIR.
 */
export async function startServer(env: Record<string, string> = {}): Promise<{ base: string; child: ChildProcess; log: () => string }> {
  const scratchData = env.DATA_DIR ? undefined : mkdtempSync(join(tmpdir(), 'trust-rag-data-'));
  const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src', 'main.ts')], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, PORT: '0', INDEX_DIR: TEST_INDEX_DIR, CORPUS_DIR, ...(scratchData ? { DATA_DIR: scratchData } : {}), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (scratchData) child.once('exit', () => rmSync(scratchData, { recursive: true, force: true }));
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const deadline = Date.now() + 90_000;
  while (!/ready on http:\/\/localhost:\d+\//.test(log)) {
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`server did not start:\n${log}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { base: /ready on (http:\/\/localhost:\d+)\//.exec(log)![1]!, child, log: () => log };
}
