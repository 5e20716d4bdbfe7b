import { mkdir } from 'node:fs/promises';
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
 * Reading an index never takes it: generations are immutable and CURRENT is replaced
 * atomically, so readers never see a half-built one.
 */
export const BUILD_LOCK_NAME = 'build.lock';

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
      if (!waited) logger.info('waiting for another process to finish building the index…');
      waited = true;
      await new Promise((r) => setTimeout(r, POLL_MS));
      continue;
    }
    return {
      waited,
      release: async () => {
        try {
          await release();
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== 'ERELEASED') logger.warn(`could not remove the index build lock ${lockPath}: ${messageOf(err)}`);
        }
      },
    };
  }
}
