import assert from 'node:assert/strict';
import type { Server } from 'node:http';
import { request as rawRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { ApiKey } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';
import { createApp, type AppDeps } from '../../src/server/app.js';
import { ServiceState } from '../../src/server/service-state.js';
import { fixtureServices } from '../helpers.js';

const READ: ApiKey = { id: 'reader', key: 'read-key-0123456789abcdef', role: 'read' };
const ADMIN: ApiKey = { id: 'ops', key: 'admin-key-0123456789abcdef', role: 'admin' };

async function serve(deps: Omit<AppDeps, 'state'> & { state?: ServiceState }): Promise<{ base: string; server: Server; state: ServiceState }> {
  const state = deps.state ?? new ServiceState();
  const server = createApp({ ...deps, state }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return { base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, state };
}

const ask = (base: string, question: string, headers: Record<string, string> = {}) =>
  fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ question }) });

/** Sends bytes exactly as given (fetch would fix up a bad path or header first). */
function raw(base: string, options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer }): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = rawRequest({ host: hostname, port, method: options.method ?? 'GET', path: options.path, headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

describe('the guarded API', () => {
  let state: ServiceState;
  before(async () => {
    state = new ServiceState();
    state.set(await fixtureServices('handbook'));
  });

  describe('with API keys', () => {
    let base = '';
    let server: Server;
    before(async () => ({ base, server } = await serve({ state, apiKeys: [READ, ADMIN] })));
    after(() => server.close());

    it('refuses a request without a key, or with a wrong one, with a 401 JSON error', async () => {
      const none = await ask(base, 'When does the rooftop garden open?');
      assert.equal(none.status, 401);
      assert.equal((await none.json()).error.code, 'UNAUTHORIZED');
      const wrong = await ask(base, 'When does the rooftop garden open?', { authorization: 'Bearer not-the-key-0123456789' });
      assert.equal(wrong.status, 401);
    });

    it('answers a read key, and still serves the page and the health check without one', async () => {
      const res = await ask(base, 'When does the rooftop garden open?', { authorization: `Bearer ${READ.key}` });
      assert.equal(res.status, 200);
      assert.match((await res.json()).answer, /8:00/);
      assert.equal((await fetch(`${base}/`)).status, 200);
      assert.equal((await fetch(`${base}/healthz`)).status, 200);
    });

    it('keeps the metrics for admin keys', async () => {
      const asReader = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${READ.key}` } });
      assert.equal(asReader.status, 403);
      assert.equal((await asReader.json()).error.code, 'FORBIDDEN');
      const asAdmin = await fetch(`${base}/metrics`, { headers: { authorization: `Bearer ${ADMIN.key}` } });
      assert.equal(asAdmin.status, 200);
      const text = await asAdmin.text();
      assert.match(text, /http_requests_total\{method="POST",route="\/api\/ask",status="200"\} \d+/);
      assert.match(text, /http_request_duration_seconds_bucket/);
      assert.match(text, /index_documents 3/);
      assert.match(text, /index_info\{generation="gen-[^"]+",embedder="use-lite-512",status="ready"\} 1/);
      assert.match(text, /http_errors_total\{code="UNAUTHORIZED"\} \d+/);
      assert.match(text, /embedding_queue_depth \d+/);
    });
  });

  describe('rate limits', () => {
    it('answer 429 with Retry-After once a client passes its limit, without holding back other clients', async () => {
      const { base, server } = await serve({ state, apiKeys: [READ, ADMIN], rateLimitPerMinute: 3 });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++) statuses.push((await fetch(`${base}/api/documents`, { headers: { authorization: `Bearer ${READ.key}` } })).status);
        assert.deepEqual(statuses, [200, 200, 200, 429]);
        const limited = await fetch(`${base}/api/documents`, { headers: { authorization: `Bearer ${READ.key}` } });
        assert.equal(limited.status, 429);
        assert.match(limited.headers.get('retry-after') ?? '', /^\d+$/);
        assert.equal((await limited.json()).error.code, 'RATE_LIMITED');
        assert.equal((await fetch(`${base}/api/documents`, { headers: { authorization: `Bearer ${ADMIN.key}` } })).status, 200);
      } finally {
        server.close();
      }
    });
  });

  describe('without keys', () => {
    let base = '';
    let server: Server;
    before(async () => ({ base, server } = await serve({ state, corsOrigins: ['https://intranet.example'] })));
    after(() => server.close());

    it('marks API answers as not to be cached, and gives every response a request id', async () => {
      const res = await fetch(`${base}/api/documents`);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.match(res.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      const echoed = await fetch(`${base}/healthz`, { headers: { 'x-request-id': 'trace-42' } });
      assert.equal(echoed.headers.get('x-request-id'), 'trace-42');
      assert.equal(echoed.headers.get('cache-control'), 'no-store');
    });

    it('lets listed origins call the API from a browser, and no others', async () => {
      const preflight = await fetch(`${base}/api/ask`, { method: 'OPTIONS', headers: { origin: 'https://intranet.example', 'access-control-request-method': 'POST' } });
      assert.equal(preflight.status, 204);
      assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://intranet.example');
      const other = await fetch(`${base}/api/ask`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
      assert.equal(other.status, 403);
      assert.equal(other.headers.get('access-control-allow-origin'), null);
      const simple = await fetch(`${base}/api/documents`, { headers: { origin: 'https://evil.example' } });
      assert.equal(simple.headers.get('access-control-allow-origin'), null);
    });

    it('serves no source map', async () => {
      assert.equal((await fetch(`${base}/app.js.map`)).status, 404);
    });

    it('answers a body that is not the gzip it claims to be with a 400, not a stack trace', async () => {
      const res = await raw(base, { method: 'POST', path: '/api/ask', headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' }, body: Buffer.from('{"question":"not gzip at all"}') });
      assert.equal(res.status, 400);
      assert.equal(JSON.parse(res.body).error.code, 'BAD_REQUEST');
      assert.doesNotMatch(res.body, /at .*\.js:\d+|node_modules|\/work\//);
    });

    it('answers malformed percent-escapes with a 400', async () => {
      for (const path of ['/api/documents/%ff%fe', '/api/documents/%E0%A4%A', '/%c0%ae%c0%ae/etc/passwd']) {
        const res = await raw(base, { path });
        assert.ok(res.status === 400 || res.status === 404, `${path}: ${res.status}`);
        if (path.startsWith('/api')) assert.equal(JSON.parse(res.body).error.code, res.status === 400 ? 'BAD_REQUEST' : 'DOCUMENT_NOT_FOUND');
        assert.doesNotMatch(res.body, /at .*\.js:\d+|node_modules|\/work\//);
      }
    });
  });
});

describe('the server settings', () => {
  it('listen on loopback only, unless API keys are set', () => {
    assert.equal(loadConfig({}).server.host, '127.0.0.1');
    assert.equal(loadConfig({ API_KEYS: 'k1-0123456789abcdef' }).server.host, '0.0.0.0');
    assert.equal(loadConfig({ HOST: '0.0.0.0' }).server.host, '0.0.0.0');
  });
  it('read named keys with roles, and refuse keys short enough to guess', () => {
    const { apiKeys } = loadConfig({ API_KEYS: 'alice:0123456789abcdef0', ADMIN_API_KEYS: 'fedcba98765432100' }).server;
    assert.deepEqual(apiKeys.map((k) => [k.id, k.role]), [['alice', 'read'], ['key-2', 'admin']]);
    assert.throws(() => loadConfig({ API_KEYS: 'short' }), /too short/);
  });
});
