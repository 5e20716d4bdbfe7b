import { sha256 } from '../hash.js';
import { definesTerm } from '../language/analyze.js';
import type { SentenceBank } from '../evidence/sentence-bank.js';
import type { Answerer } from './answerer.js';
import { WordNet } from '../language/wordnet.js';
import { CARD_TITLE_LABEL, documentOf } from '../ingest/document-card.js';

/**
 * Example questions for the empty chat page: real questions that the documents answer.
 * Candidates are written from the collection itself (an abbreviation it spells out, a
 * name it introduces with "X is a…", who published a document), then each is put to the
 * answerer, and only those it answers with confidence are kept, from different documents
 * where possible.
 */
export async function exampleQuestions(bank: SentenceBank, answerer: Answerer, count = 4): Promise<string[]> {
  const candidates = new Map<string, string>(); // question → document it came from
  for (const r of bank.all()) {
    if (r.card) {
      if (r.text.startsWith(CARD_TITLE_LABEL)) {
        const title = r.text.slice(CARD_TITLE_LABEL.length).trim().replace(/\s*\([^)]*\)\s*$/, '');
        const short = title.length > 60 ? `${title.slice(0, title.lastIndexOf(' ', 57))}…` : title;
        candidates.set(`Who published “${short}”?`, r.docId);
      }
      continue;
    }
    for (const m of r.text.matchAll(/\(([A-Z][A-Za-z]{1,7})\)|\b([A-Z]{2,8}) \([A-Z]/g)) {
      const abbr = m[1] ?? m[2]!;
      if (definesTerm(r.text, abbr)) candidates.set(`What does ${abbr} stand for?`, r.docId);
    }
    const intro = /^(?:The )?((?:[A-Z][\w.-]*\s?){1,5}) (?:is|was|are) (?:a|an|the) /.exec(r.text);
    const name = intro?.[1]!.trim();
    // A name, not a common word that happens to open a sentence ("Forum").
    if (name && (name.includes(' ') || /\d|\p{Lu}{2}/u.test(name) || !WordNet.shared().has(name.toLowerCase()))) candidates.set(`What is ${name}?`, r.docId);
    const event = /\b((?:[A-Z][\w.-]*\s){0,4}[A-Z][\w.-]*) (?:was|were) (launched|established|founded|signed|released|opened|approved|introduced|announced)\b/.exec(r.text);
    if (event) candidates.set(`When was ${/^(?:The|A|An)\b/.test(event[1]!) ? event[1]!.replace(/^(?:The|A|An)\s/, 'the ') : event[1]} ${event[2]}?`, r.docId);
  }
  // A stable but varied order: by hash, not by position in the documents.
  const ordered = [...candidates].sort((a, b) => sha256(a[0]).localeCompare(sha256(b[0])));
  const chosen: Array<{ question: string; docId: string; confidence: number }> = [];
  for (const [question, docId] of ordered.slice(0, count * 5)) {
    const { answer } = await answerer.answer(question);
    if (answer.status === 'answered' && answer.confidence >= 0.5) chosen.push({ question, docId, confidence: answer.confidence });
  }
  // Varied: one of each kind of question and one per document first, then the most confident.
  const kindOf = (q: string) => q.split(' ').slice(0, 2).join(' ');
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of chosen) {
    const doc = documentOf(c.docId);
    if (out.length < count && !seen.has(kindOf(c.question)) && !seen.has(doc)) {
      out.push(c.question);
      seen.add(kindOf(c.question));
      seen.add(doc);
    }
  }
  for (const c of [...chosen].sort((a, b) => b.confidence - a.confidence)) if (!out.includes(c.question) && out.length < count) out.push(c.question);
  return out;
}
