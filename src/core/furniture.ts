/**
 * Page furniture: text a page prints around an article that is not the article (site banners,
 * datelines, image credits and captions, social-media footers, calls to action, link labels).
 * These rules work on text captured from a page (one block per line) and are general: they look at
 * the shape of a line, never at one particular article.
 */

/** Why a line was dropped. */
export type FurnitureRule =
  | 'headline'
  | 'site-banner'
  | 'dateline'
  | 'image-credit'
  | 'image-caption'
  | 'social-footer'
  | 'call-to-action';

export interface CleanedText {
  /** Markdown-lite blocks: paragraphs, `- ` bullets, `## ` headings, in order. */
  readonly blocks: string[];
  /** What was dropped and by which rule, for review. */
  readonly dropped: { readonly line: string; readonly rule: FurnitureRule }[];
}

const BULLET = /^\s*(?:[•*·▪◦‣-]|\d+[.)])\s+/;
const LINK_LABEL = /,\s*external(?=[\s.,;:!?)]|$)/g;

const wordCount = (s: string): number => s.split(/\s+/).filter(Boolean).length;
const endsSentence = (s: string): boolean => /[.!?:;"”’)]$/.test(s);

/** Line rules, tried in order; the first that matches drops the line. */
const LINE_RULES: readonly { rule: FurnitureRule; test: (line: string) => boolean }[] = [
  // "Try out and test our new website!", "This is a beta site - your feedback will help us improve it"
  { rule: 'site-banner', test: (l) => l.length < 120 && /\b(new|beta|improved)\s+(web\s?)?(site|service)\b|\bbeta\b.*\bfeedback\b/i.test(l) && !/[.]$/.test(l) },
  // "Published Friday, 7th January 2022", "• Published", "Last updated 3 May 2024, 10:15 GMT": the
  // keyword followed by nothing but a date, never a sentence ("Updated guidance was issued...").
  { rule: 'dateline', test: (l) => DATELINE.test(l) },
  // "<alt text> Image source, Getty Images", "Photo credit: ...", "Image copyright ..."
  { rule: 'image-credit', test: (l) => /\b(image|photo|picture)\s+(source|credit|copyright)\b/i.test(l) && (/,\s*[^,]+$/.test(l) || wordCount(l) <= 8) },
  // "Follow BBC Hereford & Worcester on Facebook, X and Instagram", "Send your story ideas to ..."
  { rule: 'social-footer', test: (l) => /^follow\b.{0,80}\bon\s+(facebook|x|twitter|instagram|tiktok|youtube|threads|bluesky|linkedin)\b/i.test(l) || /\bsend (us )?your (story ideas|stories|tips)\b/i.test(l) || /^share (this|on)\b/i.test(l) },
  // "For information and advice ... please visit our Local Offer web page", "Find out more on our website"
  { rule: 'call-to-action', test: (l) => !/[.]$/.test(l) && /^(for (more )?(information|advice|details|help)|find out more|read more|more information|visit our)\b/i.test(l) && /\b(visit|see|go to|read|click|contact)\b.*\b(page|website|site|link|here)\b|\bpage\b$/i.test(l) },
];

const IMAGE_CAPTION_LABEL = /^(image|photo|picture)\s+caption\s*[,:]?$/i;
/** "Image caption, Children at a special school": label and caption captured on one line. */
const IMAGE_CAPTION_INLINE = /^(image|photo|picture)\s+caption\s*[,:]\s*\S/i;
const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*';
const DATELINE = new RegExp(
  `^(?:first\\s+)?(?:published|updated|last\\s+updated|posted|modified)\\b[\\s:,]*(?:on\\s+)?` +
    `(?:[a-z]+day,?\\s*)?(?:\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?|${MONTH}|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}|\\d+\\s+(?:minutes?|hours?|days?|weeks?)\\s+ago)?` +
    `,?\\s*(?:\\d{4})?(?:,?\\s*(?:at\\s+)?\\d{1,2}[:.]\\d{2}\\s*(?:am|pm)?)?\\s*(?:gmt|bst|utc)?\\.?$`,
  'i',
);

/**
 * Cleans text captured from a web page into Markdown-lite blocks, dropping page furniture.
 * Every kept block is the source's own words, except that ", external" link labels are removed and
 * bullet markers are normalised to `- `.
 *
 * @param raw   the captured text
 * @param title the article's headline (metadata); a line equal to it is dropped
 */
export function cleanCapturedText(raw: string, title?: string): CleanedText {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
  const blocks: string[] = [];
  const dropped: { line: string; rule: FurnitureRule }[] = [];
  const normTitle = title ? normaliseForCompare(title) : undefined;
  let dropNextAsCaption = false;

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const content = line.replace(BULLET, '').trim();
    if (dropNextAsCaption) {
      dropNextAsCaption = false;
      dropped.push({ line, rule: 'image-caption' });
      continue;
    }
    if (IMAGE_CAPTION_INLINE.test(content)) {
      dropped.push({ line, rule: 'image-caption' });
      continue;
    }
    if (IMAGE_CAPTION_LABEL.test(content)) {
      dropped.push({ line, rule: 'image-caption' });
      dropNextAsCaption = true;
      continue;
    }
    if (normTitle && normaliseForCompare(content) === normTitle) {
      dropped.push({ line, rule: 'headline' });
      continue;
    }
    const hit = LINE_RULES.find((r) => r.test(content));
    if (hit) {
      dropped.push({ line, rule: hit.rule });
      continue;
    }
    const text = content.replace(LINK_LABEL, '');
    if (BULLET.test(line)) {
      blocks.push(`- ${text}`);
    } else if (looksLikeHeading(text, lines, i)) {
      blocks.push(`## ${text}`);
    } else {
      blocks.push(text);
    }
  }
  return { blocks, dropped };
}

/** A short line without closing punctuation standing alone before a paragraph is a subheading. */
function looksLikeHeading(text: string, lines: readonly string[], i: number): boolean {
  if (wordCount(text) > 8 || endsSentence(text) || !/^[A-Z0-9]/.test(text)) return false;
  const next = lines.slice(i + 1).find((l) => l !== '');
  return next !== undefined && wordCount(next) > wordCount(text) && endsSentence(next);
}

function normaliseForCompare(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim();
}
