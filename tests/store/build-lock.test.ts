import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { PROJECT_ROOT } from '../../src/config.js';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { isAppError } from '../../src/errors.js';
import type { Logger } from '../../src/log.js';
import { acquireBuildLock, BUILD_LOCK_NAME } from '../../src/store/build-lock.js';
import { tempDir } from '../helpers.js';

const WAITING = 'waiting for another process to finish building the index…';

/** A logger that resolves `said(line)` once that line has been logged. */
function listeningLogger(): Logger & { lines: string[]; said(line: string): Promise<void> } {
  const lines: string[] = [];
  const listeners: Array<() => void> = [];
  const log = (m: string) => {
    lines.push(m);
    listeners.splice(0).forEach((l) => l());
  };
  return {
    lines,
    info: log,
    warn: log,
    async said(line) {
      while (!lines.includes(line)) await new Promise<void>((r) => listeners.push(r));
    },
  };
}

describe('the build lock', () => {
  it('makes a second builder wait, saying so, until the first gives the lock up', async () => {
    const dir = await tempDir();
    const first = await acquireBuildLock(dir);
    assert.equal(first.waited, false);
    const logger = listeningLogger();
    let acquired = false;
    const second = acquireBuildLock(dir, { logger }).then((lock) => {
      acquired = true;
      return lock;
    });
    await logger.said(WAITING);
    assert.equal(acquired, false);
    await first.release();
    const lock = await second;
    assert.equal(lock.waited, true);
    assert.deepEqual(logger.lines, [WAITING], 'it says so once, however long it waits');
    await lock.release();
  });

  it('takes over a lock that a killed process stopped refreshing', async () => {
    const dir = await tempDir();
    const lockDir = join(dir, BUILD_LOCK_NAME);
    await mkdir(lockDir);
    const minuteAgo = new Date(Date.now() - 60_000);
    await utimes(lockDir, minuteAgo, minuteAgo);
    const logger = listeningLogger();
    const lock = await acquireBuildLock(dir, { logger, staleSeconds: 10 });
    assert.equal(lock.waited, false);
    assert.deepEqual(logger.lines, []);
    await lock.release();
  });

  it('takes over at once the lock of a process that was killed, long before it goes stale', { timeout: 60_000 }, async () => {
    const dir = await tempDir();
    const module = pathToFileURL(join(PROJECT_ROOT, 'src', 'store', 'build-lock.ts')).href;
    const holder = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', `const { acquireBuildLock } = await import(${JSON.stringify(module)}); await acquireBuildLock(${JSON.stringify(dir)}); console.log('locked'); setInterval(() => {}, 1000);`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const [line] = (await once(holder.stdout!, 'data')) as [Buffer];
    assert.match(line.toString(), /locked/);
    holder.kill('SIGKILL');
    await once(holder, 'exit');
    const logger = listeningLogger();
    // An hour of staleness: only knowing that the holder is gone lets the lock be taken.
    const lock = await acquireBuildLock(dir, { logger, staleSeconds: 3600 });
    assert.deepEqual(logger.lines, [`taking over the index build lock of process ${holder.pid}, which is no longer running`]);
    await lock.release();
  });

  it('can be taken again once released, and releasing twice is harmless', async () => {
    const dir = await tempDir();
    const lock = await acquireBuildLock(dir);
    await lock.release();
    await lock.release();
    const again = await acquireBuildLock(dir);
    assert.equal(again.waited, false);
    await again.release();
  });

  it('fails with INDEX_LOCK_FAILED where no lock can be made', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'a-file'), 'not a folder');
    await assert.rejects(acquireBuildLock(join(dir, 'a-file', 'index')), (err) => isAppError(err, 'INDEX_LOCK_FAILED'));
  });
});
