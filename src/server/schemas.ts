import { z } from 'zod';
import { AppError } from '../errors.js';
import { MAX_K } from '../retrieve/retriever.js';

/** Longest question or claim accepted, in characters. */
export const MAX_QUESTION_CHARS = 2000;

const docIds = z.array(z.string().min(1).max(200)).max(100);

export const askBody = z
  .object({
    question: z.string().trim().min(1, 'question must not be empty').max(MAX_QUESTION_CHARS, `question must be at most ${MAX_QUESTION_CHARS} characters`),
    conversationId: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,64}$/, 'conversationId must be 1 to 64 letters, digits, "-" or "_"')
      .optional()
      .describe('Continue a conversation the server issued to this client; follow-ups are rewritten using its earlier turns'),
    k: z.number().int().min(1).max(MAX_K).optional().describe('Passages to consider (at least 6 are always read)'),
    docIds: docIds.optional().describe('Only answer from these documents'),
  })
  .strict();

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
    docIds: docIds.optional().describe('Only check against these documents'),
  })
  .strict();
