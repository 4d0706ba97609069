/**
 * Page furniture: text a page prints around an article that is not the article (site banners,
 * datelines, image credits and captions, social-media footers and sign-offs, calls to action and
 * buttons, download and "read more" link labels, metadata labels such as "Authored on").
 * The rules look at the shape of a line, never at one particular article. Their one home, and ONE
 * set of rules ({@link furnitureRule}), used at both ends:
 * - at import, {@link cleanParagraphs} cleans the paragraphs an extractor found (and notes a
 *   dropped "Published" date);
 * - at load, {@link cleanCapturedText} cleans every knowledge file's body, so furniture pasted in by
 *   hand is never indexed.
 * Both walk the lines with the same {@link FurnitureWalk}, which also drops a caption after an
 * "Image caption" label and an author's initials beside a date.
 */
import { comparableText, normalizeSpace, parseDate } from './ingest/text-rules.ts';

/** Why a line was dropped. */
export type FurnitureRule =
  | 'headline'
  | 'site-banner'
  | 'dateline'
  | 'image-credit'
  | 'image-caption'
  | 'social-footer'
  | 'call-to-action'
  | 'link-label'
  | 'page-tool'
  | 'metadata-label'
  | 'byline';

export interface CleanedText {
  /** Markdown-lite blocks: paragraphs, `- ` bullets, `## ` headings, in order. */
  readonly blocks: string[];
  /** What was dropped and by which rule, for review. */
  readonly dropped: { readonly line: string; readonly rule: FurnitureRule }[];
}

const BULLET = /^\s*(?:[•*·▪◦‣-]|\d+[.)])\s+/;
const HEADING = /^#{1,6}\s+/;
const LINK_LABEL = /,\s*external(?=[\s.,;:!?)]|$)/g;

