import { join } from 'node:path';
import { CONVERSATIONS_FILE } from '../chat/conversation-db.js';
import type { FeedbackFilter } from '../chat/conversations.js';
import { openConversationStore } from '../chat/sqlite-conversations.js';
import { parseCommandLine } from '../config.js';
import { AppError } from '../errors.js';
import { feedbackLine, toJsonl } from '../eval/feedback-set.js';
import { writeFileAtomic } from '../store/atomic-write.js';
import { runCli } from './run-cli.js';

const HELP = `Usage: npm run feedback -- [--export FILE] [--rating up|down] [--since DATE] [--data DIR]

Reads the feedback users gave on answers and verdicts (thumbs up or down, with a comment)
from the server's conversation database (DATA_DIR/${CONVERSATIONS_FILE}). Without --export,
prints how much there is. With --export, writes it as JSON Lines in the shape of the
evaluation files (questions, out-of-corpus questions, claims), one line per feedback,
with the rating, the comment and what was answered added (see the README).

  --rating up|down   only this rating
  --since DATE       only feedback given at or after this date (2025-06-01, or a full ISO time)
  --data DIR         the server's data folder (default: DATA_DIR, or data/)`;

runCli(async () => {
  const { config, values } = parseCommandLine(process.argv.slice(2), {
    export: { type: 'string' },
    rating: { type: 'string' },
    since: { type: 'string' },
    data: { type: 'string' },
  });
  if (values.help) return void console.log(HELP);
  const filter: FeedbackFilter = {};
  if (values.rating !== undefined) {
    if (values.rating !== 'up' && values.rating !== 'down') throw new AppError('INVALID_INPUT', `--rating must be "up" or "down", got "${String(values.rating)}"`);
    filter.rating = values.rating;
  }
  if (values.since !== undefined) {
    const since = new Date(String(values.since));
    if (Number.isNaN(since.getTime())) throw new AppError('INVALID_INPUT', `--since must be a date such as 2025-06-01, got "${String(values.since)}"`);
    filter.since = since;
  }
  // Read-only: the export can run while the server is writing, and never changes what it reads.
  const store = openConversationStore(join(config.dataDir, CONVERSATIONS_FILE), { readonly: true });
  const records = (() => {
    try {
      return store.feedback(filter);
    } finally {
      store.close();
    }
  })();
  const lines = records.map(feedbackLine);
  const count = (kind: string) => lines.filter((l) => l.kind === kind).length;
  const summary = `${lines.length} feedback (${lines.filter((l) => l.rating === 'up').length} up, ${lines.filter((l) => l.rating === 'down').length} down): ${count('question')} questions, ${count('out_of_corpus')} out of corpus, ${count('claim')} claims`;
  if (values.export === undefined) return void console.log(summary);
  const file = String(values.export);
  await writeFileAtomic(file, toJsonl(lines)).catch((err: unknown) => {
    throw new AppError('INVALID_INPUT', `Cannot write ${file}: ${(err as Error).message}`);
  });
  console.log(`${summary}; written to ${file}`);
});
