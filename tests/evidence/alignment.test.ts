import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { answerFeatures, prepareQuery, stanceFeatures, type PreparedQuery } from '../../src/evidence/features.js';
import type { SentenceRecord } from '../../src/evidence/sentence-bank.js';
import { analyzeQuestion, analyzeText, placeLevel } from '../../src/language/analyze.js';
import { buildSynonymTable } from '../../src/language/synonyms.js';
import { stem } from '../../src/language/terms.js';
import { openIndex } from '../../src/open-index.js';
import { judgeFor } from '../../src/server/services.js';
import { fixtureIndex, type FixtureCorpus, tempDir, testConfig } from '../helpers.js';

/** A test collection's sentences, claims prepared against them, and a sentence found by a piece of its text. */
async function collection(name: FixtureCorpus) {
  const { bank } = judgeFor(await fixtureIndex(name));
  const claim = (text: string) => prepareQuery(bank, text, analyzeText(text, { properWords: bank.properWords }), []);
  const sentence = (part: string) => [...bank.all()].find((r) => r.text.includes(part))!;
  /** How a prepared claim stands against a sentence retrieved first, close in meaning. */
  const stance = (q: PreparedQuery, record: SentenceRecord) => stanceFeatures(bank, q, { record, rank: 0, similarity: 0.8 }, 0.8);
  return { bank, claim, sentence, stance };
}

