/**
 * Turns one block of inline Markdown (with the odd HTML tag) into plain text:
 * emphasis markers, links, tags and backslash escapes are removed, entities decoded,
 * and white space (including hard-wrap newlines) folded to single spaces.
 */

// Escaped characters are swapped for private-use code points while markup is stripped,
// so that `\*\*` or `\$` is never mistaken for emphasis or anything else.
const ESCAPABLE = '\\`*_{}[]()#+-.!$<>|~"\'';
const PRIVATE_BASE = 0xe000;

function protectEscapes(text: string): string {
  return text.replace(/\\(.)/g, (whole, ch: string) => {
    const i = ESCAPABLE.indexOf(ch);
    return i >= 0 ? String.fromCharCode(PRIVATE_BASE + i) : whole;
  });
}

function restoreEscapes(text: string): string {
  return text.replace(/[\ue000-\ue0ff]/g, (ch) => ESCAPABLE[ch.charCodeAt(0) - PRIVATE_BASE] ?? ch);
}

const NAMED_ENTITIES: Record<string, string> = {
  amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—',
  lsquo: '‘', rsquo: '’', ldquo: '“', rdquo: '”', hellip: '…', copy: '©', reg: '®',
};

/** Decodes the HTML entities that occur in ordinary prose. Unknown ones are kept as written. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[name.toLowerCase()] ?? whole;
  });
}

/** Folds runs of white space (including no-break spaces and newlines) into one space. */
export function foldSpaces(text: string): string {
  return text.replace(/[\s\u00a0]+/g, ' ').trim();
}

/** Removes HTML tags, keeping their inner text (`21<sup>st</sup>` → `21st`). */
export function stripTags(text: string): string {
  return text.replace(/<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>/g, '');
}

/** Plain text of an inline Markdown fragment. */
export function renderInline(markdown: string): string {
  let text = protectEscapes(markdown);
  text = stripTags(text);
  // Images and links keep their visible text only; `[label](#)` placeholders become `label`.
  text = text.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1');
  text = text.replace(/\*\*([\s\S]+?)\*\*/g, '$1');
  text = text.replace(/__([\s\S]+?)__/g, '$1');
  text = text.replace(/(^|[^\w*])\*(?=\S)([\s\S]*?\S)\*(?![\w*])/g, '$1$2');
  text = text.replace(/(^|[^\w])_(?=\S)([\s\S]*?\S)_(?!\w)/g, '$1$2');
  text = text.replace(/`([^`]+)`/g, '$1');
  return foldSpaces(decodeEntities(restoreEscapes(text)));
}

/** True when the whole fragment is one bold span, which Markdown authors use as a heading. */
export function isBoldLine(markdown: string): boolean {
  const t = markdown.trim();
  return /^\*\*[\s\S]+\*\*$/.test(t) && !t.slice(2, -2).includes('**');
}
