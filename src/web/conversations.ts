/**
 * The saved conversations in the sidebar, newest first: open one, rename it in place, or
 * delete it after a confirmation. The page itself opens and draws a conversation; this
 * file keeps the list.
 */
import { ApiError, deleteConversation, errorText, listConversations, renameConversation, type ConversationSummary } from './api.js';
import { byId, el } from './dom.js';

/** What the list asks of the page. */
export interface ConversationHooks {
  /** Opens a conversation in the thread. */
  open(id: string): void;
  /** The conversation on screen, if any. */
  current(): string | undefined;
  /** A conversation was deleted (the page starts afresh if it was on screen). */
  deleted(id: string): void;
}

const section = byId('conversations');
const list = byId<HTMLUListElement>('conversation-list');
const empty = byId('no-conversations');
const errorLine = byId('conversation-error');
const moreCue = byId('more-conversations');
const dialog = byId<HTMLDialogElement>('confirm-conversation');
let hooks: ConversationHooks;
let shown: ConversationSummary[] = [];
/** Set while a title is being edited: a refresh then would throw the edit away. */
let editing = false;
let refreshAgain = false;

function showError(text: string | undefined): void {
  errorLine.hidden = !text;
  errorLine.textContent = text ?? '';
}

/** "14:05" today, the date otherwise: enough to tell conversations apart. */
function when(iso: string): string {
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  const today = new Date().toDateString() === at.toDateString();
  return today ? at.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' }) : at.toLocaleDateString();
}

/** A row of the list and the parts of it that a refresh rewrites. */
interface Row {
  item: HTMLLIElement;
  open: HTMLButtonElement;
  rename: HTMLButtonElement;
  remove: HTMLButtonElement;
  time: HTMLSpanElement;
  turns: Text;
}
const rows = new Map<string, Row>();

/** The conversation as last listed: a row's buttons act on its current title and turn count. */
const summaryOf = (id: string) => shown.find((s) => s.id === id);

function newRow(id: string): Row {
  const open = el('button', { className: 'conversation-open', attrs: { type: 'button', 'data-id': id } });
  open.addEventListener('click', () => hooks.open(id));
  const rename = el('button', { text: 'Rename', attrs: { type: 'button' } });
  const remove = el('button', { className: 'danger-link', text: 'Delete', attrs: { type: 'button' } });
  const time = el('span', { className: 'nowrap' });
  const turns = document.createTextNode('');
  const item = el('li', { className: 'conversation', attrs: { 'data-id': id } }, open, el('span', { className: 'conversation-meta' }, time, turns), el('span', { className: 'conversation-actions' }, rename, remove));
  rename.addEventListener('click', () => {
    const c = summaryOf(id);
    if (c) startRename(item, open, c);
  });
  remove.addEventListener('click', () => {
    const c = summaryOf(id);
    if (c) void confirmDelete(c);
  });
  return { item, open, rename, remove, time, turns };
}

/**
 * Draws the list, keeping the row of each conversation still listed and rewriting only
 * its text: the list is fetched again after every answer, and a row rebuilt each time
 * would drop the pointer's hover and the keyboard's focus on its Rename or Delete.
 */
function render(): void {
  empty.hidden = shown.length > 0;
  for (const id of rows.keys()) if (!shown.some((c) => c.id === id)) rows.delete(id);
  const wanted = shown.map((c) => {
    let row = rows.get(c.id);
    if (!row) rows.set(c.id, (row = newRow(c.id)));
    const setText = (node: Node, text: string) => node.textContent !== text && (node.textContent = text);
    setText(row.open, c.title);
    row.rename.setAttribute('aria-label', `Rename “${c.title}”`);
    row.remove.setAttribute('aria-label', `Delete “${c.title}”`);
    setText(row.time, when(c.updatedAt));
    setText(row.turns, ` · ${c.turnCount} ${c.turnCount === 1 ? 'turn' : 'turns'}`);
    return row.item;
  });
  const children = [...list.children];
  if (wanted.length !== children.length || wanted.some((item, i) => item !== children[i])) {
    // Moving a row takes the focus off it: put the focus back where it was.
    const focused = list.contains(document.activeElement) ? (document.activeElement as HTMLElement) : null;
    list.replaceChildren(...wanted);
    if (focused?.isConnected && document.activeElement !== focused) focused.focus();
  }
  markCurrent();
  showOverflow();
}

