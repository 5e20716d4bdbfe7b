import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clockTimesIn, datesAgree, datesComparable, datesIn, durationsAgree, durationsIn, sameTime, weekdayName, weekdaysIn } from '../../src/language/dates.js';
import { agrees, parseQuantities } from '../../src/language/quantities.js';

const values = (text: string) => parseQuantities(text).map((q) => [q.value, q.kind, q.currency ?? null, q.hedge]);

describe('reading figures', () => {
  it('reads thousands separators, crore and lakh, and currency signs or words', () => {
    assert.deepEqual(values('₹1,500 crore'), [[1.5e10, 'money', 'INR', 'exact']]);
    assert.deepEqual(values('12,648 crore rupees'), [[1.2648e11, 'money', 'INR', 'exact']]);
    assert.deepEqual(values('3.3 lakh students'), [[330000, 'number', null, 'exact']]);
    assert.deepEqual(values('£45 per day'), [[45, 'money', 'GBP', 'exact']]);
    assert.deepEqual(values('20p a day, up to £3.00'), [[0.2, 'money', 'GBP', 'exact'], [3, 'money', 'GBP', 'atMost']], 'pence are written onto the figure');
    assert.deepEqual(values('records in 1080p'), [], 'a figure of more than two digits with a "p" is no sum in pence');
  });
  it('reads percentages, years, number words and hedges', () => {
    assert.deepEqual(values('rose 5.4% in 2024'), [[5.4, 'percent', null, 'exact'], [2024, 'year', null, 'exact']]);
    assert.deepEqual(values('twenty-five members'), [[25, 'number', null, 'exact']]);
    assert.deepEqual(values('twice every 12 days'), [[2, 'number', null, 'exact'], [12, 'number', null, 'exact']], '"twice" is a count of times');
    assert.deepEqual(parseQuantities('renewed up to three times a year').map((q) => q.raw), ['three times'], '…and so is "three times": the word belongs to the figure');
    assert.deepEqual(values('nearly 70%'), [[70, 'percent', null, 'atMost']]);
    assert.deepEqual(values('more than 300 firms'), [[300, 'number', null, 'atLeast']]);
    assert.deepEqual(values('more than half of its exports'), [[50, 'percent', null, 'atLeast']], 'a fraction of something is a share');
    assert.deepEqual(values('two thirds of members'), [[66.7, 'percent', null, 'about']], 'said in words, a fraction is a round figure');
    assert.deepEqual(values('half an hour'), [], 'not a share without "of"');
    assert.deepEqual(values('membership fell by about a quarter'), [[25, 'percent', null, 'about']], '…or "by": a change by a fraction');
    assert.deepEqual(values('nine in ten residents'), [[90, 'percent', null, 'about']], 'a count out of a count is a share');
    assert.deepEqual(values('3 out of 4 members'), [[75, 'percent', null, 'exact']]);
    assert.deepEqual(values('5 in 10 minutes'), [[5, 'number', null, 'exact'], [10, 'number', null, 'exact']], 'not a share of a length of time');
  });
  it('does not read names, codes, identifying numbers or clock times as amounts', () => {
    assert.deepEqual(values('F-35 jets, MQ-9B, G20, the KX-200 and 5G'), []);
    assert.deepEqual(values('Building 7, Room 304, extension 4411 and Question No. 1679'), []);
    assert.deepEqual(values('call 01632 960000'), []);
    assert.deepEqual(values('opens at 8:00 and closes at 6.30 pm'), []);
    assert.deepEqual(values('Building 7 has 12 floors'), [[12, 'number', null, 'exact']]);
    assert.deepEqual(values('firmware version 2.0.1 and section 4.2.3'), [], 'no part of a dotted number is a figure');
    assert.deepEqual(values('the budget for 1998–99'), [[1998, 'year', null, 'exact']], 'the end of a span of years written short is no count');
    assert.deepEqual(values('pages 10–20'), [[10, 'number', null, 'exact'], [20, 'number', null, 'exact']]);
  });
  it('compares figures with their hedges', () => {
    const q = (t: string) => parseQuantities(t)[0]!;
    assert.equal(agrees(q('12,648 crore rupees'), q('₹12,648 crore')), true);
    assert.equal(agrees(q('70%'), q('nearly 70%')), true);
    assert.equal(agrees(q('nearly 90%'), q('nearly 70%')), false);
    assert.equal(agrees(q('over 300'), q('350')), true);
    assert.equal(agrees(q('about a third of them'), q('32%')), true);
    assert.equal(agrees(q('more than half of exports'), q('21.9%')), false);
    assert.equal(agrees(q('nearly nine in ten of them'), q('87%')), true);
    assert.equal(agrees(q('one in five homes'), q('48%')), false);
  });
});

