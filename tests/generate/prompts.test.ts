import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadConfig, llmLabel } from '../../src/config.js';
import { loadPrompts, parsePrompt, PROMPT_VARIABLES } from '../../src/generate/prompts.js';
import { redact } from '../../src/generate/llm-client.js';
import { rejection, tempDir } from '../helpers.js';

describe('prompt templates', () => {
  it('render their system and user messages with every variable filled in once', () => {
    const prompt = parsePrompt('answer.md', '--- system ---\nUse the passages.\n--- user ---\n{{passages}}\n\nQuestion: {{ question }}', PROMPT_VARIABLES.answer);
    const messages = prompt.render({ question: 'Why {{passages}}?', passages: '[1] A passage' });
    assert.deepEqual(messages, [
      { role: 'system', content: 'Use the passages.' },
      { role: 'user', content: '[1] A passage\n\nQuestion: Why {{passages}}?' },
    ]);
  });

  it('treat a template without sections as the user message', () => {
    assert.deepEqual(parsePrompt('x.md', 'Q: {{question}} P: {{passages}}', PROMPT_VARIABLES.answer).render({ question: 'q', passages: 'p' }), [{ role: 'user', content: 'Q: q P: p' }]);
  });

  it('are refused when a variable is missing, naming the file and the variable', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'answer.md'), '--- user ---\nQuestion: {{question}}');
    await writeFile(join(dir, 'rewrite.md'), '{{history}} {{question}}');
    await writeFile(join(dir, 'explain.md'), '{{claim}} {{verdict}} {{evidence}}');
    const { code, message } = await rejection(loadPrompts(dir));
    assert.equal(code, 'INVALID_CONFIG');
    assert.match(message, /answer\.md never uses \{\{passages\}\}/);
  });

  it('are refused when they use a variable they are not given, or have no user message, or are missing', async () => {
    assert.throws(() => parsePrompt('answer.md', '{{question}} {{passages}} {{context}}', PROMPT_VARIABLES.answer), /uses \{\{context\}\}, which it is not given/);
    assert.throws(() => parsePrompt('answer.md', '--- system ---\n{{question}} {{passages}}', PROMPT_VARIABLES.answer), /no user message/);
    const empty = join(await tempDir(), 'none');
    await mkdir(empty);
    assert.match((await rejection(loadPrompts(empty))).message, /answer\.md is missing/);
  });
});

describe('language model settings', () => {
  it('leave answers extractive when unset', () => {
    assert.equal(loadConfig({}).llm, undefined);
  });

  it('need both the base URL and the model', () => {
    assert.throws(() => loadConfig({ LLM_MODEL: 'llama3.1' }), /LLM_BASE_URL is not/);
    assert.throws(() => loadConfig({ LLM_BASE_URL: 'http://localhost:11434/v1' }), /LLM_MODEL is not/);
    assert.throws(() => loadConfig({ LLM_BASE_URL: 'localhost:11434', LLM_MODEL: 'm' }), /http/);
  });

  it('have defaults, take the environment and flags, and check their values', () => {
    const { llm } = loadConfig({ LLM_BASE_URL: 'http://localhost:11434/v1/', LLM_MODEL: 'llama3.1' });
    assert.deepEqual({ ...llm!.settings }, { timeoutMs: 60_000, maxTokens: 512, concurrency: 4, unverified: 'drop', temperature: 0, passages: 6, supportThreshold: 0.5 });
    assert.equal(llm!.baseUrl, 'http://localhost:11434/v1');
    assert.equal(llm!.apiKey, undefined);
    const flagged = loadConfig({ LLM_TIMEOUT_MS: '5000', LLM_UNVERIFIED: 'mark' }, { 'llm-base-url': 'https://api.openai.com/v1', 'llm-model': 'gpt-4o-mini', 'llm-api-key': 'sk-flag' }).llm!;
    assert.equal(flagged.model, 'gpt-4o-mini');
    assert.equal(flagged.apiKey, 'sk-flag');
    assert.equal(flagged.settings.timeoutMs, 5000);
    assert.equal(flagged.settings.unverified, 'mark');
    assert.throws(() => loadConfig({ LLM_BASE_URL: 'http://x/v1', LLM_MODEL: 'm', LLM_UNVERIFIED: 'keep' }), /LLM_UNVERIFIED/);
    assert.throws(() => loadConfig({ LLM_BASE_URL: 'http://x/v1', LLM_MODEL: 'm', LLM_CONCURRENCY: '0' }), /LLM_CONCURRENCY/);
  });

  it('are logged without credentials', () => {
    const { llm } = loadConfig({ LLM_BASE_URL: 'https://user:secret@llm.example.com/v1?token=abc', LLM_MODEL: 'm', LLM_API_KEY: 'sk-abcdefghijkl' });
    assert.equal(llmLabel(llm!), 'm at https://llm.example.com/v1');
    assert.equal(redact('401 Incorrect API key provided: sk-abcdefghijkl, Bearer sk-abcdefghijkl', 'sk-abcdefghijkl'), '401 Incorrect API key provided: [key], Bearer [key]');
  });
});
