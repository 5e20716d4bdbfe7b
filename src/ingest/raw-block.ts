import type { BlockKind } from '../types.js';

/** A block before layout: its kind, level and plain text, but no offsets yet. */
export interface RawBlock {
  kind: BlockKind;
  level: number;
  text: string;
  /** Plain text, while its headings are found: the line sets words apart in columns ("Dana Whitfield      Chair"), as a row of a table does. */
  columns?: boolean;
}

/** Whether a text holds a letter or a digit: a block, cell or caption of only punctuation or space is empty. */
export const HAS_WORD = /[\p{L}\p{N}]/u;
