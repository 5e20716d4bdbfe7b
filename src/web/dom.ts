/**
 * DOM helpers. Text from documents, questions and answers only ever becomes text nodes:
 * nothing here parses a string as HTML, so markup in a document or a question is shown,
 * never run.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: { className?: string; text?: string; attrs?: Record<string, string> } = {},
  ...children: Array<Node | string>
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.text !== undefined) node.textContent = props.text;
  for (const [k, v] of Object.entries(props.attrs ?? {})) node.setAttribute(k, v);
  for (const child of children) node.append(child);
  return node;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (!node) throw new Error(`missing #${id}`);
  return node as T;
}

/** An inline `[n]` marker: a button whose citation is looked up when it is used, so it works before the citations arrive. */
export function markerButton(n: number): HTMLButtonElement {
  return el('button', { className: 'marker', text: String(n), attrs: { type: 'button', 'aria-label': `Source ${n}`, 'data-n': String(n) } });
}

const MARKER = /\[(\d+)\]/g;
/** A marker still being typed at the end of the text so far: "[" or "[12". */
const OPEN_MARKER = /\[\d*$/;

/**
 * Answer text that arrives in pieces, shown with its `[n]` markers as buttons from the
 * moment each marker is complete. A marker cut in two by the stream is held back until
 * its closing bracket arrives, so the raw "[1]" is never on screen.
 *
 * @example
 *   const text = new MarkerText(paragraph);
 *   text.append('It launched in 2024 [');
 *   text.append('1].');   // "It launched in 2024 " then a button "1", then "."
 */
export class MarkerText {
  private text = '';
  private shown = 0;

  constructor(readonly node: HTMLElement) {}

  /** Everything received so far, markers included. */
  get value(): string {
    return this.text;
  }

  append(piece: string): void {
    this.text += piece;
    const rest = this.text.slice(this.shown);
    const open = OPEN_MARKER.exec(rest);
    this.render(open ? rest.slice(0, open.index) : rest);
  }

  /** The stream is over: whatever was held back is plain text after all. */
  finish(): void {
    this.render(this.text.slice(this.shown));
  }

  /** Markers that name no citation go back to being text. */
  keepOnly(hasCitation: (n: number) => boolean): void {
    for (const button of this.node.querySelectorAll<HTMLButtonElement>('button.marker')) {
      if (!hasCitation(Number(button.dataset.n))) button.replaceWith(`[${button.dataset.n}]`);
    }
    this.node.normalize();
  }

  private render(chunk: string): void {
    if (!chunk) return;
    this.shown += chunk.length;
    let last = 0;
    for (const m of chunk.matchAll(MARKER)) {
      this.node.append(chunk.slice(last, m.index), markerButton(Number(m[1])));
      last = m.index + m[0].length;
    }
    this.node.append(chunk.slice(last));
  }
}

/** Answer text without its markers, for reading aloud. */
export function withoutMarkers(text: string): string {
  return text.replace(/\s*\[\d+\]/g, '');
}

/**
 * `text` on one line (runs of white space made single), cut to at most `max` characters
 * at the end of a word, with an ellipsis when anything was cut. A word longer than half
 * the room is cut where it must be.
 *
 * @example
 *   clipAtWord('The NISAR satellite will map the Earth', 22); // "The NISAR satellite…"
 */
export function clipAtWord(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const space = flat.lastIndexOf(' ', max);
  const end = space > max / 2 ? space : max;
  // "…" after a comma or an opening bracket reads as a typo.
  return `${flat.slice(0, end).replace(/[\s,;:.([“‘"'\-–—]+$/, '')}…`;
}

/** Enter sends what is typed, Shift+Enter starts a new line, and Enter that ends an input-method composition does neither. */
export function submitOnEnter(area: HTMLTextAreaElement, submit: () => void): void {
  area.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  });
}
