import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { eachSourcesBest } from '../../src/answer/answerer.js';
import { sentencesOfNamedDocuments } from '../../src/answer/named-document.js';
import { prepareQuery } from '../../src/evidence/features.js';
import { analyzeQuestion } from '../../src/language/analyze.js';
import { openIndex } from '../../src/open-index.js';
import type { Hit } from '../../src/types.js';
import { judgeFor, servicesFor } from '../../src/server/services.js';
import { fixtureServices, tempDir, testConfig, type FixtureCorpus } from '../helpers.js';
import { assertCitationsExact, textFrom } from './citations.js';

async function asker(corpus: FixtureCorpus) {
  const services = await fixtureServices(corpus);
  const text = textFrom(services.index);
  return {
    services,
    ask: async (question: string) => {
      const result = await services.assistant.ask(question);
      assertCitationsExact(result, text);
      return result;
    },
  };
}

describe('answers from a company handbook', async () => {
  const { ask } = await asker('handbook');

  it('answers with clock times, lengths of time and date ranges, each cited exactly', async () => {
    const garden = await ask('When does the rooftop garden open?');
    assert.equal(garden.status, 'answered');
    assert.equal(garden.grounded, true);
    assert.match(garden.answer, /8:00/);
    assert.match(garden.answer, /\[1\]/);
    assert.match((await ask('How long is the sabbatical?')).answer, /eight weeks/);
    assert.match((await ask('When are the offices closed?')).answer, /between 24 December and 1 January/);
  });

  it('answers who, from the sentence that names the person', async () => {
    const answer = await ask('Who is the Head of Human Resources?');
    assert.equal(answer.status, 'answered');
    assert.match(answer.answer, /Marguerite Osei/);
  });

  it('says the documents do not answer a question about something they never mention', async () => {
    const answer = await ask('What is the capital of Peru?');
    assert.equal(answer.status, 'not_found');
    assert.equal(answer.grounded, false);
    assert.deepEqual(answer.citations, []);
    assert.match(answer.answer, /do not answer/);
  });

  it('does not answer a question the documents only come near', async () => {
    const answer = await ask('What is the daily parking fee at Canal Wharf House?');
    assert.equal(answer.grounded, false);
    assert.notEqual(answer.status, 'answered');
  });

  it('answers a yes/no question with the sentence that decides it', async () => {
    const no = await ask('Is glass allowed in the rooftop garden?');
    assert.match(no.answer, /^No\. .*glass bottles are not/);
    const yes = await ask('Can staff work from home?');
    assert.match(yes.answer, /^Yes\. .*two days a week/);
  });

  it("shows each source's version when asked whether the sources agree", async () => {
    const answer = await ask('Do the sources agree on the daily meal allowance?');
    assert.equal(answer.sourcesDiffer, true);
    assert.match(answer.answer, /differ/);
    assert.match(answer.answer, /£45/);
    assert.match(answer.answer, /£35/);
    assert.ok(new Set(answer.citations.map((c) => c.docId)).size >= 2);
  });

  it('reads a question naming the two documents it compares as one about the sources agreeing', async () => {
    const answer = await ask('Do the employee handbook and the policy note give the same daily meal allowance?');
    assert.equal(answer.sourcesDiffer, true);
    assert.match(answer.answer, /£45/);
    assert.match(answer.answer, /£35/);
  });

  it("answers a question about a document from the document's card, cited like any passage", async () => {
    const answer = await ask('Who published the employee handbook?');
    assert.equal(answer.status, 'answered');
    assert.match(answer.answer, /People Team/);
    assert.ok(answer.citations.some((c) => c.docId.endsWith('~about')));
  });

  it('answers each part of a question with several parts', async () => {
    const answer = await ask('How long is the sabbatical and who approves leave?');
    assert.equal(answer.parts?.length, 2);
    assert.match(answer.answer, /eight weeks/);
  });

  it('answers the question that ends a story leading up to it, without asking the documents for the story', async () => {
    const answer = await ask(
      'My sister joined Quillfeather in March and keeps asking me about time off, because her last employer in Manchester was very strict. She heard there is some long paid break for people who have been around a while. How long is that break, and after how many years can staff apply?',
    );
    assert.equal(answer.status, 'answered');
    assert.match(answer.answer, /five years of continuous service/);
    assert.match(answer.answer, /eight weeks/);
  });

  it('names a part the documents do not answer in the asker\'s own words, without the story before it', async () => {
    const answer = await ask('My sister keeps asking me about time off, because her last employer was very strict. How long is the sabbatical, and what colour is the staff canteen painted?');
    assert.match(answer.answer, /eight weeks/);
    assert.match(answer.answer, /“what colour is the staff canteen painted”/);
    assert.doesNotMatch(answer.answer, /My sister/);
  });

  it('corrects typing mistakes against the documents and shows what was searched', async () => {
    const answer = await ask('How lnog is the sabatical?');
    assert.equal(answer.standaloneQuestion, 'How long is the sabbatical?');
    assert.match(answer.answer, /eight weeks/);
  });
});

