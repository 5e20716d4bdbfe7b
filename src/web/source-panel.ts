import { getJson, type DocumentFull } from './api.js';
import { byId, el } from './dom.js';

const cache = new Map<string, Promise<DocumentFull>>();

/** Fetches a document once per page load. */
export function loadDocument(docId: string): Promise<DocumentFull> {
  let doc = cache.get(docId);
  if (!doc) {
    doc = getJson<DocumentFull>(`/api/documents/${encodeURIComponent(docId)}`);
    doc.catch(() => cache.delete(docId));
    cache.set(docId, doc);
  }
  return doc;
}

/** Forgets fetched documents: after a re-index, a document may have changed. */
export function forgetDocuments(): void {
  cache.clear();
}

/** A quoted range of a document: a citation, a related passage or a piece of evidence. */
export interface Passage {
  docId: string;
  start: number;
  end: number;
  /** For a paged document (PDF): the page on which the quote starts. */
  page?: number;
}

let returnFocus: HTMLElement | null = null;
/** The passages of the answer being read, for previous/next. */
let trail: { passages: Passage[]; index: number } | null = null;
/** Which call to show a document is the latest: a slower earlier fetch must not overwrite it. */
let showing = 0;

/** Markdown at the start of a line: a list bullet or heading hashes, and the spaces after it. */
const LINE_SYNTAX = /^([ \t]*)([-*+]|#{1,6})[ \t]+/;

/**
 * Nodes for text.slice(from, to) with a line's Markdown bullet or heading hashes in spans
 * that the style sheet draws as a bullet or hides. The characters stay in the text, so
 * offsets into the document still count them and a copied passage is the source's.
 */
function decorated(text: string, from: number, to: number): Array<Node | string> {
  const out: Array<Node | string> = [];
  for (let i = from; i < to; ) {
    const lineStart = i === 0 ? 0 : text.lastIndexOf('\n', i - 1) + 1;
    const newline = text.indexOf('\n', i);
    const lineEnd = newline < 0 ? text.length : newline;
    const end = Math.min(to, lineEnd + 1);
    const m = LINE_SYNTAX.exec(text.slice(lineStart, lineEnd));
    if (!m) {
      out.push(text.slice(i, end));
    } else {
      const syntaxStart = lineStart + m[1]!.length;
      const syntaxEnd = lineStart + m[0].length;
      const heading = m[2]!.startsWith('#');
      if (i < syntaxStart) out.push(text.slice(i, Math.min(syntaxStart, end)));
      if (Math.max(i, syntaxStart) < Math.min(syntaxEnd, end)) {
        out.push(el('span', { className: heading ? 'md-hashes' : 'md-bullet', text: text.slice(Math.max(i, syntaxStart), Math.min(syntaxEnd, end)) }));
      }
      const rest = text.slice(Math.max(i, syntaxEnd), end);
      if (rest) out.push(heading ? el('span', { className: 'md-heading', text: rest }) : rest);
    }
    i = end;
  }
  return out;
}

function setTrail(passages: Passage[] | undefined, index: number): void {
  trail = passages && passages.length > 1 ? { passages, index } : null;
  const nav = byId('source-nav');
  nav.hidden = !trail;
  if (!trail) return;
  byId('source-position').textContent = `Source ${index + 1} of ${passages!.length}`;
  byId<HTMLButtonElement>('source-prev').disabled = index === 0;
  byId<HTMLButtonElement>('source-next').disabled = index === passages!.length - 1;
}

/**
 * Shows a document in the side panel. With a range, exactly text[start, end) is
 * highlighted and scrolled into view; the rest stays plain text. A range into a PDF
 * carries its page, which is shown beside the date: the reader may want the original.
 */
export async function showSource(docId: string, range?: Omit<Passage, 'docId'>, opener?: HTMLElement, moveFocus = true): Promise<void> {
  const panel = byId('source-panel');
  const title = byId('source-title');
  const meta = byId('source-meta');
  const body = byId('source-text');
  const call = ++showing;
  if (opener !== undefined || panel.hidden) returnFocus = opener ?? (document.activeElement as HTMLElement | null);
  panel.hidden = false;
  document.dispatchEvent(new CustomEvent('drawerchange'));
  title.textContent = 'Loading…';
  meta.replaceChildren();
  body.replaceChildren();
  let doc: DocumentFull;
  try {
    doc = await loadDocument(docId);
  } catch (err) {
    if (call !== showing) return;
    title.textContent = 'Could not open the document';
    body.replaceChildren(el('p', { className: 'error', text: (err as Error).message }));
    return;
  }
  if (call !== showing) return;
  title.textContent = doc.title;
  const parts: Array<Node | string> = [];
  const add = (part: Node | string) => parts.push(...(parts.length ? [' · '] : []), part);
  if (doc.publisher) add(doc.publisher);
  // A date never breaks at its hyphens.
  if (doc.date) add(el('span', { className: 'nowrap', text: doc.date }));
  if (range?.page !== undefined) add(el('span', { className: 'nowrap', text: `page ${range.page}` }));
  if (doc.sourceUrl && /^https?:\/\//i.test(doc.sourceUrl)) add(el('a', { text: 'Original source', attrs: { href: doc.sourceUrl, target: '_blank', rel: 'noopener noreferrer' } }));
  meta.replaceChildren(...parts);
  if (range && range.start >= 0 && range.end <= doc.text.length && range.start < range.end) {
    const mark = el('mark', { attrs: { id: 'cited-passage' } }, ...decorated(doc.text, range.start, range.end));
    body.replaceChildren(...decorated(doc.text, 0, range.start), mark, ...decorated(doc.text, range.end, doc.text.length));
    mark.scrollIntoView({ block: 'center' });
  } else {
    body.replaceChildren(...decorated(doc.text, 0, doc.text.length));
    body.scrollTop = 0;
  }
  if (moveFocus) title.focus();
}

/** Shows one of an answer's passages, with previous/next through the others. */
export function showPassage(passages: Passage[], index: number, opener?: HTMLElement): Promise<void> {
  setTrail(passages, index);
  const p = passages[index]!;
  return showSource(p.docId, p, opener);
}

/** A whole document, opened from the list: no passage to step through. */
export function showDocument(docId: string, opener?: HTMLElement): Promise<void> {
  setTrail(undefined, 0);
  return showSource(docId, undefined, opener);
}

function step(by: number): void {
  if (!trail) return;
  const index = trail.index + by;
  const p = trail.passages[index];
  if (!p) return;
  setTrail(trail.passages, index);
  // Focus stays on the button, so that Next can be pressed again.
  void showSource(p.docId, p, undefined, false);
  // At either end the pressed button is disabled: focus its twin instead of losing it.
  const pressed = byId<HTMLButtonElement>(by < 0 ? 'source-prev' : 'source-next');
  if (pressed.disabled) byId<HTMLButtonElement>(by < 0 ? 'source-next' : 'source-prev').focus();
}

byId('source-prev').addEventListener('click', () => step(-1));
byId('source-next').addEventListener('click', () => step(1));

export function sourceOpen(): boolean {
  return !byId('source-panel').hidden;
}

export function closeSource(): void {
  const panel = byId('source-panel');
  if (panel.hidden) return;
  panel.hidden = true;
  document.dispatchEvent(new CustomEvent('drawerchange'));
  returnFocus?.focus();
}
