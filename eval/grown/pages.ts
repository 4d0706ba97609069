/**
 * The growth articles (../shared/growth/) as their publishers' web pages: each text wrapped, word
 * for word, in its site's template (test/fixtures/sites/), with its metadata where such a site
 * puts it, and varied as real sites vary: JSON-LD on the BBC, og: tags on the papers, a generic
 * <title> and only a "Published ..." line on an older council page, no date at all on some.
 *
 * Used by the grown evaluation (eval/grown/build.ts) and by import tests (issue 13).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Where the growth articles live (shared with the other worktrees; never copied or edited). */
export const GROWTH_DIR = fileURLToPath(new URL('../../../shared/growth/', import.meta.url));
const SITES_DIR = fileURLToPath(new URL('../../test/fixtures/sites/', import.meta.url));

/** One entry of growth/index.json. */
export interface GrowthEntry {
  file: string;
  url: string;
  title: string;
  publisher: string;
  /** YYYY-MM-DD, YYYY-MM or YYYY. */
  published: string;
  publishedBasis: string;
  truncated: boolean;
}

export type Template = 'newsquest' | 'council' | 'bbc' | 'libdems' | 'healthwatch';

/** How one article's page carries its metadata. */
export interface PageVariant {
  template: Template;
  /** The <title>; default "<headline> | <publisher>". */
  docTitle?: string;
  /** og:title and og:site_name meta tags (default true). */
  openGraph?: boolean;
  /** A <link rel="canonical"> to the article's address (default true). */
  canonical?: boolean;
  /** article:published_time meta tag with this value. */
  metaDate?: string;
  /** A JSON-LD NewsArticle with headline, datePublished (this value) and publisher. */
  jsonLdDate?: string;
  /** A visible <time datetime> with this value. */
  timeDate?: string;
  /** A visible date in plain text only (no machine-readable date). */
  textDate?: string;
}

/**
 * Each article's page. Dates that are only approximate in index.json ("Approximate: the text gives
 * no date") are left off the page: a moderator types them, as with `kb add --published`.
 */
export const VARIANTS: Readonly<Record<string, PageVariant>> = {
  '01-worcester-news-send-plan-progress.txt': { template: 'newsquest' },
  '02-worcester-news-ehcp-failings.txt': { template: 'newsquest', metaDate: '2018-12-20T06:00:00+00:00', timeDate: '2018-12-20T06:00:00+00:00' },
  // An old council page: a generic <title>, no og: tags, the date only in the text ("Published Monday, 8th July 2019").
  '03-council-one-year-improvement-plan.txt': { template: 'council', docTitle: 'Latest news | Worcestershire County Council', openGraph: false },
  '04-ludlow-advertiser-send-strategy.txt': { template: 'newsquest' },
  '05-bbc-weakness-special-education.txt': { template: 'bbc', jsonLdDate: '2022-01-07T06:12:31.000Z', timeDate: '2022-01-07T06:12:31.000Z' },
  '06-bromsgrove-advertiser-send-families-relationship.txt': { template: 'newsquest' },
  '07-evesham-journal-improvement-plan-wont-work.txt': { template: 'newsquest', canonical: false },
  '08-bbc-parents-demand-improvements.txt': { template: 'bbc', jsonLdDate: '2025-05-15T05:02:11.000Z' },
  // The council's newer site: "Authored on" with the date missing.
  '09-council-send-services-new-structure.txt': { template: 'council' },
  '10-lib-dems-send-schools-strategy.txt': { template: 'libdems', metaDate: '2026-02-25' },
  '11-healthwatch-ehcp-survey-report.txt': { template: 'healthwatch', docTitle: 'EHCP Survey Report | Healthwatch Worcestershire' },
};

/** growth/index.json. */
export function growthIndex(): GrowthEntry[] {
  return JSON.parse(readFileSync(`${GROWTH_DIR}index.json`, 'utf8')) as GrowthEntry[];
}

/** A growth article's text, exactly as stored. */
export function growthText(entry: GrowthEntry): string {
  return readFileSync(`${GROWTH_DIR}${entry.file}`, 'utf8');
}