describe('aligning a claim with a sentence worded differently', async () => {
  const { bank, claim, sentence, stance } = await collection('manual');

  it('leads an irregular form back to its lemma, so that "grew" is a known word where the documents say "grow"', () => {
    assert.deepEqual(analyzeText('Sales grew while the children slept.').irregular, { grew: 'grow', children: 'child', slept: 'sleep' });
    assert.equal(analyzeText('Sales grow every year.').irregular, undefined);
    const found = claim('The battery pack holds the charge it was given.').terms.find((t) => t.term === 'given');
    assert.ok(found?.alternatives.includes('give'), 'the lemma is an alternative wherever the documents use it');
  });

  it('matches a question\'s word to a sentence that has it in an irregular form ("who leads" and "is led by")', () => {
    const text = 'Who leads the support team?';
    const q = prepareQuery(bank, text, analyzeQuestion(text, { properWords: bank.properWords }), []);
    const features = answerFeatures(bank, q, { record: sentence('The support team is led by'), rank: 0, similarity: 0.5 }, 0.5);
    assert.equal(features.headCoverage, 1);
  });

  it('reads a verb with its particle as the one word it is ("call off"), and matches it to the documents\' word for it ("cancel")', () => {
    assert.deepEqual(analyzeText('The concert was called off.').phrasal, { call: 'call off' });
    assert.equal(analyzeText('She called her manager.').phrasal, undefined);
    const table = buildSynonymTable(['cancel', 'install']);
    assert.ok(table.verbsToCorpus['call off']?.includes(stem('cancel')));
    assert.ok(table.verbsToCorpus['set up']?.includes(stem('install')));
    assert.equal(table.verbsToCorpus['put in for'], undefined, 'longer phrases are not looked up');
  });

  it('weighs words of speech that WordNet lacks ("hiya", "im") like everyday words, not like names the documents never use', () => {
    const text = 'hiya im asking how long the penguin battery lasts';
    const q = prepareQuery(bank, text, analyzeQuestion(text, { properWords: bank.properWords }), []);
    const weight = (t: string) => q.terms.find((x) => x.term === t)?.weight ?? NaN;
    assert.equal(q.unknown, 0, 'none of them is a name');
    assert.ok(weight('hiya') < weight('penguin') / 2 && weight('im') < weight('penguin') / 2, q.terms.map((t) => `${t.term}=${t.weight.toFixed(2)}`).join(' '));
  });

  it('leaves the dates of a claim or a question to the date rules, not as words a sentence must share ("March" against "1 February")', () => {
    const terms = claim('The camera update ships on 1 March 2027.').terms.map((t) => t.term);
    assert.ok(!terms.includes('march') && terms.includes('camera'), terms.join(' '));
    const text = 'Which camera update shipped in March 2026?';
    const q = prepareQuery(bank, text, analyzeQuestion(text, { properWords: bank.properWords }), []);
    assert.ok(!q.terms.some((t) => t.term === 'march') && q.terms.some((t) => t.term === 'camera'), q.terms.map((t) => t.term).join(' '));
    assert.deepEqual(q.dates.map((d) => d.raw), ['March 2026'], 'the date is still one the sentence or its headings must give');
  });

  it('counts a figure\'s unit written out ("5 percent", "$3 million") as part of the figure, not as a word the sentence must share', () => {
    const terms = claim('The battery keeps 5 percent of its charge, worth $3 million.').terms.map((t) => t.term);
    assert.ok(terms.includes('batteri') && terms.includes('charg'), terms.join(' '));
    assert.ok(!terms.includes('percent') && !terms.includes('million'), terms.join(' '));
  });

  it('finds a name of several words in a sentence that writes only its initials ("Universal Serial Bus" in "USB-C")', () => {
    const q = claim('The battery pack is charged from a Universal Serial Bus adapter.');
    assert.deepEqual(q.names.map((n) => n.text), ['Universal Serial Bus']);
    const { features, conflict } = stance(q, sentence('Plug the battery pack (BP-2600)'));
    assert.equal(features.namesMissing, 0);
    assert.notEqual(conflict?.rule, 'name');
    const elsewhere = stance(q, sentence('The hopper holds'));
    assert.equal(elsewhere.features.namesMissing, 1, 'initials that are only part of a word do not count');
  });

  it('reads a name the documents never use, standing where the sentence names another, as a different name for the same thing', () => {
    const centre = sentence('Customer support is run from our service centre in Inverness');
    const moved = stance(claim('Customer support is run from a service centre in Glasgow.'), centre);
    assert.deepEqual(moved.conflict, { rule: 'name', claimed: 'Glasgow', stated: 'Inverness' });
    // A new name in another place says something the sentence leaves open, not something else.
    const added = stance(claim('Customer support is run from our service centre in Inverness, according to Velantis.'), centre);
    assert.equal(added.conflict, undefined);
  });

  it('denies only what a sentence asserts: a list item or a heading states nothing a negated claim could contradict', () => {
    const item = sentence('Rechargeable battery pack, part number BP-2600');
    const denied = stance(claim('The battery pack is not rechargeable.'), item);
    assert.equal(denied.features.oppose, 0);
    const stated = sentence('Do not charge the battery when its temperature');
    const flipped = stance(claim('You can charge the battery when its temperature is below 0 °C.'), stated);
    assert.equal(flipped.features.oppose, 1, 'a sentence that says the opposite of the same thing still does');
  });

  it('reads another of the same kind, standing where the sentence has one, as a different thing, but not a unit of a figure', () => {
    const photo = sentence('takes a still photo whenever a bird lands on the perch');
    const swapped = stance(claim('The KX-200 takes a still photo whenever a mammal lands on the perch.'), photo);
    assert.deepEqual(swapped.conflict, { rule: 'sibling', claimed: 'mammal', stated: 'bird' });
    assert.equal(swapped.features.swap, 1);
    const hours = sentence('gives up to 11 hours of active recording');
    const units = stance(claim('On a full charge the KX-200 records for up to half a day.'), hours);
    assert.equal(units.features.swap, 0, 'hours and days are compared as lengths of time');
  });

  it('checks a day of the week against the days a sentence gives', () => {
    const open = sentence('Support lines are open Monday to Friday');
    const saturdays = stance(claim('Support lines are open on Saturdays.'), open).features;
    assert.equal(saturdays.conflict, 1);
    assert.equal(saturdays.unknown, 0, 'a day the documents never name is a fact to compare, not an unknown name');
    assert.equal(stance(claim('Support lines are open on Wednesdays.'), open).features.confirmed, 1);
    const asked = (text: string) => answerFeatures(bank, prepareQuery(bank, text, analyzeQuestion(text, { properWords: bank.properWords }), []), { record: open, rank: 0, similarity: 0.8 }, 0.8);
    assert.equal(asked('What hours are support lines open on Saturdays?').figuresMissing, 1);
    assert.equal(asked('What hours are support lines open on Wednesdays?').figuresMissing, 0);
    const coverage = (text: string) => asked(text).coverage;
    assert.ok(coverage('When are support lines open on Wednesdays?') > coverage('When are support lines open on Saturdays?'), 'a day the sentence gives is matched like a word it uses');
  });

  it('compares a code with codes of the same series only', () => {
    const error = stance(claim('Error E07 means the battery is overheating.'), sentence('E31 – Battery overheating'));
    assert.deepEqual(error.conflict, { rule: 'name', claimed: 'Error E07', stated: 'E31' });
  });

  it('counts a name as mentioned by its telling words, not by a word it shares with another name', () => {
    const team = sentence('The support team is led by Morag Tulloch');
    const other = stance(claim('The support team is led by Morag Henderson.'), team);
    assert.equal(other.features.namesMissing, 1, '"Henderson" is the telling word of the name, "Morag" is not enough');
    const owned = (text: string) => stance(claim(text), team).features.namesMissing;
    assert.equal(owned('The Support Team of Norway is led by Morag Tulloch.'), 0.5, 'of its two names, the team is not mentioned: the name after "of" says which team it is');
    assert.equal(owned('The Support Team is led by Morag Tulloch.'), 0);
  });

  it('takes a count after "the" or "which" as presupposed, not a figure the sentence must state, yet still compares it with a count of the same thing', () => {
    assert.deepEqual(claim('Which two status lights blink?').stated, []);
    assert.equal(claim('Two status lights blink.').stated.length, 1);
    const video = sentence('The KX-200 records 2K video at 30 frames per second');
    const presupposed = stance(claim('The KX-200 records the two kinds of video at 30 frames per second.'), video);
    assert.equal(presupposed.features.unmatched, 0);
    assert.equal(presupposed.features.conflict, 0);
    assert.equal(presupposed.features.confirmed, 1);
    const counted = stance(claim('The KX-200 records video at the forty frames per second.'), video);
    assert.deepEqual(counted.conflict, { rule: 'number', claimed: 'forty', stated: '30' });
  });

  it('reads what a question asks about: a participle before a noun belongs to it, and after a possessive it is what the owner has', () => {
    assert.deepEqual(analyzeQuestion('How much liquefied natural gas did the port import?').head, ['liquefi', 'natur', 'gas']);
    assert.deepEqual(analyzeQuestion('Who designed the camera?').head, ['design']);
    // After a possessive, what is asked is what belongs to the owner.
    assert.deepEqual(analyzeQuestion("What is Maria Lopes's desk phone extension?").head, ['desk', 'phone', 'extens']);
  });

  it('matches words written out with the initials the documents use in their place ("Universal Serial Bus" with "USB-C")', () => {
    const q = claim('Charge the battery from a universal serial bus adapter.');
    const written = q.terms.filter((t) => ['univers', 'serial', 'bus'].includes(t.term));
    assert.equal(written.length, 3);
    for (const t of written) assert.ok(t.alternatives.includes('usb') && t.known, t.term);
    assert.ok(!claim('Charge the battery from a spare adapter.').terms.some((t) => t.alternatives.includes('usb')));
    // A query that writes the initials too spells them out: its words are not the initials.
    assert.ok(!claim('USB stands for Universal Serial Bus.').terms.some((t) => t.alternatives.includes('usb')));
  });
});

