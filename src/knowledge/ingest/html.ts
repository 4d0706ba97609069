/**
 * HTML pages -> draft source.
 *
 * 1. Metadata comes from the untouched page: JSON-LD (NewsArticle/Article...), OpenGraph and other
 *    meta tags (og:*, article:*, citation_*, dc.*), <link rel=canonical>, <time datetime>, and a
 *    "Published ..." line if the page only states the date in text.
 * 2. Page furniture is removed by DOM structure, not by per-site rules: navigation, headers,
 *    footers, asides, figures and captions, forms, ARIA landmarks that are not the main content,
 *    hidden and screen-reader-only text, elements whose class/id/data-component names say they are
 *    banners, breadcrumbs, cookie notices, share tools, related links, promos..., and lists made
 *    only of links. Link labels such as ", external" are stripped from link text.
 * 3. Mozilla Readability picks the main content from what is left; if it finds much less than the
 *    page's own <main>/<article>, that element is used instead.
 * 4. The content is walked into paragraphs / "- " list items and the shared line rules drop any
 *    furniture that survived (image credits, bare "Published" lines, follow/share prompts...).
 */
import { Readability } from '@mozilla/readability';
import type { DomDocument, DomElement, DomNode } from './dom.ts';
import { all, isAttached, isElement, isText, parseHtmlDocument, text } from './dom.ts';
import { IngestError, describeUrl } from './errors.ts';
import type { DraftSource } from './types.ts';
import {
  MIN_ARTICLE_CHARS,
  absoluteHttpUrl,
  comparableText,
  contentLength,
  guessKind,
  normalizeDate,
  normalizeSpace,
  parseDate,
} from './text-rules.ts';
import { cleanParagraphs, statedDate, stripTrailingExternalLabel } from '../furniture.ts';
import { genericTitle, proposals, siteNameFromTitle } from './metadata-proposals.ts';

export interface HtmlMetadata {
  title?: string;
  /** Text of the page's main <h1>. */
  headline?: string;
  publisher?: string;
  published?: string;
  url?: string;
  schemaType?: string;
  ogType?: string;
}

