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

let returnFocus: HTMLElement | null = null;

/**
 * Shows a document in the side panel. With a range, exactly text[start, end) is
 * highlighted and scrolled into view; the rest stays plain text. A range into a PDF
 * carries its page, which is shown beside the date: the reader may want the original.
 */
export async function showSource(docId: string, range?: { start: number; end: number; page?: number }, opener?: HTMLElement): Promise<void> {
  const panel = byId('source-panel');
  const title = byId('source-title');
  const meta = byId('source-meta');
  const body = byId('source-text');
  returnFocus = opener ?? (document.activeElement as HTMLElement | null);
  panel.hidden = false;
  title.textContent = 'Loading…';
  meta.replaceChildren();
  body.replaceChildren();
  let doc: DocumentFull;
  try {
    doc = await loadDocument(docId);
  } catch (err) {
    title.textContent = 'Could not open the document';
    body.replaceChildren(el('p', { className: 'error', text: (err as Error).message }));
    return;
  }
  title.textContent = doc.title;
  const parts: Array<Node | string> = [];
  if (doc.publisher) parts.push(doc.publisher);
  if (doc.date) parts.push(`${parts.length ? ' · ' : ''}${doc.date}`);
  if (range?.page !== undefined) parts.push(`${parts.length ? ' · ' : ''}page ${range.page}`);
  if (doc.sourceUrl && /^https?:\/\//i.test(doc.sourceUrl)) {
    parts.push(parts.length ? ' · ' : '', el('a', { text: 'Original source', attrs: { href: doc.sourceUrl, target: '_blank', rel: 'noopener noreferrer' } }));
  }
  meta.replaceChildren(...parts);
  if (range && range.start >= 0 && range.end <= doc.text.length && range.start < range.end) {
    const mark = el('mark', { text: doc.text.slice(range.start, range.end), attrs: { id: 'cited-passage' } });
    body.replaceChildren(doc.text.slice(0, range.start), mark, doc.text.slice(range.end));
    mark.scrollIntoView({ block: 'center' });
  } else {
    body.replaceChildren(doc.text);
    body.scrollTop = 0;
  }
  title.focus();
}

export function closeSource(): void {
  const panel = byId('source-panel');
  if (panel.hidden) return;
  panel.hidden = true;
  returnFocus?.focus();
}
