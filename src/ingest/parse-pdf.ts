import { AppError, messageOf } from '../errors.js';
import { foldSpaces } from './inline-markdown.js';
import { HAS_WORD, type RawBlock } from './raw-block.js';

/**
 * Reads a PDF's text layer into blocks, page by page, with pdf.js.
 *
 * A PDF has no paragraphs, only positioned runs of text. Runs on one baseline are joined
 * into a line; lines are joined into a paragraph until the gap to the next line is wider
 * than the page's usual line spacing, the font size changes (a heading) or a line starts
 * with a bullet. A word hyphenated at a line end is joined again. A paragraph set in a
 * clearly larger font than the body, short and without closing punctuation, is a heading,
 * so that chunks of a PDF get heading paths like those of any other document.
 */

/** What a PDF gives: its pages' blocks and the metadata of its document information. */
export interface ParsedPdf {
  /** One list of blocks per page, in page order; empty for a page without text. */
  pages: RawBlock[][];
  /** The metadata Title, when it is a real title rather than a file name. */
  title?: string;
  /** The metadata Author. */
  author?: string;
  /** The creation date as an ISO date (`2024-05-01`). */
  date?: string;
}

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');

let pdfjsLoaded: Promise<PdfJs> | undefined;

/**
 * pdf.js normally parses in a worker. In Node its "fake worker" imports the worker module
 * by a relative URL; registering the module as `globalThis.pdfjsWorker` first makes it
 * run in this thread with no file lookup at all. Loaded on the first PDF only: the two
 * modules are large and most corpora have no PDF.
 */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsLoaded ??= (async () => {
    // The worker module ships without types, and only its presence matters here.
    const workerModule: string = 'pdfjs-dist/legacy/build/pdf.worker.mjs';
    const worker: unknown = await import(workerModule);
    (globalThis as { pdfjsWorker?: unknown }).pdfjsWorker ??= worker;
    return import('pdfjs-dist/legacy/build/pdf.mjs');
  })();
  return pdfjsLoaded;
}

/** A run of text as pdf.js gives it; marked-content items have no `str`. */
interface Run {
  str: string;
  transform: number[];
  width: number;
  height: number;
  hasEOL: boolean;
}

/** One line of a page: its text, baseline, font size and left edge. */
interface Line {
  text: string;
  y: number;
  size: number;
}

const BULLET = /^[•●▪■◦‣∙·○–*-]\s+/u;

/**
 * Parses a PDF's bytes. Throws PDF_ENCRYPTED for a PDF that needs a password, PDF_NO_TEXT
 * for one whose pages have no text layer (a scan), and FILE_CORRUPT for bytes pdf.js
 * cannot read as a PDF.
 */
export async function parsePdf(bytes: Uint8Array): Promise<ParsedPdf> {
  const pdfjs = await loadPdfJs();
  // pdf.js takes ownership of (detaches) the buffer it is given, so it gets a copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    // Nothing is fetched or drawn: no fonts, no eval'd font programs, no console noise.
    disableFontFace: true,
    useSystemFonts: false,
    isEvalSupported: false,
    stopAtErrors: false,
    verbosity: 0,
  });
  try {
    let pdf: Awaited<typeof task.promise>;
    try {
      pdf = await task.promise;
    } catch (err) {
      throw openError(err);
    }
    const linesByPage: Line[][] = [];
    for (let n = 1; n <= pdf.numPages; n++) {
      try {
        const page = await pdf.getPage(n);
        const content = await page.getTextContent();
        linesByPage.push(linesOf(content.items.flatMap((i) => ('str' in i ? [i] : []))));
        page.cleanup();
      } catch (err) {
        throw new AppError('FILE_CORRUPT', `page ${n} of the PDF cannot be read (${messageOf(err)}); the file may be damaged`, { cause: err });
      }
    }
    if (!linesByPage.some((lines) => lines.some((l) => HAS_WORD.test(l.text)))) {
      throw new AppError('PDF_NO_TEXT', `it has ${pdf.numPages === 1 ? 'one page' : `${pdf.numPages} pages`} but no text layer (scanned?); OCR is not supported`);
    }
    const info = ((await pdf.getMetadata().catch(() => undefined))?.info ?? {}) as Record<string, unknown>;
    const result: ParsedPdf = { pages: blocksOf(linesByPage) };
    const title = realTitle(info.Title);
    const author = typeof info.Author === 'string' ? foldSpaces(info.Author) : '';
    const date = pdfDate(info.CreationDate);
    if (title) result.title = title;
    if (author) result.author = author;
    if (date) result.date = date;
    return result;
  } finally {
    await task.destroy();
  }
}

function openError(err: unknown): AppError {
  // pdf.js does not export PasswordException; its errors are told apart by name.
  if ((err as { name?: unknown } | undefined)?.name === 'PasswordException') {
    return new AppError('PDF_ENCRYPTED', 'it is encrypted (password-protected); save an unprotected copy to index it', { cause: err });
  }
  return new AppError('FILE_CORRUPT', `it is not a readable PDF (${messageOf(err)}); the file may be truncated or damaged`, { cause: err });
}

