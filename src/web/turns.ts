/**
 * One turn of the conversation: a question and its answer, or a claim and its verdict.
 * A turn is drawn the same way whether it streams in now or is read back from a saved
 * conversation, and it carries the everyday actions: copy, regenerate, edit and resend,
 * and retry after an error or a stop.
 */
import { errorText, type AnswerParts, type Feedback, type Rating, type VerdictResult } from './api.js';
import { answerAsText, confidenceWords, copyText, VERDICT_LABELS, verdictAsText } from './copy.js';
import { clipAtWord, el, MarkerText, submitOnEnter, withoutMarkers } from './dom.js';
import type { PreviewContent } from './preview.js';
import { onPassageShown, showPassage, type Passage } from './source-panel.js';

export type Mode = 'ask' | 'verify';

/** What the page does when a turn's buttons are pressed. */
export interface TurnHooks {
  /** Ask again: this turn and every later one are replaced. */
  regenerate(turn: Turn): void;
  /** Sends an edited question or claim in place of this turn and every later one. */
  resend(turn: Turn, text: string): void;
  /** After an error or a stop: the same question again. */
  retry(turn: Turn): void;
  /** Tells screen reader users something, once. */
  announce(text: string): void;
  /** Stores a thumbs up or down, with an optional comment, on a saved turn. */
  feedback(turn: Turn, rating: Rating, comment?: string): Promise<void>;
}

/** Where a turn is saved, when the server saved it. */
export interface Saved {
  conversationId: string;
  turnId: string;
  feedback?: Feedback | null;
}

/** A passage a marker or a card opens, with what its preview shows. */
type Quoted = Passage & PreviewContent & { n?: number };

const OUTCOME_LABELS = { answered: 'Answered', partial: 'Partly answered', not_found: 'Not found in the documents' } as const;
const OUTCOME_CLASSES = { answered: 'answered', partial: 'partial', not_found: 'not-found' } as const;

const byElement = new WeakMap<Element, Turn>();
/** The source card of each passage, to mark the one whose passage is open in the panel. */
const cardOf = new WeakMap<Passage, HTMLButtonElement>();

onPassageShown((passage) => {
  for (const card of document.querySelectorAll('.card[aria-current]')) card.removeAttribute('aria-current');
  const card = passage && cardOf.get(passage);
  if (card) card.setAttribute('aria-current', 'true');
});

/** The turn a node is part of. */
export function turnOf(node: Element): Turn | undefined {
  const li = node.closest('li.turn');
  return li ? byElement.get(li) : undefined;
}

/** What a marker's preview shows, once its turn's citations have arrived. */
export function markerPreview(marker: HTMLButtonElement): PreviewContent | undefined {
  return turnOf(marker)?.cited(Number(marker.dataset.n));
}

export class Turn {
  readonly li: HTMLLIElement;
  readonly reply: HTMLDivElement;
  /** The server's id for this turn once it is saved; regenerate and edit replace it. */
  id: string | undefined;
  /** The conversation the turn is saved in. */
  conversationId: string | undefined;
  /** True once an answer or verdict is complete (not stopped, not failed). */
  finished = false;
  /** True once stopped or failed: the same text sent again from the composer takes this turn's place. */
  unanswered = false;
  private readonly user: HTMLDivElement;
  private readonly userActions: HTMLDivElement;
  private readonly status: HTMLParagraphElement;
  private text: MarkerText | undefined;
  private passages: Quoted[] = [];
  private byN = new Map<number, Quoted>();
  /** A marker clicked before the citations arrived: opened when they do. */
  private waitingMarker: HTMLButtonElement | undefined;
  private copyAs: (() => string) | undefined;
  /** What screen readers hear when the answer is complete. */
  private announceWith = '';