describe('aligning a claim with a sentence that refers back to the one before', async () => {
  const { bank, claim, stance } = await collection('handbook');
  const floors = [...bank.all()].find((r) => r.text.startsWith('It has six floors'))!;

  it('finds the names of "It has six floors" in the sentence before it, and only there', () => {
    assert.equal(bank.antecedentOf(floors)?.text.includes('Canal Wharf House'), true);
    const features = (text: string) => stance(claim(text), floors).features;
    assert.equal(features('Canal Wharf House has six floors.').namesMissing, 0);
    assert.equal(features('The Porto studio has six floors.').namesMissing, 1);
  });

  it('matches a number that is no figure ("extension 4411", "Room 214") as a word, and not the parts of a time', () => {
    const terms = (text: string) => claim(text).terms.map((t) => t.term);
    assert.ok(terms('The helpdesk is on extension 4411.').includes('4411'));
    assert.ok(terms('Laptops are collected from Room 214.').includes('214'));
    assert.deepEqual(terms('The garden closes at 16:30.').filter((t) => /\d/.test(t)), []);
    assert.deepEqual(terms('There are 40 bicycle spaces.').filter((t) => /\d/.test(t)), [], 'a count is compared as a figure');
  });

  it('takes what a claim is about to be a thing it names, not what that thing does, however rare the verb', () => {
    const sabbatical = [...bank.all()].find((r) => r.text.includes('paid sabbatical of eight weeks'))!;
    const q = claim('A paid sabbatical at Quillfeather lasts twelve weeks.');
    assert.equal(q.focus?.term, stem('sabbatical'));
    assert.equal(stance(q, sabbatical).features.focus, 1);
  });

  it('finds an abbreviation that stands for part of a longer name ("HR" in "Head of Human Resources")', () => {
    const people = [...bank.all()].find((r) => r.text.startsWith('The People Team is led by Marguerite Osei'))!;
    const q = claim('Marguerite Osei is in charge of HR.');
    assert.ok(q.names.some((n) => n.text === 'HR'), q.names.map((n) => n.text).join(', '));
    assert.equal(stance(q, people).features.namesMissing, 0);
  });

  it('tells a sentence naming a person for a "who" question from one naming only something of no known kind', () => {
    const question = (text: string) => prepareQuery(bank, text, analyzeQuestion(text, { properWords: bank.properWords }), []);
    const features = (text: string, part: string) => answerFeatures(bank, question(text), { record: [...bank.all()].find((r) => r.text.includes(part))!, rank: 0, similarity: 0.8 }, 0.8);
    const person = features('Who answers questions about desks at headquarters?', 'go to Tobias Lindqvist');
    assert.deepEqual([person.typeFit, person.typeFitName, person.typeMissing], [1, 0, 0]);
    const street = features('Who runs the small studio in Porto?', 'converted warehouse on Rua da Alegria');
    assert.deepEqual([street.typeFit, street.typeFitName, street.typeMissing], [0, 1, 0]);
  });

  it('lets a claim name a member of the class a rule is about, and finds the rule\'s negation on it ("wine" and "Alcohol cannot be claimed")', () => {
    const alcohol = [...bank.all()].find((r) => r.text === 'Alcohol cannot be claimed.')!;
    const q = claim('A glass of wine with dinner can be claimed back.');
    assert.ok(q.terms.find((t) => t.term === 'wine')?.alternatives.includes('alcohol'));
    const { features, conflict } = stance(q, alcohol);
    assert.equal(features.oppose, 1);
    assert.equal(conflict?.rule, 'negation');
    const asked = (text: string) => prepareQuery(bank, text, analyzeQuestion(text, { properWords: bank.properWords }), []);
    assert.ok(asked('Can I claim a glass of wine?').terms.find((t) => t.term === 'wine')?.alternatives.includes('alcohol'), 'a yes/no question is a claim');
    assert.ok(!asked('What does a glass of wine cost?').terms.find((t) => t.term === 'wine')?.alternatives.includes('alcohol'), 'a question for a value of the member is not answered by its class');
  });
});

