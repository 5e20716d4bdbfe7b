import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import type { Server } from 'node:http';
import { request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { createApp } from '../../src/server/app.js';
import { ServiceState } from '../../src/server/service-state.js';
import { fixtureServices } from '../helpers.js';

/** What a response must never show: a stack frame, a dependency's path, or one of this machine's paths. */
const LEAK = /\n\s+at |\bat [\w.<>]+ \(|node_modules|\/work\/|\/home\/|\/tmp\/|[A-Z]:\\\\/;

const ROUTES = ['/api/ask', '/api/chat', '/api/verify', '/api/search', '/api/documents', '/api/documents/employee-handbook', '/api/examples', '/api/openapi.json', '/api/conversations', '/api/conversations/0f3c6a2e-1', '/api/feedback', '/api/nope', '/healthz', '/metrics', '/', '/app.js', '/styles.css', '/v1/chat/completions'];

const pathPiece = fc.oneof(
  fc.constantFrom('', '/', '/x', '/..', '/../../etc/passwd', '/%00', '/%ff%fe', '/%E0%A4%A', '/%', '/%zz', '/%2e%2e/%2e%2e', '/%c0%ae', '//', '/a%20b', '/%F0%9F%98%80'),
  fc.string({ maxLength: 40 }).map((s) => `/${encodeURIComponent(s)}`),
  fc.stringMatching(/^[A-Za-z0-9%._~-]{0,30}$/).map((s) => `/${s}`),
);

const queryString = fc.oneof(
  fc.constant(''),
  fc.constantFrom('?q=', '?q=%', '?q=%ff', '?k=-1', '?k=1e9', '?k=abc', '?q=a&q=b', '?q[$gt]=1', '?docIds=,,,', '?__proto__[x]=1', '?constructor=1', `?q=${'a'.repeat(3000)}`),
  fc.dictionary(fc.constantFrom('q', 'k', 'docIds', 'x', 'question'), fc.string({ maxLength: 30 }), { maxKeys: 3 }).map((d) => `?${new URLSearchParams(d).toString()}`),
);

const jsonishBody = fc.oneof(
  fc.constant(''),
  fc.constantFrom('{', '{"question":', 'null', '[]', '"q"', '42', '{"question":null}', '{"question":""}', '{"question":42}', '{"question":["a"]}', '{"__proto__":{"x":1},"question":"q"}', '{"question":"q","k":0}', '{"question":"q","k":1.5}', '{"question":"q","docIds":"x"}', '{"claim":"' + 'x'.repeat(5000) + '"}', '\u0000\u0001', '{"question":"\ud800"}'),
  fc.json({ maxDepth: 3 }),
  fc.record({ question: fc.string({ maxLength: 60 }) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.record({ claim: fc.string({ maxLength: 60 }), docIds: fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }) }, { requiredKeys: [] }).map((o) => JSON.stringify(o)),
  fc.string({ maxLength: 200 }),
);

const bodyBytes = fc.oneof(
  jsonishBody.map((s) => Buffer.from(s)),
  fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
  jsonishBody.map((s) => gzipSync(Buffer.from(s))),
  fc.constant(Buffer.alloc(40 * 1024, 0x61)),
);

/** Header values must be printable ASCII for the HTTP client to send them at all. */
const headerText = fc.stringMatching(/^[\x20-\x7e]{0,60}$/);

const headers = fc.record(
  {
    'content-type': fc.oneof(fc.constantFrom('application/json', 'application/json; charset=utf-8', 'application/json; charset=utf-16', 'application/json; charset=bogus', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded', ''), headerText),
    'content-encoding': fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'bogus', 'gzip, gzip'),
    accept: fc.oneof(fc.constantFrom('text/event-stream', 'application/json', '*/*', 'image/png', ''), headerText),
    authorization: fc.oneof(fc.constantFrom('Bearer', 'Bearer ', 'Basic Zm9vOmJhcg==', 'Bearer x y'), headerText),
    'x-request-id': headerText,
    origin: fc.constantFrom('https://evil.example', 'null', 'http://localhost'),
    'access-control-request-method': fc.constantFrom('POST', 'DELETE', 'BOGUS'),
  },
  { requiredKeys: [] },
);

const malformedRequest = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'),
  route: fc.constantFrom(...ROUTES),
  suffix: fc.oneof(fc.constant(''), pathPiece),
  query: queryString,
  headers,
  body: fc.option(bodyBytes, { nil: undefined }),
});

type Sent = fc.Arbitrary<unknown> extends never ? never : { method: string; route: string; suffix: string; query: string; headers: Record<string, string>; body: Buffer | undefined };

function send(base: string, r: Sent): Promise<{ status: number; body: string; type: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: hostname, port, agent: false, method: r.method, path: `${r.route}${r.suffix}${r.query}`, headers: r.headers }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, type: String(res.headers['content-type'] ?? '') }));
    });
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('timed out')));
    req.end(r.method === 'HEAD' || r.method === 'GET' ? undefined : r.body);
  });
}

describe('the API under malformed requests', () => {
  let base = '';
  let server: Server;
  before(async () => {
    const state = new ServiceState();
    state.set(await fixtureServices('handbook'));
    server = createApp({ state, rateLimitPerMinute: 0 }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => server.close());

  it('answers 1,000 generated requests with no 5xx and no stack trace or server path, and API errors as JSON', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(malformedRequest, async (r) => {
        const res = await send(base, r as Sent);
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
        assert.ok(res.status < 500, `${r.method} ${r.route}${r.suffix}${r.query} → ${res.status}: ${res.body.slice(0, 300)}`);
        assert.doesNotMatch(res.body, LEAK, `${r.method} ${r.route}${r.suffix}${r.query} leaked: ${res.body.slice(0, 300)}`);
        if (r.route.startsWith('/api') && res.status >= 400 && r.method !== 'HEAD' && res.body !== '') {
          const error = JSON.parse(res.body).error;
          assert.equal(typeof error.code, 'string');
          assert.equal(typeof error.message, 'string');
        }
      }),
      { numRuns: 1000, seed: 20261126, includeErrorInReport: true },
    );
    // The generator reaches both answers and refusals, not only one kind of response.
    assert.ok([...statuses.keys()].some((s) => s < 300), JSON.stringify([...statuses]));
    assert.ok([...statuses.keys()].filter((s) => s >= 400).length >= 4, JSON.stringify([...statuses]));
  });
});
