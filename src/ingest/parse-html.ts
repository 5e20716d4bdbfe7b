import type { RawBlock } from './raw-block.js';
import { decodeEntities, foldSpaces } from './inline-markdown.js';

/**
 * Reads an HTML page into blocks: headings, paragraphs and list items. Scripts, styles
 * and comments are dropped; inline markup keeps only its text. This is a tag scanner,
 * not a full parser: it only needs to find where blocks start and end.
 */

const BLOCK_TAGS = new Set([
  'p', 'div', 'section', 'article', 'main', 'header', 'footer', 'aside', 'nav', 'blockquote',
  'pre', 'table', 'tr', 'td', 'th', 'ul', 'ol', 'li', 'dl', 'dt', 'dd', 'br', 'hr', 'figure',
  'figcaption', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'body', 'html', 'form',
]);
const HAS_WORD = /[\p{L}\p{N}]/u;

export interface ParsedHtml {
  title?: string;
  blocks: RawBlock[];
}

export function parseHtmlBlocks(html: string): ParsedHtml {
  const titleMatch = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(html);
  const title = titleMatch ? foldSpaces(decodeEntities(titleMatch[1] ?? '')) : undefined;
  const cleaned = html
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<(script|style|noscript|template|svg|head)\b[\s\S]*?<\/\1\s*>/gi, '');

  const blocks: RawBlock[] = [];
  let buffer = '';
  let kind: RawBlock['kind'] = 'paragraph';
  let level = 0;
  let listDepth = 0;

  const flush = () => {
    const text = foldSpaces(decodeEntities(buffer));
    if (HAS_WORD.test(text)) blocks.push({ kind, level, text });
    buffer = '';
    kind = 'paragraph';
    level = 0;
  };

  const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g;
  let last = 0;
  for (let m = tag.exec(cleaned); m; m = tag.exec(cleaned)) {
    buffer += cleaned.slice(last, m.index);
    last = tag.lastIndex;
    const closing = m[1] === '/';
    const name = (m[2] ?? '').toLowerCase();
    if (!BLOCK_TAGS.has(name)) continue;
    flush();
    if (name === 'ul' || name === 'ol') listDepth = Math.max(0, listDepth + (closing ? -1 : 1));
    if (closing) continue;
    if (/^h[1-6]$/.test(name)) {
      kind = 'heading';
      level = Number(name[1]);
    } else if (name === 'li') {
      kind = 'bullet';
      level = Math.max(0, listDepth - 1);
    }
  }
  buffer += cleaned.slice(last);
  flush();
  return { title: title || undefined, blocks };
}