export async function extractHtml(html: string, pageUrl?: string): Promise<DraftSource> {
  const document = await parseHtmlDocument(html);
  const meta = readMetadata(document, pageUrl);
  const textDate = findPublishedLine(document);
  const timeDate = findTimeElementDate(document);

  removeFurniture(document);
  const ownMain = pickOwnMain(document);
  const ownMainCopy = ownMain ? ownMain.cloneNode(true) : undefined;

  let readabilityRoot: DomElement | undefined;
  let readabilityMeta: { title?: string; siteName?: string; publishedTime?: string } = {};
  try {
    const reader = new Readability<DomNode>(document as never, {
      serializer: (node: DomNode) => node,
      charThreshold: 300,
    });
    const article = reader.parse();
    if (article?.content && isElement(article.content)) readabilityRoot = article.content;
    readabilityMeta = {
      ...(article?.title ? { title: article.title } : {}),
      ...(article?.siteName ? { siteName: article.siteName } : {}),
      ...(article?.publishedTime ? { publishedTime: article.publishedTime } : {}),
    };
  } catch {
    readabilityRoot = undefined;
  }

  const title = meta.title ?? cleanTitle(readabilityMeta.title, meta.publisher ?? readabilityMeta.siteName);
  const publisher = meta.publisher ?? readabilityMeta.siteName;
  // The headline is metadata: drop it from the body whether it matches the title or the <h1>.
  const headlines = [title, meta.headline].filter((h): h is string => Boolean(h));

  const fromReadability = readabilityRoot ? cleanParagraphs(blocksToParagraphs(collectBlocks(readabilityRoot)), { headlines }) : undefined;
  const fromMain = ownMainCopy ? cleanParagraphs(blocksToParagraphs(collectBlocks(ownMainCopy)), { headlines }) : undefined;

  let chosen = fromReadability ?? fromMain;
  if (fromReadability && fromMain && contentLength(fromReadability.paragraphs) < 0.5 * contentLength(fromMain.paragraphs)) {
    chosen = fromMain;
  }
  if (!chosen || contentLength(chosen.paragraphs) < MIN_ARTICLE_CHARS) {
    const where = pageUrl ? describeUrl(pageUrl) : 'the uploaded page';
    throw new IngestError(
      'no-article',
      `Could not find an article on ${where}: there is no substantial text (it may be a list of links, need JavaScript, or sit behind a login).`,
    );
  }

  // Only a machine-readable date is saved as it is; a date found in the text is proposed (below).
  const published = meta.published ?? timeDate ?? normalizeDate(readabilityMeta.publishedTime);
  const inText = textDate ?? (chosen.published ? { date: chosen.published, line: chosen.publishedLine ?? chosen.published } : undefined);
  const url = meta.url ?? absoluteHttpUrl(pageUrl);
  const finalTitle = title ?? firstLine(chosen.paragraphs) ?? 'Untitled';
  const kind = guessKind({
    title: finalTitle,
    paragraphs: chosen.paragraphs,
    format: 'html',
    ...(publisher ? { publisher } : {}),
    ...(url ? { url } : {}),
    ...(meta.schemaType ? { schemaType: meta.schemaType } : {}),
    ...(meta.ogType ? { ogType: meta.ogType } : {}),
  });

  const siteName = siteNameFromTitle(normalizeSpace(document.title), finalTitle);
  const proposed = proposals({
    ...(published === undefined && inText && { published: { value: inText.date, from: `the text says "${inText.line}"` } }),
    ...(publisher === undefined && siteName && { publisher: { value: siteName, from: `the page's <title> ends with "${siteName}"` } }),
    ...(genericTitle(finalTitle, [publisher, siteName]) && { title: betterTitle(headingsOf(document, meta.headline), finalTitle, [publisher, siteName]) }),
  });

  return {
    title: finalTitle,
    ...(publisher ? { publisher } : {}),
    ...(published ? { published } : {}),
    ...(url ? { url } : {}),
    kind,
    paragraphs: chosen.paragraphs,
    ...(proposed && { proposed }),
  };
}

/** The page's h1 (read before the furniture was removed), then its other headings, in order. */
function headingsOf(document: DomDocument, headline: string | undefined): string[] {
  return [headline, ...all(document, 'h1, h2, h3').map((h) => normalizeSpace(text(h)))].filter((h): h is string => Boolean(h));
}

/** The first heading that is not itself generic, proposed instead of a generic title. */
function betterTitle(headings: readonly string[], title: string, site: readonly (string | undefined)[]): { value: string; from: string } | undefined {
  const found = headings.find((h) => comparableText(h) !== comparableText(title) && !genericTitle(h, site));
  return found ? { value: found, from: `"${title}" is the site's generic title; the page's heading is "${found}"` } : undefined;
}

function firstLine(paragraphs: readonly string[]): string | undefined {
  const first = paragraphs[0];
  if (!first) return undefined;
  return first.length > 150 ? `${first.slice(0, 147).replace(/\s+\S*$/, '')}...` : first;
}

// -----------------------------------------------------------------------------------------------
// Metadata

interface JsonLdNode {
  [key: string]: unknown;
}

const ARTICLE_TYPES = /^(?:NewsArticle|ReportageNewsArticle|AnalysisNewsArticle|Article|BlogPosting|Report|ScholarlyArticle|TechArticle|PressRelease|OpinionNewsArticle|LiveBlogPosting)$/;

