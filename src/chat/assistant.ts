import { randomUUID } from 'node:crypto';
import type { Answerer, AnswerTimings } from '../answer/answerer.js';
import { AppError } from '../errors.js';
import type { Answer, SearchTimings, Verdict } from '../types.js';
import type { Verifier } from '../verify/verifier.js';
import { LOCAL_CLIENT, type ConversationStore, type TurnMode } from './conversations.js';
import { rewriteFollowUp } from './rewrite.js';
import { openConversationStore } from './sqlite-conversations.js';

/** What the assistant returns for one question. */
export interface AskResult extends Answer {
  conversationId: string;
  /** The question as it was searched: a follow-up made standalone using earlier turns, misspellings corrected. */
  standaloneQuestion: string;
  timings: AnswerTimings;
}

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

export interface AskOptions extends TurnOptions {
  k?: number;
  docIds?: string[];
}

export interface CheckOptions extends TurnOptions {
  docIds?: string[];
}

/**
 * Answers questions and checks claims within conversations: rewrites follow-ups, answers
 * (on this thread or the answer workers), and saves each turn with the whole response.
 * Answering and saving are separate steps for streaming, where a turn the user stops is
 * not saved; `ask` and `verify` do both.
 */
export class Assistant {
  constructor(
    private readonly answerer: Answerer,
    private readonly verifier: Pick<Verifier, 'verify'>,
    readonly conversations: ConversationStore = openConversationStore(),
  ) {}

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
  standalone(question: string, conversationId: string | undefined, client?: string): string {
    const previous = conversationId ? this.conversations.lastQuestion(conversationId, client ?? LOCAL_CLIENT) : undefined;
    return rewriteFollowUp(question, previous);
  }

  /** Answers a question in a conversation (from `conversationFor`), without saving the turn. */
  async answer(question: string, conversationId: string, options: Omit<AskOptions, keyof TurnOptions> & Pick<TurnOptions, 'client'> = {}): Promise<AskResult> {
    const standaloneQuestion = this.standalone(question, conversationId, options.client);
    const { answer, timings, question: searched } = await this.answerer.answer(standaloneQuestion, {
      ...(options.k !== undefined ? { k: options.k } : {}),
      ...(options.docIds?.length ? { docIds: options.docIds } : {}),
    });
    // What was searched for, with follow-ups made standalone and misspellings corrected.
    return { ...answer, conversationId, standaloneQuestion: searched, timings };
  }

  /** Checks a claim in a conversation (from `conversationFor`), without saving the turn. */
  async check(claim: string, conversationId: string, options: Pick<CheckOptions, 'docIds'> = {}): Promise<CheckResult> {
    const verdict = await this.verifier.verify(claim, options.docIds?.length ? { docIds: options.docIds } : {});
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
