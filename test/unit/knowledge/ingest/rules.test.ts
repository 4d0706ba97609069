import { describe, expect, it } from 'vitest';
import { blockedAddressReason } from '../../../../src/knowledge/ingest/address-policy.ts';
import { extractDocument } from '../../../../src/knowledge/ingest/extract.ts';
import { cleanParagraphs, isFurnitureLine } from '../../../../src/knowledge/furniture.ts';
import { guessKind, parseDate } from '../../../../src/knowledge/ingest/text-rules.ts';

describe('address policy', () => {
  it.each([
    '127.0.0.1', '127.255.255.254', '10.0.0.1', '172.16.0.1', '172.31.255.255', '192.168.0.1', '169.254.169.254', '100.64.0.1',
    '100.127.255.255', '0.0.0.0', '224.0.0.251', '239.255.255.250', '255.255.255.255', '198.18.0.1', '192.0.2.1',
    '::', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::a9fe:a9fe', '2002:c0a8:0101::1',
    'fc00::1', 'fd00:ec2::254', 'fe80::1', 'fe80::1%eth0', 'ff02::1', '2001:db8::1', '::127.0.0.1', '[::1]',
  ])('blocks %s', (address) => {
    expect(blockedAddressReason(address)).toBeDefined();
  });

  it.each(['93.184.215.14', '8.8.8.8', '151.101.0.81', '172.32.0.1', '100.128.0.1', '2606:4700::6810:84e5', '::ffff:8.8.8.8', '2a00:1450:4009:81f::200e'])(
    'allows public %s',
    (address) => {
      expect(blockedAddressReason(address)).toBeUndefined();
    },
  );

  it('refuses things that are not IP addresses', () => {
    expect(blockedAddressReason('localhost')).toBeDefined();
    expect(blockedAddressReason('')).toBeDefined();
  });
});

describe('dates', () => {
  it.each([
    ['Friday, 7th January 2022', '2022-01-07'],
    ['7 January 2022', '2022-01-07'],
    ['January 7, 2022', '2022-01-07'],
    ['23 July 2024, 06:12 BST', '2024-07-23'],
    ['2024-07-23T05:12:45.000Z', '2024-07-23'],
    ['2023-11-14T23:30:00-05:00', '2023-11-14'],
    ['July 2024', '2024-07'],
    ['2024-07', '2024-07'],
    ['07/01/2022', '2022-01-07'],
    ['D:20240722093000Z', '2024-07-22'],
  ])('parses %s', (text, expected) => {
    expect(parseDate(text, { whole: true })).toBe(expected);
  });

  it('rejects impossible dates and prose in whole mode', () => {
    expect(parseDate('31 February 2024')).toBeUndefined();
    expect(parseDate('Inspection dates: 3 to 7 June 2024', { whole: true })).toBeUndefined();
  });
});

describe('furniture lines', () => {
  it.each([
    'Image source, Getty Images',
    'Image caption, Parents say they have struggled to get support',
    'Published',
    'Published 3 hours ago',
    'Published Friday, 7th January 2022',
    'Last updated: 12 March 2024',
    'Share this page',
    'Share',
    'Follow BBC Hereford & Worcester on Facebook, X and Instagram. Send your story ideas to hereford.worcester@bbc.co.uk',
    'Send your story ideas to hereford.worcester@bbc.co.uk',
    'Try out and test our new website!',
    'This is a new service – your feedback will help us to improve it.',
    'We use cookies to make this site work',
    'Accept all cookies',
    'Skip to main content',
    'Home > News > Education',
    'The BBC is not responsible for the content of external sites.',
    '© Crown copyright',
    '|',
  ])('drops %s', (line) => {
    expect(isFurnitureLine(line)).toBe(true);
  });

  it.each([
    'Published in 2023, the report found that children waited too long for assessments.',
    'Shared care arrangements are being reviewed.',
    'Parents said the service had improved since the inspection.',
    'Follow-up visits will take place in the spring.',
    'The report was published on 7 January 2022 by Ofsted.',
  ])('keeps prose: %s', (line) => {
    expect(isFurnitureLine(line)).toBe(false);
  });

  it('drops the headline, related-story blocks and link labels, and keeps the Published date', () => {
    const result = cleanParagraphs(
      [
        'A headline',
        'Published 23 July 2024',
        'The first paragraph mentions a report (opens in a new window) and more.',
        'More on this story',
        '- Another story',
        '- Yet another story',
        'Related topics',
      ],
      { title: 'A headline' },
    );
    expect(result).toEqual({
      paragraphs: ['The first paragraph mentions a report and more.'],
      published: '2024-07-23',
      publishedLine: 'Published 23 July 2024',
    });
  });
});

describe('kind', () => {
  it('guesses from the source', () => {
    expect(guessKind({ title: 'Area SEND inspection of Worcestershire', format: 'pdf' })).toBe('inspection-report');
    expect(guessKind({ title: 'Written statement of action', format: 'pdf' })).toBe('action-plan');
    expect(guessKind({ title: 'Update', paragraphs: ['Dear parents,'], format: 'pdf' })).toBe('letter');
    expect(guessKind({ title: 'Council responds', format: 'html', url: 'https://www.worcestershire.gov.uk/news/x' })).toBe('press-release');
    expect(guessKind({ title: 'Families wait', format: 'html', ogType: 'article', publisher: 'BBC News' })).toBe('news');
    expect(guessKind({ title: 'Local offer', format: 'html' })).toBe('other');
  });
});

