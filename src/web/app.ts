import { ApiError, getJson, streamChat, verifyClaim, type AnswerParts, type DocumentSummary, type VerdictResult } from './api.js';
import { answerWithMarkers, byId, el } from './dom.js';
import { documentActions, startDocumentChanges } from './documents.js';
import { closeSource, forgetDocuments, showSource } from './source-panel.js';

/** The chat page: conversation, streaming answers, citations, the document list and filter. */

const state = {
  mode: 'ask' as 'ask' | 'verify',
  conversationId: undefined as string | undefined,
  controller: undefined as AbortController | undefined,
  documents: [] as DocumentSummary[],
  selected: new Set<string>(),
};

const messages = byId<HTMLOListElement>('messages');
const form = byId<HTMLFormElement>('composer');
const input = byId<HTMLTextAreaElement>('question');
const send = byId<HTMLButtonElement>('send');
const stop = byId<HTMLButtonElement>('stop');
const examples = byId('examples');
const status = byId('status');

function setBusy(busy: boolean): void {
  input.disabled = busy;
  send.disabled = busy;
  byId<HTMLButtonElement>('new-conversation').disabled = busy;
  for (const b of document.querySelectorAll<HTMLButtonElement>('.examples button')) b.disabled = busy;
  stop.hidden = !busy;
  if (busy) stop.focus();
  else input.focus();
}

function scrollToEnd(): void {
  messages.scrollTop = messages.scrollHeight;
}

function showBanner(text: string | undefined): void {
  status.hidden = !text;
  status.textContent = text ?? '';
}

/** Renders the sources under an answer, the closest passages under a partial one, or related passages under a non-answer. */
function renderSources(parts: AnswerParts): HTMLElement | undefined {
  const items = parts.status === 'not_found' ? parts.related : parts.citations;
  if (items.length === 0) return undefined;
  const list = el('ul', { className: 'sources' });
  const heading = parts.status === 'answered' ? 'Sources' : parts.status === 'partial' ? 'Closest passages (they do not settle the question)' : 'Related passages (they do not answer the question)';
  list.append(el('li', {}, el('h3', { text: heading })));
  items.forEach((item, i) => {
    const label = 'n' in item ? `[${item.n}] ` : '';
    const button = el(
      'button',
      { attrs: { type: 'button', 'data-doc': item.docId, 'data-start': String(item.start), 'data-end': String(item.end) } },
      el('span', { className: 'title', text: `${label}${item.title}` }),
      el('span', { className: 'quote', text: `“${item.quote.replace(/\s+/g, ' ').slice(0, 280)}${item.quote.length > 280 ? '…' : ''}”` }),
    );
    button.setAttribute('aria-label', `Open ${parts.grounded ? `source ${i + 1}` : 'related passage'}: ${item.title}`);
    button.addEventListener('click', () => void showSource(item.docId, item, button));
    list.append(el('li', {}, button));
  });
  return list;
}

function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 503) return `${err.message} The documents are still being indexed; please try again shortly.`;
    return err.message;
  }
  return 'Something went wrong. Please try again.';
}

/** Replaces the "searching" line with "Stopped." after a cancel, or with the error as an alert. */
function showFailure(bubble: HTMLElement, searching: HTMLElement, err: unknown): void {
  searching.remove();
  const aborted = (err as Error).name === 'AbortError';
  bubble.append(el('p', { className: aborted ? 'searching-stopped' : 'error', text: aborted ? 'Stopped.' : errorText(err), attrs: aborted ? {} : { role: 'alert' } }));
  bubble.removeAttribute('aria-busy');
}

async function ask(question: string): Promise<void> {
  examples.hidden = true;
  messages.append(el('li', { className: 'message user', text: question }));
  const answer = el('p', { className: 'answer' });
  const searching = el('p', { className: 'searching', text: 'Searching the documents' });
  const bubble = el('li', { className: 'message assistant', attrs: { 'aria-busy': 'true' } }, searching);
  messages.append(bubble);
  scrollToEnd();

  const controller = new AbortController();
  state.controller = controller;
  setBusy(true);
  let text = '';
  try {
    await streamChat(
      { question, ...(state.conversationId ? { conversationId: state.conversationId } : {}), ...(state.selected.size ? { docIds: [...state.selected] } : {}) },
      {
        onMeta(meta) {
          state.conversationId = meta.conversationId;
          if (meta.standaloneQuestion !== question) bubble.prepend(el('p', { className: 'rewritten', text: `Searched for: ${meta.standaloneQuestion}` }));
        },
        onDelta(piece) {
          if (searching.isConnected) searching.replaceWith(answer);
          text += piece;
          answer.textContent = text;
          scrollToEnd();
        },
        onCitations(parts) {
          const cited = new Map(parts.citations.map((c) => [c.n, c]));
          answer.replaceChildren(answerWithMarkers(text, (n) => cited.has(n), (n, button) => void showSource(cited.get(n)!.docId, cited.get(n)!, button)));
          if (parts.status === 'not_found') bubble.insertBefore(el('span', { className: 'badge not-found', text: 'Not found in the documents' }), answer);
          else if (parts.status === 'partial') bubble.insertBefore(el('span', { className: 'badge partial', text: 'Partly answered' }), answer);
          else if (parts.sourcesDiffer) bubble.insertBefore(el('span', { className: 'badge differ', text: 'Sources differ' }), answer);
          const sources = renderSources(parts);
          if (sources) bubble.append(sources);
          bubble.dataset.grounded = String(parts.grounded);
          bubble.dataset.status = parts.status;
        },
        onDone() {
          bubble.removeAttribute('aria-busy');
        },
      },
      controller.signal,
    );
    showBanner(undefined);
  } catch (err) {
    showFailure(bubble, searching, err);
  } finally {
    state.controller = undefined;
    setBusy(false);
    scrollToEnd();
  }
}