export function readMetadata(document: DomDocument, pageUrl?: string): HtmlMetadata {
  const metas = new Map<string, string>();
  for (const el of all(document, 'meta')) {
    const key = (el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop') ?? '').trim().toLowerCase();
    const content = normalizeSpace(el.getAttribute('content') ?? '');
    if (key && content && !metas.has(key)) metas.set(key, content);
  }
  const metaValue = (...keys: string[]): string | undefined => {
    for (const key of keys) {
      const value = metas.get(key);
      if (value) return value;
    }
    return undefined;
  };

  const ld = readJsonLd(document);
  const article = ld.find((node) => typeNames(node).some((t) => ARTICLE_TYPES.test(t))) ??
    ld.find((node) => typeNames(node).some((t) => /WebPage$/.test(t)));

  const publisherFromLd = article ? nameOf(resolveRef(article['publisher'], ld)) : undefined;
  const publisher =
    publisherFromLd ??
    metaValue('og:site_name', 'citation_publisher', 'dc.publisher', 'dcterms.publisher', 'application-name', 'twitter:site')?.replace(/^@/, '');

  const headline = headingText(document);
  const rawTitle =
    stringOf(article?.['headline']) ??
    stringOf(article?.['name']) ??
    metaValue('og:title', 'twitter:title', 'citation_title', 'dc.title', 'dcterms.title') ??
    headline ??
    (normalizeSpace(document.title) || undefined);
  const title = cleanTitle(rawTitle, publisher);

  const published =
    normalizeDate(stringOf(article?.['datePublished'])) ??
    normalizeDate(
      metaValue(
        'article:published_time',
        'og:published_time',
        'citation_publication_date',
        'citation_date',
        'citation_online_date',
        'dc.date.issued',
        'dcterms.issued',
        'dc.date',
        'dcterms.date',
        'dcterms.created',
        'date',
        'pubdate',
        'publish-date',
        'publication_date',
        'sailthru.date',
        'parsely-pub-date',
      ),
    );

  const canonical = all(document, 'link[rel]').find((el) =>
    (el.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical'),
  );
  const url =
    absoluteHttpUrl(canonical?.getAttribute('href') ?? undefined, pageUrl) ??
    absoluteHttpUrl(metaValue('og:url'), pageUrl) ??
    absoluteHttpUrl(idOf(article?.['mainEntityOfPage']), pageUrl) ??
    absoluteHttpUrl(stringOf(article?.['url']), pageUrl) ??
    absoluteHttpUrl(metaValue('citation_abstract_html_url', 'citation_fulltext_html_url'), pageUrl);

  const schemaType = article ? typeNames(article).join(' ') : undefined;
  const ogType = metaValue('og:type');
  return {
    ...(title ? { title } : {}),
    ...(headline ? { headline } : {}),
    ...(publisher ? { publisher } : {}),
    ...(published ? { published } : {}),
    ...(url ? { url } : {}),
    ...(schemaType ? { schemaType } : {}),
    ...(ogType ? { ogType } : {}),
  };
}

function readJsonLd(document: DomDocument): JsonLdNode[] {
  const nodes: JsonLdNode[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(visit);
      return;
    }
    if (!value || typeof value !== 'object') return;
    const node = value as JsonLdNode;
    nodes.push(node);
    if (node['@graph']) visit(node['@graph']);
  };
  for (const script of all(document, 'script')) {
    const type = (script.getAttribute('type') ?? '').toLowerCase();
    if (!type.includes('ld+json')) continue;
    try {
      visit(JSON.parse(text(script).trim()) as unknown);
    } catch {
      // Broken JSON-LD is common; the meta tags usually say the same.
    }
  }
  return nodes;
}

function typeNames(node: JsonLdNode): string[] {
  const type = node['@type'];
  if (typeof type === 'string') return [type.replace(/^.*[/#:]/, '')];
  if (Array.isArray(type)) return type.filter((t): t is string => typeof t === 'string').map((t) => t.replace(/^.*[/#:]/, ''));
  return [];
}

function resolveRef(value: unknown, nodes: JsonLdNode[]): unknown {
  const first = Array.isArray(value) ? (value as unknown[])[0] : value;
  if (first && typeof first === 'object') {
    const ref = (first as JsonLdNode)['@id'];
    if (typeof ref === 'string' && !('name' in first)) {
      return nodes.find((n) => n['@id'] === ref && n !== first) ?? first;
    }
  }
  return first;
}

function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return normalizeSpace(value) || undefined;
  if (value && typeof value === 'object') return stringOf((value as JsonLdNode)['name']);
  return undefined;
}

function idOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object') {
    const node = value as JsonLdNode;
    return stringOf(node['@id']) ?? stringOf(node['url']);
  }
  return undefined;
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return normalizeSpace(value) || undefined;
  if (Array.isArray(value)) return stringOf((value as unknown[])[0]);
  return undefined;
}

function headingText(document: DomDocument): string | undefined {
  const h1 = document.querySelector('main h1, article h1, [role="main"] h1') ?? document.querySelector('h1');
  const value = normalizeSpace(text(h1));
  return value || undefined;
}

/** Removes a " | Site name" / " - Site name" suffix (or prefix) naming the publisher. */
export function cleanTitle(title: string | undefined, publisher: string | undefined): string | undefined {
  if (!title) return undefined;
  let value = normalizeSpace(title);
  if (publisher) {
    const site = comparableText(publisher);
    const parts = value.split(/\s+[|\-–—:·•]\s+/);
    if (parts.length > 1) {
      const last = parts[parts.length - 1] ?? '';
      const first = parts[0] ?? '';
      if (site && (comparableText(last) === site || site.startsWith(comparableText(last)) || comparableText(last).startsWith(site))) {
        value = value.slice(0, value.length - last.length).replace(/\s+[|\-–—:·•]\s*$/, '');
      } else if (site && comparableText(first) === site) {
        value = value.slice(first.length).replace(/^\s*[|\-–—:·•]\s+/, '');
      }
    }
  }
  return value || undefined;
}

/**
 * A "Published 7 January 2022" line (or, failing that, an "updated" one), looked for in the main
 * content first, then anywhere: the date and the line as the page wrote it.
 */
function findPublishedLine(document: DomDocument): { date: string; line: string } | undefined {
  const main = pickOwnMain(document);
  const selector = 'p, span, div, time, dd, li, strong, small, em';
  let updated: { date: string; line: string } | undefined;
  for (const el of [...(main ? all(main, selector) : []), ...all(document, selector)]) {
    const value = normalizeSpace(text(el));
    if (value.length < 6 || value.length > 100) continue;
    const stated = statedDate(value);
    if (stated?.isPublication) return { date: stated.date, line: stated.said };
    if (stated) updated ??= { date: stated.date, line: stated.said };
  }
  return updated;
}

function findTimeElementDate(document: DomDocument): string | undefined {
  const times = [
    ...all(document, 'main time[datetime], article time[datetime], [role="main"] time[datetime]'),
    ...all(document, 'time[datetime]'),
  ];
  for (const el of times) {
    const context = normalizeSpace(text(el.parentElement));
    if (/\b(?:updated|modified)\b/i.test(context)) continue;
    const date = parseDate(el.getAttribute('datetime') ?? '') ?? parseDate(text(el));
    if (date) return date;
  }
  return undefined;
}

// -----------------------------------------------------------------------------------------------
// Furniture removal

/** Elements that never hold article prose. */
const ALWAYS_REMOVE = [
  'script', 'style', 'noscript', 'template', 'svg', 'canvas', 'iframe', 'object', 'embed', 'img', 'picture',
  'video', 'audio', 'source', 'track', 'map', 'figcaption', 'button', 'input', 'select', 'textarea',
  'label', 'dialog', 'link', 'meta',
].join(', ');

/** Structural furniture; skipped when the element wraps the whole page (some CMSs do that). */
const STRUCTURAL_FURNITURE = [
  'nav', 'header', 'footer', 'aside', 'form', 'menu',
  '[role="navigation"]', '[role="banner"]', '[role="contentinfo"]', '[role="complementary"]', '[role="search"]',
  '[role="dialog"]', '[role="alertdialog"]', '[role="alert"]', '[role="menu"]', '[role="menubar"]',
  '[role="toolbar"]', '[role="tablist"]', '[role="img"]', '[role="figure"]', '[role="doc-footnote"]',
  '[aria-hidden="true"]', '[hidden]', '[aria-modal="true"]',
].join(', ');

/** Words in class / id / data-component names that mark furniture. */
const FURNITURE_WORDS = new Set([
  'ad', 'ads', 'adslot', 'advert', 'adverts', 'advertisement', 'banner', 'breadcrumb', 'breadcrumbs', 'btn', 'button', 'byline', 'cta',
  'caption', 'comments', 'consent', 'cookie', 'cookies', 'copyright', 'credit', 'credits', 'feedback', 'figure', 'footer',
  'gdpr', 'header', 'masthead', 'menu', 'meta', 'metadata', 'modal', 'nav', 'navbar', 'navigation', 'newsletter', 'overlay', 'pager',
  'pagination', 'popup', 'print', 'promo', 'promos', 'promotion', 'rating', 'related', 'share', 'sharing', 'sharetools',
  'sidebar', 'signup', 'skip', 'skiplink', 'social', 'sponsor', 'sponsored', 'subscribe', 'subscription',
  'tags', 'toast', 'toolbar', 'topics', 'widget',
]);

const SCREEN_READER_ONLY = /(?:^|\s)(?:[\w-]*visually-?hidden|sr-only|screen-?reader-?(?:text|only)|visuallyhidden|offscreen|a11y-hidden|element-invisible|u-hidden)(?:\s|$)/i;

const NEVER_REMOVE = new Set(['html', 'head', 'body', 'main', 'article']);

export function removeFurniture(document: DomDocument): void {
  const root = document.documentElement;
  const body = document.body;
  if (!root || !body) return;
  const main = pickOwnMain(document);
  const reference = main ?? body;
  const referenceLength = normalizeSpace(text(reference)).length || 1;

  // Never remove the main content, anything wrapping it (some CMSs wrap the whole page in a
  // <form> or a "page-header"-named div), or an element inside it that holds most of its text
  // (an article body whose class happens to contain "share"). Without a <main>/<article>, the
  // body is the reference and <article>s are kept.
  const wrapsContent = (el: DomElement): boolean => {
    if (el === reference || el.contains(reference)) return true;
    if (!main && NEVER_REMOVE.has(el.localName)) return true;
    if (reference.contains(el)) return normalizeSpace(text(el)).length > 0.5 * referenceLength;
    return false;
  };

  for (const el of all(document, ALWAYS_REMOVE)) el.remove();
  // Figures are images, charts and their credits/captions, except that some editors
  // (CKEditor 5) wrap data tables in <figure class="table">: keep those tables.
  for (const figure of all(document, 'figure')) {
    if (!isAttached(figure, root)) continue;
    if (figure.querySelector('table')) {
      for (const child of Array.from(figure.children)) if (child.localName !== 'table') child.remove();
    } else {
      figure.remove();
    }
  }

  for (const el of all(document, 'a')) stripLinkLabel(el);

  for (const el of all(document, STRUCTURAL_FURNITURE)) {
    if (isAttached(el, root) && !wrapsContent(el)) el.remove();
  }

  for (const el of all(body, '*')) {
    const className = el.getAttribute('class') ?? '';
    if (!(SCREEN_READER_ONLY.test(className) || hasFurnitureName(el))) continue;
    if (isAttached(el, root) && !wrapsContent(el)) el.remove();
  }

  // Lists whose every item is just a link: navigation, related stories, "more from" lists.
  for (const list of all(body, 'ul, ol')) {
    if (!isAttached(list, root)) continue;
    const items = Array.from(list.children).filter((c) => c.localName === 'li');
    if (items.length === 0) continue;
    const linkOnly = items.every((item) => {
      const itemText = normalizeSpace(text(item)).length;
      if (itemText === 0) return true;
      const linkText = all(item, 'a').reduce((sum, a) => sum + normalizeSpace(text(a)).length, 0);
      return linkText >= 0.9 * itemText;
    });
    if (linkOnly && !wrapsContent(list)) list.remove();
  }
}

function hasFurnitureName(el: DomElement): boolean {
  const names = [
    el.getAttribute('class'),
    el.getAttribute('id'),
    el.getAttribute('data-component'),
    el.getAttribute('data-testid'),
    el.getAttribute('data-module'),
  ];
  for (const name of names) {
    if (!name) continue;
    for (const word of nameWords(name)) {
      if (FURNITURE_WORDS.has(word)) return true;
    }
  }
  return false;
}

/** "ssrcss-1q0x-RelatedContent share_tools" -> ssrcss, 1q0x, related, content, share, tools */
function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function stripLinkLabel(anchor: DomElement): void {
  const textNodes: DomNode[] = [];
  const walk = (node: DomNode): void => {
    if (isText(node)) textNodes.push(node);
    else if (isElement(node)) Array.from(node.childNodes).forEach(walk);
  };
  walk(anchor);
  for (let i = textNodes.length - 1; i >= 0; i--) {
    const node = textNodes[i];
    if (!node || !isText(node)) continue;
    if (node.data.trim() === '') continue;
    const stripped = stripTrailingExternalLabel(node.data);
    if (stripped !== node.data) node.data = stripped;
    else if (/^\s*,?\s*external\s*$/i.test(node.data) && i > 0) node.data = '';
    break;
  }
}

function pickOwnMain(document: DomDocument): DomElement | undefined {
  const main = document.querySelector('main, [role="main"]');
  if (main) return main;
  const articles = all(document, 'article');
  if (articles.length === 0) return undefined;
  return articles.reduce((best, el) => (text(el).length > text(best).length ? el : best));
}

// -----------------------------------------------------------------------------------------------
// Content walk

type BlockKind = 'p' | 'li' | 'h1' | 'h' | 'row';

interface Block {
  text: string;
  kind: BlockKind;
}

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'body', 'center', 'dd', 'details', 'div', 'dl', 'dt', 'fieldset',
  'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hgroup', 'hr', 'li',
  'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead', 'tfoot', 'caption', 'ul',
]);
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'svg', 'img', 'picture', 'video', 'audio', 'iframe', 'button', 'head']);
const BREAK = '\u2028';

