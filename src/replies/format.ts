/**
 * Text for Discord: its limits, Markdown escaping, mention neutralising and truncation that never
 * breaks a limit, a surrogate pair, an escape sequence or the bold around a highlight.
 *
 * Lengths are measured in UTF-16 code units (`string.length`), which is never less than the
 * characters Discord counts, so a text within these limits is within Discord's.
 */
import { escapeMarkdown } from '@discordjs/formatters';

/** Discord's message limits (https://discord.com/developers/docs/resources/message). */
export const DISCORD_LIMITS = Object.freeze({
  content: 2000,
  embeds: 10,
  embedTitle: 256,
  embedDescription: 4096,
  embedAuthorName: 256,
  embedFooter: 2048,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  /** Title, description, field names and values, footer and author of all embeds of one message. */
  embedTotal: 6000,
  choices: 25,
  choiceName: 100,
  choiceValue: 100,
});

export const ELLIPSIS = '…';

/**
 * Escapes Markdown with discord.js `escapeMarkdown` (all of it: bold, italics, underline, strike,
 * spoilers, code, headings, lists, masked links) plus block quotes, `[` and `<`, so the text shows
 * exactly as written and `<@id>`, `<#id>` or `<t:…>` show as typed instead of as mentions or times.
 */
export function escapeText(text: string): string {
  // escapeMarkdown's italic rule takes time quadratic in the length of a line (about 20 ms for 4,000
  // characters), so escape in pieces of about ESCAPE_CHUNK characters, cut just before whitespace.
  // Its rules look no further than the current word, except masked links (`[` is escaped below) and
  // line-start rules (a piece may start with an escaped "-" or "#" that did not need it: harmless).
  let out = '';
  for (let start = 0; start < text.length; ) {
    let end = Math.min(text.length, start + ESCAPE_CHUNK);
    if (end < text.length) {
      const ws = text.slice(end).search(/\s/);
      end = ws < 0 ? text.length : end + ws;
    }
    out += escapeMarkdown(text.slice(start, end), { heading: true, bulletedList: true, numberedList: true, maskedLink: true });
    start = end;
  }
  return escapeRest(out);
}

/** Escapes what escapeMarkdown leaves: every `[` and `<`, and `>` opening a line (a block quote). */
function escapeRest(escaped: string): string {
  let out = '';
  let lineStart = true;
  for (let i = 0; i < escaped.length; i++) {
    const c = escaped[i] ?? '';
    if (c === '\\') {
      out += c + (escaped[i + 1] ?? '');
      i++;
      lineStart = false;
    } else {
      out += c === '[' || c === '<' || (c === '>' && lineStart) ? `\\${c}` : c;
      lineStart = c === '\n' || (lineStart && (c === ' ' || c === '\t'));
    }
  }
  return out;
}

const ESCAPE_CHUNK = 80;

/**
 * Something a user typed, to echo back: on one line, Markdown escaped, and `@everyone`, `@here` and
 * `<@id>` broken with a zero-width space so they cannot look like (or act as) mentions. A typed link
 * ("https://…", any scheme) is broken the same way after its colon, so Discord neither links nor
 * previews it: the bot never publishes a link a member typed.
 */
export function escapeUserText(text: string, max = 300): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return escapeText(truncate(oneLine, max))
    .replace(/@(everyone|here)\b/gi, '@\u200b$1')
    .replace(/<@/g, '<@\u200b')
    .replace(/\b([a-z][a-z\d+.-]*):(?=\/\/)/gi, '$1:\u200b');
}