describe('a name in place of another, on the bundled collection', async () => {
  const { bank, claim, sentence, stance } = await collection('trust');
  const fab = sentence('compound semiconductor fabrication plant in India');

  it('takes a code of another series for another thing, not another value: "F-35" is no other "Axiom-4"', () => {
    const jets = [...bank.all()].find((r) => r.text.includes('STA-1') && r.text.includes('F-35'))!;
    const other = stance(claim('The Axiom-4 mission will send the first Indian astronaut to the International Space Station.'), jets);
    assert.notEqual(other.conflict?.rule, 'name');
  });

  it('reads the one name two texts do not share as standing in the other\'s place, wherever each is written', () => {
    const engines = sentence('between GE Aerospace and Hindustan Aeronautics Limited');
    const swapped = stance(claim('Bharat Dynamics Limited is in talks with GE Aerospace to co-produce jet engines.'), engines);
    assert.deepEqual(swapped.conflict, { rule: 'name', claimed: 'Bharat Dynamics Limited', stated: 'Hindustan Aeronautics Limited' });
    const added = stance(claim('GE Aerospace and Hindustan Aeronautics Limited are in talks, according to Reuters.'), engines);
    assert.notEqual(added.conflict?.rule, 'name', 'a name added beside the shared ones takes no other name\'s place');
  });

  it('reads a smaller place than the one the sentence names as a detail it leaves open, not as another place', () => {
    assert.equal(placeLevel('Assam'), 2);
    assert.equal(placeLevel('India'), 3);
    const finer = stance(claim('3rdiTech will establish a compound semiconductor fabrication plant in Assam.'), fab);
    assert.equal(finer.conflict, undefined);
    const other = stance(claim('3rdiTech will establish a compound semiconductor fabrication plant in Vietnam.'), fab);
    assert.deepEqual(other.conflict, { rule: 'name', claimed: 'Vietnam', stated: 'India' });
  });

  it('takes two names joined by a hyphen to name both, so that a sentence naming one of them lacks the pair', () => {
    assert.equal(stance(claim('The India-Japan partnership will build a compound semiconductor fabrication plant.'), fab).features.namesMissing, 1);
    const launch = sentence('the two sides launched the U.S.-India TRUST');
    assert.equal(stance(claim('The US-India TRUST initiative was launched in Washington DC.'), launch).features.namesMissing, 0, 'each of the pair is named, in its own way');
  });
});

