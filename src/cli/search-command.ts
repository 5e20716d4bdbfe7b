import { AppError } from '../errors.js';
import { parseCommandLine } from '../config.js';
import { consoleLogger } from '../log.js';
import { openIndex } from '../open-index.js';
import { progressBar } from './progress.js';
import { runCli } from './run-cli.js';

const HELP = `Usage: npm run search -- "question" [--k 5] [--doc DOC_ID ...] [--json]

Prints the passages that best match the question, with scores and sources.`;

runCli(async () => {
  const { config, positionals, values } = parseCommandLine(process.argv.slice(2), {
    k: { type: 'string' },
    doc: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (values.help) return void console.log(HELP);
  const query = positionals.join(' ').trim();
  if (query === '') throw new AppError('INVALID_INPUT', `No question given.\n\n${HELP}`);
  const k = values.k === undefined ? 5 : Number(values.k);
  const docIds = values.doc as string[] | undefined;
  const { retriever, index } = await openIndex(config, { logger: consoleLogger, onProgress: progressBar('embedding sentences') });
  const { hits, timings } = await retriever.search(query, { k, ...(docIds ? { docIds } : {}) });
  if (values.json) return void console.log(JSON.stringify({ query, hits, timings }, null, 2));
  console.log(`Top ${hits.length} passages for: ${query}\n`);
  hits.forEach((hit, i) => {
    const doc = index.docs.get(hit.docId);
    const signals = [hit.dense && `dense #${hit.dense.rank} cos ${hit.dense.similarity.toFixed(3)}`, hit.lexical && `bm25 #${hit.lexical.rank} ${hit.lexical.score.toFixed(2)}`]
      .filter(Boolean)
      .join(', ');
    console.log(`[${i + 1}] ${hit.title}  (score ${hit.score.toFixed(4)}: ${signals})`);
    console.log(`    ${hit.docId} chars ${hit.start}–${hit.end}${hit.headingPath.length ? ` · ${hit.headingPath.join(' › ')}` : ''}`);
    if (doc?.meta.sourceUrl || doc?.meta.publisher) console.log(`    source: ${doc.meta.sourceUrl ?? doc.meta.publisher}`);
    console.log(`    ${hit.text.replace(/\s+/g, ' ').slice(0, 400)}${hit.text.length > 400 ? '…' : ''}\n`);
  });
  const t = timings;
  console.log(`embed ${t.embedMs.toFixed(1)} ms · dense ${t.denseMs.toFixed(2)} ms · lexical ${t.lexicalMs.toFixed(2)} ms · fusion ${t.fuseMs.toFixed(2)} ms`);
});
