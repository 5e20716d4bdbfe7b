import type { AskOutput, DocumentListOutput, DocumentOutput, SearchOutput, VerifyOutput } from './schemas.js';

/**
 * The text a tool returns beside its structured result. Many hosts show the model only
 * this text, so every citation is spelled out in it: number, title, document id, the
 * character range and the exact quote, as the `ask` command prints them.
 */

type Cited = { n?: number; docId: string; title: string; source?: string; quote: string; start: number; end: number; page?: number };

/** "[2] Title (source) — doc-id, characters 10–42, page 3" and the quote on the next line. */
function citationLines(c: Cited, label?: string): string {
  const where = `${c.docId}, characters ${c.start}–${c.end}${c.page !== undefined ? `, page ${c.page}` : ''}`;
  const head = `${c.n !== undefined ? `[${c.n}] ` : '- '}${label ? `${label} — ` : ''}${c.title}${c.source ? ` (${c.source})` : ''} — ${where}`;
  return `${head}\n    "${c.quote.replace(/\s+/g, ' ').trim()}"`;
}

export function searchText(result: SearchOutput): string {
  if (result.citations.length === 0) return 'No passages found.';
  return result.citations.map((c) => `${citationLines(c)}\n    (score ${c.score.toFixed(4)})`).join('\n');
}

export function answerText(result: AskOutput): string {
  const lines = [result.answer];
  if (result.citations.length > 0) lines.push('', 'Sources:', ...result.citations.map((c) => citationLines(c)));
  if (result.related.length > 0) lines.push('', 'Related passages (these do not answer the question):', ...result.related.map((c) => citationLines(c)));
  if (result.sourcesDiffer) lines.push('', 'Note: the cited sources give different figures or dates.');
  if (result.note) lines.push('', `Note: ${result.note}`);
  else if (result.answerer === 'generated') lines.push('', 'Written by the language model; each sentence was checked against the passage it cites.');
  return lines.join('\n');
}

export function verdictText(result: VerifyOutput): string {
  const lines = [`${result.verdict.toUpperCase().replaceAll('_', ' ')} (confidence ${result.confidence.toFixed(2)})`, result.explanation];
  if (result.evidence.length > 0) lines.push('', 'Evidence:', ...result.evidence.map((e) => citationLines(e, e.stance.toUpperCase())));
  return lines.join('\n');
}

export function documentListText(result: DocumentListOutput): string {
  if (result.documents.length === 0) return 'The index holds no documents.';
  return result.documents
    .map((d) => {
      const about = [d.publisher, d.date].filter(Boolean).join(', ');
      return `- ${d.id}: ${d.title}${about ? ` (${about})` : ''} — ${d.length} characters, ${d.uri}`;
    })
    .join('\n');
}

export function documentText(result: DocumentOutput): string {
  const whole = result.start === 0 && result.end === result.length;
  return `${result.title} — ${result.id}, ${whole ? `${result.length} characters` : `characters ${result.start}–${result.end} of ${result.length}`}\n\n${result.text}`;
}