/** A collection written for a test: its files' lines, then the same helpers as `collection`. */
async function writtenCollection(files: Record<string, string[]>) {
  const corpus = await tempDir();
  for (const [name, lines] of Object.entries(files)) await writeFile(join(corpus, name), lines.join('\n'));
  const { bank } = judgeFor(await openIndex(testConfig({ corpusDir: corpus, indexDir: await tempDir() })));
  const record = (part: string) => [...bank.all()].find((r) => r.text.includes(part))!;
  const question = (text: string) => prepareQuery(bank, text, analyzeQuestion(text, { properWords: bank.properWords }), []);
  const claim = (text: string) => prepareQuery(bank, text, analyzeText(text, { properWords: bank.properWords }), []);
  /** A claim's stance features against the sentence holding `part`. */
  const stance = (text: string, part: string) => stanceFeatures(bank, claim(text), { record: record(part), rank: 0, similarity: 0.8 }, 0.8);
  /** A question's answer features against the sentence holding `part`. */
  const answering = (text: string, part: string) => answerFeatures(bank, question(text), { record: record(part), rank: 0, similarity: 0.5 }, 0.5);
  return { bank, record, question, claim, stance, answering };
}

describe('reading a sentence with the date of its heading', async () => {
  const { answering } = await writtenCollection({
    'guild-minutes.md': [
      '# Minutes of the Pottery Guild meeting, 4 March 2025',
      '',
      'Present: Ines Navarro (Chair), Tomas Berg, Lea Kraus and Omar Haddad.',
      '',
      'The guild agreed to buy a second electric kiln for the studio on Mill Street.',
      '',
      'Firing fees stay at £6 a shelf until the new kiln is installed.',
    ],
  });

  it('takes a date in the heading as the date of what the sentence says, and no other date', () => {
    assert.equal(answering('Who chaired the March 2025 guild meeting?', 'Present:').figuresMissing, 0);
    assert.equal(answering('Who chaired the March 2024 guild meeting?', 'Present:').figuresMissing, 1);
  });
});

describe('a question for a year', async () => {
  const { answering } = await writtenCollection({
    'guild-history.md': ['# Guild history', '', 'The guild opened its studio on Mill Street in 1987.', '', 'On bank holidays the studio opens from 9:00 to 15:00.'],
  });
  const fit = (text: string, part: string) => answering(text, part).typeFit;

  it('is answered by a date with its year, not by a time of day or a holiday', () => {
    assert.equal(fit('what year did the studio open', 'in 1987'), 1);
    assert.equal(fit('what year did the studio open', 'bank holidays'), 0);
    assert.equal(fit('what time does the studio open on bank holidays', 'bank holidays'), 1, 'while a question for a time is answered by one');
  });
});

describe('a name in the place of another, past the other names of the claim', async () => {
  const { stance } = await writtenCollection({
    'vets.md': [
      '# Our practices',
      '',
      '## Harbour Street Surgery',
      '',
      'The lead vet is Dr Ines Navarro and the practice manager is Tomas Berg.',
      '',
      '## Mill Lane Surgery',
      '',
      'The lead vet is Dr Lea Kraus and the practice manager is Omar Haddad.',
    ],
  });

  it('finds the slot a name fills by the words around it, passing over the place named in between', () => {
    const { conflict } = stance('The lead vet at Harbour Street Surgery is Dr Anya Petrova.', 'Dr Ines Navarro');
    assert.equal(conflict?.rule, 'name');
    assert.match(`${conflict?.claimed} / ${conflict?.stated}`, /Anya Petrova \/ (?:Dr )?Ines Navarro/);
  });
});

describe('a change read from figures, against a claimed change', async () => {
  const { stance } = await writtenCollection({
    'choir-report.md': [
      '# Riverside Choir: report for 2025',
      '',
      'The choir had 64 singing members at the end of 2025, compared with 52 a year earlier.',
      '',
      'Concert tickets cost £12, and the spring concert sold out in four days.',
    ],
  });
  const members = '64 singing members';

  it('finds a claimed fall opposed by a figure that rose', () => {
    assert.equal(stance('Choir membership fell during 2025.', members).conflict?.rule, 'direction');
    assert.equal(stance('Fewer people sang in the choir at the end of 2025 than a year before.', members).features.oppose, 1);
  });
  it('finds nothing opposed in a claimed rise', () => {
    assert.equal(stance('Choir membership grew during 2025.', members).features.oppose, 0);
  });
});

