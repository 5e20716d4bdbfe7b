import { documentChunkCount, documentCount } from '../store/index-files.js';
import { parseCommandLine } from '../config.js';
import { consoleLogger } from '../log.js';
import { openIndex } from '../open-index.js';
import { progressBar } from './progress.js';
import { runCli } from './run-cli.js';

const HELP = `Usage: npm run index -- [--force] [--corpus DIR] [--index DIR] [--embedder use|transformers:<model>]

Builds the search index for the documents in the corpus folder, or brings it up to date.
Only new or changed text is embedded; --force rebuilds the whole index.`;

runCli(async () => {
  const { config, values } = parseCommandLine(process.argv.slice(2), { force: { type: 'boolean' } });
  if (values.help) return void console.log(HELP);
  const started = performance.now();
  const { index, report } = await openIndex(config, {
    logger: consoleLogger,
    onProgress: progressBar('embedding sentences'),
    force: values.force === true,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (!report) {
    console.log(`Index is up to date: ${documentCount(index)} documents, ${documentChunkCount(index)} chunks (${index.manifest.embedder.id}). Checked in ${seconds}s.`);
    return;
  }
  console.log(`Indexed ${report.documents} documents into ${report.chunks} chunks in ${seconds}s.`);
  console.log(`  embedded ${report.embedded} sentence(s), reused ${report.reused} from the cache (${report.vectors} vectors)`);
  const changes = [
    report.added.length && `${report.added.length} added`,
    report.changed.length && `${report.changed.length} changed`,
    report.removed.length && `${report.removed.length} removed`,
  ].filter(Boolean);
  if (changes.length) console.log(`  documents: ${changes.join(', ')}`);
  console.log(`  reason: ${report.reason}`);
  console.log(`  index: ${index.dir}`);
});
