import { ExtractiveAnswerer } from '../answer/answerer.js';
import { SentenceBank } from '../answer/sentence-bank.js';
import { Verifier } from '../verify/verifier.js';
import { Assistant } from '../chat/assistant.js';
import type { OpenIndex } from '../open-index.js';
import type { Ready } from './service-state.js';

/** Puts the answering and verifying services on top of an opened index. */
export function servicesFor(open: OpenIndex): Ready {
  const bank = new SentenceBank(open.index);
  return {
    ...open,
    assistant: new Assistant(new ExtractiveAnswerer(open.index, open.retriever, {}, bank)),
    verifier: new Verifier(open.index, open.retriever, bank),
  };
}
