import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { ApiKey } from '../../src/config.js';
import { createApp, type AppDeps } from '../../src/server/app.js';
import { ServiceState } from '../../src/server/service-state.js';
import { fixtureServices } from '../helpers.js';
import { itServesTheCollectionOverMcp } from './mcp-contract.js';

const READER: ApiKey = { id: 'reader', key: 'read-key-0123456789abcdef', role: 'read' };

/** The real app on a free loopback port, serving the handbook collection. */
async function serve(deps: Omit<AppDeps, 'state'> = {}): Promise<{ base: string; server: Server }> {
  const state = new ServiceState();
  state.set(await fixtureServices('handbook'));
  const server = createApp({ ...deps, state }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function connect(base: string, headers: Record<string, string> = {}): Promise<Client> {
  const client = new Client({ name: 'trust-rag-tests', version: '1.0.0' });
  await client.connect(new StreamableHTTPClientTransport(new URL('/mcp', base), { requestInit: { headers } }));
  return client;
}

describe('the MCP server over Streamable HTTP at /mcp', () => {
  let base = '';
  let server: Server;
  let client: Client;
  before(async () => {
    ({ base, server } = await serve({ rateLimitPerMinute: 0 }));
    client = await connect(base);
  });
  after(async () => {
    await client.close();
    server.close();
  });

  itServesTheCollectionOverMcp(() => client);

  it('is stateless: no session id, and GET (a stream to open) is answered 405', async () => {
    const res = await fetch(`${base}/mcp`, { headers: { accept: 'text/event-stream' } });
    assert.equal(res.status, 405);
    assert.equal(res.headers.get('allow'), 'POST');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal(client.transport instanceof StreamableHTTPClientTransport && client.transport.sessionId, undefined);
  });

  it('is described in the OpenAPI document', async () => {
    const spec = await (await fetch(`${base}/api/openapi.json`)).json();
    assert.match(spec.paths['/mcp'].post.summary, /Model Context Protocol/);
  });
});

describe('/mcp behind the API guard', () => {
  it('needs an API key when the server has keys, like /api', async () => {
    const { base, server } = await serve({ apiKeys: [READER] });
    try {
      await assert.rejects(connect(base), /401|UNAUTHORIZED/);
      await assert.rejects(connect(base, { authorization: 'Bearer not-the-key-0123456789' }), /The API key is not valid/);
      const client = await connect(base, { authorization: `Bearer ${READER.key}` });
      const { tools } = await client.listTools();
      assert.equal(tools.length, 5);
      await client.close();
    } finally {
      server.close();
    }
  });

  it('counts MCP requests against the same per-client rate limit as /api', async () => {
    const { base, server } = await serve({ rateLimitPerMinute: 2 });
    try {
      for (let i = 0; i < 2; i++) assert.equal((await fetch(`${base}/api/documents`)).status, 200);
      await assert.rejects(connect(base), /429|RATE_LIMITED/);
    } finally {
      server.close();
    }
  });
});
