/**
 * PDF files -> draft source.
 *
 * Text is read page by page with PDF.js (through unpdf, loaded lazily), rebuilt into lines from
 * the glyph positions, and re-flowed into paragraphs: a new paragraph starts at a larger vertical
 * gap than the usual line spacing, a change of font size (headings), a bullet, or after a short
 * line that ends a sentence. Hard-wrapped lines inside a paragraph are joined with a space.
 * Lines repeated at the top or bottom of most pages (running headers/footers) and page numbers
 * are dropped. The title comes from the document information (if it is a real title, not
 * "Microsoft Word - draft3.docx") or else the first line.
 */
import type * as Unpdf from 'unpdf';
import { IngestError } from './errors.ts';
import type { DraftSource } from './types.ts';
import {
  MIN_ARTICLE_CHARS,
  comparableText,
  contentLength,
  guessKind,
  normalizeSpace,
  parseDate,
} from './text-rules.ts';
import { cleanParagraphs } from '../furniture.ts';

type PDFDocumentProxy = Awaited<ReturnType<typeof Unpdf.getDocumentProxy>>;

interface PdfLine {
  text: string;
  x: number;
  y: number;
  right: number;
  size: number;
  page: number;
}

interface PdfPage {
  lines: PdfLine[];
  height: number;
  width: number;
}

interface PdfContent {
  pages: PdfPage[];
  info: Record<string, unknown>;
  xmpTitle?: string;
}

export interface PdfInput {
  body: Buffer;
  filename?: string;
  url?: string;
}

