import { AppError } from '../errors.js';
import { parseCommandLine } from '../config.js';
import { consoleLogger } from '../log.js';
import { openIndex } from '../open-index.js';
import { servicesFor } from '../server/services.js';
import { progressBar } from './progress.js';
import { runCli } from './run-cli.js';

const HELP = `Usage: npm run ask -- "question" [--doc DOC_ID ...] [--json]

Answers a question from the documents and lists the numbered sources underneath.`;

runCli(async () => {
  const { config, positionals, values } = parseCommandLine(process.argv.slice(2), {
    doc: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (values.help) return void console.log(HELP);
  const question = positionals.join(' ').trim();
  if (question === '') throw new AppError('INVALID_INPUT', `No question given.\n\n${HELP}`);
  const docIds = values.doc as string[] | undefined;
  const { assistant } = servicesFor(await openIndex(config, { logger: consoleLogger, onProgress: progressBar('embedding sentences') }));
  const result = await assistant.ask(question, docIds ? { docIds } : {});
  if (values.json) return void console.log(JSON.stringify(result, null, 2));

  console.log(`\n${result.answer}\n`);
  if (result.grounded) {
    console.log('Sources:');
    for (const c of result.citations) {
      console.log(`  [${c.n}] ${c.title}${c.source ? ` (${c.source})` : ''}`);
      console.log(`      ${c.docId}, characters ${c.start}–${c.end}: "${c.quote.replace(/\s+/g, ' ')}"`);
    }
  } else if (result.related.length) {
    console.log('Related passages (these do not answer the question):');
    for (const r of result.related) console.log(`  - ${r.title}: "${r.quote.replace(/\s+/g, ' ').slice(0, 200)}"`);
  }
  if (result.sourcesDiffer) console.log('\nNote: the cited sources give different figures or dates.');
});
