import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { copyFile, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { promisify } from 'node:util';
import { PROJECT_ROOT } from '../../src/config.js';
import { CORPUS_DIR, tempDir, TEST_INDEX_DIR } from '../helpers.js';

const exec = promisify(execFile);

/** The environment without npm's own variables, as a user's shell would have it (npm test sets dozens). */
function plainEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  return { ...env, DEBUG: '', ...extra };
}

async function run(command: string, args: string[], env = plainEnv(), cwd = PROJECT_ROOT) {
  try {
    const { stdout, stderr } = await exec(command, args, { cwd, env, maxBuffer: 16 * 1024 * 1024 });
    return { stdout, stderr, code: 0 };
  } catch (err) {
    const e = err as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

const trustRag = (args: string[]) => run(process.execPath, [join(PROJECT_ROOT, 'bin', 'trust-rag.js'), ...args], plainEnv({ CORPUS_DIR }));

describe('installing', () => {
  it('resolves the lockfile with the project settings and prints no warning', async () => {
    // A dry run reads .npmrc, checks every locked package's engines and needs no network.
    const dir = await tempDir('trust-rag-install-');
    for (const file of ['package.json', 'package-lock.json', '.npmrc']) await copyFile(join(PROJECT_ROOT, file), join(dir, file));
    const { code, stderr } = await run('npm', ['ci', '--dry-run', '--offline'], plainEnv(), dir);
    assert.equal(code, 0, stderr);
    assert.doesNotMatch(stderr, /npm warn/i);
  });

  it('has a decision for every install script, and never runs onnxruntime-node’s CUDA download', async () => {
    const pkg = JSON.parse(await readFile(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean> };
    const lock = JSON.parse(await readFile(join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { hasInstallScript?: boolean }> };
    const withScripts = Object.entries(lock.packages).filter(([, p]) => p.hasInstallScript).map(([path]) => path.split('node_modules/').pop()!);
    for (const name of withScripts) assert.ok(name in pkg.allowScripts, `${name} has an install script but no allowScripts entry`);
    assert.equal(pkg.allowScripts['onnxruntime-node'], false);
  });
});

describe('the trust-rag launcher', () => {
  it('prints only JSON on stdout for ask --json', async () => {
    const { stdout, stderr, code } = await trustRag(['ask', '--json', 'How much did Micron invest in chip facilities in India?', '--index', TEST_INDEX_DIR]);
    assert.equal(code, 0, stderr);
    const answer = JSON.parse(stdout) as { status: string; citations: Array<{ quote: string }> };
    assert.equal(answer.status, 'answered');
    assert.match(answer.citations[0]!.quote, /825 million/);
  });

  it('passes the remaining arguments to the command', async () => {
    const { stdout, code } = await trustRag(['search', 'Which drone platform did India acquire?', '--k', '3', '--json', '--index', TEST_INDEX_DIR]);
    assert.equal(code, 0);
    const { query, hits } = JSON.parse(stdout) as { query: string; hits: unknown[] };
    assert.equal(query, 'Which drone platform did India acquire?');
    assert.equal(hits.length, 3);
  });

  it('explains an unknown command without a stack trace', async () => {
    const { stderr, code } = await trustRag(['summarise', 'x']);
    assert.equal(code, 2);
    assert.match(stderr, /^error \[INVALID_INPUT\]: Unknown command "summarise"/);
    assert.match(stderr, /Commands: ask, verify, search/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });
});