const wordCount = (s: string): number => s.split(/\s+/).filter(Boolean).length;
const endsSentence = (s: string): boolean => /[.!?:;"”’)]$/.test(s);

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*';
const DATELINE = new RegExp(
  `^(?:first\\s+)?(?:published|updated|last\\s+updated|posted|modified)\\b[\\s:,]*(?:on\\s+)?` +
    `(?:[a-z]+day,?\\s*)?(?:\\d{1,2}(?:st|nd|rd|th)?\\s+${MONTH}|${MONTH}\\s+\\d{1,2}(?:st|nd|rd|th)?|${MONTH}|\\d{1,2}[/.-]\\d{1,2}[/.-]\\d{2,4}|\\d+\\s+(?:minutes?|hours?|days?|weeks?)\\s+ago)?` +
    `,?\\s*(?:\\d{4})?(?:,?\\s*(?:at\\s+)?\\d{1,2}[:.]\\d{2}\\s*(?:am|pm)?)?\\s*(?:gmt|bst|utc)?\\.?$`,
  'i',
);
/** "Worcestershire children and young people logo Published Monday, 8th July 2019": a logo's alt text run into the dateline. */
const TRAILING_DATELINE = /^([^.!?]{1,80}?)\s+((?:first\s+)?(?:published|posted|updated|last\s+updated)\b.{0,60})$/i;

/** Line rules, tried in order; the first that matches drops the line. */
const LINE_RULES: readonly { rule: FurnitureRule; test: (line: string) => boolean }[] = [
  // "Try out and test our new website!", "This is a beta site - your feedback will help us improve it"
  { rule: 'site-banner', test: (l) => l.length < 120 && /\b(new|beta|improved)\s+(web\s?)?(site|service)\b|\bbeta\b.*\bfeedback\b/i.test(l) && !/[.]$/.test(l) },
  // "Published Friday, 7th January 2022", "• Published", "Last updated 3 May 2024, 10:15 GMT": the
  // keyword followed by nothing but a date, never a sentence ("Updated guidance was issued...").
  { rule: 'dateline', test: (l) => DATELINE.test(l) || parseDateLine(l)?.labelled === true || isBareDate(l) || trailingDateline(l) !== undefined },
  // "<alt text> Image source, Getty Images" (also run into the alt text: "WorcesterImage source, ..."),
  // "Photo credit: ...", "Image copyright ..."
  // "Image caption, Children at a special school": label and caption captured on one line.
  { rule: 'image-caption', test: (l) => /^(image|photo|picture)\s+caption\s*[,:]\s*\S/i.test(l) },
  { rule: 'image-credit', test: (l) => /(?:\b|(?<=\p{Ll}))(image|photo|picture)\s+(source|credit|copyright)\b/iu.test(l) && (/,\s*[^,]+$/.test(l) || wordCount(l) <= 8) },
  { rule: 'image-credit', test: (l) => IMAGE_LINES.some((re) => re.test(l)) },
  // "Follow BBC Hereford & Worcester on Facebook, X and Instagram", "Send your story ideas to ...",
  // a station's sign-off ("Listen to BBC Hereford & Worcester on Sounds")
  { rule: 'social-footer', test: (l) => /^(?:you\s+can\s+)?follow\b.{0,80}\bon\s+(facebook|x|twitter|instagram|tiktok|youtube|threads|bluesky|linkedin)\b/i.test(l) || /\bsend (us )?your (story ideas|stories|tips)\b/i.test(l) || /^share (this|on)\b/i.test(l) || SOCIAL_LINES.some((re) => re.test(l)) },
  // "For information and advice ... please visit our Local Offer web page", "Find out more on our website"
  { rule: 'call-to-action', test: (l) => !/[.]$/.test(l) && /^(for (more )?(information|advice|details|help)|find out more|read more|more information|visit our)\b/i.test(l) && /\b(visit|see|go to|read|click|contact)\b.*\b(page|website|site|link|here)\b|\bpage\b$/i.test(l) },
  { rule: 'call-to-action', test: (l) => CALL_TO_ACTION_LINES.some((re) => re.test(l)) },
  // "Download: SEND Improvement Plan (PDF, 1.2 MB)", "Download the report (PDF)", "READ MORE: ...", "Read more about ..."
  { rule: 'link-label', test: (l) => LINK_LABEL_LINES.some((re) => re.test(l)) },
  { rule: 'page-tool', test: (l) => PAGE_TOOL_LINES.some((re) => re.test(l)) },
  // "Authored on", "News category", "Report type": a label whose value the page shows elsewhere.
  { rule: 'metadata-label', test: (l) => METADATA_LABEL.test(l) },
];

const IMAGE_LINES: readonly RegExp[] = [
  /^(?:image|media|video|audio|photo|picture)\s+(?:source|caption|credit|description)s?\b/i,
  /^(?:image|photo|picture|photograph|graphic|illustration)\s*(?:credit)?\s*[:,]\s*\S.{0,80}$/i,
  /^(?:getty images|pa media|reuters|shutterstock|alamy|bbc)$/i,
  // "Worcester News logo", "(Image: Newsquest)"
  /^[^.!?]{0,60}\blogo$/i,
  /^\(?(?:image|picture|photo)\s*:\s*[^)]{1,60}\)?$/i,
];

const SOCIAL_LINES: readonly RegExp[] = [
  /^share(?:\s+(?:this|on|via|page|article|story|to|with|by)\b.{0,40})?$/i,
  /^(?:copy|copied)\s+link$/i,
  /^follow\b.{0,80}\bon\s+(?:facebook|x|twitter|instagram|linkedin|youtube|tiktok|threads|bluesky)\b(?!.{300})/i,
  /^send\s+your\s+(?:story|stories|news)(?:\s+ideas?)?\s+to\b/i,
  /^(?:get|sign up for|subscribe to)\b.{0,60}\b(?:newsletter|email updates|email alerts|bulletin)s?\b.{0,40}$/i,
  /^(?:listen|watch)\b.{0,80}\bon\s+(?:bbc\s+)?(?:sounds|iplayer)\b.{0,40}$/i,
];

const CALL_TO_ACTION_LINES: readonly RegExp[] = [
  // Buttons: "Contact us", "Donate today", "Join the Lib Dems", "Sign up", "Get in touch".
  /^(?:contact\s+us|get\s+in\s+touch|email\s+us|call\s+us|donate(?:\s+(?:now|today))?|subscribe|sign\s+up|register|apply\s+now|book\s+now|join(?:\s+(?:us|now|today|the\s+[\w-]+(?:\s+[\w-]+)?))?)\s*[.!]?$/i,
  /^(?:read\s+more|continue\s+reading|click\s+here|find\s+out\s+more|learn\s+more|see\s+more|view\s+all)\s*[.:…]?$/i,
];

