import { HAS_WORD } from './raw-block.js';

/**
 * Tables, read a row at a time. A cell means little without its column's name: "| 2024 |
 * 10,815 | 9,801 |" answers "how many entries in 2024" only when it is read as "Year:
 * 2024; Entries: 10,815; Starters: 9,801". So each body row becomes one block that names
 * its columns, and the header row, which every row now repeats, is not a block of its own.
 */

/** One row as a line of text: each cell after its column's name, empty cells left out. */
export function rowText(headers: readonly string[], cells: readonly string[]): string {
  const parts: string[] = [];
  cells.forEach((cell, i) => {
    if (!HAS_WORD.test(cell)) return;
    const header = headers[i]?.trim() ?? '';
    parts.push(HAS_WORD.test(header) ? `${header}: ${cell}` : cell);
  });
  return parts.join('; ');
}

/** The blocks' texts of a table: one per body row, or the header alone when there is no body. */
export function tableTexts(headers: readonly string[] | undefined, rows: readonly string[][]): string[] {
  const texts = rows.map((cells) => (headers ? rowText(headers, cells) : cells.filter((c) => HAS_WORD.test(c)).join('; ')));
  if (texts.every((t) => t === '') && headers) return [headers.filter((h) => HAS_WORD.test(h)).join('; ')];
  return texts.filter((t) => t !== '');
}

// GitHub-flavoured Markdown tables: a header row, a delimiter row of dashes, then body rows.
const DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;

/** The cells of a Markdown table line: split at unescaped pipes, outer pipes dropped. */
export function markdownCells(line: string): string[] {
  const inner = line.trim().replace(/^\|/, '').replace(/(?<!\\)\|$/, '');
  return inner.split(/(?<!\\)\|/).map((c) => c.trim().replace(/\\\|/g, '|'));
}

/**
 * The Markdown table starting at `lines[at]`, if one does: its header cells, body rows and
 * the index of the first line after it.
 */
export function markdownTableAt(lines: readonly string[], at: number): { headers: string[]; rows: string[][]; end: number } | undefined {
  const head = lines[at];
  const delimiter = lines[at + 1];
  if (head === undefined || delimiter === undefined || !head.includes('|') || !delimiter.includes('|') || !DELIMITER_ROW.test(delimiter)) return undefined;
  const headers = markdownCells(head);
  if (markdownCells(delimiter).length !== headers.length) return undefined;
  const rows: string[][] = [];
  let end = at + 2;
  while (end < lines.length && lines[end]!.trim() !== '' && lines[end]!.includes('|')) rows.push(markdownCells(lines[end++]!));
  return { headers, rows, end };
}
