import { randomUUID } from 'node:crypto';

/** One exchange in a conversation. */
export interface Turn {
  question: string;
  standaloneQuestion: string;
  answer: string;
  at: number;
}

export interface ConversationLimits {
  /** Conversations kept at once; the least recently used is dropped first. @default 1000 */
  maxConversations: number;
  /** Turns kept per conversation. @default 20 */
  maxTurns: number;
  /** A conversation idle this long (ms) is forgotten. @default 30 minutes */
  maxIdleMs: number;
}

export const DEFAULT_CONVERSATION_LIMITS: ConversationLimits = { maxConversations: 1000, maxTurns: 20, maxIdleMs: 30 * 60_000 };

/**
 * Conversations in memory, bounded in number, length and age so that a busy or
 * long-running server cannot grow without limit. A Map keeps insertion order, which
 * makes it an LRU when entries are re-inserted on use.
 */
export class ConversationStore {
  private readonly conversations = new Map<string, Turn[]>();
  private readonly limits: ConversationLimits;

  constructor(
    limits: Partial<ConversationLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_CONVERSATION_LIMITS, ...limits };
  }

  static newId(): string {
    return randomUUID();
  }

  get size(): number {
    return this.conversations.size;
  }

  /** The turns of a conversation, oldest first; empty for an unknown or expired one. */
  history(id: string): Turn[] {
    const turns = this.conversations.get(id);
    if (!turns) return [];
    if (this.now() - (turns.at(-1)?.at ?? 0) > this.limits.maxIdleMs) {
      this.conversations.delete(id);
      return [];
    }
    return [...turns];
  }

  append(id: string, turn: Omit<Turn, 'at'>): void {
    const turns = this.history(id);
    turns.push({ ...turn, at: this.now() });
    this.conversations.delete(id);
    this.conversations.set(id, turns.slice(-this.limits.maxTurns));
    while (this.conversations.size > this.limits.maxConversations) {
      this.conversations.delete(this.conversations.keys().next().value!);
    }
  }
}