describe('a change since an earlier year, against a claim about the later one', async () => {
  const { stance } = await writtenCollection({
    'orchard-report.md': [
      '# Growers co-operative: report for 2025',
      '',
      'Kestle Orchard, planted in 2011, is the largest of our three orchards.',
      '',
      'It gave 41.5 tonnes of apples, compared with 38.2 tonnes in 2024.',
      '',
      'Sales of cider rose from £9,400 in 2023 to £11,200 in 2024.',
    ],
  });
  const harvest = 'It gave 41.5 tonnes';

  it('does not read the year of the earlier figure as a date the claim gets wrong', () => {
    const { features, conflict } = stance('Kestle Orchard gave more apples in 2025 than the year before.', harvest);
    assert.equal(conflict, undefined);
    assert.equal(features.conflict, 0);
  });
  it('reads the later date of a change "from … to …" as the date of that change', () => {
    assert.equal(stance('Sales of cider rose in 2025.', 'Sales of cider rose').conflict?.rule, 'date');
  });
  it('still reads it as the date of a claim that states no change', () => {
    assert.equal(stance('Kestle Orchard gave 41.5 tonnes of apples in 2023.', harvest).conflict?.rule, 'date');
  });
  it('counts the name a sentence opening with "it" refers back to as its context', () => {
    const { features } = stance('Kestle Orchard gave more apples in 2025 than the year before.', harvest);
    assert.ok(features.contextOnly > 0, `contextOnly=${features.contextOnly}`);
    assert.equal(features.namesMissing, 0);
  });
});

describe('a claim dated by the heading its sentence sits under', async () => {
  const { stance } = await writtenCollection({
    'regatta-report.md': ['# Harbour regatta report, June 2025', '', 'The junior sculling trophy went to Ana Ruiz of the Quay Rowing Club.', '', 'Entries for the open pairs race closed early.'],
  });

  it('finds the date the claim gives stated in the heading, not missing', () => {
    assert.equal(stance('Ana Ruiz won the junior sculling trophy at the 2025 regatta.', 'junior sculling trophy').features.unmatched, 0);
  });
  it('still finds a date that neither the sentence nor its heading gives missing', () => {
    assert.equal(stance('Ana Ruiz won the junior sculling trophy in March 2019.', 'junior sculling trophy').features.unmatched, 1);
  });
});

describe('a question after a measure', async () => {
  const { answering } = await writtenCollection({
    'feeder-manual.md': [
      '# Garden feeder camera',
      '',
      'The feeder camera weighs 1.4 kg when its hopper is empty.',
      '',
      'The feeder camera records 30 frames per second in daylight.',
      '',
      'The feeder camera costs 95 pounds, and the register of owners is kept in one place.',
      '',
      'The solar lid costs £24.50 and fits every feeder camera.',
      '',
      '| Model | Weight (kg) |',
      '|---|---|',
      '| Garden mount | 0.6 |',
    ],
  });

  it('is answered by a figure in a unit of that measure, not by any figure', () => {
    assert.equal(answering('How much does the feeder camera weigh?', 'weighs 1.4 kg').typeFit, 1);
    assert.equal(answering('How much does the feeder camera weigh?', '30 frames').typeMissing, 1, 'frames are no unit of weight');
    assert.equal(answering('How much does the garden mount weigh?', '0.6').typeFit, 1, "a table's column may name the unit");
  });

  it('takes a sum asked for to be money, or a figure in a unit of money', () => {
    assert.equal(answering('How much does the feeder camera cost?', '95 pounds').typeFit, 1);
    assert.equal(answering('How much does the solar lid cost?', 'The solar lid costs £24.50').typeFit, 1, 'a figure after a currency sign is a sum');
    assert.equal(answering('How much does the feeder camera cost?', '30 frames').typeMissing, 1, 'a figure of no money is no price');
  });
});

