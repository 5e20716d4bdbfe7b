import { z } from 'zod';

/**
 * What the API answers, as zod schemas: the single source of the response types the
 * routes are checked against at compile time and of the OpenAPI document
 * (`openapi.ts` converts them with `z.toJSONSchema`). Each schema with an `id` becomes a
 * named component. Request bodies are in `schemas.ts`, beside the parser that applies them.
 */

/** Milliseconds spent in each stage of a search. */
const searchTimings = { embedMs: z.number(), denseMs: z.number(), lexicalMs: z.number(), fuseMs: z.number() };

export const errorBody = z
  .object({ error: z.object({ code: z.string().meta({ description: 'A stable, machine-readable code such as INVALID_INPUT' }), message: z.string() }) })
  .meta({ id: 'Error' });

const citationFields = {
  docId: z.string(),
  title: z.string(),
  source: z.string().optional().meta({ description: 'Source URL, or the publisher when no URL is known' }),
  chunkId: z.string(),
  quote: z.string().meta({ description: 'Exactly text.slice(start, end) of GET /api/documents/{docId}' }),
  start: z.int().min(0),
  end: z.int().min(0),
  page: z.int().min(1).optional().meta({ description: 'For a PDF: the page the quote starts on' }),
};

export const citation = z.object({ n: z.int().min(1).meta({ description: 'Number used by the [n] markers in the text' }), ...citationFields }).meta({ id: 'Citation' });

export const relatedPassage = z.object(citationFields).meta({ id: 'RelatedPassage', description: 'A nearby passage; not claimed to answer the question' });

const answerStatus = z.enum(['answered', 'partial', 'not_found']).meta({
  id: 'AnswerStatus',
  description: 'answered: grounded, with citations; partial: the documents touch the question but do not settle it (the closest passages are cited and the answer says so); not_found: nothing relevant',
});

const answerer = z.enum(['generated', 'extractive']).meta({
  id: 'Answerer',
  description: 'generated: written by the configured language model, each sentence checked against the passage it cites; extractive: sentences quoted from the passages',
});

export const askResponse = z
  .object({
    answer: z.string().meta({ description: 'Answer with inline [n] markers, or a statement that the documents do not answer it' }),
    status: answerStatus,
    grounded: z.boolean().meta({ description: 'True exactly when status is answered' }),
    confidence: z.number().min(0).max(1).meta({ description: "The model's probability that the best passage answers the question" }),
    parts: z
      .array(z.object({ question: z.string(), status: answerStatus }))
      .optional()
      .meta({ description: 'For a question with several parts: each part and how far it is answered' }),
    citations: z.array(citation),
    related: z.array(relatedPassage).meta({ description: 'Nearest passages when status is not_found' }),
    sourcesDiffer: z.boolean().meta({ description: 'Cited sources give different figures or dates for the same thing' }),
    answerer,
    droppedSentences: z.int().min(0).meta({ description: "The language model's sentences removed because no passage supports them or they cite none" }),
    unverifiedSentences: z.int().min(0).meta({ description: 'Generated sentences kept but marked [unverified] (LLM_UNVERIFIED=mark)' }),
    note: z.string().optional().meta({ description: "Why a configured language model's answer was not used (the answer is extractive), or was cut short" }),
    conversationId: z.string(),
    turnId: z.string().meta({ description: 'The id of the saved turn (for feedback, regenerate, edit and resend)' }),
    standaloneQuestion: z.string().meta({ description: 'The question as searched: a follow-up made standalone, misspellings corrected' }),
    timings: z
      .object({
        ...searchTimings,
        composeMs: z.number(),
        totalMs: z.number(),
        generateMs: z.number().optional().meta({ description: 'With a language model: from the prompt to its last token' }),
        verifyMs: z.number().optional().meta({ description: "With a language model: checking its sentences against the passages" }),
      })
      .meta({ description: 'Milliseconds per stage' }),
  })
  .meta({ id: 'AskResponse' });

export const verifyResponse = z
  .object({
    verdict: z.enum(['supported', 'contradicted', 'not_enough_info']),
    confidence: z.number().min(0).max(1).meta({ description: "The model's probability for the verdict given" }),
    evidence: z.array(citation.extend({ stance: z.enum(['supports', 'contradicts', 'related']) })),
    explanation: z.string().meta({ description: 'One or two sentences citing the evidence with [n] markers' }),
    conversationId: z.string(),
    turnId: z.string().meta({ description: 'The id of the saved turn' }),
    explainedBy: z
      .enum(['verifier', 'generated'])
      .optional()
      .meta({ description: 'With a language model configured: generated when it wrote the explanation (every sentence supported by the evidence it cites), verifier otherwise. The verdict is always the verifier\'s' }),
    timings: z.object({ ...searchTimings, totalMs: z.number() }).meta({ description: 'Milliseconds per stage' }),
  })
  .meta({ id: 'VerifyResponse' });

export const searchResponse = z
  .object({
    results: z.array(
      z.object({
        chunkId: z.string(),
        docId: z.string(),
        title: z.string(),
        text: z.string(),
        score: z.number(),
        start: z.int().min(0),
        end: z.int().min(0),
        headingPath: z.array(z.string()),
      }),
    ),
  })
  .meta({ id: 'SearchResponse' });

