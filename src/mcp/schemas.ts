import { z } from 'zod';
import { MAX_K } from '../retrieve/retriever.js';
import { askBody, MAX_QUESTION_CHARS, verifyBody } from '../server/schemas.js';

/**
 * What each MCP tool takes and gives back. The SDK turns these into the JSON schemas a
 * host sees in `tools/list`, checks arguments against the input schema before a tool
 * runs (a mismatch comes back as a tool error), and checks `structuredContent` against
 * the output schema. Questions, claims and document filters share the REST API's rules.
 */

const docIds = askBody.shape.docIds.describe('Only use passages from these documents (ids from list_documents).');

export const searchInput = z
  .object({
    query: z.string().trim().min(1, 'query must not be empty').max(MAX_QUESTION_CHARS, `query must be at most ${MAX_QUESTION_CHARS} characters`).describe('What to look for, in words.'),
    k: z.number().int().min(1).max(MAX_K).optional().describe('How many passages to return. Default 5.'),
    docIds,
  })
  .strict();

export const askInput = z
  .object({
    question: askBody.shape.question.describe('A question the documents may answer.'),
    docIds,
  })
  .strict();

export const verifyInput = z
  .object({
    claim: verifyBody.shape.claim.describe('A statement to check against the documents.'),
    docIds,
  })
  .strict();

export const getDocumentInput = z
  .object({
    id: z.string().min(1).max(200).describe('The document id, as list_documents and citations give it.'),
    start: z.number().int().min(0).optional().describe('First character to return. Default 0.'),
    end: z.number().int().min(0).optional().describe("Character after the last one to return. Default: the document's end."),
  })
  .strict();

export const noInput = z.object({}).strict();

const citationFields = {
  n: z.number().int().describe('The number of the [n] marker that cites it.'),
  docId: z.string(),
  title: z.string(),
  source: z.string().optional().describe('Source URL, or the publisher when no URL is known.'),
  chunkId: z.string(),
  quote: z.string().describe('Exactly the characters start..end of the document text.'),
  start: z.number().int(),
  end: z.number().int(),
  page: z.number().int().optional().describe('For a PDF: the page the quote starts on.'),
};

export const citation = z.object(citationFields);
const answerStatus = z.enum(['answered', 'partial', 'not_found']);

export const searchOutput = z.object({
  citations: z.array(z.object({ ...citationFields, headingPath: z.array(z.string()), score: z.number() })),
});

export const askOutput = z.object({
  answer: z.string().describe('The answer, with [n] markers for its citations.'),
  status: answerStatus,
  grounded: z.boolean(),
  confidence: z.number(),
  parts: z.array(z.object({ question: z.string(), status: answerStatus })).optional(),
  citations: z.array(citation),
  related: z.array(citation.omit({ n: true })).describe('Nearby passages when the documents do not answer; not cited.'),
  sourcesDiffer: z.boolean().describe('The cited sources give different figures or dates.'),
  answerer: z.enum(['generated', 'extractive']).describe('generated: written by the configured language model, each sentence checked against the passage it cites; extractive: sentences of the documents themselves.'),
  droppedSentences: z.number().int().describe('Generated sentences removed because no passage supports them.'),
  note: z.string().optional().describe('Why a generated answer fell back to the documents\' own sentences, or was cut short.'),
});

export const verifyOutput = z.object({
  verdict: z.enum(['supported', 'contradicted', 'not_enough_info']),
  confidence: z.number(),
  explanation: z.string().describe('One or two sentences citing the evidence with [n] markers.'),
  evidence: z.array(citation.extend({ stance: z.enum(['supports', 'contradicts', 'related']) })),
});

const documentFields = {
  id: z.string(),
  uri: z.string().describe('The resource holding the document text.'),
  title: z.string(),
  format: z.string(),
  publisher: z.string().optional(),
  date: z.string().optional(),
  sourceUrl: z.string().optional(),
  description: z.string().optional(),
  length: z.number().int().describe('Characters of text.'),
};

export const listDocumentsOutput = z.object({
  documents: z.array(z.object({ ...documentFields, chunks: z.number().int() })),
});

export const getDocumentOutput = z.object({
  ...documentFields,
  start: z.number().int(),
  end: z.number().int(),
  text: z.string().describe('Exactly the characters start..end of the document text.'),
});

export type SearchOutput = z.infer<typeof searchOutput>;
export type AskOutput = z.infer<typeof askOutput>;
export type VerifyOutput = z.infer<typeof verifyOutput>;
export type DocumentOutput = z.infer<typeof getDocumentOutput>;
export type DocumentListOutput = z.infer<typeof listDocumentsOutput>;
