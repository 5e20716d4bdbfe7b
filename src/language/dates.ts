import * as chrono from 'chrono-node';
import { NUMBER_WORDS } from './lexicon.js';

/**
 * Calendar dates as far as a text states them: "13 February 2025" has a year, a month
 * and a day; "February 2025" a year and a month; "2024" only a year. chrono-node reads
 * the dates (day first, as in British and Indian writing); bare years, which it leaves
 * alone, are read here. Parts a text does not state stay unset, so "February 2025"
 * agrees with "13 February 2025" and differs from "January 2025".
 */
export interface DateValue {
  year?: number;
  month?: number;
  day?: number;
  /** A year written with the next ("2026/27", "2025–26"): a season or financial year starting in `year`. */
  split?: true;
  raw: string;
  start: number;
  end: number;
}

const ABSOLUTE = /\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|\b(?:1[89]|20)\d\d\b|\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b/i;

/** A fixed reference, so that nothing depends on today's date. */
const REFERENCE = new Date(2000, 0, 1);

/** A year as a text writes it, not inside a figure, a code or a range of other numbers. */
const YEAR = String.raw`(?<![\w.,$₹€£-])(1[89]\d\d|20\d\d)`;
const YEAR_END = String.raw`(?![\w-]|,\d)`;
const PLAIN_YEAR = new RegExp(YEAR + YEAR_END, 'g');
const A_YEAR = new RegExp(YEAR);

/** Whether a text writes a year ("1987", "31 March 2025", "2024/25"), not inside a figure or a code. */
export const writesYear = (text: string): boolean => A_YEAR.test(text);
/** "2026/27", "2025–26", "2024-2025": a year and the next, a season or financial year. */
const SPLIT_YEAR = new RegExp(String.raw`${YEAR}\s?[/–—-]\s?(\d\d(?:\d\d)?)${YEAR_END}`, 'g');

export function datesIn(text: string): DateValue[] {
  return readDates(text).dates;
}

/**
 * The calendar dates a text states, and the times it gives relative to when it is read
 * ("this year", "last month", "today"), from one reading by chrono-node. A relative time
 * has no figure or day's name in it: it names no date the documents could state, only the
 * reader's now.
 */
