import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { AppError, messageOf } from '../errors.js';
import { sha256 } from '../hash.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import type { SourceDoc } from '../types.js';
import { DOCUMENT_EXTENSIONS, type ParsedFile, readDocumentBytes, REFUSED_EXTENSIONS } from './read-document.js';
import { type FileWarning, warnOnce } from './warnings-once.js';

/** File extensions the ingester reads. Everything else in the folder is ignored. */
export { DOCUMENT_EXTENSIONS };

/**
 * Metadata for `name.ext` may sit beside it in `name.meta.json`
 * (`{title, publisher, date, sourceUrl, description}`); it wins over front matter.
 */
export const SIDECAR_SUFFIX = '.meta.json';

/** Folder names never descended into: tooling and hidden folders. */
const SKIPPED_DIRS = new Set(['node_modules']);

/**
 * Bumped when the text read from some kind of file changes, so that an index built by
 * the older reader counts as stale for those files. Version 2 reads HTML with a real
 * parser (main content only) and detects encodings other than UTF-8; version 3 reads
 * tables a row at a time, each cell after its column's name; version 4 reads the title,
 * date and publisher from the label lines under a document's title ("Published: …"); version
 * 5 also from a byline in prose there ("Version 4.2, published January 2026 by …"), and keeps
 * "Label: value" lines of plain text as lines of text, not headings; version 6 reads a page's
 * `<meta>` tags and shows the author and the rest of a document's own metadata on its card.
 */
const READER_VERSION = 6;
/** The same for PDF and Word files, apart so that a change to their readers re-indexes only them. Version 2: Word tables by row; 3: header lines; 4: bylines; 5: the author and a sidecar's other fields on the card. */
const BINARY_READER_VERSION = 5;
/** The same for UTF-8 Markdown and text (whose hash was their content's alone until version 2: Markdown tables by row; 3: header lines; 4: a "published" date in front matter; 5: bylines, field lines of plain text; 6: the author and the rest of the front matter on the card). */
const TEXT_READER_VERSION = 6;

export interface LoadCorpusOptions {
  /**
   * Folder (the index folder) where the warnings already printed are remembered, so that
   * each is printed once per content of its file. Without it, every warning is printed.
   */
  rememberWarningsIn?: string;
}

/** Loads every document under `dir`, sorted by path so that ids and order are stable. */
export async function loadCorpus(dir: string, logger: Logger = silentLogger, options: LoadCorpusOptions = {}): Promise<SourceDoc[]> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new AppError('CORPUS_NOT_FOUND', `Corpus folder not found: ${dir}`);
  const files = (await listDocumentFiles(dir)).sort();
  const docs: SourceDoc[] = [];
  const warnings: FileWarning[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const path = relative(dir, file).split(sep).join('/');
    const source = await readSource(file).catch((err: unknown) => {
      warnings.push({ path, contentHash: '', message: `skipping ${path}: ${messageOf(err)}` });
      return undefined;
    });
    if (!source) continue;
    const warn = (message: string) => warnings.push({ path, contentHash: source.contentHash, message });
    let doc: SourceDoc;
    try {
      doc = await documentFromSource(dir, file, source, (m) => warn(`${path}: ${m}`));
    } catch (err) {
      warn(`skipping ${path}: ${messageOf(err)}`);
      continue;
    }
    const clash = seen.get(doc.id);
    if (clash) {
      warn(`skipping ${doc.path}: its id "${doc.id}" is already used by ${clash}`);
      continue;
    }
    seen.set(doc.id, doc.path);
    docs.push(doc);
  }
  // When nothing could be read, the warnings are the only explanation: always show them.
  // A silenced caller shows nothing, so it must not mark anything as shown.
  const remember = docs.length > 0 && logger !== silentLogger;
  await warnOnce(warnings, logger, remember ? options.rememberWarningsIn : undefined);
  return docs;
}

async function listDocumentFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...(await listDocumentFiles(full)));
    } else if (entry.isFile() && isListed(extname(entry.name).toLowerCase())) {
      out.push(full);
    }
  }
  return out;
}

/** Readable files, and refused ones (a legacy .doc) so that the loader says why it skips them. */
function isListed(ext: string): boolean {
  return DOCUMENT_EXTENSIONS.has(ext) || REFUSED_EXTENSIONS.has(ext);
}

/** A document id from its path: folders joined by `--`, extension dropped, unsafe characters replaced. */
export function docIdFromPath(relPath: string): string {
  const withoutExt = relPath.slice(0, relPath.length - extname(relPath).length);
  return withoutExt.split(sep).join('/').split('/').map((part) => part.replace(/[^A-Za-z0-9._-]+/g, '_')).join('--');
}

/** A file's bytes and its sidecar's text, as read from disk. */
interface Source {
  bytes: Buffer;
  sidecarRaw: string | undefined;
  sidecarPath: string;
  /** Hash of both: what the document read from them depends on. */
  contentHash: string;
}

async function readSource(file: string): Promise<Source> {
  const bytes = await readFile(file);
  const sidecarPath = file.slice(0, file.length - extname(file).length) + SIDECAR_SUFFIX;
  const sidecarRaw = await readFile(sidecarPath, 'utf8').catch(() => undefined);
  const contentHash = sha256(Buffer.concat([bytes, Buffer.from(`\u0000${sidecarRaw ?? ''}`)]));
  return { bytes, sidecarRaw, sidecarPath, contentHash };
}

/**
 * Reads one file into a SourceDoc with canonical text and blocks. Oddities that do not
 * stop the file being read (an assumed encoding) go to `onWarning`.
 */
export async function loadDocument(root: string, file: string, onWarning: (message: string) => void = () => {}): Promise<SourceDoc> {
  return documentFromSource(root, file, await readSource(file), onWarning);
}

async function documentFromSource(root: string, file: string, source: Source, onWarning: (message: string) => void): Promise<SourceDoc> {
  const relPath = relative(root, file);
  const sidecar = source.sidecarRaw === undefined ? {} : parseSidecar(source.sidecarRaw, source.sidecarPath);
  const parsed = await readDocumentBytes(file, source.bytes, { sidecar });
  for (const warning of parsed.warnings) onWarning(warning);
  const doc: SourceDoc = {
    id: docIdFromPath(relPath),
    path: relPath.split(sep).join('/'),
    format: parsed.format,
    meta: parsed.meta,
    text: parsed.text,
    blocks: parsed.blocks,
    hash: documentHash(source.contentHash, parsed),
  };
  if (parsed.pages) doc.pages = parsed.pages;
  return doc;
}

/**
 * The hash the index's staleness check compares. Files read as before, UTF-8 Markdown and
 * text, keep their content hash; the others fold in the version of their reader, so that
 * a better reader re-indexes exactly the files it reads.
 */
function documentHash(contentHash: string, parsed: ParsedFile): string {
  const plain = (parsed.format === 'markdown' || parsed.format === 'text') && parsed.encoding === 'utf-8';
  const version = plain ? `text reader ${TEXT_READER_VERSION}` : parsed.format === 'pdf' || parsed.format === 'docx' ? `${parsed.format} reader ${BINARY_READER_VERSION}` : `reader ${READER_VERSION}`;
  return sha256(`${contentHash}\u0000${version}`);
}

function parseSidecar(raw: string, path: string): Record<string, unknown> {
  try {
    const data: unknown = JSON.parse(raw);
    if (data && typeof data === 'object' && !Array.isArray(data)) return data as Record<string, unknown>;
  } catch {
    // fall through to the error below
  }
  throw new AppError('DOCUMENT_UNREADABLE', `metadata file ${basename(path)} is not a JSON object`);
}
