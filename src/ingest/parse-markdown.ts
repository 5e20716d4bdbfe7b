import { HAS_WORD, type RawBlock } from './raw-block.js';
import { foldSpaces, isBoldLine, renderInline } from './inline-markdown.js';
import { markdownTableAt, tableTexts } from './table-rows.js';
import { isFieldLine, isHeaderLabel } from './header-fields.js';

/**
 * Reads Markdown, or plain text with one paragraph or bullet per line, into blocks.
 *
 * Real-world files mix conventions: `.txt` files full of Markdown, text hard-wrapped at
 * 72 columns, or one long line per paragraph. The flavour and the wrapping are detected
 * per document rather than trusted from the file extension.
 */

const ATX_HEADING = /^\s{0,3}(#{1,6})\s+(.*?)(?:\s+#+)?\s*$/;
const LIST_ITEM = /^(\s*)(?:[-*+•]|\d{1,3}[.)])\s+(.*)$/;
const RULE = /^\s{0,3}(?:[-*_=]\s*){3,}$/;

/** True when the text uses Markdown syntax: headings, bold, links, escapes or inline tags. */
export function looksLikeMarkdown(body: string): boolean {
  return (
    /^\s{0,3}#{1,6}\s+\S/m.test(body) ||
    /\*\*[^*\n]+\*\*/.test(body) ||
    /\[[^\]\n]+\]\([^)\s]*\)/.test(body) ||
    /\\[\\`*_{}[\]()#+\-.!$]/.test(body) ||
    /<\/?(?:u|b|i|em|strong|sup|sub|br)\s*\/?>/i.test(body)
  );
}

/**
 * True when paragraphs are hard-wrapped over several lines (so lines must be joined),
 * rather than written one per line. Wrapped text has short lines of similar length
 * separated into paragraphs by blank lines.
 */
export function isHardWrapped(lines: string[]): boolean {
  return wrapWidth(lines) > 0;
}

/** The width hard-wrapped text was wrapped at (the 95th percentile of its lines' lengths); 0 when it is not hard-wrapped. */
function wrapWidth(lines: string[]): number {
  const lengths = lines.map((l) => l.trim().length).filter((n) => n > 0);
  if (lengths.length < 4) return 0;
  const blanks = lines.length - lengths.length;
  if (blanks * 15 < lengths.length) return 0;
  const sorted = [...lengths].sort((a, b) => a - b);
  const p95 = sorted[Math.floor(sorted.length * 0.95)] ?? 0;
  const longish = lengths.filter((n) => n >= 50).length;
  return p95 <= 100 && longish >= 3 ? p95 : 0;
}

/**
 * Whether a line of hard-wrapped text carries on the line above it. A wrapped line is at
 * least half full, since no word takes half a line, so a shorter line ends its paragraph
 * ("PRESENT" over a list of names); wrapping is often ragged, so a fuller line is taken to
 * carry on. A "Label: value" line is a field of its own.
 */
function carriesOn(above: string, line: string, width: number): boolean {
  return above.trim().length * 2 >= width && !isFieldLine(line);
}

interface OpenBlock {
  kind: 'paragraph' | 'bullet';
  level: number;
  lines: string[];
}

/** A title starts with a capital or digit and does not end like a sentence or a clause. */
function looksLikeTitle(text: string, maxLength: number): boolean {
  return text.length <= maxLength && /^[\p{Lu}\p{N}]/u.test(text) && !/[.!?;,…"”’]$/.test(text);
}

/** Parses a document body into blocks of plain text. */
export function parseMarkdownBlocks(body: string, flavor: 'markdown' | 'text'): RawBlock[] {
  const lines = body.replace(/\r\n?/g, '\n').split('\n');
  const width = wrapWidth(lines);
  const blocks: RawBlock[] = [];
  const listIndents: number[] = [];
  let open: OpenBlock | undefined;
  let deepestAtx = 0;

  const flush = () => {
    if (!open) return;
    const raw = open.lines.join('\n');
    const text = flavor === 'markdown' ? renderInline(raw) : foldSpaces(raw);
    if (HAS_WORD.test(text)) {
      const boldHeading = flavor === 'markdown' && open.kind === 'paragraph' && isBoldLine(raw) && looksLikeTitle(text, 120);
      blocks.push(boldHeading ? { kind: 'heading', level: deepestAtx + 1, text } : { kind: open.kind, level: open.level, text, ...(flavor === 'text' && /\S(?: {3,}|\t)\S/.test(raw) ? { columns: true } : {}) });
    }
    open = undefined;
  };

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const table = flavor === 'markdown' ? markdownTableAt(lines, i) : undefined;
    if (table) {
      flush();
      listIndents.length = 0;
      const cells = (row: string[]) => row.map((c) => renderInline(c));
      for (const text of tableTexts(cells(table.headers), table.rows.map(cells))) blocks.push({ kind: 'paragraph', level: 0, text });
      i = table.end - 1;
      continue;
    }
    if (line.trim() === '' || (flavor === 'markdown' && RULE.test(line))) {
      flush();
      continue;
    }
    const heading = flavor === 'markdown' ? ATX_HEADING.exec(line) : null;
    if (heading) {
      flush();
      listIndents.length = 0;
      const level = heading[1]!.length;
      deepestAtx = Math.max(deepestAtx, level);
      const text = renderInline(heading[2] ?? '');
      if (HAS_WORD.test(text)) blocks.push({ kind: 'heading', level, text });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) {
      flush();
      const indent = item[1]!.replace(/\t/g, '    ').length;
      while (listIndents.length > 0 && indent < listIndents[listIndents.length - 1]!) listIndents.pop();
      if (listIndents.length === 0 || indent > listIndents[listIndents.length - 1]!) listIndents.push(indent);
      open = { kind: 'bullet', level: listIndents.length - 1, lines: [item[2] ?? ''] };
      continue;
    }
    if (open && width > 0 && carriesOn(open.lines.at(-1)!, line, width)) {
      open.lines.push(line);
      continue;
    }
    flush();
    // An unindented paragraph ends a list; an indented one belongs to it.
    if (!/^\s/.test(line)) listIndents.length = 0;
    open = { kind: 'paragraph', level: 0, lines: [line] };
  }
  flush();
  return flavor === 'text' ? markPlainHeadings(blocks) : blocks;
}

const titleLine = (b: RawBlock): boolean => b.kind === 'paragraph' && b.text.split(' ').length <= 12 && looksLikeTitle(b.text, 90);

/**
 * Plain text has no heading syntax, so short title-like lines (no closing punctuation,
 * followed by more text) are taken as headings. A heading directly followed by another
 * heading is the parent of it. A line set out in columns ("Dana Whitfield      Chair" under
 * "PRESENT") is a row of a list, to be read as text.
 */
function markPlainHeadings(blocks: RawBlock[]): RawBlock[] {
  // A "Label: value" line is a field, not a heading, when it is one of a run of them
  // ("Date: …", "Venue: …", "Minutes taken by: …") or a metadata label: its value is to be
  // quoted, and a heading is never a sentence of the text.
  const fieldLine = blocks.map((b) => isFieldLine(b.text));
  const isField = (i: number): boolean => fieldLine[i]! && (isHeaderLabel(blocks[i]!.text) || fieldLine[i - 1] === true || fieldLine[i + 1] === true);
  const isTitleLike = (b: RawBlock | undefined, i: number): boolean => b !== undefined && !b.columns && titleLine(b) && !isField(i);
  return blocks.map((block, i) => {
    const next = blocks[i + 1];
    const { columns: _, ...plain } = block;
    if (!next || !isTitleLike(block, i)) return plain;
    const level = i === 0 ? 1 : isTitleLike(next, i + 1) ? 2 : 3;
    return { kind: 'heading', level, text: block.text };
  });
}
