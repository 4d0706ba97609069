import { describe, expect, it } from 'vitest';
import { asksFuture, compareDates, formatDate, isAfter, isoDate, isPublishedDate, mentionsDate, mentionsFuture, mentionsTime, parsePartialDate } from '../../../src/core/dates.ts';
import { words } from '../../../src/core/text.ts';

describe('parsePartialDate', () => {
  it('reads a full date, a month and a year', () => {
    expect(parsePartialDate('2022-01-07')).toEqual({ year: 2022, month: 1, day: 7 });
    expect(parsePartialDate('2024-07')).toEqual({ year: 2024, month: 7 });
    expect(parsePartialDate('2018')).toEqual({ year: 2018 });
  });

  it('rejects days that do not exist in their month', () => {
    expect(parsePartialDate('2023-02-30')).toBeUndefined();
    expect(parsePartialDate('2023-02-29')).toBeUndefined(); // 2023 is not a leap year
    expect(parsePartialDate('2023-04-31')).toBeUndefined();
    expect(parsePartialDate('2023-01-00')).toBeUndefined();
    expect(parsePartialDate('2023-01-32')).toBeUndefined();
  });

  it('accepts 29 February in a leap year and the last day of each month', () => {
    expect(parsePartialDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parsePartialDate('2000-02-29')).toEqual({ year: 2000, month: 2, day: 29 });
    expect(parsePartialDate('2100-02-29')).toBeUndefined();
    expect(parsePartialDate('2023-12-31')).toEqual({ year: 2023, month: 12, day: 31 });
  });

  it('rejects months outside 1..12', () => {
    expect(parsePartialDate('2024-13')).toBeUndefined();
    expect(parsePartialDate('2024-00')).toBeUndefined();
    expect(parsePartialDate('2024-13-01')).toBeUndefined();
  });

  it.each(['July 2024', '7 January 2022', '2022/01/07', '2022-1-7', '22-01-07', '2022-01-07T10:00:00Z', ' 2022-01-07', '', 'today'])(
    'rejects %j (not YYYY, YYYY-MM or YYYY-MM-DD)',
    (value) => {
      expect(parsePartialDate(value)).toBeUndefined();
    },
  );
});

describe('formatDate', () => {
  it('writes dates the way a parent reads them', () => {
    expect(formatDate('2022-01-07')).toBe('7 January 2022');
    expect(formatDate('2024-07')).toBe('July 2024');
    expect(formatDate('2018')).toBe('2018');
    expect(formatDate('2021-11-03')).toBe('3 November 2021');
    expect(formatDate('2026-12-25')).toBe('25 December 2026');
  });

  it('returns what it cannot parse unchanged, including dates that do not exist', () => {
    expect(formatDate('2023-02-30')).toBe('2023-02-30');
    expect(formatDate('July 2024')).toBe('July 2024');
    expect(formatDate('2024-13')).toBe('2024-13');
  });
});

describe('compareDates', () => {
  it('orders by date, a less precise date before a more precise one in the same period', () => {
    const dates = ['2024-07', '2018', '2022-01-07', '2024', '2021-11-03', '2024-07-01'];
    expect([...dates].sort(compareDates)).toEqual(['2018', '2021-11-03', '2022-01-07', '2024', '2024-07', '2024-07-01']);
    expect(compareDates('2022-01-07', '2022-01-07')).toBe(0);
    expect(compareDates('2024-07', '2022-01-07')).toBeGreaterThan(0);
  });
});

describe('mentionsTime', () => {
  it.each(['following an inspection in April', 'carried out within 18 months', 'the 3-day inspection', 'Two years ago, families', 'published next week', 'in 2018', 'in May 2023', 'on 3 May'])(
    'finds a time in %s',
    (t) => expect(mentionsTime(t)).toBe(true),
  );
  it.each(['children may wait', 'a mayor said', 'two-yearly reviews', 'waiting times are long'])('finds none in %s', (t) => expect(mentionsTime(t)).toBe(false));
});

describe('mentionsDate', () => {
  it('finds an event by its month, or by its year when that is all that is known', () => {
    expect(mentionsDate('an inspection of the partnership in April.', '2024-04')).toBe(true);
    expect(mentionsDate('between 1-3 November 2021', '2021-11-01')).toBe(true);
    expect(mentionsDate('the initial inspection in 2018', '2018')).toBe(true);
  });
  it('does not take a month beside another year, the verb "may", or another month for the event', () => {
    expect(mentionsDate('carried out in May 2023', '2024-05')).toBe(false);
    expect(mentionsDate('children may wait', '2024-05')).toBe(false);
    expect(mentionsDate('last July', '2024-04')).toBe(false);
    expect(mentionsDate('in 2019', '2018')).toBe(false);
    expect(mentionsDate('in April', 'not a date')).toBe(false);
  });
});

describe('isPublishedDate', () => {
  it('accepts YYYY-MM-DD and YYYY-MM that exist', () => {
    for (const d of ['2022-01-07', '2024-07', '2024-02-29']) expect(isPublishedDate(d), d).toBe(true);
  });

  it('refuses a year alone, other shapes, and dates that do not exist', () => {
    for (const d of ['2024', '2023-02-29', '2024-13', '2024-7-1', '07/01/2022', '2022-01-07T00:00', '']) expect(isPublishedDate(d), d).toBe(false);
  });
});

describe('isoDate', () => {
  it('writes a date from its numbers, padded', () => {
    expect(isoDate(2022, 1, 7)).toBe('2022-01-07');
    expect(isoDate(2024, 7)).toBe('2024-07');
  });

  it('is undefined for a month or day that does not exist', () => {
    expect(isoDate(2023, 2, 29)).toBeUndefined();
    expect(isoDate(2024, 13)).toBeUndefined();
    expect(isoDate(2024, 0, 1)).toBeUndefined();
  });
});

describe('isAfter', () => {
  it('compares at the precision both dates are known to', () => {
    expect(isAfter('2024-07', '2022-01-07')).toBe(true);
    expect(isAfter('2024-07-15', '2024-07')).toBe(false);
    expect(isAfter('2022', '2024-01')).toBe(false);
  });
});

describe('the future: a "when" question about what will happen, and passages that say it', () => {
  it.each(['when is the next inspection', 'another inspection coming?? when', 'when will ofsted be back', 'wen is it due'])('"%s" asks about the future', (q) => {
    expect(asksFuture(words(q))).toBe(true);
  });

  it.each(['when was the last inspection', 'when did the council launch the plan'])('"%s" does not', (q) => {
    expect(asksFuture(words(q))).toBe(false);
  });

  it.each(['A monitoring inspection will be carried out within 18 months.', 'The report is due to be published next week.', 'Ofsted will return next year.'])('"%s" says what will happen', (t) => {
    expect(mentionsFuture(t)).toBe(true);
  });

  it.each(['The inspection in April 2024 found failings.', 'It took 18 months to get a plan.'])('"%s" does not', (t) => {
    expect(mentionsFuture(t)).toBe(false);
  });
});

