/**
 * renderExcerpt memoises whole rendered excerpts: the same passage (and highlight) is escaped once,
 * and the output is exactly what escaping it afresh gives.
 */
import type * as Formatters from '@discordjs/formatters';
import { describe, expect, it, vi } from 'vitest';
import { defaultKnowledgeDir } from '../../../src/cli/paths.ts';
import { sentences } from '../../../src/core/text.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';

const calls = vi.hoisted(() => ({ n: 0 }));
vi.mock('@discordjs/formatters', async (original) => {
  const real = await original<typeof Formatters>();
  return { ...real, escapeMarkdown: (...args: Parameters<typeof real.escapeMarkdown>) => (calls.n++, real.escapeMarkdown(...args)) };
});

const { escapeText, renderExcerpt } = await import('../../../src/replies/format.ts');

describe('renderExcerpt memo', () => {
  it('escapes each passage once, with output identical to escaping it afresh', async () => {
    const { sources } = await loadKnowledge(defaultKnowledgeDir());
    const passages = sources.flatMap((s) => s.passages.map((p) => p.text));
    expect(passages.length).toBeGreaterThan(20);
    for (const text of passages) {
      const highlight = sentences(text)[1] ?? sentences(text)[0];
      const at = highlight === undefined ? -1 : text.indexOf(highlight);
      const expected = at < 0 || highlight === undefined ? escapeText(text)
        : `${escapeText(text.slice(0, at))}**${escapeText(highlight)}**${escapeText(text.slice(at + highlight.length))}`;
      calls.n = 0;
      const first = renderExcerpt(text, highlight, Number.POSITIVE_INFINITY);
      expect(calls.n).toBeGreaterThan(0);
      expect(first).toBe(expected);
      calls.n = 0;
      expect(renderExcerpt(text, highlight, Number.POSITIVE_INFINITY)).toBe(first);
      expect(renderExcerpt(text, highlight, 1_000_000)).toBe(first);
      expect(calls.n).toBe(0);
      // Another highlight of the same passage is another rendering.
      expect(renderExcerpt(text, undefined, Number.POSITIVE_INFINITY)).toBe(escapeText(text));
    }
  });
});
