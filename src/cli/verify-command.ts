import { AppError } from '../errors.js';
import { parseCommandLine } from '../config.js';
import { consoleLogger } from '../log.js';
import { openIndex } from '../open-index.js';
import { servicesFor } from '../server/services.js';
import { progressBar } from './progress.js';
import { runCli } from './run-cli.js';

const HELP = `Usage: npm run verify -- "claim" [--doc DOC_ID ...] [--json]

Checks a claim against the documents: supported, contradicted or not enough information,
with the passages that decide it.`;

const LABELS = { supported: 'SUPPORTED', contradicted: 'CONTRADICTED', not_enough_info: 'NOT ENOUGH INFORMATION' } as const;

runCli(async () => {
  const { config, positionals, values } = parseCommandLine(process.argv.slice(2), {
    doc: { type: 'string', multiple: true },
    json: { type: 'boolean' },
  });
  if (values.help) return void console.log(HELP);
  const claim = positionals.join(' ').trim();
  if (claim === '') throw new AppError('INVALID_INPUT', `No claim given.\n\n${HELP}`);
  const docIds = values.doc as string[] | undefined;
  const { verifier } = servicesFor(await openIndex(config, { logger: consoleLogger, onProgress: progressBar('embedding sentences') }));
  const result = await verifier.verify(claim, docIds ? { docIds } : {});
  if (values.json) return void console.log(JSON.stringify(result, null, 2));
  console.log(`\n${LABELS[result.verdict]} (confidence ${result.confidence.toFixed(2)})`);
  console.log(result.explanation);
  if (result.evidence.length) {
    console.log('\nEvidence:');
    for (const e of result.evidence) {
      console.log(`  [${e.n}] ${e.stance.toUpperCase()} — ${e.title}${e.source ? ` (${e.source})` : ''}`);
      console.log(`      ${e.docId}, characters ${e.start}–${e.end}: "${e.quote.replace(/\s+/g, ' ')}"`);
    }
  }
});
