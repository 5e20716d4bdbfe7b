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
let passageShown: (passage: Passage | null) => void = () => {};

/** Calls `listener` with the passage shown in the panel whenever it changes (null: none, or a whole document). */
export function onPassageShown(listener: (passage: Passage | null) => void): void {
  passageShown = listener;
}
/** The passages of the answer being read, for previous/next. */
let trail: { passages: Passage[]; index: number } | null = null;
/** Which call to show a document is the latest: a slower earlier fetch must not overwrite it. */
let showing = 0;

/** Markdown at the start of a line: a list bullet or heading hashes, and the spaces after it. */
const LINE_SYNTAX = /^([ \t]*)([-*+]|#{1,6})[ \t]+/;

/**
 * Nodes for text.slice(from, to) with a line's Markdown bullet or heading hashes in spans
 * that the style sheet draws as a bullet or hides, and a list item's indentation in a span
 * its block hides (it indents by its depth instead). The characters stay in the text, so
 * offsets into the document still count them and a copied passage is the source's.
 */
function decorated(text: string, from: number, to: number): Array<Node | string> {
  const out: Array<Node | string> = [];
  const span = (className: string, a: number, b: number) => {
    if (a < b) out.push(el('span', { className, text: text.slice(a, b) }));
  };
  for (let i = from; i < to; ) {
    const line = lineAt(text, i);
    const end = Math.min(to, line.next);
    const m = line.syntax;
    if (!m) {
      out.push(text.slice(i, end));
    } else {
      const syntaxStart = line.start + m[1]!.length;
      const syntaxEnd = line.start + m[0].length;
      const heading = m[2]!.startsWith('#');
      if (heading) out.push(text.slice(i, Math.min(syntaxStart, end)));
      else span('md-indent', i, Math.min(syntaxStart, end));
      span(heading ? 'md-hashes' : 'md-bullet', Math.max(i, syntaxStart), Math.min(syntaxEnd, end));
      const rest = text.slice(Math.max(i, syntaxEnd), end);
      if (rest) out.push(heading ? el('span', { className: 'md-heading', text: rest }) : rest);
    }
    i = end;
  }
  return out;
}

/** The line holding offset `at`: where it starts, where the next begins, and its Markdown syntax. */
function lineAt(text: string, at: number): { start: number; next: number; syntax: RegExpExecArray | null } {
  const start = at === 0 ? 0 : text.lastIndexOf('\n', at - 1) + 1;
  const newline = text.indexOf('\n', start);
  const end = newline < 0 ? text.length : newline;
  return { start, next: newline < 0 ? text.length : newline + 1, syntax: LINE_SYNTAX.exec(text.slice(start, end)) };
}

const isItem = (line: ReturnType<typeof lineAt>) => line.syntax !== null && !line.syntax[2]!.startsWith('#');

/**
 * A list item as a block of its own, indented by its depth, with a hanging indent so that
 * its wrapped lines start under its text rather than under its bullet. `inner` draws the
 * item's text, which may hold the highlighted passage.
 */
function itemBlock(line: ReturnType<typeof lineAt>, inner: Array<Node | string>): HTMLElement {
  const indent = line.syntax![1]!.replace(/\t/g, '    ').length;
  return el('span', { className: `md-item depth-${Math.min(3, Math.round(indent / 2))}` }, ...inner);
}

/**
 * Nodes for text.slice(from, to) line by line: each list item wholly inside the range is
 * a block (see `itemBlock`), and the rest flows as text, as an item cut by the range's
 * ends does.
 */
function lines(text: string, from: number, to: number): Array<Node | string> {
  const out: Array<Node | string> = [];
  for (let i = from; i < to; ) {
    const line = lineAt(text, i);
    const end = Math.min(to, line.next);
    if (isItem(line) && i === line.start && end === line.next) out.push(itemBlock(line, decorated(text, i, end)));
    else out.push(...decorated(text, i, end));
    i = end;
  }
  return out;
}

/**
 * The document's text with exactly text[start, end) in one `mark`. A passage inside one
 * list item (the usual quote) is marked inside that item's block; one that crosses lines
 * holds their blocks, and an item it cuts in two flows as text.
 */
function withPassage(text: string, start: number, end: number): { nodes: Array<Node | string>; mark: HTMLElement } {
  const first = lineAt(text, start);
  const last = lineAt(text, end - 1);
  if (first.start === last.start && isItem(first)) {
    const mark = el('mark', { attrs: { id: 'cited-passage' } }, ...decorated(text, start, end));
    const item = itemBlock(first, [...decorated(text, first.start, start), mark, ...decorated(text, end, first.next)]);
    return { nodes: [...lines(text, 0, first.start), item, ...lines(text, first.next, text.length)], mark };
  }
  const mark = el('mark', { attrs: { id: 'cited-passage' } }, ...lines(text, start, end));
  return { nodes: [...lines(text, 0, start), mark, ...lines(text, end, text.length)], mark };
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
    const { nodes, mark } = withPassage(doc.text, range.start, range.end);
    body.replaceChildren(...nodes);
    mark.scrollIntoView({ block: 'center' });
  } else {
    body.replaceChildren(...lines(doc.text, 0, doc.text.length));
    body.scrollTop = 0;
  }
  if (moveFocus) title.focus();
}

/** Shows one of an answer's passages, with previous/next through the others. */
export function showPassage(passages: Passage[], index: number, opener?: HTMLElement): Promise<void> {
  setTrail(passages, index);
  const p = passages[index]!;
  passageShown(p);
  return showSource(p.docId, p, opener);
}

/** A whole document, opened from the list: no passage to step through. */
export function showDocument(docId: string, opener?: HTMLElement): Promise<void> {
  setTrail(undefined, 0);
  passageShown(null);
  return showSource(docId, undefined, opener);
}

function step(by: number): void {
  if (!trail) return;
  const index = trail.index + by;
  const p = trail.passages[index];
  if (!p) return;
  setTrail(trail.passages, index);
  passageShown(p);
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
  passageShown(null);
  document.dispatchEvent(new CustomEvent('drawerchange'));
  returnFocus?.focus();
}
