import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import busboy from 'busboy';
import type { Request } from 'express';
import { AppError, ErrorCodes, isAppError, messageOf, type ErrorCode } from '../errors.js';
import { DOCUMENT_EXTENSIONS, SIDECAR_SUFFIX, docIdFromPath } from '../ingest/load-corpus.js';
import type { UploadLimits } from '../settings.js';
import { writeFileAtomic } from '../store/atomic-write.js';


/** Uploaded files go here, inside the corpus folder, so that a restart (or another server) indexes them too. */
export const UPLOADS_FOLDER = 'uploads';
/** Content hashes of uploaded files, to recognise the same file uploaded twice. A dot file: the corpus loader and watcher skip it. */
const REGISTRY = '.uploads.json';

/** What became of one uploaded file. */
export interface UploadResult {
  name: string;
  /** `queued` for indexing; `duplicate`: the same content is already in the corpus (as `id`). */
  status: 'queued' | 'duplicate' | 'rejected';
  id?: string;
  /** Where a queued file was stored, relative to the corpus folder. */
  path?: string;
  error?: { code: ErrorCode; message: string };
}

/** Checks an accepted file's bytes before it is stored (parses it the way the indexer will). */
export type FileCheck = (name: string, bytes: Buffer) => Promise<void>;

interface Received {
  name: string;
  bytes?: Buffer;
  error?: AppError;
}

type Registry = Record<string, { sha256: string; uploadedAt: string; originalName: string }>;

/**
 * Reads a multipart upload file by file. A file over the size limit is drained and
 * refused on its own: the other files of the same request are still read.
 */
export function receiveFiles(req: Request, limits: UploadLimits): Promise<Received[]> {
  return new Promise((resolve, reject) => {
    let parser: busboy.Busboy;
    try {
      parser = busboy({ headers: req.headers, preservePath: true, limits: { files: limits.maxFiles, fileSize: limits.maxFileBytes, fields: 20, parts: limits.maxFiles + 20 } });
    } catch {
      return reject(new AppError('UNSUPPORTED_MEDIA_TYPE', 'Send the files as multipart/form-data, each in a field named "files"'));
    }
    const files: Received[] = [];
    let tooMany = false;
    parser.on('file', (_field, stream, info) => {
      const entry: Received = { name: info.filename ?? '' };
      files.push(entry);
      const chunks: Buffer[] = [];
      stream.on('data', (d: Buffer) => chunks.push(d));
      stream.on('limit', () => {
        entry.error = new AppError('FILE_TOO_LARGE', `${safeName(entry.name)} is larger than ${Math.round(limits.maxFileBytes / 1024 / 1024)} MB`);
      });
      stream.on('end', () => {
        if (!entry.error) entry.bytes = Buffer.concat(chunks);
      });
    });
    parser.on('filesLimit', () => (tooMany = true));
    parser.on('error', () => reject(new AppError('BAD_REQUEST', 'The multipart body is malformed')));
    parser.on('close', () => {
      if (tooMany) return reject(new AppError('TOO_MANY_FILES', `At most ${limits.maxFiles} files in one upload`));
      resolve(files);
    });
    req.pipe(parser);
  });
}

/** A file name as shown in messages: no control characters, not too long. */
function safeName(name: string): string {
  const clean = name.replace(/[\p{Cc}]/gu, '');
  return clean.length > 80 ? `${clean.slice(0, 77)}…` : clean || '(unnamed)';
}

/**
 * The name a file is stored under, or an error: no folders, no parent references, no
 * hidden files, an extension the indexer reads.
 */
function storedName(name: string): string {
  if (name.trim() === '') throw new AppError('INVALID_FILE_NAME', 'A file has no name');
  if (/[/\\]|^\.|\.\.|[\p{Cc}]/u.test(name) || basename(name) !== name) throw new AppError('INVALID_FILE_NAME', `${safeName(name)}: a file name may not contain folders, ".." or start with "."`);
  const ext = extname(name).toLowerCase();
  if (!DOCUMENT_EXTENSIONS.has(ext)) throw new AppError('UNSUPPORTED_FILE_TYPE', `${safeName(name)}: ${ext || 'files without an extension'} cannot be indexed; use ${[...DOCUMENT_EXTENSIONS].join(', ')}`);
  if (name.length > 150) throw new AppError('INVALID_FILE_NAME', `${safeName(name)}: the name is longer than 150 characters`);
  return name.normalize('NFC');
}

const TEXT_TYPES = new Set(['.md', '.markdown', '.txt', '.html', '.htm']);

