/** Copying an answer or a verdict as plain text, with its sources written out underneath. */
import type { AnswerParts, VerdictResult } from './api.js';

interface Quoted {
  title: string;
  quote: string;
  source?: string;
  page?: number;
}

function sourceLine(label: string, q: Quoted): string {
  const where = [q.page !== undefined ? `page ${q.page}` : '', q.source ?? ''].filter(Boolean).join(', ');
  return `${label} ${q.title}${where ? ` (${where})` : ''}: “${q.quote.replace(/\s+/g, ' ').trim()}”`;
}

const OUTCOME = { answered: 'Answered', partial: 'Partly answered', not_found: 'Not found in the documents' } as const;

/**
 * An answer as it could be pasted into an e-mail: the question, the answer with its
 * markers, and each cited passage after its number.
 *
 * @example
 *   Q: When will NISAR launch?
 *   NISAR is expected to launch in 2024 [1].
 *
 *   Sources:
 *   [1] FACT SHEET … (https://…): “…”
 */
export function answerAsText(question: string, answer: string, parts: AnswerParts): string {
  const lines = [`Q: ${question}`, answer.trim(), '', `(${OUTCOME[parts.status]}, ${confidenceWords(parts.confidence)} confidence)`];
  if (parts.status === 'not_found') {
    if (parts.related.length) lines.push('', 'Related passages (they do not answer the question):', ...parts.related.map((r) => sourceLine('-', r)));
  } else if (parts.citations.length) {
    lines.push('', parts.status === 'partial' ? 'Closest passages:' : 'Sources:', ...parts.citations.map((c) => sourceLine(`[${c.n}]`, c)));
  }
  return lines.join('\n');
}

export const VERDICT_LABELS = { supported: 'Supported', contradicted: 'Contradicted', not_enough_info: 'Not enough information' } as const;

export function verdictAsText(claim: string, result: VerdictResult): string {
  const lines = [`Claim: ${claim}`, `Verdict: ${VERDICT_LABELS[result.verdict]} (${confidenceWords(result.confidence)} confidence)`, result.explanation.trim()];
  if (result.evidence.length) lines.push('', 'Evidence:', ...result.evidence.map((e) => sourceLine(`[${e.n}] (${e.stance})`, e)));
  return lines.join('\n');
}

/** The model's probability in words; the figure alone would suggest more precision than it has. */
export function confidenceWords(confidence: number): 'high' | 'medium' | 'low' {
  return confidence >= 0.8 ? 'high' : confidence >= 0.6 ? 'medium' : 'low';
}

/**
 * Puts text on the clipboard. The Clipboard API exists only on secure pages (https or
 * localhost); a server reached over plain http on a network falls back to a selected
 * textarea and the older copy command.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Denied: try the older way.
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.append(area);
  const focused = document.activeElement as HTMLElement | null;
  area.select();
  let done = false;
  try {
    done = document.execCommand('copy');
  } catch {
    done = false;
  }
  area.remove();
  focused?.focus();
  return done;
}
