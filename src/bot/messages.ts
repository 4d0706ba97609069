/**
 * Replies as Discord messages: one embed per card (title = the source's title linking to it, the
 * excerpt verbatim in the description with the highlight in bold, "speaker · publisher · date" in the
 * footer, the card's note in a field of its own so it is never mistaken for the source's words),
 * spread over messages within Discord's limits. Excerpts are shortened with "…" to fit;
 * a card's citation (title, link, footer) is never dropped.
 */
import type { APIEmbed } from 'discord.js';
import { formatDate } from '../core/dates.ts';
import { DISCORD_LIMITS as L, ELLIPSIS, escapeUserText, renderExcerpt, truncate } from '../replies/format.ts';
import { speakerLine, type Card, type Reply } from '../replies/reply.ts';

/** A message body; `send.ts` adds `allowedMentions` and flags. */
export interface DiscordMessage {
  readonly content?: string;
  readonly embeds: APIEmbed[];
}

/** Embed colour of excerpts (a calm blue, readable on light and dark themes). */
export const EXCERPT_COLOR = 0x3b6ea5;
/** Longest footer kept, so the citation never crowds out the excerpt. */
const MAX_FOOTER = 512;
/** Longest echo of a question, before escaping. */
const MAX_ECHO = 300;
/** Most fact fields per card. */
const MAX_FACTS = 3;
/** Name of the field that carries a card's note. */
export const NOTE_FIELD = 'Newer information';
/** Excerpt lengths tried, in turn, when whole excerpts need more messages than allowed. */
const SHORTER_EXCERPTS = [700, 300, 120];

interface Prepared {
  readonly embed: APIEmbed;
  /** Length of everything but the description. */
  readonly fixed: number;
  readonly text?: string;
  readonly highlight?: string;
  /** The whole excerpt rendered. */
  readonly rendered?: string;
  /** Its length (0 without one). */
  readonly full: number;
}

/** The messages to send for a reply: the first carries the lead, the last the footnote. */
export function toDiscordMessages(reply: Reply): DiscordMessage[] {
  const maxMessages = Math.max(1, reply.maxMessages ?? 1);
  const prepared = reply.cards.map(prepare);
  // Whole excerpts if they fit the messages allowed, else shorter ones, before leaving any card out.
  let packed = pack(prepared, (p) => p.fixed + Math.min(p.full, L.embedDescription), maxMessages);
  for (const excerpt of SHORTER_EXCERPTS) {
    if (packed.left === 0) break;
    packed = pack(prepared, (p) => p.fixed + Math.min(p.full, excerpt), maxMessages);
  }
  const groups = packed.groups.length > 0 ? packed.groups : [[]];

  const head = [reply.echo !== undefined && reply.echo.trim() !== '' ? `**You asked:** ${escapeUserText(reply.echo, MAX_ECHO)}` : '', reply.lead ?? '']
    .filter((s) => s !== '')
    .join('\n');
  const omitted = packed.left > 0 ? `${ELLIPSIS}and ${packed.left} more not shown.` : '';
  const tail = [reply.footnote ?? '', omitted].filter((s) => s !== '').join('\n');
  // Text alone that is too long for one message (a lead and a long footnote): the footnote gets its own.
  if (reply.cards.length === 0 && head !== '' && tail !== '' && head.length + tail.length + 2 > L.content) {
    return [{ content: truncate(head, L.content), embeds: [] }, { content: truncate(tail, L.content), embeds: [] }];
  }
  return groups.map((group, i) => {
    const content = [i === 0 ? head : '', i === groups.length - 1 ? tail : ''].filter((s) => s !== '').join('\n\n');
    const embeds = fill(group);
    const safe = truncate(content, L.content);
    if (safe !== '') return { content: safe, embeds };
    return embeds.length > 0 ? { embeds } : { content: ELLIPSIS, embeds };
  });
}

function prepare(card: Card): Prepared {
  const source = card.source;
  const footer = truncate([card.speaker ? speakerLine(card.speaker) : '', source.publisher, formatDate(source.published)].filter(Boolean).join(' · '), MAX_FOOTER);
  const embed: APIEmbed = {
    title: truncate(source.title, L.embedTitle),
    url: source.url,
    color: EXCERPT_COLOR,
    footer: { text: footer },
    ...(card.heading && { author: { name: truncate(card.heading, L.embedAuthorName) } }),
  };
  const fields = [
    ...(card.facts ?? []).slice(0, MAX_FACTS).map((f) => ({ name: truncate(f.name, L.fieldName), value: truncate(f.value, L.fieldValue) || ELLIPSIS, inline: true })),
    // The note is plain text that may name a source's title: escaped, so it shows as written.
    ...(card.note !== undefined && card.note.trim() !== '' ? [{ name: NOTE_FIELD, value: renderExcerpt(card.note, undefined, L.fieldValue) || ELLIPSIS }] : []),
  ];
  if (fields.length > 0) embed.fields = fields;
  const fixed = (embed.title?.length ?? 0) + footer.length + (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0);
  const passages = card.excerpt?.passages.filter((p) => p.trim() !== '') ?? [];
  if (passages.length === 0) return { embed, fixed, full: 0 };
  const text = passages.join('\n\n');
  const highlight = card.excerpt?.highlight;
  const rendered = renderExcerpt(text, highlight, Number.POSITIVE_INFINITY);
  return { embed, fixed, text, ...(highlight !== undefined && { highlight }), rendered, full: rendered.length };
}

/** Greedy packing: cards in order, a new message when 10 embeds or the 6,000 total would be passed. */
function pack(items: readonly Prepared[], size: (p: Prepared) => number, maxGroups: number): { groups: Prepared[][]; left: number } {
  const groups: Prepared[][] = [];
  let current: Prepared[] = [];
  let total = 0;
  for (const [i, item] of items.entries()) {
    const n = size(item);
    if (current.length > 0 && (current.length >= L.embeds || total + n > L.embedTotal)) {
      groups.push(current);
      current = [];
      total = 0;
      if (groups.length >= maxGroups) return { groups, left: items.length - i };
    }
    current.push(item);
    total += n;
  }
  if (current.length > 0) groups.push(current);
  return { groups, left: 0 };
}

/** The group's embeds, sharing what the 6,000 total leaves for excerpts fairly (short ones whole). */
function fill(group: readonly Prepared[]): APIEmbed[] {
  let budget = L.embedTotal - group.reduce((n, p) => n + p.fixed, 0);
  const limits = new Map<Prepared, number>();
  const withText = group.filter((p) => p.text !== undefined).sort((a, b) => a.full - b.full);
  withText.forEach((p, i) => {
    const share = Math.floor(Math.max(0, budget) / (withText.length - i));
    const limit = Math.min(p.full, share, L.embedDescription);
    limits.set(p, limit);
    budget -= limit;
  });
  return group.map((p) => {
    if (p.text === undefined) return p.embed;
    const limit = limits.get(p) ?? 0;
    const description = p.rendered !== undefined && p.full <= limit ? p.rendered : renderExcerpt(p.text, p.highlight, limit);
    return description === '' ? p.embed : { ...p.embed, description };
  });
}
