/**
 * Issue 13's import fixtures: each growth article (../shared/growth/, never copied) wrapped in its
 * publisher's realistic page (test/fixtures/sites/: a local newspaper, the council with its cookie
 * banner, breadcrumbs, "Was this page helpful?", download and related links, the BBC, a party's news
 * page, a report library), and a multi-page PDF report with numbered headings, running headers and
 * footers and page numbers, imported as `kb add` imports them and read back as the loader reads the
 * knowledge file. Headings become sections (never passages), list items keep their lead-in, no link
 * label, button or site chrome is stored, and the events the text reports are proposed with the right
 * dates.
 */
import { describe, expect, it } from 'vitest';
import { bodyHtml, growthIndex, growthText, sitePage, type GrowthEntry } from '../../../../eval/grown/pages.ts';
import type { Source } from '../../../../src/core/types.ts';
import { proposeEvents } from '../../../../src/knowledge/events.ts';
import { toKnowledgeFile } from '../../../../src/knowledge/file-format.ts';
import { importFromUpload, type DraftSource } from '../../../../src/knowledge/ingest/index.ts';
import { parseKnowledgeFile } from '../../../../src/knowledge/parse.ts';
import { layoutPage, makePdf } from './make-pdf.ts';

const growth = (prefix: string): GrowthEntry => {
  const entry = growthIndex().find((e) => e.file.startsWith(prefix));
  if (!entry) throw new Error(`no growth article ${prefix}`);
  return entry;
};

/** The knowledge file `kb add` would write for a draft, read back by the loader. */
function stored(draft: DraftSource, entry: GrowthEntry): Source {
  const published = draft.published ?? draft.proposed?.published?.value ?? (entry.published.length === 4 ? `${entry.published}-01` : entry.published);
  const markdown = toKnowledgeFile({ id: 'imported', title: draft.title, publisher: draft.publisher ?? entry.publisher, published, url: draft.url ?? entry.url, kind: draft.kind, paragraphs: draft.paragraphs });
  const parsed = parseKnowledgeFile('imported.md', markdown);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return parsed.source;
}

/** Text compared without quote styles, list markers or spacing. */
const norm = (s: string): string => s.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/^\s*[•\u2022-]\s*/gm, '').replace(/\s+/g, ' ').trim();