export async function extractPdf(input: PdfInput): Promise<DraftSource> {
  const content = await readPdf(input.body);
  const pages = dropRunningHeadersAndFooters(content.pages);
  const rawParagraphs = reflow(pages);

  const infoTitle = plausibleTitle(stringField(content.info['Title'])) ?? plausibleTitle(content.xmpTitle);
  let title = infoTitle;
  let body = rawParagraphs;
  if (!title) {
    const first = rawParagraphs[0];
    if (first && first.length <= 200 && !first.startsWith('- ')) {
      title = first.replace(/^## /, '');
      body = rawParagraphs.slice(1);
    }
  }
  const cleaned = cleanParagraphs(body, title ? { title } : {});
  if (contentLength(cleaned.paragraphs) < MIN_ARTICLE_CHARS) {
    throw new IngestError(
      'no-article',
      `${input.filename ? `"${input.filename}"` : 'This PDF'} has little or no text to import (it may be a scanned image without a text layer).`,
    );
  }

  // The document's own date is machine-readable; a date in the text is only proposed to the moderator.
  const published = parseDate(stringField(content.info['CreationDate']) ?? '');
  const proposedDate = !published && cleaned.published ? { value: cleaned.published, from: `the text says "${cleaned.publishedLine ?? cleaned.published}"` } : undefined;
  const author = stringField(content.info['Author']);
  const publisher =
    author && /\b(?:ofsted|council|nhs|department|commission|government|partnership|trust|authority|agency|cqc|bbc|board)\b/i.test(author)
      ? author
      : undefined;
  const finalTitle = title ?? titleFromFilename(input.filename) ?? 'Untitled PDF';
  const kind = guessKind({
    title: finalTitle,
    paragraphs: cleaned.paragraphs,
    format: 'pdf',
    ...(publisher ? { publisher } : {}),
    ...(input.url ? { url: input.url } : {}),
  });
  return {
    title: finalTitle,
    ...(publisher ? { publisher } : {}),
    ...(published ? { published } : {}),
    ...(input.url ? { url: input.url } : {}),
    kind,
    paragraphs: cleaned.paragraphs,
    ...(proposedDate && { proposed: { published: proposedDate } }),
  };
}

async function readPdf(body: Buffer): Promise<PdfContent> {
  const { getDocumentProxy, getMeta } = await import('unpdf');
  let pdf: PDFDocumentProxy;
  try {
    // Copy: PDF.js may take ownership of (detach) the buffer it is given.
    pdf = await getDocumentProxy(new Uint8Array(body), { verbosity: 0, stopAtErrors: false });
  } catch (error) {
    const password = error instanceof Error && /password/i.test(error.name + error.message);
    throw new IngestError(
      'unsupported-type',
      password
        ? 'This PDF is password-protected, so its text cannot be read.'
        : 'This PDF could not be read (the file may be damaged or incomplete).',
      { cause: error },
    );
  }
  try {
    let info: Record<string, unknown> = {};
    let xmpTitle: string | undefined;
    try {
      const meta = await getMeta(pdf);
      info = meta.info;
      const xmp = meta.metadata as unknown as { get?: (name: string) => unknown } | null;
      xmpTitle = stringField(xmp?.get?.('dc:title'));
    } catch {
      // Metadata is optional.
    }
    const pages: PdfPage[] = [];
    for (let number = 1; number <= pdf.numPages; number++) {
      const page = await pdf.getPage(number);
      const viewport = page.getViewport({ scale: 1 });
      const textContent = await page.getTextContent();
      pages.push({ lines: buildLines(textContent.items, number), height: viewport.height, width: viewport.width });
      page.cleanup();
    }
    return xmpTitle ? { pages, info, xmpTitle } : { pages, info };
  } finally {
    // PDF.js 6 frees a document through the task that loaded it.
    await pdf.loadingTask.destroy().catch(() => undefined);
  }
}

interface RawItem {
  str?: unknown;
  transform?: unknown;
  width?: unknown;
  height?: unknown;
  hasEOL?: unknown;
}

function buildLines(items: readonly unknown[], page: number): PdfLine[] {
  const lines: PdfLine[] = [];
  let current: PdfLine | undefined;
  let breakPending = false;
  for (const raw of items) {
    const item = raw as RawItem;
    if (typeof item.str !== 'string') continue;
    const transform = Array.isArray(item.transform) ? (item.transform as number[]) : [];
    const x = transform[4] ?? 0;
    const y = transform[5] ?? 0;
    const size = Math.hypot(transform[2] ?? 0, transform[3] ?? 0) || (typeof item.height === 'number' ? item.height : 0) || 10;
    const width = typeof item.width === 'number' ? item.width : 0;
    const str = item.str.replace(/\s+/g, ' ');

    if (current && (breakPending || Math.abs(y - current.y) > size * 0.5)) {
      if (str.trim() !== '') {
        lines.push(current);
        current = undefined;
      }
    }
    if (str.trim() === '') {
      if (current && str !== '' && !current.text.endsWith(' ')) current.text += ' ';
      if (item.hasEOL === true) breakPending = true;
      continue;
    }
    breakPending = false;
    if (!current) {
      current = { text: str, x, y, right: x + width, size, page };
    } else {
      const gap = x - current.right;
      if (gap > size * 0.15 && !current.text.endsWith(' ') && !str.startsWith(' ')) current.text += ' ';
      current.text += str;
      current.right = Math.max(current.right, x + width);
      current.size = Math.max(current.size, size);
    }
    if (item.hasEOL === true) breakPending = true;
  }
  if (current) lines.push(current);
  return lines
    .map((line) => ({ ...line, text: normalizeSpace(line.text) }))
    .filter((line) => line.text !== '');
}

const PAGE_NUMBER = /^(?:[-–—]\s*)?(?:page\s+)?\d{1,4}(?:\s*(?:of|\/)\s*\d{1,4})?(?:\s*[-–—])?$/i;

/** Drops page numbers and lines repeated at the top or bottom of most pages. */
function dropRunningHeadersAndFooters(pages: PdfPage[]): PdfPage[] {
  const edgeLines = (page: PdfPage): Set<PdfLine> => {
    const byHeight = [...page.lines].sort((a, b) => b.y - a.y);
    const edges = new Set<PdfLine>();
    const margin = page.height > 0 ? page.height * 0.15 : Number.POSITIVE_INFINITY;
    for (const line of byHeight.slice(0, 2)) if (page.height - line.y <= margin) edges.add(line);
    for (const line of byHeight.slice(-2)) if (line.y <= margin) edges.add(line);
    return edges;
  };
  const key = (line: PdfLine): string => line.text.toLowerCase().replace(/\d+/g, '#');

  const edgesByPage = pages.map(edgeLines);
  const counts = new Map<string, number>();
  for (const edges of edgesByPage) {
    for (const k of new Set([...edges].map(key))) counts.set(k, (counts.get(k) ?? 0) + 1);
  }
  const threshold = Math.max(2, Math.ceil(pages.length * 0.5));

  return pages.map((page, index) => {
    const edges = edgesByPage[index] ?? new Set<PdfLine>();
    const lines = page.lines.filter((line) => {
      if (!edges.has(line)) return true;
      if (PAGE_NUMBER.test(line.text)) return false;
      return pages.length < 2 || (counts.get(key(line)) ?? 0) < threshold;
    });
    return { ...page, lines };
  });
}

const BULLET = /^(?:[•●▪◦‣∙·■□○➢➤►▶✓✔-]|[–—*]|o(?=\s))\s*(?=\S)/u;
const NUMBERED = /^(?:\(?\d{1,2}[.)]|\(?[a-z][.)]|\(?[ivx]{1,4}[.)])\s+\S/i;

function reflow(pages: PdfPage[]): string[] {
  const lines = pages.flatMap((p) => p.lines);
  if (lines.length === 0) return [];

  // Line spacing as a multiple of the font size, from lines of equal size on the same page. The
  // lower quartile is the spacing inside paragraphs (the larger gaps are between paragraphs).
  const ratios: number[] = [];
  for (let i = 1; i < lines.length; i++) {
    const prev = lines[i - 1];
    const line = lines[i];
    if (!prev || !line || prev.page !== line.page || Math.abs(prev.size - line.size) > 0.5) continue;
    const ratio = (prev.y - line.y) / prev.size;
    if (ratio > 0.5 && ratio < 4) ratios.push(ratio);
  }
  const lineSpacing = quantile(ratios, 0.25) ?? 1.2;
  // Most documents set lines 1.0-1.5 apart; a gap clearly wider than that starts a paragraph.
  const paragraphGap = lineSpacing <= 1.6 ? Math.min(lineSpacing * 1.4, 1.75) : lineSpacing * 1.3;
  const rightEdges = pages.map((p) => Math.max(0, ...p.lines.map((l) => l.right)));
  const leftEdges = pages.map((p) => Math.min(Number.POSITIVE_INFINITY, ...p.lines.map((l) => l.x)));

  const paragraphs: ReflowParagraph[] = [];
  let current: ReflowParagraph | undefined;
  let prev: PdfLine | undefined;

  for (const line of lines) {
    const bullet = BULLET.exec(line.text);
    const isBullet = bullet !== null && line.text.length > bullet[0].length;
    let startNew = false;
    if (!current || !prev) startNew = true;
    else if (isBullet) startNew = true;
    else if (line.page !== prev.page) {
      // Carry a paragraph over a page break only when it visibly continues.
      startNew = endsSentence(current.text) && !/^[a-z]/.test(line.text);
    } else {
      const gap = prev.y - line.y;
      const pageRight = rightEdges[line.page - 1] ?? prev.right;
      const pageLeft = leftEdges[line.page - 1] ?? 0;
      const shortLine = prev.right < pageRight - Math.max(prev.size * 4, (pageRight - pageLeft) * 0.15);
      if (gap > paragraphGap * Math.max(prev.size, line.size) || gap < -prev.size) startNew = true;
      else if (Math.abs(line.size - prev.size) > 0.9) startNew = true;
      else if (shortLine && endsSentence(prev.text)) startNew = true;
      else if (NUMBERED.test(line.text) && /[.:;!?]$/.test(prev.text)) startNew = true;
      else if (current.item && line.x < current.indent - 2) startNew = true;
    }

    if (startNew) {
      if (current) paragraphs.push(current);
      if (isBullet && bullet) {
        const rest = line.text.slice(bullet[0].length);
        current = { text: rest, item: true, indent: line.x + (line.right - line.x) * (bullet[0].length / line.text.length), size: line.size };
      } else {
        current = { text: line.text, item: false, indent: line.x, size: line.size };
      }
    } else if (current) {
      current.text = joinLines(current.text, line.text);
      current.size = Math.max(current.size, line.size);
    }
    prev = line;
  }
  if (current) paragraphs.push(current);
  const bodySize = bodyFontSize(paragraphs);
  return paragraphs.map((p, i) => {
    const text = normalizeSpace(p.text);
    if (p.item) return `- ${text}`;
    return isPdfHeading(p, text, bodySize, paragraphs[i + 1]) ? `## ${text}` : text;
  });
}

interface ReflowParagraph {
  text: string;
  item: boolean;
  indent: number;
  /** The largest font size of its lines. */
  size: number;
}

/** The font size most of the text is set in (the median by characters). */
function bodyFontSize(paragraphs: readonly ReflowParagraph[]): number {
  const sized = paragraphs.map((p) => ({ size: p.size, chars: p.text.length })).sort((a, b) => a.size - b.size);
  const total = sized.reduce((n, p) => n + p.chars, 0);
  let seen = 0;
  for (const p of sized) {
    seen += p.chars;
    if (seen >= total / 2) return p.size;
  }
  return 0;
}

/** "2.1 Waiting times", "Key findings" (set larger than the body): a section heading, not a passage. */
const NUMBERED_HEADING = /^(?:\d{1,2}(?:\.\d{1,2}){0,3}\.?|[A-Z]\.|(?:section|part|chapter)\s+\d{1,2}[.:]?)\s+\p{Lu}/u;

/**
 * A short line that does not end a sentence, followed by text, is a heading when it is set larger than
 * the body text or numbered as a section ("3.2 ..."). Its size or numbering is the document's own markup.
 */
function isPdfHeading(p: ReflowParagraph, text: string, bodySize: number, next: ReflowParagraph | undefined): boolean {
  if (next === undefined || text.length > 120 || text.split(' ').length > 14 || /[.,;!?]["'”’)]?$/.test(text)) return false;
  if (bodySize > 0 && p.size > bodySize * 1.12) return true;
  return NUMBERED_HEADING.test(text) && p.size >= bodySize - 0.5 && text.split(' ').length <= 10;
}

function endsSentence(text: string): boolean {
  return /[.!?:;]["'”’)\]]*$/.test(text);
}

function joinLines(previous: string, next: string): string {
  // Keep a line-end hyphen ("well-" + "being"); it is the source's text either way.
  if (/\p{L}-$/u.test(previous) && /^\p{Ll}/u.test(next)) return previous + next;
  return `${previous} ${next}`;
}

function quantile(values: number[], q: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * q))];
}

function stringField(value: unknown): string | undefined {
  if (typeof value === 'string') return normalizeSpace(value) || undefined;
  return undefined;
}

/** Rejects generated non-titles: file names, "Microsoft Word - ...", "untitled", "PowerPoint Presentation". */
function plausibleTitle(title: string | undefined): string | undefined {
  if (!title) return undefined;
  const value = normalizeSpace(title);
  if (value.length < 4 || value.length > 250) return undefined;
  if (/^(?:microsoft\s+(?:word|powerpoint|excel)\s*-|untitled|document\d*$|powerpoint presentation$|slide \d+$)/i.test(value)) return undefined;
  if (/\.(?:docx?|pdf|pptx?|xlsx?|odt|rtf|txt|indd)$/i.test(value)) return undefined;
  if (!/\p{L}{2}/u.test(value) || comparableText(value) === '') return undefined;
  return value;
}

function titleFromFilename(filename: string | undefined): string | undefined {
  if (!filename) return undefined;
  const base = filename.replace(/^.*[\\/]/, '').replace(/\.[a-z0-9]{1,5}$/i, '');
  const words = base.replace(/[_-]+/g, ' ').trim();
  return words || undefined;
}
