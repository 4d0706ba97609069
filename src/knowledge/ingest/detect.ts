/**
 * Decides what kind of document some bytes are, from the declared type (Content-Type header,
 * file name or URL extension) checked against the bytes themselves, and decodes text.
 *
 * - Bytes starting with %PDF are a PDF whatever the label says (servers often send
 *   application/octet-stream, or mislabel PDFs).
 * - A declared type we cannot import (images, archives, Office documents, spreadsheets, audio,
 *   video, JSON/XML feeds...) is refused with 'unsupported-type'.
 * - Anything else must be text: binary bytes (NULs, control characters) are refused with 'binary'.
 * - Text and Markdown must read as writing, whatever their name: a system file, a configuration,
 *   a log or source code (`/etc/passwd`, `.env`, a script) is refused with 'unsupported-type'
 *   ({@link readsAsProse}).
 */
import { IngestError } from './errors.ts';

export type DocumentFormat = 'html' | 'markdown' | 'text' | 'pdf';

export interface DetectInput {
  body: Buffer;
  contentType?: string;
  filename?: string;
  url?: string;
}

const GENERIC_TYPES = new Set([
  '',
  'application/octet-stream',
  'binary/octet-stream',
  'application/unknown',
  'application/download',
  'application/force-download',
  'application/x-download',
  'application/binary',
]);

const SUPPORTED_MIME: Record<string, DocumentFormat> = {
  'text/html': 'html',
  'application/xhtml+xml': 'html',
  'text/markdown': 'markdown',
  'text/x-markdown': 'markdown',
  'text/plain': 'text',
  'application/pdf': 'pdf',
  'application/x-pdf': 'pdf',
};

