import type { AnswerResult } from '../answer/answerer.js';
import { pageOf } from '../ingest/page-of.js';
import { silentLogger, type Logger } from '../log.js';
import { hitOf } from '../retrieve/retriever.js';
import { passagesFor } from '../evidence/sentence-bank.js';
import type { GenerationSettings } from '../settings.js';
import type { LoadedIndex } from '../store/index-files.js';
import type { Answer, AnswerProvenance, Citation, Hit, Verdict } from '../types.js';
import type { SentenceChecker, Support } from './check-sentence.js';
import { SentenceStream, ThinkingFilter, type GeneratedSentence } from './generated-sentences.js';
import { LanguageModelError, type LanguageModel } from './llm-client.js';
import type { Prompts } from './prompts.js';

/**
 * Answers written by a language model and held to the documents. The passages the
 * extractive answerer retrieved are numbered and sent with the question; the model's
 * reply is cut into sentences as it streams, and each sentence is checked against the
 * passages it cites by the verifier's judge. A supported sentence is shown at once, with
 * its citation quoting the exact sentence that supports it; one that is unsupported or
 * cites nothing is removed (or, by setting, marked unverified); a wrong passage number is
 * corrected when another passage supports the sentence. When nothing survives, or the
 * model fails or is too slow before any sentence was shown, the extractive answer is
 * given instead, with a note saying why. Nothing shown is ever withdrawn.
 */

/** What the caller may watch and stop. */
export interface GenerateOptions {
  /** Aborts the model's request (the client went away). */
  signal?: AbortSignal;
  /** Receives each piece of answer text once its sentence is verified, in order. */
  onText?: (text: string) => void;
}

export type GeneratedAnswer = Answer &
  AnswerProvenance & {
    generateMs: number;
    verifyMs: number;
    /** Generated sentences checked against the passages (for the evaluation's share dropped). */
    checkedSentences: number;
  };

/** Everything a generated answer needs besides the question. */
export interface GeneratorDeps {
  model: LanguageModel;
  prompts: Prompts;
  settings: GenerationSettings;
  /** The generation being served: documents for citations, chunks for passages. */
  index: LoadedIndex;
  checker: SentenceChecker;
  /**
   * Keeps the answer workers of this generation open while an answer is written, between
   * its checks, when a new generation replaces them meanwhile.
   */
  hold?: <T>(work: () => Promise<T>) => Promise<T>;
  logger?: Logger;
}

const UNVERIFIED = '[unverified]';

/** An explanation with a sentence its evidence does not support: the verifier's stands. */
class ExplanationRejected extends Error {}

/** A rewritten question longer than this is not a question but a reply: the rules' rewrite is used. */
const MAX_REWRITE_CHARS = 500;

/** Passages as the prompt numbers them: `[n] Title — section`, then the passage's text. */
export function numberedPassages(passages: Hit[]): string {
  return passages
    .map((h, i) => {
      const where = h.headingPath.length > 0 ? ` — ${h.headingPath.join(' › ')}` : '';
      return `[${i + 1}] ${h.title}${where}\n${h.text.trim()}`;
    })
    .join('\n\n');
}

/** The note that goes with an extractive answer given instead of a generated one. */
function fallbackNote(failure: LanguageModelError | undefined, dropped: number): string {
  const extractive = 'so this answer quotes the documents instead';
  if (!failure) {
    return dropped > 0 ? `None of the language model's sentences could be verified against the passages, ${extractive}.` : `The language model gave no answer, ${extractive}.`;
  }
  if (failure.kind === 'timeout') return `The language model did not answer in time, ${extractive}.`;
  return `The language model could not answer (${failure.message}), ${extractive}.`;
}

export class Generator {
  private readonly logger: Logger;

  constructor(private readonly deps: GeneratorDeps) {
    this.logger = deps.logger ?? silentLogger;
  }

  /** Which passages are sent: the top retrieved ones, and any the extractive answer cites beyond them. */
  passagesOf(extractive: AnswerResult): Hit[] {
    const { index, settings } = this.deps;
    const passages = passagesFor(extractive.hits, false, settings.passages);
    for (const c of extractive.answer.citations) {
      const chunk = index.chunkById.get(c.chunkId);
      if (chunk && !passages.some((p) => p.chunkId === c.chunkId)) passages.push(hitOf(index, chunk, 0));
    }
    return passages;
  }

