/**
 * A preview of the cited passage when an `[n]` marker is hovered or focused, so that a
 * reader can check a sentence without opening the source panel. It follows WCAG's rules
 * for content on hover: it stays while the pointer moves onto it, and Escape dismisses it.
 */
import { byId, clipAtWord, el } from './dom.js';

export interface PreviewContent {
  title: string;
  quote: string;
  page?: number;
  /** For evidence: how the passage bears on the claim. */
  stance?: string;
}

const preview = byId('citation-preview');
const HOVER_DELAY_MS = 150;
const LEAVE_DELAY_MS = 250;
const MAX_QUOTE = 320;
let anchor: HTMLButtonElement | null = null;
let timer: ReturnType<typeof setTimeout> | undefined;

function place(marker: HTMLElement): void {
  const r = marker.getBoundingClientRect();
  const w = preview.offsetWidth;
  const h = preview.offsetHeight;
  const gap = 6;
  let top = r.bottom + gap;
  if (top + h > window.innerHeight - 8 && r.top - h - gap > 8) top = r.top - h - gap;
  const left = Math.max(8, Math.min(r.left + r.width / 2 - w / 2, window.innerWidth - w - 8));
  preview.style.top = `${Math.round(top)}px`;
  preview.style.left = `${Math.round(left)}px`;
}

function show(marker: HTMLButtonElement, content: PreviewContent): void {
  clearTimeout(timer);
  if (anchor && anchor !== marker) anchor.removeAttribute('aria-describedby');
  anchor = marker;
  preview.replaceChildren(
    el('span', { className: 'preview-title', text: `[${marker.dataset.n}] ${content.title}${content.page !== undefined ? `, page ${content.page}` : ''}` }),
    ...(content.stance ? [el('span', { className: `stance ${content.stance}`, text: content.stance })] : []),
    el('span', { className: 'preview-quote', text: `“${clipAtWord(content.quote, MAX_QUOTE)}”` }),
  );
  preview.hidden = false;
  place(marker);
  marker.setAttribute('aria-describedby', preview.id);
}

/** Hides the preview; true when one was showing (so that Escape did something). */
export function hidePreview(): boolean {
  clearTimeout(timer);
  if (preview.hidden) return false;
  preview.hidden = true;
  anchor?.removeAttribute('aria-describedby');
  anchor = null;
  return true;
}

/** Previews for every marker inside `root`, now or later; `lookup` says what a marker cites (nothing until the citations arrive). */
export function startPreviews(root: HTMLElement, lookup: (marker: HTMLButtonElement) => PreviewContent | undefined): void {
  const markerOf = (target: EventTarget | null) => (target instanceof Element ? target.closest<HTMLButtonElement>('button.marker') : null);
  const open = (marker: HTMLButtonElement) => {
    const content = lookup(marker);
    if (content) show(marker, content);
  };
  root.addEventListener('mouseover', (e) => {
    const marker = markerOf(e.target);
    if (!marker) return;
    clearTimeout(timer);
    timer = setTimeout(() => open(marker), marker === anchor ? 0 : HOVER_DELAY_MS);
  });
  root.addEventListener('mouseout', (e) => {
    if (!markerOf(e.target)) return;
    clearTimeout(timer);
    timer = setTimeout(hidePreview, LEAVE_DELAY_MS);
  });
  root.addEventListener('focusin', (e) => {
    const marker = markerOf(e.target);
    if (marker) open(marker);
  });
  root.addEventListener('focusout', (e) => {
    if (markerOf(e.target)) hidePreview();
  });
  root.addEventListener('click', (e) => {
    if (markerOf(e.target)) hidePreview();
  });
  preview.addEventListener('mouseenter', () => clearTimeout(timer));
  preview.addEventListener('mouseleave', () => {
    timer = setTimeout(hidePreview, LEAVE_DELAY_MS);
  });
  // A preview left behind by a scroll would point at nothing.
  root.addEventListener('scroll', () => hidePreview(), { capture: true, passive: true });
}