const VERDICT_LABELS = { supported: 'Supported', contradicted: 'Contradicted', not_enough_info: 'Not enough information' } as const;

/** Shows a verdict: a badge, the explanation with linked markers, and the evidence with stances. */
function renderVerdict(bubble: HTMLElement, result: VerdictResult): void {
  const byN = new Map(result.evidence.map((e) => [e.n, e]));
  const explanation = el('p', { className: 'answer' });
  explanation.append(answerWithMarkers(result.explanation, (n) => byN.has(n), (n, button) => void showSource(byN.get(n)!.docId, byN.get(n)!, button)));
  bubble.append(el('span', { className: `badge verdict-badge ${result.verdict}`, text: VERDICT_LABELS[result.verdict] }), explanation);
  bubble.dataset.verdict = result.verdict;
  if (result.evidence.length === 0) return;
  const list = el('ul', { className: 'sources' }, el('li', {}, el('h3', { text: 'Evidence' })));
  for (const e of result.evidence) {
    const button = el(
      'button',
      { attrs: { type: 'button', 'data-doc': e.docId, 'data-stance': e.stance, 'aria-label': `Open evidence ${e.n} (${e.stance}): ${e.title}` } },
      el('span', { className: 'title' }, el('span', { className: `stance ${e.stance}`, text: e.stance }), `[${e.n}] ${e.title}`),
      el('span', { className: 'quote', text: `“${e.quote.replace(/\s+/g, ' ')}”` }),
    );
    button.addEventListener('click', () => void showSource(e.docId, e, button));
    list.append(el('li', {}, button));
  }
  bubble.append(list);
}

async function check(claim: string): Promise<void> {
  examples.hidden = true;
  messages.append(el('li', { className: 'message user claim', text: claim }));
  const searching = el('p', { className: 'searching', text: 'Checking the claim against the documents' });
  const bubble = el('li', { className: 'message assistant verdict', attrs: { 'aria-busy': 'true' } }, searching);
  messages.append(bubble);
  scrollToEnd();
  const controller = new AbortController();
  state.controller = controller;
  setBusy(true);
  try {
    const result = await verifyClaim({ claim, ...(state.selected.size ? { docIds: [...state.selected] } : {}) }, controller.signal);
    searching.remove();
    renderVerdict(bubble, result);
    showBanner(undefined);
  } catch (err) {
    showFailure(bubble, searching, err);
  } finally {
    bubble.removeAttribute('aria-busy');
    state.controller = undefined;
    setBusy(false);
    scrollToEnd();
  }
}

function submit(): void {
  const text = input.value.trim();
  if (!text || state.controller) return;
  input.value = '';
  void (state.mode === 'verify' ? check(text) : ask(text));
}

const PLACEHOLDERS = {
  ask: 'Ask a question… (Enter to send, Shift+Enter for a new line)',
  verify: 'Paste a claim to check, e.g. a sentence from an article… (Enter to check)',
};

function setMode(mode: 'ask' | 'verify'): void {
  state.mode = mode;
  byId('mode-ask').setAttribute('aria-selected', String(mode === 'ask'));
  byId('mode-verify').setAttribute('aria-selected', String(mode === 'verify'));
  input.placeholder = PLACEHOLDERS[mode];
  send.textContent = mode === 'verify' ? 'Check' : 'Send';
  input.focus();
}
byId('mode-ask').addEventListener('click', () => setMode('ask'));
byId('mode-verify').addEventListener('click', () => setMode('verify'));

form.addEventListener('submit', (e) => {
  e.preventDefault();
  submit();
});
input.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
    e.preventDefault();
    submit();
  }
});
stop.addEventListener('click', () => state.controller?.abort());
document.addEventListener('keydown', (e) => {
  // An open dialog closes itself on Escape.
  if (e.key !== 'Escape' || document.querySelector('dialog[open]')) return;
  if (state.controller) state.controller.abort();
  else closeSource();
});
byId('close-source').addEventListener('click', closeSource);
byId('new-conversation').addEventListener('click', () => {
  state.conversationId = undefined;
  messages.replaceChildren();
  examples.hidden = byId('example-list').children.length === 0;
  closeSource();
  input.focus();
});
const toggleDocs = byId<HTMLButtonElement>('toggle-docs');
toggleDocs.addEventListener('click', () => {
  const open = byId('sidebar').classList.toggle('open');
  toggleDocs.setAttribute('aria-expanded', String(open));
});

function updateFilterSummary(): void {
  byId('filter-summary').textContent = state.selected.size
    ? `Answers use ${state.selected.size} of ${state.documents.length} documents.`
    : 'Answers use all documents. Tick documents to answer from those only.';
}

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
      open.addEventListener('click', () => void showSource(doc.id, undefined, open));
      const meta = [doc.publisher, doc.date].filter(Boolean).join(' · ');
      const actions = documentActions(doc);
      return el('li', actions.removing ? { className: 'removing' } : {}, box, open, ...actions.nodes, ...(meta ? [el('span', { className: 'doc-meta', text: meta })] : []));
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
        input.value = q;
        submit();
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

updateFilterSummary();
void loadDocuments();
input.focus();
