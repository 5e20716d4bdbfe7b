import assert from 'node:assert/strict';
import { join } from 'node:path';
import { it } from 'node:test';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { loadCorpus } from '../../src/ingest/load-corpus.js';
import { assertCitationsExact } from '../answer/citations.js';
import { FIXTURE_CORPORA } from '../helpers.js';

/** The collection both transports serve in these tests. */
export const MCP_CORPUS = join(FIXTURE_CORPORA, 'handbook');
const DOCUMENT_IDS = ['employee-handbook', 'facilities-and-it-guide', 'finance-policy-note-14'];

type Quoted = { docId: string; quote: string; start: number; end: number };

/** The text content of a tool result (every tool returns exactly one text part). */
export function textOf(result: CallToolResult): string {
  assert.equal(result.content.length, 1);
  const [part] = result.content;
  assert.equal(part!.type, 'text');
  return (part as { text: string }).text;
}

/** Calls a tool that must succeed; its structured result, and its text. */
async function call(client: Client, name: string, args: Record<string, unknown>): Promise<{ data: any; text: string }> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  assert.ok(!result.isError, `${name} failed: ${JSON.stringify(result.content)}`);
  assert.ok(result.structuredContent, `${name} returns structuredContent`);
  return { data: result.structuredContent, text: textOf(result) };
}

/** Calls a tool that must fail, returning the message the model would read. */
async function failure(client: Client, name: string, args: Record<string, unknown>): Promise<string> {
  const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
  assert.equal(result.isError, true, `${name}(${JSON.stringify(args)}) is a tool error`);
  return textOf(result);
}

/**
 * What an MCP host sees, whichever transport it connects over: the same tools, schemas,
 * citations and resources. Registered inside a transport's `describe`, with a client that
 * its `before` hook has connected to a server of the handbook collection.
 */