/** Text must be UTF-8 (UTF-16 with a byte-order mark is fine too): a guessed legacy encoding could index garbage. */
function checkEncoding(name: string, bytes: Buffer): void {
  if (!TEXT_TYPES.has(extname(name).toLowerCase())) return;
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) return;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError('UNSUPPORTED_ENCODING', `${safeName(name)} is not UTF-8 text (a legacy encoding such as Latin-1?): save it as UTF-8 and upload it again`);
  }
}

async function folderBytes(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => [])) {
    if (entry.isFile()) total += (await stat(join(entry.parentPath, entry.name)).catch(() => ({ size: 0 }))).size;
  }
  return total;
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/**
 * Stores the accepted files of an upload under `<corpus>/uploads/`, each written to a
 * temporary name and renamed, so that the indexer never reads half a file. Every file gets
 * its own result: one bad file does not stop the others.
 */
export async function storeUploads(corpusDir: string, received: Received[], limits: UploadLimits, check: FileCheck): Promise<UploadResult[]> {
  const folder = join(corpusDir, UPLOADS_FOLDER);
  await mkdir(folder, { recursive: true });
  const registry = await readRegistry(folder);
  let corpusBytes = await folderBytes(corpusDir);
  const results: UploadResult[] = [];
  for (const file of received) {
    try {
      if (file.error) throw file.error;
      const name = storedName(file.name);
      const bytes = file.bytes!;
      if (bytes.length === 0) throw new AppError('EMPTY_FILE', `${safeName(name)} is empty`);
      const hash = sha256(bytes);
      const same = Object.entries(registry).find(([, r]) => r.sha256 === hash);
      if (same) {
        results.push({ name, status: 'duplicate', id: docIdFromPath(`${UPLOADS_FOLDER}/${same[0]}`) });
        continue;
      }
      if (corpusBytes + bytes.length > limits.maxCorpusBytes) throw new AppError('CORPUS_FULL', `${safeName(name)} would take the documents past ${Math.round(limits.maxCorpusBytes / 1024 / 1024)} MB`);
      checkEncoding(name, bytes);
      await check(name, bytes).catch((err: unknown) => {
        throw isAppError(err) ? new AppError(err.code, `${safeName(name)}: ${err.message}`) : err;
      });
      const target = await freeName(folder, name);
      await writeFileAtomic(join(folder, target), bytes);
      registry[target] = { sha256: hash, uploadedAt: new Date().toISOString(), originalName: name };
      corpusBytes += bytes.length;
      results.push({ name, status: 'queued', id: docIdFromPath(`${UPLOADS_FOLDER}/${target}`), path: `${UPLOADS_FOLDER}/${target}` });
    } catch (err) {
      const e = isAppError(err) ? err : new AppError('DOCUMENT_UNREADABLE', `${safeName(file.name)} could not be read: ${messageOf(err)}`);
      results.push({ name: safeName(file.name), status: 'rejected', error: { code: e.code, message: e.message } });
    }
  }
  await writeRegistry(folder, registry);
  return results;
}

async function readRegistry(folder: string): Promise<Registry> {
  return JSON.parse(await readFile(join(folder, REGISTRY), 'utf8').catch(() => '{}')) as Registry;
}

function writeRegistry(folder: string, registry: Registry): Promise<void> {
  return writeFileAtomic(join(folder, REGISTRY), `${JSON.stringify(registry, null, 2)}\n`);
}

/** `report.pdf`, or `report-2.pdf` when a different file already has that name. */
async function freeName(folder: string, name: string): Promise<string> {
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  for (let i = 1; ; i++) {
    const candidate = i === 1 ? name : `${stem}-${i}${ext}`;
    const taken = await stat(join(folder, candidate)).then(
      () => true,
      () => false,
    );
    if (!taken) return candidate;
  }
}

/** Removes a document's file (and its metadata sidecar) from the corpus folder; returns its path relative to the corpus. */
export async function removeDocumentFile(corpusDir: string, path: string): Promise<string> {
  const full = join(corpusDir, path);
  const rel = relative(corpusDir, full);
  // The path comes from the index, but a crafted index must not reach outside the corpus.
  if (rel.startsWith('..') || rel.startsWith(sep)) throw new AppError('FORBIDDEN', 'That document is outside the documents folder');
  await rm(full, { force: true });
  await rm(`${full.slice(0, full.length - extname(full).length)}${SIDECAR_SUFFIX}`, { force: true });
  if (rel.startsWith(`${UPLOADS_FOLDER}${sep}`)) {
    const folder = join(corpusDir, UPLOADS_FOLDER);
    const registry = await readRegistry(folder);
    delete registry[basename(full)];
    await writeRegistry(folder, registry);
  }
  return rel.split(sep).join('/');
}

/** The HTTP status of an upload whose files were all refused: the first file's. */
export function statusOfRefusal(results: UploadResult[]): number {
  const code = results.find((r) => r.error)?.error?.code;
  return code ? ErrorCodes[code] : 400;
}
