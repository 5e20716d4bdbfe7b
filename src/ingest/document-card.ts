import type { Block, SourceDoc } from '../types.js';

/**
 * A short card about a document, indexed beside it, so that questions about the
 * document itself ("Who published the fact sheet?", "When was it answered?") find their
 * answer the way any other question does, and cite it exactly: the card is a document
 * of its own, `<id>~about`, whose text is one line per field.
 */
export const CARD_SUFFIX = '~about';

/** How a card's first line starts: the document's title. */
export const CARD_TITLE_LABEL = 'Title:';

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A value that is a date, or a date and time, as front matter writes them ("2026-03-14", "2025-01-06 11:09:10-05:00"). */
const ISO_DATE = /^\d{4}-\d{2}(?:-\d{2})?(?:[T ][\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/** "2025-03-13" → "13 March 2025 (2025-03-13)"; anything else as written. */
function dateInWords(date: string): string {
  const m = /^(\d{4})-(\d{2})(?:-(\d{2}))?/.exec(date);
  if (!m) return date;
  const month = MONTH_NAMES[Number(m[2]) - 1];
  if (!month) return date;
  return `${m[3] ? `${Number(m[3])} ` : ''}${month} ${m[1]} (${date})`;
}

/** The label of a card's line for a field of the document's own metadata: "last reviewed" → "Last reviewed". */
export const detailLabel = (name: string): string => `${name[0]!.toUpperCase()}${name.slice(1)}`;

export function isCard(doc: Pick<SourceDoc, 'id'>): boolean {
  return doc.id.endsWith(CARD_SUFFIX);
}

/** The document an id stands for: a card's is the document it describes, any other's its own. */
export const documentOf = (docId: string): string => (docId.endsWith(CARD_SUFFIX) ? docId.slice(0, -CARD_SUFFIX.length) : docId);

export function documentCard(doc: SourceDoc): SourceDoc {
  const { meta } = doc;
  const lines = [
    `${CARD_TITLE_LABEL} ${meta.title}`,
    meta.publisher ? `Published by: ${meta.publisher}` : undefined,
    meta.author ? `Author: ${meta.author}` : undefined,
    meta.date ? `Date: ${dateInWords(meta.date)}` : undefined,
    meta.sourceUrl ? `Source: ${meta.sourceUrl}` : undefined,
    meta.description ? `About: ${meta.description}` : undefined,
    ...Object.entries(meta.details ?? {}).map(([name, value]) => `${detailLabel(name)}: ${ISO_DATE.test(value) ? dateInWords(value) : value}`),
  ].filter((l): l is string => l !== undefined);
  const blocks: Block[] = [];
  let text = '';
  for (const line of lines) {
    if (text) text += '\n';
    blocks.push({ kind: 'paragraph', level: 0, start: text.length, end: text.length + line.length, contentStart: text.length });
    text += line;
  }
  return { id: `${doc.id}${CARD_SUFFIX}`, path: doc.path, format: 'card', meta: { ...meta }, text, blocks, hash: doc.hash, cardOf: doc.id };
}
