import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Document } from '@langchain/core/documents';
import { Embeddings } from '@langchain/core/embeddings';
import { RunnableLambda, RunnableSequence } from '@langchain/core/runnables';
import { DocumentRetriever, type PassageMetadata } from '../../src/retrieve/langchain-retriever.js';
import { fixtureIndex } from '../helpers.js';

const QUESTION = 'How long does it take to fully charge the KX-200 battery?';

/** Numbered passages with their sources, as a prompt for a model would want them. */
const numbered = (docs: Document<PassageMetadata>[]) => docs.map((d, i) => `[${i + 1}] ${d.metadata.title}: ${d.pageContent}`).join('\n');

describe('the LangChain retriever', () => {
  it('feeds a chain the passages that answer a question, each citing where it is in its document', async () => {
    const { index, embedder } = await fixtureIndex('manual');
    const retriever = new DocumentRetriever({ index, embedder, k: 3 });
    const chain = RunnableSequence.from([retriever, RunnableLambda.from(numbered)]);
    const context = await chain.invoke(QUESTION);
    assert.match(context, /^\[1\] /);
    assert.match(context, /six hours/);

    const docs = await retriever.invoke(QUESTION);
    assert.equal(docs.length, 3);
    for (const d of docs) {
      const source = index.docs.get(d.metadata.docId)!;
      assert.equal(source.text.slice(d.metadata.start, d.metadata.end), d.pageContent, 'offsets point at the passage');
      assert.equal(d.id, d.metadata.chunkId);
    }
    assert.ok(docs.some((d) => d.metadata.publisher === 'Fenwick Optics' && d.metadata.date !== undefined));
  });

  it('searches only the documents a metadata filter lets through', async () => {
    const { index, embedder } = await fixtureIndex('manual');
    const byPublisher = new DocumentRetriever({ index, embedder, filter: { publisher: 'Fenwick Optics Customer Support' } });
    const docs = await byPublisher.invoke('error codes');
    assert.ok(docs.length > 0);
    assert.deepEqual([...new Set(docs.map((d) => d.metadata.docId))], ['kx-200-troubleshooting']);

    const byPredicate = new DocumentRetriever({ index, embedder, filter: (doc) => (doc.meta.date ?? '') < '2024-01-01' });
    assert.deepEqual([...new Set((await byPredicate.invoke(QUESTION)).map((d) => d.metadata.docId))], ['kx-200-quick-start-card']);

    const none = new DocumentRetriever({ index, embedder, filter: { publisher: 'Nobody' } });
    assert.deepEqual(await none.invoke(QUESTION), [], 'a filter matching nothing finds nothing');
  });

  it('embeds the query through LangChain embeddings, so a broken one fails the chain', async () => {
    const { index, embedder } = await fixtureIndex('manual');
    class Broken extends Embeddings {
      embedDocuments(): Promise<number[][]> {
        throw new Error('embeddings unavailable');
      }
      embedQuery(): Promise<number[]> {
        throw new Error('embeddings unavailable');
      }
    }
    const retriever = new DocumentRetriever({ index, embedder, embeddings: new Broken({}) });
    await assert.rejects(retriever.invoke(QUESTION), /embeddings unavailable/);
  });

  it('refuses a k outside 1 to 50', async () => {
    const { index, embedder } = await fixtureIndex('manual');
    assert.throws(() => new DocumentRetriever({ index, embedder, k: 0 }), /k must be an integer/);
  });
});