const UNSUPPORTED_MIME: [RegExp, string][] = [
  [/^image\//, 'an image'],
  [/^video\//, 'a video'],
  [/^audio\//, 'an audio file'],
  [/^font\/|font-/, 'a font'],
  [/wordprocessingml|msword|opendocument\.text|\/rtf$|\/x-rtf$/, 'a word-processor document (export it as PDF first)'],
  [/spreadsheetml|ms-excel|opendocument\.spreadsheet|^text\/csv$|tab-separated/, 'a spreadsheet'],
  [/presentationml|ms-powerpoint|opendocument\.presentation/, 'a presentation'],
  [/zip|x-7z|x-rar|vnd\.rar|x-tar|gzip|x-bzip|x-xz|compressed/, 'an archive'],
  [/epub/, 'an e-book'],
  [/json|javascript|ecmascript|^text\/css$/, 'data or code, not a document'],
  [/^application\/(?:rss|atom)\+xml$|^(?:application|text)\/xml$/, 'an XML feed or data file'],
  [/^multipart\//, 'a multi-part message'],
  [/^message\//, 'an e-mail message'],
  [/^model\//, 'a 3D model'],
];

const SUPPORTED_EXT: Record<string, DocumentFormat> = {
  html: 'html', htm: 'html', xhtml: 'html', shtml: 'html',
  md: 'markdown', markdown: 'markdown', mdown: 'markdown', mkd: 'markdown', mdx: 'markdown',
  txt: 'text', text: 'text',
  pdf: 'pdf',
};

const UNSUPPORTED_EXT: Record<string, string> = {};
for (const [exts, description] of [
  ['png jpg jpeg gif webp svg bmp tif tiff ico heic heif avif', 'an image'],
  ['mp4 mov avi mkv webm m4v', 'a video'],
  ['mp3 wav m4a ogg flac aac', 'an audio file'],
  ['doc docx odt rtf pages wpd', 'a word-processor document (export it as PDF first)'],
  ['xls xlsx ods csv tsv numbers', 'a spreadsheet'],
  ['ppt pptx odp key', 'a presentation'],
  ['zip gz tgz 7z rar tar bz2 xz', 'an archive'],
  ['epub mobi', 'an e-book'],
  ['json js mjs css xml rss atom', 'data or code, not a document'],
  ['eml msg', 'an e-mail message'],
  ['exe dll bin iso dmg', 'a program or disk image'],
] as const) {
  for (const ext of exts.split(' ')) UNSUPPORTED_EXT[ext] = description;
}

const MAGIC: [(b: Buffer) => boolean, string][] = [
  [(b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'a PNG image'],
  [(b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff, 'a JPEG image'],
  [(b) => b.subarray(0, 4).toString('latin1') === 'GIF8', 'a GIF image'],
  [(b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP', 'a WebP image'],
  [(b) => b.subarray(0, 4).toString('latin1') === 'PK\u0003\u0004', 'a ZIP archive or Office document (.docx/.xlsx/.pptx)'],
  [(b) => b.subarray(0, 4).equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0])), 'an old-style Office document (.doc/.xls/.ppt)'],
  [(b) => b[0] === 0x1f && b[1] === 0x8b, 'a gzip archive'],
  [(b) => b.subarray(4, 8).toString('latin1') === 'ftyp', 'a video or image (MP4/HEIC)'],
  [(b) => b.subarray(0, 4).toString('latin1') === '\u007fELF', 'a program'],
  [(b) => b.subarray(0, 2).toString('latin1') === 'MZ', 'a program'],
];

/** True when the bytes are a PDF (%PDF within the first 1 KiB, as PDF readers accept). */
export function isPdf(body: Buffer): boolean {
  const head = body.subarray(0, 1024);
  return head.indexOf('%PDF-') !== -1;
}

export function describeMagic(body: Buffer): string | undefined {
  return MAGIC.find(([test]) => test(body))?.[1];
}

/** Binary means NUL bytes or many control characters in the first 8 KiB (UTF-16 text excepted). */
export function looksBinary(body: Buffer): boolean {
  if (hasUtf16Bom(body)) return false;
  const sample = body.subarray(0, 8192);
  if (sample.length === 0) return false;
  let control = 0;
  for (const byte of sample) {
    if (byte === 0) return true;
    if (byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0c && byte !== 0x0d && byte !== 0x1b) control++;
  }
  return control / sample.length > 0.02;
}

function hasUtf16Bom(body: Buffer): boolean {
  return (body[0] === 0xff && body[1] === 0xfe) || (body[0] === 0xfe && body[1] === 0xff);
}

export function mimeEssence(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
}

export function charsetOf(contentType: string | undefined): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]+)"?/i.exec(contentType ?? '');
  return match?.[1]?.toLowerCase();
}

function extensionOf(name: string | undefined): string | undefined {
  if (!name) return undefined;
  let path = name;
  try {
    if (/^https?:\/\//i.test(name)) path = new URL(name).pathname;
  } catch {
    // Not a URL; treat as a file name.
  }
  const match = /\.([a-z0-9]{1,9})$/i.exec(path.replace(/[?#].*$/, ''));
  return match?.[1]?.toLowerCase();
}

interface Declared {
  format?: DocumentFormat;
  unsupported?: string;
  label?: string;
}

function declaredType(input: DetectInput): Declared {
  const mime = mimeEssence(input.contentType);
  const ext = extensionOf(input.filename) ?? (input.url ? extensionOf(input.url) : undefined);
  if (!GENERIC_TYPES.has(mime)) {
    const supported = SUPPORTED_MIME[mime];
    if (supported) {
      // Raw Markdown is often served as text/plain.
      if (supported === 'text' && ext && SUPPORTED_EXT[ext] === 'markdown') return { format: 'markdown', label: mime };
      return { format: supported, label: mime };
    }
    const unsupported = UNSUPPORTED_MIME.find(([re]) => re.test(mime));
    if (unsupported) return { unsupported: unsupported[1], label: mime };
    if (mime.startsWith('text/')) return { format: 'text', label: mime };
    return { unsupported: 'a type that cannot be imported', label: mime };
  }
  if (ext) {
    const supported = SUPPORTED_EXT[ext];
    if (supported) return { format: supported, label: `.${ext}` };
    const unsupported = UNSUPPORTED_EXT[ext];
    if (unsupported) return { unsupported, label: `.${ext}` };
  }
  return {};
}

function sniffText(text: string): DocumentFormat {
  const head = text.slice(0, 2048).trimStart().toLowerCase();
  if (/^(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/.test(head) || /^<\?xml[^>]*>\s*<(?:!doctype\s+)?html/.test(head)) {
    return 'html';
  }
  if (/^---\s*\n/.test(head) || /^#{1,6}\s+\S/m.test(head) || /\[[^\]]+\]\([^)]+\)/.test(head)) return 'markdown';
  if (/<(?:p|div|article|section|h[1-6])[\s>]/.test(head) && /<\/(?:p|div|article|section|h[1-6])>/.test(head)) return 'html';
  return 'text';
}

export interface Detected {
  format: DocumentFormat;
  /** Decoded text for html/markdown/text. */
  text?: string;
}

export function detectDocument(input: DetectInput): Detected {
  const { body } = input;
  const name = input.filename ? `"${input.filename}"` : 'The document';
  if (isPdf(body)) return { format: 'pdf' };

  const declared = declaredType(input);
  if (declared.unsupported) {
    throw new IngestError(
      'unsupported-type',
      `${name} is ${declared.unsupported} (${declared.label ?? 'unknown type'}). Only web pages (HTML), Markdown, plain text and PDF files can be imported.`,
    );
  }
  if (looksBinary(body)) {
    const magic = describeMagic(body);
    throw new IngestError(
      'binary',
      `${name} contains binary data${magic ? ` (it looks like ${magic})` : ''}${declared.label ? `, although it was labelled ${declared.label}` : ''}. Only web pages (HTML), Markdown, plain text and PDF files can be imported.`,
    );
  }
  if (body.length === 0) {
    throw new IngestError('no-article', `${name} is empty.`);
  }

  const provisional = declared.format && declared.format !== 'pdf' ? declared.format : undefined;
  const text = decodeText(body, input.contentType, provisional ?? 'html');
  let format = provisional ?? sniffText(text);
  // A page labelled text/plain that is plainly an HTML document is HTML.
  if (format === 'text' && /^\s*(?:<!doctype\s+html|<html[\s>])/i.test(text.slice(0, 512))) format = 'html';
  if ((format === 'text' || format === 'markdown') && !readsAsProse(text, format)) {
    throw new IngestError(
      'unsupported-type',
      `${name} does not read as an article or report (it looks like data, settings or code, not sentences). Only web pages (HTML), Markdown, plain text and PDF files of written text can be imported.`,
    );
  }
  return { format, text };
}

/** A word as prose writes it: letters, maybe an apostrophe or hyphen, maybe one closing mark. */
const PROSE_WORD = /^["“‘(]?\p{L}[\p{L}\p{M}'’-]*[,.;:!?)"”’]?$/u;

/**
 * Whether text reads as writing: at least {@link PROSE_SHARE} of its characters (in the first
 * 16 KiB, not counting a Markdown front matter block or headings; comment lines of plain text
 * count against it) are on lines of three or more
 * words, most of the line being words. `/etc/passwd` ("root:x:0:0:root:/root:/bin/bash"), a
 * `.env` file, a CSV export, a log or a script does not; a letter, a news story or a list of
 * points does.
 */
export function readsAsProse(text: string, format: 'text' | 'markdown'): boolean {
  let body = text.slice(0, 16_384);
  if (format === 'markdown') body = body.replace(/^\uFEFF?---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/, '');
  let all = 0;
  let prose = 0;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trim();
    if (line === '' || (format === 'markdown' && /^#{1,6}\s/.test(line))) continue;
    all += line.length;
    // In plain text, a line opening with #, // or ; is a comment of a configuration or a script.
    if (format === 'text' && /^(?:#|\/\/|;)/.test(line)) continue;
    const tokens = line.split(/\s+/);
    const words = tokens.filter((t) => PROSE_WORD.test(t)).length;
    if (words >= 3 && words >= tokens.length * 0.6) prose += line.length;
  }
  return all > 0 && prose / all >= PROSE_SHARE;
}

/** The share of a document's characters that must be on lines of words (see {@link readsAsProse}). */
export const PROSE_SHARE = 0.4;

/** Decodes text using the BOM, the Content-Type charset, an HTML <meta charset>, then UTF-8 / Windows-1252. */
export function decodeText(body: Buffer, contentType: string | undefined, format: DocumentFormat): string {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return decodeWith('utf-8', body) ?? '';
  if (body[0] === 0xff && body[1] === 0xfe) return decodeWith('utf-16le', body) ?? '';
  if (body[0] === 0xfe && body[1] === 0xff) return decodeWith('utf-16be', body) ?? '';
  const declared = charsetOf(contentType) ?? (format === 'html' ? metaCharset(body) : undefined);
  if (declared) {
    const decoded = decodeWith(declared, body);
    if (decoded !== undefined) return decoded;
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    return decodeWindows1252(body);
  }
}

function decodeWith(label: string, body: Buffer): string | undefined {
  if (WINDOWS_1252_LABELS.has(label.trim().toLowerCase())) return decodeWindows1252(body);
  try {
    return new TextDecoder(label).decode(body);
  } catch {
    return undefined;
  }
}

// The WHATWG Encoding labels that all mean windows-1252 (latin1 and ASCII included).
const WINDOWS_1252_LABELS = new Set([
  'ansi_x3.4-1968', 'ascii', 'cp1252', 'cp819', 'csisolatin1', 'ibm819', 'iso-8859-1', 'iso-ir-100', 'iso8859-1',
  'iso88591', 'iso_8859-1', 'iso_8859-1:1987', 'l1', 'latin1', 'us-ascii', 'windows-1252', 'x-cp1252',
]);

// Bytes 0x80-0x9F in windows-1252. Node 20's TextDecoder decodes them as C1 controls (latin1).
const CP1252_HIGH = '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

function decodeWindows1252(body: Buffer): string {
  return body.toString('latin1').replace(/[\u0080-\u009f]/g, (c) => CP1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

function metaCharset(body: Buffer): string | undefined {
  const head = body.subarray(0, 4096).toString('latin1');
  const match = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head);
  return match?.[1]?.toLowerCase();
}