export function collectBlocks(root: DomElement): Block[] {
  const blocks: Block[] = [];
  const stack: BlockKind[] = ['p'];
  let buffer = '';

  const flush = (): void => {
    const kind = stack[stack.length - 1] ?? 'p';
    // Two or more <br> in a row separate paragraphs; a single one is a line break inside one.
    for (const part of buffer.split(new RegExp(`${BREAK}(?:[ \\t\\r\\n\\u00A0]*${BREAK})+`))) {
      const value = normalizeSpace(part);
      if (value) blocks.push({ text: value, kind });
    }
    buffer = '';
  };

  const walk = (node: DomNode): void => {
    if (isText(node)) {
      buffer += node.data;
      return;
    }
    if (!isElement(node)) return;
    const tag = node.localName;
    if (SKIP_TAGS.has(tag)) return;
    if (tag === 'br') {
      buffer += BREAK;
      return;
    }
    if (tag === 'tr') {
      flush();
      const cells = Array.from(node.children)
        .filter((c) => c.localName === 'td' || c.localName === 'th')
        .map((c) => normalizeSpace(text(c)))
        .filter(Boolean);
      if (cells.length > 0) blocks.push({ text: cells.join(' | '), kind: 'row' });
      return;
    }
    if (!BLOCK_TAGS.has(tag)) {
      Array.from(node.childNodes).forEach(walk);
      return;
    }
    flush();
    const current = stack[stack.length - 1] ?? 'p';
    let kind: BlockKind;
    if (tag === 'li') kind = 'li';
    else if (tag === 'h1') kind = 'h1';
    else if (/^h[2-6]$/.test(tag)) kind = 'h';
    else if (tag === 'ul' || tag === 'ol') kind = 'p';
    else kind = current === 'li' ? 'li' : 'p';
    stack.push(kind);
    Array.from(node.childNodes).forEach(walk);
    flush();
    stack.pop();
  };

  walk(root);
  flush();
  return blocks;
}

/** Blocks as the paragraphs the knowledge file stores: `- ` list items, `## ` headings (h1–h6). */
function blocksToParagraphs(blocks: Block[]): string[] {
  return blocks.map((block) => (block.kind === 'li' ? `- ${block.text}` : block.kind === 'h' || block.kind === 'h1' ? `## ${block.text}` : block.text));
}
