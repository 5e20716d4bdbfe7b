/**
 * Changing the documents from the page: uploads (the file picker, or files dropped
 * anywhere on the page), each file's way through indexing, the indexing progress, and
 * deleting a document after a confirmation. Indexing runs in the background on the
 * server; the page polls its status while it works and reloads the list when it is done.
 */
import { ApiError, deleteDocument, getJson, uploadDocuments, type DocumentSummary, type IndexStatus, type UploadResult } from './api.js';
import { byId, el } from './dom.js';

/** What the rest of the page does when the documents change. */
export interface DocumentHooks {
  /** Fetches the documents list again and shows it. */
  reload(): Promise<void>;
  /** Shows the documents list again (delete buttons and "removing" marks changed). */
  rerender(): void;
}

type FileState = 'uploading' | 'queued' | 'indexing' | 'ready' | 'failed' | 'rejected' | 'duplicate';

interface Tracked {
  name: string;
  id?: string;
  state: FileState;
  message?: string;
}

const LABELS: Record<FileState, string> = {
  uploading: 'Uploading…',
  queued: 'Queued',
  indexing: 'Indexing…',
  ready: 'Ready',
  failed: 'Failed',
  rejected: 'Refused',
  duplicate: 'Already added',
};
const PENDING = new Set<FileState>(['uploading', 'queued', 'indexing']);
const POLL_MS = 1000;

const tracked: Tracked[] = [];
const removing = new Set<string>();
let hooks: DocumentHooks = { reload: async () => {}, rerender: () => {} };
let enabled = false;
let managing = false;
let polling = false;
/** Deletions sent but not yet answered: their documents stay "removing" past an idle status. */
let deleting = 0;
let pollAgain = false;
let lastStatusText = '';

const tools = byId('doc-tools');
const fileInput = byId<HTMLInputElement>('file-input');
const manage = byId<HTMLButtonElement>('manage-documents');
const statusLine = byId('index-status');
const progress = byId('index-progress');
const progressFill = byId('index-progress-fill');
const progressLabel = byId('index-progress-label');
const errorLine = byId('doc-error');
const buildErrorLine = byId('build-error');
const uploadList = byId<HTMLUListElement>('upload-list');
const clearUploads = byId<HTMLButtonElement>('clear-uploads');
const dropZone = byId('drop-zone');
const dialog = byId<HTMLDialogElement>('confirm-delete');

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const messageOf = (err: unknown) => (err instanceof ApiError ? err.message : 'Something went wrong. Please try again.');

/** The polite status line: set only when it changes, so that screen readers hear each step once. */
function say(text: string): void {
  if (text === lastStatusText) return;
  lastStatusText = text;
  statusLine.textContent = text;
}

function showError(text: string | undefined): void {
  errorLine.hidden = !text;
  errorLine.textContent = text ?? '';
}

function renderUploads(): void {
  uploadList.replaceChildren(
    ...tracked.map((t) =>
      el(
        'li',
        { attrs: { 'data-state': t.state } },
        el('span', { className: 'upload-name', text: t.name }),
        el('span', { className: `upload-state ${t.state}`, text: LABELS[t.state] }),
        ...(t.message ? [el('span', { className: 'upload-message', text: t.message })] : []),
      ),
    ),
  );
  clearUploads.hidden = tracked.length === 0 || tracked.some((t) => PENDING.has(t.state));
}

function fromResult(result: UploadResult): Partial<Tracked> {
  if (result.status === 'rejected') return { state: 'rejected', message: result.error?.message ?? 'The server refused this file' };
  return { state: result.status, ...(result.id ? { id: result.id } : {}) };
}

/** Brings the files, the progress bar and the build error up to date with the server's status. */
function apply(status: IndexStatus): void {
  const byDoc = new Map(status.documents.map((d) => [d.id, d]));
  for (const t of tracked) {
    const doc = t.id && (t.state === 'queued' || t.state === 'indexing') ? byDoc.get(t.id) : undefined;
    if (!doc) continue;
    t.state = doc.state;
    if (doc.error) t.message = doc.error.message;
  }
  renderUploads();

  progress.hidden = status.state === 'idle';
  progressLabel.hidden = progress.hidden;
  // Only embedding is counted; fitting the models and saving show as work under way.
  if (status.state === 'indexing' && status.progress !== null && (status.stage ?? 'embedding') === 'embedding') {
    const pct = Math.round(status.progress * 100);
    progress.setAttribute('aria-valuenow', String(pct));
    progress.setAttribute('aria-valuetext', `${pct}%`);
    progress.classList.remove('waiting');
    progressFill.style.width = `${pct}%`;
    progressLabel.textContent = `${pct}%`;
  } else {
    // No number yet: an indeterminate bar has no aria-valuenow.
    progress.removeAttribute('aria-valuenow');
    progress.removeAttribute('aria-valuetext');
    progress.classList.add('waiting');
    progressFill.style.width = '0';
    progressLabel.textContent = '';
  }
  if (status.state === 'queued') say('Waiting to index…');
  else if (status.state === 'indexing' && status.stage === 'fitting') say('Fitting the answer and claim models to the documents…');
  else if (status.state === 'indexing' && status.stage === 'saving') say('Saving the new index…');
  else if (status.state === 'indexing') say(`Indexing ${status.documents.some((d) => d.state === 'indexing') ? plural(status.documents.filter((d) => d.state === 'indexing').length, 'document') : 'the documents'}…`);

  // lastError stays after a later success: it is news only while no build has succeeded since.
  const failed = status.lastError && (!status.lastBuild || status.lastError.at > status.lastBuild.at) ? status.lastError : null;
  buildErrorLine.hidden = !failed;
  buildErrorLine.textContent = failed ? `Indexing failed: ${failed.message} The documents as they were before are still used.` : '';
}

