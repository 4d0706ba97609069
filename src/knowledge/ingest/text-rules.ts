/**
 * Source-independent text rules shared by the HTML, Markdown/plain-text and PDF extractors:
 * whitespace normalisation, recognising page furniture by what a line says (banners, cookie
 * notices, image credits, bare "Published" lines, share/follow prompts, related-story headings),
 * link labels such as ", external", date parsing and a guess at the kind of source.
 *
 * The rules only ever remove whole lines or well-known link labels: the remaining text stays the
 * source's own words.
 */
import { isoDate } from '../../core/dates.ts';

export type SourceKind = 'news' | 'press-release' | 'inspection-report' | 'letter' | 'action-plan' | 'other';

export const SOURCE_KINDS: readonly SourceKind[] = [
  'news',
  'press-release',
  'inspection-report',
  'letter',
  'action-plan',
  'other',
];

/** Collapses all whitespace (incl. NBSP) to single spaces and drops zero-width characters. */
export function normalizeSpace(text: string): string {
  return text
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .trim();
}

/** Case-, space- and punctuation-insensitive key for comparing a paragraph with the title. */
export function comparableText(text: string): string {
  return normalizeSpace(text)
    .toLowerCase()
    .replace(/[‘’`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

// ---------------------------------------------------------------------------------------------
// Link labels added for screen readers or by CMSs: "report, external", "(opens in a new window)".

const LINK_LABELS =
  /\s*\((?:opens|open|will open)\s+in\s+(?:a\s+)?new\s+(?:window|tab)\)|\s*\((?:external\s+link|link\s+is\s+external|external\s+site|external)\)/gi;

/** Removes link labels a CMS appends to link text. Safe anywhere in running text. */
export function stripLinkLabels(text: string): string {
  return text.replace(LINK_LABELS, '');
}

/**
 * Removes a trailing ", external" label from a link's own text. Use on the text of a link element
 * only: in running prose ", external" can be a real word.
 */
export function stripTrailingExternalLabel(linkText: string): string {
  return linkText.replace(/,\s*external\s*$/i, '');
}

/**
 * Removes ", external" labels from flattened text where the link structure is lost (plain text or
 * Markdown copied from a web page): only where the label closes a phrase, i.e. is followed by
 * punctuation or the end of the line, or sits inside Markdown link text.
 */
export function stripExternalLabelsInText(text: string): string {
  return text.replace(/,\s?external(?=\s*(?:$|[.;:!?)\]]))/gi, '');
}

// ---------------------------------------------------------------------------------------------
// Furniture lines.

const FURNITURE_LINES: RegExp[] = [
  // Image and media descriptions and credits.
  /^(?:image|media|video|audio|photo|picture)\s+(?:source|caption|credit|description)s?\b/i,
  /^(?:image|photo|picture|photograph|graphic|illustration)\s*(?:credit)?\s*[:,]\s*\S.{0,80}$/i,
  /^(?:getty images|pa media|reuters|shutterstock|alamy|bbc)$/i,
  // Sharing and following.
  /^share(?:\s+(?:this|on|via|page|article|story|to|with)\b.{0,40})?$/i,
  /^(?:copy|copied)\s+link$/i,
  /^follow\b.{0,80}\bon\s+(?:facebook|x|twitter|instagram|linkedin|youtube|tiktok|threads|bluesky)\b(?!.{300})/i,
  /^send\s+your\s+(?:story|stories|news)(?:\s+ideas?)?\s+to\b/i,
  /^(?:get|sign up for|subscribe to)\b.{0,60}\b(?:newsletter|email updates|email alerts|bulletin)s?\b.{0,40}$/i,
  // Site banners, page tools, feedback prompts.
  /^try\s+out\s+(?:and\s+test\s+)?our\s+new\s+(?:website|site)\b/i,
  /^this\s+is\s+a\s+new\s+(?:service|website|site)\b.{0,120}$/i,
  /^(?:beta|alpha)\s*[-:–]?\s*this\s+is\s+a\s+new\b/i,
  /^help\s+us\s+improve\b.{0,100}$/i,
  /^(?:was|is)\s+this\s+(?:page|information|article)\s+(?:useful|helpful)\??.{0,60}$/i,
  /^report\s+(?:a\s+problem|an\s+issue)\s+(?:with|on)\s+this\s+page\.?$/i,
  /^(?:skip\s+to\s+(?:main\s+)?content|jump\s+to\s+(?:main\s+)?content|back\s+to\s+top|print\s+(?:this\s+)?page|print)$/i,
  /^(?:menu|search|close|open|home|main\s+menu|navigation|sign\s+in|log\s+in)$/i,
  /^home\s*[>›»/|]/i,
  /^(?:listen\s+to\s+this\s+article|watch|listen)\s*[:.]?$/i,
  /^(?:read\s+more|continue\s+reading|click\s+here|find\s+out\s+more)\s*[.:…]?$/i,
  /^(?:advertisement|advert|sponsored(?:\s+content)?)$/i,
  // Cookie notices.
  /^(?:we\s+use\s+(?:some\s+)?(?:essential\s+)?cookies|this\s+(?:site|website)\s+uses\s+cookies|cookies\s+on\s+\S)/i,
  /^(?:accept|reject|allow|decline)\s+(?:all\s+|additional\s+|analytics\s+|optional\s+|non-essential\s+)?cookies\.?$/i,
  /^(?:cookie\s+settings|cookie\s+preferences|manage\s+cookies|view\s+cookies|change\s+(?:your\s+)?cookie\s+settings)\.?$/i,
  /^(?:i\s+)?(?:accept|agree|ok(?:ay)?|got\s+it)\.?$/i,
  // External-content disclaimers and copyright lines.
  /^.{0,40}\bis\s+not\s+responsible\s+for\s+the\s+content\s+of\s+external\s+(?:internet\s+)?(?:sites|websites)\b.{0,80}$/i,
  /^(?:copyright\s*)?©.{0,120}$/i,
  /^copyright\s+\d{4}\b.{0,100}$/i,
  /^all\s+rights\s+reserved\.?$/i,
  // Tags.
  /^(?:tags?|topics?|categories|filed\s+under)\s*:.{0,120}$/i,
];

/** Headings that introduce lists of other stories or links rather than the article itself. */
const RELATED_HEADINGS =
  /^(?:related\s+(?:topics|stories|links|content|articles|internet\s+links|pages|news|information|services)|more\s+on\s+this\s+story|more\s+(?:stories|news)\s+(?:from|like\s+this)\b.*|top\s+stories|most\s+(?:read|watched|popular)|you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)|see\s+also|also\s+in\s+the\s+news|around\s+the\s+bbc|elsewhere\s+on\s+the\s+bbc|latest\s+news|other\s+news|in\s+this\s+section|share\s+this\s+(?:page|article|story)|useful\s+links|explore\s+the\s+bbc|(?:more|other)\s+from\s+\S.{0,40})\s*:?$/i;

const DATE_LINE_PREFIX =
  /^(?:(?:first|last|date)\s+)?(?:published|posted|updated|modified|issued|date(?:\s+of\s+publication)?|publication\s+date)(?:\s+(?:on|at|date))?\s*[:\-–]?\s*(.*)$/i;

export interface DateLine {
  /** The date the line states, if it parses. */
  date?: string;
  /** True for "Published"/"Updated"… labels, false for a bare date. */
  labelled: boolean;
  /** True when the label is about first publication rather than an update. */
  isPublication: boolean;
}

/**
 * Recognises a bare "Published ..." / "Last updated ..." line (the label alone, or the label and a
 * date or relative time such as "3 hours ago"). Lines with more words than a date are prose.
 */
export function parseDateLine(line: string): DateLine | undefined {
  const text = normalizeSpace(line);
  if (text.length > 120) return undefined;
  const match = DATE_LINE_PREFIX.exec(text);
  if (!match) return undefined;
  const rest = (match[1] ?? '').trim();
  const isPublication = !/\b(?:updated|modified)\b/i.test(text.slice(0, text.length - rest.length));
  if (rest === '') return { labelled: true, isPublication };
  if (isRelativeTime(rest)) return { labelled: true, isPublication };
  const date = parseDate(rest, { whole: true });
  if (date) return { date, labelled: true, isPublication };
  return undefined;
}

function isRelativeTime(text: string): boolean {
  return /^(?:about\s+|over\s+)?(?:an?|\d+)\s+(?:second|minute|min|hour|hr|day|week|month|year)s?\s+ago\.?$/i.test(text) ||
    /^(?:just\s+now|today|yesterday)(?:\s+at\s+\d{1,2}[:.]\d{2}(?:\s*[ap]\.?m\.?)?)?\.?$/i.test(text);
}

/** True for a line that is page furniture rather than the source's content. */
export function isFurnitureLine(line: string): boolean {
  const text = normalizeSpace(line.replace(/^- /, ''));
  if (text === '') return true;
  if (/^[\p{P}\p{S}\s]+$/u.test(text)) return true; // separators, lone bullets, "|", "›"
  if (FURNITURE_LINES.some((re) => re.test(text))) return true;
  const dateLine = parseDateLine(text);
  return dateLine !== undefined && dateLine.labelled;
}

export function isRelatedHeading(line: string): boolean {
  return RELATED_HEADINGS.test(normalizeSpace(line));
}

export interface CleanOptions {
  /** Paragraphs equal to the title (the headline) among the first few are dropped. */
  title?: string;
  /** Further headline variants to drop (e.g. the page's <h1> when it differs from the title). */
  headlines?: readonly string[];
  /** Apply `stripExternalLabelsInText` (for sources where link markup is already gone). */
  textLinkLabels?: boolean;
}

export interface CleanResult {
  paragraphs: string[];
  /** Date from a dropped "Published ..." line, if any. */
  published?: string;
}

/**
 * Applies the furniture rules to a list of paragraphs (list items start with "- ").
 * Drops furniture lines and the headline; drops a related-stories heading together with the list
 * that follows it; removes link labels; collapses whitespace; removes consecutive duplicates.
 */
export function cleanParagraphs(input: readonly string[], options: CleanOptions = {}): CleanResult {
  const titleKeys = new Set(
    [options.title, ...(options.headlines ?? [])].filter((t): t is string => Boolean(t)).map(comparableText).filter(Boolean),
  );
  const out: string[] = [];
  let published: string | undefined;
  let skippingRelated = false;
  for (const raw of input) {
    const isItem = raw.startsWith('- ');
    let text = normalizeSpace(stripLinkLabels(isItem ? raw.slice(2) : raw));
    if (options.textLinkLabels) text = stripExternalLabelsInText(text);
    if (text === '') continue;

    if (skippingRelated) {
      // The related block is the heading plus the list/short link lines right after it.
      if (isItem || (text.length < 100 && !/[.!?]["”’]?$/.test(text))) continue;
      skippingRelated = false;
    }
    if (!isItem && isRelatedHeading(text)) {
      skippingRelated = true;
      continue;
    }
    const dateLine = parseDateLine(text);
    if (dateLine?.labelled) {
      if (dateLine.date && dateLine.isPublication && published === undefined) published = dateLine.date;
      continue;
    }
    if (isFurnitureLine(text)) continue;
    if (out.length < 3 && titleKeys.has(comparableText(text))) continue;

    const paragraph = isItem ? `- ${text}` : text;
    if (out[out.length - 1] === paragraph) continue;
    out.push(paragraph);
  }
  return published === undefined ? { paragraphs: out } : { paragraphs: out, published };
}

/** Total characters of prose, used to decide whether a page had an article at all. */
export function contentLength(paragraphs: readonly string[]): number {
  return paragraphs.reduce((sum, p) => sum + p.replace(/^- /, '').length, 0);
}

/** Fewer characters than this (after cleaning) means there is no article to import. */
export const MIN_ARTICLE_CHARS = 200;

// ---------------------------------------------------------------------------------------------
// Dates.

const MONTHS: Record<string, number> = {
  jan: 1, january: 1, feb: 2, february: 2, mar: 3, march: 3, apr: 4, april: 4, may: 5, jun: 6, june: 6,
  jul: 7, july: 7, aug: 8, august: 8, sep: 9, sept: 9, september: 9, oct: 10, october: 10,
  nov: 11, november: 11, dec: 12, december: 12,
};
const MONTH_RE = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const WEEKDAY_RE = /\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\b\.?,?/gi;

interface DateMatch {
  value: string;
  index: number;
  length: number;
}

/**
 * Parses a date written in any of the usual ways (ISO 8601, "7th January 2022", "January 7, 2022",
 * "July 2024", "07/01/2022" read as UK day/month) into YYYY-MM-DD, or YYYY-MM when only the
 * month is known. Times and zones are ignored: the date is taken as written. With `whole`, the
 * text must be nothing but the date (plus weekday, time and zone).
 */
export function parseDate(input: string, options: { whole?: boolean } = {}): string | undefined {
  const text = normalizeSpace(input);
  if (text === '') return undefined;
  const match = findDate(text);
  if (!match) return undefined;
  if (options.whole) {
    const rest = (text.slice(0, match.index) + ' ' + text.slice(match.index + match.length))
      .replace(WEEKDAY_RE, ' ')
      .replace(/\b(?:on|at|from|,)\b/gi, ' ')
      .replace(/\b\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?/gi, ' ')
      .replace(/\b\d{1,2}\s*[ap]\.?m\.?/gi, ' ')
      .replace(/\b(?:GMT|BST|UTC|CET|CEST|Z)\b(?:[+-]\d{1,2}(?::?\d{2})?)?/g, ' ')
      .replace(/[\s,.;:()|\-–—]+/g, '');
    if (rest !== '') return undefined;
  }
  return match.value;
}

function findDate(text: string): DateMatch | undefined {
  const candidates: DateMatch[] = [];
  let invalidDay = false;
  const push = (index: number, length: number, y: number, m: number, d?: number): void => {
    const value = foundDate(y, m, d);
    if (value) candidates.push({ value, index, length });
    else if (d !== undefined) invalidDay = true;
  };

  let m = /(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?/.exec(text);
  if (m) push(m.index, m[0].length, Number(m[1]), Number(m[2]), Number(m[3]));
  m = /(?<![\d-])(\d{4})-(\d{2})(?![\d-])/.exec(text);
  if (m) push(m.index, m[0].length, Number(m[1]), Number(m[2]));
  m = /^D:(\d{4})(\d{2})(\d{2})/.exec(text); // PDF dates
  if (m) push(0, text.length, Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})(\d{2})(\d{2})(?:\d{6})?$/.exec(text);
  if (m) push(0, text.length, Number(m[1]), Number(m[2]), Number(m[3]));
  m = new RegExp(`\\b(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+of)?\\s+${MONTH_RE}\\.?,?\\s+(\\d{4})\\b`, 'i').exec(text);
  if (m) push(m.index, m[0].length, Number(m[3]), monthNumber(m[2]), Number(m[1]));
  m = new RegExp(`\\b${MONTH_RE}\\.?\\s+(\\d{1,2})(?:st|nd|rd|th)?,?\\s+(\\d{4})\\b`, 'i').exec(text);
  if (m) push(m.index, m[0].length, Number(m[3]), monthNumber(m[1]), Number(m[2]));
  m = /\b(\d{1,2})[/.](\d{1,2})[/.](\d{4})\b/.exec(text);
  if (m) push(m.index, m[0].length, Number(m[3]), Number(m[2]), Number(m[1]));
  m = /\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b/.exec(text);
  if (m) push(m.index, m[0].length, Number(m[1]), Number(m[2]), Number(m[3]));
  if (candidates.length === 0 && !invalidDay) {
    m = new RegExp(`\\b${MONTH_RE}\\.?,?\\s+(\\d{4})\\b`, 'i').exec(text);
    if (m) push(m.index, m[0].length, Number(m[2]), monthNumber(m[1]));
  }
  candidates.sort((a, b) => a.index - b.index || b.length - a.length);
  return candidates[0];
}

function monthNumber(name: string | undefined): number {
  return MONTHS[(name ?? '').toLowerCase().replace(/\.$/, '')] ?? 0;
}

/** A date found in a page, if it exists and its year is plausible for a report. */
function foundDate(year: number, month: number, day?: number): string | undefined {
  if (!Number.isInteger(year) || year < 1900 || year > 2200) return undefined;
  return isoDate(year, month, day);
}

/** Normalises a front-matter or metadata date (string or Date) to YYYY-MM-DD / YYYY-MM. */
export function normalizeDate(value: unknown): string | undefined {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString().slice(0, 10);
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1900 && value <= 2200) return undefined;
  if (typeof value !== 'string') return undefined;
  return parseDate(value);
}

// ---------------------------------------------------------------------------------------------
// Kind.

export interface KindHints {
  title?: string;
  paragraphs?: readonly string[];
  publisher?: string;
  url?: string;
  /** schema.org @type of the main entity (e.g. NewsArticle). */
  schemaType?: string;
  /** og:type. */
  ogType?: string;
  format: 'html' | 'markdown' | 'text' | 'pdf';
}

const PUBLIC_BODY = /\b(?:council|county|borough|district|nhs|integrated care|icb|government|department|ofsted|care quality commission|cqc|gov\.uk|local area|partnership|trust|authority)\b/i;

/** A first guess at the kind of source; moderators confirm it when they review the draft. */
export function guessKind(hints: KindHints): SourceKind {
  const title = hints.title ?? '';
  const opening = (hints.paragraphs ?? []).slice(0, 6).join('\n');
  const host = hostOf(hints.url);
  const path = pathOf(hints.url);

  const publicBody = PUBLIC_BODY.test(hints.publisher ?? '') || /(?:\.gov\.uk|\.nhs\.uk|\.police\.uk)$/i.test(host);
  const articleLike = /Article|PressRelease/.test(hints.schemaType ?? '') || hints.ogType === 'article';
  const newsPath = /\/(?:news|press|media|press-releases?|media-releases?|articles?)\//i.test(path);

  // A web page published as news is news (or a press release from a public body), even when its
  // headline mentions a plan, a letter or an inspection report.
  if (hints.format === 'html' && (articleLike || newsPath)) {
    if (/\bpress\s+release\b/i.test(`${title}\n${opening}`) || /\/(?:press|press-releases?|media-releases?)\//i.test(path)) {
      return 'press-release';
    }
    if (/NewsArticle/.test(hints.schemaType ?? '')) return publicBody && !/news/i.test(hints.publisher ?? '') ? 'press-release' : 'news';
    return publicBody ? 'press-release' : 'news';
  }

  if (/\b(?:action\s+plan|written\s+statement\s+of\s+action|priority\s+action\s+plan|improvement\s+plan|accelerated\s+progress\s+plan)\b/i.test(title)) {
    return 'action-plan';
  }
  const inspectionTitle =
    /\binspection\s+(?:report|outcome|findings|of)\b|\b(?:report|outcome|findings)\b.*\binspection\b|\binspection\b.*\b(?:report|outcome|findings)\b/i.test(title);
  if (
    inspectionTitle &&
    (hints.format === 'pdf' || /ofsted|cqc|care quality commission/i.test(`${hints.publisher ?? ''} ${host}`) || /\breport\b/i.test(title))
  ) {
    return 'inspection-report';
  }
  if (/\bletter\b/i.test(title) || /^dear\b/im.test(opening)) return 'letter';
  if (/\bpress\s+release\b/i.test(`${title}\n${opening}`)) return 'press-release';
  if (inspectionTitle) return 'inspection-report';
  return 'other';
}

function hostOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return '';
  }
}

function pathOf(url: string | undefined): string {
  if (!url) return '';
  try {
    return new URL(url).pathname;
  } catch {
    return '';
  }
}

/** Accepts absolute http(s) URLs only, resolving relative ones against `base`. */
export function absoluteHttpUrl(value: string | undefined, base?: string): string | undefined {
  if (!value) return undefined;
  try {
    const url = base ? new URL(value.trim(), base) : new URL(value.trim());
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
    if (url.username || url.password) return undefined;
    return url.href;
  } catch {
    return undefined;
  }
}
