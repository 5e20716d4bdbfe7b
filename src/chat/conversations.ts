import { randomUUID } from 'node:crypto';

/** One exchange in a conversation. */
export interface Turn {
  question: string;
  standaloneQuestion: string;
  answer: string;
  at: number;
}

export interface ConversationLimits {
  /** Conversations kept at once, for all clients; the least recently used is dropped first. @default 10000 */
  maxConversations: number;
  /** Conversations kept per client, so that one client cannot push out everyone else's. @default 50 */
  maxPerClient: number;
  /** Turns kept per conversation. @default 20 */
  maxTurns: number;
  /** A conversation idle this long (ms) is forgotten. @default 30 minutes */
  maxIdleMs: number;
}

export const DEFAULT_CONVERSATION_LIMITS: ConversationLimits = { maxConversations: 10_000, maxPerClient: 50, maxTurns: 20, maxIdleMs: 30 * 60_000 };

/** The owner of conversations started without a client (the CLI, tests). */
export const LOCAL_CLIENT = 'local';

interface Conversation {
  owner: string;
  turns: Turn[];
}

/**
 * Conversations in memory, bounded in number, length and age so that a busy or
 * long-running server cannot grow without limit. Ids are issued here, random and
 * unguessable, and each belongs to the client that started it: an id a client made up,
 * or another client's, is simply not found. A Map keeps insertion order, which makes it
 * an LRU when entries are re-inserted on use.
 */
export class ConversationStore {
  private readonly conversations = new Map<string, Conversation>();
  /** Each client's conversation ids, least recently used first. */
  private readonly byOwner = new Map<string, Set<string>>();
  private readonly limits: ConversationLimits;

  constructor(
    limits: Partial<ConversationLimits> = {},
    private readonly now: () => number = Date.now,
  ) {
    this.limits = { ...DEFAULT_CONVERSATION_LIMITS, ...limits };
  }

  get size(): number {
    return this.conversations.size;
  }

  /** Starts a conversation for a client and returns its new id. */
  start(owner: string = LOCAL_CLIENT): string {
    const id = randomUUID();
    this.touch(id, { owner, turns: [] });
    return id;
  }

  /** The id itself when it names a live conversation of this client, else a new conversation's id. */
  resume(id: string | undefined, owner: string = LOCAL_CLIENT): string {
    return id !== undefined && this.live(id, owner) ? id : this.start(owner);
  }

  /** The turns of a conversation, oldest first; empty for an unknown, expired or someone else's one. */
  history(id: string, owner: string = LOCAL_CLIENT): Turn[] {
    return [...(this.live(id, owner)?.turns ?? [])];
  }

  /** Adds a turn to a conversation this client started. */
  append(id: string, turn: Omit<Turn, 'at'>, owner: string = LOCAL_CLIENT): void {
    const conversation = this.live(id, owner) ?? { owner, turns: [] };
    conversation.turns = [...conversation.turns, { ...turn, at: this.now() }].slice(-this.limits.maxTurns);
    this.touch(id, conversation);
  }

  private live(id: string, owner: string): Conversation | undefined {
    const c = this.conversations.get(id);
    if (!c || c.owner !== owner) return undefined;
    const last = c.turns.at(-1)?.at;
    if (last !== undefined && this.now() - last > this.limits.maxIdleMs) {
      this.forget(id);
      return undefined;
    }
    return c;
  }

  private touch(id: string, conversation: Conversation): void {
    this.forget(id);
    this.conversations.set(id, conversation);
    const mine = this.byOwner.get(conversation.owner) ?? new Set<string>();
    mine.add(id);
    this.byOwner.set(conversation.owner, mine);
    while (mine.size > this.limits.maxPerClient) this.forget(mine.values().next().value!);
    while (this.conversations.size > this.limits.maxConversations) this.forget(this.conversations.keys().next().value!);
  }

  private forget(id: string): void {
    const c = this.conversations.get(id);
    if (!c) return;
    this.conversations.delete(id);
    const mine = this.byOwner.get(c.owner);
    mine?.delete(id);
    if (mine?.size === 0) this.byOwner.delete(c.owner);
  }
}
