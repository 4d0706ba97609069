import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * How common words are in everyday English (SUBTLEX-US: film and TV subtitles), on the Zipf scale:
 * log10 of occurrences per billion words ("the" ≈ 7.5, "feel" ≈ 5.8, "pothole" ≈ 2.7). Only words at
 * Zipf 3 or above are listed (scripts/build-english-words.ts); rarer ones answer undefined.
 * Loaded once, on first use.
 */
let table: Map<string, number> | undefined;
let version = '';

/** Changes whenever the word list does (for cache keys). */
export function englishWordsVersion(): string {
  englishZipf();
  return version;
}

export function englishZipf(): (word: string) => number | undefined {
  if (!table) {
    const map = new Map<string, number>();
    const text = readFileSync(fileURLToPath(new URL('./english-words.txt', import.meta.url)), 'utf8');
    for (const line of text.split('\n')) {
      if (line === '' || line.startsWith('#')) continue;
      const space = line.indexOf(' ');
      map.set(line.slice(0, space), Number(line.slice(space + 1)));
    }
    table = map;
    version = createHash('sha256').update(text).digest('hex').slice(0, 16);
  }
  const t = table;
  return (word) => t.get(word);
}
