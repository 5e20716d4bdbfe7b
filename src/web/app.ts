import { ApiError, errorText, getConversation, getJson, sendFeedback, streamChat, verifyClaim, type DocumentSummary } from './api.js';
import { markCurrent, refreshConversations, startConversations } from './conversations.js';
import { byId, el, submitOnEnter } from './dom.js';
import { documentActions, startDocumentChanges } from './documents.js';
import { closeSidebar, closeTopDrawer, NARROW, startDrawers } from './drawers.js';
import { hidePreview, startPreviews } from './preview.js';
import { closeSource, forgetDocuments, showDocument } from './source-panel.js';
import { startThemeToggle } from './theme.js';
import { markerPreview, Turn, type Mode, type TurnHooks } from './turns.js';

/** The chat page: conversation, streaming answers, citations, the document list and filter. */

const state = {
  mode: 'ask' as Mode,
  conversationId: undefined as string | undefined,
  documents: [] as DocumentSummary[],
  selected: new Set<string>(),
  /** Every answer asked for and not yet complete: the one arriving and those queued behind it. */
  pending: new Set<AbortController>(),
  /** Questions are answered one after another: a follow-up needs the answer before it. */
  queue: Promise.resolve(),
  turns: [] as Turn[],
};

const messages = byId<HTMLOListElement>('messages');
const form = byId<HTMLFormElement>('composer');
const input = byId<HTMLTextAreaElement>('question');
const stop = byId<HTMLButtonElement>('stop');
const examples = byId('examples');
const status = byId('status');
const announcer = byId('announcer');

/** Only finished answers, stops and copies are announced; streaming text is not read out piece by piece. */
function announce(text: string): void {
  // Cleared first, so that the same words twice are announced twice.
  announcer.textContent = '';
  setTimeout(() => (announcer.textContent = text), 50);
}

function syncBusy(): void {
  stop.hidden = state.pending.size === 0;
}

function scrollToEnd(): void {
  messages.scrollTop = messages.scrollHeight;
}

function showBanner(text: string | undefined): void {
  status.hidden = !text;
  status.textContent = text ?? '';
}

/** Stops the answer arriving and every queued one. */
function stopAll(): void {
  for (const controller of state.pending) controller.abort();
}

const hooks: TurnHooks = {
  regenerate: (turn) => replaceFrom(turn, turn.input),
  resend: (turn, text) => replaceFrom(turn, text),
  retry: (turn) => replaceFrom(turn, turn.input),
  announce,
  feedback: (turn, rating, comment) => sendFeedback({ conversationId: turn.conversationId!, turnId: turn.id!, rating, ...(comment ? { comment } : {}) }),
};

/** Drops a turn and every later one from the thread, then asks `text` in its place. */
function replaceFrom(turn: Turn, text: string): void {
  stopAll();
  const at = state.turns.indexOf(turn);
  if (at < 0) return;
  // The first saved turn from here on is the one the server replaces, with all after it.
  const replaceTurnId = state.turns.slice(at).find((t) => t.id)?.id;
  for (const t of state.turns.splice(at)) t.li.remove();
  if (input.value.trim() === text) input.value = '';
  send(turn.mode, text, replaceTurnId);
}

/** Adds a turn to the thread and answers it once those before it are done. */
function send(mode: Mode, text: string, replaceTurnId?: string): void {
  examples.hidden = true;
  const controller = new AbortController();
  const turn = new Turn(mode, text, hooks, state.pending.size > 0);
  state.pending.add(controller);
  state.turns.push(turn);
  messages.append(turn.li);
  syncBusy();
  scrollToEnd();
  const previous = state.queue;
  state.queue = (async () => {
    await previous;
    try {
      if (controller.signal.aborted) throw new DOMException('Stopped', 'AbortError');
      turn.start();
      await (mode === 'verify' ? check(turn, controller.signal, replaceTurnId) : ask(turn, controller.signal, replaceTurnId));
      showBanner(undefined);
    } catch (err) {
      // A turn dropped by "New chat", regenerate or edit is gone: nothing to show or keep.
      if (turn.li.isConnected) {
        turn.fail(err);
        // The question is kept: after a stop or an error it is in the composer, ready to send again.
        if (!input.value.trim()) input.value = text;
        // The list follows a conversation the server started before the stop or the error.
        if (state.conversationId) void refreshConversations();
      }
    } finally {
      state.pending.delete(controller);
      syncBusy();
      scrollToEnd();
    }
  })();
}

async function ask(turn: Turn, signal: AbortSignal, replaceTurnId?: string): Promise<void> {
  await streamChat(
    {
      question: turn.input,
      ...(state.conversationId ? { conversationId: state.conversationId } : {}),
      ...(state.selected.size ? { docIds: [...state.selected] } : {}),
      ...(replaceTurnId ? { replaceTurnId } : {}),
    },
    {
      onMeta(meta) {
        enterConversation(meta.conversationId);
        turn.rewritten(meta.standaloneQuestion);
      },
      onDelta(piece) {
        turn.delta(piece);
        scrollToEnd();
      },
      onCitations(parts) {
        turn.citations(parts);
      },
      onDone(done) {
        turn.done(done.turnId ? { conversationId: done.conversationId, turnId: done.turnId } : undefined);
        void refreshConversations();
      },
    },
    signal,
  );
}

