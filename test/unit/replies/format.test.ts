import { describe, expect, it } from 'vitest';
import { escapeText, escapeUserText, renderExcerpt, stripDiscordSyntax, truncate } from '../../../src/replies/format.ts';
import { boldParts, unrender } from '../bot/helpers.ts';

describe('escapeText', () => {
  it('escapes every Markdown construct so the text shows as written', () => {
    const text = '*a* _b_ __c__ ~~d~~ `e` ||f|| [g](https://x.org) \\h';
    const escaped = escapeText(text);
    expect(escaped).not.toMatch(/(?<!\\)[*_~`|[]/);
    expect(unrender(escaped)).toEqual([text]);
  });

  it('escapes headings, lists and block quotes at the start of a line', () => {
    for (const line of ['# Heading', '- bullet', '1. numbered', '> quote', '>>> quote']) {
      const escaped = escapeText(`Text\n${line}`);
      expect(escaped.split('\n')[1], escaped).toMatch(/^\\|^\d+\\./);
      expect(unrender(escaped)).toEqual([`Text\n${line}`]);
    }
  });

  it('escapes a masked link even when split by spaces, and a bracket after an escaped backslash', () => {
    expect(escapeText('[two words](https://x.org)')).toMatch(/^\\\[two words/);
    expect(escapeText('\\[x](https://x.org)')).toBe('\\\\\\[x](https://x.org)');
    expect(unrender(escapeText('a \\[x](https://x.org)'))).toEqual(['a \\[x](https://x.org)']);
  });

  it('escapes long text quickly (escapeMarkdown alone is quadratic in the line length)', () => {
    const long = 'The partnership said it was committed to reducing *waiting* times and_support. '.repeat(60);
    const started = performance.now();
    const escaped = escapeText(long);
    expect(performance.now() - started).toBeLessThan(200);
    expect(unrender(escaped)).toEqual([long]);
    expect(escaped).not.toMatch(/(?<!\\)[*_]/);
  });

  it('keeps mentions and timestamps from rendering', () => {
    expect(escapeText('<@123456789012345678> <#1> <t:1700000000>')).toBe('\\<@123456789012345678> \\<#1> \\<t:1700000000>');
  });
});

describe('escapeUserText', () => {
  it('neutralises @everyone, @here and user mentions with a zero-width space, on one line', () => {
    const out = escapeUserText('hi @everyone and @here\n<@123456789012345678> **bold**');
    expect(out).toBe('hi @\u200beveryone and @\u200bhere \\<@\u200b123456789012345678> \\*\\*bold\\*\\*');
    expect(out).not.toMatch(/@(everyone|here)/);
  });

  it('never echoes a typed link as a link: the scheme is broken with a zero-width space', () => {
    const out = escapeUserText('see https://evil.example/x and HTTP://a.b or <https://c.d> ftp://e.f');
    expect(out).not.toMatch(/[a-z]:\/\//i);
    expect(out.replace(/\u200b/g, '')).toBe('see https://evil.example/x and HTTP://a.b or \\<https://c.d> ftp://e.f');
  });

  it('shortens long text before escaping, so an escape is never cut in half', () => {
    const out = escapeUserText('*'.repeat(1000), 300);
    expect(out.length).toBeLessThanOrEqual(300 * 2 + 1);
    expect(out.endsWith('…')).toBe(true);
    expect(out).not.toMatch(/\\…$/);
  });
});

describe('stripDiscordSyntax', () => {
  it('removes mentions and custom emoji, keeping the words', () => {
    expect(stripDiscordSyntax('@everyone <@!123> <@&456> <#789> how long <:wave:123>  is the wait? @here')).toBe('how long is the wait?');
  });
});

describe('truncate', () => {
  it('keeps short text as it is', () => {
    expect(truncate('short', 10)).toBe('short');
  });

  it('cuts at a word boundary and ends with an ellipsis, within the limit', () => {
    const out = truncate('The inspection found widespread failings in the county', 30);
    expect(out.length).toBeLessThanOrEqual(30);
    expect(out).toBe('The inspection found…');
  });

  it('never splits a surrogate pair', () => {
    const out = truncate('😀'.repeat(10), 6);
    expect(out.length).toBeLessThanOrEqual(6);
    expect(out).toBe('😀😀…');
    expect(() => encodeURIComponent(out)).not.toThrow();
  });
});

describe('renderExcerpt', () => {
  const text = 'First sentence about schools. The wait for an autism assessment is long. Last sentence here.';
  const highlight = 'The wait for an autism assessment is long.';

  it('bolds the highlight and keeps the rest verbatim', () => {
    const out = renderExcerpt(text, highlight, 4096);
    expect(out).toBe('First sentence about schools. **The wait for an autism assessment is long.** Last sentence here.');
    expect(boldParts(out)).toEqual([highlight]);
    expect(unrender(out)).toEqual([text]);
  });

  it('escapes Markdown in the excerpt, inside and outside the bold', () => {
    const t = 'A *starred* claim. The __key__ sentence_with_underscores. End.';
    const out = renderExcerpt(t, 'The __key__ sentence_with_underscores.', 4096);
    expect(out).toBe('A \\*starred\\* claim. **The \\_\\_key\\_\\_ sentence\\_with\\_underscores.** End.');
    expect(unrender(out)).toEqual([t]);
  });

  it('works without a highlight, or with one that is not in the text', () => {
    expect(renderExcerpt(text, undefined, 4096)).toBe(text);
    expect(renderExcerpt(text, 'not there', 4096)).toBe(text);
  });

  it('shortens from the end with "…" when the highlight still fits', () => {
    const out = renderExcerpt(text, highlight, 80);
    expect(out.length).toBeLessThanOrEqual(80);
    expect(out.startsWith('First sentence')).toBe(true);
    expect(out.endsWith('…')).toBe(true);
    expect(boldParts(out)).toEqual([highlight]);
    expect(text).toContain(unrender(out)[0]);
  });

  it('starts at the highlight, with "…", when the text before it does not fit', () => {
    const out = renderExcerpt(text, highlight, 50);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out.startsWith('…**The wait')).toBe(true);
    expect(boldParts(out)).toEqual([highlight]);
  });

  it('shows the start of the highlight when even the highlight is too long', () => {
    const out = renderExcerpt(text, highlight, 30);
    expect(out.length).toBeLessThanOrEqual(30);
    expect(out).toMatch(/^…\*\*The wait for an[^*]*\*\*…$/);
    expect(highlight).toContain(unrender(out)[0]);
  });

  it('stays within any limit and verbatim, for text full of Markdown characters', () => {
    const nasty = 'Under_scores *stars* `ticks` ~~strike~~ ||spoil|| > quote \\back\\slash. '.repeat(40) + 'The **key** sentence. ' + 'More_text '.repeat(100);
    for (const max of [10, 50, 100, 333, 1000, 4096]) {
      const out = renderExcerpt(nasty, 'The **key** sentence.', max);
      expect(out.length, String(max)).toBeLessThanOrEqual(max);
      for (const piece of unrender(out)) expect(nasty).toContain(piece);
      expect(out).not.toMatch(/(?<!\\)\\…$/);
    }
  });
});
