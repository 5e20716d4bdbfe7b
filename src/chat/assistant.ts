import type { Answerer, AnswerTimings } from '../answer/answerer.js';
import type { GenerateOptions, Generator } from '../generate/generated-answerer.js';
import type { Answer, AnswerProvenance } from '../types.js';
import { ConversationStore } from './conversations.js';
import { isFollowUp, rewriteFollowUp, standaloneOf } from './rewrite.js';

/** What the assistant returns for one question. */
export interface AskResult extends Answer, AnswerProvenance {
  conversationId: string;
  /** The question as it was searched: a follow-up made standalone using earlier turns, misspellings corrected. */
  standaloneQuestion: string;
  timings: AnswerTimings;
}

/** An answer to a question whose conversation the caller keeps: no conversation id. */
export type AnswerInContext = Omit<AskResult, 'conversationId'>;

export interface AskOptions extends GenerateOptions {
  /** A conversation this client started; unknown ids start a new conversation. */
  conversationId?: string;
  /** Who is asking (an API key or IP address): conversations belong to their client. */
  client?: string;
  k?: number;
  docIds?: string[];
  /** The standalone question, when the caller has already asked `standalone` for it. */
  standaloneQuestion?: string;
}

/** Earlier questions a language model sees when it rewrites a follow-up. */
const REWRITE_HISTORY = 3;

/**
 * Answers questions within conversations: rewrites follow-ups, answers, remembers the
 * turn. With a generator (a language model is configured), the extractive answer is
 * worked out first, for its passages and as the fallback, and the model then writes the
 * answer from the same passages.
 */
export class Assistant {
  constructor(
    private readonly answerer: Answerer,
    readonly conversations: ConversationStore = new ConversationStore(),
    private readonly generator?: Generator,
  ) {}

  /** Which answerer writes answers. */
  get kind(): AnswerProvenance['answerer'] {
    return this.generator ? 'generated' : 'extractive';
  }

  /** The standalone form of a question in a conversation, without answering it. */
  standalone(question: string, conversationId: string | undefined, client?: string, signal?: AbortSignal): Promise<string> {
    const history = conversationId ? this.conversations.history(conversationId, client).map((turn) => turn.standaloneQuestion) : [];
    return this.rewrite(question, history, history.at(-1), signal);
  }

  /**
   * A follow-up made standalone: by the rules, or with a language model by the model
   * (from `prompts/rewrite.md`), the rules' version standing in when the model fails.
   * Questions that do not point back are never sent to the model.
   */
  private async rewrite(question: string, history: string[], previous: string | undefined, signal?: AbortSignal): Promise<string> {
    const ruled = rewriteFollowUp(question, previous);
    if (!this.generator || previous === undefined || !isFollowUp(question.trim())) return ruled;
    return (await this.generator.rewrite(question.trim(), history.slice(-REWRITE_HISTORY), signal)) ?? ruled;
  }

  async ask(question: string, options: AskOptions = {}): Promise<AskResult> {
    const conversationId = this.conversations.resume(options.conversationId, options.client);
    const standalone = options.standaloneQuestion ?? (await this.standalone(question, conversationId, options.client, options.signal));
    const result = await this.answerStandalone(standalone, options);
    // What was searched for, with follow-ups made standalone and misspellings corrected.
    this.conversations.append(conversationId, { question, standaloneQuestion: result.standaloneQuestion, answer: result.answer }, options.client);
    return { ...result, conversationId };
  }

  /**
   * Answers a question that follows `earlierQuestions` (oldest first) in a conversation
   * the caller keeps, as OpenAI-style clients send the whole history with every request.
   * Follow-ups are rewritten as in a stored conversation, and nothing is stored.
   */
  async askAfter(question: string, earlierQuestions: string[], options: Pick<AskOptions, 'k' | 'docIds' | 'signal' | 'onText'> = {}): Promise<AnswerInContext> {
    const asked = earlierQuestions.filter((q) => q.trim() !== '');
    return this.answerStandalone(await this.rewrite(question, asked, standaloneOf(asked), options.signal), options);
  }

  private async answerStandalone(standaloneQuestion: string, options: Pick<AskOptions, 'k' | 'docIds' | 'signal' | 'onText'>): Promise<AnswerInContext> {
    const extractive = await this.answerer.answer(standaloneQuestion, {
      ...(options.k !== undefined ? { k: options.k } : {}),
      ...(options.docIds?.length ? { docIds: options.docIds } : {}),
    });
    const { timings, question: searched } = extractive;
    if (!this.generator) return { ...extractive.answer, answerer: 'extractive', droppedSentences: 0, unverifiedSentences: 0, standaloneQuestion: searched, timings };
    const { generateMs, verifyMs, checkedSentences: _, ...generated } = await this.generator.generate(searched, extractive, options);
    return { ...generated, standaloneQuestion: searched, timings: { ...timings, generateMs, verifyMs, totalMs: timings.totalMs + generateMs } };
  }
}
