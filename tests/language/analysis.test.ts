import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeQuestion, analyzeText, definesTerm, definitionTarget, properWordsOf } from '../../src/language/analyze.js';
import { SpellingCorrector } from '../../src/language/spelling.js';
import { buildSynonymTable } from '../../src/language/synonyms.js';
import { stem } from '../../src/language/terms.js';
import { WordNet } from '../../src/language/wordnet.js';
import { questionParts } from '../../src/answer/question-parts.js';

const kinds = (text: string) => analyzeText(text, { typeNames: true }).entities.map((e) => `${e.type}:${e.text}`);

/** The texts a question is searched and judged as, part by part. */
const splitQuestion = (question: string) => questionParts(question).map((p) => p.text);

describe('what a text names', () => {
  it('finds people, places, organisations, dates, times, durations and money', () => {
    const found = kinds('Maria Lopez, head of HR, approves leave in Rotterdam; the office opens at 8:00 and the sabbatical lasts six weeks from 1 March 2025 at a cost of $825 million.');
    for (const expected of ['person:Maria Lopez', 'place:Rotterdam', 'time:8:00', 'duration:six weeks', 'date:1 March 2025', 'money:$825 million']) assert.ok(found.includes(expected), `${expected} in ${found.join(', ')}`);
    assert.deepEqual(kinds('The meeting ran from 6:30pm to 8:45pm and the induction lasts two hours.'), ['time:from 6:30pm to 8:45pm', 'duration:two hours'], 'a span between times of day says when, not how long');
  });
  it('reads identifying numbers and codes as names, not amounts', () => {
    const found = kinds('Building 7 has 12 floors; call extension 4411 or check error E17 on the KX-200.');
    for (const expected of ['name:Building 7', 'number:12', 'phone:extension 4411', 'name:E17', 'name:KX-200']) assert.ok(found.includes(expected), `${expected} in ${found.join(', ')}`);
    const labelled = kinds('Best newcomer: Tomasz Nowak, plot 17, on a site of 64 plots.');
    assert.ok(labelled.includes('name:plot 17') && labelled.includes('number:64'), `a number after a noun labels it, one before a noun counts it: ${labelled.join(', ')}`);
  });
  it('takes as names the words a text capitalises mid-sentence more often than not', () => {
    const proper = properWordsOf('See the Branch Guide for hours. This guide lists each branch; Aisha Rahman runs one, and Rahman also chairs the group. Item: Ebooks, for ebooks and other loans.');
    assert.deepEqual([...proper].sort(), ['aisha', 'rahman'], '"Guide" and "Ebooks" are ordinary words the text also writes in lower case');
    const opening = (text: string) => analyzeText(text, { properWords: proper }).entities.map((e) => e.text);
    assert.deepEqual(opening('Ebooks can be renewed once.'), [], 'so one opening a sentence is no name');
    assert.deepEqual(opening('Rahman runs the branch.'), ['Rahman']);
    assert.deepEqual(opening('does aisha rahman still run the branch'), ['aisha rahman'], 'typed in lower case, a word the text writes only as a name is one');
    assert.deepEqual(opening('does the guide list ebooks'), [], 'while everyday words stay words');
    const headed = properWordsOf('Fares: Vehicles up to 5 metres; Drivers: free. Each vehicle is checked.');
    assert.ok(headed.has('vehicles'), 'a table cell capitalises a word the text writes in lower case only in another form');
    assert.deepEqual(analyzeText('how many vehicles fit on the boat', { properWords: headed }).entities.map((e) => e.text), [], 'an everyday word in another form is still a word');
  });
  it('finds ways to get in touch: email addresses, telephone numbers and web addresses', () => {
    const found = kinds('Email faults@harrowgate.example or call 0161 496 0732 (or +44 20 7946 0958 out of hours), and see www.harrowgate.example/help.');
    for (const expected of ['email:faults@harrowgate.example', 'phone:0161 496 0732', 'phone:+44 20 7946 0958', 'web:www.harrowgate.example/help']) assert.ok(found.includes(expected), `${expected} in ${found.join(', ')}`);
    assert.deepEqual(kinds('There were 12,904 entries and 11,482 starters in 2026.').filter((k) => k.startsWith('phone')), [], 'counts are not telephone numbers');
  });
  it('does not take an ordinary word opening a sentence for a name', () => {
    assert.deepEqual(kinds('Employees may take a sabbatical.').filter((k) => k.startsWith('name')), []);
    assert.deepEqual(kinds('Food is allowed in the garden.').filter((k) => k.startsWith('name')), []);
  });
  it('analyses a word the lemmatiser gives no lemma for, such as "cannot" ending a question', () => {
    const a = analyzeQuestion('what about the alcohol that you cannot?');
    assert.ok(a.lemmas.includes('alcohol'));
  });

  it('knows which words a negation denies, including one that ends its clause', () => {
    assert.deepEqual(analyzeText('Food is allowed in the garden, but glass bottles are not.').negatedTerms.sort(), ['bottl', 'glass']);
    assert.ok(analyzeText('The garden is not open before 8:00.').negatedTerms.includes('open'));
    assert.deepEqual(analyzeText('Glass bottles are allowed.').negatedTerms, []);
    // The tagger leaves the words after "may not" and "might not" unmarked; rules are written so.
    assert.deepEqual(analyzeText('Hens may not be kept on quarter plots.').negatedTerms.sort(), ['kept', 'plot', 'quarter']);
    assert.deepEqual(analyzeText('Pets might not enter the hall, but dogs can.').negatedTerms.sort(), ['enter', 'hall']);
    // Nor after a negative pronoun.
    assert.deepEqual(analyzeText('Nobody may dive from the side, but swimmers can jump.').negatedTerms.sort(), ['dive', 'side']);
    assert.deepEqual(analyzeText('Nothing may be left in the lockers overnight.').negatedTerms.sort(), ['left', 'locker', 'overnight']);
    assert.deepEqual(analyzeText('the fee rise went through and nobody abstained').negatedTerms, ['abstain']);
    // As an object it denies an amount, not the clause: what costs nothing is free.
    assert.deepEqual(analyzeText('Reserving a book costs nothing.').negatedTerms, []);
    // Bounds and additions are not negations, though they begin with "no" or "not".
    assert.deepEqual(analyzeText('The camera accepts memory cards no bigger than 128 GB.').negatedTerms, []);
    assert.deepEqual(analyzeText('Refunds take no more than ten days.').negatedTerms, []);
    assert.deepEqual(analyzeText('Not only cameras but also feeders are sold.').negatedTerms, []);
    assert.ok(analyzeText('It is no longer sold in Europe.').negatedTerms.includes('sold'), 'while "no longer" alone still denies');
    assert.deepEqual(analyzeText('Branch: Elmbrook; Printing: None; Parking: 4 spaces').negatedTerms, ['print'], 'a label whose value is "none" is denied');
    assert.deepEqual(analyzeText('Dogs: no').negatedTerms, ['dog']);
  });
});

