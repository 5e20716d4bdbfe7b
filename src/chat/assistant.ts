import { randomUUID } from 'node:crypto';
import type { Answerer, AnswerTimings } from '../answer/answerer.js';
import { AppError } from '../errors.js';
import type { GenerateOptions, Generator } from '../generate/generated-answerer.js';
import type { Answer, AnswerProvenance, SearchTimings, Verdict } from '../types.js';
import type { Verifier, VerifyOptions } from '../verify/verifier.js';
import { LOCAL_CLIENT, type ConversationStore, type TurnMode } from './conversations.js';
import { isFollowUp, rewriteFollowUp, standaloneOf } from './rewrite.js';
import { openConversationStore } from './sqlite-conversations.js';

/** What the assistant returns for one question. */
export interface AskResult extends Answer, AnswerProvenance {
  conversationId: string;
  /** The question as it was searched: a follow-up made standalone using earlier turns, misspellings corrected. */
  standaloneQuestion: string;
  timings: AnswerTimings;
}

/** An answer to a question whose conversation the caller keeps: no conversation id. */
export type AnswerInContext = Omit<AskResult, 'conversationId'>;

/** What the assistant returns for one claim. */
export interface CheckResult extends Verdict {
  conversationId: string;
  timings: SearchTimings & { totalMs: number };
}

/** A result once saved as a turn of its conversation. */
export type Saved<T> = T & { turnId: string };

/** Which conversation a turn goes to, and whose it is. */
export interface TurnOptions {
  /** A conversation this client started; unknown ids start a new conversation. */
  conversationId?: string;
  /** Remove this turn of the conversation, and every later one, before answering (regenerate, edit and resend). */
  replaceTurnId?: string;
  /** Who is asking (an API key or IP address): conversations belong to their client. */
  client?: string;
}

export interface AskOptions extends TurnOptions, GenerateOptions {
  k?: number;
  docIds?: string[];
  /** The standalone question, when the caller has already asked `standalone` for it. */
  standaloneQuestion?: string;
}

/** Earlier questions a language model sees when it rewrites a follow-up. */
const REWRITE_HISTORY = 3;

export interface CheckOptions extends TurnOptions {
  docIds?: string[];
}

/**
 * Answers questions and checks claims within conversations: rewrites follow-ups, answers
 * (on this thread or the answer workers), and saves each turn with the whole response.
 * Answering and saving are separate steps for streaming, where a turn the user stops is
 * not saved; `ask` and `verify` do both. With a generator (a language model is
 * configured), the extractive answer is worked out first, for its passages and as the
 * fallback, and the model then writes the answer from the same passages.
 */
export class Assistant {
  constructor(
    private readonly answerer: Answerer,
    private readonly verifier: Pick<Verifier, 'verify'>,
    readonly conversations: ConversationStore = openConversationStore(),
    private readonly generator?: Generator,
  ) {}

  /** Which answerer writes answers. */
  get kind(): AnswerProvenance['answerer'] {
    return this.generator ? 'generated' : 'extractive';
  }

  /**
   * The id of the conversation a turn goes to: the client's own conversation, or a new
   * one. With `replaceTurnId`, that turn and the later ones are removed first; the
   * conversation must then exist (CONVERSATION_NOT_FOUND) and hold the turn (TURN_NOT_FOUND).
   */
  conversationFor(options: TurnOptions): string {
    const owner = options.client ?? LOCAL_CLIENT;
    if (options.replaceTurnId === undefined) return this.conversations.resume(options.conversationId, owner);
    if (options.conversationId === undefined) throw new AppError('INVALID_INPUT', 'replaceTurnId needs the conversationId it belongs to');
    this.conversations.truncate(options.conversationId, options.replaceTurnId, owner);
    return options.conversationId;
  }

  /** The standalone form of a question in a conversation, without answering it. */
  async standalone(question: string, conversationId: string | undefined, client?: string, signal?: AbortSignal): Promise<string> {
    const owner = client ?? LOCAL_CLIENT;
    const previous = conversationId ? this.conversations.lastQuestion(conversationId, owner) : undefined;
    // The earlier questions are read only when a language model will see them.
    const history = () =>
      this.conversations.get(conversationId!, owner).turns.flatMap((t) => (t.mode === 'ask' && typeof t.result.standaloneQuestion === 'string' ? [t.result.standaloneQuestion] : []));
    return this.rewrite(question, history, previous, signal);
  }

