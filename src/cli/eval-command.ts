import { resolve } from 'node:path';
import { PROJECT_ROOT, parseCommandLine } from '../config.js';
import { keysFound, readJsonl, type EvalQuestion } from '../eval/eval-set.js';
import { calibration, calibrationError, formatCalibration, rocAuc } from '../eval/metrics.js';
import { consoleLogger } from '../log.js';
import { servicesFor } from '../server/services.js';
import { openIndex } from '../open-index.js';
import { progressBar } from './progress.js';
import { runCli } from './run-cli.js';

const HELP = `Usage: npm run eval -- [--questions FILE] [--out-of-corpus FILE] [--claims FILE] [--k 5] [--verbose]

Measures, on a question set with answer keys (default ../shared/eval/questions.jsonl):
  retrieval: questions whose answer keys all appear in the top-k passages;
  answers:   questions whose answer text, and whose cited quotes alone, contain the keys,
             and the share answered as grounded;
and, on questions the documents cannot answer (default ../shared/eval/out_of_corpus.jsonl),
the share that abstain; and on claims with verdicts (default ../shared/eval/claims.jsonl),
the verifier's accuracy, confusion matrix and recall per class; and how well the answer's
confidence separates answerable from unanswerable questions (ROC AUC) and how calibrated
the answer and verdict confidences are. --rules decides by the fixed-threshold rules on
the same features instead of the fitted models (the ablation).`;