describe('HTML furniture rules are structural, not per-site', () => {
  it('removes GOV.UK-style furniture: phase banner, breadcrumbs, aside, screen-reader text, feedback', async () => {
    const html = `<!doctype html><html><head><title>Guidance - GOV.UK</title><meta property="og:site_name" content="GOV.UK"></head><body>
      <div class="govuk-phase-banner"><p><strong class="govuk-tag">Beta</strong> This is a new service – your <a href="/f">feedback</a> will help us to improve it.</p></div>
      <div class="govuk-breadcrumbs"><ol><li><a href="/">Home</a></li><li><a href="/education">Education</a></li></ol></div>
      <main id="content" role="main">
        <h1 class="govuk-heading-xl">SEND: guide for parents</h1>
        <p class="govuk-body-s">Published 4 March 2025</p>
        <div class="govuk-govspeak">
          <p>This guide explains how local area SEND inspections work and what they mean for families.</p>
          <p>Inspectors from Ofsted and CQC evaluate how well the local area partnership meets the needs of children and young people with SEND<span class="govuk-visually-hidden"> (special educational needs and disabilities)</span>.</p>
          <p>Read the <a href="/framework" rel="external">inspection framework (opens in new tab)</a> for the full details of what inspectors look at.</p>
        </div>
        <aside class="gem-c-contextual-sidebar"><h2>Related content</h2><p>Children with special educational needs and disabilities (SEND): a short description of related guidance.</p></aside>
        <div class="gem-c-feedback"><p>Is this page useful?</p><p>Help us improve GOV.UK</p></div>
      </main>
      <footer class="govuk-footer"><p>All content is available under the Open Government Licence v3.0, except where otherwise stated</p></footer>
    </body></html>`;
    const draft = await extractDocument({ body: Buffer.from(html), contentType: 'text/html', url: 'https://www.gov.uk/guidance/send-guide' });
    expect(draft).toMatchObject({ title: 'SEND: guide for parents', publisher: 'GOV.UK', proposed: { published: { value: '2025-03-04', from: 'the text says "Published 4 March 2025"' } } });
    expect(draft.paragraphs).toEqual([
      'This guide explains how local area SEND inspections work and what they mean for families.',
      'Inspectors from Ofsted and CQC evaluate how well the local area partnership meets the needs of children and young people with SEND.',
      'Read the inspection framework for the full details of what inspectors look at.',
    ]);
  });

  it('keeps data tables (also inside <figure class="table">) as rows, and drops image figures', async () => {
    const html = `<html><head><title>Waiting times</title></head><body><main><h1>Waiting times</h1>
      <p>The table below shows how long families waited for an education, health and care needs assessment in each quarter of the year.</p>
      <p>Waiting times have fallen in each quarter since the inspection, but remain longer than the statutory limit of 20 weeks.</p>
      <figure class="image"><img src="chart.png" alt="Bar chart"><figcaption>Image: waiting times chart</figcaption></figure>
      <figure class="table"><table><thead><tr><th>Quarter</th><th>Weeks</th></tr></thead><tbody><tr><td>April to June</td><td>24</td></tr><tr><td>July to September</td><td>21</td></tr></tbody></table><figcaption>Table 1</figcaption></figure>
    </main></body></html>`;
    const draft = await extractDocument({ body: Buffer.from(html), contentType: 'text/html' });
    expect(draft.paragraphs).toEqual([
      'The table below shows how long families waited for an education, health and care needs assessment in each quarter of the year.',
      'Waiting times have fallen in each quarter since the inspection, but remain longer than the statutory limit of 20 weeks.',
      'Quarter | Weeks',
      'April to June | 24',
      'July to September | 21',
    ]);
  });

  it('drops the visible <h1> headline even when the metadata headline differs', async () => {
    const ld = JSON.stringify({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'SEND services: council responds to Ofsted', datePublished: '2024-08-01' });
    const html = `<html><head><script type="application/ld+json">${ld}</script></head><body><main><article>
      <h1>Council says sorry to families after damning SEND report</h1>
      <p>The council has apologised to families after inspectors found serious weaknesses in support for children with special educational needs.</p>
      <p>Its chief executive said a new plan would be published in the autumn, with progress reported to families every three months.</p>
    </article></main></body></html>`;
    const draft = await extractDocument({ body: Buffer.from(html), contentType: 'text/html' });
    expect(draft.title).toBe('SEND services: council responds to Ofsted');
    expect(draft.published).toBe('2024-08-01');
    expect(draft.paragraphs).toHaveLength(2);
    expect(draft.paragraphs.join(' ')).not.toContain('damning SEND report');
  });

  it('falls back to <time datetime> for the date, skipping "updated" times', async () => {
    const html = `<html><head><title>Short breaks review</title></head><body><main><article>
      <header><h1>Short breaks review</h1><p>Updated <time datetime="2024-06-30T09:00:00Z">30 June</time></p><p><time datetime="2024-05-02T10:00:00+01:00">2 May</time></p></header>
      <p>The council is reviewing short breaks for disabled children and wants to hear from families who use them or would like to.</p>
      <p>A survey is open until the end of June, and drop-in sessions will be held at libraries across the county during May.</p>
    </article></main></body></html>`;
    const draft = await extractDocument({ body: Buffer.from(html), contentType: 'text/html' });
    expect(draft.published).toBe('2024-05-02');
    expect(draft.paragraphs).toHaveLength(2);
  });
});