export function readDates(text: string): { dates: DateValue[]; relative: Array<{ start: number; end: number }> } {
  const out: DateValue[] = [];
  const relative: Array<{ start: number; end: number }> = [];
  for (const r of chrono.en.GB.parse(text, REFERENCE)) {
    // Only calendar dates as written; relative ones ("after three years") mean nothing out of context.
    if (!ABSOLUTE.test(r.text)) {
      if (!/\d/.test(r.text) && !r.text.split(/\s+/).some(isDayName)) relative.push({ start: r.index, end: r.index + r.text.length });
      continue;
    }
    for (const c of [r.start, r.end]) {
      if (!c) continue;
      const value: DateValue = { raw: r.text, start: r.index, end: r.index + r.text.length };
      // A year is one the text writes: chrono reads "in the year to September 2025" as a
      // span from 2001.
      const year = c.isCertain('year') ? c.get('year')! : undefined;
      if (year !== undefined && (r.text.includes(String(year)) || new RegExp(`(?<!\\d)${String(year).slice(2)}(?!\\d)`).test(r.text))) value.year = year;
      if (c.isCertain('month')) value.month = c.get('month')!;
      if (c.isCertain('day')) value.day = c.get('day')!;
      // Clock times alone ("at 8:00") are not dates.
      if (value.year !== undefined || value.month !== undefined) out.push(value);
    }
  }
  // A year inside a date already read is part of it.
  const taken = (at: number) => out.some((d) => d.start <= at && at < d.end);
  for (const m of text.matchAll(SPLIT_YEAR)) {
    const [first, second] = [Number(m[1]), Number(m[2]!.length === 2 ? m[1]!.slice(0, 2) + m[2] : m[2])];
    if (second !== first + 1 || taken(m.index)) continue;
    out.push({ year: first, split: true, raw: m[0], start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(PLAIN_YEAR)) {
    if (taken(m.index)) continue;
    out.push({ year: Number(m[1]), raw: m[0], start: m.index, end: m.index + m[0].length });
  }
  return { dates: out.sort((a, b) => a.start - b.start), relative };
}

/** The days' English names from Intl, by day number (0 is Sunday), in full or short. */
const dayNames = (weekday: 'long' | 'short'): string[] => [0, 1, 2, 3, 4, 5, 6].map((day) => new Intl.DateTimeFormat('en-GB', { weekday, timeZone: 'UTC' }).format(new Date(Date.UTC(2023, 0, 1 + day))));
export const WEEKDAY_NAMES: readonly string[] = dayNames('long');
export const weekdayName = (day: number): string => WEEKDAY_NAMES[day]!;
/** A day's full name in any case, or its short name with its capital. */
const FULL_DAY_NAMES = new RegExp(`\\b(?:${WEEKDAY_NAMES.join('|')})`, 'i');
const SHORT_DAY_NAMES = new RegExp(`\\b(?:${dayNames('short').join('|')})\\b`);
const DAY_WORD = new RegExp(`^(?:${WEEKDAY_NAMES.join('|')})s?$`, 'i');
/** Whether a word is a day's name, or its plural ("Sundays": every Sunday). */
export const isDayName = (word: string): boolean => DAY_WORD.test(word);

/**
 * The days of the week a text names, as day numbers (0 is Sunday): "on Wednesday",
 * "closed on Sundays", "Monday to Friday", "Mon–Fri", "Sunday 17 May". chrono-node reads
 * the names and the ranges it knows; a plural name means every such day and is read as
 * the singular, a short one counts only with its capital ("Sat", not "sat"), and two names
 * joined by "to", "until" or a dash are a range. "Weekdays" and "weekends" are the days
 * they stand for.
 */
export function weekdaysIn(text: string): Set<number> {
  const days = new Set<number>();
  // chrono is the slow part; most texts name no day at all.
  if (!FULL_DAY_NAMES.test(text) && !SHORT_DAY_NAMES.test(text) && !/\bweek(?:day|end)/i.test(text)) return days;
  // Same length, so that positions stay put.
  const singular = text.replace(/\b(\p{L}{3,}day)s\b/giu, '$1 ');
  const named: Array<{ day: number; start: number; end: number }> = [];
  for (const r of chrono.en.GB.parse(singular, REFERENCE)) {
    const first = r.start.get('weekday');
    if (first === null || !r.start.isCertain('weekday')) continue;
    // A short name is a day only with its capital: "Sat" is Saturday, "sat" and "sun" are words.
    if (!FULL_DAY_NAMES.test(r.text) && !SHORT_DAY_NAMES.test(r.text)) continue;
    const last = r.end?.isCertain('weekday') ? r.end.get('weekday')! : first;
    for (let d = first; ; d = (d + 1) % 7) {
      days.add(d);
      if (d === last) break;
    }
    named.push({ day: first, start: r.index, end: r.index + r.text.length });
  }
  for (let i = 1; i < named.length; i++) {
    const [a, b] = [named[i - 1]!, named[i]!];
    if (!/^\s*(?:to|until|till|through|[–—-])\s*$/i.test(singular.slice(a.end, b.start))) continue;
    for (let d = a.day; d !== b.day; d = (d + 1) % 7) days.add(d);
  }
  if (/\bweekdays?\b/i.test(text)) [1, 2, 3, 4, 5].forEach((d) => days.add(d));
  if (/\bweekends?\b/i.test(text)) [6, 0].forEach((d) => days.add(d));
  return days;
}

/**
 * Whether two dates can be the same: every part both state is equal. A split year holds
 * both its years ("2024" may be in 2023/24) but is another period than the next one.
 */
export function datesAgree(a: DateValue, b: DateValue): boolean {
  if (a.split !== b.split && a.year !== undefined && b.year !== undefined) {
    const [split, plain] = a.split ? [a, b] : [b, a];
    return plain.year === split.year || plain.year === split.year! + 1;
  }
  return (a.year === undefined || b.year === undefined || a.year === b.year) && (a.month === undefined || b.month === undefined || a.month === b.month) && (a.day === undefined || b.day === undefined || a.day === b.day);
}

/** Whether two dates state a common part (so that comparing them says something). */
export function datesComparable(a: DateValue, b: DateValue): boolean {
  return (a.year !== undefined && b.year !== undefined) || (a.month !== undefined && b.month !== undefined && (a.year === undefined || b.year === undefined || a.year === b.year));
}

/**
 * A time of day, in minutes after midnight, as written ("8:00", "6.30 pm", "18:30", "7 am",
 * "4:30 in the afternoon", "noon"). `eitherHalf`: written on a twelve-hour clock without
 * saying which half of the day ("closes at 4:30"), so it may be the afternoon's 16:30.
 */
export interface ClockTime {
  minutes: number;
  raw: string;
  eitherHalf?: boolean;
  /** Where the time is in the text it was read from. */
  start: number;
  end: number;
}

const CLOCK_TIME = /(?<![\d.:])(\d{1,2})(?:[:.](\d{2}))?\s*(a\.?m\.?|p\.?m\.?)?(?![\d:]|\.\d)/gi;
/** The half of the day named after a time: "4:30 in the afternoon", "9 at night". */
const HALF_AFTER = /^\s*(?:in the (morning)|in the (?:afternoon|evening)|at night|tonight)\b/i;
const HOUR_WORDS = Object.keys(NUMBER_WORDS).filter((w) => NUMBER_WORDS[w]! >= 1 && NUMBER_WORDS[w]! <= 12);
const HOUR_IN_WORDS = new RegExp(String.raw`\b(${HOUR_WORDS.join('|')})(\s+o['’]clock)?(?:\s*(a\.?m\.?|p\.?m\.?)(?![\p{L}]))?`, 'giu');
/** Minutes of a time said from the hour: "quarter past nine", "half past 8", "twenty to six". */
const PAST_OR_TO = new RegExp(String.raw`\b(?:a\s+)?(quarter|half|twenty-five|twenty|ten|five)\s+(past|to)\s+(${HOUR_WORDS.join('|')}|1[0-2]|[1-9])\b(?:\s*(a\.?m\.?|p\.?m\.?)(?![\p{L}]))?`, 'giu');
const MINUTES_SAID: Record<string, number> = { quarter: 15, half: 30, 'twenty-five': 25, twenty: 20, ten: 10, five: 5 };
const NAMED_TIMES: Array<[RegExp, number]> = [
  [/\b(?:noon|midday)\b/gi, 12 * 60],
  [/\bmidnight\b/gi, 0],
];

export function clockTimesIn(text: string): ClockTime[] {
  const out: ClockTime[] = [];
  // The hour of "quarter past nine" is no time of its own.
  const said = [...text.matchAll(PAST_OR_TO)];
  const inSaid = (at: number) => said.some((m) => m.index <= at && at < m.index + m[0].length);
  for (const m of said) {
    const { half, said: after } = dayHalf(m[4], text.slice(m.index + m[0].length));
    const hour = NUMBER_WORDS[m[3]!.toLowerCase()] ?? Number(m[3]);
    const offset = MINUTES_SAID[m[1]!.toLowerCase()]! * (m[2]!.toLowerCase() === 'past' ? 1 : -1);
    out.push({ minutes: (hours24(hour, half) * 60 + offset + 1440) % 1440, raw: (m[0] + after).trim(), ...(half ? {} : { eitherHalf: true }), start: m.index, end: m.index + m[0].length });
  }
  for (const m of text.matchAll(CLOCK_TIME)) {
    if (inSaid(m.index)) continue;
    const [raw, h, mm] = m;
    const { half, said } = dayHalf(m[3], text.slice(m.index + raw!.length));
    // A bare number is a time only with am/pm; "8:00" and "18.30" are times by their form.
    if (mm === undefined && !half) continue;
    // "6.30 pm" is a time; "12.50" alone is more likely an amount.
    if (mm !== undefined && !half && m[0].includes('.')) continue;
    if (Number(h) > 23 || Number(mm ?? 0) > 59) continue;
    const hours = hours24(Number(h), half);
    // "16:30" and "09:00" are on the 24-hour clock; "4:30" alone may be either half of the day.
    const eitherHalf = !half && hours >= 1 && hours <= 12 && !h!.startsWith('0');
    out.push({ minutes: hours * 60 + Number(mm ?? 0), raw: (raw! + said).trim(), ...(eitherHalf ? { eitherHalf } : {}), start: m.index, end: m.index + raw!.length });
  }
  for (const [pattern, minutes] of NAMED_TIMES) for (const m of text.matchAll(pattern)) out.push({ minutes, raw: m[0], start: m.index, end: m.index + m[0].length });
  // An hour in words is a time when the words after it say so: "eight in the morning",
  // "nine o'clock", "six pm".
  for (const m of text.matchAll(HOUR_IN_WORDS)) {
    if (inSaid(m.index)) continue;
    const { half, said } = dayHalf(m[3], text.slice(m.index + m[0].length));
    if (!half && !m[2]) continue;
    const hours = hours24(NUMBER_WORDS[m[1]!.toLowerCase()]!, half);
    out.push({ minutes: hours * 60, raw: (m[0] + said).trim(), ...(half ? {} : { eitherHalf: true }), start: m.index, end: m.index + m[0].length });
  }
  return out;
}

/** A time's half of the day: written onto it ("pm"), or said after it ("in the morning"), with the words that said it. */
function dayHalf(written: string | undefined, following: string): { half: string | undefined; said: string } {
  const after = written ? null : HALF_AFTER.exec(following);
  return { half: written ?? (after ? (after[1] ? 'am' : 'pm') : undefined), said: after?.[0] ?? '' };
}

/** An hour of the twelve-hour clock on the 24-hour clock, where its half of the day is known. */
function hours24(hours: number, half: string | undefined): number {
  if (!half) return hours;
  const pm = /^p/i.test(half);
  return pm && hours < 12 ? hours + 12 : !pm && hours === 12 ? 0 : hours;
}

/** Whether two times of day can be the same: equal, or equal on a twelve-hour clock when either leaves the half of the day unsaid. */
export function sameTime(a: ClockTime, b: ClockTime): boolean {
  return a.minutes === b.minutes || ((a.eitherHalf === true || b.eitherHalf === true) && a.minutes % 720 === b.minutes % 720);
}

/** A length of time, in days, as written ("six weeks", "12 months", "one year", "90 days"). */
export interface Duration {
  days: number;
  raw: string;
  start: number;
  end: number;
}

const UNIT_DAYS: Record<string, number> = { minute: 1 / 1440, min: 1 / 1440, hour: 1 / 24, hr: 1 / 24, day: 1, night: 1, week: 7, fortnight: 14, month: 365.25 / 12, year: 365.25, decade: 3652.5 };
const DURATION = new RegExp(String.raw`\b(\d+(?:\.\d+)?|half an?|an? couple of|a|an|one|${Object.keys(NUMBER_WORDS).join('|')})(?:[ -](${Object.keys(NUMBER_WORDS).join('|')}))?[ -](minute|min|hour|hr|day|night|week|fortnight|month|year|decade)s?\b`, 'gi');

const UNIT_WORD = '(?:minute|min|hour|hr|day|night|week|fortnight|month|year)';
/** What follows the amount of a rate: "a week", "per year", "in each month". */
const RATE_PER = new RegExp(String.raw`^\s*(?:in\s+)?(?:a|an|per|each|every)\s+${UNIT_WORD}\b`, 'i');
/** What precedes the "a week" of a rate: "two days in", "three hours". */
const RATE_BEFORE = new RegExp(String.raw`\b${UNIT_WORD}s?\s+(?:in\s+)?$`, 'i');

/** The amount a duration's words give: "a dozen" is 12, "half a" is 0.5, "twenty five" is 25. */
function amountOf(word: string, more: string | undefined): number {
  const w = word.replace(/\s+/g, ' ');
  if (w.startsWith('half ')) return 0.5;
  if (w.endsWith(' couple of')) return 2;
  // "a dozen days": the article counts one of what follows.
  if (w === 'a' || w === 'an') return more ? (NUMBER_WORDS[more] ?? NaN) : 1;
  return (NUMBER_WORDS[w] ?? NaN) + (more ? (NUMBER_WORDS[more] ?? 0) : 0);
}

export function durationsIn(text: string): Duration[] {
  const out: Duration[] = [];
  for (const m of text.matchAll(DURATION)) {
    const [raw, amount, more, unit] = m;
    const word = amount!.toLowerCase();
    // Rates are not lengths of time: neither the "a year" of "27 days a year" (an "a"
    // counts only after "for", "within" and the like), nor the "two days" of "two days a
    // week" or "two days in a week", nor the "week" of "each week".
    // A length also comes before the words that place something in time ("a week beforehand").
    const placed = /^\s*(?:before(?:hand)?|earlier|later|ago|in advance|early|late|long|old)\b/i.test(text.slice(m.index + raw!.length));
    if ((word === 'a' || word === 'an') && !more && !placed && !/\b(?:for|within|after|over|in|lasting|up to|about|nearly|almost|than)\s*$/i.test(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    if (/\b(?:per|each|every)\s*$/i.test(text.slice(Math.max(0, m.index - 8), m.index))) continue;
    if (RATE_PER.test(text.slice(m.index + raw!.length))) continue;
    // …and not the "a week" of "two days in a week", the other half of the same rate.
    if ((word === 'a' || word === 'an') && RATE_BEFORE.test(text.slice(Math.max(0, m.index - 40), m.index))) continue;
    const value = /^\d/.test(word) ? Number(word) : amountOf(word, more?.toLowerCase());
    if (!Number.isFinite(value)) continue;
    out.push({ days: value * UNIT_DAYS[unit!.toLowerCase()]!, raw: raw!, start: m.index, end: m.index + raw!.length });
  }
  return out;
}

/**
 * Whether two lengths of time measure the same sort of thing: hours and minutes (how long
 * something takes) or days and longer (how long something lasts), not one of each.
 */
export function durationsComparable(a: Duration, b: Duration): boolean {
  return a.days >= 1 === b.days >= 1;
}

/** Two lengths of time are the same within 5% ("twelve months" and "one year"). */
export function durationsAgree(a: Duration, b: Duration): boolean {
  return Math.abs(a.days - b.days) <= 0.05 * Math.max(a.days, b.days);
}