  constructor(
    readonly mode: Mode,
    readonly input: string,
    private readonly hooks: TurnHooks,
    queued = false,
  ) {
    this.user = el('div', { className: mode === 'verify' ? 'message user claim' : 'message user', text: input });
    this.userActions = el('div', { className: 'user-actions' });
    this.status = el('p', { className: 'searching', text: queued ? 'Waiting for the answer above' : this.workingText() });
    this.reply = el('div', { className: mode === 'verify' ? 'message assistant verdict' : 'message assistant', attrs: { 'aria-busy': 'true' } }, this.status);
    const kind = el('p', { className: 'turn-kind', text: mode === 'verify' ? 'Claim check' : 'Question' });
    this.li = el('li', { className: `turn ${mode}` }, kind, this.user, this.userActions, this.reply);
    byElement.set(this.li, this);
    this.reply.addEventListener('click', (e) => {
      const marker = e.target instanceof Element ? e.target.closest<HTMLButtonElement>('button.marker') : null;
      if (marker) this.openMarker(marker);
    });
  }

  private workingText(): string {
    return this.mode === 'verify' ? 'Checking the claim against the documents' : 'Searching the documents';
  }

  /** A queued turn whose turn has come. */
  start(): void {
    this.status.textContent = this.workingText();
  }

  /** The passage that marker `n` cites, when known. */
  cited(n: number): Quoted | undefined {
    return this.byN.get(n);
  }

  /** The question as the search understood it, when a follow-up was rewritten. */
  rewritten(standaloneQuestion: string): void {
    if (standaloneQuestion && standaloneQuestion !== this.input) this.reply.prepend(el('p', { className: 'rewritten', text: `Searched for: ${standaloneQuestion}` }));
  }

  /** A piece of streamed answer text; markers become buttons as they complete. */
  delta(piece: string): void {
    if (!this.text) {
      const answer = el('p', { className: 'answer' });
      this.text = new MarkerText(answer);
      this.status.replaceWith(answer);
    }
    this.text.append(piece);
  }

  /** The answer's outcome, confidence and sources. */
  citations(parts: AnswerParts): void {
    if (!this.text) this.delta('');
    const text = this.text!;
    text.finish();
    const quoted: Quoted[] = (parts.status === 'not_found' ? parts.related : parts.citations).map((c) => ({ ...c }));
    this.setPassages(quoted);
    text.keepOnly((n) => this.byN.has(n));

    const badge = el('span', { className: `badge ${OUTCOME_CLASSES[parts.status]}`, text: OUTCOME_LABELS[parts.status] });
    const outcome = el(
      'div',
      { className: 'outcome' },
      // "Low confidence" beside "not found" would read as doubt about the absence itself.
      ...(parts.status === 'not_found' ? [badge] : confidenceShown(badge, parts.confidence, 'sources')),
      ...(parts.sourcesDiffer ? [el('span', { className: 'badge differ', text: 'Sources differ' })] : []),
    );
    text.node.before(outcome);
    const provenance = provenanceOf(parts);
    if (provenance) text.node.after(el('p', { className: 'provenance', text: provenance }));
    const heading = parts.status === 'answered' ? 'Sources' : parts.status === 'partial' ? 'Closest passages (they do not settle the question)' : 'Related passages (they do not answer the question)';
    if (quoted.length) this.reply.append(this.cards(heading, quoted));
    this.reply.dataset.grounded = String(parts.grounded);
    this.reply.dataset.status = parts.status;
    this.copyAs = () => answerAsText(this.input, text.value, parts);
    this.announceWith = `${OUTCOME_LABELS[parts.status]}${parts.status === 'not_found' ? '' : `, ${confidenceWords(parts.confidence)} confidence`}. ${withoutMarkers(text.value)}`;
  }

  /** The answer is complete; `turnId` is the saved turn, when the server saves them. */
  done(saved?: Saved): void {
    this.finish(saved);
    this.hooks.announce(this.announceWith);
  }

  private finish(saved: Saved | undefined): void {
    this.id = saved?.turnId;
    this.conversationId = saved?.conversationId;
    this.finished = true;
    this.reply.removeAttribute('aria-busy');
    this.addActions(this.mode === 'verify' ? 'Check again' : 'Regenerate', saved?.feedback ?? null);
  }

  /** A whole answer at once: from a saved conversation. */
  answer(answer: string, parts: AnswerParts, standaloneQuestion: string | undefined, saved: Saved): void {
    if (standaloneQuestion) this.rewritten(standaloneQuestion);
    this.delta(answer);
    this.citations(parts);
    this.finish(saved);
  }

