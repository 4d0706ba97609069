/**
 * Proposing events at import (src/knowledge/events.ts) and editing a file's events (file-format.ts):
 * dates read from the text, absolute and relative to the source's published date; every proposal on
 * the eleven growth articles, each checked by reading the article; validation naming the field.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { editEvents, keepEvents, proposeEvents } from '../../../src/knowledge/events.ts';
import { parseEventSpec, setEvents, toKnowledgeFile } from '../../../src/knowledge/file-format.ts';
import { isStoreError, StoreError } from '../../../src/knowledge/errors.ts';
import { parseKnowledgeFile } from '../../../src/knowledge/parse.ts';
import { GROWTH_DIR, growthIndex } from '../../../eval/grown/pages.ts';

const brief = (paragraphs: string[], published: string) => proposeEvents(paragraphs, published).map(({ date, end, label, status }) => ({ date, ...(end && { end }), label, status }));

describe('proposeEvents: absolute dates', () => {
  it('reads a month with its year, a day range, and a bare year', () => {
    expect(brief(['In April 2024, Ofsted and the CQC conducted an inspection of the partnership.'], '2025-03')).toEqual([
      { date: '2024-04', label: 'Inspection by Ofsted and the CQC', status: 'done' },
    ]);
    expect(brief(['Following the 3-day inspection that took place between 1-3 November 2021, inspectors reported progress.'], '2022-01-07')).toEqual([
      { date: '2021-11-01', end: '2021-11-03', label: 'Inspection', status: 'done' },
    ]);
    expect(brief(['Parents said things were worse since failing inspections back in 2018.'], '2025-05-15')).toEqual([{ date: '2018', label: 'Inspection', status: 'done' }]);
  });

  it('gives a month without a year the year the tense says: the last one in the past, the next one ahead', () => {
    expect(brief(['Work was done following the inspection in March.'], '2018-07')).toEqual([{ date: '2018-03', label: 'Inspection', status: 'done' }]);
    expect(brief(['Inspectors examined services in November.'], '2022-01-07')).toEqual([{ date: '2021-11', label: 'Inspection', status: 'done' }]);
    expect(brief(['A monitoring visit is expected in March.'], '2024-09')).toEqual([{ date: '2025-03', label: 'Monitoring inspection due', status: 'due' }]);
    expect(brief(['In August last year, the council and partners launched a SEND Improvement Plan.'], '2019-07-08')).toEqual([
      { date: '2018-08', label: 'Improvement plan launched', status: 'done' },
    ]);
  });

  it('dates the step nearest the date when a sentence names several', () => {
    expect(brief(['MPs say an improvement plan produced in response to July\u2019s \u2018inadequate\u2019 Ofsted report \u201cwon\u2019t work\u201d.'], '2024-09')).toEqual([
      { date: '2024-07', label: 'Report published by Ofsted', status: 'done' },
    ]);
  });

  it('proposes nothing for a date without a step, a step without a date, or a date that bounds a period', () => {
    expect(brief(['She applied for an EHCP for her son in July.'], '2018-12-20')).toEqual([]);
    expect(brief(['Regular reviews by the Department of Education are part of a plan.'], '2023-10')).toEqual([]);
    expect(brief(['They approved the new strategy which will run until 2021.'], '2018-02')).toEqual([]);
    expect(brief(['Relationships have got worse since April, a survey of the last six months found.'], '2023-10')).toEqual([]);
  });

  it('proposes nothing without a published month to resolve dates against', () => {
    expect(proposeEvents(['In April 2024, Ofsted carried out an inspection.'], '2025')).toEqual([]);
  });
});

describe('proposeEvents: relative dates, resolved against the published date', () => {
  it('"within 18 months", "within three years", "next week" and a season', () => {
    expect(brief(['A monitoring inspection will be carried out within 18 months.'], '2024-07')).toEqual([
      { date: '2026-01', label: 'Monitoring inspection due', status: 'due' },
    ]);
    expect(brief(['Ofsted and the CQC will carry out a full inspection within three years.'], '2024-07')).toEqual([
      { date: '2027', label: 'Inspection due by Ofsted and the CQC', status: 'due' },
    ]);
    expect(brief(['The full report is to be published next week by Ofsted.'], '2022-01-07')).toEqual([
      { date: '2022-01', label: 'Report due to be published by Ofsted', status: 'due' },
    ]);
    expect(brief(['The revised improvement plan will be submitted by spring 2026.'], '2025-09')).toEqual([
      { date: '2026-03', label: 'Improvement plan due to be submitted', status: 'due' },
    ]);
  });
});

/**
 * Every event proposed for the growth articles, checked by reading each article (../shared/growth):
 * all 9 are right (precision 9/9). What is missed is listed in the report: undated steps (04's
 * strategy approved, 07's plan put forward to the Department for Education, 06's DfE reviews).
 */
