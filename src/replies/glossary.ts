/**
 * The glossary in the bot: `/glossary [term]` and the "Terms in this answer" line under an `/ask`
 * answer. Plain text (no emoji, no images), short lines, so it reads well aloud.
 *
 * Everything shown comes from `knowledge/glossary.yml` (escaped: it is moderators' text) or is
 * the bot's own short wording; what a member typed is echoed only through `escapeUserText`.
 */
import type { Engine } from '../core/engine.ts';
import { closestEntries, findEntry, termsIn, type Glossary, type GlossaryEntry } from '../core/glossary.ts';
import { sentences, words } from '../core/text.ts';
import { escapeText, escapeUserText, truncate } from './format.ts';
import { filterChoices } from './choices.ts';
import type { Reply } from './reply.ts';

/** Most close terms suggested for a term the glossary does not have. */
const MAX_SUGGESTIONS = 5;
/** Most terms in the "Terms in this answer" line, and its longest length (Markdown). */
export const TERMS_LINE_MAX_TERMS = 5;
export const TERMS_LINE_MAX_LENGTH = 900;
/** Longest list of all terms in one reply (Discord's content limit is 2,000). */
const MAX_LIST_LENGTH = 1500;
/** Longest "Also called" line. */
const MAX_ALIASES_LENGTH = 500;

/**
 * `/glossary`: with a term (or an alias, any case, small typos forgiven), that entry: the term in
 * bold, its meaning, its other names and its link. Without one, every term. For a term the
 * glossary does not have, a private note naming up to five close terms.
 */
export function glossaryReply(engine: Engine, typed?: string): Reply {
  const glossary = engine.glossary;
  const wanted = typed?.trim() ? typed.trim() : undefined;
  if (wanted === undefined) return listReply(glossary);
  const entry = findEntry(glossary, wanted);
  if (entry) return { lead: entryText(entry), cards: [] };
  const close = closestEntries(glossary, wanted, MAX_SUGGESTIONS).map((e) => escapeText(e.term));
  const hint = close.length > 0
    ? ` Did you mean ${orList(close)}?`
    : glossary.entries.length > 0 ? ' Use `/glossary` without a term to see every term I have.' : '';
  return { lead: `I don't have “${escapeUserText(wanted, 100)}” in my glossary.${hint}`, cards: [], ephemeral: true };
}

/** One entry, as Markdown: term in bold, meaning, other names, link. */
function entryText(entry: GlossaryEntry): string {
  const lines = [`**${escapeText(entry.term)}**`, escapeText(entry.meaning)];
  // Each name once, whatever its case or punctuation ("SENCo" and "SENCO" are one name to a reader).
  const seen = new Set([words(entry.term).join(' ')]);
  const aliases = entry.aliases.filter((a) => {
    const key = words(a).join(' ');
    return seen.has(key) ? false : (seen.add(key), true);
  });
  // Semicolons between names when a name has a comma of its own ("education, health and care plan").
  const separator = aliases.some((a) => a.includes(',')) ? '; ' : ', ';
  if (aliases.length > 0) lines.push(`Also called: ${escapeText(truncate(aliases.join(separator), MAX_ALIASES_LENGTH))}.`);
  const link = entry.link === undefined ? undefined : safeLink(entry.link);
  // Angle brackets: a plain link, without a large preview.
  if (link !== undefined) lines.push(`More: <${link}>`);
  return lines.join('\n');
}

/** The link as the URL parser writes it (spaces, quotes and angle brackets encoded), or undefined if it is not http(s). */
function safeLink(link: string): string | undefined {
  try {
    const url = new URL(link);
    return url.protocol === 'https:' || url.protocol === 'http:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Every term, alphabetically, in one paragraph (a long glossary is cut with a count of the rest). */
function listReply(glossary: Glossary): Reply {
  const terms = sortedTerms(glossary);
  if (terms.length === 0) return { lead: 'I have no glossary yet.', cards: [] };
  const shown: string[] = [];
  let length = 0;
  for (const t of terms) {
    const escaped = escapeText(t);
    if (length + escaped.length + 2 > MAX_LIST_LENGTH) break;
    shown.push(escaped);
    length += escaped.length + 2;
  }
  const rest = terms.length - shown.length;
  return {
    lead: [
      '**Glossary**',
      `Words from the reports that I can explain. Use \`/glossary\` with a term to see what it means, for example \`/glossary term:${escapeText(terms[0] ?? '')}\`.`,
      '',
      `${shown.join(', ')}${rest > 0 ? `, and ${rest} more (start typing a term to find them)` : ''}.`,
    ].join('\n'),
    cards: [],
  };
}

function sortedTerms(glossary: Glossary): string[] {
  return glossary.entries.map((e) => e.term).sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
}

/** "A", "A or B", "A, B or C". */
function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] ?? ''}`;
}

/**
 * Autocomplete for `/glossary term:`: the terms whose name or any alias contains what was typed
 * (those starting with it first), offered by their term; when nothing contains it, the closest
 * terms, so a typo still finds one.
 */
export function glossaryChoices(engine: Engine, typed: string): string[] {
  const glossary = engine.glossary;
  const termOf = new Map<string, string>();
  const names: string[] = [];
  for (const term of sortedTerms(glossary)) {
    termOf.set(term, term);
    names.push(term);
  }
  for (const entry of glossary.entries) {
    for (const alias of entry.aliases) {
      if (termOf.has(alias)) continue;
      termOf.set(alias, entry.term);
      names.push(alias);
    }
  }
  const picked = [...new Set(filterChoices(names, typed).map((n) => termOf.get(n) ?? n))];
  if (picked.length > 0 || typed.trim() === '') return picked;
  const found = findEntry(glossary, typed);
  return [...new Set([...(found ? [found.term] : []), ...closestEntries(glossary, typed, MAX_SUGGESTIONS).map((e) => e.term)])];
}

/**
 * The footnote of an `/ask` answer: the glossary's terms found in the excerpts (whole words, in
 * order of first use), each with the first sentence of its meaning, at most five and about 900
 * characters, then a pointer to `/glossary`. Undefined when the excerpts use no glossary term.
 */
export function termsLine(glossary: Glossary, texts: readonly string[]): string | undefined {
  return termsLineOf(termsIn(glossary, texts));
}

/** {@link termsLine} of terms already found (by core/answer's pipeline). */
export function termsLineOf(found: readonly GlossaryEntry[]): string | undefined {
  if (found.length === 0) return undefined;
  const head = '**Terms in this answer:**';
  const tail = 'Use `/glossary` to look up these and other terms.';
  const lines: string[] = [];
  let length = head.length + tail.length + 2;
  for (const entry of found.slice(0, TERMS_LINE_MAX_TERMS)) {
    const line = `**${escapeText(entry.term)}**: ${escapeText(truncate(firstSentence(entry.meaning), 250))}`;
    if (length + line.length + 1 > TERMS_LINE_MAX_LENGTH) break;
    lines.push(line);
    length += line.length + 1;
  }
  if (lines.length === 0) return undefined;
  return [head, ...lines, tail].join('\n');
}

function firstSentence(text: string): string {
  return sentences(text)[0] ?? text;
}
