import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ExtractiveAnswerer } from '../../src/answer/answerer.js';
import { keysFound, readJsonl, type EvalQuestion } from '../../src/eval/eval-set.js';
import { realIndex, SHARED_EVAL_DIR } from '../helpers.js';
import { assertCitationsExact, textFrom } from './citations.js';

describe('extractive answers on the bundled corpus', async () => {
  const { index, retriever } = await realIndex();
  const answerer = new ExtractiveAnswerer(index, retriever);
  const ask = async (q: string) => (await answerer.answer(q)).answer;

  it('answers from the documents with exact, numbered citations', async () => {
    const answer = await ask('Which Indian law requires local storage of sensitive data?');
    assert.equal(answer.grounded, true);
    assert.match(answer.answer, /Digital Personal Data Protection Act/);
    assert.match(answer.answer, /\[1\]/);
    assertCitationsExact(answer, textFrom(index));
    assert.ok(answer.citations[0]!.source);
  });

  it('says so when the documents do not answer, listing related passages without citing them', async () => {
    for (const q of ['What is the tallest mountain in Africa?', 'How many astronauts will fly on the first crewed Gaganyaan flight?', 'What is the population of Bengaluru?']) {
      const answer = await ask(q);
      assert.equal(answer.grounded, false, q);
      assert.match(answer.answer, /do not answer/);
      assert.deepEqual(answer.citations, []);
      assert.doesNotMatch(answer.answer, /\[\d+\]/);
      assertCitationsExact(answer, textFrom(index));
    }
  });

  it('shows both sides, each cited, where sources give different dates', async () => {
    const answer = await ask('When will the NISAR satellite launch?');
    assert.equal(answer.sourcesDiffer, true);
    assert.match(answer.answer, /differ/);
    assert.match(answer.answer, /2024/);
    assert.match(answer.answer, /this spring/);
    assert.ok(new Set(answer.citations.map((c) => c.docId)).size >= 2);
    assertCitationsExact(answer, textFrom(index));
  });

  it('quotes the list a sentence introduces', async () => {
    const answer = await ask('Which sectors does the TRUST initiative cover?');
    assert.match(answer.answer, /These include: Artificial Intelligence \(AI\); Semiconductors; Quantum Technology/);
    assert.ok(answer.citations.some((c) => c.quote.includes('\n- Semiconductors\n')));
    assertCitationsExact(answer, textFrom(index));
  });

  it('keeps the sentence that carries a statement on', async () => {
    const answer = await ask('Which research areas does the NSF-ANRF memorandum cover besides semiconductors?');
    assert.match(answer.answer, /machine learning, connected vehicles/);
  });

  it('matches an acronym in the text to its long form in the question', async () => {
    const answer = await ask('Where does India rank among manufacturers of active pharmaceutical ingredients?');
    assert.match(answer.answer, /second-largest API manufacturer/);
  });

  it('answers "what does X stand for" from the sentence that spells X out', async () => {
    const answer = await ask('What does TRUST stand for?');
    assert.equal(answer.grounded, true);
    assert.match(answer.answer, /TRUST \(Transforming the Relationship Utilizing Strategic Technology\)/);
    assertCitationsExact(answer, textFrom(index));
    assert.equal((await ask('What does ZZQ stand for?')).grounded, false);
  });

  it('answers a short question whose every key term a sentence contains', async () => {
    const answer = await ask('What is the goal of Mission 500?');
    assert.equal(answer.grounded, true);
    assert.match(answer.answer, /\$500 billion by 2030/);
  });

  it("does not answer from a sentence that lacks the question's most specific term", async () => {
    assert.equal((await ask('Who is the Prime Minister of Japan?')).grounded, false);
  });

  it('understands an abbreviation of a name the documents spell out', async () => {
    const answer = await ask('Which engines will GE Aerospace co-produce with HAL?');
    assert.equal(answer.grounded, true);
    assert.match(answer.answer, /F414/);
  });

  it('keeps answers short', async () => {
    const answer = await ask('What is the TRUST initiative?');
    assert.ok(answer.citations.length >= 1 && answer.citations.length <= 5);
  });

  it('limits answers to chosen documents', async () => {
    const docId = [...index.docs.keys()].find((id) => id.startsWith('003'))!;
    const { answer } = await answerer.answer('When was iCET launched?', { docIds: [docId] });
    assert.ok(answer.citations.every((c) => c.docId === docId));
  });

  const questionsFile = join(SHARED_EVAL_DIR, 'questions.jsonl');
  const outFile = join(SHARED_EVAL_DIR, 'out_of_corpus.jsonl');
  it('meets the quality bar on the development sets', { skip: !existsSync(questionsFile) && 'no shared eval set' }, async () => {
    const questions = await readJsonl<EvalQuestion>(questionsFile);
    let inAnswer = 0;
    let inQuotes = 0;
    let grounded = 0;
    for (const q of questions) {
      const answer = await ask(q.question);
      assertCitationsExact(answer, textFrom(index));
      if (keysFound(answer.answer, q.answer_keys!).every(Boolean)) inAnswer++;
      if (keysFound(answer.citations.map((c) => c.quote).join('\n'), q.answer_keys!).every(Boolean)) inQuotes++;
      if (answer.grounded) grounded++;
    }
    const n = questions.length;
    assert.ok(inAnswer / n >= 0.85, `answer keys in ${inAnswer}/${n} answers`);
    assert.ok(inQuotes / n >= 0.8, `answer keys in ${inQuotes}/${n} quote sets`);
    assert.ok(grounded / n >= 0.95, `${grounded}/${n} grounded`);
    const out = await readJsonl<EvalQuestion>(outFile);
    let abstained = 0;
    for (const q of out) if (!(await ask(q.question)).grounded) abstained++;
    assert.ok(abstained / out.length >= 0.8, `${abstained}/${out.length} abstained`);
  });
});
