import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PROJECT_ROOT } from '../../src/config.js';
import { CORPUS_DIR, tempDir, TEST_INDEX_DIR } from '../helpers.js';

describe('npm start', () => {
  it('listens, loads the index, logs the URL, embedder and index size, answers, and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', join(PROJECT_ROOT, 'src', 'main.ts')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, PORT: '0', INDEX_DIR: TEST_INDEX_DIR, CORPUS_DIR, DATA_DIR: await tempDir('trust-rag-data-') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let log = '';
    child.stdout.on('data', (d) => (log += d));
    child.stderr.on('data', (d) => (log += d));
    try {
      const deadline = Date.now() + 60_000;
      while (!/ready on http:\/\/localhost:\d+\//.test(log)) {
        if (Date.now() > deadline || child.exitCode !== null) assert.fail(`server did not become ready:\n${log}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(log, /listening on http:\/\/localhost:\d+\//);
      assert.match(log, /only from this machine: no API keys are set/);
      assert.match(log, /embedder use-lite-512, (\d+ answer workers|answering on the main thread), index: 5 documents, \d+ chunks/);
      const base = /ready on (http:\/\/localhost:\d+)\//.exec(log)![1]!;
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
      const res = await fetch(`${base}/api/ask`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ question: 'When was the Trade Policy Forum established?' }),
      });
      assert.match((await res.json()).answer, /2005/);
    } finally {
      child.kill('SIGTERM');
      const code = await new Promise((r) => child.once('exit', r));
      assert.equal(code, 0, log);
    }
  });
});