describe('which way a text says something moved', () => {
  const direction = (text: string) => analyzeText(text).direction;
  it('reads words of change, with their particles', () => {
    assert.equal(direction('Ticket sales rose in 2024.'), 'up');
    assert.equal(direction('Membership shrank during the year.'), 'down');
    assert.equal(direction('Fuel costs went up in 2024.'), 'up');
    assert.equal(direction('Admissions went down last year.'), 'down');
    assert.equal(direction('She picked up the keys and set up the stall.'), undefined, 'a particle alone is no change');
  });
  it('reads comparatives of size, but not one that sets a bound', () => {
    assert.equal(direction('Fewer people came to the fair than in 2023.'), 'down');
    assert.equal(direction('The queue for tickets got longer during the summer.'), 'up');
    assert.equal(direction('On journeys longer than three hours, staff may travel first class.'), undefined);
    assert.equal(direction('More than half of the members are retired.'), undefined);
    assert.equal(direction('The council gives more money than any other funder.'), undefined, 'two things side by side, not a change');
    assert.equal(direction('The show got more entries in 2025 than the year before.'), 'up');
  });
  it('reads a figure set against an earlier one', () => {
    assert.equal(direction('The service had 138 users at the end of March, compared with 121 a year earlier.'), 'up');
    assert.equal(direction('The fair drew 900 visitors, compared with 1,200 in 2023.'), 'down');
    assert.equal(direction('There were 212 entries, up from 187 the year before.'), 'up');
    assert.equal(direction('The hall seats 200, compared with 150 at the old venue.'), undefined, 'a comparison between places says nothing of a change');
  });
  it('reads a percentage written with its sign as a change, as in a table\'s change column, but not a range', () => {
    assert.equal(direction('Facility: Learner pool; 2024 visits: 31,200; 2025 visits: 29,800; Change: −4.5%'), 'down');
    assert.equal(direction('Site: Hollin Farm; Change: +5.1%'), 'up');
    assert.equal(direction('Between 10-15% of members are retired.'), undefined);
    assert.equal(direction('The fee is 5% of the price.'), undefined);
  });
  it('gives no direction where a text goes both ways', () => {
    assert.equal(direction('The rate fell in 2024, having risen every year since 2020.'), undefined);
  });
});

