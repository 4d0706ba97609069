import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestError } from '../../../../src/knowledge/ingest/errors.ts';
import type { IngestErrorCode } from '../../../../src/knowledge/ingest/errors.ts';
import { extractDocument } from '../../../../src/knowledge/ingest/extract.ts';
import type { DraftSource } from '../../../../src/knowledge/ingest/types.ts';
import { importFromUpload, importFromUrl } from '../../../../src/knowledge/ingest/index.ts';
import { DOCX_BYTES, PNG_BYTES, fixture, startFixtureServer } from './fixture-server.ts';
import type { FixtureServer } from './fixture-server.ts';
import { layoutPage, makePdf, sampleInspectionReport } from './make-pdf.ts';

let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
});

afterAll(async () => {
  await server.close();
});

// The fixture server listens on 127.0.0.1, so these fetches must allow private addresses.
const local = { allowPrivate: true } as const;

async function expectIngestError(promise: Promise<unknown>, code: IngestErrorCode): Promise<IngestError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(IngestError);
    const ingest = error as IngestError;
    expect(ingest.code, ingest.message).toBe(code);
    return ingest;
  }
  throw new Error(`expected an IngestError with code ${code}, but the call succeeded`);
}

function allText(draft: DraftSource): string {
  return draft.paragraphs.join('\n');
}

function expectNoneOf(draft: DraftSource, furniture: string[]): void {
  const text = allText(draft);
  for (const phrase of furniture) expect(text, `furniture "${phrase}" left in the body`).not.toContain(phrase);
}

