import { dot } from '../embed/embedder.js';
import { AppError } from '../errors.js';
import { candidatesFor, prepareQuery, type Candidate, type PreparedQuery } from '../evidence/features.js';
import { Judge, type AnswerJudgment } from '../evidence/judge.js';
import type { SentenceBank, SentenceRecord } from '../evidence/sentence-bank.js';
import { analyzeQuestion, type QuestionAnalysis } from '../language/analyze.js';
import { COMPARED_SOURCES, SAME_IN_SOURCES } from '../language/lexicon.js';
import type { Correction } from '../language/spelling.js';
import { hitOf, MAX_K, type Retriever } from '../retrieve/retriever.js';
import { DEFAULT_ANSWER_SETTINGS, type AnswerSettings } from '../settings.js';
import type { LoadedIndex } from '../store/index-files.js';
import type { Answer, AnswerStatus, Hit, SearchOptions, SearchTimings } from '../types.js';
import { composePieces, relatedPassages, type Piece, type Selected } from './compose.js';
import { sentencesOfNamedDocuments } from './named-document.js';
import { questionParts } from './question-parts.js';
import { passagesFor } from '../evidence/sentence-bank.js';

/** Time spent answering, in milliseconds, by stage. */
export interface AnswerTimings extends SearchTimings {
  composeMs: number;
  totalMs: number;
  /** With a language model: from sending the prompt to its last token (or the fallback). */
  generateMs?: number;
  /** With a language model: checking its sentences against the passages, all sentences together. */
  verifyMs?: number;
}

export interface AnswerResult {
  answer: Answer;
  hits: Hit[];
  timings: AnswerTimings;
  /** The question as searched: spelling corrected against the documents' words. */
  question: string;
  corrections: Correction[];
}

/** Turns a question into an answer with citations. */
export interface Answerer {
  answer(question: string, options?: SearchOptions): Promise<AnswerResult>;
}

/** Extra passages retrieved so that documents' cards, when left out, do not leave too few. */
const CARD_ROOM = 4;
/** How much deeper than usual an agreement question searches for each source's passage. */
const SOURCE_DEPTH = 3;

/**
 * The top passages, and then the best passage of each further document among the hits, up
 * to `sources` documents in all: what each source says, for "do the sources agree".
 */
export function eachSourcesBest(hits: Hit[], count: number, sources: number): Hit[] {
  const documents = passagesFor(hits, false, hits.length);
  const chosen = documents.slice(0, count);
  const seen = new Set(chosen.map((h) => h.docId));
  for (const h of documents.slice(count)) {
    if (seen.size >= sources) break;
    if (seen.has(h.docId)) continue;
    seen.add(h.docId);
    chosen.push(h);
  }
  return chosen;
}

/** Openings that carry a sentence on from the one before it. */
const CONTINUATION = /^(?:This|These|That|Those|It|Its|They|Their|Such|Both|The (?:agreement|initiative|programme|program|partnership|forum|mission|roadmap|platform|plan|memorandum|move|effort|policy|rule|service|device|office))\b/;

/** "Do the sources agree on X?" → "X". */
function agreementTopic(question: string): string {
  const topic = question
    .replace(COMPARED_SOURCES, '')
    .replace(SAME_IN_SOURCES, '')
    .replace(/\b(?:do|does|did)\s+(?:all\s+)?(?:the\s+)?(?:different\s+|various\s+)?(?:sources?|documents?|reports?|articles?|texts?)\s+(?:agree|disagree|differ|say|give|use)\s*(?:on|about|over|regarding|as to|whether)?\s*/i, '')
    .replace(/\bwhat\s+do\s+(?:the\s+)?(?:different\s+|various\s+|other\s+)?(?:sources?|documents?|reports?|articles?)\s+say\s+(?:about|on|regarding)?\s*/i, '')
    .replace(/\b(?:according to|in)\s+(?:the\s+)?(?:different\s+)?(?:sources?|documents?)\b/i, '')
    .replace(/\b(?:agree|disagree|differ|consistent|same)\b/gi, '')
    .trim();
  return topic.length >= 3 ? topic : question;
}

/**
 * Answers by choosing sentences from the retrieved passages. Every sentence of the top
 * passages is judged by two models: P(it answers the question) and P(it is about what
 * the question asks). The answer is `answered` when some sentence answers, `partial`
 * when the documents only touch the question (the closest passages are quoted and said
 * to be so), and `not_found` otherwise. Questions with several parts are answered part
 * by part; yes/no questions are decided by the sentence that supports or contradicts
 * them; "do the sources agree" questions show each source's version.
 */
