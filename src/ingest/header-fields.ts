import { datesIn } from '../language/dates.js';
import { splitSentences } from './sentences.js';
import type { RawBlock } from './raw-block.js';

/**
 * A document's own header, as reports, minutes and notices write it under their title:
 * "Published: 24 February 2026", "Publisher: …", "Prepared by: …", or as a line of prose,
 * "Version 4.2, published January 2026 by the Patient Services Team". Front matter is rare
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
  'issue date': 'date',
  date: 'date',
  updated: 'date',
  'last updated': 'date',
  publisher: 'publisher',
  'published by': 'publisher',
  'issued by': 'author',
  author: 'author',
  authors: 'author',
  'written by': 'author',
  'prepared by': 'author',
  'compiled by': 'author',
  'edited by': 'author',
  'recorded by': 'author',
  'minutes taken by': 'author',
  'minutes by': 'author',
};

/** "Label: value" with a short label of words; the value is read as written. */
const LABEL_LINE = /^([\p{L}][\p{L} ]{0,28}?)\s*:\s*(\S.{0,199})$/u;

/** Whether a line of plain text is a "Label: value" field rather than a heading of its own. */
export function isFieldLine(text: string): boolean {
  const m = LABEL_LINE.exec(text.trim());
  return m !== null && m[1]!.trim().split(/\s+/).length <= 4;
}

/** Whether a field line's label is one of the document's metadata. */
export const isHeaderLabel = (text: string): boolean => (LABEL_LINE.exec(text.trim())?.[1]?.toLowerCase() ?? '') in FIELD_OF_LABEL;

/** Header blocks are looked for among the first few after the title. */
const HEADER_SPAN = 12;

/**
 * A byline in prose: a verb of publishing that opens a sentence or follows its first
 * phrase after a comma ("Published 2 June 2026.", "Version 4.2, published January 2026
 * by the Patient Services Team."), so that a version mentioned in passing ("These rules
 * replace the version issued in September 2023") is no date of this document. What follows
 * the verb up to the sentence's end is its date and, after "by", who.
 */
const BYLINE = /^(?:([^,]{1,60}),\s*)?(?:last\s+)?(published|issued|updated|revised|edition|written|prepared|compiled|produced|edited)\b:?\s*(.*)$/iu;
const AUTHOR_VERBS = new Set(['written', 'prepared', 'compiled', 'produced', 'edited']);

/** The date of a byline's words, as written, when they start with one ("January 2026 by …", "on 2 June 2026", an edition's "2, March 2026"). */
function leadingDate(words: string): string | undefined {
  const [first] = datesIn(words);
  if (!first || !/^(?:on|in|\d+,)?$/i.test(words.slice(0, first.start).trim())) return undefined;
  return first.raw;
}

/** Words that are all capitalised (minor words aside): a name, as an organisation heads its documents with. */
const NAME_ONLY = /^\p{Lu}[\p{L}'’&.-]*(?:,?\s+(?:(?:of|and|for|the|&)\s+)*\p{Lu}[\p{L}'’&.-]*)+$/u;

/**
 * The fields of one sentence of prose under the title: a byline, or, as the first
 * sentence, a name alone ("Ashbury Vale District Council, Waste Services."), which is who
 * publishes the document.
 */
function bylineFields(sentence: string, first: boolean): Record<string, string> {
  const text = sentence.trim().replace(/\.$/, '');
  const out: Record<string, string> = {};
  // Not a line in capitals: that is a heading or a flag ("FOR IMMEDIATE RELEASE"), not a name.
  const isName = (t: string) => NAME_ONLY.test(t) && /\p{Ll}/u.test(t);
  if (first && isName(text)) return { publisher: text };
  const m = BYLINE.exec(text);
  if (!m) return out;
  const lead = m[1];
  const verb = m[2]!.toLowerCase();
  const rest = m[3]!;
  // "Harrowfield Public Library Service, published January 2026": the name before the verb publishes.
  if (first && lead && isName(lead.trim())) out.publisher = lead.trim();
  const date = leadingDate(rest);
  if (date) out.date = date;
  const by = /(?:^|\s)by\s+(.{2,150})$/iu.exec(rest);
  if (by) out[AUTHOR_VERBS.has(verb) ? 'author' : 'publisher'] = by[1]!.replace(/^the\s+/i, '').trim();
  return out;
}

/**
 * The metadata fields of the label lines right under a document's title, up to its first
 * section heading or first line of prose after them, and where there are none, of a byline in
 * the first lines of prose there. The first of a field wins.
 */
export function headerFields(blocks: RawBlock[]): Record<string, string> {
  const fields: Record<string, string> = {};
  const byline: Record<string, string> = {};
  let i = blocks[0]?.kind === 'heading' ? 1 : 0;
  let labels = 0;
  let prose = 0;
  // A subtitle ("Minutes of the Annual General Meeting 2026" under the club's name) may come between the title and the header.
  let subtitle = false;
  for (const end = Math.min(blocks.length, i + HEADER_SPAN); i < end; i++) {
    const block = blocks[i]!;
    if (block.kind === 'heading') {
      if (labels > 0 || prose > 0 || subtitle) break;
      subtitle = true;
      continue;
    }
    const line = LABEL_LINE.exec(block.text.trim());
    // A line of prose ends the header; before the header, one is passed over ("FOR IMMEDIATE RELEASE").
    if (!line) {
      if (labels > 0) break;
      // The first two paragraphs under the title are where a byline is written.
      if (block.kind === 'paragraph' && prose++ < 2) {
        splitSentences(block.text, 0, block.text.length).forEach((s, n) => {
          for (const [k, v] of Object.entries(bylineFields(block.text.slice(s.start, s.end), prose === 1 && n === 0))) if (!(k in byline)) byline[k] = v;
        });
      }
      continue;
    }
    labels++;
    const field = FIELD_OF_LABEL[line[1]!.toLowerCase()];
    if (field && !(field in fields)) fields[field] = line[2]!.trim();
  }
  // Label lines are the document's own header: where it has one, the prose is not read for it.
  return labels > 0 ? fields : byline;
}