export const documentSummary = z
  .object({
    id: z.string(),
    title: z.string(),
    publisher: z.string().nullable(),
    author: z.string().nullable().meta({ description: 'Who wrote it, when its metadata names someone besides the publisher' }),
    date: z.string().nullable(),
    sourceUrl: z.string().nullable(),
    source: z.string().nullable().meta({ description: 'The source URL, else the publisher' }),
    description: z.string().nullable(),
    details: z.record(z.string(), z.string()).meta({ description: "The rest of the document's own metadata (front matter, a sidecar, a page's meta tags), field name to value as written" }),
    path: z.string().meta({ description: 'The file, relative to the corpus folder' }),
    length: z.int().min(0).meta({ description: 'Characters of canonical text' }),
    chunks: z.int().min(0),
  })
  .meta({ id: 'DocumentSummary' });

export const documentList = z.object({ documents: z.array(documentSummary) }).meta({ id: 'DocumentList' });

export const documentDetail = documentSummary
  .extend({ text: z.string().meta({ description: 'The canonical text all offsets refer to' }), format: z.string() })
  .meta({ id: 'Document' });

export const examplesResponse = z.object({ examples: z.array(z.string()) }).meta({ id: 'Examples' });

const appError = z.object({ code: z.string(), message: z.string() });

export const indexStatus = z
  .object({
    state: z.enum(['idle', 'queued', 'indexing']),
    generation: z.string().nullable().meta({ description: 'The generation being served' }),
    progress: z.number().min(0).max(1).nullable().meta({ description: 'Share of the sentences to embed that are done, while indexing' }),
    stage: z.enum(['embedding', 'fitting', 'saving']).nullable().meta({ description: 'While indexing: embedding the sentences (which progress measures), fitting the judgment models to them, or saving the new generation' }),
    queued: z.array(z.string()),
    lastError: appError.extend({ at: z.string() }).nullable(),
    lastBuild: z.object({ at: z.string(), seconds: z.number(), reason: z.string(), embedded: z.int(), reused: z.int() }).nullable(),
    documents: z.array(z.object({ id: z.string(), path: z.string(), state: z.enum(['queued', 'indexing', 'ready', 'failed']), error: appError.optional() })),
  })
  .meta({ id: 'IndexStatus' });

const uploadResult = z.object({
  name: z.string(),
  status: z.enum(['queued', 'duplicate', 'rejected']),
  id: z.string().optional(),
  path: z.string().optional().meta({ description: 'Where a queued file was stored, relative to the corpus folder' }),
  error: appError.optional(),
});

export const uploadResponse = z.object({ files: z.array(uploadResult), status: indexStatus }).meta({ id: 'UploadResponse' });

export const uploadRefusal = errorBody.extend({ files: z.array(uploadResult) }).meta({ id: 'UploadRefusal' });

export const deleteResponse = z.object({ id: z.string(), status: z.literal('removing'), index: indexStatus }).meta({ id: 'DeleteResponse' });

export const health = z
  .object({
    status: z.enum(['loading', 'ready', 'degraded', 'failed']),
    documents: z.int().min(0).optional(),
    chunks: z.int().min(0).optional(),
    embedder: z.string().optional(),
    answerer: answerer.optional().meta({ description: 'Which answerer writes answers: generated when a language model is configured' }),
    reason: z.string().optional().meta({ description: 'Why an older generation is served (degraded)' }),
  })
  .meta({ id: 'Health' });

const isoTime = z.string().meta({ format: 'date-time' });

export const conversationSummary = z
  .object({
    id: z.string(),
    title: z.string().meta({ description: 'The name the user gave, or the first question or claim cut to 80 characters at a word boundary' }),
    createdAt: isoTime,
    updatedAt: isoTime.meta({ description: 'When a turn was last added or removed' }),
    turnCount: z.int().min(0),
  })
  .meta({ id: 'ConversationSummary' });

export const conversationList = z.object({ conversations: z.array(conversationSummary) }).meta({ id: 'ConversationList' });

const feedback = z.object({ rating: z.enum(['up', 'down']), comment: z.string().nullable(), at: isoTime }).nullable();
const turnFields = { id: z.string(), at: isoTime, feedback };

/** A saved turn: the input as typed and the whole response it was given. */
export const turn = z
  .discriminatedUnion('mode', [
    z.object({ ...turnFields, mode: z.literal('ask'), input: z.string().meta({ description: 'The question' }), result: askResponse }),
    z.object({ ...turnFields, mode: z.literal('verify'), input: z.string().meta({ description: 'The claim' }), result: verifyResponse }),
  ])
  .meta({ id: 'Turn' });

export const conversation = conversationSummary
  .omit({ turnCount: true })
  .extend({ turns: z.array(turn).meta({ description: 'Oldest first' }) })
  .meta({ id: 'Conversation' });

export type ErrorBody = z.infer<typeof errorBody>;
export type AskResponse = z.infer<typeof askResponse>;
export type VerifyResponse = z.infer<typeof verifyResponse>;
export type SearchResponse = z.infer<typeof searchResponse>;
export type DocumentSummary = z.infer<typeof documentSummary>;
export type DocumentDetail = z.infer<typeof documentDetail>;
export type IndexStatusBody = z.infer<typeof indexStatus>;
export type UploadResponse = z.infer<typeof uploadResponse>;
export type DeleteResponse = z.infer<typeof deleteResponse>;
export type Health = z.infer<typeof health>;
export type ConversationSummaryBody = z.infer<typeof conversationSummary>;
export type ConversationBody = z.infer<typeof conversation>;
export type TurnBody = z.infer<typeof turn>;