describe('a denial of what is said of someone', async () => {
  const { stance } = await writtenCollection({
    'guild-minutes.md': [
      '# Pottery Guild minutes, 4 March 2025',
      '',
      'Tomas Berg declared an interest in the kiln contract and left the room.',
      '',
      'Tomas Berg was not present for the discussion or the vote.',
    ],
  });
  const absent = 'not present';

  it('is a negation of the claim, though the name it is said of is not denied', () => {
    assert.equal(stance('tomas berg had a vote on the kiln contract', absent).conflict?.rule, 'negation');
  });
  it('is read after "may not", which the tagger leaves unmarked', async () => {
    const rules = await writtenCollection({ 'plot-rules.md': ['# Plot rules', '', 'Hens may not be kept on quarter plots.', '', 'Bonfires are allowed after 6 pm.'] });
    assert.equal(rules.stance('You can keep hens on a quarter plot.', 'Hens may not').conflict?.rule, 'negation');
  });
  it('is read after a negative pronoun, which the tagger leaves unmarked', async () => {
    const rules = await writtenCollection({ 'pool-rules.md': ['# Pool rules', '', 'Nobody may dive into the shallow end.', '', 'Lockers cost 50p.'] });
    assert.equal(rules.stance('you can dive into the shallow end', 'Nobody may').conflict?.rule, 'negation');
  });
  it('is no negation of a claim that shares only the name', () => {
    assert.equal(stance('Tomas Berg chaired the meeting.', absent).features.oppose, 0);
  });
});

describe('a ferry guide\'s sentences, read under their own headings', async () => {
  // Two short sections: the first is too small to be a passage of its own, so one chunk
  // holds both, under the first section's heading.
  const { bank, record, question, claim } = await writtenCollection({
    'ferry-guide.md': [
      '# Island ferries',
      '',
      '## North Quay',
      '',
      'Tickets are sold at the kiosk.',
      '',
      '## Gull Point',
      '',
      'Sailings leave every 40 minutes.',
      '',
      'Fares:',
      '',
      '- Adults: £4.50',
      '- Bicycles: £1',
      '',
      'Dogs travel free. Gull Point is the smallest of the island quays.',
    ],
    'annual-report.md': ['# Annual report 2025', '', 'Approved by the trustees on 3 March 2026.'],
  });

  it('takes a sentence\'s section from the heading above it, even when its passage began in the section before', () => {
    const sailings = record('Sailings leave');
    assert.equal(bank.index.chunkById.get(sailings.chunkId)?.headingPath.at(-1), 'North Quay', 'the passage runs on into the next section');
    assert.deepEqual(sailings.section, ['Island ferries', 'Gull Point']);
    const features = answerFeatures(bank, question('How often do ferries leave from Gull Point?'), { record: sailings, rank: 0, similarity: 0.5 }, 0.5);
    assert.equal(features.namesMissing, 0);
    assert.equal(answerFeatures(bank, question('How often do ferries leave from North Quay?'), { record: sailings, rank: 0, similarity: 0.5 }, 0.5).namesMissing, 1);
  });

  it('takes the words that introduce a list as a heading of the list\'s items only', () => {
    assert.deepEqual(record('Bicycles: £1').section, ['Island ferries', 'Gull Point', 'Fares']);
    assert.deepEqual(record('Dogs travel free').section, ['Island ferries', 'Gull Point'], 'the paragraph after the list is back in its section');
    assert.ok(record('Bicycles: £1').context.has(stem('fares')));
  });

  it('counts the thing a question asks about as mentioned when the heading or title above the sentence names it', () => {
    const approved = answerFeatures(bank, question('When was the annual report approved?'), { record: record('Approved by the trustees'), rank: 0, similarity: 0.5 }, 0.5);
    assert.equal(approved.headCoverage, 1);
    const elsewhere = answerFeatures(bank, question('When was the annual report approved?'), { record: record('Sailings leave'), rank: 0, similarity: 0.5 }, 0.5);
    assert.equal(elsewhere.headCoverage, 0);
  });

  it('takes the opposite of a word to be the opposite of the words that share its sense ("biggest" against "smallest")', () => {
    const { conflict } = stanceFeatures(bank, claim('Gull Point is the biggest of the island quays.'), { record: record('Gull Point is the smallest'), rank: 0, similarity: 0.8 }, 0.8);
    assert.deepEqual(conflict, { rule: 'antonym', claimed: 'big', stated: 'small' });
  });
});

