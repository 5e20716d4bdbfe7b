import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { PROJECT_ROOT } from '../config.js';
import { readJsonl } from '../eval/eval-set.js';

/** What a load test asks and claims, and where it came from (for the report). */
export interface LoadInputs {
  /** Every phrasing of every question, in the order they are sent. */
  questions: string[];
  claims: string[];
  /** Questions and claims as written, before rephrasing. */
  written: { questions: number; claims: number };
  source: string;
}

/**
 * Ways people open a question or a claim in a chat box. Each written question is sent
 * in every phrasing, so a few dozen questions become several hundred distinct strings
 * that come round again only after all the others: a cache keyed on the text sees
 * real traffic's variety instead of the same few strings. No phrasing adds a sentence
 * or a question mark, which would make the question one of several parts.
 */
const QUESTION_LEAD_INS = ['', 'Quick question: ', 'Question: ', 'Please answer this: ', 'I was wondering, ', 'One more thing: ', 'Hello, ', 'From the documents: ', 'Briefly, ', 'Out of curiosity, ', 'Help me understand: ', 'I need to know: ', 'Tell me, ', 'Hi, '];
const CLAIM_LEAD_INS = ['', 'I read that ', 'Someone told me that ', 'Apparently, ', 'My notes say that ', 'I heard that ', 'Reportedly, ', 'A colleague claims that ', 'It is said that ', 'According to a summary, '];

/** Opening words that are lowered after a lead-in; any other first word may be a name ("India and the US…"). */
const COMMON_OPENERS = /^(What|When|Where|Who|Whom|Whose|Which|Why|How|Is|Are|Was|Were|Do|Does|Did|Can|Could|Will|Would|Should|Has|Have|Had|The|A|An|In|On|At|By|For|Under|During|After|Before|Since|As|With|From|Through|Over|Between|It|Its|This|These|Their|There|Both|Each|All|Most|Some)\b/;

/** Every text after every lead-in, lead-in by lead-in, so that consecutive items are different texts. */
function rephrase(texts: string[], leadIns: string[]): string[] {
  const lowered = (t: string) => (COMMON_OPENERS.test(t) ? t.charAt(0).toLowerCase() + t.slice(1) : t);
  return [...new Set(leadIns.flatMap((lead) => texts.map((t) => (lead ? `${lead}${lowered(t)}` : t))))];
}

/** Used when nothing better is found: questions people ask of any collection of documents. */
const GENERIC_QUESTIONS = [
  'What are these documents about?',
  'Who published the most recent document?',
  'When was the first document written?',
  'What are the main goals described?',
  'What happens next, according to the documents?',
  'Which organisations are mentioned most?',
];

const CHALLENGE_DIR = join(PROJECT_ROOT, 'tests', 'fixtures', 'challenge');
const BUNDLED = [join(PROJECT_ROOT, 'corpus'), join(PROJECT_ROOT, 'tests', 'fixtures', 'corpora', 'trust')];

/** The `name` field of each line of a JSON Lines file; a missing file is no items unless it was asked for. */
async function field(path: string, name: 'question' | 'claim', asked = false): Promise<string[]> {
  if (!asked && !existsSync(path)) return [];
  return (await readJsonl<Record<string, unknown>>(path)).map((r) => r[name]).filter((v): v is string => typeof v === 'string' && v.trim() !== '');
}

async function fromDir(dir: string): Promise<{ questions: string[]; claims: string[] }> {
  const questions = [...(await field(join(dir, 'questions.jsonl'), 'question')), ...(await field(join(dir, 'out_of_corpus.jsonl'), 'question'))];
  return { questions, claims: await field(join(dir, 'claims.jsonl'), 'claim') };
}

/**
 * Questions and claims written by people for this corpus, so that the load looks like
 * real traffic: given files first, then the corpus's own `eval/` folder, then, for the
 * bundled documents, the challenge set kept in the repository (the same on every
 * machine, which keeps saved baselines comparable). Out-of-corpus questions are
 * included: abstaining is part of the real work. `examples` (the server's
 * /api/examples) covers any other corpus.
 */
export async function loadInputs(options: { corpusDir: string; questionsFile?: string; claimsFile?: string; examples: () => Promise<string[]> }): Promise<LoadInputs> {
  let found: { questions: string[]; claims: string[] } = { questions: [], claims: [] };
  let source = '';
  const corpusEval = join(options.corpusDir, 'eval');
  if (existsSync(corpusEval)) [found, source] = [await fromDir(corpusEval), corpusEval];
  else if (BUNDLED.includes(resolve(options.corpusDir))) [found, source] = [await fromDir(CHALLENGE_DIR), CHALLENGE_DIR];
  const questions = options.questionsFile ? await field(options.questionsFile, 'question', true) : found.questions;
  const claims = options.claimsFile ? await field(options.claimsFile, 'claim', true) : found.claims;
  if (options.questionsFile) source = options.questionsFile;
  if (questions.length === 0) {
    questions.push(...(await options.examples()), ...GENERIC_QUESTIONS);
    source = '/api/examples and generic questions';
  }
  const written = { questions: [...new Set(questions)], claims: [...new Set(claims)] };
  // Without claims, questions stand in: the verifier does the same work on any sentence.
  if (written.claims.length === 0) written.claims = written.questions;
  return {
    questions: rephrase(written.questions, QUESTION_LEAD_INS),
    claims: rephrase(written.claims, CLAIM_LEAD_INS),
    written: { questions: written.questions.length, claims: written.claims.length },
    source,
  };
}
