import { ExtractiveAnswerer } from '../answer/answerer.js';
import { Assistant } from '../chat/assistant.js';
import type { OpenIndex } from '../open-index.js';
import type { Ready } from './service-state.js';

/** Puts the answering services on top of an opened index. */
export function servicesFor(open: OpenIndex): Ready {
  return { ...open, assistant: new Assistant(new ExtractiveAnswerer(open.index, open.retriever)) };
}