  /** A claim's verdict, its explanation citing the evidence, and the evidence with stances. */
  verdict(result: VerdictResult, saved: Saved | undefined, announce = true): void {
    this.status.remove();
    const explanation = el('p', { className: 'answer' });
    const text = new MarkerText(explanation);
    text.append(result.explanation);
    text.finish();
    this.setPassages(result.evidence.map((e) => ({ ...e })));
    text.keepOnly((n) => this.byN.has(n));
    const outcome = el(
      'div',
      { className: 'outcome' },
      ...confidenceShown(el('span', { className: `badge verdict-badge ${result.verdict}`, text: VERDICT_LABELS[result.verdict] }), result.confidence, 'evidence'),
    );
    this.reply.append(outcome, explanation);
    if (result.evidence.length) this.reply.append(this.cards('Evidence', this.passages));
    this.reply.dataset.verdict = result.verdict;
    this.copyAs = () => verdictAsText(this.input, result);
    this.finish(saved);
    if (announce) this.hooks.announce(`${VERDICT_LABELS[result.verdict]}, ${confidenceWords(result.confidence)} confidence. ${withoutMarkers(result.explanation)}`);
  }

  /**
   * Stopped by the reader, or failed. A stopped answer stays visible but is marked as
   * cut short: words that stop mid-sentence (or "The documents do not…") are no finding.
   */
  fail(err: unknown): void {
    const stopped = (err as Error)?.name === 'AbortError';
    this.unanswered = true;
    this.status.remove();
    this.reply.removeAttribute('aria-busy');
    this.text?.finish();
    this.reply.querySelector('.outcome')?.remove();
    this.reply.querySelector('.sources')?.remove();
    const retry = el('button', { className: 'retry', text: stopped ? 'Ask again' : 'Retry', attrs: { type: 'button' } });
    retry.addEventListener('click', () => this.hooks.retry(this));
    if (stopped) {
      this.reply.classList.add('stopped');
      const note = this.text ? 'This answer was cut short and is not a finding of the documents.' : `No ${this.mode === 'verify' ? 'verdict' : 'answer'} had arrived yet.`;
      this.reply.prepend(el('p', { className: 'stopped-note' }, el('span', { className: 'badge stopped-badge', text: 'Stopped' }), ` ${note}`));
      this.reply.append(el('div', { className: 'turn-actions' }, retry));
      this.hooks.announce('Stopped.');
    } else {
      // Words that arrived before the connection was lost are no more an answer than a stopped one's.
      if (this.text) this.reply.classList.add('cut-short');
      // The question is also back in the composer: this says which copy is which, so that it is not sent twice.
      this.user.classList.add('failed');
      this.userActions.before(el('p', { className: 'failed-note', text: `Not ${this.mode === 'verify' ? 'checked' : 'answered'}: it is back in the box below. Retry, or send it from there.` }));
      this.reply.append(el('p', { className: 'error', text: errorText(err), attrs: { role: 'alert' } }), el('div', { className: 'turn-actions' }, retry));
    }
  }

  private setPassages(passages: Quoted[]): void {
    this.passages = passages;
    this.byN = new Map(passages.filter((p) => p.n !== undefined).map((p) => [p.n!, p]));
    if (this.waitingMarker) {
      const marker = this.waitingMarker;
      this.waitingMarker = undefined;
      if (marker.isConnected && this.byN.has(Number(marker.dataset.n))) this.openMarker(marker);
    }
  }

  private openMarker(marker: HTMLButtonElement): void {
    const quoted = this.byN.get(Number(marker.dataset.n));
    if (!quoted) {
      this.waitingMarker = marker;
      return;
    }
    void showPassage(this.passages, this.passages.indexOf(quoted), marker);
  }

