import type { Answerer, AnswerTimings } from '../answer/answerer.js';
import type { Answer } from '../types.js';
import { ConversationStore } from './conversations.js';
import { rewriteFollowUp, standaloneOf } from './rewrite.js';

/** What the assistant returns for one question. */
export interface AskResult extends Answer {
  conversationId: string;
  /** The question as it was searched: a follow-up made standalone using earlier turns, misspellings corrected. */
  standaloneQuestion: string;
  timings: AnswerTimings;
}

/** An answer to a question whose conversation the caller keeps: no conversation id. */
export type AnswerInContext = Omit<AskResult, 'conversationId'>;

export interface AskOptions {
  /** A conversation this client started; unknown ids start a new conversation. */
  conversationId?: string;
  /** Who is asking (an API key or IP address): conversations belong to their client. */
  client?: string;
  k?: number;
  docIds?: string[];
}

/** Answers questions within conversations: rewrites follow-ups, answers, remembers the turn. */
export class Assistant {
  constructor(
    private readonly answerer: Answerer,
    readonly conversations: ConversationStore = new ConversationStore(),
  ) {}

  /** The standalone form of a question in a conversation, without answering it. */
  standalone(question: string, conversationId: string | undefined, client?: string): string {
    const previous = conversationId ? this.conversations.history(conversationId, client).at(-1)?.standaloneQuestion : undefined;
    return rewriteFollowUp(question, previous);
  }

  async ask(question: string, options: AskOptions = {}): Promise<AskResult> {
    const conversationId = this.conversations.resume(options.conversationId, options.client);
    const result = await this.answerStandalone(this.standalone(question, conversationId, options.client), options);
    // What was searched for, with follow-ups made standalone and misspellings corrected.
    this.conversations.append(conversationId, { question, standaloneQuestion: result.standaloneQuestion, answer: result.answer }, options.client);
    return { ...result, conversationId };
  }

  /**
   * Answers a question that follows `earlierQuestions` (oldest first) in a conversation
   * the caller keeps, as OpenAI-style clients send the whole history with every request.
   * Follow-ups are rewritten as in a stored conversation, and nothing is stored.
   */
  askAfter(question: string, earlierQuestions: string[], options: Pick<AskOptions, 'k' | 'docIds'> = {}): Promise<AnswerInContext> {
    return this.answerStandalone(rewriteFollowUp(question, standaloneOf(earlierQuestions)), options);
  }

  private async answerStandalone(standaloneQuestion: string, options: Pick<AskOptions, 'k' | 'docIds'>): Promise<AnswerInContext> {
    const { answer, timings, question: searched } = await this.answerer.answer(standaloneQuestion, {
      ...(options.k !== undefined ? { k: options.k } : {}),
      ...(options.docIds?.length ? { docIds: options.docIds } : {}),
    });
    return { ...answer, standaloneQuestion: searched, timings };
  }
}
