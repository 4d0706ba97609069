/**
 * Replies as terminal text for the local console: the same replies the bot sends to Discord, each
 * excerpt verbatim in quotes, then who said it, the publisher, the date, the title and the link,
 * then any note (such as a later report also covering the question).
 */
import { formatDate } from '../core/dates.ts';
import { speakerLine, type Reply } from '../replies/reply.ts';

export interface TextOptions {
  /**
   * Marks the highlighted sentence (e.g. ANSI bold on a terminal). Default: unmarked. It receives
   * text already free of control characters, and what it returns is printed as it is.
   */
  highlight?: (sentence: string) => string;
}

export function toText(reply: Reply, options: TextOptions = {}): string {
  const mark = options.highlight ?? ((s: string) => s);
  const lines: string[] = [];
  if (reply.echo !== undefined && reply.echo.trim() !== '') lines.push(`You asked: ${clean(reply.echo.replace(/\s+/g, ' ').trim())}`);
  if (reply.lead) lines.push(markdownToText(reply.lead));
  if (lines.length > 0 && reply.cards.length > 0) lines.push('');
  reply.cards.forEach((card, i) => {
    const n = `${i + 1}. `;
    const pad = ' '.repeat(n.length);
    if (card.heading) lines.push(`${n}${clean(card.heading)}`);
    const passages = card.excerpt?.passages ?? [];
    passages.forEach((text, j) => {
      const highlight = card.excerpt?.highlight;
      const at = highlight ? text.indexOf(highlight) : -1;
      // Cleaned before marking: the mark may itself be a terminal code, which `clean` would half remove.
      const shown = at >= 0 && highlight ? `${clean(text.slice(0, at))}${mark(clean(highlight))}${clean(text.slice(at + highlight.length))}` : clean(text);
      lines.push(`${card.heading || j > 0 ? pad : n}"${shown}"`);
    });
    if (!card.heading && passages.length === 0) lines.push(`${n}${clean(card.source.title)}`);
    const who = card.speaker ? `${speakerLine(card.speaker)} · ` : '';
    lines.push(`${pad}${clean(`${who}${card.source.publisher} · ${formatDate(card.source.published)}${passages.length > 0 || card.heading ? ` · ${card.source.title}` : ''}`)}`);
    for (const fact of card.facts ?? []) lines.push(`${pad}${clean(fact.name)}: ${clean(fact.value).replace(/\n/g, `\n${pad}  `)}`);
    lines.push(`${pad}${clean(card.source.url)}`);
    if (card.note !== undefined && card.note.trim() !== '') lines.push(`${pad}${clean(card.note.replace(/\s+/g, ' ').trim())}`);
    lines.push('');
  });
  if (reply.footnote) lines.push(markdownToText(reply.footnote));
  return lines.join('\n').trimEnd();
}

/** Markdown the bot wrote, as plain text: bold and code marks dropped, escapes undone. */
export function markdownToText(markdown: string): string {
  let out = '';
  for (let i = 0; i < markdown.length; i++) {
    const c = markdown[i];
    if (c === '\\' && i + 1 < markdown.length) out += markdown[++i];
    else if (c === '*' && markdown[i + 1] === '*') i++;
    else if (c !== '`') out += c;
  }
  return clean(out.replace(/\u200b/g, ''));
}

/** Removes control characters (a terminal would act on them), keeping line breaks and tabs. */
function clean(text: string): string {
  return text.replace(/\p{Cc}/gu, (c) => (c === '\n' || c === '\t' ? c : ''));
}