export function itServesTheCollectionOverMcp(connected: () => Client): void {
  const texts = new Map<string, string>();
  /** A document's text as the server serves it, by resource (cards, too, are readable by id). */
  const documentText = async (client: Client, docId: string): Promise<string> => {
    if (!texts.has(docId)) {
      const { data } = await call(client, 'get_document', { id: docId });
      texts.set(docId, data.text);
    }
    return texts.get(docId)!;
  };
  /** Each quote is the exact slice of its document, and the text content spells it out. */
  const assertQuotedExactly = async (client: Client, quoted: Quoted[], text: string) => {
    for (const q of quoted) {
      assert.equal((await documentText(client, q.docId)).slice(q.start, q.end), q.quote, `quote of ${q.docId} ${q.start}–${q.end} is exact`);
      assert.ok(text.includes(`${q.docId}, characters ${q.start}–${q.end}`), `the text names ${q.docId} ${q.start}–${q.end}`);
      assert.ok(text.includes(`"${q.quote.replace(/\s+/g, ' ').trim()}"`), 'the text quotes the passage');
    }
  };

  it('lists five tools, each with a JSON schema for its input and for its structured output', async () => {
    const { tools } = await connected().listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['ask', 'get_document', 'list_documents', 'search_documents', 'verify_claim']);
    const byName = new Map(tools.map((t) => [t.name, t]));
    for (const tool of tools) {
      assert.equal(tool.inputSchema.type, 'object');
      assert.equal(tool.outputSchema?.type, 'object', `${tool.name} has an output schema`);
      assert.ok(tool.description && tool.description.length > 20, `${tool.name} is described`);
      assert.equal(tool.annotations?.readOnlyHint, true);
    }
    const search = byName.get('search_documents')!.inputSchema as any;
    assert.deepEqual(search.required, ['query']);
    assert.deepEqual(search.properties.k, { description: 'How many passages to return. Default 5.', type: 'integer', minimum: 1, maximum: 50 });
    assert.equal(search.properties.docIds.type, 'array');
    assert.equal(search.properties.docIds.maxItems, 100);
    assert.equal(search.additionalProperties, false);
    assert.deepEqual((byName.get('ask')!.inputSchema as any).required, ['question']);
    assert.equal((byName.get('ask')!.inputSchema as any).properties.question.maxLength, 2000);
    assert.deepEqual((byName.get('verify_claim')!.inputSchema as any).required, ['claim']);
    assert.deepEqual((byName.get('get_document')!.inputSchema as any).required, ['id']);
    assert.deepEqual(Object.keys((byName.get('get_document')!.inputSchema as any).properties), ['id', 'start', 'end']);
    const cited = (byName.get('ask')!.outputSchema as any).properties.citations.items;
    for (const field of ['n', 'title', 'quote', 'docId', 'start', 'end']) assert.ok(cited.required.includes(field), `citations carry ${field}`);
  });

  it('searches: numbered passages whose quotes are exact slices of the documents', async () => {
    const client = connected();
    const { data, text } = await call(client, 'search_documents', { query: 'rooftop garden opening times', k: 3 });
    assert.deepEqual(
      data.citations.map((c: any) => c.n),
      [1, 2, 3],
    );
    assert.equal(data.citations[0].docId, 'facilities-and-it-guide');
    assert.match(data.citations[0].quote, /rooftop garden is open from 8:00 to 18:30/);
    assert.match(text, /^\[1\] Canal Wharf House Facilities and IT Guide/);
    await assertQuotedExactly(client, data.citations, text);
    const only = await call(client, 'search_documents', { query: 'rooftop garden opening times', docIds: ['finance-policy-note-14'] });
    assert.ok(only.data.citations.length > 0);
    assert.ok(only.data.citations.every((c: any) => c.docId === 'finance-policy-note-14'));
  });

  it('answers with [n] markers and numbered sources that quote the documents exactly', async () => {
    const client = connected();
    const { data, text } = await call(client, 'ask', { question: 'What are the core hours that everyone must be available?' });
    assert.equal(data.status, 'answered');
    assert.equal(data.grounded, true);
    assert.match(data.answer, /10:00 and 15:30.*\[1\]/);
    assert.equal(data.citations[0].docId, 'employee-handbook');
    assert.equal(data.citations[0].title, 'Quillfeather Cartography Employee Handbook');
    assert.equal(data.answerer, 'extractive', 'no language model is configured');
    assert.equal(data.droppedSentences, 0);
    for (const c of [...data.citations, ...data.related]) await documentText(client, c.docId);
    assertCitationsExact(data, (id) => texts.get(id));
    assert.ok(text.startsWith(data.answer), 'the text starts with the answer');
    assert.match(text, /\n\nSources:\n\[1\] Quillfeather Cartography Employee Handbook \(Quillfeather Cartography Ltd, People Team\) — employee-handbook, characters \d+–\d+\n {4}"/);
    await assertQuotedExactly(client, data.citations, text);

    const unanswered = await call(client, 'ask', { question: 'Who founded Infosys?' });
    assert.equal(unanswered.data.status, 'not_found');
    assert.deepEqual(unanswered.data.citations, []);
    assert.doesNotMatch(unanswered.text, /Sources:/);
  });

  it('checks claims, quoting the passage that supports or contradicts them', async () => {
    const client = connected();
    const supported = await call(client, 'verify_claim', { claim: 'Canal Wharf House is Building 3 on the Holbeck Yards campus, a short walk from Leeds railway station.' });
    assert.equal(supported.data.verdict, 'supported');
    assert.equal(supported.data.evidence[0].stance, 'supports');
    assert.equal(supported.data.evidence[0].n, 1);
    assert.match(supported.text, /^SUPPORTED \(confidence \d\.\d\d\)\nThe sources state this \[1\](?: \[\d\])*\.\n\nEvidence:\n\[1\] SUPPORTS — Canal Wharf House Facilities and IT Guide/);
    await assertQuotedExactly(client, supported.data.evidence, supported.text);

    const contradicted = await call(client, 'verify_claim', { claim: 'Staff may work from home for up to four days a week.' });
    assert.equal(contradicted.data.verdict, 'contradicted');
    assert.match(contradicted.text, /^CONTRADICTED .*\nThe sources give two, not four \[1\]\./);
    await assertQuotedExactly(client, contradicted.data.evidence, contradicted.text);
  });

  it('lists the documents and reads one whole or a range of it', async () => {
    const client = connected();
    const { data, text } = await call(client, 'list_documents', {});
    assert.deepEqual(
      data.documents.map((d: any) => d.id),
      DOCUMENT_IDS,
    );
    const handbook = data.documents[0];
    assert.equal(handbook.uri, 'doc://employee-handbook');
    assert.equal(handbook.title, 'Quillfeather Cartography Employee Handbook');
    assert.ok(handbook.chunks > 0);
    assert.match(text, /^- employee-handbook: Quillfeather Cartography Employee Handbook \(Quillfeather Cartography Ltd, People Team, 2025-01-15\) — \d+ characters, doc:\/\/employee-handbook$/m);

    const whole = await call(client, 'get_document', { id: 'finance-policy-note-14' });
    assert.equal(whole.data.text.length, whole.data.length);
    assert.equal(whole.data.end, whole.data.length);
    const part = await call(client, 'get_document', { id: 'finance-policy-note-14', start: 10, end: 60 });
    assert.equal(part.data.text, whole.data.text.slice(10, 60));
    assert.match(part.text, /^Policy Note 14: Travel and Expenses — finance-policy-note-14, characters 10–60 of \d+\n\n/);
    assert.ok(part.text.endsWith(whole.data.text.slice(10, 60)));
  });

  it('exposes each document as a resource holding the text that citations index into', async () => {
    const client = connected();
    const { resources } = await client.listResources();
    assert.deepEqual(
      resources.map((r) => r.uri),
      DOCUMENT_IDS.map((id) => `doc://${id}`),
    );
    const corpus = new Map((await loadCorpus(MCP_CORPUS)).map((d) => [d.id, d]));
    for (const r of resources) {
      assert.equal(r.mimeType, 'text/plain');
      assert.equal(r.name, r.uri.slice('doc://'.length));
      assert.equal(r.title, corpus.get(r.name)!.meta.title);
      const { contents } = await client.readResource({ uri: r.uri });
      assert.equal(contents.length, 1);
      const [content] = contents;
      assert.equal(content!.uri, r.uri);
      assert.equal(content!.mimeType, 'text/plain');
      assert.ok('text' in content!, 'a text resource');
      // The document exactly as ingesting the corpus reads it, and as get_document serves it.
      assert.equal(content.text, corpus.get(r.name)!.text);
      assert.equal(content.text, await documentText(client, r.name));
    }
    await assert.rejects(client.readResource({ uri: 'doc://no-such-document' }), (err: Error & { code?: number }) => {
      assert.equal(err.code, -32002);
      assert.match(err.message, /DOCUMENT_NOT_FOUND: No document with id "no-such-document"/);
      return true;
    });
  });

  it('turns bad input into a tool error the model can read, and keeps serving', async () => {
    const client = connected();
    assert.match(await failure(client, 'ask', { question: '   ' }), /Invalid arguments for tool ask: question must not be empty/);
    assert.match(await failure(client, 'ask', {}), /Invalid arguments for tool ask: .*question/);
    assert.match(await failure(client, 'search_documents', { query: 'garden', k: 500 }), /expected number to be <=50 at k/);
    assert.match(await failure(client, 'verify_claim', { claim: 'x', colour: 'blue' }), /Unrecognized key: "colour"/);
    assert.match(await failure(client, 'ask', { question: 'What are the core hours?', docIds: ['no-such-document'] }), /^DOCUMENT_NOT_FOUND: Unknown document id\(s\): no-such-document$/);
    assert.match(await failure(client, 'get_document', { id: 'no-such-document' }), /^DOCUMENT_NOT_FOUND: No document with id "no-such-document"$/);
    assert.match(await failure(client, 'get_document', { id: 'employee-handbook', end: 10_000_000 }), /^INVALID_INPUT: end must be at most the document's length, \d+$/);
    assert.match(await failure(client, 'get_document', { id: 'employee-handbook', start: 20, end: 10 }), /^INVALID_INPUT: start \(20\) must not be after end \(10\)$/);
    assert.match(await failure(client, 'get_document', { id: 'employee-handbook', start: -1 }), /expected number to be >=0 at start/);
    const after = await call(client, 'list_documents', {});
    assert.equal(after.data.documents.length, DOCUMENT_IDS.length);
  });
}