describe('what a question asks for', () => {
  const expects = (q: string) => analyzeQuestion(q).expects;
  it('reads the kind of answer from the question words', () => {
    assert.deepEqual(expects('When does the rooftop garden open?'), ['date', 'time', 'duration']);
    // In the past tense it asks for a date: when the garden opened, not its hours.
    assert.deepEqual(expects('When did the rooftop garden open?'), ['date']);
    assert.deepEqual(expects('when was the studio opened'), ['date']);
    // The owner before "'s" is not the kind of answer: a rate is asked for, not a company.
    assert.ok(!expects("What is the company's mileage rate?").includes('org'));
    assert.ok(expects('Which company makes the camera?').includes('org'));
    assert.ok(expects('Who is the Head of Human Resources?').includes('person'));
    assert.ok(expects('Where is the service centre?').includes('place'));
    assert.ok(expects('How many floors does the building have?').includes('number'));
    assert.ok(expects('How long is the warranty?').includes('duration'));
    assert.ok(expects('Which city hosts the survey office?').includes('place'));
    assert.ok(expects('INDUS-X launch year').includes('date'), 'a keyword query ending in "year"');
    assert.ok(expects('complaint full response working days').includes('duration'), 'a number of days is a length of time as often as a date');
    assert.deepEqual(expects('complaint response day'), ['date'], 'one day is a date');
    assert.deepEqual(expects('How much does the feeder weigh?'), ['number'], 'a weight is a figure, not a sum of money');
    assert.equal(analyzeQuestion('How much does the feeder weigh?').measure, 'mass unit');
    assert.equal(analyzeQuestion('how far is the pool from the station').measure, 'linear unit');
    assert.equal(analyzeQuestion('How much does the feeder cost?').measure, 'monetary unit', 'a sum is a measure in money');
    assert.equal(analyzeQuestion('How much did attendance rise?').measure, undefined);
    assert.deepEqual(expects('parking charge per hour'), expects('parking charge'), 'the unit of a rate is not the kind of answer');
    assert.ok(!expects('If the ferry is cancelled, what is the refund for each day?').includes('date'), 'a question word later in the sentence says what is asked, not the last word');
    assert.deepEqual(expects('Which sectors does the initiative cover?'), []);
    assert.deepEqual(expects('What is the email address of the IT helpdesk?'), ['email']);
    assert.deepEqual(expects("phone number for St Aidan's"), ['phone']);
    assert.deepEqual(expects('helpdesk website'), ['web']);
    assert.deepEqual(expects('helpdesk phone'), ['phone']);
    assert.deepEqual(expects('How do I contact the warden?'), ['phone', 'email', 'web']);
    assert.deepEqual(expects('Are phones allowed in the library?'), [], 'naming a phone is not asking for a number');
    assert.deepEqual(expects('What does it cost to replace a lost key?'), ['money', 'number'], 'the verb asks for a sum');
    assert.deepEqual(expects('How much do members pay for a locker?'), ['money', 'number'], 'after "how much" too');
    assert.deepEqual(expects('How much did attendance rise?'), ['money', 'number', 'percent', 'duration'], 'a rise may be a share or a count');
    assert.deepEqual(expects('What do members pay each year?'), ['money', 'number'], 'after "do" comes the subject, not the kind of answer');
    assert.ok(expects('What is the date of the next meeting?').includes('date'), 'after "is" comes the kind of answer');
  });
  it('reads the kind of answer from what the asked noun means, where no question word says it', () => {
    assert.deepEqual(expects('What is the fare to Leeds?'), ['money', 'number'], 'a fare is a charge');
    assert.deepEqual(expects('What is the annual rent for a double plot?'), ['money', 'number'], 'rent is a payment');
    assert.deepEqual(expects('What fee do members pay for a locker?'), ['money', 'number'], 'the noun after an auxiliary is the subject, not the kind of answer');
    assert.deepEqual(expects('Which fund pays for the new roof?'), ['money', 'number', 'name'], '"which" picks a thing that may be given by its name');
    assert.deepEqual(expects('bulky item collection fee'), ['money', 'number'], 'so is a fee, in a keyword query');
    assert.ok(expects('what is the site supervisor at marsh lane called').includes('person'));
    assert.deepEqual(expects('What is the main goal of the plan?'), []);
    // The head of the phrase after "what" is the thing asked for, and a rate is a charge or a ratio.
    assert.deepEqual(expects('What tariff rate did the US set on textiles?'), ['money', 'number', 'percent']);
    assert.ok(expects('Which trustee sent apologies?').includes('person'));
    assert.deepEqual(expects('What types of chips are made there?'), [], 'a phrase before "of" sorts what follows');
  });
  it('asks for every kind of answer a question of two parts asks for', () => {
    assert.deepEqual(expects('When was the kiln built, and who paid for it?'), ['date', 'person', 'org', 'name']);
    assert.deepEqual(expects('how much is the course and when does it start'), ['money', 'number', 'percent', 'duration', 'date', 'time']);
    assert.deepEqual(expects('Who built the kiln and the drying shed?'), ['person', 'org', 'name'], '"and" inside one question joins things, not questions');
  });
  it('reads "whats" and "what\'s" as "what is"', () => {
    for (const q of ["What's the price of the drone deal?", 'whats the price of the drone deal']) {
      assert.ok(expects(q).includes('money'), q);
      assert.deepEqual(analyzeQuestion(q).head, ['price'], q);
    }
    assert.deepEqual(analyzeQuestion('whos the pharmacist for the reviews').keyTerms, ['pharmacist', 'review'], '"whos" is no word the documents lack');
  });
  it('finds the thing asked about, but not the noun that only names the kind of answer', () => {
    assert.deepEqual(analyzeQuestion('Who is the office manager of the Porto studio?').head, ['offic', 'manag']);
    assert.deepEqual(analyzeQuestion('What is the daily parking fee?').head, ['daili', 'park', 'fee']);
    assert.deepEqual(analyzeQuestion('Which company makes the camera?').head, []);
    assert.deepEqual(analyzeQuestion('How much money did Micron commit?').head, []);
  });
  it('reads "the person to call" as naming the kind of answer after any question word, where a role says who is meant', () => {
    assert.deepEqual(analyzeQuestion('whos the person to ring about home delivery').head, []);
    assert.deepEqual(analyzeQuestion('Which person signed the contract?').head, []);
    assert.deepEqual(analyzeQuestion('Who is the office manager of the Porto studio?').head, ['offic', 'manag']);
  });
  it('reads "the name of the captain" as a question about the captain, past the frame word and the article', () => {
    assert.deepEqual(analyzeQuestion('What is the name of the captain of the ferry?').head, ['captain']);
    assert.deepEqual(analyzeQuestion('What are the details of the refund policy?').head, ['refund', 'polici']);
    assert.deepEqual(analyzeQuestion('How many days of the paid leave do I get?').head, ['paid', 'leav']);
  });
  it('reads "how" with an adjective as the measure asked for ("how high", "how far"), not the thing asked about', () => {
    assert.deepEqual(analyzeQuestion('How high off the ground should the camera hang?').head, []);
    assert.deepEqual(analyzeQuestion('How far can the bike travel?').head, ['bike', 'travel']);
  });
  it('finds the noun a "how many" question counts, past a verb the tagger took for a noun', () => {
    assert.equal(analyzeQuestion('How many meeting rooms are there on the second floor?').counted, 'room');
    assert.equal(analyzeQuestion('how many people fit in the kingsley room').counted, 'people');
    assert.equal(analyzeQuestion('How many vehicles fit on the main boat?').counted, 'vehicle');
    assert.equal(analyzeQuestion('How many days of sick leave do I get?').counted, undefined, 'a unit of time is checked as a length of time');
    assert.equal(analyzeQuestion('What is the daily parking fee?').counted, undefined);
  });
  it('reads what a source "says about" something as a question about that thing, not about the source', () => {
    assert.deepEqual(analyzeQuestion('What does the staff handbook say about parking permits?').head, ['park', 'permit']);
    assert.deepEqual(analyzeQuestion('What does the manual say regarding the warranty period?').head, ['warranti', 'period']);
    assert.deepEqual(analyzeQuestion('What does the annual report mention on staff numbers?').head, ['staff', 'number']);
    assert.deepEqual(analyzeQuestion('What is the daily parking fee on Sundays?').head, ['daili', 'park', 'fee'], 'no verb of saying: the phrase after "what" stays the head');
  });
  it('keeps nouns and adjectives that the tagger\'s stop-word list holds ("part", "full", "name") as words of the text', () => {
    assert.deepEqual(analyzeText('What is the part number of the bracket?').terms, ['part', 'number', 'bracket']);
    assert.ok(analyzeText('Jury service is paid in full.').terms.includes('full'));
    assert.ok(!analyzeText('The office is on the top floor.').terms.includes('the'), 'function words stay stop words');
    assert.ok(analyzeText('The office is on the top floor.').terms.includes('top'));
  });
  it('reads the noun after "which" or "what" as the kind of answer when no type of name or figure covers it', () => {
    assert.match(analyzeQuestion('What colour is the seed hopper?').kind ?? '', /^colou?r$/);
    assert.equal(analyzeQuestion('Which engines will the plant build?').kind, 'engine');
    assert.equal(analyzeQuestion('Which company makes the hopper?').kind, undefined, 'a company is a name the entity layer finds');
    assert.equal(analyzeQuestion('What is the colour of the hopper?').kind, undefined);
  });

  it('knows from WordNet which words are kinds of a noun, by meaning rather than spelling', () => {
    const wordnet = WordNet.shared();
    assert.ok(wordnet.isKindOf('crimson', 'colour') && wordnet.isKindOf('green', 'color'));
    assert.ok(wordnet.isKindOf('turbofan', 'engine'));
    assert.ok(!wordnet.isKindOf('wash', 'colour'), 'a wash is a colouring material, not a colour');
    assert.ok(wordnet.isAttribute('colour') && !wordnet.isAttribute('engine'));
  });

  it('reads what a question asks for from the question, not from a story told before it', () => {
    const text = 'My cousin in Leeds told me about the new office. He said it has a garden on the roof. When does that garden open?';
    const a = analyzeQuestion(text);
    assert.equal(text.slice(a.story), 'When does that garden open?');
    assert.deepEqual(a.expects, analyzeQuestion('When does that garden open?').expects);
    assert.equal(analyzeQuestion('What did Dr. Smith say? And when?').story, undefined, 'a second question is not a story, nor is an abbreviation an end');
  });

  it('finds the question after a story told in the same sentence, up to the clause that asks', () => {
    const asked = (text: string) => text.slice(analyzeQuestion(text).story ?? 0);
    assert.equal(asked('hi, my son just started at the club, what time does training finish on tuesdays'), 'what time does training finish on tuesdays');
    assert.equal(asked('hello, ive got a season ticket and heard the ground is closing, when does the ground reopen'), 'when does the ground reopen');
    assert.equal(asked('If I cancel my membership, what do I pay?'), 'If I cancel my membership, what do I pay?', 'a condition belongs to the question');
    assert.equal(asked('What is the fee for members, which was raised in 2025?'), 'What is the fee for members, which was raised in 2025?', 'a question before a comma is the question');
    assert.equal(asked('membership fee, when does it rise'), 'membership fee, when does it rise', 'words without a verb tell no story');
    assert.equal(asked('my daughter is 9, can she swim on her own?'), 'my daughter is 9, can she swim on her own?', 'a yes/no question keeps the story that holds its conditions');
    assert.equal(asked('im new to the co-op and wanted to check a few things first - how much does a share cost'), 'how much does a share cost', 'after a dash set off by spaces');
    assert.equal(asked('i joined last month — when is the next open day?'), 'when is the next open day?', 'after a long dash');
    assert.equal(asked('what is the co-op address'), 'what is the co-op address', 'a hyphen joins words, it breaks no clause');
  });

  it('reads the adjective of a measure as what is measured, not as a word of its own', () => {
    const age = analyzeText('My son is 12 years old and wants to join.');
    assert.ok(!age.lemmas.includes('old') && !age.terms.includes('old'), 'a 12-year-old is not old, and no "new" is its opposite');
    assert.ok(analyzeText('The old hall is 40 years old.').terms.includes('old'), 'the same word elsewhere in the text stays');
    assert.ok(analyzeText('We have 2 large rooms.').lemmas.includes('large'), 'an adjective before its noun is no measure');
    assert.ok(analyzeText('All three offices close between 24 December and 1 January.').terms.includes('close'), 'a counted thing is no unit, whatever the tagger reads after it');
  });

  it('reads a greeting as no word to look for', () => {
    assert.deepEqual(analyzeQuestion('hi, what time does the library open').keyTerms, analyzeQuestion('what time does the library open').keyTerms);
    assert.deepEqual(analyzeQuestion('hello there, where is the car park').keyTerms, analyzeQuestion('where is the car park').keyTerms);
    assert.deepEqual(analyzeQuestion('quick question, where is the car park').keyTerms, analyzeQuestion('where is the car park').keyTerms, 'a word describing the asking');
    assert.ok(analyzeQuestion('where is the quick release lever').keyTerms.includes('quick'), 'the same word describing a thing is looked for');
  });

  it('reads the form of a question from the clause that asks it, after a story or a topic', () => {
    const story = analyzeQuestion('my son is 12 and plays in the under-13s, can he train with the seniors');
    assert.equal(story.form, 'yesno', 'a yes/no clause after a story');
    assert.ok(story.keyTerms.includes('12'), 'the story stays part of what is asked');
    assert.equal(analyzeQuestion('if i miss the deadline, do i lose my place').form, 'yesno', 'a condition first');
    assert.equal(analyzeQuestion('quick one about the march meeting, what time did it start').form, 'wh', 'a topic without a verb before the question');
    assert.equal(analyzeQuestion('another question: when does the pool open').form, 'wh', 'after a colon');
    assert.equal(analyzeQuestion('my bike was stolen from the shed - can i claim on the insurance').form, 'yesno', 'after a dash');
    assert.equal(analyzeQuestion('opening hours, weekends').form, 'keyword', 'commas alone make no question');
  });

  it('tells yes/no questions, keyword queries and questions about the sources apart', () => {
    assert.equal(analyzeQuestion('Is glass allowed in the garden?').form, 'yesno');
    assert.equal(analyzeQuestion('warranty length').form, 'keyword');
    const documentFields = [['version'], ['last', 'review']];
    assert.equal(analyzeQuestion('when was the pond guide last reviewed', { documentFields }).asksDocument, true, 'a field the documents give about themselves');
    assert.equal(analyzeQuestion('when was the pond last cleaned', { documentFields }).asksDocument, false, 'only some of its words');
    assert.equal(analyzeQuestion('Do the sources agree on the meal allowance?').asksAgreement, true);
    assert.equal(analyzeQuestion('Do the handbook and the board minutes agree on the fee?').asksAgreement, true, 'the documents compared are named');
    assert.equal(analyzeQuestion('Did India and the US agree on a trade deal?').asksAgreement, false, 'two countries agreeing are not sources');
    const titles = { documentWords: new Set(['branch', 'guide', 'membership', 'and', 'borrowing', 'rules', 'india']) };
    assert.equal(analyzeQuestion('Do the borrowing rules and the branch guide agree on the loan period?').asksAgreement, false, 'neither is a kind of document…');
    assert.equal(analyzeQuestion('Do the borrowing rules and the branch guide agree on the loan period?', titles).asksAgreement, true, '…but both are named by the words of titles');
    assert.equal(analyzeQuestion('Is the room fee the same in the branch guide and the minutes?').asksAgreement, true, 'the sources may come last');
    assert.equal(analyzeQuestion('Did India and the US agree on a trade deal?', titles).asksAgreement, false, 'a place named in a title is still no document');
    assert.equal(analyzeQuestion('Who published the employee handbook?').asksDocument, true);
    assert.equal(analyzeQuestion('when did the branch guide come out').asksDocument, true);
    assert.equal(analyzeQuestion('who took the minutes at the march meeting').asksDocument, true);
    assert.equal(analyzeQuestion('when does the branch open').asksDocument, false);
  });
  it('finds the abbreviation a definition question asks about, and the sentences that spell it out', () => {
    assert.equal(definitionTarget('What does TRUST stand for?'), 'TRUST');
    assert.equal(definitionTarget('TPF full form'), 'TPF');
    assert.equal(definesTerm('the U.S.-India TRUST (Transforming the Relationship Utilizing Strategic Technology) initiative', 'TRUST'), true);
    assert.equal(definesTerm('The Trade Policy Forum (TPF), established in 2005', 'TPF'), true);
    assert.equal(definesTerm('The TRUST initiative aims to catalyse collaboration', 'TRUST'), false);
  });
  it('splits a question with several parts, each standing on its own', () => {
    assert.deepEqual(splitQuestion('How long is the sabbatical and who approves leave?'), ['How long is the sabbatical?', 'who approves leave?']);
    assert.deepEqual(splitQuestion('Who published the fact sheet on technology, and on what date?'), ['Who published the fact sheet on technology?', 'on what date published the fact sheet on technology?']);
    assert.deepEqual(splitQuestion('When does the garden open and close?'), ['When does the garden open and close?']);
    assert.deepEqual(splitQuestion('Who chaired the meeting, and in which room was it held?')[0], 'Who chaired the meeting?');
    assert.deepEqual(splitQuestion('will i still pay while the pool is shut and is there anywhere else to swim'), ['will i still pay while the pool is shut?', 'is there anywhere else to swim?'], 'a yes/no question after "and"');
    assert.deepEqual(splitQuestion('can i bring a guest, and also what does a day pass cost')[1], 'what does a day pass cost?');
    assert.deepEqual(splitQuestion('Can children and adults swim together?'), ['Can children and adults swim together?']);
    assert.deepEqual(splitQuestion('is my son of 9 allowed in the pool alone, and what does a term of lessons cost these days')[1], 'what does a term of lessons cost these days?', 'a demonstrative with its own noun points back at nothing');
    assert.match(splitQuestion('how much is the junior fee and what does that cover')[1]!, /^what does that cover .*junior fee/, 'while a pronoun borrows what came before');
  });
  it('keeps the story told before a question with every one of its parts', () => {
    const story = 'My knee has been sore and hills worry me. A friend said there is one big climb late on. ';
    assert.deepEqual(splitQuestion(`${story}Where is it, and how much does it go up?`), [`${story}Where is it?`, `${story}how much does it go up?`]);
  });
});