  /** The source cards under an answer: number, document, and the quote itself. */
  private cards(heading: string, items: Quoted[]): HTMLElement {
    const list = el('ul');
    items.forEach((item, i) => {
      const button = el(
        'button',
        { className: 'card', attrs: { type: 'button', 'data-doc': item.docId, 'data-start': String(item.start), 'data-end': String(item.end), ...(item.stance ? { 'data-stance': item.stance } : {}) } },
        el(
          'span',
          { className: 'card-head' },
          ...(item.n !== undefined ? [el('span', { className: 'card-n', text: `[${item.n}]` })] : []),
          ...(item.stance ? [el('span', { className: `stance ${item.stance}`, text: item.stance })] : []),
          el('span', { className: 'card-title', text: `${item.title}${item.page !== undefined ? `, page ${item.page}` : ''}` }),
        ),
        el('span', { className: 'quote', text: `“${clipAtWord(item.quote, 280)}”` }),
      );
      button.addEventListener('click', () => void showPassage(items, i, button));
      cardOf.set(item, button);
      list.append(el('li', {}, button));
    });
    return el('div', { className: 'sources' }, el('h3', { text: heading }), list);
  }

  private addActions(again: string, feedback: Feedback | null): void {
    const copy = el('button', { text: 'Copy', attrs: { type: 'button', 'data-action': 'copy' } });
    copy.addEventListener('click', async () => {
      const ok = this.copyAs ? await copyText(this.copyAs()) : false;
      copy.textContent = ok ? 'Copied' : 'Copy failed';
      this.hooks.announce(ok ? 'Copied the answer and its sources.' : 'Could not copy.');
      setTimeout(() => (copy.textContent = 'Copy'), 2000);
    });
    const regenerate = el('button', { text: again, attrs: { type: 'button', 'data-action': 'regenerate' } });
    regenerate.addEventListener('click', () => this.hooks.regenerate(this));
    const actions = el('div', { className: 'turn-actions' }, copy, regenerate);
    this.reply.append(actions);
    if (this.id && this.conversationId) this.addFeedback(actions, feedback);
    const edit = el('button', { text: 'Edit', attrs: { type: 'button', 'data-action': 'edit' } });
    edit.addEventListener('click', () => this.edit());
    this.userActions.replaceChildren(edit);
  }

  /**
   * Thumbs up or down ("Helpful", "Not helpful"), then an optional comment. Each is saved
   * at once; sending again replaces the earlier feedback on this turn. Once a comment is
   * sent its form closes, and "Edit comment" opens it again.
   */
  private addFeedback(actions: HTMLElement, saved: Feedback | null): void {
    let rating: Rating | undefined = saved?.rating;
    const buttons = (['up', 'down'] as const).map((r) => {
      const label = r === 'up' ? 'Helpful' : 'Not helpful';
      return el('button', { className: 'rate', text: label, attrs: { type: 'button', 'data-rating': r, 'data-label': label, 'aria-pressed': String(r === rating) } });
    });
    const note = el('span', { className: 'feedback-note' });
    const what = this.mode === 'verify' ? 'verdict' : 'answer';
    const comment = el('textarea', { attrs: { rows: '2', maxlength: '2000', 'aria-label': `Comment on this ${what} (optional)`, placeholder: 'What was right or wrong? (optional)' } });
    comment.value = saved?.comment ?? '';
    const sendComment = el('button', { text: 'Send comment', attrs: { type: 'submit' } });
    const form = el('form', { className: 'feedback-form' }, comment, sendComment);
    form.hidden = true;
    const editComment = el('button', { className: 'edit-comment', text: 'Edit comment', attrs: { type: 'button' } });
    editComment.hidden = !saved?.comment;
    const openForm = () => {
      form.hidden = false;
      editComment.hidden = true;
    };
    editComment.addEventListener('click', () => {
      openForm();
      comment.focus();
    });
    const save = async (r: Rating, text?: string) => {
      note.textContent = 'Saving…';
      try {
        await this.hooks.feedback(this, r, text);
        note.textContent = text ? 'Comment saved. Thank you.' : 'Saved. Thank you.';
        this.hooks.announce(note.textContent);
        return true;
      } catch (err) {
        note.textContent = `Not saved: ${errorText(err)}`;
        this.hooks.announce(note.textContent);
        return false;
      }
    };
    buttons.forEach((button, i) => {
      const r = i === 0 ? 'up' : 'down';
      button.addEventListener('click', async () => {
        const text = comment.value.trim();
        if (!(await save(r, text || undefined))) return;
        rating = r;
        for (const b of buttons) b.setAttribute('aria-pressed', String(b === button));
        this.reply.dataset.feedback = r;
        openForm();
      });
    });
    form.addEventListener('submit', async (e) => {
      e.preventDefault();
      if (!rating || sendComment.disabled) return;
      const text = comment.value.trim() || undefined;
      // Taken before the button is disabled, which drops its focus.
      const hadFocus = form.contains(document.activeElement);
      sendComment.disabled = true;
      const ok = await save(rating, text);
      sendComment.disabled = false;
      if (!ok) return;
      // Sent: the form closes, so the thanks never sits beside a box that looks unsent.
      form.hidden = true;
      editComment.hidden = !text;
      if (hadFocus) (text ? editComment : buttons[rating === 'up' ? 0 : 1]!).focus();
    });
    if (rating) this.reply.dataset.feedback = rating;
    actions.append(el('span', { className: 'rate-group', attrs: { role: 'group', 'aria-label': `Rate this ${what}` } }, ...buttons), editComment, note);
    actions.after(form);
  }

