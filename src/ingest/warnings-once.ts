import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../log.js';
import { writeFileAtomic } from '../store/atomic-write.js';

/**
 * Warnings about corpus files, printed once per content of the file.
 *
 * Every command (index, ask, start) reads the corpus, and a warning printed on each of
 * them is soon skimmed over; one printed when the problem first appears is read. So the
 * warnings of the last reading are remembered, and a warning is printed again only when
 * its file changes or the warning itself does.
 */

/** A warning about one file of the corpus. */
export interface FileWarning {
  /** The file's path relative to the corpus folder, with `/` separators. */
  path: string;
  /** Hash of what reading the file depended on (its bytes and its sidecar); empty when it could not be read. */
  contentHash: string;
  /** The whole warning, naming the file. */
  message: string;
}

/** Where the warnings already printed are remembered, inside the index folder. */
export const WARNINGS_SEEN_FILE = 'warnings-seen.json';

interface SeenFile {
  version: 1;
  warnings: FileWarning[];
}

/**
 * Prints the warnings not printed before for the same file content, and remembers the
 * current ones in `<dir>/warnings-seen.json`. Without `dir`, or when the file cannot be
 * written, every warning is printed: a repeated warning is better than a lost one.
 */
export async function warnOnce(warnings: FileWarning[], logger: Logger, dir?: string): Promise<void> {
  if (dir === undefined) return printAll(warnings, logger);
  const path = join(dir, WARNINGS_SEEN_FILE);
  const seen = await readSeen(path);
  const fresh = warnings.filter((w) => !seen.has(keyOf(w)));
  const current = new Set(warnings.map(keyOf));
  // Only the current warnings are kept, so one that goes away and comes back is shown again.
  const unchanged = current.size === seen.size && [...current].every((k) => seen.has(k));
  const remembered = unchanged || (await saveSeen(dir, path, warnings));
  printAll(remembered ? fresh : warnings, logger);
}

function printAll(warnings: FileWarning[], logger: Logger): void {
  for (const w of warnings) logger.warn(w.message);
}

function keyOf(w: FileWarning): string {
  return JSON.stringify([w.path, w.contentHash, w.message]);
}

/** The keys of the remembered warnings; none when the file is missing or damaged. */
async function readSeen(path: string): Promise<Set<string>> {
  try {
    const data = JSON.parse(await readFile(path, 'utf8')) as Partial<SeenFile>;
    return new Set((Array.isArray(data.warnings) ? data.warnings : []).map(keyOf));
  } catch {
    return new Set();
  }
}

async function saveSeen(dir: string, path: string, warnings: FileWarning[]): Promise<boolean> {
  const data: SeenFile = { version: 1, warnings };
  try {
    await mkdir(dir, { recursive: true });
    await writeFileAtomic(path, `${JSON.stringify(data, null, 2)}\n`);
    return true;
  } catch {
    return false;
  }
}
