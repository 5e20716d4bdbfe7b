import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { PROJECT_ROOT } from '../../src/config.js';
import { itServesTheCollectionOverMcp, MCP_CORPUS, textOf } from './mcp-contract.js';

describe('the MCP server over stdio, as a desktop host starts it', () => {
  let client: Client;
  let index = '';
  let log = '';
  let whileLoading: CallToolResult;
  /** Anything on stdout that is not a protocol message reaches the client as an error. */
  const clientErrors: Error[] = [];

  before(async () => {
    // A fresh index folder: the server builds the index itself, as on a first start.
    index = await mkdtemp(join(tmpdir(), 'trust-rag-mcp-index-'));
    const env = Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined));
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: ['--import', 'tsx', join(PROJECT_ROOT, 'src', 'mcp', 'stdio.ts')],
      cwd: PROJECT_ROOT,
      env: { ...env, CORPUS_DIR: MCP_CORPUS, INDEX_DIR: index, DEBUG: '' },
      stderr: 'pipe',
    });
    transport.stderr!.on('data', (d) => (log += d));
    client = new Client({ name: 'trust-rag-tests', version: '1.0.0' });
    client.onerror = (err) => clientErrors.push(err);
    await client.connect(transport);
    whileLoading = (await client.callTool({ name: 'list_documents', arguments: {} })) as CallToolResult;
    const deadline = Date.now() + 180_000;
    while (!/^ready: /m.test(log)) {
      assert.ok(Date.now() < deadline, `the index was not ready in time:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  });
  after(async () => {
    await client.close();
    await rm(index, { recursive: true, force: true });
  });

  it('answers the handshake at once, and tool calls say the index is loading until it is ready', () => {
    assert.equal(whileLoading.isError, true);
    assert.equal(textOf(whileLoading), 'INDEX_LOADING: The index is still loading; try again in a few seconds');
    assert.equal(client.getServerVersion()?.name, 'trust-rag');
    assert.match(client.getInstructions() ?? '', /cites the exact passages/);
  });

  itServesTheCollectionOverMcp(() => client);

  it('writes nothing but protocol messages to stdout, and its log to stderr', () => {
    assert.deepEqual(clientErrors.map(String), []);
    assert.match(log, /^MCP server on stdio: loading the index of .*handbook…$/m);
    assert.match(log, /^building index \(no index yet\)$/m);
    assert.match(log, /^ready: 3 documents, \d+ chunks$/m);
  });
});