  /** Turns the question into a small form: Enter sends it in place of this turn, Escape cancels. */
  private edit(): void {
    const what = this.mode === 'verify' ? 'claim' : 'question';
    const area = el('textarea', { className: 'edit-text', attrs: { 'aria-label': `Edit the ${what}`, rows: '2', maxlength: '2000' } });
    area.value = this.input;
    // Named apart from the composer's Send, which would start a new turn instead.
    const send = el('button', { className: 'primary', text: this.mode === 'verify' ? 'Check edited claim' : 'Send edited question', attrs: { type: 'submit' } });
    const cancel = el('button', { text: 'Cancel', attrs: { type: 'button' } });
    const form = el('form', { className: 'edit-form' }, area, el('div', { className: 'edit-buttons' }, cancel, send));
    const restore = () => {
      form.replaceWith(this.user);
      this.userActions.hidden = false;
      this.userActions.querySelector('button')?.focus();
    };
    const submit = () => {
      const text = area.value.trim();
      if (text) this.hooks.resend(this, text);
    };
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      submit();
    });
    submitOnEnter(area, submit);
    area.addEventListener('keydown', (e) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        restore();
      }
    });
    cancel.addEventListener('click', restore);
    this.user.replaceWith(form);
    this.userActions.hidden = true;
    area.focus();
    area.setSelectionRange(area.value.length, area.value.length);
  }
}

const CONFIDENCE_LABELS = { high: 'High confidence', medium: 'Medium confidence', low: 'Low confidence' } as const;

/**
 * An outcome's badge and its confidence, in a word, a colour and a three-bar meter, so
 * that the levels differ without colour too. A low one reads as tentative at a glance:
 * its badge is outlined instead of filled, and a note asks for the sources to be read,
 * since "Answered" in a solid pill would otherwise look as sure as a high one.
 */
function confidenceShown(badge: HTMLElement, confidence: number, what: 'sources' | 'evidence'): HTMLElement[] {
  const level = confidenceWords(confidence);
  const chip = el('span', { className: `confidence ${level}`, text: CONFIDENCE_LABELS[level], attrs: { title: `The model's confidence: ${Math.round(confidence * 100)}%`, 'data-level': level } });
  if (level !== 'low') return [badge, chip];
  badge.classList.add('tentative');
  return [badge, chip, el('span', { className: 'confidence-note', text: `Check the ${what} before relying on it.` })];
}

/**
 * Who wrote an answer, when a language model is involved: written by it with every
 * sentence checked against the passage it cites, or, when it failed, the documents' own
 * sentences with the reason. Nothing for answers that never involved a model.
 */
function provenanceOf(parts: AnswerParts): string | undefined {
  if (parts.note) return parts.note;
  if (parts.answerer !== 'generated') return undefined;
  const dropped = parts.droppedSentences ?? 0;
  const removed = dropped === 0 ? '' : ` ${dropped === 1 ? 'One sentence' : `${dropped} sentences`} it wrote that no passage supports ${dropped === 1 ? 'was' : 'were'} removed.`;
  return `Written by the language model; each sentence was checked against the passage it cites.${removed}`;
}