  /**
   * A follow-up rewritten by the model into a question that stands alone, from the
   * earlier questions (oldest first, already standalone); undefined when the model fails
   * or replies with something that is not one short line. Only retrieval reads it: what
   * is answered is still checked against the passages.
   */
  async rewrite(question: string, history: string[], signal?: AbortSignal): Promise<string | undefined> {
    const { model, prompts, settings } = this.deps;
    const messages = prompts.rewrite.render({ history: history.map((h) => `- ${h}`).join('\n'), question });
    // Aborted when the reply is read (or too long to be a question), so that nothing keeps running upstream.
    const done = new AbortController();
    const signals = [done.signal, AbortSignal.timeout(settings.timeoutMs), ...(signal ? [signal] : [])];
    let text = '';
    const thinking = new ThinkingFilter();
    try {
      for await (const piece of model.stream(messages, AbortSignal.any(signals))) {
        text += thinking.push(piece);
        if (text.length > MAX_REWRITE_CHARS * 2) break;
      }
      text += thinking.end();
    } catch (err) {
      if (!(err instanceof LanguageModelError) || err.kind !== 'cancelled') this.logger.warn(`language model, rewriting a follow-up: ${err instanceof LanguageModelError ? err.detail : (err as Error).message}`, { model: model.label });
      return undefined;
    } finally {
      done.abort();
    }
    const line = text
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '')
      ?.replace(/^(?:rewritten question|question)\s*:\s*/i, '')
      .replace(/^["“'](.*)["”']$/, '$1')
      .trim();
    return line && line.length >= 3 && line.length <= MAX_REWRITE_CHARS ? line : undefined;
  }

  /**
   * The verdict with an explanation the model wrote from the evidence (`prompts/explain.md`),
   * when every sentence of it is supported by the evidence it cites (markers corrected to
   * the evidence that does); otherwise, or when the model fails, the verifier's own. The
   * verdict itself is never the model's.
   */
  async explain<V extends Verdict>(claim: string, verdict: V, signal?: AbortSignal): Promise<V> {
    const { model, prompts, settings, checker } = this.deps;
    const own = { ...verdict, explainedBy: 'verifier' as const };
    if (verdict.evidence.length === 0) return own;
    const words = { supported: 'supported: the passages state it', contradicted: 'contradicted: the passages state otherwise', not_enough_info: 'not enough information: the passages neither confirm nor contradict it' };
    const evidence = verdict.evidence.map((e) => `[${e.n}] ${e.title}\n${e.quote.trim()}`).join('\n\n');
    const messages = prompts.explain.render({ claim, verdict: words[verdict.verdict], evidence });
    const done = new AbortController();
    const signals = [done.signal, AbortSignal.timeout(settings.timeoutMs), ...(signal ? [signal] : [])];
    const chunkIds = verdict.evidence.map((e) => e.chunkId);
    const sentences = new SentenceStream();
    const thinking = new ThinkingFilter();
    const kept: string[] = [];
    try {
      const checkAll = async (list: GeneratedSentence[]) => {
        for (const s of list) {
          if (!/\p{L}/u.test(s.text)) continue;
          const check = await checker.check(s.text, s.cited, chunkIds);
          // One unsupported sentence and the whole explanation is the verifier's: it must read as one.
          if (check.supports.length === 0) throw new ExplanationRejected();
          kept.push(`${s.text} ${[...new Set(check.supports.map((x) => verdict.evidence[x.passage - 1]!.n))].map((n) => `[${n}]`).join(' ')}`);
        }
      };
      for await (const piece of model.stream(messages, AbortSignal.any(signals))) await checkAll(sentences.push(thinking.push(piece)));
      await checkAll([...sentences.push(thinking.end()), ...sentences.end()]);
    } catch (err) {
      if (err instanceof LanguageModelError && err.kind !== 'cancelled') this.logger.warn(`language model, explaining a verdict: ${err.detail}`, { model: model.label });
      else if (!(err instanceof ExplanationRejected) && !(err instanceof LanguageModelError)) this.logger.warn(`checking a generated explanation failed: ${(err as Error)?.message ?? String(err)}`);
      return own;
    } finally {
      done.abort();
    }
    return kept.length > 0 ? { ...verdict, explanation: kept.join(' '), explainedBy: 'generated' } : own;
  }

  /** The model's answer to `question`, verified sentence by sentence, or `extractive` with a note. */
  generate(question: string, extractive: AnswerResult, options: GenerateOptions = {}): Promise<GeneratedAnswer> {
    const { hold } = this.deps;
    return hold ? hold(() => this.write(question, extractive, options)) : this.write(question, extractive, options);
  }

  private async write(question: string, extractive: AnswerResult, options: GenerateOptions): Promise<GeneratedAnswer> {
    const { model, prompts, settings, checker, index } = this.deps;
    let checked = 0;
    const fallback = (dropped: number, note?: string, generateMs = 0, verifyMs = 0): GeneratedAnswer => ({
      ...extractive.answer,
      answerer: 'extractive',
      droppedSentences: dropped,
      unverifiedSentences: 0,
      ...(note ? { note } : {}),
      generateMs,
      verifyMs,
      checkedSentences: checked,
    });
    // Nothing relevant was found: there is nothing the model could be checked against.
    if (extractive.answer.status === 'not_found') return fallback(0);
    const passages = this.passagesOf(extractive);
    if (passages.length === 0) return fallback(0);
    const chunkIds = passages.map((p) => p.chunkId);
    const messages = prompts.answer.render({ question, passages: numberedPassages(passages) });

    const started = performance.now();
    // Aborted however the loop below ends, so that no request is left running upstream.
    const done = new AbortController();
    const signals = [done.signal, AbortSignal.timeout(settings.timeoutMs), ...(options.signal ? [options.signal] : [])];
    const signal = AbortSignal.any(signals);
    const citations: Citation[] = [];
    const shown: string[] = [];
    // With "mark", unverified sentences wait for a verified one: if none comes, they are never shown.
    const held: string[] = [];
    let dropped = 0;
    let unverified = 0;
    let verified = 0;
    let verifyMs = 0;
    let failure: LanguageModelError | undefined;

    const show = (text: string) => {
      options.onText?.(shown.length === 0 ? text : ` ${text}`);
      shown.push(text);
    };
    const cite = (s: Support): number => {
      const existing = citations.find((c) => c.docId === s.docId && c.start === s.start && c.end === s.end);
      if (existing) return existing.n;
      const doc = index.docs.get(s.docId)!;
      const citation: Citation = { n: citations.length + 1, docId: s.docId, title: doc.meta.title, chunkId: s.chunkId, quote: doc.text.slice(s.start, s.end), start: s.start, end: s.end };
      const source = doc.meta.sourceUrl ?? doc.meta.publisher;
      if (source) citation.source = source;
      const page = pageOf(doc, s.start);
      if (page !== undefined) citation.page = page;
      citations.push(citation);
      return citation.n;
    };
    const handle = async (sentence: GeneratedSentence) => {
      // A stray marker or bullet with no words is not a sentence.
      if (!/\p{L}/u.test(sentence.text)) return;
      const t = performance.now();
      const check = await checker.check(sentence.text, sentence.cited, chunkIds);
      verifyMs += performance.now() - t;
      checked++;
      if (check.supports.length > 0) {
        verified++;
        const markers = [...new Set(check.supports.map(cite))].map((n) => `[${n}]`).join(' ');
        for (const h of held.splice(0)) show(h);
        show(`${sentence.text} ${markers}`);
      } else if (settings.unverified === 'mark') {
        unverified++;
        const text = `${sentence.text} ${UNVERIFIED}`;
        if (shown.length > 0) show(text);
        else held.push(text);
      } else {
        dropped++;
        this.logger.debug?.('generated sentence dropped: no cited passage supports it', { cited: sentence.cited, chars: sentence.text.length });
      }
    };

    const sentences = new SentenceStream();
    const thinking = new ThinkingFilter();
    try {
      for await (const piece of model.stream(messages, signal)) {
        for (const s of sentences.push(thinking.push(piece))) await handle(s);
      }
      for (const s of [...sentences.push(thinking.end()), ...sentences.end()]) await handle(s);
    } catch (err) {
      if (err instanceof LanguageModelError) {
        failure = err;
        if (failure.kind !== 'cancelled') this.logger.warn(`language model: ${failure.detail}`, { model: model.label });
      } else {
        failure = new LanguageModelError('stream', 'its answer could not be checked');
        this.logger.warn(`checking a generated answer failed: ${(err as Error)?.message ?? String(err)}`);
      }
    } finally {
      done.abort();
    }
    const generateMs = performance.now() - started;
    if (verified === 0) {
      // Unverified sentences held back were never shown: they count as dropped.
      const removed = dropped + held.length;
      return fallback(removed, failure?.kind === 'cancelled' ? undefined : fallbackNote(failure, removed), generateMs, verifyMs);
    }
    const cutShort = failure && failure.kind !== 'cancelled' ? `The language model's answer was cut short (${failure.kind === 'timeout' ? 'it did not finish in time' : failure.message}); the sentences shown were verified.` : undefined;
    return {
      answer: shown.join(' '),
      status: extractive.answer.status,
      grounded: extractive.answer.grounded,
      confidence: extractive.answer.confidence,
      ...(extractive.answer.parts ? { parts: extractive.answer.parts } : {}),
      citations,
      related: [],
      // The sources can be seen to differ only where the answer cites more than one of them.
      sourcesDiffer: extractive.answer.sourcesDiffer && new Set(citations.map((c) => c.docId)).size > 1,
      answerer: 'generated',
      droppedSentences: dropped,
      unverifiedSentences: unverified - held.length,
      ...(cutShort ? { note: cutShort } : {}),
      generateMs,
      verifyMs,
      checkedSentences: checked,
    };
  }
}