export class ExtractiveAnswerer implements Answerer {
  private readonly settings: AnswerSettings;

  constructor(
    private readonly index: LoadedIndex,
    private readonly retriever: Retriever,
    private readonly judge: Judge,
    settings: Partial<AnswerSettings> = {},
  ) {
    this.settings = { ...DEFAULT_ANSWER_SETTINGS, ...settings };
  }

  private get bank(): SentenceBank {
    return this.judge.bank;
  }

  async answer(question: string, options: SearchOptions = {}): Promise<AnswerResult> {
    const started = performance.now();
    if (question.trim() === '') throw new AppError('INVALID_INPUT', 'The question is empty');
    const { text, corrections } = this.bank.spelling.correct(question.trim());
    const timings: SearchTimings = { embedMs: 0, denseMs: 0, lexicalMs: 0, fuseMs: 0 };
    const hits: Hit[] = [];
    const run = async (part: string, analysis: QuestionAnalysis, agreement: boolean): Promise<Piece> => {
      const searched = agreement ? agreementTopic(part) : part;
      const k = Math.max(options.k ?? this.settings.passages, this.settings.passages) + CARD_ROOM;
      // "Do the sources agree": every source's own best passage is wanted, and a second
      // source's may rank below several of the first's, so the search goes deeper.
      const found = await this.retriever.search(searched, { ...options, k: agreement ? Math.min(MAX_K, k * SOURCE_DEPTH) : k });
      for (const key of Object.keys(timings) as Array<keyof SearchTimings>) timings[key] += found.timings[key];
      hits.push(...found.hits.filter((h) => !hits.some((x) => x.chunkId === h.chunkId)));
      const q = prepareQuery(this.bank, searched, agreement ? analyzeQuestion(searched, this.bank.analysisOptions) : analysis, found.queryVector);
      // A document's card is a candidate only for questions about documents; it does not take a passage's place.
      const withCards = q.question?.asksDocument ?? false;
      const passages = agreement ? eachSourcesBest(found.hits, this.settings.passages, this.settings.maxSources) : passagesFor(found.hits, withCards, this.settings.passages);
      const sentences = this.bank.sentencesOf(passages);
      // "What does X stand for?": the sentence that spells X out is often about something
      // else and ranks low, so it is looked up directly.
      const defines = q.question?.defines;
      if (defines) {
        for (const record of this.bank.definitionsOf(defines, options.docIds)) {
          if (sentences.some((x) => x.record.key === record.key)) continue;
          sentences.push({ record, rank: 0, passage: 1 });
          if (!passages.some((h) => h.chunkId === record.chunkId)) passages.push(hitOf(this.index, this.index.chunkById.get(record.chunkId)!, 0));
        }
      }
      const candidates = candidatesFor(this.bank, q, sentences);
      const all = this.judge.judgeAnswers(q, candidates);
      const judged = withCards ? sentencesOfNamedDocuments(this.bank, q, all) : all;
      if (agreement) return this.agreement(part, judged, passages);
      if (analysis.form === 'yesno') {
        const decided = this.yesNo(part, q, candidates, passages);
        if (decided) return decided;
      }
      return this.decide(part, judged, passages);
    };

    const analysis = analyzeQuestion(text, this.bank.analysisOptions);
    const t0 = performance.now();
    let pieces: Piece[];
    const parts = analysis.asksAgreement ? [] : questionParts(text, analysis.story ?? 0);
    if (parts.length <= 1) pieces = [await run(text, analysis, analysis.asksAgreement)];
    else {
      pieces = [];
      for (const part of parts) pieces.push({ ...(await run(part.text, analyzeQuestion(part.text, this.bank.analysisOptions), false)), asked: part.asked });
    }
    const searchMs = performance.now() - t0;
    const answer = composePieces(this.index, pieces);
    const totalMs = performance.now() - started;
    return {
      answer,
      hits: hits.slice(0, options.k ?? hits.length),
      timings: { ...timings, composeMs: Math.max(0, searchMs - timings.embedMs - timings.denseMs - timings.lexicalMs - timings.fuseMs), totalMs },
      question: text,
      corrections,
    };
  }