/** The <h2> headings the page puts in the article's body (short lines of the text without punctuation). */
const bodyHeadings = (entry: GrowthEntry): string[] => [...bodyHtml(growthText(entry), entry.title).matchAll(/<h2>([^<]*)<\/h2>/g)].map((m) => (m[1] ?? '').replace(/&amp;/g, '&').replace(/&#39;|&quot;/g, (q) => (q === '&quot;' ? '"' : "'")));

describe('growth articles imported from their site pages', () => {
  const entries = growthIndex().map((e) => [e.file, e] as const);

  it.each(entries)('%s: every stored passage is the article\'s own words (no link label, button or site chrome)', async (_file, entry) => {
    const source = stored(await importFromUpload({ body: Buffer.from(sitePage(entry)), filename: 'page.html' }), entry);
    const article = norm(growthText(entry));
    expect(source.passages.length).toBeGreaterThan(2);
    for (const p of source.passages) {
      expect(article, p.text).toContain(norm(p.text));
      expect(p.text).not.toMatch(/^(?:READ MORE|Download|Read more|Contact us|Share|Published\b|Was this page helpful)/i);
    }
  });

  it('a BBC page: its pictures\' captions are <figcaption>s, and no caption is stored as a passage', async () => {
    const entry = growth('08-');
    const html = sitePage(entry);
    const captions = [...html.matchAll(/<figcaption>([^<]*)<\/figcaption>/g)].map((m) => norm(m[1] ?? ''));
    expect(captions).toContain('Parents Susan Tracey and Dawn Style joined the meeting');
    const source = stored(await importFromUpload({ body: Buffer.from(html), filename: 'page.html' }), entry);
    for (const p of source.passages) expect(captions, p.text).not.toContain(norm(p.text));
  });

  it.each(entries)('%s: the page\'s headings are sections, never passages', async (_file, entry) => {
    const source = stored(await importFromUpload({ body: Buffer.from(sitePage(entry)), filename: 'page.html' }), entry);
    const headings = new Set(bodyHeadings(entry).map(norm));
    for (const p of source.passages) expect(headings.has(norm(p.text)), p.text).toBe(false);
    for (const section of new Set(source.passages.map((p) => p.section).filter((s): s is string => s !== undefined))) expect(headings.has(norm(section)), section).toBe(true);
  });

  it('a report library page: the passages under "Key findings" have it as their section', async () => {
    const entry = growth('11-');
    const source = stored(await importFromUpload({ body: Buffer.from(sitePage(entry)), filename: 'page.html' }), entry);
    const findings = source.passages.filter((p) => p.section === 'Key findings').map((p) => p.text.split(':')[0]);
    expect(findings).toEqual(['Delays in the EHCP process', 'Capacity issues in health services', 'Poor quality of EHCPs and annual reviews', 'Communication breakdowns', expect.stringMatching(/^The report sets out 7 recommendations/)]);
  });

  it('a council page: the items of a list with a bare lead-in keep it, with the sentence before the list', async () => {
    const entry = growth('09-');
    const source = stored(await importFromUpload({ body: Buffer.from(sitePage(entry)), filename: 'page.html' }), entry);
    const items = source.passages.filter((p) => p.kind === 'bullet');
    expect(items.map((p) => p.text.slice(0, 30))).toEqual(['An increase in staff recruited', 'The creation of new Pre-14 and', 'The introduction of a Postcode']);
    for (const item of items) expect(item.listContext).toMatch(/^These changes are not about cutting costs .* Key changes include$/);
  });

  it.each([
    ['03-', [['2018-08', 'Improvement plan launched', 'done'], ['2018-03', 'Inspection by Ofsted and the CQC', 'done']]],
    ['05-', [['2021-11', 'Inspection by Ofsted and the CQC', 'done'], ['2022-01', 'Report due to be published by Ofsted and the CQC', 'due']]],
    ['07-', [['2024-07', 'Report published by Ofsted', 'done']]],
  ])('growth %s: the events its text reports are proposed with the right dates', async (prefix, expected) => {
    const entry = growth(prefix);
    const source = stored(await importFromUpload({ body: Buffer.from(sitePage(entry)), filename: 'page.html' }), entry);
    const events = proposeEvents(source.passages.map((p) => p.text), source.meta.published);
    expect(events.map((e) => [e.date, e.label, e.status])).toEqual(expected);
  });
});

/** Naive word wrap at about 90 characters, as a word processor sets 11pt text on A4. */
function wrap(text: string, width = 90): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

describe('a multi-page PDF report with numbered headings, running headers and footers and page numbers', () => {
  // Healthwatch's EHCP survey report (growth 11) as the PDF its library page links to.
  const entry = growth('11-');
  const lines = growthText(entry).split('\n').filter((l) => l.trim() !== '');
  // The archived text breaks off after "564 people. T": the report's paragraph ends at its last full stop.
  const intro = (lines.find((l) => l.startsWith('Healthwatch Worcestershire wanted')) ?? '').replace(/(?<=\.) T$/, '');
  const findings = lines.filter((l) => /^(Delays|Capacity|Poor quality|Communication)/.test(l));
  const recommendations = lines.find((l) => l.startsWith('The report sets out')) ?? '';
  const header = 'Healthwatch Worcestershire | EHCP Survey Report';
  const pdf = makePdf({
    title: 'EHCP Survey Report',
    author: 'Healthwatch Worcestershire',
    creationDate: 'D:20250115093000Z',
    pages: [
      layoutPage([{ lines: ['EHCP Survey Report'], size: 18 }, { lines: ['1. Introduction'], size: 11, gapBefore: 16 }, { lines: wrap(intro), gapBefore: 8 }], { header, footer: 'Page 1 of 3' }),
      layoutPage([{ lines: ['2. Key findings'], size: 11 }, ...findings.map((f, i) => ({ lines: wrap(f), gapBefore: i === 0 ? 8 : 10 }))], { header, footer: 'Page 2 of 3' }),
      layoutPage([{ lines: ['3. Recommendations'], size: 11 }, { lines: wrap(recommendations), gapBefore: 8 }], { header, footer: 'Page 3 of 3' }),
    ],
  });

  it('stores the sections under their numbered headings, and no header, footer or page number', async () => {
    const draft = await importFromUpload({ body: pdf, filename: 'ehcp-survey-report.pdf' });
    const source = stored(draft, entry);
    expect(source.passages.map((p) => [p.section, p.text.slice(0, 28)])).toEqual([
      ['1. Introduction', 'Healthwatch Worcestershire w'],
      ['2. Key findings', 'Delays in the EHCP process: '],
      ['2. Key findings', 'Capacity issues in health se'],
      ['2. Key findings', 'Poor quality of EHCPs and an'],
      ['2. Key findings', 'Communication breakdowns: Pa'],
      ['3. Recommendations', 'The report sets out 7 recomm'],
    ]);
    expect(source.body).not.toMatch(/Page \d of 3|Healthwatch Worcestershire \| EHCP/);
    expect(proposeEvents(source.passages.map((p) => p.text), source.meta.published).map((e) => [e.date, e.label])).toEqual([['2024-04', 'Inspection by Ofsted and the CQC']]);
  });
});