/** Polls the indexing status every second until the server is idle, then reloads the documents. */
async function watchIndex(): Promise<void> {
  pollAgain = true;
  if (polling) return;
  polling = true;
  try {
    while (pollAgain) {
      pollAgain = false;
      for (let failures = 0; ; ) {
        await sleep(POLL_MS);
        let status: IndexStatus;
        try {
          status = await getJson<IndexStatus>('/api/index/status');
          failures = 0;
        } catch (err) {
          if (++failures < 5) continue;
          showError(`Could not follow the indexing: ${messageOf(err)}`);
          return;
        }
        apply(status);
        if (status.state === 'idle') break;
      }
      if (deleting === 0) removing.clear();
      await hooks.reload();
      if (!pollAgain) say(buildErrorLine.hidden ? 'The documents are up to date.' : 'Indexing failed.');
    }
  } finally {
    polling = false;
  }
}

async function upload(files: File[]): Promise<void> {
  if (files.length === 0) return;
  showError(undefined);
  const entries: Tracked[] = files.map((f) => ({ name: f.name, state: 'uploading' }));
  tracked.push(...entries);
  renderUploads();
  say(`Uploading ${plural(files.length, 'file')}…`);
  try {
    const outcome = await uploadDocuments(files);
    // The server answers each file in the order it was sent.
    outcome.files.forEach((result, i) => entries[i] && Object.assign(entries[i], fromResult(result)));
    const count = (s: FileState) => entries.filter((e) => e.state === s).length;
    const parts = [count('queued') && `${plural(count('queued'), 'file')} queued for indexing`, count('duplicate') && `${count('duplicate')} already added`, count('rejected') && `${count('rejected')} refused`];
    say(`${parts.filter(Boolean).join(', ')}.`);
    if (outcome.status) apply(outcome.status);
    else renderUploads();
    if (count('queued') > 0) void watchIndex();
  } catch (err) {
    tracked.splice(tracked.indexOf(entries[0]!), entries.length);
    renderUploads();
    say('');
    showError(`Could not upload: ${messageOf(err)}`);
  }
}

async function confirmDelete(doc: DocumentSummary): Promise<void> {
  byId('confirm-text').textContent = `“${doc.title}” will be removed from the documents for everyone, and answers will no longer use it.`;
  dialog.returnValue = '';
  dialog.showModal();
  await new Promise((resolve) => dialog.addEventListener('close', resolve, { once: true }));
  if (dialog.returnValue !== 'delete') return;
  showError(undefined);
  removing.add(doc.id);
  hooks.rerender();
  // Its button is gone with the re-rendered list: keep focus in the Documents panel.
  byId('documents-heading').focus();
  say(`Removing “${doc.title}”…`);
  deleting++;
  try {
    apply(await deleteDocument(doc.id));
    void watchIndex();
  } catch (err) {
    removing.delete(doc.id);
    hooks.rerender();
    say('');
    showError(`Could not delete “${doc.title}”: ${messageOf(err)}`);
  } finally {
    deleting--;
  }
}

/** What a document's row in the list adds: a delete button while managing, or "Removing…". */
export function documentActions(doc: DocumentSummary): { removing: boolean; nodes: Node[] } {
  if (removing.has(doc.id)) return { removing: true, nodes: [el('span', { className: 'doc-removing', text: 'Removing…' })] };
  if (!enabled || !managing) return { removing: false, nodes: [] };
  const button = el('button', { className: 'doc-delete', text: 'Delete', attrs: { type: 'button', 'aria-label': `Delete ${doc.title}`, 'data-delete': doc.id } });
  button.addEventListener('click', () => void confirmDelete(doc));
  return { removing: false, nodes: [button] };
}

function setupDrop(): void {
  let depth = 0;
  const carriesFiles = (e: DragEvent) => enabled && (e.dataTransfer?.types.includes('Files') ?? false);
  const end = () => {
    depth = 0;
    dropZone.hidden = true;
  };
  document.addEventListener('dragenter', (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    depth++;
    dropZone.hidden = false;
  });
  document.addEventListener('dragover', (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    e.dataTransfer!.dropEffect = 'copy';
  });
  document.addEventListener('dragleave', (e) => {
    if (carriesFiles(e) && --depth <= 0) end();
  });
  document.addEventListener('drop', (e) => {
    if (!carriesFiles(e)) return;
    e.preventDefault();
    end();
    void upload([...e.dataTransfer!.files]);
  });
}

/**
 * Offers uploads and deletions when the server supports them (a server without them
 * answers 404 to the status), and follows a build already running.
 */
export async function startDocumentChanges(given: DocumentHooks): Promise<void> {
  hooks = given;
  let status: IndexStatus | undefined;
  try {
    status = await getJson<IndexStatus>('/api/index/status');
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return;
  }
  enabled = true;
  tools.hidden = false;
  byId('add-documents').addEventListener('click', () => fileInput.click());
  fileInput.addEventListener('change', () => {
    const files = [...(fileInput.files ?? [])];
    fileInput.value = '';
    void upload(files);
  });
  manage.addEventListener('click', () => {
    managing = !managing;
    manage.setAttribute('aria-pressed', String(managing));
    hooks.rerender();
  });
  clearUploads.addEventListener('click', () => {
    tracked.splice(0);
    renderUploads();
    say('');
    byId<HTMLButtonElement>('add-documents').focus();
  });
  setupDrop();
  if (status) {
    apply(status);
    if (status.state !== 'idle') void watchIndex();
  }
}