async function check(turn: Turn, signal: AbortSignal, replaceTurnId?: string): Promise<void> {
  const result = await verifyClaim(
    {
      claim: turn.input,
      ...(state.conversationId ? { conversationId: state.conversationId } : {}),
      ...(state.selected.size ? { docIds: [...state.selected] } : {}),
      ...(replaceTurnId ? { replaceTurnId } : {}),
    },
    signal,
  );
  enterConversation(result.conversationId);
  turn.verdict(result, { conversationId: result.conversationId, turnId: result.turnId });
  void refreshConversations();
}

/** The address of a conversation: reloading it, or sharing it, opens the conversation again. */
function urlFor(id: string | undefined): string {
  const url = new URL(window.location.href);
  if (id) url.searchParams.set('c', id);
  else url.searchParams.delete('c');
  return url.pathname + url.search + url.hash;
}

/** The conversation the server put this turn in; a new one gets its own address. */
function enterConversation(id: string): void {
  if (id === state.conversationId) return;
  state.conversationId = id;
  // A new conversation replaces the blank page's entry, rather than adding one to go back to.
  history.replaceState(null, '', urlFor(id));
  markCurrent();
  // Listed (and marked as the current one) while its first answer still arrives.
  void refreshConversations();
}

/** Shows a saved conversation, every turn drawn with its citations, feedback and actions. */
let opening = 0;

async function openConversation(id: string, addToHistory = true): Promise<void> {
  stopAll();
  const call = ++opening;
  let saved;
  try {
    saved = await getConversation(id);
    // Another conversation was asked for meanwhile: that one is shown.
    if (call !== opening) return;
  } catch (err) {
    if (call !== opening) return;
    showBanner(err instanceof ApiError && err.status === 404 ? 'That conversation is not here: it was deleted, or saved from another browser or API key.' : `Could not open the conversation: ${errorText(err)}`);
    if (addToHistory === false) history.replaceState(null, '', urlFor(undefined));
    return;
  }
  showBanner(undefined);
  clearThread();
  state.conversationId = saved.id;
  for (const t of saved.turns) {
    const turn = new Turn(t.mode, t.input, hooks);
    const where = { conversationId: saved.id, turnId: t.id, feedback: t.feedback };
    if (t.mode === 'verify') turn.verdict(t.result, where, false);
    else turn.answer(t.result.answer, t.result, t.result.standaloneQuestion, where);
    state.turns.push(turn);
    messages.append(turn.li);
  }
  examples.hidden = true;
  if (addToHistory) history.pushState(null, '', urlFor(saved.id));
  markCurrent();
  // The composer carries on as the conversation left off: a claim check after a claim check.
  const last = saved.turns.at(-1);
  if (last && last.mode !== state.mode) setMode(last.mode);
  if (NARROW.matches) closeSidebar();
  scrollToEnd();
  input.focus();
}

function clearThread(): void {
  state.conversationId = undefined;
  state.turns = [];
  messages.replaceChildren();
  closeSource();
}

/** A blank conversation; the next question starts a new saved one. */
function newChat(addToHistory = true): void {
  stopAll();
  clearThread();
  examples.hidden = byId('example-list').children.length === 0;
  if (addToHistory && new URL(window.location.href).searchParams.has('c')) history.pushState(null, '', urlFor(undefined));
  markCurrent();
  input.focus();
}

window.addEventListener('popstate', () => {
  const id = new URL(window.location.href).searchParams.get('c');
  if (id) void openConversation(id, false);
  else newChat(false);
});

function submit(): void {
  const text = input.value.trim();
  if (!text) return;
  input.value = '';
  // The question kept after a stop or an error, sent as it was: it replaces the unanswered turn rather than repeating it.
  const last = state.turns.at(-1);
  if (last?.unanswered && last.mode === state.mode && last.input === text) return replaceFrom(last, text);
  send(state.mode, text);
}

/** On a phone there is no Shift key to speak of, and the claim hint must fit one line. */
function placeholder(mode: Mode): string {
  if (NARROW.matches) return mode === 'verify' ? 'Paste a claim to check…' : 'Ask a question…';
  return mode === 'verify' ? 'Paste a claim to check, e.g. a sentence from an article… (Enter to check)' : 'Ask a question… (Enter to send, Shift+Enter for a new line)';
}

function setMode(mode: Mode): void {
  state.mode = mode;
  byId('mode-ask').setAttribute('aria-pressed', String(mode === 'ask'));
  byId('mode-verify').setAttribute('aria-pressed', String(mode === 'verify'));
  input.placeholder = placeholder(mode);
  byId('question-label').textContent = mode === 'verify' ? 'Your claim' : 'Your question';
  byId('send').textContent = mode === 'verify' ? 'Check' : 'Send';
  input.focus();
}
byId('mode-ask').addEventListener('click', () => setMode('ask'));
byId('mode-verify').addEventListener('click', () => setMode('verify'));
NARROW.addEventListener('change', () => (input.placeholder = placeholder(state.mode)));

