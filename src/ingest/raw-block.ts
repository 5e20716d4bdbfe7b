import type { BlockKind } from '../types.js';

/** A block before layout: its kind, level and plain text, but no offsets yet. */
export interface RawBlock {
  kind: BlockKind;
  level: number;
  text: string;
}