/**
 * Marks the edges of the list that have more rows beyond them (`data-more`), which the
 * style sheet fades, with a line under the list saying it scrolls: a row cut in half is
 * otherwise the only hint.
 */
function showOverflow(): void {
  const more = [list.scrollTop > 1 ? 'above' : '', list.scrollTop + list.clientHeight < list.scrollHeight - 1 ? 'below' : ''].filter(Boolean).join(' ');
  if (more) list.dataset.more = more;
  else delete list.dataset.more;
  moreCue.hidden = !more.includes('below');
}

/** Fetches the list again; a server without saved conversations hides the section. */
export async function refreshConversations(): Promise<void> {
  if (editing) {
    refreshAgain = true;
    return;
  }
  try {
    shown = await listConversations();
    section.hidden = false;
    showError(undefined);
    render();
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) section.hidden = true;
    else showError(`Could not list the conversations: ${errorText(err)}`);
  }
}

/** Marks the conversation on screen in the list. */
export function markCurrent(): void {
  const current = hooks.current();
  for (const item of list.querySelectorAll<HTMLLIElement>('li.conversation')) {
    const here = item.dataset.id === current;
    // The row is marked even while its title button is swapped for the rename form.
    item.classList.toggle('current', here);
    const button = item.querySelector('.conversation-open');
    if (here) button?.setAttribute('aria-current', 'page');
    else button?.removeAttribute('aria-current');
  }
}

/** The title becomes a text box: Enter saves, Escape cancels. */
function startRename(item: HTMLLIElement, open: HTMLButtonElement, c: ConversationSummary): void {
  editing = true;
  const input = el('input', { attrs: { type: 'text', maxlength: '200', 'aria-label': 'New title' } });
  input.value = c.title;
  const save = el('button', { text: 'Save', attrs: { type: 'submit' } });
  const cancel = el('button', { text: 'Cancel', attrs: { type: 'button' } });
  const form = el('form', { className: 'rename-form' }, input, el('span', { className: 'rename-buttons' }, save, cancel));
  const done = (focus: boolean) => {
    editing = false;
    if (refreshAgain) {
      refreshAgain = false;
      void refreshConversations();
    }
    if (focus) list.querySelector<HTMLButtonElement>(`.conversation-open[data-id="${CSS.escape(c.id)}"]`)?.focus();
  };
  const stop = () => {
    form.replaceWith(open);
    item.classList.remove('renaming');
    done(true);
  };
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const title = input.value.trim();
    if (!title || title === c.title) return stop();
    try {
      const updated = await renameConversation(c.id, title);
      shown = shown.map((s) => (s.id === c.id ? { ...s, ...updated } : s));
      showError(undefined);
      // The row is kept: its title button comes back, with the new title.
      form.replaceWith(open);
      item.classList.remove('renaming');
      editing = false;
      render();
      done(true);
    } catch (err) {
      showError(`Could not rename: ${errorText(err)}`);
    }
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') {
      // The page's own Escape (stop, close a drawer) is not meant here.
      e.stopPropagation();
      stop();
    }
  });
  cancel.addEventListener('click', stop);
  item.classList.add('renaming');
  open.replaceWith(form);
  input.focus();
  input.select();
}

async function confirmDelete(c: ConversationSummary): Promise<void> {
  byId('confirm-conversation-text').textContent = `“${c.title}” and its ${c.turnCount} ${c.turnCount === 1 ? 'turn' : 'turns'} will be deleted. This cannot be undone.`;
  dialog.returnValue = '';
  dialog.showModal();
  await new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
  if (dialog.returnValue !== 'delete') return;
  try {
    await deleteConversation(c.id);
  } catch (err) {
    // Already gone is what was asked for.
    if (!(err instanceof ApiError && err.status === 404)) return showError(`Could not delete: ${errorText(err)}`);
  }
  showError(undefined);
  shown = shown.filter((s) => s.id !== c.id);
  render();
  hooks.deleted(c.id);
  byId('conversations-heading').focus();
}

export function startConversations(given: ConversationHooks): void {
  hooks = given;
  list.addEventListener('scroll', showOverflow, { passive: true });
  // The list's height changes with the window and when the phone's drawer opens.
  new ResizeObserver(showOverflow).observe(list);
  void refreshConversations();
}
