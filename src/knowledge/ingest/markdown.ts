/**
 * Markdown and plain-text uploads -> draft source.
 *
 * YAML front matter, when present, is kept as the metadata (id, title, publisher, published, url,
 * kind). Otherwise the title is the first heading (Markdown) or first line (plain text). The body
 * becomes paragraphs (wrapped lines joined) and "- " list items; Markdown markup (emphasis, links,
 * images, code spans, headings' #) is removed so only the words remain, and the shared furniture
 * line rules apply (text copied from web pages often carries banners, captions and share links).
 */
import { isSourceKind, readFrontMatter, type SourceKind } from '../file-format.ts';
import { IngestError } from './errors.ts';
import type { DraftSource } from './types.ts';
import {
  MIN_ARTICLE_CHARS,
  absoluteHttpUrl,
  contentLength,
  guessKind,
  normalizeDate,
  normalizeSpace,
} from './text-rules.ts';
import { cleanParagraphs } from '../furniture.ts';

export interface TextInput {
  text: string;
  format: 'markdown' | 'text';
  filename?: string;
  url?: string;
}

interface FrontMatter {
  id?: string;
  title?: string;
  publisher?: string;
  published?: string;
  url?: string;
  kind?: SourceKind;
}

const MIN_FRONT_MATTER_BODY_CHARS = 1;

export function extractText(input: TextInput): DraftSource {
  const { frontMatter, body } = splitFrontMatter(input.text);
  const blocks = input.format === 'markdown' ? markdownBlocks(body) : textBlocks(body);

  let title = frontMatter?.title;
  // Headings stay headings ("## "): the section context of the text under them, never passages.
  let paragraphs = blocks.map((b) => (b.heading ? `## ${b.text}` : b.text));
  if (!title) {
    const index = input.format === 'markdown' ? blocks.findIndex((b) => b.heading) : 0;
    const candidate = index >= 0 ? blocks[index] : undefined;
    if (candidate && !candidate.text.startsWith('- ') && candidate.text.length <= 200 && (candidate.heading || index === 0)) {
      title = candidate.text;
      paragraphs = paragraphs.filter((_, i) => i !== index);
    }
  }

  const cleaned = cleanParagraphs(paragraphs, { ...(title ? { title } : {}), textLinkLabels: true });
  const minimum = frontMatter ? MIN_FRONT_MATTER_BODY_CHARS : MIN_ARTICLE_CHARS;
  if (contentLength(cleaned.paragraphs) < minimum) {
    throw new IngestError(
      'no-article',
      `${input.filename ? `"${input.filename}"` : 'The file'} has no substantial text to import.`,
    );
  }

  const url = frontMatter?.url ?? absoluteHttpUrl(input.url);
  // Front matter is machine-readable; a date found in the text is only proposed.
  const published = frontMatter?.published;
  const proposedDate = !published && cleaned.published ? { value: cleaned.published, from: `the text says "${cleaned.publishedLine ?? cleaned.published}"` } : undefined;
  const publisher = frontMatter?.publisher;
  const finalTitle = title ?? titleFromFilename(input.filename) ?? 'Untitled';
  const kind =
    frontMatter?.kind ??
    guessKind({
      title: finalTitle,
      paragraphs: cleaned.paragraphs,
      format: input.format,
      ...(publisher ? { publisher } : {}),
      ...(url ? { url } : {}),
    });
  return {
    ...(frontMatter?.id ? { id: frontMatter.id } : {}),
    title: finalTitle,
    ...(publisher ? { publisher } : {}),
    ...(published ? { published } : {}),
    ...(url ? { url } : {}),
    kind,
    paragraphs: cleaned.paragraphs,
    ...(proposedDate && { proposed: { published: proposedDate } }),
  };
}

function splitFrontMatter(text: string): { frontMatter?: FrontMatter; body: string } {
  const { fields: record, body } = readFrontMatter(text, { foreign: true });
  if (record === undefined) return { body };
  const str = (key: string): string | undefined => {
    const value = record[key];
    if (typeof value === 'string') return normalizeSpace(value) || undefined;
    if (typeof value === 'number') return String(value);
    return undefined;
  };
  const kind = str('kind');
  const id = str('id');
  const title = str('title');
  const publisher = str('publisher');
  const published = normalizeDate(record['published'] ?? record['date']);
  const url = absoluteHttpUrl(str('url'));
  const frontMatter: FrontMatter = {
    ...(id ? { id } : {}),
    ...(title ? { title } : {}),
    ...(publisher ? { publisher } : {}),
    ...(published ? { published } : {}),
    ...(url ? { url } : {}),
    ...(kind && isSourceKind(kind) ? { kind } : {}),
  };
  return { frontMatter, body };
}

interface TextBlock {
  text: string;
  heading: boolean;
}