describe('an allotment report, where a word is read two ways and codes are written onto numbers', async () => {
  const { bank, record, stance } = await writtenCollection({
    'allotment-report.md': [
      '# Allotment society report 2025',
      '',
      'Trading hut sales: £2,870',
      '',
      'Best newcomer: Priya Raman, plot 4B, Orchard Close.',
      '',
      'The trading hut opens on Saturday mornings.',
      '',
      'The society lets plots at its three sites.',
      '',
      'Action: write to every plot holder about the new rents; Due: 9 December 2025.',
    ],
  });

  it('takes "trading" and "trade" for one word, not for two of a kind', () => {
    assert.equal(stance('The trading hut sells compost.', 'Trading hut sales').conflict, undefined);
  });

  it('takes a rank the sentence gives none of as a fact it leaves open', () => {
    assert.equal(stance('Orchard Close is the biggest of the three sites.', 'lets plots at its three sites').features.unmatched, 1);
    assert.equal(stance('The society lets plots at three sites.', 'lets plots at its three sites').features.unmatched, 0);
  });

  it('reads the day of a date as part of the date, not as a count', () => {
    assert.deepEqual(bank.factsOf(record('Due: 9 December')).quantities.map((q) => q.kind), ['year'], 'its year is read as one');
    assert.notEqual(stance('The £25 charge for new rents is due in April 2026.', 'Due: 9 December').conflict?.rule, 'number');
  });

  it('reads "4B" as one code, the same in the claim as in the sentence', () => {
    assert.equal(stance('Priya Raman has plot 4B at Orchard Close.', 'Best newcomer').conflict, undefined);
    assert.deepEqual(stance('Priya Raman has plot 4C at Orchard Close.', 'Best newcomer').conflict, { rule: 'name', claimed: '4C', stated: '4B' });
  });
});

describe('a ferry timetable, where a count is of one thing and not another', async () => {
  const { bank, record, question } = await writtenCollection({
    'ferries.md': [
      '# Island ferries',
      '',
      'The main route is served by MV Corran, which carries up to 36 cars and 250 passengers.',
      '',
      'The crossing takes 50 minutes and the booking office has 4 staff.',
      '',
      'Harbour moorings: 12',
      '',
      'On the last day of the season 1,240 travellers crossed.',
      '',
      '| Quay | Berths | Waiting |',
      '| --- | --- | --- |',
      '| North Quay | 6 | 17 |',
    ],
  });
  const features = (text: string, part: string) => answerFeatures(bank, question(text), { record: record(part), rank: 0, similarity: 0.5 }, 0.5);

  it('answers "how many" with a figure that counts the thing asked about, or a kind of it', () => {
    assert.equal(features('How many passengers can MV Corran carry?', 'MV Corran').typeFit, 1);
    const vehicles = features('How many vehicles fit on MV Corran?', 'MV Corran');
    assert.equal(vehicles.typeFit, 1, 'cars are vehicles');
    assert.equal(vehicles.headCoverage, 1, 'a sentence counting cars is about vehicles');
    assert.equal(features('How many moorings are there in the harbour?', 'Harbour moorings').typeFit, 1, 'a line names the thing before its count');
    assert.equal(features('How many boats were waiting at North Quay?', 'North Quay').typeFit, 1, 'a table column names what it counts in its own words');
    assert.equal(features('How many people crossed on the last day of the season?', 'On the last day').typeFit, 1, 'travellers are people: "people" counts persons');
  });

  it('reads a time relative to the reader ("this year", "last month") as no word a sentence must have', () => {
    const terms = question('how many travellers crossed this year').terms.map((t) => t.term);
    assert.ok(terms.includes('cross') && !terms.includes('year'), terms.join(' '));
  });

  it('does not take a count of other things, or a length of time, for the count asked for', () => {
    assert.equal(features('How many bicycles can MV Corran carry?', 'MV Corran').typeMissing, 1);
    assert.equal(features('How many ticket machines does the booking office have?', 'booking office').typeMissing, 1);
    assert.equal(features('How many staff work in the booking office?', 'booking office').typeFit, 1, '"work" is the verb, not part of what is counted');
  });
});

describe("a document's card", async () => {
  const { answering } = await writtenCollection({
    'sites.md': ['# Linmore Community Health: Sites and Services', '', 'Publisher: Patient Services Team', '', 'Our clinics open at 8:00 on weekdays.'],
    'rules.md': ['# Linmore Community Health: Visiting Rules', '', 'Visitors are welcome from 14:00.'],
  });

  it('answers who made a document by its "Published by" line, not by a name in its title', () => {
    assert.equal(answering('Who published the sites and services guide?', 'Published by: Patient Services Team').typeFit, 1);
    assert.equal(answering('Who wrote the visiting rules?', 'Title: Linmore Community Health: Visiting Rules').typeFit, 0, 'the title names what the document is');
  });
});
