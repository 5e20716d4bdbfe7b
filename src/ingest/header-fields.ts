import type { RawBlock } from './raw-block.js';

/**
 * A document's own header, as reports, minutes and notices write it under their title:
 * "Published: 24 February 2026", "Publisher: …", "Prepared by: …". Front matter is rare
 * outside Markdown sites, so without this the card of such a document would hold its
 * title alone, and "when was the review published?" would have nothing to find there.
 */

/** The labels read, and the metadata field each fills (names as in front matter). */
const FIELD_OF_LABEL: Record<string, string> = {
  title: 'title',
  published: 'date',
  'date published': 'date',
  'publication date': 'date',
  'date of publication': 'date',
  issued: 'date',
  'date of issue': 'date',
  date: 'date',
  publisher: 'publisher',
  'published by': 'publisher',
  author: 'author',
  'written by': 'author',
  'prepared by': 'author',
  'issued by': 'author',
};

/** "Label: value" with a short label of words; the value is read as written. */
const LABEL_LINE = /^([\p{L}][\p{L} ]{0,28}?)\s*:\s*(\S.{0,199})$/u;

/** Header blocks are looked for among the first few after the title. */
const HEADER_SPAN = 12;

/**
 * The metadata fields of the label lines right under a document's title, up to its first
 * section heading or first line of prose after them. The first of a field wins.
 */
export function headerFields(blocks: RawBlock[]): Record<string, string> {
  const fields: Record<string, string> = {};
  let i = blocks[0]?.kind === 'heading' ? 1 : 0;
  let labels = 0;
  for (const end = Math.min(blocks.length, i + HEADER_SPAN); i < end; i++) {
    const block = blocks[i]!;
    if (block.kind === 'heading') break;
    const line = LABEL_LINE.exec(block.text.trim());
    // A line of prose ends the header; before the header, one is passed over ("FOR IMMEDIATE RELEASE").
    if (!line) {
      if (labels > 0) break;
      continue;
    }
    labels++;
    const field = FIELD_OF_LABEL[line[1]!.toLowerCase()];
    if (field && !(field in fields)) fields[field] = line[2]!.trim();
  }
  return fields;
}
