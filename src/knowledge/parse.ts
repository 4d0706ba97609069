import { parse as parseYaml, YAMLParseError } from 'yaml';
import { cleanCapturedText } from './furniture.ts';
import { parsePartialDate } from '../core/dates.ts';
import { splitBlocks, toPassages } from '../core/passages.ts';
import type { Source, SourceEvent, SourceMeta } from '../core/types.ts';
import { isHttpUrl } from '../core/text.ts';
import { dateMessage, idMessage, isKnowledgeDate, isValidId, normaliseNewlines, splitFrontMatter } from './file-format.ts';

/** A problem with one knowledge file, naming the file and the field at fault. */
export interface KnowledgeIssue {
  readonly file: string;
  /** Front-matter field (`published`, `events[1].date`), or `front matter`, `body`, `content`, `id`. */
  readonly field: string;
  readonly message: string;
}

export type ParseResult = { ok: true; source: Source } | { ok: false; issues: KnowledgeIssue[] };

const KNOWN = new Set(['id', 'title', 'publisher', 'published', 'url', 'kind', 'events']);

/** Formats an issue for people: `knowledge/x.md: published: ...`. */
export function formatIssue(issue: KnowledgeIssue): string {
  return `${issue.file}: ${issue.field}: ${issue.message}`;
}

/** True when the bytes are not text we can index (NUL bytes, or invalid UTF-8). */
export function isBinary(bytes: Uint8Array): boolean {
  if (bytes.includes(0)) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return false;
  } catch {
    return true;
  }
}

/**
 * Parses and validates one knowledge file (YAML front matter + Markdown-lite body). Pure: the
 * caller reads the file. The body is cleaned of page furniture with the same general rules used
 * when importing, so furniture pasted in by hand is never indexed.
 */
export function parseKnowledgeFile(file: string, content: string): ParseResult {
  const issues: KnowledgeIssue[] = [];
  const fail = (field: string, message: string): ParseResult => ({ ok: false, issues: [{ file, field, message }] });
  const m = splitFrontMatter(normaliseNewlines(content));
  if (!m) return fail('front matter', 'missing: the file must start with a "---" line, YAML fields, and a closing "---" line');
  let data: unknown;
  try {
    data = parseYaml(m.yaml);
  } catch (e) {
    const where = e instanceof YAMLParseError && e.linePos ? ` (line ${e.linePos[0].line + 1})` : '';
    return fail('front matter', `invalid YAML${where}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return fail('front matter', 'expected YAML fields (key: value)');
  const d = data as Record<string, unknown>;

  const str = (field: string, required = true): string => {
    const v = d[field];
    if (v === undefined || v === null || (typeof v === 'string' && v.trim() === '')) {
      if (required) issues.push({ file, field, message: 'missing' });
      return '';
    }
    if (typeof v !== 'string') {
      issues.push({ file, field, message: `expected text, got ${describe(v)}` });
      return '';
    }
    return v.trim();
  };
  const id = str('id');
  if (id && !isValidId(id)) issues.push({ file, field: 'id', message: idMessage(id) });
  const title = str('title');
  const publisher = str('publisher');
  const kind = str('kind');
  const url = str('url');
  if (url) {
    if (!isHttpUrl(url)) issues.push({ file, field: 'url', message: `"${url}" is not an http(s) link` });
  }
  // YAML reads an unquoted 2022-01-07 as a Date; accept it as the ISO date it was written as.
  const rawPublished = d.published instanceof Date ? d.published.toISOString().slice(0, 10) : d.published;
  let published = '';
  if (rawPublished === undefined || rawPublished === null || rawPublished === '') issues.push({ file, field: 'published', message: 'missing' });
  else if (typeof rawPublished !== 'string' || !isKnowledgeDate(rawPublished)) {
    issues.push({ file, field: 'published', message: dateMessage(String(rawPublished)) });
  } else published = rawPublished;
  const events = parseEvents(d.events, file, issues);
  for (const key of Object.keys(d)) if (!KNOWN.has(key)) issues.push({ file, field: key, message: `unknown field (known: ${[...KNOWN].join(', ')})` });

  // One line per block (hard-wrapped paragraphs joined), then the furniture rules line by line.
  const lines = splitBlocks(m.body).map((b) => (b.kind === 'heading' ? `## ${b.text}` : b.kind === 'bullet' ? `- ${b.text}` : b.text));
  const body = cleanCapturedText(lines.join('\n'), title).blocks.join('\n\n');
  if (body.trim() === '') issues.push({ file, field: 'body', message: 'empty: the file has no text after the front matter' });
  if (issues.length) return { ok: false, issues };

  const meta: SourceMeta = { id, title, publisher, published, url, kind, events };
  const passages = toPassages(id, body);
  if (passages.length === 0) return fail('body', 'no paragraphs to index (only headings?)');
  return { ok: true, source: { meta, body, passages } };
}

function parseEvents(value: unknown, file: string, issues: KnowledgeIssue[]): SourceEvent[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    issues.push({ file, field: 'events', message: 'expected a list of { date, label, status? }' });
    return [];
  }
  const out: SourceEvent[] = [];
  value.forEach((raw, i) => {
    const field = `events[${i}]`;
    if (!raw || typeof raw !== 'object') {
      issues.push({ file, field, message: 'expected { date, label, status? }' });
      return;
    }
    const e = raw as Record<string, unknown>;
    const date = asDate(e.date);
    const end = e.end === undefined ? undefined : asDate(e.end);
    if (!date) issues.push({ file, field: `${field}.date`, message: `"${String(e.date)}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)` });
    if (e.end !== undefined && !end) issues.push({ file, field: `${field}.end`, message: `"${String(e.end)}" is not a date (YYYY, YYYY-MM or YYYY-MM-DD)` });
    if (typeof e.label !== 'string' || e.label.trim() === '') issues.push({ file, field: `${field}.label`, message: 'missing' });
    const status = e.status ?? 'done';
    if (status !== 'done' && status !== 'due') issues.push({ file, field: `${field}.status`, message: 'expected "done" or "due"' });
    if (date && typeof e.label === 'string' && e.label.trim() && (status === 'done' || status === 'due')) {
      out.push({ date, label: e.label.trim(), status, ...(end && { end }) });
    }
  });
  return out;
}

function asDate(v: unknown): string | undefined {
  const s = v instanceof Date ? v.toISOString().slice(0, 10) : typeof v === 'number' ? String(v) : v;
  return typeof s === 'string' && parsePartialDate(s) ? s : undefined;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a date';
  return typeof v === 'object' ? 'a mapping' : `${typeof v} ${JSON.stringify(v)}`;
}
