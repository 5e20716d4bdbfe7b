import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { datesIn, clockTimesIn, durationsIn, weekdaysIn } from '../../src/language/dates.js';
import { analyzeText } from '../../src/language/analyze.js';
import { boundQuantities, dateConflict, directionConflict, statedDirection, durationConflict, numberConflict, rankConflict, ranks, shareConflict, shares, timeConflict, weekdayConflict } from '../../src/evidence/conflicts.js';

const figures = (claim: string, sentence: string) => numberConflict(boundQuantities(claim), boundQuantities(sentence));

describe('conflict rules between a claim and a sentence', () => {
  it('finds a different count or amount, and none when they agree', () => {
    assert.deepEqual(figures('The MSP has twelve members.', 'The MSP is a collaboration of 14 countries.'), { rule: 'number', claimed: 'twelve', stated: '14' });
    assert.equal(figures('The car park has 12 spaces.', 'The car park has only 12 spaces.'), undefined);
  });
  it('compares a figure with the figure of the same thing when a sentence has several', () => {
    const sentence = 'India approved a ₹16,300 crore mission, allocating ₹7,000 crore for exploration and ₹1,500 crore for recycling incentives.';
    assert.deepEqual(figures('The mission allocates ₹1,500 crore for exploration.', sentence), { rule: 'number', claimed: '₹1,500 crore', stated: '₹7,000 crore' });
    assert.equal(figures('The mission allocates ₹1,500 crore for recycling incentives.', sentence), undefined);
  });
  it('never takes a percentage for an amount of money, or the other way round', () => {
    const sentence = 'Membership fees rose by 3.2% to $12.5 million last year.';
    assert.equal(figures('Membership fees rose to $12.5 million.', sentence), undefined);
    assert.deepEqual(figures('Membership fees rose by 4%.', sentence), { rule: 'number', claimed: '4%', stated: '3.2%' });
    assert.deepEqual(figures('Membership fees rose to $14 million.', sentence), { rule: 'number', claimed: '$14 million', stated: '$12.5 million' });
  });
  it('finds a different date, time of day or length of time', () => {
    assert.equal(dateConflict(datesIn('approved in January 2025'), datesIn('approved on 13 February 2025'))?.rule, 'date');
    assert.equal(dateConflict(datesIn('approved in February 2025'), datesIn('approved on 13 February 2025')), undefined);
    assert.equal(timeConflict(clockTimesIn('opens at 8:00 am'), clockTimesIn('open from 7:30 am to 7:00 pm'))?.claimed, '8:00 am');
    assert.equal(timeConflict(clockTimesIn('closes at 7:00 pm'), clockTimesIn('open from 7:30 am to 7:00 pm')), undefined);
    assert.equal(timeConflict(clockTimesIn('the gates close at 4:30 in the afternoon'), clockTimesIn('the gates closed at 16:30')), undefined);
    assert.equal(timeConflict(clockTimesIn('the gates close at 5:30'), clockTimesIn('the gates closed at 16:30'))?.claimed, '5:30');
    assert.equal(timeConflict(clockTimesIn('be in the pool by quarter past nine'), clockTimesIn('Last pool entry: 9:15pm')), undefined, 'a time said from the hour');
    assert.equal(timeConflict(clockTimesIn('the doors close at twenty to six'), clockTimesIn('The doors close at 17:30.'))?.claimed, 'twenty to six');
    assert.equal(durationConflict(durationsIn('eligible after three years'), durationsIn('eligible after five years'), 'eligible after three years', 'eligible after five years')?.rule, 'duration');
    assert.equal(durationConflict(durationsIn('covered for two years'), durationsIn('it lasts five weeks'), 'covered for two years', 'it lasts five weeks'), undefined);
    assert.equal(durationConflict(durationsIn('for twelve months'), durationsIn('for one year')), undefined);
  });
  it('finds the same length of time on the other side of its event', () => {
    const claim = 'The desk shuts 35 mins after your wave has started.';
    const sentence = 'The desk closes 35 minutes before your wave starts.';
    assert.deepEqual(durationConflict(durationsIn(claim), durationsIn(sentence), claim, sentence), { rule: 'duration', claimed: '35 mins after', stated: '35 minutes before' });
    assert.equal(durationConflict(durationsIn(sentence), durationsIn(sentence), sentence, sentence), undefined);
  });
  it('finds a day of the week the sentence does not give, and none within a range it gives', () => {
    assert.deepEqual(weekdayConflict(weekdaysIn('the 2026 race was on a saturday'), weekdaysIn('The 2026 race was held on Sunday 17 May 2026.')), { rule: 'date', claimed: 'Saturday', stated: 'Sunday' });
    assert.equal(weekdayConflict(weekdaysIn('The office is open on Wednesdays.'), weekdaysIn('The office is open Monday to Friday.')), undefined);
    assert.deepEqual(weekdayConflict(weekdaysIn('The office is open on Sundays.'), weekdaysIn('The office is open Monday to Friday.')), { rule: 'date', claimed: 'Sunday', stated: 'Monday to Friday' });
    assert.deepEqual(weekdayConflict(weekdaysIn('Bonfires are fine on Sundays and Wednesdays.'), weekdaysIn('Bonfires are allowed only on Wednesdays and Saturdays.'))?.claimed, 'Wednesday, Sunday', 'a day beyond the several a sentence lists');
    assert.equal(weekdayConflict(weekdaysIn('The desk is staffed on Mondays and Tuesdays.'), weekdaysIn('Monday: 9:00 to 17:00')), undefined, 'one day alone, as in a timetable row, says nothing of the others');
    assert.equal(weekdayConflict(weekdaysIn('The office is open on Wednesdays.'), weekdaysIn('The office is open from 9:00.')), undefined, 'a sentence naming no day says nothing about days');
  });
  it('finds a different rank, share of a whole or direction', () => {
    assert.deepEqual(rankConflict(ranks('India is the largest API maker.'), ranks("India is the world's second-largest API manufacturer.")), { rule: 'rank', claimed: 'largest', stated: 'second-largest' });
    // Another word for the same quality is the same quality: "biggest" is "largest".
    assert.deepEqual(rankConflict(ranks('Leeds has the biggest office.'), ranks('Leeds has the second-largest office.')), { rule: 'rank', claimed: 'biggest', stated: 'second-largest' });
    assert.equal(rankConflict(ranks('Leeds has the oldest office.'), ranks('Leeds has the second-largest office.')), undefined);
    assert.equal(shareConflict(shares('It joined all four pillars.'), shares('It joined three of the four pillars.'))?.rule, 'share');
    assert.equal(directionConflict(analyzeText('The deficit fell by 5.4%.').direction, analyzeText('The deficit rose by 5.4%.').direction)?.rule, 'direction');
  });
  it('holds a claimed change to the clause of a sentence it is about, where the clauses go both ways', () => {
    const sentence = analyzeText('Enrolments on swimming lessons rose to 1,210, and the waiting list for lessons fell from 34 to 12.');
    assert.equal(sentence.direction, undefined);
    const stated = (claim: string) => statedDirection(analyzeText(claim).terms, sentence);
    assert.equal(stated('Swimming lesson enrolments went down.'), 'up');
    assert.equal(stated('The waiting list got longer.'), 'down');
    assert.equal(stated('Lessons changed.'), undefined, 'a claim sharing as much with each clause is held to neither');
  });
});
