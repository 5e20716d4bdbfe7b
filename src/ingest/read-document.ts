import { basename, extname } from 'node:path';
import { AppError } from '../errors.js';
import type { Block, PageRange, SourceDoc, SourceMeta } from '../types.js';
import { decodeText } from './decode-text.js';
import { headerFields } from './header-fields.js';
import { splitFrontMatter } from './front-matter.js';
import { foldSpaces } from './inline-markdown.js';
import { layoutBlocks } from './layout.js';
import { parseDocx } from './parse-docx.js';
import { parseHtmlBlocks } from './parse-html.js';
import { looksLikeMarkdown, parseMarkdownBlocks } from './parse-markdown.js';
import { parsePdf } from './parse-pdf.js';
import type { RawBlock } from './raw-block.js';

/**
 * One file's bytes → canonical text, blocks and metadata, whatever its format. The
 * format is decided by the file name's extension (any case), never by sniffing, so that
 * a file is read the same way by the corpus loader and by an upload.
 */

/** File extensions the ingester reads. */
export const DOCUMENT_EXTENSIONS = new Set(['.md', '.markdown', '.txt', '.html', '.htm', '.pdf', '.docx']);

/** Extensions of documents people will expect to work, refused with a message saying what to do instead. */
export const REFUSED_EXTENSIONS: ReadonlyMap<string, string> = new Map([
  ['.doc', 'legacy Word .doc files are not supported; save it as .docx (Word: File › Save As › Word Document)'],
]);

/** A file read into a document, before it is given an id, a path and a hash. */
export interface ParsedFile {
  /** Which reader read it. */
  format: Exclude<SourceDoc['format'], 'card'>;
  /** Metadata found in the file itself (front matter, `<title>`, PDF document information), else its first heading or its name. */
  meta: SourceMeta;
  /** The canonical plain text. */
  text: string;
  /** Structural blocks, in document order. */
  blocks: Block[];
  /** For a PDF: each page's range in `text`. */
  pages?: PageRange[];
  /** For text formats: the character encoding found (`utf-8`, `windows-1252`, …). */
  encoding?: string;
  /** Oddities that did not stop the file being read, e.g. an assumed encoding or pages without text. */
  warnings: string[];
}

export interface ReadDocumentOptions {
  /** Metadata from a sidecar `.meta.json`; each field it gives wins over the file's own. */
  sidecar?: Record<string, unknown>;
}

/**
 * Reads one file's bytes into a document. `name` is the file name (or a path ending in it):
 * its extension picks the reader and it is the title of last resort.
 *
 * Throws AppError: UNSUPPORTED_FILE_TYPE (415) for an extension not read (a legacy `.doc`
 * included), PDF_ENCRYPTED (422) for a password-protected PDF, PDF_NO_TEXT (422) for a PDF
 * with no text layer, FILE_CORRUPT (422) for a PDF or .docx that cannot be opened, and
 * DOCUMENT_UNREADABLE (422) for a text file that looks binary or any file with no text.
 *
 * @example const parsed = await readDocumentBytes('report.pdf', await readFile(path));
 */
export async function readDocumentBytes(name: string, bytes: Uint8Array, options: ReadDocumentOptions = {}): Promise<ParsedFile> {
  const ext = extname(name).toLowerCase();
  const refused = REFUSED_EXTENSIONS.get(ext);
  if (refused) throw new AppError('UNSUPPORTED_FILE_TYPE', refused);
  if (!DOCUMENT_EXTENSIONS.has(ext)) {
    const kind = ext ? `"${ext}" files are` : 'files without an extension are';
    throw new AppError('UNSUPPORTED_FILE_TYPE', `${kind} not read; the supported types are ${[...DOCUMENT_EXTENSIONS].join(', ')}`);
  }
  const fileName = basename(name, extname(name));
  const parsed = ext === '.pdf' ? await readPdf(bytes) : ext === '.docx' ? await readDocx(bytes) : readText(bytes, ext);
  if (parsed.text.trim() === '') throw new AppError('DOCUMENT_UNREADABLE', 'no text content');
  const firstHeading = parsed.rawBlocks.find((b) => b.kind === 'heading')?.text;
  const { rawBlocks, ownMeta, ownTitle, ...rest } = parsed;
  return { ...rest, meta: buildMeta(options.sidecar ?? {}, ownMeta, headerFields(rawBlocks), ownTitle ?? firstHeading ?? fileName) };
}

/** What each reader gives before the metadata is settled. */
interface Read extends Omit<ParsedFile, 'meta'> {
  rawBlocks: RawBlock[];
  /** The file's own metadata fields, named as in front matter. */
  ownMeta: Record<string, unknown>;
  /** A title that beats the first heading when the metadata gives none: a page's `<title>`, a PDF's Title. */
  ownTitle?: string;
}

function readText(bytes: Uint8Array, ext: string): Read {
  const html = ext === '.html' || ext === '.htm';
  const decoded = decodeText(bytes, { html });
  const warnings = decoded.warning ? [decoded.warning] : [];
  const raw = decoded.text.replace(/\r\n?/g, '\n');
  if (html) {
    const page = parseHtmlBlocks(raw);
    const read: Read = { format: 'html', ...layoutBlocks(page.blocks), rawBlocks: page.blocks, encoding: decoded.encoding, warnings, ownMeta: page.meta };
    if (page.title) read.ownTitle = page.title;
    return read;
  }
  const { data, body } = splitFrontMatter(raw);
  const markdown = ext === '.md' || ext === '.markdown' || looksLikeMarkdown(body);
  const rawBlocks = parseMarkdownBlocks(body, markdown ? 'markdown' : 'text');
  return { format: markdown ? 'markdown' : 'text', ...layoutBlocks(rawBlocks), rawBlocks, encoding: decoded.encoding, warnings, ownMeta: data };
}

