import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { FIXTURE_CORPORA, TEST_INDEX_DIR } from '../helpers.js';
import { passageWith, startScriptedLlm, type ScriptedLlm } from '../fixtures/scripted-llm.js';
import { browserSession, openChat, sendAndWait, shot } from './page-helpers.js';

/**
 * The page with a language model configured. The model is the one stand-in (a local
 * server speaking OpenAI's protocol, replying from a script); the server, index, verifier
 * and browser are real.
 */

const QUESTION = 'How long does it take to fully charge the KX-200 battery?';
const CHARGE = 'A full charge from empty takes about six hours using a 10 W USB-C adapter';

describe('generated answers on the chat page', { timeout: 300_000 }, () => {
  let llm: ScriptedLlm;
  before(async () => {
    llm = await startScriptedLlm();
  });
  after(() => llm.close());
  const session = browserSession(() => ({
    CORPUS_DIR: join(FIXTURE_CORPORA, 'manual'),
    INDEX_DIR: `${TEST_INDEX_DIR}-manual`,
    LLM_BASE_URL: llm.baseUrl,
    LLM_MODEL: 'scripted-model',
    LLM_TIMEOUT_MS: '8000',
  }));

  it('shows an answer the model wrote, with its citations, saying each sentence was checked', async () => {
    llm.script.push((r) => `${CHARGE} [${passageWith(r, CHARGE)}].`);
    const page = await openChat(session.browser, session.base, session.errors);
    const reply = await sendAndWait(page, QUESTION);
    assert.match(await reply.locator('.answer').innerText(), /six hours/);
    assert.ok((await reply.locator('.answer button').count()) > 0, 'its [n] marker is a button');
    assert.match(await reply.locator('.provenance').innerText(), /Written by the language model; each sentence was checked/);
    assert.equal(await reply.locator('.badge.differ').count(), 0, 'one source cited cannot be seen to differ');
    await shot(page, 'generated-answer');
    await page.close();
  });

  it('falls back to the documents’ own sentences when the model fails, and says so', async () => {
    llm.script.push({ status: 500 });
    const page = await openChat(session.browser, session.base, session.errors);
    const reply = await sendAndWait(page, QUESTION);
    assert.match(await reply.locator('.answer').innerText(), /six hours/);
    assert.match(await reply.locator('.provenance').innerText(), /language model/i);
    assert.equal(await reply.getAttribute('data-status'), 'answered');
    await shot(page, 'generated-fallback');
    await page.close();
    assert.deepEqual(session.errors, []);
  });
});