describe('HTML: council news page', () => {
  let draft: DraftSource;
  beforeAll(async () => {
    draft = await importFromUrl(`${server.baseUrl}/council-news`, local);
  });

  it('keeps the article paragraphs and list verbatim, in order', () => {
    expect(draft.paragraphs).toEqual([
      'Inspectors from Ofsted and the Care Quality Commission have found that the local area has made sufficient progress in addressing three of the five areas of significant weakness identified at the joint inspection in 2018.',
      'The revisit, which took place in November 2021, looked at how well education, health and care services work together to support children and young people with special educational needs and disabilities (SEND) in Worcestershire.',
      'Inspectors found that leaders now have a more accurate understanding of the strengths and weaknesses of the local area, and that:',
      '- the quality of education, health and care plans has improved;',
      '- parents and carers are more involved in decisions about services;',
      '- waiting times for some health assessments remain too long.',
      'Councillor Jane Smith, Cabinet Member for Education, said: "We are pleased that inspectors have recognised the hard work of everyone involved. We know there is still more to do, particularly on waiting times, and we are determined to keep improving."',
      'The local area will continue to be monitored by the Department for Education and NHS England until the remaining two areas of weakness are addressed.',
    ]);
  });

  it('drops banner, navigation, breadcrumbs, cookie notice, Published line, share links and footer', () => {
    expectNoneOf(draft, [
      'Try out and test our new website',
      'Skip to main content',
      'Cookies on',
      'essential cookies',
      'Accept additional cookies',
      'Council services',
      'Home',
      'Published',
      'Friday, 7th January 2022',
      'Share this page',
      'Facebook',
      'Twitter',
      'Related pages',
      'SEND Local Offer',
      'Was this page useful',
      'Accessibility',
      '©',
      'Progress on SEND improvement plan welcomed by inspectors',
    ]);
  });

  it('reads the metadata', () => {
    expect(draft).toMatchObject({
      title: 'Progress on SEND improvement plan welcomed by inspectors',
      publisher: 'Worcestershire County Council',
      // The page states its date only in its text: proposed, for the moderator to confirm.
      proposed: { published: { value: '2022-01-07', from: expect.stringMatching(/^the text says "Published/) as unknown } },
      url: 'https://www.worcestershire.gov.uk/news/progress-send-improvement-plan-welcomed-inspectors',
      kind: 'press-release',
    });
  });

  it('handles a gzip-encoded response the same way', async () => {
    const gz = await importFromUrl(`${server.baseUrl}/gzip`, local);
    expect(gz.paragraphs).toEqual(draft.paragraphs);
  });
});

describe('HTML: BBC-style news article', () => {
  let draft: DraftSource;
  beforeAll(async () => {
    draft = await importFromUrl(`${server.baseUrl}/bbc`, local);
  });

  it('keeps the article text verbatim without link labels', () => {
    expect(draft.paragraphs).toEqual([
      'Inspectors have told a council and health leaders they must act urgently to improve support for children with special educational needs and disabilities (SEND).',
      'Ofsted and the Care Quality Commission (CQC) published a report on Tuesday which found "widespread and systemic failings" in how services in Worcestershire work together.',
      'The inspectors said many families faced long waits for assessments and that the local offer was hard to navigate.',
      "## 'Exhausting and frightening'",
      'One mother, who asked not to be named, said the process of getting an education, health and care plan for her son had been "exhausting and frightening".',
      '"You feel like you are fighting everyone, all of the time," she said.',
      'The report identified areas for improvement, including:',
      '- the time taken to complete plans',
      '- communication with parents and carers',
      '- access to speech and language therapy',
      'Worcestershire County Council said it accepted the findings and would publish an improvement plan within 70 working days.',
    ]);
  });

  it('drops the headline, image credits and captions, Published lines, related stories and footers', () => {
    expectNoneOf(draft, [
      'Inspectors demand action on special needs care',
      'Image source',
      'Getty Images',
      'Image caption',
      'Parents say their children have waited years',
      'A boy sits at a desk',
      'Published',
      ', external',
      'Follow BBC',
      'Send your story ideas',
      'More on this story',
      "Families 'let down'",
      'Related internet links',
      'not responsible for the content of external sites',
      'Related topics',
      'Top stories',
      'Skip to content',
      'iPlayer',
      'Hereford & Worcester',
    ]);
  });

  it('reads the metadata', () => {
    expect(draft).toMatchObject({
      title: 'Inspectors demand action on special needs care',
      publisher: 'BBC News',
      published: '2024-07-23',
      url: 'https://www.bbc.co.uk/news/articles/cne4ledn3kpo',
      kind: 'news',
    });
  });
});

describe('HTML: page with JSON-LD metadata', () => {
  let draft: DraftSource;
  beforeAll(async () => {
    draft = await importFromUrl(`${server.baseUrl}/jsonld`, local);
  });

  it('prefers JSON-LD headline, datePublished, publisher (resolved by @id) and mainEntityOfPage', () => {
    expect(draft).toMatchObject({
      title: "Parents' group says SEND transport changes 'will hurt families'",
      publisher: 'Worcester News',
      published: '2023-11-14',
      url: 'https://www.worcesternews.co.uk/news/23581234.parents-group-says-send-transport-changes-will-hurt-families/',
      kind: 'news',
    });
  });

  it('extracts the story without sidebar, ads, share bar, comments or newsletter promos', () => {
    expect(draft.paragraphs).toEqual([
      'A parents\' group has warned that proposed changes to school transport for children with special educational needs will leave some families unable to get their children to school.',
      'The county council is consulting on plans to replace some taxi routes with shared minibuses and personal travel budgets.',
      'A spokesperson for the parent carer forum said: "Many of our children cannot cope with long journeys or changes to routine. We want the council to listen to families before it makes any decisions."',
      "The council said the changes were needed to make the service sustainable and that every child's needs would be assessed individually.",
      'The consultation closes on December 12.',
    ]);
    expectNoneOf(draft, ['Advertisement', 'Picture:', 'Most read', 'newsletter', 'Comments', 'Copy link', 'Subscribe', 'By Sam Jones']);
  });
});

describe('HTML: uploads and edge cases', () => {
  it('extracts an uploaded HTML file and takes its URL from the canonical link', async () => {
    const draft = await importFromUpload({ body: fixture('bbc-article.html'), filename: 'article.html' });
    expect(draft.url).toBe('https://www.bbc.co.uk/news/articles/cne4ledn3kpo');
    expect(draft.paragraphs).toHaveLength(11);
  });

  it('decodes a windows-1252 page declared in a meta tag', async () => {
    const html = `<html><head><meta charset="windows-1252"><title>Caf\u00e9 news</title></head><body><main><h1>Caf\u00e9 news</h1><p>${'The caf\u00e9 \u2013 run by parents \u2013 opened today. '.repeat(8)}</p></main></body></html>`;
    const body = Buffer.from(html.replace('\u2013', '\u0096').replace(/\u2013/g, '\u0096'), 'latin1');
    const draft = await extractDocument({ body, contentType: 'text/html' });
    expect(draft.paragraphs[0]).toContain('The caf\u00e9 \u2013 run by parents \u2013 opened today.');
  });

  it("refuses a page with no article ('no-article')", async () => {
    const error = await expectIngestError(importFromUrl(`${server.baseUrl}/no-article`, local), 'no-article');
    expect(error.message).toContain('/no-article');
  });
});

describe('PDF', () => {
  it('re-flows a report into paragraphs and drops running headers, footers and page numbers', async () => {
    const draft = await importFromUrl(`${server.baseUrl}/report.pdf`, local);
    expect(draft.paragraphs).toEqual([
      'Inspection dates: 3 to 7 June 2024',
      'Dates of previous inspection: 13 to 17 March 2023',
      '## Inspection outcome',
      'The local area partnership\u2019s special educational needs and/or disabilities (SEND) arrangements lead to inconsistent experiences and outcomes for children and young people with SEND. The local area partnership must work jointly to make improvements.',
      'The next full area SEND inspection will be within approximately three years. Ofsted and the Care Quality Commission (CQC) ask that the local area partnership updates and publishes its strategic plan based on the recommendations set out in this report.',
      '## Areas for improvement',
      'Leaders should make sure that education, health and care plans are completed within the statutory timescales.',
      '- Waiting times for speech and language therapy are too long.',
      '- Parents and carers do not always know who to contact for help.',
      '- Transitions between schools and into adult services are not planned early enough for many young people, and families say they are told about changes too late.',
      'Leaders have started to address these weaknesses, but it is too early to see the impact of their work on the experiences of children and young people.',
      '## Local area partnership details',
      'The local area partnership is responsible for the planning and commissioning of SEND services across Worcestershire, working with schools and health providers.',
    ]);
    expectNoneOf(draft, ['Page 1', 'Page 2 of 3', 'Area SEND inspection: Worcestershire Local Area Partnership']);
  });

  it('reads title, publisher and date from the document information', async () => {
    const draft = await importFromUrl(`${server.baseUrl}/report.pdf`, local);
    expect(draft).toMatchObject({
      title: 'Area SEND inspection of Worcestershire Local Area Partnership',
      publisher: 'Ofsted',
      published: '2024-07-22',
      url: `${server.baseUrl}/report.pdf`,
      kind: 'inspection-report',
    });
  });

  it('recognises a PDF by its bytes when served as application/octet-stream', async () => {
    const draft = await importFromUrl(`${server.baseUrl}/download?id=7`, local);
    expect(draft.title).toBe('Area SEND inspection of Worcestershire Local Area Partnership');
  });

  it('takes the title from the first line when the PDF has none, and proposes a date line as the date', async () => {
    const pdf = makePdf({
      title: 'Microsoft Word - letter_final_v3.docx',
      pages: [
        layoutPage([
          { lines: ['Letter to parents about the SEND inspection'], size: 16 },
          { lines: ['14 August 2024'], gapBefore: 12 },
          { lines: ['Dear parents and carers,'], gapBefore: 12 },
          {
            lines: [
              'I am writing to tell you about the outcome of the recent inspection of special',
              'educational needs services in Worcestershire, which was published today.',
            ],
            gapBefore: 8,
          },
          {
            lines: [
              'We will share our improvement plan with you in the autumn and we will hold drop-in',
              'sessions for families in every district.',
            ],
          },
        ]),
      ],
    });
    const draft = await importFromUpload({ body: pdf, filename: 'letter.pdf', contentType: 'application/pdf' });
    expect(draft).toMatchObject({ title: 'Letter to parents about the SEND inspection', kind: 'letter' });
    // A date in the text is a guess for the moderator to confirm, never saved as it is.
    expect(draft.published).toBeUndefined();
    expect(draft.proposed?.published).toEqual({ value: '2024-08-14', from: 'the text says "14 August 2024"' });
    expect(draft.paragraphs).toEqual([
      'Dear parents and carers,',
      'I am writing to tell you about the outcome of the recent inspection of special educational needs services in Worcestershire, which was published today.',
      'We will share our improvement plan with you in the autumn and we will hold drop-in sessions for families in every district.',
    ]);
  });

  it("refuses a PDF without a text layer ('no-article')", async () => {
    await expectIngestError(extractDocument({ body: makePdf({ pages: [[]] }), filename: 'scan.pdf' }), 'no-article');
  });

  it('refuses a damaged PDF', async () => {
    const broken = Buffer.from('%PDF-1.7\nthis is not really a pdf\n');
    await expectIngestError(extractDocument({ body: broken, filename: 'broken.pdf' }), 'unsupported-type');
  });

  it('does not detach or change the caller’s buffer', async () => {
    const pdf = sampleInspectionReport();
    const copy = Buffer.from(pdf);
    await extractDocument({ body: pdf });
    expect(pdf.equals(copy)).toBe(true);
  });
});

describe('Markdown and plain text', () => {
  it('keeps existing front matter and the body verbatim (markup removed)', async () => {
    const draft = await importFromUpload({ body: fixture('with-front-matter.md'), filename: 'with-front-matter.md' });
    expect(draft).toEqual({
      id: 'wcc-2023-send-strategy-update',
      title: 'SEND strategy: an update for families',
      publisher: 'Worcestershire Children First',
      published: '2023-03',
      url: 'https://www.worcestershire.gov.uk/send-strategy-update',
      kind: 'letter',
      paragraphs: [
        'Dear parents and carers,',
        'We are writing to let you know about the next steps in our SEND strategy, which sets out how we will improve support for children and young people over the next three years.',
        '- More specialist places in local schools.',
        '- Shorter waits for education, health and care needs assessments.',
        '- A new parent carer forum advisory group.',
        'Yours sincerely,',
        'The SEND Partnership Board',
      ],
    });
  });

  it('takes the title from the first heading and drops furniture lines when there is no front matter', async () => {
    const draft = await importFromUrl(`${server.baseUrl}/guide.md`, local);
    expect(draft.title).toBe('What the SEND inspection means for your child');
    // A date in the text is proposed, never saved unconfirmed.
    expect(draft.published).toBeUndefined();
    expect(draft.proposed?.published).toEqual({ value: '2024-03-14', from: 'the text says "Published 14 March 2024"' });
    expect(draft.url).toBe(`${server.baseUrl}/guide.md`);
    expect(draft.paragraphs).toEqual([
      'The local area SEND inspection looks at how well education, health and social care services work together for children and young people with special educational needs and disabilities.',
      'Inspectors talk to families, visit schools and read a sample of education, health and care plans before they write their report, which is published on the Ofsted website.',
      '## What happens next',
      'If inspectors find widespread or systemic failings, the local area must publish a plan that says how it will put things right.',
      '- Leaders must share the plan with families.',
      '- Progress is checked at a monitoring visit.',
    ]);
    expectNoneOf(draft, ['Try out', 'Image caption', 'reading.jpg', 'Share this page', 'Follow BBC', ', external', '**']);
  });

  it('reads a plain-text file: first line as title, wrapped lines joined, furniture dropped', async () => {
    const text = [
      'Update on the SEND written statement of action',
      '',
      'Published: 3 May 2022',
      '',
      'The local area has published its updated written statement of action, which sets',
      'out how leaders will tackle the weaknesses identified by inspectors.',
      '',
      '* Families will be told about progress every term.',
      '* A new SEND information line opens in June.',
      '',
      'Share this page',
    ].join('\n');
    const draft = await importFromUpload({ body: Buffer.from(text), filename: 'update.txt', contentType: 'text/plain' });
    expect(draft.title).toBe('Update on the SEND written statement of action');
    expect(draft.published).toBeUndefined();
    expect(draft.proposed?.published?.value).toBe('2022-05-03');
    expect(draft.kind).toBe('action-plan');
    expect(draft.paragraphs).toEqual([
      'The local area has published its updated written statement of action, which sets out how leaders will tackle the weaknesses identified by inspectors.',
      '- Families will be told about progress every term.',
      '- A new SEND information line opens in June.',
    ]);
  });
});

describe('type detection failures', () => {
  it("refuses PNG bytes served as text/html ('binary')", async () => {
    const error = await expectIngestError(importFromUrl(`${server.baseUrl}/png-as-html`, local), 'binary');
    expect(error.message).toContain('PNG');
  });

  it("refuses an uploaded binary file with no useful type ('binary')", async () => {
    await expectIngestError(importFromUpload({ body: PNG_BYTES, filename: 'upload', contentType: 'application/octet-stream' }), 'binary');
    await expectIngestError(importFromUpload({ body: Buffer.from([0x00, 0x01, 0x02, 0x03, 0x10, 0x11]) }), 'binary');
  });

  it.each([
    ['an image served as image/png', '/image.png'],
    ['a Word document', '/report.docx'],
  ])("refuses %s ('unsupported-type')", async (_label, path) => {
    await expectIngestError(importFromUrl(`${server.baseUrl}${path}`, local), 'unsupported-type');
  });

  it.each([
    [{ body: DOCX_BYTES, filename: 'plan.docx' }],
    [{ body: Buffer.from('a,b\n1,2\n'), filename: 'data.csv' }],
    [{ body: Buffer.from('{"a":1}'), contentType: 'application/json' }],
    [{ body: Buffer.from('PK\u0003\u0004', 'latin1'), contentType: 'application/zip' }],
    [{ body: PNG_BYTES, filename: 'photo.jpg', contentType: 'image/jpeg' }],
  ])("refuses unsupported uploads ('unsupported-type') %#", async (upload) => {
    await expectIngestError(importFromUpload(upload), 'unsupported-type');
  });

  it('treats a .md upload served as text/plain as Markdown', async () => {
    const draft = await importFromUpload({ body: fixture('with-front-matter.md'), filename: 'x.md', contentType: 'text/plain' });
    expect(draft.id).toBe('wcc-2023-send-strategy-update');
  });
});