  /**
   * A follow-up made standalone: by the rules, or with a language model by the model
   * (from `prompts/rewrite.md`), the rules' version standing in when the model fails.
   * Questions that do not point back are never sent to the model.
   */
  private async rewrite(question: string, history: () => string[], previous: string | undefined, signal?: AbortSignal): Promise<string> {
    const ruled = rewriteFollowUp(question, previous);
    if (!this.generator || previous === undefined || !isFollowUp(question.trim())) return ruled;
    return (await this.generator.rewrite(question.trim(), history().slice(-REWRITE_HISTORY), signal)) ?? ruled;
  }

  /** Answers a question in a conversation (from `conversationFor`), without saving the turn. */
  async answer(question: string, conversationId: string, options: Omit<AskOptions, Exclude<keyof TurnOptions, 'client'>> = {}): Promise<AskResult> {
    const standalone = options.standaloneQuestion ?? (await this.standalone(question, conversationId, options.client, options.signal));
    return { ...(await this.answerStandalone(standalone, options)), conversationId };
  }

  /**
   * Answers a question that follows `earlierQuestions` (oldest first) in a conversation
   * the caller keeps, as OpenAI-style clients send the whole history with every request.
   * Follow-ups are rewritten as in a stored conversation, and nothing is stored.
   */
  async askAfter(question: string, earlierQuestions: string[], options: Pick<AskOptions, 'k' | 'docIds' | 'signal' | 'onText'> = {}): Promise<AnswerInContext> {
    const asked = earlierQuestions.filter((q) => q.trim() !== '');
    return this.answerStandalone(await this.rewrite(question, () => asked, standaloneOf(asked), options.signal), options);
  }

  private async answerStandalone(standaloneQuestion: string, options: Pick<AskOptions, 'k' | 'docIds' | 'signal' | 'onText'>): Promise<AnswerInContext> {
    const extractive = await this.answerer.answer(standaloneQuestion, {
      ...(options.k !== undefined ? { k: options.k } : {}),
      ...(options.docIds?.length ? { docIds: options.docIds } : {}),
    });
    // What was searched for, with follow-ups made standalone and misspellings corrected.
    const { timings, question: searched } = extractive;
    if (!this.generator) return { ...extractive.answer, answerer: 'extractive', droppedSentences: 0, unverifiedSentences: 0, standaloneQuestion: searched, timings };
    const { generateMs, verifyMs, checkedSentences: _, ...generated } = await this.generator.generate(searched, extractive, options);
    return { ...generated, standaloneQuestion: searched, timings: { ...timings, generateMs, verifyMs, totalMs: timings.totalMs + generateMs } };
  }

  /** Checks a claim in a conversation (from `conversationFor`), without saving the turn. */
  async check(claim: string, conversationId: string, options: VerifyOptions = {}): Promise<CheckResult> {
    const verdict = await this.verifier.verify(claim, { ...(options.docIds?.length ? { docIds: options.docIds } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    return { ...verdict, conversationId };
  }

  /** Saves a turn with the response it gave, which then carries the new turn's id. */
  save<T extends { conversationId: string }>(mode: TurnMode, input: string, result: T, client?: string): Saved<T> {
    const saved = { ...result, turnId: randomUUID() };
    this.conversations.append(result.conversationId, { id: saved.turnId, mode, input, result: saved }, client ?? LOCAL_CLIENT);
    return saved;
  }

  /** Answers a question and saves the turn. */
  async ask(question: string, options: AskOptions = {}): Promise<Saved<AskResult>> {
    const conversationId = this.conversationFor(options);
    return this.save('ask', question, await this.answer(question, conversationId, options), options.client);
  }

  /** Checks a claim and saves the turn. */
  async verify(claim: string, options: CheckOptions = {}): Promise<Saved<CheckResult>> {
    const conversationId = this.conversationFor(options);
    return this.save('verify', claim, await this.check(claim, conversationId, options), options.client);
  }
}