describe('words and their meanings', () => {
  it('corrects typing mistakes against the collection, not ordinary words or names', () => {
    const words = new Map([['sabbatical', 3], ['helpdesk', 2], ['extension', 4], ['garden', 5], ['eight', 2], ['what', 1000]]);
    const corrector = new SpellingCorrector(words);
    assert.deepEqual(corrector.correct('whats the helpdsk extenshun for the gardn sabatical').corrections.map((c) => c.to), ["what's", 'helpdesk', 'extension', 'garden', 'sabbatical']);
    assert.equal(corrector.correct('sabbatical lenght').text, 'sabbatical length', 'the English word, not the collection\'s "eight": too far for a short word');
    assert.equal(corrector.correct('Is Brazil in the guide?').text, 'Is Brazil in the guide?');
    assert.equal(corrector.correct('wat is guaranteed').text, 'what is guaranteed');
    const money = new SpellingCorrector(new Map([['billion', 9], ['referral', 3]]));
    assert.equal(money.correct('a trillion dollars after deferral').text, 'a trillion dollars after deferral', 'rare English words are words, not typos');
    assert.equal(new SpellingCorrector(new Map([['early', 9]])).correct('the yearly review').text, 'the yearly review', 'nor is a slip taken at their first letter');
    // A misspelt everyday word the documents do not use is still that word, not a name they lack.
    const camera = new SpellingCorrector(new Map([['camera', 5], ['dynamics', 2]]));
    assert.equal(camera.correct('the maxmum size of the camra').text, 'the maximum size of the camera');
    assert.equal(camera.correct('made by bharat dynamix').text, 'made by bharat dynamics', 'a word of the documents comes first');
    assert.equal(camera.correct('the ceo of zentrix').text, 'the ceo of zentrix');
    assert.equal(camera.correct('where should I fix the camera').text, 'where should I fix the camera', 'a word people write is no typo, though WordNet lacks it');
    // An ending is taken off only where English puts one: "sead" is no "sea" + "d", "used" is "use" + "d".
    const feeder = new SpellingCorrector(new Map([['seed', 4], ['hopper', 2]]));
    assert.equal(feeder.correct('how much sead does the hoper hold').text, 'how much seed does the hopper hold');
    assert.equal(feeder.correct('the seed is used').text, 'the seed is used');
    const pool = new SpellingCorrector(new Map([['the', 50], ['pool', 4], ['dvds', 2]]));
    assert.equal(pool.correct('can she swim in the pool on her own').text, 'can she swim in the pool on her own', 'a word people write often is no slip, though WordNet lists no pronouns');
    assert.equal(pool.correct('how long can i keep a dvd').text, 'how long can i keep a dvd', 'nor is the singular of a plural the collection writes');
  });
  it('prefers, of two words as near, the one with the same consonants: people get vowels wrong', () => {
    const race = new SpellingCorrector(new Map([['time', 3], ['type', 9], ['purple', 2], ['people', 9]]));
    assert.equal(race.correct('what was her tyme in the purpel shirt').text, 'what was her time in the purple shirt');
  });
  it('puts back the apostrophe of a contraction typed without it, and leaves words of their own alone', () => {
    const bins = new SpellingCorrector(new Map([['bin', 4], ['emptied', 2], ['well', 3]]));
    assert.equal(bins.correct('im sure my bin wasnt emptied, whats wrong, cant they come').text, "i'm sure my bin wasn't emptied, what's wrong, can't they come");
    assert.equal(bins.correct('Dont they know').text, "Don't they know");
    assert.equal(bins.correct('were its bins emptied well, ill or shell').text, 'were its bins emptied well, ill or shell');
    // A reader who knows it as a word keeps it: the documents use it.
    assert.equal(new SpellingCorrector(new Map([['cant', 2]])).correct('the cant of the roof').text, 'the cant of the roof');
  });
  it('reads a word cut short as the collection\'s word it begins ("physio" for "physiotherapy")', () => {
    const clinic = new SpellingCorrector(new Map([['physiotherapy', 6], ['physiotherapist', 2], ['dental', 4]]));
    assert.equal(clinic.correct('can i book physio online').text, 'can i book physiotherapy online');
    assert.equal(clinic.correct('is there a dentist').text, 'is there a dentist', 'an English word is no clipping');
    assert.equal(clinic.correct('ask zentrix').text, 'ask zentrix', 'nor is a word that begins none of the collection\'s');
  });
  it('reads WordNet: synonyms, more general words, opposites and how common a word is', () => {
    const wordnet = WordNet.shared();
    assert.ok(wordnet.synonyms('bicycle').has('bike'));
    assert.ok(wordnet.synonyms('grown-up').has('adult'), 'a hyphenated word WordNet writes closed up ("grownup")');
    assert.ok(wordnet.hypernyms('sabbatical').has('leave'));
    assert.ok(wordnet.antonyms('increase').has('decrease'));
    assert.equal(wordnet.isCommon('need'), true);
    assert.equal(wordnet.isCommon('wat'), false);
  });
  it('gives a word\'s forms in other parts of speech, so a question\'s "decide" finds the documents\' "decision"', () => {
    assert.ok(WordNet.shared().derivations('decision').some((d) => d.word === 'decide' && d.pos === 'v'));
    const table = buildSynonymTable(['decision']);
    assert.ok(table.verbsToCorpus['decide']?.includes(stem('decision')));
    assert.ok(!table.toCorpus['decide'], 'a verb is looked up among the verbs');
  });
  it('knows nouns that are other kinds of the same thing, and tells them from synonyms', () => {
    const wordnet = WordNet.shared();
    assert.equal(wordnet.areSiblings('cobalt', 'lithium'), true);
    assert.equal(wordnet.areSiblings('monday', 'friday'), true);
    assert.equal(wordnet.areSiblings('shop', 'store'), false, 'the same meaning is no alternative');
    assert.equal(wordnet.areSiblings('lithium', 'metal'), false, 'a more general word is no alternative');
    assert.ok(wordnet.siblingsOf('tuesday').includes('thursday'));
  });
  it("maps a reader's words to the collection's", () => {
    const table = buildSynonymTable(['bicycle', 'increase', 'open']);
    assert.ok(table.toCorpus.bike?.includes('bicycl'));
    assert.ok(table.antonyms.increase?.includes('decrease'));
    assert.ok(table.antonyms.open?.some((w) => w === 'close' || w === 'closed'));
  });
  it("maps a reader's word through the senses of the part of speech it is written in", () => {
    const table = buildSynonymTable(['take']);
    assert.ok(table.verbsToCorpus.guide?.includes('take'), 'to guide someone is to take them…');
    assert.equal(table.toCorpus.guide, undefined, '…but "the branch guide" is no "take"');
  });
});
