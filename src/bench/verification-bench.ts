import { ExtractiveAnswerer } from '../answer/answerer.js';
import { JudgeSentenceChecker } from '../generate/check-sentence.js';
import { Generator } from '../generate/generated-answerer.js';
import { splitGenerated } from '../generate/generated-sentences.js';
import type { LanguageModel } from '../generate/llm-client.js';
import type { Prompts } from '../generate/prompts.js';
import type { OpenIndex } from '../open-index.js';
import { judgeFor } from '../server/services.js';
import { DEFAULT_GENERATION_SETTINGS } from '../settings.js';
import { median, p95 } from './stats.js';

/** What checking a generated answer costs, per answer. */
export interface VerificationReport {
  answers: number;
  /** Sentences checked per answer, on average. */
  sentences: number;
  p50: number;
  p95: number;
}

/**
 * The time verification adds to a generated answer: every sentence of an answer checked
 * against the passage it cites, as the generator does, with no model running. The
 * "generated" answers are the extractive answers' own sentences with their markers
 * renumbered to the passages a model would have been sent, so that each is judged
 * against exactly the passages and candidates a real answer's sentence would be.
 */
export async function verificationOverhead(open: OpenIndex, questions: string[]): Promise<VerificationReport> {
  const judge = judgeFor(open);
  const answerer = new ExtractiveAnswerer(open.index, open.retriever, judge);
  const checker = new JudgeSentenceChecker(open.index, judge, DEFAULT_GENERATION_SETTINGS.supportThreshold);
  // Only its choice of passages is used: no model is called.
  const unused = { label: 'none', stream: () => (async function* () {})() } satisfies LanguageModel;
  const passagesOf = new Generator({ model: unused, prompts: {} as Prompts, settings: DEFAULT_GENERATION_SETTINGS, index: open.index, checker });
  const times: number[] = [];
  let sentences = 0;
  for (const question of questions) {
    const extractive = await answerer.answer(question);
    if (extractive.answer.status !== 'answered') continue;
    const chunkIds = passagesOf.passagesOf(extractive).map((p) => p.chunkId);
    const generated = splitGenerated(extractive.answer.answer).map((s) => ({
      text: s.text,
      cited: s.cited.map((n) => chunkIds.indexOf(extractive.answer.citations.find((c) => c.n === n)?.chunkId ?? '') + 1).filter((n) => n > 0),
    }));
    const t = performance.now();
    for (const s of generated) await checker.check(s.text, s.cited, chunkIds);
    times.push(performance.now() - t);
    sentences += generated.length;
  }
  return { answers: times.length, sentences: times.length ? sentences / times.length : 0, p50: median(times), p95: p95(times) };
}