const LIST_ITEM = /^\s{0,6}(?:[-*+•‣◦▪●]|\d{1,3}[.)])\s+(.*)$/;
const HEADING = /^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$/;
const RULE = /^\s{0,3}([-*_])(?:\s*\1){2,}\s*$/;
const FENCE = /^\s{0,3}(`{3,}|~{3,})/;

function markdownBlocks(body: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  let buffer: string[] = [];
  let item = false;
  let inFence = false;

  const flush = (): void => {
    if (buffer.length > 0) {
      const text = normalizeSpace(stripInlineMarkdown(buffer.join(' ')));
      if (text) blocks.push({ text: item ? `- ${text}` : text, heading: false });
    }
    buffer = [];
    item = false;
  };

  const lines = stripHtmlComments(body).split('\n');
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i] ?? '';
    if (FENCE.test(raw)) {
      flush();
      inFence = !inFence;
      continue;
    }
    if (inFence) {
      if (raw.trim()) blocks.push({ text: normalizeSpace(raw), heading: false });
      continue;
    }
    const line = raw.replace(/^\s{0,3}(?:>\s?)+/, '');
    if (line.trim() === '') {
      flush();
      continue;
    }
    const next = lines[i + 1] ?? '';
    if (buffer.length === 0 && /^\s*(?:=+|-+)\s*$/.test(next) && !LIST_ITEM.test(line) && line.trim().length > 0) {
      // Setext heading: "Title\n=====".
      blocks.push({ text: normalizeSpace(stripInlineMarkdown(line)), heading: true });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      flush();
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      flush();
      const text = normalizeSpace(stripInlineMarkdown(heading[2] ?? ''));
      if (text) blocks.push({ text, heading: true });
      continue;
    }
    if (/^\s*\[[^\]]+\]:\s*\S+/.test(line)) continue; // link reference definitions
    if (/^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line)) continue; // table separator
    if (/^\s*\|.*\|\s*$/.test(line)) {
      flush();
      const cells = line.trim().replace(/^\||\|$/g, '').split('|').map((c) => normalizeSpace(stripInlineMarkdown(c))).filter(Boolean);
      if (cells.length > 0) blocks.push({ text: cells.join(' | '), heading: false });
      continue;
    }
    const listItem = LIST_ITEM.exec(line);
    if (listItem) {
      flush();
      item = true;
      buffer.push(listItem[1] ?? '');
      continue;
    }
    buffer.push(line);
  }
  flush();
  return blocks;
}

function textBlocks(body: string): TextBlock[] {
  const lines = body.split('\n');
  // Text without any blank line is one paragraph per line (copied web pages, exported notes).
  const linePerParagraph = !lines.some((l) => l.trim() === '') && lines.length > 1;
  const blocks: TextBlock[] = [];
  let buffer: string[] = [];
  let item = false;
  const flush = (): void => {
    const text = normalizeSpace(buffer.join(' '));
    if (text) blocks.push({ text: item ? `- ${text}` : text, heading: false });
    buffer = [];
    item = false;
  };
  // Width of the blank-line-delimited block each line belongs to.
  const widths: number[] = new Array<number>(lines.length).fill(0);
  for (let start = 0; start < lines.length; ) {
    let end = start;
    let width = 0;
    while (end < lines.length && (lines[end] ?? '').trim() !== '') width = Math.max(width, (lines[end++] ?? '').trimEnd().length);
    for (let i = start; i < end; i++) widths[i] = width;
    start = end === start ? start + 1 : end;
  }
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line.trim() === '') {
      flush();
      continue;
    }
    const listItem = /^\s{0,6}(?:[-*•‣◦▪●])\s+(.*)$/.exec(line);
    if (listItem) {
      flush();
      item = true;
      buffer.push(listItem[1] ?? '');
      continue;
    }
    if (linePerParagraph) flush();
    buffer.push(line);
    // Inside a hard-wrapped block, a short line that ends a sentence ends the paragraph.
    const trimmed = line.trim();
    if (!linePerParagraph && /[.!?:]["'”’)]*$/.test(trimmed) && trimmed.length < 0.6 * (widths[i] ?? 0)) flush();
  }
  flush();
  return blocks;
}

function stripHtmlComments(text: string): string {
  return text.replace(/<!--[\s\S]*?-->/g, '');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', '#39': "'" };

/** Removes Markdown/inline HTML markup, keeping the words. */
export function stripInlineMarkdown(text: string): string {
  return text
    .replace(/!\[[^\]]*\]\([^)]*\)/g, '') // images
    .replace(/!\[[^\]]*\]\[[^\]]*\]/g, '')
    .replace(/\[([^\]]*)\]\((?:[^()\s]|\([^)]*\))*(?:\s+"[^"]*")?\)/g, '$1') // [text](url "title")
    .replace(/\[([^\]]+)\]\[[^\]]*\]/g, '$1') // [text][ref]
    .replace(/<(https?:\/\/[^>\s]+)>/g, '$1') // autolinks
    .replace(/<\/?[a-zA-Z][^>]*>/g, '') // inline HTML tags
    .replace(/(`+)([^`]|[^`][\s\S]*?[^`])\1(?!`)/g, (_m, _ticks: string, code: string) => code.trim())
    .replace(/(\*\*|__)(?=\S)([\s\S]*?\S)\1/g, '$2')
    .replace(/(^|[\s(["'])([*_])(?=\S)([^*_]*?\S)\2(?=$|[\s).,;:!?'"\]])/g, '$1$3')
    .replace(/~~(?=\S)([\s\S]*?\S)~~/g, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!|>~])/g, '$1')
    .replace(/&(#39|amp|lt|gt|quot|apos|nbsp);/g, (_m, name: string) => ENTITIES[name] ?? _m);
}

function titleFromFilename(filename: string | undefined): string | undefined {
  if (!filename) return undefined;
  const base = filename.replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]{1,9}$/i, '');
  const words = base.replace(/[_-]+/g, ' ').trim();
  return words || undefined;
}