form.addEventListener('submit', (e) => {
  e.preventDefault();
  submit();
});
submitOnEnter(input, submit);
stop.addEventListener('click', () => {
  stopAll();
  input.focus();
});
document.addEventListener('keydown', (e) => {
  // An open dialog closes itself on Escape.
  if (e.key !== 'Escape' || document.querySelector('dialog[open]')) return;
  if (hidePreview()) return;
  if (state.pending.size) stopAll();
  else closeTopDrawer();
});
byId('new-conversation').addEventListener('click', () => newChat());

function updateFilterSummary(): void {
  const chosen = state.documents.filter((d) => state.selected.has(d.id));
  byId('filter-summary').textContent = chosen.length
    ? `Answers use ${chosen.length} of ${state.documents.length} documents.`
    : 'Answers use all documents. Tick documents to answer from those only.';
  // The filter is shown where the question is typed, so that it is never forgotten.
  byId('filter-bar').hidden = chosen.length === 0;
  byId('filter-text').replaceChildren(
    el('strong', { text: `Only ${chosen.length} of ${state.documents.length} documents: ` }),
    chosen.map((d) => d.title).join('; '),
  );
}

byId('clear-filter').addEventListener('click', () => {
  state.selected.clear();
  renderDocuments();
  input.focus();
});

function renderDocuments(): void {
  const list = byId('doc-list');
  list.replaceChildren(
    ...state.documents.map((doc) => {
      const box = el('input', { attrs: { type: 'checkbox', id: `use-${doc.id}`, 'aria-label': `Answer from “${doc.title}”` } });
      box.checked = state.selected.has(doc.id);
      box.addEventListener('change', () => {
        if (box.checked) state.selected.add(doc.id);
        else state.selected.delete(doc.id);
        updateFilterSummary();
      });
      const open = el('button', { text: doc.title, attrs: { type: 'button', 'data-doc': doc.id } });
      open.addEventListener('click', () => {
        if (NARROW.matches) closeSidebar();
        void showDocument(doc.id, open);
      });
      const meta = [doc.publisher ? el('span', { text: doc.publisher }) : undefined, doc.date ? el('span', { className: 'nowrap', text: doc.date }) : undefined].filter((n) => n !== undefined);
      const actions = documentActions(doc);
      const metaLine = meta.length ? [el('span', { className: 'doc-meta' }, ...meta.flatMap((n, i) => (i ? [' · ', n] : [n])))] : [];
      return el('li', actions.removing ? { className: 'removing' } : {}, box, open, ...actions.nodes, ...metaLine);
    }),
  );
  updateFilterSummary();
}

/** Example questions the documents answer, worked out by the server from the collection. */
async function renderExamples(): Promise<void> {
  const list = byId('example-list');
  let questions: string[] = [];
  try {
    questions = (await getJson<{ examples: string[] }>('/api/examples')).examples;
  } catch {
    // Examples are a convenience: without them the page works as before.
  }
  examples.hidden = questions.length === 0 || messages.children.length > 0;
  list.replaceChildren(
    ...questions.map((q) => {
      const b = el('button', { text: q, attrs: { type: 'button' } });
      b.addEventListener('click', () => {
        if (state.mode !== 'ask') setMode('ask');
        send('ask', q);
      });
      return el('li', {}, b);
    }),
  );
}

let changesStarted = false;

async function loadDocuments(attempt = 0): Promise<void> {
  try {
    state.documents = (await getJson<{ documents: DocumentSummary[] }>('/api/documents')).documents;
    // A deleted document can no longer limit the answers.
    const ids = new Set(state.documents.map((d) => d.id));
    for (const id of state.selected) if (!ids.has(id)) state.selected.delete(id);
    showBanner(undefined);
    renderDocuments();
    void renderExamples();
    // After the first list: with API keys, the key has been asked for once by now.
    if (!changesStarted) {
      changesStarted = true;
      startConversations({ open: (id) => void openConversation(id), current: () => state.conversationId, deleted: (id) => id === state.conversationId && newChat() });
      const id = new URL(window.location.href).searchParams.get('c');
      if (id) void openConversation(id, false);
      void startDocumentChanges({
        reload: () => {
          forgetDocuments();
          return loadDocuments();
        },
        rerender: renderDocuments,
      });
    }
  } catch (err) {
    showBanner(errorText(err));
    // The index may still be building: keep trying, more slowly each time.
    if (attempt < 60) setTimeout(() => void loadDocuments(attempt + 1), Math.min(1000 * (attempt + 1), 5000));
  }
}

startDrawers();
startThemeToggle(byId<HTMLButtonElement>('theme-toggle'));
startPreviews(messages, markerPreview);
setMode('ask');
updateFilterSummary();
void loadDocuments();
