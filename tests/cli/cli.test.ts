import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/config.js';
import { CORPUS_DIR, tempDir, TEST_INDEX_DIR } from '../helpers.js';

const exec = promisify(execFile);

/** Runs a CLI entry point as a user would, returning its output and exit code. */
async function cli(script: string, args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await exec(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src', 'cli', script), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DEBUG: '', CORPUS_DIR },
    });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

describe('the command line', () => {
  it('indexes a folder, reporting what it did, and then finds it up to date', async () => {
    const corpus = await tempDir();
    const index = await tempDir();
    await writeFile(join(corpus, 'a.md'), '# Rivers\n\nThe Ganges flows through India.');
    await writeFile(join(corpus, 'b.txt'), 'The Mississippi flows through the United States.');
    const first = await cli('index-command.ts', ['--corpus', corpus, '--index', index]);
    assert.equal(first.code, 0, first.stderr);
    assert.match(first.stdout, /Indexed 2 documents into 2 chunks/);
    // Two sentences, and the title line of each document's card.
    assert.match(first.stdout, /embedded 4 sentence\(s\), reused 0/);
    assert.match(first.stderr, /embedder: use-lite-512 \(512 dimensions/);
    const second = await cli('index-command.ts', ['--corpus', corpus, '--index', index]);
    assert.match(second.stdout, /Index is up to date: 2 documents, 2 chunks/);
  });

  it('prints the top passages with scores and sources', async () => {
    const { stdout, code } = await cli('search-command.ts', ['Which drone platform did India acquire?', '--k', '5', '--index', TEST_INDEX_DIR]);
    assert.equal(code, 0);
    assert.match(stdout, /^\[1\] .+\(score \d\.\d{4}/m);
    assert.match(stdout, /\[3\] /);
    assert.match(stdout, /MQ-9B/);
    assert.match(stdout, /source: https:\/\/www\.whitehouse\.gov\//);
  });

  it('answers a question with numbered sources underneath', async () => {
    const { stdout, code } = await cli('ask-command.ts', ['How much did Micron invest in chip facilities in India?', '--index', TEST_INDEX_DIR]);
    assert.equal(code, 0);
    assert.match(stdout, /825 million.*\[1\]/);
    assert.match(stdout, /^Sources:\n {2}\[1\] Strengthening Indo-US Strategic Partnership/m);
    assert.match(stdout, /characters \d+–\d+: "/);
  });

  it('says when the documents do not answer', async () => {
    const { stdout } = await cli('ask-command.ts', ['Who founded Infosys?', '--index', TEST_INDEX_DIR]);
    assert.match(stdout, /The documents do not answer this question\./);
    assert.doesNotMatch(stdout, /Sources:/);
  });

  it('checks a claim and prints the verdict and the evidence', async () => {
    const { stdout, code } = await cli('verify-command.ts', ['iCET was launched in 2015.', '--index', TEST_INDEX_DIR]);
    assert.equal(code, 0);
    assert.match(stdout, /^CONTRADICTED \(confidence \d\.\d\d\)$/m);
    assert.match(stdout, /The sources give 2022, not 2015 \[1\]\./);
    assert.match(stdout, /\[1\] CONTRADICTS — /);
  });

  it('explains a missing question or a bad flag without a stack trace', async () => {
    const missing = await cli('search-command.ts', ['--index', TEST_INDEX_DIR]);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^error \[INVALID_INPUT\]: No question given/);
    const bad = await cli('search-command.ts', ['q', '--bogus']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /error \[INVALID_INPUT\]: Unknown option '--bogus'/);
    assert.doesNotMatch(bad.stderr + missing.stderr, /\n\s+at /);
  });

  it('rejects an unknown embedder by name', async () => {
    const { code, stderr } = await cli('search-command.ts', ['q', '--embedder', 'word2vec', '--index', TEST_INDEX_DIR]);
    assert.equal(code, 2);
    assert.match(stderr, /error \[EMBEDDER_UNKNOWN\]/);
  });
});
