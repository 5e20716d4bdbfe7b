import { ExtractiveAnswerer } from '../answer/answerer.js';
import { exampleQuestions } from '../answer/examples.js';
import { Judge, type Decider } from '../evidence/judge.js';
import { SentenceBank } from '../evidence/sentence-bank.js';
import { Verifier } from '../verify/verifier.js';
import { Assistant } from '../chat/assistant.js';
import type { ConversationStore } from '../chat/conversations.js';
import type { OpenIndex } from '../open-index.js';
import type { AnswerWorkers } from '../workers/answer-jobs.js';
import type { Ready } from './service-state.js';
import { JudgeSentenceChecker } from '../generate/check-sentence.js';
import { Generator } from '../generate/generated-answerer.js';
import type { LanguageModel } from '../generate/llm-client.js';
import type { Prompts } from '../generate/prompts.js';
import type { Logger } from '../log.js';
import { DEFAULT_GENERATION_SETTINGS, type GenerationSettings } from '../settings.js';

/** A configured language model with its checked prompts: one for the whole server, across index generations. */
export interface LanguageModelServices {
  model: LanguageModel;
  prompts: Prompts;
  settings: GenerationSettings;
  logger?: Logger;
}

/** The judge over an opened index: its sentences, analyses and fitted models. */
export function judgeFor(open: OpenIndex, decider: Decider = 'model'): Judge {
  return new Judge(new SentenceBank(open.index, open.index.evidence), open.index.evidence.models, decider);
}

/** A verifier whose verdicts the language model explains, when the evidence supports what it writes. */
function explainedBy(generator: Generator, verifier: Pick<Verifier, 'verify'>): Pick<Verifier, 'verify'> {
  return {
    // The signal stays on this thread: the verdict may come from an answer worker, and only the explanation waits on the model.
    verify: async (claim, { signal, ...options } = {}) => generator.explain(claim, await verifier.verify(claim, options), signal),
  };
}

/**
 * Puts the answering and verifying services on top of an opened index. With answer
 * workers, asking, verifying, searching and finding example questions run on them, and
 * this thread keeps only what routes read directly (documents, the index's figures).
 */
export function servicesFor(open: OpenIndex, decider: Decider = 'model', workers?: AnswerWorkers, conversations?: ConversationStore, llm?: LanguageModelServices): Ready {
  const judge = judgeFor(open, decider);
  const answerer = new ExtractiveAnswerer(open.index, open.retriever, judge);
  const threshold = llm?.settings.supportThreshold ?? DEFAULT_GENERATION_SETTINGS.supportThreshold;
  const checker = workers?.checker ?? new JudgeSentenceChecker(open.index, judge, threshold);
  // The model is called from this thread (it is an HTTP request); its sentences are checked where the index is.
  const generator = llm ? new Generator({ ...llm, index: open.index, checker, ...(workers ? { hold: workers.hold } : {}) }) : undefined;
  const verifier = workers?.verifier ?? new Verifier(open.index, open.retriever, judge);
  const explained = generator ? explainedBy(generator, verifier) : verifier;
  let examples: Promise<string[]> | undefined;
  return {
    ...open,
    ...(workers ? { workers } : {}),
    answerer,
    checker,
    ...(generator ? { generator } : {}),
    // Conversations outlive an index generation: a new generation keeps the same store.
    assistant: new Assistant(workers?.answerer ?? answerer, explained, conversations, generator),
    verifier: explained,
    search: workers?.search ?? ((query, options) => open.retriever.search(query, options)),
    // Worked out on first use: each candidate is put to the extractive answerer, which needs no model.
    examples: () => (examples ??= exampleQuestions(judge.bank, workers?.answerer ?? answerer)),
  };
}
