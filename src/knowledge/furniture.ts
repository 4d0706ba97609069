/**
 * Page furniture: text a page prints around an article that is not the article (site banners,
 * datelines, image credits and captions, social-media footers, calls to action, link labels).
 * The rules look at the shape of a line, never at one particular article. Their one home.
 *
 * Two rule sets live here, each applied where it always was:
 * - at load, {@link cleanCapturedText} cleans every knowledge file's body (text captured from a
 *   page, one block per line), so furniture pasted in by hand is never indexed;
 * - at import, {@link cleanParagraphs} (with {@link isFurnitureLine}, {@link isRelatedHeading} and the
 *   link-label rules) cleans the paragraphs an extractor found, and notes a dropped "Published" date.
 * They differ today in what they keep; a later change will make them one set of rules.
 */
import { comparableText, normalizeSpace, parseDate } from './ingest/text-rules.ts';

// =============================================================================================
// At load: text captured from a page
// =============================================================================================
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

// =============================================================================================
// At import: paragraphs found by an extractor
// =============================================================================================

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