const LINK_LABEL_LINES: readonly RegExp[] = [
  /^download\b.{0,120}?(?:\((?:[^)]*\b(?:pdf|docx?|xlsx?|odt|ods|csv|rtf|zip|pptx?)\b[^)]*)\)|\b\d+(?:\.\d+)?\s*(?:kb|mb)\b)/i,
  /^download(?:\s+(?:the|this|our)\s+(?:full\s+)?(?:report|document|file|summary|leaflet|guide|plan))?\s*[.:]?$/i,
  /^(?:read|see)\s+more\s*(?::|about\b).{0,160}$/i,
  /^(?:related|see\s+also|more\s+on\s+this(?:\s+story)?|also\s+read|more\s+like\s+this)\s*:.{0,160}$/i,
];

const PAGE_TOOL_LINES: readonly RegExp[] = [
  /^(?:try\s+out\s+(?:and\s+test\s+)?our\s+new\s+(?:website|site)\b)/i,
  /^this\s+is\s+a\s+new\s+(?:service|website|site)\b.{0,120}$/i,
  /^(?:beta|alpha)\s*[-:–]?\s*this\s+is\s+a\s+new\b/i,
  /^help\s+us\s+improve\b.{0,100}$/i,
  /^(?:was|is)\s+this\s+(?:page|information|article)\s+(?:useful|helpful)\??.{0,60}$/i,
  /^report\s+(?:a\s+problem|an\s+issue)\s+(?:with|on)\s+this\s+page\.?$/i,
  /^(?:skip\s+to\s+(?:main\s+)?content|jump\s+to\s+(?:main\s+)?content|back\s+to\s+top|print\s+(?:this\s+)?page|print)$/i,
  /^(?:menu|search|close|open|home|main\s+menu|navigation|sign\s+in|log\s+in|save|yes|no)$/i,
  /^home\s*[>›»/|]/i,
  /^(?:listen\s+to\s+this\s+article|watch|listen)\s*[:.]?$/i,
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

const METADATA_LABEL =
  /^(?:authored\s+on|written\s+by|posted\s+by|author|authors|by|news\s+category|category|categories|tags?|topics?|report\s+type|document\s+type|content\s+type|page\s+type|published\s+in|filed\s+under|last\s+reviewed|reading\s+time|summary\s+of\s+report\s+content)\s*:?$/i;

/** A line that is nothing but a date ("25 Feb 2026", "Monday 3 May 2024"). */
function isBareDate(line: string): boolean {
  return line.length <= 40 && parseDate(line, { whole: true }) !== undefined;
}

/**
 * The date a short line states as the page's date: "Published Monday, 8th July 2019", "Last updated
 * 3 May 2024", "updates: January 2025", or a dateline run on after a logo's alt text. `isPublication`
 * is false for an update. Undefined for prose and for lines without a date.
 */
export function statedDate(line: string): { date: string; isPublication: boolean; said: string } | undefined {
  const text = normalizeSpace(line);
  const stated = parseDateLine(text);
  if (stated?.labelled && stated.date) return { date: stated.date, isPublication: stated.isPublication, said: text };
  const trailing = trailingDateline(text);
  const said = TRAILING_DATELINE.exec(text)?.[2] ?? text;
  return trailing ? { date: trailing, isPublication: !/\bupdated?\b/i.test(said), said } : undefined;
}

/** The date of a dateline run on after a short label ("... logo Published Monday, 8th July 2019"), if the line is one. */
function trailingDateline(line: string): string | undefined {
  const m = TRAILING_DATELINE.exec(line);
  if (!m?.[2]) return undefined;
  const date = parseDateLine(m[2]);
  return date?.labelled && date.date ? date.date : undefined;
}

/**
 * The furniture rule that drops this line (a paragraph, a `- ` item or a `## ` heading's text), or
 * undefined when the line is the source's own words. The one rule set, at import and at load.
 */
export function furnitureRule(line: string): FurnitureRule | undefined {
  const text = normalizeSpace(line.replace(HEADING, '').replace(BULLET, ''));
  if (text === '' || /^[\p{P}\p{S}\s]+$/u.test(text)) return 'page-tool'; // separators, lone bullets, "|", "›"
  return LINE_RULES.find((r) => r.test(text))?.rule;
}

/** True for a line that is page furniture rather than the source's content. */
export function isFurnitureLine(line: string): boolean {
  return furnitureRule(line) !== undefined;
}

const IMAGE_CAPTION_LABEL = /^(image|photo|picture)\s+caption\s*[,:]?$/i;
/** A label whose value is a short name on the next line ("News category" / "SEND Local Offer"). */
const VALUE_LABEL = /^(?:news\s+category|category|categories|tags?|topics?|report\s+type|document\s+type|content\s+type|page\s+type|filed\s+under|published\s+in)\s*:?$/i;

/**
 * The furniture decisions that depend on the lines around one: the line after an "Image caption,"
 * label is the caption; a short name after a "News category" or "Tags" label is its value; a short
 * line with no closing punctuation just before the dateline is the lead picture's caption; an
 * author's initials ("CDBG") next to a date line are a byline. Feed it the lines in order (a
 * heading as `## text`, a list item as `- text`).
 */
export class FurnitureWalk {
  #captionNext = false;
  #valueNext = false;
  #previousWasDate = false;

  /**
   * The rule that drops `line`, given the line after it (`next`, for initials before a date), or
   * undefined to keep it.
   */
  check(line: string, next?: string): FurnitureRule | undefined {
    const text = normalizeSpace(line.replace(HEADING, '').replace(BULLET, ''));
    const captionNext = this.#captionNext;
    const valueNext = this.#valueNext;
    const previousWasDate = this.#previousWasDate;
    this.#captionNext = IMAGE_CAPTION_LABEL.test(text);
    this.#valueNext = VALUE_LABEL.test(text);
    const isValue = valueNext && wordCount(text) <= 6 && !endsSentence(text);
    const rule = captionNext ? 'image-caption' : this.#captionNext ? 'image-caption' : isValue ? 'metadata-label' : furnitureRule(line);
    this.#previousWasDate = rule === 'dateline';
    if (rule) return rule;
    const beforeDate = next !== undefined && furnitureRule(next) === 'dateline';
    if (/^[A-Z]{2,5}$/.test(text) && (previousWasDate || beforeDate)) return 'byline';
    // News pages set the lead picture, then its caption, then the byline and date: a caption is a
    // phrase, not a sentence ("Parents and campaigners travelled to Parliament to talk to MPs").
    if (beforeDate && !HEADING.test(line) && !BULLET.test(line) && !endsSentence(text) && wordCount(text) >= 4 && wordCount(text) <= 20) return 'image-caption';
    return undefined;
  }
}

/**
 * Cleans text captured from a web page into Markdown-lite blocks, dropping page furniture.
 * Every kept block is the source's own words, except that ", external" link labels are removed and
 * bullet markers are normalised to `- `. `## ` headings are kept as headings.
 *
 * @param raw   the captured text
 * @param title the article's headline (metadata); a line equal to it is dropped
 */
export function cleanCapturedText(raw: string, title?: string): CleanedText {
  const lines = raw.replace(/\r\n?/g, '\n').split('\n').map((l) => l.replace(/\s+/g, ' ').trim());
  const blocks: string[] = [];
  const dropped: { line: string; rule: FurnitureRule }[] = [];
  const normTitle = title ? normaliseForCompare(title) : undefined;
  const walk = new FurnitureWalk();

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (line === '') continue;
    const isHeading = HEADING.test(line);
    const content = line.replace(isHeading ? HEADING : BULLET, '').trim();
    const next = lines.slice(i + 1).find((l) => l !== '');
    const rule = normTitle && normaliseForCompare(content) === normTitle ? 'headline' : walk.check(line, next);
    if (rule) {
      dropped.push({ line, rule });
      continue;
    }
    const text = content.replace(LINK_LABEL, '');
    if (isHeading) blocks.push(`## ${text}`);
    else if (BULLET.test(line)) blocks.push(`- ${text}`);
    else if (looksLikeHeading(text, lines, i)) blocks.push(`## ${text}`);
    else blocks.push(text);
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

/** Headings that introduce lists of other stories or links rather than the article itself. */
const RELATED_HEADINGS =
  /^(?:related\s+(?:topics|stories|links|content|articles|internet\s+links|pages|news|information|services)|more\s+on\s+this\s+story|more\s+(?:stories|news)\s+(?:from|like\s+this)\b.*|top\s+stories|most\s+(?:read|watched|popular)|you\s+(?:may|might)\s+also\s+(?:like|be\s+interested\s+in)|see\s+also|also\s+in\s+the\s+news|around\s+the\s+bbc|elsewhere\s+on\s+the\s+bbc|latest\s+news|other\s+news|in\s+this\s+section|share\s+this\s+(?:page|article|story)|useful\s+links|explore\s+the\s+bbc|(?:more|other)\s+from\s+\S.{0,40})\s*:?$/i;

const DATE_LINE_PREFIX =
  /^(?:(?:first|last|date)\s+)?(?:published|posted|updated|updates|modified|issued|date(?:\s+of\s+publication)?|publication\s+date)(?:\s+(?:on|at|date))?\s*[:\-–]?\s*(.*)$/i;

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
  const isPublication = !/\b(?:updated|updates|modified)\b/i.test(text.slice(0, text.length - rest.length));
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
  /** Paragraphs, `- ` list items and `## ` headings (each followed by text of its own). */
  paragraphs: string[];
  /** Date from a dropped "Published ..." line, if any. */
  published?: string;
  /** That line, as the page wrote it ("Published Monday, 8th July 2019"). */
  publishedLine?: string;
}

/**
 * Applies the furniture rules to a list of paragraphs (list items start with "- ", headings with
 * "## "). Drops furniture lines and the headline; drops a related-stories heading together with the
 * list that follows it; drops a heading left with no text under it; removes link labels; collapses
 * whitespace; removes consecutive duplicates.
 */
export function cleanParagraphs(input: readonly string[], options: CleanOptions = {}): CleanResult {
  const titleKeys = new Set(
    [options.title, ...(options.headlines ?? [])].filter((t): t is string => Boolean(t)).map(comparableText).filter(Boolean),
  );
  const out: string[] = [];
  let published: { date: string; line: string } | undefined;
  let skippingRelated = false;
  const walk = new FurnitureWalk();
  const texts = input.map((raw) => {
    const kind = raw.startsWith('- ') ? 'item' : HEADING.test(raw) ? 'heading' : 'paragraph';
    let text = normalizeSpace(stripLinkLabels(raw.replace(kind === 'item' ? /^- / : HEADING, '')));
    if (options.textLinkLabels) text = stripExternalLabelsInText(text);
    return { kind, text };
  });
  for (const [i, { kind, text }] of texts.entries()) {
    if (text === '') continue;
    const isItem = kind === 'item';

    if (skippingRelated) {
      // The related block is the heading plus the list/short link lines right after it.
      if (isItem || (kind === 'paragraph' && text.length < 100 && !/[.!?]["”’]?$/.test(text))) continue;
      skippingRelated = false;
    }
    if (!isItem && isRelatedHeading(text)) {
      skippingRelated = true;
      continue;
    }
    const stated = statedDate(text);
    const date = stated?.isPublication ? stated : isBareDate(text) ? { date: parseDate(text) ?? '', said: text } : undefined;
    if (date?.date && published === undefined && !isItem) published = { date: date.date, line: date.said };
    if (walk.check(kind === 'heading' ? `## ${text}` : isItem ? `- ${text}` : text, texts[i + 1]?.text)) continue;
    if (out.filter((p) => !p.startsWith('## ')).length < 3 && titleKeys.has(comparableText(text))) continue;

    const paragraph = isItem ? `- ${text}` : kind === 'heading' ? `## ${text}` : text;
    if (out[out.length - 1] === paragraph) continue;
    out.push(paragraph);
  }
  const paragraphs = out.filter((p, i) => !p.startsWith('## ') || (out[i + 1] !== undefined && !out[i + 1]?.startsWith('## ')));
  return published === undefined ? { paragraphs } : { paragraphs, published: published.date, publishedLine: published.line };
}
