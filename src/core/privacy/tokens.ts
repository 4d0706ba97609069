/** Tokens: words with their positions, for the school, family and public-name rules; and the ordinary-word check. */
import { words } from '../text.ts';
import { HONORIFICS } from './lexicon.ts';

import type { Token } from './types.ts';

export type { Token } from './types.ts';

export const TOKEN = /[\p{L}\p{N}](?:[\p{L}\p{M}\p{N}'’-]*[\p{L}\p{M}\p{N}])?(\.)?/gu;

export function tokenise(text: string): Token[] {
  const tokens: Token[] = [];
  let previousEnd = 0;
  for (const m of text.matchAll(TOKEN)) {
    const dot = m[1] !== undefined;
    const written = dot ? m[0].slice(0, -1) : m[0];
    const start = m.index;
    const gap = text.slice(previousEnd, start);
    const prev = tokens[tokens.length - 1];
    const initial = !prev || /[!?\n]/.test(gap) || (prev.dot && !isAbbreviation(prev));
    tokens.push({ text: written, start, end: start + written.length, key: words(written).join(' '), cap: /^\p{Lu}/u.test(written), dot, initial });
    previousEnd = start + m[0].length;
  }
  return tokens;
}

/** "St.", "Dr.", "C." in "C.E.": a full stop that does not end the sentence. */
export function isAbbreviation(token: Token): boolean {
  return token.dot && (token.text.length === 1 || HONORIFICS.has(token.key) || token.key === 'st');
}

/** Two tokens are next to each other: only spaces (or nothing, after an abbreviation) between them. */
export function adjacent(text: string, a: Token, b: Token): boolean {
  if (a.dot && !isAbbreviation(a)) return false;
  return /^[ \t\u00a0]*$/.test(text.slice(a.dot ? a.end + 1 : a.end, b.start)) || /^[ \t\u00a0]*&[ \t\u00a0]*$/.test(text.slice(a.end, b.start));
}

export const CONNECTORS = new Set(['of', 'and', 'the', 'for', 'in', 'on', 'upon', 'de', 'la', 'le', 'du', 'van', 'von', 'der']);

/** Runs of capitalised tokens, joined by spaces and small connectors ("Families in Partnership"). */
export function capitalisedRuns(text: string, tokens: readonly Token[]): Token[][] {
  const runs: Token[][] = [];
  let run: Token[] = [];
  const flush = (): void => {
    while (run.length > 0 && !run[run.length - 1]?.cap) run.pop();
    if (run.length > 0) runs.push(run);
    run = [];
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i] as Token;
    const prev = run[run.length - 1];
    const joins = prev !== undefined && adjacent(text, prev, t);
    if (t.cap) {
      if (!joins) flush();
      run.push(t);
    } else if (joins && CONNECTORS.has(t.key) && tokens[i + 1]?.cap) run.push(t);
    else flush();
  }
  flush();
  return runs;
}

/** The word (or each part of a hyphenated word) is one the collection uses, or a stop word. */
export function ordinary(key: string, known: ReadonlySet<string>): boolean {
  const parts = key.split(' ').filter(Boolean);
  if (parts.length === 0) return true;
  return parts.every((w) => known.has(w) || known.has(w.endsWith('s') ? w.slice(0, -1) : `${w}s`) || /^\p{N}+$/u.test(w));
}