describe('reading dates, times of day and lengths of time', () => {
  it('reads calendar dates with the parts they state', () => {
    const [d] = datesIn('launched on 13 February 2025');
    assert.deepEqual([d!.year, d!.month, d!.day], [2025, 2, 13]);
    assert.deepEqual(datesIn('answered on 13/03/2025').map((x) => [x.year, x.month, x.day]), [[2025, 3, 13]]);
    assert.deepEqual(datesIn('established in 2005').map((x) => x.year), [2005]);
    assert.deepEqual(datesIn('after three years of service'), [], 'a relative expression is not a date');
    assert.deepEqual(datesIn('in the year to September 2025').map((x) => [x.year, x.month]), [[2025, 9]], 'no year the text does not write');
    assert.deepEqual(datesIn('on 3/4/25').map((x) => x.year), [2025]);
  });
  it('agrees where every stated part is equal', () => {
    const [a] = datesIn('in February 2025');
    const [b] = datesIn('on 13 February 2025');
    const [c] = datesIn('in January 2025');
    assert.equal(datesAgree(a!, b!), true);
    assert.equal(datesAgree(a!, c!), false);
  });
  it('reads a year written with the next ("2026/27", "2025–26") as one season, which holds both years but is not the next season', () => {
    const [season] = datesIn('the 2026/27 season');
    assert.deepEqual([season!.year, season!.split], [2026, true]);
    assert.deepEqual(datesIn('up on 2025–26 and on 2024-2025').map((x) => [x.year, x.split]), [[2025, true], [2024, true]]);
    assert.deepEqual(datesIn('from 2019-2023'), [], 'two years apart are a span of years, not a season');
    const [next] = datesIn('for 2027/28');
    assert.equal(datesComparable(season!, next!), true);
    assert.equal(datesAgree(season!, next!), false);
    assert.equal(datesAgree(season!, datesIn('in 2027')[0]!), true);
    assert.equal(datesAgree(season!, datesIn('on 31 March 2027')[0]!), true, 'the text does not say where its season starts');
    assert.equal(datesAgree(season!, datesIn('in 2025')[0]!), false);
  });
  it('reads clock times in either style', () => {
    assert.deepEqual(clockTimesIn('open from 7:30 am to 7:00 pm').map((t) => t.minutes), [450, 1140]);
    assert.deepEqual(clockTimesIn('between 10:00 and 15:30').map((t) => t.minutes), [600, 930]);
    assert.deepEqual(clockTimesIn('closes at 6.30 pm').map((t) => t.minutes), [1110]);
    assert.deepEqual(clockTimesIn('costs 12.50 and 5.4%'), [], 'a decimal is not a time');
    assert.deepEqual(clockTimesIn('closes at 4:30 in the afternoon').map((t) => t.minutes), [990]);
    assert.deepEqual(clockTimesIn('from 9 in the morning').map((t) => t.minutes), [540]);
    assert.deepEqual(clockTimesIn('the desk shuts at noon').map((t) => t.minutes), [720]);
    assert.deepEqual(clockTimesIn('slots open at eight in the morning, and close at six pm').map((t) => t.minutes), [480, 1080], 'an hour in words is a time when the words after it say so');
    assert.deepEqual(clockTimesIn('eight apples'), []);
    assert.deepEqual(values('slots open at eight in the morning'), [], '…and not a count');
  });
  it('takes a time without am or pm to be either half of the day, unless it is on the 24-hour clock', () => {
    const [afternoon] = clockTimesIn('closed at 16:30');
    const [unsaid] = clockTimesIn('closes at 4:30');
    const [early] = clockTimesIn('leaves at 04:30');
    assert.equal(sameTime(unsaid!, afternoon!), true);
    assert.equal(sameTime(early!, afternoon!), false);
    assert.equal(sameTime(clockTimesIn('at 4:30 am')[0]!, afternoon!), false);
  });
  it('reads the days of the week a text names, with plurals, ranges, weekdays and weekends', () => {
    const days = (text: string) => [...weekdaysIn(text)].sort().map(weekdayName);
    assert.deepEqual(days('The race was held on Sunday 17 May.'), ['Sunday']);
    assert.deepEqual(days('The gym is closed on Sundays.'), ['Sunday']);
    assert.deepEqual(days('Reception is open Monday to Friday, 9am to 5pm.'), ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday']);
    assert.deepEqual(days('open Fri–Mon'), ['Sunday', 'Monday', 'Friday', 'Saturday']);
    assert.deepEqual(days('Study rooms are open at weekends.'), ['Sunday', 'Saturday']);
    // A short name is a day only with its capital: these are words.
    assert.deepEqual(days('I sat in the midday sun.'), []);
  });
  it('reads lengths of time and knows twelve months from one year', () => {
    const [a] = durationsIn('guaranteed for twelve months');
    const [b] = durationsIn('covered for one year');
    const [c] = durationsIn('a sabbatical of eight weeks');
    assert.equal(durationsAgree(a!, b!), true);
    assert.equal(c!.days, 56);
    assert.deepEqual(durationsIn('27 days of holiday a year').map((d) => d.raw), ['27 days'], 'the "a year" of a rate is not a length');
  });
  it('reads a rate the same however it is worded, and never as lengths of time', () => {
    for (const rate of ['two days a week', 'two days in a week', 'two days per week', 'two days each week', 'two days in every week', 'three hours every day']) {
      assert.deepEqual(durationsIn(`Staff may work from home for up to ${rate}.`), [], rate);
    }
    assert.deepEqual(durationsIn('The parcel arrives in a week.').map((d) => d.days), [7], 'a length on its own is still one');
    assert.deepEqual(durationsIn('after half a decade, a couple of weeks or a dozen days').map((d) => d.days), [1826.25, 14, 12], 'halves, couples and dozens');
    assert.deepEqual(durationsIn('half an hour').map((d) => d.days * 24), [0.5]);
    assert.deepEqual(durationsIn('called off a week beforehand').map((d) => d.raw), ['a week'], 'a length that places something in time');
  });
});
