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

/**
 * Renders answer text with its `[n]` markers as buttons that open the citation.
 * Markers without a citation stay plain text.
 */
export function answerWithMarkers(text: string, hasCitation: (n: number) => boolean, open: (n: number, button: HTMLButtonElement) => void): DocumentFragment {
  const fragment = document.createDocumentFragment();
  let last = 0;
  for (const m of text.matchAll(/\[(\d+)\]/g)) {
    const n = Number(m[1]);
    if (!hasCitation(n)) continue;
    fragment.append(text.slice(last, m.index));
    const button = el('button', { className: 'marker', text: String(n), attrs: { type: 'button', 'aria-label': `Source ${n}`, 'data-n': String(n) } });
    button.addEventListener('click', () => open(n, button));
    fragment.append(button);
    last = m.index + m[0].length;
  }
  fragment.append(text.slice(last));
  return fragment;
}
