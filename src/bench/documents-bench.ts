import { cp, mkdir, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { openConversationStore } from '../chat/sqlite-conversations.js';
import type { Config } from '../config.js';
import type { Embedder } from '../embed/embedder.js';
import { AppError } from '../errors.js';
import { checkUpload } from '../ingest/check-upload.js';
import { silentLogger } from '../log.js';
import { openIndex } from '../open-index.js';
import { createApp } from '../server/app.js';
import { LiveIndex } from '../server/live-index.js';
import { ServiceState } from '../server/service-state.js';
import { servicesFor } from '../server/services.js';
import { ensureIndex } from '../store/build-index.js';
import { DEFAULT_UPLOAD_LIMITS } from '../settings.js';
import { AnswerWorkers } from '../workers/answer-jobs.js';

/**
 * Figures for bringing one's own documents: how long an uploaded PDF takes to become
 * answerable on a running server, and whether embedding keeps its pace through a long one.
 * The PDFs are generated (with pdf-lib, a development dependency), one made-up fact a page.
 */

const TOPICS = ['harbour', 'orchard', 'observatory', 'glassworks', 'railway', 'library', 'vineyard', 'quarry', 'bakery', 'tannery'];
const ACTS = ['inspects', 'repairs', 'records', 'measures', 'cleans', 'audits', 'paints', 'weighs'];

/** A page of distinct sentences: page n's facts differ from every other page's. */
function pageText(n: number, sentences: number): string[] {
  return Array.from({ length: sentences }, (_, i) => `On page ${n}, the ${TOPICS[(n + i) % TOPICS.length]} keeper ${ACTS[(n * 3 + i) % ACTS.length]} the ${TOPICS[(n + 2 * i + 1) % TOPICS.length]} ledger number ${n * 100 + i} every ${2 + ((n + i) % 9)} days.`);
}

async function makePdf(pages: string[][]): Promise<Buffer> {
  let lib: typeof import('pdf-lib');
  try {
    lib = await import('pdf-lib');
  } catch {
    throw new AppError('INVALID_CONFIG', 'The document benchmarks need pdf-lib, a development dependency: run `npm ci` without --omit=dev');
  }
  const pdf = await lib.PDFDocument.create();
  const font = await pdf.embedFont(lib.StandardFonts.Helvetica);
  for (const lines of pages) {
    const page = pdf.addPage([595, 842]);
    let y = 800;
    for (const line of lines) {
      // Long sentences are wrapped at about 90 characters, as a word processor would.
      for (const piece of line.match(/.{1,90}(\s|$)/g) ?? [line]) {
        page.drawText(piece.trim(), { x: 40, y, size: 10, font });
        y -= 14;
      }
    }
  }
  return Buffer.from(await pdf.save());
}

export interface UploadFigures {
  pages: number;
  /** From sending the upload to the first answer that cites it. */
  secondsToAnswerable: number;
}

/** Uploads a PDF to a running server (in this process, with its answer workers) and asks until it answers from it. */
export async function uploadToAnswerable(config: Config, embedder: Embedder, work: string, pages = 20): Promise<UploadFigures> {
  const corpusDir = join(work, 'upload-corpus');
  const indexDir = join(work, 'upload-index');
  await cp(config.corpusDir, corpusDir, { recursive: true });
  const cfg = { ...config, corpusDir, indexDir };
  const opened = await openIndex(cfg, { embedder });
  const state = new ServiceState();
  const conversations = openConversationStore();
  const answerWorkers = config.server.answerWorkers;
  const workers = await AnswerWorkers.startFor(cfg, opened.index.dir, answerWorkers, silentLogger);
  state.set(servicesFor(opened, 'model', workers, conversations));
  const live = new LiveIndex({ config: cfg, state, embedder: () => embedder, logger: silentLogger, conversations, answerWorkers, debounceMs: 50 });
  live.start();
  const server = createApp({ state, rateLimitPerMinute: 0, live: { corpusDir, limits: DEFAULT_UPLOAD_LIMITS, index: live, check: checkUpload } }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  try {
    const content = Array.from({ length: pages }, (_, i) => pageText(i + 1, 12));
    const last = pages;
    content[last - 1]!.push('The vault of the clockmakers guild opens with the code 47-11-93.');
    const pdf = await makePdf(content);
    const form = new FormData();
    form.append('files', new Blob([new Uint8Array(pdf)]), 'clockmakers-guild.pdf');
    const started = performance.now();
    const res = await fetch(`${base}/api/documents`, { method: 'POST', body: form });
    if (res.status !== 202) throw new Error(`upload answered ${res.status}: ${await res.text()}`);
    for (;;) {
      const answer = await (await fetch(`${base}/api/ask`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: 'What code opens the vault of the clockmakers guild?' }) })).json();
      if (typeof answer.answer === 'string' && answer.answer.includes('47-11-93')) break;
      if (performance.now() - started > 600_000) throw new Error('the uploaded PDF was not answerable after 10 minutes');
      await new Promise((r) => setTimeout(r, 100));
    }
    return { pages, secondsToAnswerable: (performance.now() - started) / 1000 };
  } finally {
    server.close();
    await live.close();
    await state.peek()?.workers?.close();
  }
}

export interface ThroughputFigures {
  pages: number;
  sentences: number;
  /** Sentences embedded a second over the whole build, the first tenth and the last tenth. */
  overall: number;
  firstTenth: number;
  lastTenth: number;
}

/** Indexes one long generated PDF alone and reads the embedding pace from the progress reports. */
export async function longDocumentThroughput(config: Config, embedder: Embedder, work: string, pages = 500): Promise<ThroughputFigures> {
  const corpusDir = join(work, 'long-corpus');
  await mkdir(corpusDir, { recursive: true });
  await writeFile(join(corpusDir, 'long-register.pdf'), await makePdf(Array.from({ length: pages }, (_, i) => pageText(i + 1, 20))));
  const marks: Array<[number, number]> = [];
  let total = 0;
  await ensureIndex({
    corpusDir,
    indexDir: join(work, 'long-index'),
    embedder,
    chunker: config.chunker,
    logger: silentLogger,
    onProgress: (done, all) => {
      total = all;
      marks.push([performance.now(), done]);
    },
  });
  const rate = (from: number, to: number) => {
    const a = marks.find(([, d]) => d >= from) ?? marks[0]!;
    const b = [...marks].reverse().find(([, d]) => d <= to) ?? marks.at(-1)!;
    return b[0] > a[0] ? ((b[1] - a[1]) / (b[0] - a[0])) * 1000 : 0;
  };
  return { pages, sentences: total, overall: rate(0, total), firstTenth: rate(0, total / 10), lastTenth: rate(total * 0.9, total) };
}
