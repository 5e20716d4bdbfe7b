import { z } from 'zod';
import { AppError } from '../errors.js';
import { MAX_K } from '../retrieve/retriever.js';

/** Longest question or claim accepted, in characters. */
export const MAX_QUESTION_CHARS = 2000;

/** Longest conversation title a user may give, in characters. */
export const MAX_TITLE_CHARS = 200;
/** Longest feedback comment, in characters. */
export const MAX_COMMENT_CHARS = 2000;
/** Conversations listed at most in one response. */
export const MAX_CONVERSATIONS_LISTED = 200;

/** The shape of ids the server issues (conversations, turns), also for ids in paths. */
export const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;
const id = (name: string) => z.string().regex(ID_PATTERN, `${name} must be 1 to 64 letters, digits, "-" or "_"`);

const docIds = z.array(z.string().min(1).max(200)).max(100);

/** A turn replaces earlier ones only within a conversation named with it. */
const replaceNeedsConversation = (body: { conversationId?: string | undefined; replaceTurnId?: string | undefined }) => body.replaceTurnId === undefined || body.conversationId !== undefined;
const replaceNeedsConversationMessage = { message: 'replaceTurnId needs the conversationId it belongs to', path: ['replaceTurnId'] };

export const askBody = z
  .object({
    question: z.string().trim().min(1, 'question must not be empty').max(MAX_QUESTION_CHARS, `question must be at most ${MAX_QUESTION_CHARS} characters`),
    conversationId: id('conversationId').optional(),
    replaceTurnId: id('replaceTurnId').optional(),
    k: z.number().int().min(1).max(MAX_K).optional(),
    docIds: docIds.optional(),
  })
  .strict()
  .refine(replaceNeedsConversation, replaceNeedsConversationMessage);

export type AskBody = z.infer<typeof askBody>;

export const searchQuery = z
  .object({
    q: z.string().trim().min(1, 'q must not be empty').max(MAX_QUESTION_CHARS),
    k: z.coerce.number().int().min(1).max(MAX_K).optional(),
    docIds: z
      .string()
      .transform((s) => s.split(',').map((id) => id.trim()).filter(Boolean))
      .optional(),
  })
  .strict();

/** Parses input with a schema, turning failures into one readable 400 message. */
export function parse<T>(schema: z.ZodType<T>, input: unknown): T {
  const result = schema.safeParse(input ?? {});
  if (result.success) return result.data;
  const message = result.error.issues
    .map((issue) => {
      const where = issue.path.length ? issue.path.join('.') : 'body';
      if (issue.code === 'unrecognized_keys') return `unknown field(s): ${issue.keys.join(', ')}`;
      if (issue.code === 'invalid_type' && issue.path.length === 0) return 'the body must be a JSON object';
      return `${where}: ${issue.message}`;
    })
    .join('; ');
  throw new AppError('INVALID_INPUT', message);
}

export const verifyBody = z
  .object({
    claim: z.string().trim().min(1, 'claim must not be empty').max(MAX_QUESTION_CHARS, `claim must be at most ${MAX_QUESTION_CHARS} characters`),
    conversationId: id('conversationId').optional(),
    replaceTurnId: id('replaceTurnId').optional(),
    docIds: docIds.optional(),
  })
  .strict()
  .refine(replaceNeedsConversation, replaceNeedsConversationMessage);

export const conversationListQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(MAX_CONVERSATIONS_LISTED, `limit must be at most ${MAX_CONVERSATIONS_LISTED}`).optional(),
  })
  .strict();

export const conversationParams = z.object({ id: id('the conversation id') });

export const renameBody = z
  .object({
    title: z.string().trim().min(1, 'title must not be empty').max(MAX_TITLE_CHARS, `title must be at most ${MAX_TITLE_CHARS} characters`),
  })
  .strict();

export const feedbackBody = z
  .object({
    conversationId: id('conversationId'),
    turnId: id('turnId'),
    rating: z.enum(['up', 'down'], 'rating must be "up" or "down"'),
    comment: z.string().max(MAX_COMMENT_CHARS, `comment must be at most ${MAX_COMMENT_CHARS} characters`).nullable().optional(),
  })
  .strict();
