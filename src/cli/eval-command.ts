import { resolve } from 'node:path';
import { PROJECT_ROOT, parseCommandLine } from '../config.js';
import { keysFound, readJsonl, type EvalQuestion } from '../eval/eval-set.js';
import { consoleLogger } from '../log.js';
import { openIndex } from '../open-index.js';
import { progressBar } from './progress.js';
import { runCli } from './run-cli.js';

const HELP = `Usage: npm run eval -- [--questions FILE] [--k 5] [--verbose]

Measures retrieval on a question set with answer keys: the share of questions whose
answer keys all appear in the top-k passages. Default set: ../shared/eval/questions.jsonl`;

runCli(async () => {
  const { config, values } = parseCommandLine(process.argv.slice(2), {
    questions: { type: 'string' },
    k: { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
  });
  if (values.help) return void console.log(HELP);
  const file = typeof values.questions === 'string' ? resolve(values.questions) : resolve(PROJECT_ROOT, '../shared/eval/questions.jsonl');
  const k = values.k === undefined ? 5 : Number(values.k);
  const questions = (await readJsonl<EvalQuestion>(file)).filter((q) => q.answer_keys && q.answer_keys.length > 0);
  const { retriever } = await openIndex(config, { logger: consoleLogger, onProgress: progressBar('embedding sentences') });

  let allKeys = 0;
  let goldDoc = 0;
  let reciprocalRank = 0;
  for (const q of questions) {
    const { hits } = await retriever.search(q.question, { k });
    const found = keysFound(hits.map((h) => h.text).join('\n'), q.answer_keys!);
    const ok = found.every(Boolean);
    if (ok) allKeys++;
    if (q.gold_docs?.some((g) => hits.some((h) => h.docId.startsWith(g)))) goldDoc++;
    const firstRank = hits.findIndex((h) => keysFound(h.text, q.answer_keys!).some(Boolean));
    if (firstRank >= 0) reciprocalRank += 1 / (firstRank + 1);
    if (values.verbose || !ok) {
      const missing = q.answer_keys!.filter((_, i) => !found[i]).map((g) => g.join('|'));
      console.log(`${ok ? 'ok  ' : 'MISS'} ${q.id} ${q.question}${ok ? '' : `  (missing: ${missing.join(', ')})`}`);
    }
  }
  const pct = (n: number) => `${((100 * n) / questions.length).toFixed(1)}%`;
  console.log(`\nquestions: ${questions.length}, k = ${k}`);
  console.log(`answer keys all in top-${k}: ${allKeys}/${questions.length} = ${pct(allKeys)}`);
  console.log(`a gold document in top-${k}:  ${goldDoc}/${questions.length} = ${pct(goldDoc)}`);
  console.log(`MRR of first passage with a key: ${(reciprocalRank / questions.length).toFixed(3)}`);
});
