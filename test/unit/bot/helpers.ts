/**
 * Shared by the bot's unit and end-to-end tests: undoing the Discord rendering of an excerpt, and
 * checking the citation contract on what the bot sent.
 */
import type { Engine } from '../../../src/core/engine.ts';

/** The subset of an embed the checks read (discord.js APIEmbed and the fake server's ApiEmbed both fit). */
export interface EmbedLike {
  title?: string;
  url?: string;
  description?: string;
  footer?: { text: string };
  author?: { name: string };
  fields?: { name: string; value: string }[];
}

export interface MessageLike {
  content?: string;
  embeds: EmbedLike[];
}

/**
 * The verbatim text behind a rendered excerpt: bold marks dropped, backslash escapes undone, the "…"
 * added around a shortened excerpt removed; one piece per paragraph.
 */
export function unrender(markdown: string): string[] {
  let out = '';
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown[i];
    if (c === '\\' && i + 1 < markdown.length) out += markdown[++i];
    else if (c === '*' && markdown[i + 1] === '*') i++;
    else out += c;
  }
  return out
    .split('\n\n')
    .map((p) => p.replace(/^…/, '').replace(/…$/, ''))
    .filter((p) => p !== '');
}

/** The bold parts of a rendered excerpt (as rendered). */
export function boldParts(markdown: string): string[] {
  const parts: string[] = [];
  let current: string | null = null;
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown[i];
    if (c === '\\' && i + 1 < markdown.length) {
      if (current !== null) current += c + markdown[i + 1];
      i++;
    } else if (c === '*' && markdown[i + 1] === '*') {
      i++;
      if (current === null) current = '';
      else {
        parts.push(current);
        current = null;
      }
    } else if (current !== null) current += c;
  }
  return parts;
}

/**
 * Problems with the citation contract in one message: every embed with a description must carry
 * verbatim text of one source, with that source's exact title (or its safe truncation) and link in
 * the same embed. `cites: false` checks a reply that cites nothing: no embeds, and no source title
 * or link anywhere in the content.
 */
export function contractProblems(message: MessageLike, engine: Engine, options: { cites: boolean }): string[] {
  const problems: string[] = [];
  const sources = engine.sources.map((s) => s.meta);
  if (!options.cites) {
    if (message.embeds.length > 0) problems.push(`a reply that cites nothing has ${message.embeds.length} embed(s)`);
    const content = message.content ?? '';
    for (const s of sources) {
      if (content.includes(s.url)) problems.push(`content names the link ${s.url}`);
      if (content.includes(s.title)) problems.push(`content names the title "${s.title}"`);
    }
    if (/https?:\/\//.test(content)) problems.push('content has a link');
    return problems;
  }
  message.embeds.forEach((embed, i) => {
    const source = sources.find((s) => s.url === embed.url);
    if (!source) {
      problems.push(`embed ${i}: link ${String(embed.url)} is not a source's`);
      return;
    }
    const title = embed.title ?? '';
    const titleOk = title === source.title || (title.endsWith('…') && source.title.startsWith(title.slice(0, -1).trimEnd()));
    if (!titleOk) problems.push(`embed ${i}: title "${title}" is not the title of ${source.id}`);
    if (embed.description === undefined) return;
    const passages = engine.sources.find((s) => s.meta.id === source.id)?.passages.map((p) => p.text) ?? [];
    for (const piece of unrender(embed.description)) {
      if (!passages.some((p) => p.includes(piece))) problems.push(`embed ${i}: "${piece.slice(0, 80)}…" is not verbatim text of ${source.id}`);
    }
  });
  return problems;
}

/** Discord's limits, checked on a message (the fake server checks them too; this names the embed). */
export function limitProblems(message: MessageLike): string[] {
  const problems: string[] = [];
  const len = (s: string | undefined): number => (s === undefined ? 0 : [...s].length);
  if (len(message.content) > 2000) problems.push(`content ${len(message.content)} > 2000`);
  if (message.embeds.length > 10) problems.push(`${message.embeds.length} embeds > 10`);
  let total = 0;
  message.embeds.forEach((e, i) => {
    if (len(e.title) > 256) problems.push(`embed ${i} title > 256`);
    if (len(e.description) > 4096) problems.push(`embed ${i} description > 4096`);
    if (len(e.footer?.text) > 2048) problems.push(`embed ${i} footer > 2048`);
    if (len(e.author?.name) > 256) problems.push(`embed ${i} author > 256`);
    for (const f of e.fields ?? []) {
      if (len(f.name) > 256) problems.push(`embed ${i} field name > 256`);
      if (len(f.value) > 1024) problems.push(`embed ${i} field value > 1024`);
    }
    total += len(e.title) + len(e.description) + len(e.footer?.text) + len(e.author?.name) + (e.fields ?? []).reduce((n, f) => n + len(f.name) + len(f.value), 0);
  });
  if (total > 6000) problems.push(`embeds total ${total} > 6000`);
  return problems;
}
