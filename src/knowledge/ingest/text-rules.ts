/**
 * Source-independent text rules shared by the HTML, Markdown/plain-text and PDF extractors:
 * whitespace normalisation, comparing a paragraph with the title, date parsing, a guess at the kind
 * of source and absolute links. (Recognising page furniture, link labels included, is
 * ../furniture.ts.)
 */
import { isoDate } from '../../core/dates.ts';

import type { SourceKind } from '../file-format.ts';

import { normalizeSpace } from '../../core/text.ts';

export { normalizeSpace };

/** Case-, space- and punctuation-insensitive key for comparing a paragraph with the title. */
export function comparableText(text: string): string {
  return normalizeSpace(text)
    .toLowerCase()
    .replace(/[‘’`]/g, "'")
    .replace(/[“”]/g, '"')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
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
