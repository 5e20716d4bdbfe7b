/** What a turn was: a question answered, or a claim checked. */
export type TurnMode = 'ask' | 'verify';

/** A thumbs up or down on one turn, with an optional comment. */
export interface TurnFeedback {
  rating: 'up' | 'down';
  comment: string | null;
  /** ISO 8601. */
  at: string;
}

/** One exchange in a saved conversation. */
export interface Turn {
  /** Issued by the server when the turn is saved. */
  id: string;
  mode: TurnMode;
  /** The question (ask) or the claim (verify), as the user typed it. */
  input: string;
  /** ISO 8601. */
  at: string;
  /** The whole response body the client was given: /api/ask's for `ask`, /api/verify's for `verify`. */
  result: Record<string, unknown>;
  feedback: TurnFeedback | null;
}

/** A turn about to be saved. */
export type NewTurn = Pick<Turn, 'id' | 'mode' | 'input' | 'result'>;

/** A conversation as listed: no turns. */
export interface ConversationSummary {
  id: string;
  /** The name the user gave it, or its first question or claim cut to 80 characters. */
  title: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601: when the last turn was added (or turns removed). */
  updatedAt: string;
  turnCount: number;
}

/** A conversation with its turns, oldest first. */
export interface Conversation extends Omit<ConversationSummary, 'turnCount'> {
  turns: Turn[];
}

/** Feedback with a copy of the turn it rates, kept even after the turn itself is dropped. */
export interface FeedbackRecord extends TurnFeedback {
  conversationId: string;
  turnId: string;
  mode: TurnMode;
  input: string;
  result: Record<string, unknown>;
  /** ISO 8601: when the rated turn was saved. */
  turnAt: string;
}

/** Which feedback to read back. */
export interface FeedbackFilter {
  rating?: 'up' | 'down';
  /** Only feedback given at or after this time. */
  since?: Date;
}

/** The owner of conversations started without a client (the CLI, tests). */
export const LOCAL_CLIENT = 'local';

/** Longest title made from a first question or claim. */
export const TITLE_CHARS = 80;

/**
 * The default title of a conversation: its first question or claim on one line, cut at a
 * word boundary so that it ends with "…" within 80 characters. A single word longer
 * than that is cut where it must be.
 */
export function titleFrom(input: string, max = TITLE_CHARS): string {
  const line = input.replace(/\s+/g, ' ').trim();
  if (line.length <= max) return line;
  const room = line.slice(0, max - 1);
  const space = room.lastIndexOf(' ');
  return `${(space > 0 ? room.slice(0, space) : room).trimEnd()}…`;
}

/**
 * Saved conversations, each belonging to the client that started it. Ids are issued here
 * and unguessable; an id a client made up, or another client's, is not found: reading
 * methods throw `CONVERSATION_NOT_FOUND` (or `TURN_NOT_FOUND` for a turn), and `resume`
 * starts a new conversation instead. Every method is synchronous: the store lives on the
 * server's main thread, never on the answer workers.
 */
export interface ConversationStore {
  /** Starts an empty conversation for a client and returns its new id. */
  start(owner?: string): string;
  /** The id itself when it names a live conversation of this client, else a new conversation's id. */
  resume(id: string | undefined, owner?: string): string;
  /** Whether the id names a live conversation of this client. */
  has(id: string, owner?: string): boolean;
  /** A client's conversations that have at least one turn, most recently active first. */
  list(owner: string, limit: number): ConversationSummary[];
  /** One conversation with its turns, oldest first. */
  get(id: string, owner?: string): Conversation;
  /** Gives a conversation a title of the user's choosing. */
  rename(id: string, owner: string, title: string): ConversationSummary;
  /** Deletes a conversation, its turns and the feedback on them. */
  remove(id: string, owner: string): void;
  /** The standalone form of the conversation's last question, for rewriting a follow-up. */
  lastQuestion(id: string, owner?: string): string | undefined;
  /** Saves a turn at the end of a conversation. */
  append(id: string, turn: NewTurn, owner?: string): Turn;
  /** Removes a turn and every later turn (for "regenerate" and "edit and resend"). */
  truncate(id: string, turnId: string, owner?: string): void;
  /** Saves feedback on a turn, replacing any given before. */
  setFeedback(id: string, turnId: string, feedback: Omit<TurnFeedback, 'at'>, owner?: string): TurnFeedback;
  /** Feedback given, oldest first, each with a copy of the turn it rates. */
  feedback(filter?: FeedbackFilter): FeedbackRecord[];
  close(): void;
}
