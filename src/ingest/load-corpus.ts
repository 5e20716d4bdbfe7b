import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, extname, join, relative, sep } from 'node:path';
import { AppError, messageOf } from '../errors.js';
import { sha256 } from '../hash.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../log.js';
import type { SourceDoc, SourceMeta } from '../types.js';
import { splitFrontMatter } from './front-matter.js';
import { foldSpaces } from './inline-markdown.js';
import { layoutBlocks } from './layout.js';
import { parseHtmlBlocks } from './parse-html.js';
import { looksLikeMarkdown, parseMarkdownBlocks } from './parse-markdown.js';
import type { RawBlock } from './raw-block.js';

/** File extensions the ingester reads. Everything else in the folder is ignored. */
export const DOCUMENT_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '.html', '.htm']);

/**
 * Metadata for `name.ext` may sit beside it in `name.meta.json`
 * (`{title, publisher, date, sourceUrl, description}`); it wins over front matter.
 */
export const SIDECAR_SUFFIX = '.meta.json';

/** Folder names never descended into: tooling and hidden folders. */
const SKIPPED_DIRS = new Set(['node_modules']);

/** Loads every document under `dir`, sorted by path so that ids and order are stable. */
export async function loadCorpus(dir: string, logger: Logger = silentLogger): Promise<SourceDoc[]> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new AppError('CORPUS_NOT_FOUND', `Corpus folder not found: ${dir}`);
  const files = (await listDocumentFiles(dir)).sort();
  const docs: SourceDoc[] = [];
  const seen = new Map<string, string>();
  for (const file of files) {
    const doc = await loadDocument(dir, file).catch((err: unknown) => {
      logger.warn(`skipping ${relative(dir, file)}: ${messageOf(err)}`);
      return undefined;
    });
    if (!doc) continue;
    const clash = seen.get(doc.id);
    if (clash) {
      logger.warn(`skipping ${doc.path}: its id "${doc.id}" is already used by ${clash}`);
      continue;
    }
    seen.set(doc.id, doc.path);
    docs.push(doc);
  }
  return docs;
}

async function listDocumentFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.')) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIPPED_DIRS.has(entry.name)) out.push(...(await listDocumentFiles(full)));
    } else if (entry.isFile() && DOCUMENT_EXTENSIONS.has(extname(entry.name).toLowerCase())) {
      out.push(full);
    }
  }
  return out;
}

/** A document id from its path: folders joined by `--`, extension dropped, unsafe characters replaced. */
export function docIdFromPath(relPath: string): string {
  const withoutExt = relPath.slice(0, relPath.length - extname(relPath).length);
  return withoutExt.split(sep).join('/').split('/').map((part) => part.replace(/[^A-Za-z0-9._-]+/g, '_')).join('--');
}

/** Reads one file into a SourceDoc with canonical text and blocks. */
export async function loadDocument(root: string, file: string): Promise<SourceDoc> {
  const relPath = relative(root, file);
  const bytes = await readFile(file);
  const raw = bytes.toString('utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (raw.includes('\u0000')) throw new AppError('DOCUMENT_UNREADABLE', 'binary content');
  const sidecarPath = file.slice(0, file.length - extname(file).length) + SIDECAR_SUFFIX;
  const sidecarRaw = await readFile(sidecarPath, 'utf8').catch(() => undefined);
  const sidecar = sidecarRaw === undefined ? {} : parseSidecar(sidecarRaw, sidecarPath);

  const ext = extname(file).toLowerCase();
  let rawBlocks: RawBlock[];
  let frontMatter: Record<string, unknown> = {};
  let htmlTitle: string | undefined;
  let format: SourceDoc['format'];
  if (ext === '.html' || ext === '.htm') {
    const parsed = parseHtmlBlocks(raw);
    rawBlocks = parsed.blocks;
    htmlTitle = parsed.title;
    format = 'html';
  } else {
    const { data, body } = splitFrontMatter(raw);
    frontMatter = data;
    const markdown = ext === '.md' || ext === '.markdown' || looksLikeMarkdown(body);
    format = markdown ? 'markdown' : 'text';
    rawBlocks = parseMarkdownBlocks(body, markdown ? 'markdown' : 'text');
  }
  const { text, blocks } = layoutBlocks(rawBlocks);
  if (text.trim() === '') throw new AppError('DOCUMENT_UNREADABLE', 'no text content');

  const firstHeading = rawBlocks.find((b) => b.kind === 'heading')?.text;
  const meta = buildMeta(sidecar, frontMatter, htmlTitle ?? firstHeading ?? basename(file, ext));
  return {
    id: docIdFromPath(relPath),
    path: relPath.split(sep).join('/'),
    format,
    meta,
    text,
    blocks,
    hash: sha256(Buffer.concat([bytes, Buffer.from(`\u0000${sidecarRaw ?? ''}`)])),
  };
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

function pickString(...values: unknown[]): string | undefined {
  for (const v of values) {
    if (typeof v === 'string' && foldSpaces(v) !== '') return foldSpaces(v);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return undefined;
}

function buildMeta(sidecar: Record<string, unknown>, fm: Record<string, unknown>, fallbackTitle: string): SourceMeta {
  const meta: SourceMeta = { title: pickString(sidecar.title, fm.title) ?? foldSpaces(fallbackTitle) };
  const publisher = pickString(sidecar.publisher, fm.publisher, fm.author, fm.source);
  const date = pickString(sidecar.date, fm.date, fm.published_time);
  const sourceUrl = pickString(sidecar.sourceUrl, sidecar.source_url, fm.source_url, fm.sourceUrl, fm.url);
  const description = pickString(sidecar.description, fm.description);
  if (publisher) meta.publisher = publisher;
  if (date) meta.date = date;
  if (sourceUrl) meta.sourceUrl = sourceUrl;
  if (description) meta.description = description;
  return meta;
}