  /** Answered, partial or not found, from the judged sentences of the retrieved passages. */
  private decide(question: string, judged: AnswerJudgment[], passages: Hit[]): Piece {
    const { answerThreshold, partialThreshold } = this.settings;
    const answering = judged.filter((j) => Judge.answers(j, answerThreshold));
    const confidence = judged[0]?.p.answers ?? 0;
    if (answering.length > 0) {
      const { chosen, sourcesDiffer } = this.select(answering, passages);
      return { question, status: 'answered', confidence, chosen: this.withContext(chosen), sourcesDiffer };
    }
    const about = [...judged].sort((a, b) => b.p.about - a.p.about);
    const closest = about[0];
    if (closest && closest.p.about >= partialThreshold) {
      const chosen = about.filter((j, i) => i === 0 || (i < 2 && j.p.about >= partialThreshold && j.record.docId !== closest.record.docId));
      return { question, status: 'partial', confidence, chosen: chosen.map((j) => this.selected(j, passages)), sourcesDiffer: false };
    }
    const related = relatedPassages(this.index, passages.slice(0, 3), (hit) => {
      const top = about.find((j) => j.record.chunkId === hit.chunkId);
      return top ? this.selected(top, passages) : undefined;
    });
    return { question, status: 'not_found', confidence, chosen: [], sourcesDiffer: false, related };
  }

  /**
   * A yes/no question is a claim to check: the sentence that supports it answers "yes",
   * the one that contradicts it "no". When neither is clear, it is answered like any question.
   */
  private yesNo(question: string, q: PreparedQuery, candidates: Candidate[], passages: Hit[]): Piece | undefined {
    const stances = this.judge.judgeStances(q, candidates);
    const threshold = this.settings.answerThreshold;
    const support = stances.filter((j) => Judge.stance(j, threshold) === 'supports').sort((a, b) => b.p.supports - a.p.supports)[0];
    const contra = stances.filter((j) => Judge.stance(j, threshold) === 'contradicts').sort((a, b) => b.p.contradicts - a.p.contradicts)[0];
    const confidence = Math.max(support?.p.supports ?? 0, contra?.p.contradicts ?? 0);
    if (support && support.p.supports >= (contra?.p.contradicts ?? 0)) {
      return { question, status: 'answered', confidence, lead: 'Yes.', chosen: this.withContext([this.selected(support, passages)]), sourcesDiffer: false };
    }
    if (contra) {
      return { question, status: 'answered', confidence, lead: 'No.', chosen: this.withContext([this.selected(contra, passages)]), sourcesDiffer: false };
    }
    return undefined;
  }

  /** Each source's version of the thing asked about, and whether they agree. */
  private agreement(question: string, judged: AnswerJudgment[], passages: Hit[]): Piece {
    const about = (j: AnswerJudgment) => j.p.about;
    const byDoc = new Map<string, AnswerJudgment>();
    // Each source's version is its sentence that best answers the question (the judgments
    // come in that order), among those about it: the most on-topic sentence may not say.
    for (const j of judged) {
      if (j.record.card || about(j) < this.settings.partialThreshold) continue;
      if (!byDoc.has(j.record.docId)) byDoc.set(j.record.docId, j);
    }
    const versions = [...byDoc.values()].slice(0, this.settings.maxSources);
    if (versions.length < 2) return this.decide(question, judged, passages);
    // Compare the first source's sentence, as a claim, with each other source's.
    let differ = false;
    let agree = true;
    const first = versions[0]!;
    const firstVector = this.bank.vector(first.record) ?? [];
    const asClaim = prepareQuery(this.bank, first.record.text, first.record.analysis, firstVector);
    for (const other of versions.slice(1)) {
      const [judged] = this.judge.judgeStances(asClaim, [{ record: other.record, rank: 0, similarity: dot(firstVector, this.bank.vector(other.record) ?? []) }]);
      const stance = judged ? Judge.stance(judged, this.settings.answerThreshold) : undefined;
      // Different figures or dates for the same thing are a difference, whatever else the sentences say.
      if (stance === 'contradicts' || this.factsDiffer(first.record, other.record)) differ = true;
      if (stance !== 'supports') agree = false;
    }
    const lead = differ ? 'The sources differ on this.' : agree ? 'The sources agree on this.' : 'Each source gives its own details:';
    return { question, status: 'answered', confidence: Math.min(...versions.map(about)), lead, chosen: versions.map((v) => this.selected(v, passages)), sourcesDiffer: differ, bySource: true };
  }

  private selected(j: { record: SentenceRecord }, passages: Hit[]): Selected {
    const hit = passages.find((h) => h.chunkId === j.record.chunkId)!;
    return { hit, sentence: j.record.index, start: j.record.start, end: j.record.end };
  }

