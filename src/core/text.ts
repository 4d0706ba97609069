/** Unicode and punctuation normalisation shared by indexing, querying and highlighting. */
export function normalise(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\u2018\u2019\u201b\u2032`´]/g, "'")
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2010-\u2015\u2212]/g, '-')
    .toLowerCase();
}

const NUMBER_WORDS: Readonly<Record<string, string>> = {
  one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9', ten: '10',
  eleven: '11', twelve: '12', thirteen: '13', fourteen: '14', fifteen: '15', sixteen: '16', seventeen: '17',
  eighteen: '18', nineteen: '19', twenty: '20',
};

/**
 * Chat shorthand written out ("ppl" and "people" meet, "mins" is not corrected to "means"): only
 * forms that are not English words themselves.
 */
const SHORTHAND: Readonly<Record<string, string>> = {
  ppl: 'people', enuf: 'enough', govt: 'government', dept: 'department', info: 'information', appt: 'appointment',
  mins: 'minutes', hrs: 'hours', wks: 'weeks', mths: 'months', yrs: 'years', tmrw: 'tomorrow', b4: 'before', abt: 'about', skool: 'school',
};

/**
 * The words of a text, lower-cased, possessive `'s` removed, small numbers written as digits
 * ("eight out of the twelve" and "8 out of 12" meet) and chat shorthand written out.
 */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const m of normalise(text).matchAll(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu)) {
    let w = m[0];
    if (w.endsWith("'s")) w = w.slice(0, -2);
    w = w.replace(/'/g, '');
    if (w) out.push(NUMBER_WORDS[w] ?? SHORTHAND[w] ?? w);
  }
  return out;
}

/** Splits a passage into sentences, each a verbatim substring of the input. */
export function sentences(text: string): string[] {
  const spans: { start: number; end: number }[] = [];
  for (const m of text.matchAll(/[^.!?]+(?:[.!?]+["'\u201d\u2019)]*|$)/g)) {
    const lead = m[0].length - m[0].trimStart().length;
    const start = m.index + lead;
    const end = m.index + m[0].trimEnd().length;
    if (end > start) spans.push({ start, end });
  }
  // Re-join fragments produced by abbreviations ("Dr.", "e.g.") or a sentence going on in lower case.
  const merged: { start: number; end: number }[] = [];
  for (const span of spans) {
    const prev = merged[merged.length - 1];
    const prevText = prev ? text.slice(prev.start, prev.end) : '';
    if (prev && (/\b(dr|mr|mrs|ms|cllr|prof|e\.g|i\.e|st|no)\.$/i.test(prevText) || /^[a-z]/.test(text.slice(span.start)))) prev.end = span.end;
    else merged.push({ ...span });
  }
  return merged.map((s) => text.slice(s.start, s.end));
}

/** Whether a string is an absolute http or https link (what a source's `url` or a glossary `link` must be). */
export function isHttpUrl(value: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(value).protocol);
  } catch {
    return false;
  }
}

/** Collapses all whitespace (incl. NBSP) to single spaces and drops zero-width characters. */
export function normalizeSpace(text: string): string {
  return text
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '')
    .replace(/[\s\u00A0\u2000-\u200A\u202F\u205F\u3000]+/g, ' ')
    .trim();
}

/** `n` kept within [lo, hi]; `fallback` when it is not a number. */
export function clamp(n: number, lo: number, hi: number, fallback: number): number {
  return Number.isNaN(n) ? fallback : Math.min(hi, Math.max(lo, n));
}

/**
 * A number other than a year ("3,600", "564", "£4000"; not "2024"), a number word from two up
 * ("eight out of 12"), or a word that gives an amount or a share ("three-quarters", "the majority").
 */
const NUMBER = /(?<![\d,.])(?!(?:19|20)\d\d(?!\d))\d|\b(?:two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundreds?|thousands?|millions?|dozens?|half|quarters?|thirds?|majority|per ?cent)\b/i;

/** Whether a text gives a count, an amount or a share: such a passage can answer "how many". */
export function mentionsNumber(text: string): boolean {
  return NUMBER.test(text);
}