describe('answers from a product manual', async () => {
  const { ask } = await asker('manual');

  it('answers with a length of time and an error code meaning', async () => {
    assert.match((await ask('How long does a full charge take?')).answer, /six hours/);
    assert.match((await ask('What does error E17 mean?')).answer, /Memory card error/);
  });

  it('answers a yes/no question about a warning with its negation', async () => {
    const answer = await ask('Can I submerge the camera in water?');
    assert.match(answer.answer, /^No\. .*immerse/);
  });

  it('answers "what colour" only from a sentence that gives a colour', async () => {
    assert.notEqual((await ask('What colour is the seed hopper of the KX-200?')).status, 'answered');
    assert.match((await ask('What colour does the status light turn once the battery is fully charged?')).answer, /green/);
  });

  it('does not answer a question the documents only come near', async () => {
    assert.equal((await ask('What is the price of the KX-200?')).grounded, false);
  });

  it('answers a request for a telephone number only with a sentence that gives one', async () => {
    assert.match((await ask("What is the support team's phone number?")).answer, /01632 960 418/);
    assert.notEqual((await ask('What is the email address of the support team?')).status, 'answered', 'the sentence that says how to reach them gives no email address');
  });
});

describe('answers from the bundled documents', async () => {
  const { ask, services } = await asker('trust');

  it('answers from the documents with numbered citations and their source', async () => {
    const answer = await ask('When was iCET launched?');
    assert.equal(answer.status, 'answered');
    assert.match(answer.answer, /2022/);
    assert.ok(answer.citations[0]!.source);
  });

  it('answers "what does X stand for" from the sentence that spells X out', async () => {
    const answer = await ask('What does TRUST stand for?');
    assert.match(answer.answer, /Transforming the Relationship Utilizing Strategic Technology/);
  });

  it('says so when nothing in the documents is relevant, listing the nearest passages without citing them', async () => {
    const answer = await ask('What is the tallest mountain in Africa?');
    assert.equal(answer.status, 'not_found');
    assert.deepEqual(answer.citations, []);
    assert.ok(answer.related.length > 0);
    assert.doesNotMatch(answer.answer, /\[\d+\]/);
  });

  it('limits answers to chosen documents', async () => {
    const docId = [...services.index.docs.keys()].find((id) => id.startsWith('003') && !id.endsWith('~about'))!;
    const { answer } = await services.answerer.answer('When was iCET launched?', { docIds: [docId] });
    assert.ok(answer.citations.every((c) => c.docId === docId));
  });
});

describe('the passages compared when asked whether the sources agree', () => {
  const hit = (docId: string, n: number) => ({ chunkId: `${docId}-${n}`, docId }) as Hit;
  it('keeps the top passages and adds the best passage of each further source, leaving out cards', () => {
    const hits = [hit('guide', 1), hit('guide~about', 1), hit('guide', 2), hit('guide', 3), hit('report', 1), hit('plan', 1), hit('report', 2), hit('notes', 1)];
    assert.deepEqual(eachSourcesBest(hits, 2, 3).map((h) => h.chunkId), ['guide-1', 'guide-2', 'report-1', 'plan-1']);
  });
});

describe('answers whether two documents agree, from the sentences that answer', async () => {
  const corpus = await tempDir();
  await writeFile(join(corpus, 'harbour-guide.md'), ['# Harbour Guide 2026', '', 'Visitors often ask how many spaces the harbour car park at Millbrook has in summer.', '', 'The harbour car park at Millbrook has 120 spaces.'].join('\n'));
  await writeFile(join(corpus, 'council-minutes.md'), ['# Council Minutes, May 2026', '', 'The council discussed how many spaces the harbour car park at Millbrook has.', '', 'Councillors noted that the harbour car park at Millbrook has 150 spaces.'].join('\n'));
  const services = servicesFor(await openIndex(testConfig({ corpusDir: corpus, indexDir: await tempDir() })));

  it("gives each source's figure, named by the words of the documents' titles", async () => {
    const answer = await services.assistant.ask('Do the harbour guide and the council minutes agree on how many spaces the harbour car park at Millbrook has?');
    assert.match(answer.answer, /120 spaces/);
    assert.match(answer.answer, /150 spaces/);
    assert.equal(answer.sourcesDiffer, true);
  });
});

