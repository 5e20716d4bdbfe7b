import { mkdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { AppError, messageOf } from '../errors.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import { DEFAULT_BUILD_SETTINGS } from '../settings.js';

/**
 * The lock a process holds while it builds an index: a folder `build.lock` inside the
 * index folder (mkdir is atomic, also on network file systems), via proper-lockfile.
 * The holder refreshes its time stamp while it builds; a lock left by a process that was
 * killed stops being refreshed, and after `staleSeconds` the next builder takes it over.
 * Sooner, when the holder is known to be gone: beside the lock, `build.lock.owner` names
 * the holding process, and a lock whose owner on this machine no longer runs is taken
 * over at once.
 * Reading an index never takes it: generations are immutable and CURRENT is replaced
 * atomically, so readers never see a half-built one.
 */
export const BUILD_LOCK_NAME = 'build.lock';
const OWNER_FILE = 'build.lock.owner';

/** Who holds a lock; `lock` tells this lock folder from an earlier one at the same path. */
interface LockOwner {
  pid: number;
  host: string;
  lock: string;
}

/** A lock folder's identity: its inode alone may be reused by the next folder made there. */
const identityOf = (s: { ino: number; birthtimeMs: number }) => `${s.ino}:${s.birthtimeMs}`;

/** How often a waiting process tries the lock again. */
const POLL_MS = 250;
/** How often the holder refreshes the lock, at most: well inside the stale interval, so a stalled event loop is not taken for a dead process. */
const REFRESH_MS = 5000;

export interface BuildLockOptions {
  logger?: Logger;
  /** A lock not refreshed for this long is taken over. @default 20 */
  staleSeconds?: number;
}

export interface BuildLock {
  /** Whether another process held the lock first, so the index may have changed meanwhile. */
  waited: boolean;
  /** Gives the lock up; safe to call when it was already lost. */
  release(): Promise<void>;
}

/**
 * Takes the build lock of an index folder, waiting as long as another live process holds
 * it (saying so once). Throws INDEX_LOCK_FAILED when the lock cannot be made at all, such
 * as in a read-only folder.
 */
export async function acquireBuildLock(indexDir: string, options: BuildLockOptions = {}): Promise<BuildLock> {
  const logger = options.logger ?? silentLogger;
  const dir = resolve(indexDir);
  const lockPath = join(dir, BUILD_LOCK_NAME);
  const stale = Math.max(2, options.staleSeconds ?? DEFAULT_BUILD_SETTINGS.lockStaleSeconds) * 1000;
  let waited = false;
  try {
    await mkdir(dir, { recursive: true });
  } catch (err) {
    throw new AppError('INDEX_LOCK_FAILED', `Cannot create the index folder ${dir}: ${messageOf(err)}`, { cause: err });
  }
  // Loaded only by processes that build: it installs exit and signal hooks (to remove held locks).
  const { default: lockfile } = await import('proper-lockfile');
  for (;;) {
    let release: () => Promise<void>;
    try {
      release = await lockfile.lock(dir, {
        lockfilePath: lockPath,
        realpath: false,
        stale,
        update: Math.min(REFRESH_MS, stale / 2),
        retries: 0,
        // The default throws from a timer and kills the process. Losing the lock (the event
        // loop stalled past `stale`, or someone removed it) only risks a second builder
        // doing the same work: generations are written atomically either way.
        onCompromised: (err) => logger.warn(`lost the index build lock ${lockPath} (${messageOf(err)}); another process may build the index at the same time`),
      });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ELOCKED') {
        throw new AppError('INDEX_LOCK_FAILED', `Cannot take the index build lock ${lockPath}: ${messageOf(err)}`, { cause: err });
      }
      const dead = await deadOwner(dir);
      if (dead !== undefined) {
        logger.info(`taking over the index build lock of process ${dead}, which is no longer running`);
        continue;
      }
      if (!waited) logger.info('waiting for another process to finish building the index…');
      waited = true;
      await new Promise((r) => setTimeout(r, POLL_MS));
      continue;
    }
    await writeOwner(dir);
    return {
      waited,
      release: async () => {
        await rm(join(dir, OWNER_FILE), { force: true }).catch(() => undefined);
        try {
          await release();
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ERELEASED') logger.warn(`could not remove the index build lock ${lockPath}: ${messageOf(err)}`);
        }
      },
    };
  }
}

async function writeOwner(dir: string): Promise<void> {
  try {
    const owner: LockOwner = { pid: process.pid, host: hostname(), lock: identityOf(await stat(join(dir, BUILD_LOCK_NAME))) };
    await writeFile(join(dir, OWNER_FILE), JSON.stringify(owner));
  } catch {
    // Without the owner file, a lock left by a crash is still taken over once stale.
  }
}

/**
 * The process id of the lock's holder when it ran on this machine and has exited, after
 * marking the lock stale so that the next attempt takes it over; otherwise undefined.
 * A pid reused by another process reads as alive, which only means waiting for the lock
 * to go stale, as without this check.
 */
async function deadOwner(dir: string): Promise<number | undefined> {
  const lockPath = join(dir, BUILD_LOCK_NAME);
  try {
    const owner = JSON.parse(await readFile(join(dir, OWNER_FILE), 'utf8')) as LockOwner;
    if (owner.host !== hostname() || owner.pid === process.pid) return undefined;
    // The owner file of an earlier holder does not speak for the lock there now.
    if (identityOf(await stat(lockPath)) !== owner.lock) return undefined;
    if (isRunning(owner.pid)) return undefined;
    // proper-lockfile takes over a lock whose time stamp is old, with its own care for races.
    await utimes(lockPath, 0, 0);
    await rm(join(dir, OWNER_FILE), { force: true });
    return owner.pid;
  } catch {
    return undefined;
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