const GROWTH_EXPECTED: Record<string, string[]> = {
  '01-worcester-news-send-plan-progress.txt': ['2018-03|Inspection|done'],
  '02-worcester-news-ehcp-failings.txt': [],
  '03-council-one-year-improvement-plan.txt': ['2018-08|Improvement plan launched|done', '2018-03|Inspection by Ofsted and the CQC|done'],
  '04-ludlow-advertiser-send-strategy.txt': [],
  '05-bbc-weakness-special-education.txt': ['2021-11|Inspection by Ofsted and the CQC|done', '2022-01|Report due to be published by Ofsted and the CQC|due'],
  '06-bromsgrove-advertiser-send-families-relationship.txt': [],
  '07-evesham-journal-improvement-plan-wont-work.txt': ['2024-07|Report published by Ofsted|done'],
  '08-bbc-parents-demand-improvements.txt': ['2018|Inspection|done'],
  '09-council-send-services-new-structure.txt': [],
  '10-lib-dems-send-schools-strategy.txt': ['2024-04|Inspection by Ofsted|done'],
  '11-healthwatch-ehcp-survey-report.txt': ['2024-04|Inspection by Ofsted and the CQC|done'],
};

describe('proposeEvents on the eleven growth articles', () => {
  for (const entry of growthIndex()) {
    it(entry.file, () => {
      const paragraphs = readFileSync(`${GROWTH_DIR}${entry.file}`, 'utf8').split(/\n+/).map((l) => l.trim()).filter(Boolean);
      // A year-only date (two of the pages) is given a month, as a moderator must for `kb add`.
      const published = entry.published.length === 4 ? `${entry.published}-06` : entry.published;
      const found = proposeEvents(paragraphs, published);
      expect(found.map((e) => `${e.date}|${e.label}|${e.status}`)).toEqual(GROWTH_EXPECTED[entry.file]);
      for (const e of found) expect(paragraphs.join(' ')).toContain(e.evidence);
    });
  }
});

const FILE = toKnowledgeFile({
  id: 'x-2024-report',
  title: 'A report',
  publisher: 'Example News',
  published: '2024-07',
  url: 'https://example.org/a',
  kind: 'news',
  paragraphs: ['In April 2024, Ofsted and the CQC inspected the partnership.', 'A monitoring inspection will be carried out within 18 months.'],
});

describe('keeping and editing events', () => {
  it('keepEvents writes the kept events into the front matter, in date order, and the file loads with them', () => {
    const proposed = proposeEvents(['A monitoring inspection will be carried out within 18 months.', 'In April 2024, Ofsted and the CQC inspected the partnership.'], '2024-07');
    const kept = keepEvents({ file: 'x-2024-report.md', markdown: FILE }, proposed);
    const parsed = parseKnowledgeFile('x-2024-report.md', kept.markdown);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(parsed.source.meta.events).toEqual([
      { date: '2024-04', label: 'Inspection by Ofsted and the CQC', status: 'done' },
      { date: '2026-01', label: 'Monitoring inspection due', status: 'due' },
    ]);
    expect(kept.markdown.endsWith(FILE.slice(FILE.indexOf('\n---\n')))).toBe(true);
    expect(keepEvents({ file: 'x.md', markdown: FILE }, []).markdown).toBe(FILE);
  });

  it('parseEventSpec reads DATE|LABEL[|status] and names the field at fault', () => {
    expect(parseEventSpec('2026-01|Monitoring inspection|due')).toEqual({ date: '2026-01', label: 'Monitoring inspection', status: 'due' });
    expect(parseEventSpec(' 2021-11-01..2021-11-03 | Revisit ')).toEqual({ date: '2021-11-01', end: '2021-11-03', label: 'Revisit', status: 'done' });
    const fields = (spec: string): string[] => {
      try {
        parseEventSpec(spec);
      } catch (e) {
        if (isStoreError(e)) return (e.issues ?? []).map((i) => i.field);
        throw e;
      }
      return [];
    };
    expect(fields('January 2026|Monitoring inspection')).toEqual(['event.date']);
    expect(fields('2026-13|Monitoring inspection')).toEqual(['event.date']);
    expect(fields('2026-01')).toEqual(['event.label']);
    expect(fields('2026-01|Monitoring|later')).toEqual(['event.status']);
    expect(fields('2026-01||soon')).toEqual(['event.label', 'event.status']);
    expect(() => parseEventSpec('2026-01|x|due|more')).toThrow(StoreError);
  });

  it('editEvents removes by date (or date and label) and adds, refusing an unknown or ambiguous removal', () => {
    const withTwo = setEvents(FILE, [
      { date: '2024-04', label: 'Inspection', status: 'done' },
      { date: '2024-04', label: 'Report published', status: 'done' },
    ]);
    const edited = editEvents(withTwo, 'x.md', { remove: ['2024-04|report PUBLISHED'], add: ['2026-01|Monitoring inspection|due'] });
    expect(edited.after).toEqual([
      { date: '2024-04', label: 'Inspection', status: 'done' },
      { date: '2026-01', label: 'Monitoring inspection', status: 'due' },
    ]);
    expect(edited.before).toHaveLength(2);
    expect(() => editEvents(withTwo, 'x.md', { remove: ['2024-04'] })).toThrow(/remove-event: "2024-04" matches 2 events/);
    expect(() => editEvents(withTwo, 'x.md', { remove: ['2019'] })).toThrow(/remove-event: no event matches "2019"/);
    const all = editEvents(setEvents(FILE, [{ date: '2024-04', label: 'Inspection', status: 'done' }]), 'x.md', { remove: ['2024-04'] });
    expect(all.markdown).toBe(FILE); // the last event removed: the key goes
  });
});