/** Groups a page's runs into lines, in the order the page draws them. */
function linesOf(runs: Run[]): Line[] {
  const lines: Line[] = [];
  let current: { parts: string; y: number; size: number; right: number } | undefined;
  const close = () => {
    if (current) {
      const text = foldSpaces(current.parts);
      if (text) lines.push({ text, y: current.y, size: current.size });
    }
    current = undefined;
  };
  for (const run of runs) {
    const [a = 0, b = 0, c = 0, d = 0, x = 0, y = 0] = run.transform;
    const size = Math.hypot(c, d) || Math.hypot(a, b) || run.height || 1;
    if (run.str !== '') {
      // A run on another baseline (more than half a letter up or down) starts a new line;
      // superscripts and subscripts stay on theirs.
      if (current && Math.abs(y - current.y) > 0.5 * Math.min(size, current.size)) close();
      if (!current) {
        current = { parts: run.str, y, size, right: x + run.width };
      } else {
        // Runs drawn apart with no space between them are separate words (or table cells).
        const gap = x - current.right;
        const spaced = /\s$/.test(current.parts) || /^\s/.test(run.str);
        current.parts += (gap > 0.15 * size && !spaced ? ' ' : '') + run.str;
        current.right = x + run.width;
        current.size = Math.max(current.size, size);
      }
    }
    if (run.hasEOL) close();
  }
  close();
  return lines;
}

/** Lays out every page's lines as blocks, marking headings against the whole document's body size. */
function blocksOf(linesByPage: Line[][]): RawBlock[][] {
  const paragraphsByPage = linesByPage.map(paragraphsOf);
  const body = bodySize(linesByPage.flat());
  const headingSizes = [...new Set(paragraphsByPage.flat().filter((p) => isHeading(p, body)).map((p) => Math.round(p.size)))].sort((x, y) => y - x);
  return paragraphsByPage.map((paragraphs) =>
    paragraphs.map((p): RawBlock => {
      if (p.bullet) return { kind: 'bullet', level: 0, text: p.text };
      if (isHeading(p, body)) return { kind: 'heading', level: Math.min(6, headingSizes.indexOf(Math.round(p.size)) + 1), text: p.text };
      return { kind: 'paragraph', level: 0, text: p.text };
    }),
  );
}

interface Paragraph {
  text: string;
  size: number;
  bullet: boolean;
  lines: number;
}

function paragraphsOf(lines: Line[]): Paragraph[] {
  const spacing = usualSpacing(lines);
  const paragraphs: Paragraph[] = [];
  let open: Paragraph | undefined;
  let previous: Line | undefined;
  for (const line of lines) {
    const bullet = BULLET.exec(line.text);
    const text = bullet ? line.text.slice(bullet[0].length) : line.text;
    if (open && previous && !bullet && continues(previous, line, spacing)) {
      open.text = joinLines(open.text, text);
      open.lines++;
    } else {
      if (open) paragraphs.push(open);
      open = { text, size: line.size, bullet: bullet !== null, lines: 1 };
    }
    previous = line;
  }
  if (open) paragraphs.push(open);
  return paragraphs.filter((p) => HAS_WORD.test(p.text));
}

/** True when `line` continues the paragraph `previous` is in. */
function continues(previous: Line, line: Line, spacing: number): boolean {
  const drop = previous.y - line.y;
  // Going up the page is a new column or a new text box; a wide gap is a new paragraph.
  if (drop <= 0) return false;
  if (drop > Math.max(1.5 * line.size, 1.25 * spacing)) return false;
  return Math.abs(previous.size - line.size) <= 0.15 * Math.max(previous.size, line.size);
}

/** The most common distance between consecutive baselines of a page: its line spacing. */
function usualSpacing(lines: Line[]): number {
  const counts = new Map<number, number>();
  for (let i = 1; i < lines.length; i++) {
    const drop = Math.round(lines[i - 1]!.y - lines[i]!.y);
    if (drop > 0) counts.set(drop, (counts.get(drop) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [drop, count] of counts) if (count > bestCount || (count === bestCount && drop < best)) [best, bestCount] = [drop, count];
  return best;
}

/** A line-end hyphen before a lower-case letter split one word; any other line break is a space. */
function joinLines(before: string, after: string): string {
  if (/\p{L}-$/u.test(before) && /^\p{Ll}/u.test(after)) return before.slice(0, -1) + after;
  return `${before} ${after}`;
}

/** The font size most of the document's characters are set in. */
function bodySize(lines: Line[]): number {
  const chars = new Map<number, number>();
  for (const l of lines) chars.set(Math.round(l.size), (chars.get(Math.round(l.size)) ?? 0) + l.text.length);
  return [...chars].sort((x, y) => y[1] - x[1])[0]?.[0] ?? 0;
}

function isHeading(p: Paragraph, body: number): boolean {
  return !p.bullet && body > 0 && p.size >= 1.2 * body && p.lines <= 3 && p.text.length <= 150 && !/[.!?,;:]$/.test(p.text);
}

/** A metadata title, unless it is empty or just a file name ("Microsoft Word - draft.docx"). */
function realTitle(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const title = foldSpaces(value);
  if (!HAS_WORD.test(title) || /\.(?:docx?|pdf|txt|rtf|odt|indd|tex|html?)$/i.test(title) || /^untitled$/i.test(title)) return undefined;
  return title;
}

/** "D:20240501093000+02'00'" → "2024-05-01"; undefined when there is no year. */
function pdfDate(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^(?:D:)?(\d{4})(\d{2})?(\d{2})?/.exec(value.trim());
  if (!m) return undefined;
  return [m[1], m[2], m[3]].filter(Boolean).join('-');
}
