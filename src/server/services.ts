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

/** The judge over an opened index: its sentences, analyses and fitted models. */
export function judgeFor(open: OpenIndex, decider: Decider = 'model'): Judge {
  return new Judge(new SentenceBank(open.index, open.index.evidence), open.index.evidence.models, decider);
}

/**
 * Puts the answering and verifying services on top of an opened index. With answer
 * workers, asking, verifying, searching and finding example questions run on them, and
 * this thread keeps only what routes read directly (documents, the index's figures).
 */
export function servicesFor(open: OpenIndex, decider: Decider = 'model', workers?: AnswerWorkers, conversations?: ConversationStore): Ready {
  const judge = judgeFor(open, decider);
  const answerer = new ExtractiveAnswerer(open.index, open.retriever, judge);
  const verifier = workers?.verifier ?? new Verifier(open.index, open.retriever, judge);
  let examples: Promise<string[]> | undefined;
  return {
    ...open,
    ...(workers ? { workers } : {}),
    answerer,
    // Conversations outlive an index generation: a new generation keeps the same store.
    assistant: new Assistant(workers?.answerer ?? answerer, verifier, conversations),
    verifier,
    search: workers?.search ?? ((query, options) => open.retriever.search(query, options)),
    // Worked out on first use: each candidate is put to the answerer.
    examples: () => (examples ??= exampleQuestions(judge.bank, workers?.answerer ?? answerer)),
  };
}