/** Mentions, channel links and custom emoji in a question: Discord syntax, not words to search for. */
export function stripDiscordSyntax(text: string): string {
  return text
    .replace(/<(?:@[!&]?|#)\d+>/g, ' ')
    .replace(/<a?:\w+:\d+>/g, ' ')
    .replace(/@(?:everyone|here)\b/gi, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Shortens plain text to at most `max` code units, ending with "…": at a word boundary when one is
 * near, never inside a surrogate pair.
 */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  let end = safeEnd(text, max - ELLIPSIS.length);
  const space = text.lastIndexOf(' ', end);
  if (space > 0 && end - space <= 20) end = space;
  return `${text.slice(0, end).trimEnd()}${ELLIPSIS}`;
}

/**
 * A verbatim excerpt for an embed: Markdown escaped, the `highlight` sentence in bold, at most `max`
 * code units. When too long, a window is shown with "…" where text was left out: from the start if
 * the highlight still fits, else from the highlight, else part of the highlight.
 */
export function renderExcerpt(text: string, highlight: string | undefined, max: number): string {
  const at = highlight ? text.indexOf(highlight) : -1;
  const hs = at >= 0 ? at : 0;
  const he = at >= 0 && highlight ? at + highlight.length : 0;
  const build = (s: number, e: number): string => {
    let out = s > 0 ? ELLIPSIS : '';
    const a = Math.max(s, hs);
    const b = Math.min(e, he);
    if (at >= 0 && a < b) out += `${escapeText(text.slice(s, a))}**${escapeText(text.slice(a, b))}**${escapeText(text.slice(b, e))}`;
    else out += escapeText(text.slice(s, e));
    return e < text.length ? `${out}${ELLIPSIS}` : out;
  };
  const full = renderedWhole(text, highlight, at >= 0, () => build(0, text.length));
  if (full.length <= max) return full;
  if (max <= ELLIPSIS.length * 2) return ELLIPSIS.slice(0, Math.max(0, max));
  const starts = at > 0 ? [0, hs] : [0];
  for (const s of starts) {
    const least = Math.max(he, s + 1);
    if (build(s, least).length <= max) return build(s, wordEnd(text, longest(least, text.length, (e) => build(s, e).length <= max), least));
  }
  // Even the highlight alone is too long: show its beginning.
  const s = hs;
  const e = longest(s, text.length, (end) => build(s, end).length <= max);
  return build(s, Math.max(s, wordEnd(text, e, s + 1)));
}

/**
 * Whole excerpts already rendered, by highlight and text: the knowledge base's passages come back
 * again and again (the same passage for many questions, often with the same highlight), and
 * escaping is most of rendering. Keyed by content, so it is right for every engine, and bounded:
 * cleared when full, as the engine's own caches are.
 */
const rendered = new Map<string, string>();
const MAX_RENDERED = 2000;

function renderedWhole(text: string, highlight: string | undefined, highlighted: boolean, render: () => string): string {
  const key = `${highlighted ? (highlight ?? '') : ''}\u0000${text}`;
  let out = rendered.get(key);
  if (out === undefined) {
    out = render();
    if (rendered.size >= MAX_RENDERED) rendered.clear();
    rendered.set(key, out);
  }
  return out;
}

/** The largest `e` in [lo, hi] with `fits(e)`, given `fits(lo)` (fits is monotonic: longer never fits better). */
function longest(lo: number, hi: number, fits: (e: number) => boolean): number {
  let good = lo;
  let bad = hi + 1;
  while (bad - good > 1) {
    const mid = Math.floor((good + bad) / 2);
    if (fits(mid)) good = mid;
    else bad = mid;
  }
  return good;
}

/** Moves a cut back to a word boundary when one is near (not before `least`), and off a surrogate pair. */
function wordEnd(text: string, end: number, least: number): number {
  if (end >= text.length) return text.length;
  let e = safeEnd(text, end);
  const space = text.lastIndexOf(' ', e);
  if (space >= least && e - space <= 25) e = space;
  while (e > least && /\s/.test(text[e - 1] ?? '')) e--;
  return Math.max(e, Math.min(least, text.length));
}

/** `end`, or one less when it would split a surrogate pair. */
function safeEnd(text: string, end: number): number {
  const code = text.charCodeAt(end - 1);
  return end > 0 && code >= 0xd800 && code <= 0xdbff ? end - 1 : end;
}
