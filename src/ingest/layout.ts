import type { Block } from '../types.js';
import type { RawBlock } from './raw-block.js';

/**
 * Lays blocks out as one canonical plain text and records where each block sits.
 * Paragraphs and headings are separated by a blank line, consecutive list items by a
 * newline, and list items are written `- item`, indented two spaces per nesting level.
 */
export function layoutBlocks(raw: RawBlock[]): { text: string; blocks: Block[] } {
  let text = '';
  const blocks: Block[] = [];
  raw.forEach((block, i) => {
    const previous = raw[i - 1];
    const separator = i === 0 ? '' : block.kind === 'bullet' && previous?.kind === 'bullet' ? '\n' : '\n\n';
    // Indentation belongs to the separator, so that a block (and any chunk) starts at its marker.
    const indent = block.kind === 'bullet' ? '  '.repeat(block.level) : '';
    const marker = block.kind === 'bullet' ? '- ' : '';
    const start = text.length + separator.length + indent.length;
    text += separator + indent + marker + block.text;
    blocks.push({ kind: block.kind, level: block.level, start, end: text.length, contentStart: start + marker.length });
  });
  return { text, blocks };
}