  /** The answering sentences, by maximal marginal relevance; a near-duplicate is kept only when its figures differ. */
  private select(judged: AnswerJudgment[], passages: Hit[]): { chosen: Selected[]; sourcesDiffer: boolean } {
    const { maxSentences, relativeCutoff, redundancyPenalty, answerThreshold, sameThingSimilarity } = this.settings;
    const best = judged[0]!;
    const floor = relativeCutoff * best.p.answers;
    const pool = judged.slice(1).filter((j) => j.p.answers >= floor && Judge.answers(j, answerThreshold));
    const chosen: AnswerJudgment[] = [best];
    let sourcesDiffer = false;
    const vectorOf = (j: AnswerJudgment) => this.bank.vector(j.record) ?? [];
    while (chosen.length < maxSentences && pool.length > 0) {
      let pick = -1;
      let value = -Infinity;
      let differs = false;
      pool.forEach((c, i) => {
        const nearest = chosen.reduce((m, s) => (dot(vectorOf(c), vectorOf(s)) > dot(vectorOf(c), vectorOf(m)) ? s : m));
        const overlap = dot(vectorOf(c), vectorOf(nearest));
        const disagrees = overlap > sameThingSimilarity && nearest.record.docId !== c.record.docId && this.factsDiffer(c.record, nearest.record);
        const v = disagrees ? c.p.answers : c.p.answers - redundancyPenalty * Math.max(0, overlap - 0.3);
        if (v > value) [pick, value, differs] = [i, v, disagrees];
      });
      if (value < floor - redundancyPenalty * 0.2) break;
      chosen.push(pool.splice(pick, 1)[0]!);
      sourcesDiffer ||= differs;
    }
    return { chosen: chosen.map((j) => this.selected(j, passages)), sourcesDiffer };
  }

  /** Each sentence states a figure or date the other lacks. */
  private factsDiffer(a: SentenceRecord, b: SentenceRecord): boolean {
    const valuesOf = (r: SentenceRecord) => {
      const f = this.bank.factsOf(r);
      return new Set([...f.quantities.map((q) => `${q.kind}:${q.value}`), ...f.dates.map((d) => `${d.year ?? ''}-${d.month ?? ''}-${d.day ?? ''}`), ...r.analysis.entities.filter((e) => e.type === 'date').map((e) => e.text.toLowerCase())]);
    };
    const x = valuesOf(a);
    const y = valuesOf(b);
    if (x.size === 0 || y.size === 0) return false;
    return [...x].some((v) => !y.has(v)) && [...y].some((v) => !x.has(v));
  }

  /**
   * Adds the sentences a chosen one leans on: the next sentence when it continues the
   * same statement ("This agreement will…"), and the items of a list the sentence
   * introduces ("…in key sectors. These include:"), which become part of its quote.
   */
  private withContext(selection: Selected[]): Selected[] {
    const chosen = [...selection];
    const has = (chunkId: string, i: number) => chosen.some((c) => c.hit.chunkId === chunkId && c.sentence === i);
    for (const c of selection.slice(0, 2)) {
      const text = this.index.docs.get(c.hit.docId)!.text;
      const next = c.hit.sentences[c.sentence + 1];
      if (!next || has(c.hit.chunkId, c.sentence + 1) || chosen.length >= this.settings.maxSentences + 1) continue;
      const nextText = text.slice(next.start, next.end);
      const continues = CONTINUATION.test(nextText) && text.slice(c.end, next.start).trim() === '';
      if (continues || (nextText.endsWith(':') && nextText.length < 60)) chosen.push({ hit: c.hit, sentence: c.sentence + 1, start: next.start, end: next.end });
    }
    // A sentence that ends with a colon takes the short list items after it.
    return chosen.map((c) => {
      const text = this.index.docs.get(c.hit.docId)!.text;
      if (!text.slice(c.start, c.end).endsWith(':')) return c;
      let end = c.end;
      let sentence = c.sentence;
      for (let i = c.sentence + 1; i < c.hit.sentences.length && i <= c.sentence + 12; i++) {
        const item = c.hit.sentences[i]!;
        const between = text.slice(end, item.start);
        if (!/^\s*-\s*$/.test(between.replace(/\n\s*/g, '\n').replace(/^\n/, '')) || item.end - item.start > 120) break;
        end = item.end;
        sentence = i;
      }
      return { ...c, end, lastSentence: sentence };
    });
  }
}

export type { AnswerStatus };