const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A short line with no closing punctuation ("'Complex needs'", "Key findings") reads as a heading. */
const looksLikeHeading = (line: string): boolean => line.length <= 40 && !/[.,:;!?"”)]$/.test(line) && !/^\d/.test(line);

/**
 * On a page whose pictures carry captions (the BBC's), a picture shows in the copied text as a line
 * on its own after a blank line or an "Image caption," label, longer than a heading and with no
 * closing punctuation: its caption, which the page marks up as <figcaption>.
 */
const isCaption = (line: string, after: string): boolean => (after === '' || /^Image caption,?$/.test(after)) && line.length > 40 && !/[.,:;!?"”)]$/.test(line);

/**
 * The article's text as HTML: one element per line, every word kept. The headline, when the text
 * starts with it, becomes the page's <h1> (it is not repeated). Bulleted lines ("  • ...") become
 * a list, heading-like lines <h2>, "READ MORE: ..." lines a link, everything else <p>.
 */
export function bodyHtml(text: string, title: string, options: { captions?: boolean } = {}): string {
  const lines = text.split('\n').map((l) => l.trimEnd());
  if (lines[0]?.trim() === title) lines.shift();
  const out: string[] = [];
  let list: string[] = [];
  const flush = (): void => {
    if (list.length) out.push(`<ul>\n${list.map((li) => `  <li>${escapeHtml(li)}</li>`).join('\n')}\n</ul>`);
    list = [];
  };
  let previous = '';
  for (const raw of lines) {
    const after = previous;
    previous = raw.trim();
    const bullet = /^\s*[•\u2022]\s*(.*)$/.exec(raw);
    if (bullet) {
      list.push(bullet[1] ?? '');
      continue;
    }
    flush();
    const line = raw.trim();
    if (line === '') continue;
    const readMore = /^READ MORE: (.*)$/.exec(line);
    if (readMore) out.push(`<p>READ MORE: <a href="/news/related/">${escapeHtml(readMore[1] ?? '')}</a></p>`);
    else if (options.captions && isCaption(line, after)) out.push(`<figure><img src="/picture.jpg" alt=""><figcaption>${escapeHtml(line)}</figcaption></figure>`);
    else if (looksLikeHeading(line)) out.push(`<h2>${escapeHtml(line)}</h2>`);
    else out.push(`<p>${escapeHtml(line)}</p>`);
  }
  flush();
  return out.join('\n');
}

function headMeta(entry: GrowthEntry, v: PageVariant): string {
  const tags: string[] = [];
  if (v.canonical ?? true) tags.push(`<link rel="canonical" href="${escapeHtml(entry.url)}">`);
  if (v.openGraph ?? true) {
    tags.push(`<meta property="og:title" content="${escapeHtml(entry.title)}">`);
    tags.push(`<meta property="og:site_name" content="${escapeHtml(entry.publisher)}">`);
    tags.push('<meta property="og:type" content="article">');
  }
  if (v.metaDate) tags.push(`<meta property="article:published_time" content="${v.metaDate}">`);
  if (v.jsonLdDate) {
    const ld = {
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: entry.title,
      datePublished: v.jsonLdDate,
      publisher: { '@type': 'Organization', name: entry.publisher },
      mainEntityOfPage: entry.url,
    };
    tags.push(`<script type="application/ld+json">${JSON.stringify(ld)}</script>`);
  }
  return tags.join('\n');
}

function dateLine(v: PageVariant): string {
  if (v.timeDate) {
    const d = new Date(v.timeDate);
    const shown = d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
    return `<time datetime="${v.timeDate}">${shown}</time>`;
  }
  if (v.textDate) return `<p class="date">${escapeHtml(v.textDate)}</p>`;
  return '';
}

/** One growth article as its publisher's web page. */
export function sitePage(entry: GrowthEntry, text = growthText(entry)): string {
  const v = VARIANTS[entry.file];
  if (!v) throw new Error(`no page variant for ${entry.file}`);
  const template = readFileSync(`${SITES_DIR}${v.template}.html`, 'utf8');
  const fill: Record<string, string> = {
    DOC_TITLE: escapeHtml(v.docTitle ?? `${entry.title} | ${entry.publisher}`),
    HEAD_META: headMeta(entry, v),
    H1: escapeHtml(entry.title),
    DATE_LINE: dateLine(v),
    BODY: bodyHtml(text, entry.title, { captions: v.template === 'bbc' }),
    URL: encodeURIComponent(entry.url),
    SITE: escapeHtml(entry.publisher),
  };
  return template.replace(/\{\{([A-Z0-9_]+)\}\}/g, (m, key: string) => fill[key] ?? m);
}

/** Every growth article as a page: [path on a local server, entry, HTML]. */
export function sitePages(): { path: string; entry: GrowthEntry; html: string }[] {
  return growthIndex().map((entry) => ({ path: `/${entry.file.replace(/\.txt$/, '')}`, entry, html: sitePage(entry) }));
}