describe("answers questions about a document's own metadata, from its front matter", async () => {
  const corpus = await tempDir();
  const frontMatter = ['---', 'title: Beekeeping Group Swarm Procedure', 'publisher: Orchard Lane Beekeepers', 'author: Imogen Pascoe', 'version: 4.1', 'last_reviewed: 2026-02-09', '---'];
  const body = ['# Swarm Procedure', '', 'When a swarm is reported, the duty beekeeper visits within two hours.', '', 'Swarms are collected in a ventilated box and rehoused at the group apiary on Cleeve Road.', '', 'Members must wear a veil and gloves at every collection.'];
  await writeFile(join(corpus, 'swarm-procedure.md'), [...frontMatter, ...body].join('\n'));
  await writeFile(join(corpus, 'apiary-rules.md'), ['# Apiary Rules', '', 'The apiary on Cleeve Road is open to members on Saturdays from 10am to 1pm.', '', 'Visitors must be accompanied by a member with at least two years of experience.', '', "Each colony's queen is marked with a dot of paint in the colour of her year."].join('\n'));
  const factSheet = ['---', 'title: Varroa Mite Fact Sheet', 'publisher: Cleeve Road Apiary Trust', 'author: Rowan Tully', '---', '# Varroa Mites', '', 'Inspect each hive every seven to nine days from April to September.', '', 'Record the brood pattern, the stores and any sign of disease on the hive card.'];
  await writeFile(join(corpus, 'varroa-fact-sheet.md'), factSheet.join('\n'));
  const open = await openIndex(testConfig({ corpusDir: corpus, indexDir: await tempDir() }));
  const services = servicesFor(open);
  const ask = (question: string) => services.assistant.ask(question);

  it('names the author the front matter gives, besides the publisher, and cites the card', async () => {
    const answer = await ask('who wrote the swarm procedure');
    assert.match(answer.answer, /Imogen Pascoe/);
    assert.ok(answer.citations.some((c) => c.docId === 'swarm-procedure~about'));
  });

  it('names only the publisher and author of the document the question names, not every one on file', async () => {
    const published = await ask('who published the fact sheet');
    assert.match(published.answer, /Cleeve Road Apiary Trust/);
    assert.doesNotMatch(published.answer, /Orchard Lane/);
    const author = await ask('fact sheet author');
    assert.match(author.answer, /Rowan Tully/);
    assert.doesNotMatch(author.answer, /Imogen Pascoe/);
  });

  it('answers a question naming a document from that document alone, its card and its text', () => {
    const judge = judgeFor(open);
    const question = 'who published the fact sheet';
    const analysis = analyzeQuestion(question, judge.bank.analysisOptions);
    const q = prepareQuery(judge.bank, question, analysis, []);
    const every = [...judge.bank.all()].map((record) => ({ record, rank: 0, similarity: 0 }));
    const judged = judge.judgeAnswers(q, every);
    const docOf = (docId: string) => docId.replace(/~about$/, '');
    assert.ok(new Set(judged.map((j) => docOf(j.record.docId))).size > 1, 'the candidates come from several documents');
    const kept = sentencesOfNamedDocuments(judge.bank, q, judged);
    assert.ok(kept.some((j) => j.record.card) && kept.some((j) => !j.record.card), 'the fact sheet keeps its card and its text');
    assert.deepEqual([...new Set(kept.map((j) => docOf(j.record.docId)))], ['varroa-fact-sheet']);
    const unnamed = prepareQuery(judge.bank, 'who published these', analyzeQuestion('who published these', judge.bank.analysisOptions), []);
    assert.equal(sentencesOfNamedDocuments(judge.bank, unnamed, judged).length, judged.length, 'a question naming no document keeps every sentence');
  });

  it('takes a country typed in lower case for a name, and does not answer about one the documents never mention', async () => {
    const answer = await ask('what is the colour of the queen in norway');
    assert.equal(answer.status, 'not_found');
  });

  it('answers from any other field, asked by its name', async () => {
    assert.match((await ask('what version is the swarm procedure')).answer, /4\.1/);
    assert.match((await ask('when was the swarm procedure last reviewed')).answer, /9 February 2026/);
  });
});