async function readDocx(bytes: Uint8Array): Promise<Read> {
  const { blocks: rawBlocks } = await parseDocx(bytes);
  return { format: 'docx', ...layoutBlocks(rawBlocks), rawBlocks, warnings: [], ownMeta: {} };
}

async function readPdf(bytes: Uint8Array): Promise<Read> {
  const pdf = await parsePdf(bytes);
  const rawBlocks = pdf.pages.flat();
  const { text, blocks } = layoutBlocks(rawBlocks);
  // layoutBlocks puts a blank line between blocks, so pages are separated like paragraphs;
  // each page's range runs from its first block's start to its last block's end.
  const pages: PageRange[] = [];
  let next = 0;
  let end = 0;
  pdf.pages.forEach((pageBlocks, i) => {
    if (pageBlocks.length === 0) {
      pages.push({ page: i + 1, start: end, end });
      return;
    }
    const first = blocks[next]!;
    const last = blocks[next + pageBlocks.length - 1]!;
    pages.push({ page: i + 1, start: first.start, end: last.end });
    next += pageBlocks.length;
    end = last.end;
  });
  const empty = pages.filter((p) => p.start === p.end).map((p) => p.page);
  const warnings = empty.length > 0 ? [`${pageList(empty)} no text layer (scanned?) and ${empty.length === 1 ? 'is' : 'are'} not indexed; OCR is not supported`] : [];
  const read: Read = { format: 'pdf', text, blocks, pages, rawBlocks, warnings, ownMeta: { author: pdf.author, date: pdf.date } };
  if (pdf.title) read.ownTitle = pdf.title;
  return read;
}

/** "page 3 has" / "pages 2, 5 and 7 have" */
function pageList(pages: number[]): string {
  if (pages.length === 1) return `page ${pages[0]} has`;
  return `pages ${pages.slice(0, -1).join(', ')} and ${pages.at(-1)} have`;
}

function pickString(...values: unknown[]): string | undefined {
  for (const v of values) {
    if (typeof v === 'string' && foldSpaces(v) !== '') return foldSpaces(v);
    if (v instanceof Date) return v.toISOString().slice(0, 10);
  }
  return undefined;
}

/** Sidecar fields first, then the file's own metadata, then the header lines of its text, then the fallback title. */
function buildMeta(sidecar: Record<string, unknown>, own: Record<string, unknown>, header: Record<string, string>, fallbackTitle: string): SourceMeta {
  const meta: SourceMeta = { title: pickString(sidecar.title, own.title, header.title) ?? foldSpaces(fallbackTitle) };
  const publisher = pickString(sidecar.publisher, own.publisher, own.author, own.source, header.publisher, header.author);
  const date = pickString(sidecar.date, own.date, own.published, own.publishDate, own.published_time, header.date);
  const sourceUrl = pickString(sidecar.sourceUrl, sidecar.source_url, own.source_url, own.sourceUrl, own.url);
  const description = pickString(sidecar.description, own.description);
  const author = pickString(sidecar.author, own.author, header.author);
  if (publisher) meta.publisher = publisher;
  if (author && author.toLowerCase() !== publisher?.toLowerCase()) meta.author = author;
  if (date) meta.date = date;
  if (sourceUrl) meta.sourceUrl = sourceUrl;
  if (description) meta.description = description;
  // The rest is kept as written: a note's front matter often holds what is said nowhere
  // else ("version: 2.3", "last_reviewed: 2026-03-14"), and dropping it would leave
  // "when was it last reviewed?" nothing to find.
  const details = detailsOf({ ...own, ...sidecar });
  if (Object.keys(details).length > 0) meta.details = details;
  return meta;
}

/** Metadata fields read into the fields above (names folded to lower case without separators). */
const READ_FIELDS = new Set(['title', 'publisher', 'author', 'source', 'date', 'published', 'publishdate', 'publishedtime', 'sourceurl', 'url', 'description']);

/** "last_reviewed" and "lastReviewed" → "last reviewed". */
const fieldName = (key: string) => foldSpaces(key.replace(/([\p{Ll}\d])(\p{Lu})/gu, '$1 $2').replace(/[_-]+/g, ' ')).toLowerCase();

/** Metadata fields not read into the fields above, with a value that reads as text: a string, number, yes/no, date or list of those. */
function detailsOf(fields: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  const scalar = (v: unknown): string | undefined => (typeof v === 'number' || typeof v === 'boolean' ? String(v) : pickString(v));
  for (const [key, value] of Object.entries(fields)) {
    const name = fieldName(key);
    if (name === '' || READ_FIELDS.has(name.replace(/ /g, ''))) continue;
    const text = Array.isArray(value) ? value.map(scalar).filter((v) => v !== undefined).join(', ') : scalar(value);
    if (text) out[name] = text;
  }
  return out;
}