runCli(async () => {
  const { config, values } = parseCommandLine(process.argv.slice(2), {
    questions: { type: 'string' },
    'out-of-corpus': { type: 'string' },
    claims: { type: 'string' },
    k: { type: 'string' },
    verbose: { type: 'boolean', short: 'v' },
    rules: { type: 'boolean' },
  });
  if (values.help) return void console.log(HELP);
  const file = typeof values.questions === 'string' ? resolve(values.questions) : resolve(PROJECT_ROOT, '../shared/eval/questions.jsonl');
  const k = values.k === undefined ? 5 : Number(values.k);
  const questions = (await readJsonl<EvalQuestion>(file)).filter((q) => q.answer_keys && q.answer_keys.length > 0);
  const opened = await openIndex(config, { logger: consoleLogger, onProgress: progressBar('embedding sentences') });
  const { retriever } = opened;
  const { answerer, verifier } = servicesFor(opened, values.rules ? 'rules' : 'model');

  let allKeys = 0;
  let inAnswer = 0;
  let inQuotes = 0;
  let grounded = 0;
  let correctGrounded = 0;
  const statuses = { answered: 0, partial: 0, not_found: 0 };
  const answerableConfidence: number[] = [];
  const answerCalibration: Array<{ p: number; right: boolean }> = [];
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
      console.log(`${ok ? 'ok  ' : 'MISS'} retrieval ${q.id} ${q.question}${ok ? '' : `  (missing: ${missing.join(', ')})`}`);
    }
    const { answer } = await answerer.answer(q.question);
    const answerOk = keysFound(answer.answer, q.answer_keys!).every(Boolean);
    if (answerOk) inAnswer++;
    if (keysFound(answer.citations.map((c) => c.quote).join('\n'), q.answer_keys!).every(Boolean)) inQuotes++;
    if (answer.grounded) grounded++;
    if (answer.grounded && answerOk) correctGrounded++;
    statuses[answer.status]++;
    answerableConfidence.push(answer.confidence);
    answerCalibration.push({ p: answer.confidence, right: answerOk });
    if (values.verbose || !answerOk) console.log(`${answerOk ? 'ok  ' : 'MISS'} answer    ${q.id} ${answer.answer.slice(0, 160)}`);
  }
  const pct = (n: number) => `${((100 * n) / questions.length).toFixed(1)}%`;
  console.log(`\nquestions: ${questions.length}, k = ${k}`);
  console.log(`answer keys all in top-${k}: ${allKeys}/${questions.length} = ${pct(allKeys)}`);
  const withGold = questions.filter((q) => q.gold_docs?.length).length;
  if (withGold > 0) console.log(`a gold document in top-${k}:  ${goldDoc}/${withGold} = ${((100 * goldDoc) / withGold).toFixed(1)}%`);
  console.log(`MRR of first passage with a key: ${(reciprocalRank / questions.length).toFixed(3)}`);
  console.log(`answer text has the keys:     ${inAnswer}/${questions.length} = ${pct(inAnswer)}`);
  console.log(`cited quotes have the keys:   ${inQuotes}/${questions.length} = ${pct(inQuotes)}`);
  console.log(`answered as grounded:         ${grounded}/${questions.length} = ${pct(grounded)}`);
  console.log(`correct and grounded:         ${correctGrounded}/${questions.length} = ${pct(correctGrounded)}`);
  console.log(`status: answered ${statuses.answered}, partial ${statuses.partial}, not found ${statuses.not_found}`);

  const outFile = typeof values['out-of-corpus'] === 'string' ? resolve(values['out-of-corpus']) : resolve(PROJECT_ROOT, '../shared/eval/out_of_corpus.jsonl');
  const outQuestions = await readJsonl<EvalQuestion>(outFile).catch(() => []);
  if (outQuestions.length > 0) {
    let abstained = 0;
    const unanswerableConfidence: number[] = [];
    for (const q of outQuestions) {
      const { answer } = await answerer.answer(q.question);
      unanswerableConfidence.push(answer.confidence);
      answerCalibration.push({ p: answer.confidence, right: false });
      if (!answer.grounded) abstained++;
      else console.log(`ANSWERED out-of-corpus ${q.id} ${q.question}: ${answer.answer.slice(0, 120)}`);
    }
    console.log(`out-of-corpus abstained:      ${abstained}/${outQuestions.length} = ${((100 * abstained) / outQuestions.length).toFixed(1)}%`);
    if (questions.length > 0) {
      console.log(`confidence separates answerable from unanswerable: ROC AUC ${rocAuc(answerableConfidence, unanswerableConfidence).toFixed(2)}`);
      const bins = calibration(answerCalibration);
      console.log(`answer confidence against "answered with the keys" (expected calibration error ${calibrationError(bins).toFixed(2)}):\n${formatCalibration(bins)}`);
    }
  }

  const claimsFile = typeof values.claims === 'string' ? resolve(values.claims) : resolve(PROJECT_ROOT, '../shared/eval/claims.jsonl');
  const claims = await readJsonl<{ id: string; claim: string; label: string }>(claimsFile).catch(() => []);
  if (claims.length > 0) {
    const labels = ['supported', 'contradicted', 'not_enough_info'];
    const matrix = new Map(labels.map((l) => [l, new Map(labels.map((m) => [m, 0]))]));
    const verdictCalibration: Array<{ p: number; right: boolean }> = [];
    for (const c of claims) {
      const { verdict, explanation, confidence } = await verifier.verify(c.claim);
      verdictCalibration.push({ p: confidence, right: verdict === c.label });
      matrix.get(c.label)?.set(verdict, (matrix.get(c.label)?.get(verdict) ?? 0) + 1);
      if (values.verbose || verdict !== c.label) console.log(`${verdict === c.label ? 'ok  ' : 'MISS'} claim ${c.id} ${c.label} → ${verdict}: ${c.claim} — ${explanation}`);
    }
    const correct = labels.reduce((n, l) => n + (matrix.get(l)!.get(l) ?? 0), 0);
    console.log(`\nclaims: ${claims.length}, accuracy ${correct}/${claims.length} = ${((100 * correct) / claims.length).toFixed(1)}%`);
    console.log(`confusion (rows: label, columns: verdict)   ${labels.map((l) => l.slice(0, 12).padStart(13)).join('')}   recall`);
    for (const l of labels) {
      const row = matrix.get(l)!;
      const total = [...row.values()].reduce((a, b) => a + b, 0);
      console.log(`  ${l.padEnd(40)}${labels.map((m) => String(row.get(m)).padStart(13)).join('')}   ${total ? ((100 * row.get(l)!) / total).toFixed(0) : '–'}%`);
    }
    const vbins = calibration(verdictCalibration);
    console.log(`verdict confidence against "verdict right" (expected calibration error ${calibrationError(vbins).toFixed(2)}):\n${formatCalibration(vbins)}`);
  }
});
