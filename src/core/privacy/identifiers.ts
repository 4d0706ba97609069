/**
 * Identifiers that point at one child however they are written: NHS numbers, UK postcodes and
 * dates of birth. Each rule is written for the shape of the identifier, not for any one question,
 * and each keeps clear of what parents ask about every day ("the 2024 inspection", "20 weeks",
 * "1 to 3 November 2021", "pre 14 and post 14").
 */
import { type Span } from './types.ts';

/**
 * Ten digits, grouped 3-3-4 or not at all, separated by spaces, hyphens or nothing. The caller
 * keeps only those that pass the NHS check digit ({@link isNhsNumber}), so a run of ten digits that
 * is not an NHS number (nine in ten of them) is left alone.
 */
const NHS = /(?<![\p{N}+])(\d{3})[ -]?(\d{3})[ -]?(\d{4})(?!\p{N})/gu;

/**
 * The NHS number's own check: the first nine digits weighted 10 down to 2, the sum's remainder by
 * 11 taken from 11 (11 becomes 0; 10 is never issued) must equal the tenth digit.
 */
export function isNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  const expected = check === 11 ? 0 : check;
  return expected !== 10 && expected === Number(digits[9]);
}

/** "NHS number", "nhs no.", "NHS #" and the like, up to a few characters before the digits. */
const NHS_CUE = /\bnhs\b[^\p{N}\n]{0,20}$/iu;

/**
 * NHS numbers: ten digits ("943 476 5919", "943-476-5919", "9434765919") that pass the check
 * digit, or any ten digits written after the words "NHS number" ("his nhs number is 485 777 3456"):
 * a number the parent calls an NHS number is treated as one even if mistyped. Privacy fails closed.
 */
export function nhsSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(NHS)) {
    const said = NHS_CUE.test(text.slice(Math.max(0, m.index - 30), m.index));
    if (said || isNhsNumber(`${m[1]}${m[2]}${m[3]}`)) spans.push({ start: m.index, end: m.index + m[0].length, kind: 'nhs-number' });
  }
  return spans;
}

/**
 * A full UK postcode in any case, with or without its space: the outward code (area letters, a
 * district digit, and an optional digit or letter) then the inward code (a digit and two letters;
 * the inward code never uses C, I, K, M, O or V). "WR1 2AB", "wr12ab", "B60 1AA", "SW1A 1AA".
 * Partial postcodes ("WR1", "the WR postcode area") are districts, shared by thousands of families,
 * and are not caught.
 */
const POSTCODE = /(?<![\p{L}\p{N}])[A-Z]{1,2}\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2}(?![\p{L}\p{N}])/giu;

/** UK postcodes ({@link POSTCODE}). */
export function postcodeSpans(text: string): Span[] {
  return [...text.matchAll(POSTCODE)].map((m) => ({ start: m.index, end: m.index + m[0].length, kind: 'postcode' as const }));
}

const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
/** A day of the month, with or without its suffix ("4", "04", "4th"). */
const DAY = String.raw`(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?`;
/** A date that names its day: "3/4/2015", "03.04.15", "3-4-15", "4 march 2015", "march 4th 2015", "4th of march". */
const FULL_DATE = String.raw`(?:${DAY}[\/.\-](?:0?[1-9]|1[0-2])[\/.\-](?:\d{4}|\d{2})|${DAY}(?: of)? ${MONTH}\.?,?(?: (?:\d{4}|'?\d{2}))?|${MONTH}\.? ${DAY},?(?: (?:\d{4}|'?\d{2}))?)`;
/**
 * What says the date that follows is someone's birth: "born", "dob", "d.o.b.", "date of birth",
 * "birthday", "bday", "b'day", with at most a few small words between ("born on", "his birthday is",
 * "dob:", "born in").
 */
const BIRTH_CUE = String.raw`(?:born|d\.?o\.?b\.?|date of birth|birth ?date|birthday|b'?day)`;
const BETWEEN = String.raw`(?:[ \t]*[:\-–,]?[ \t]*(?:(?:is|was|on|the|in|at|of|her|his|their|my|was|=)[ \t]+){0,3})`;
const BIRTH = new RegExp(String.raw`(?<![\p{L}\p{N}])${BIRTH_CUE}${BETWEEN}(${FULL_DATE})(?![\p{L}\p{N}])`, 'giu');

/**
 * Dates of birth: a date that names its day, after a word that says it is a birth ("born 3/4/2015",
 * "dob 03.04.15", "his birthday is 4 march 2015"). The span is the date; the cue word stays, so
 * the redacted text still reads "born [date of birth]". A date without such a word ("the 3 November
 * 2021 visit") is a date of the reports, and a year or a month alone ("born in 2015", "born in
 * March") is shared by too many children to point at one.
 */
export function birthDateSpans(text: string): Span[] {
  const spans: Span[] = [];
  for (const m of text.matchAll(BIRTH)) {
    const date = m[1] ?? '';
    const start = m.index + m[0].length - date.length;
    spans.push({ start, end: start + date.length, kind: 'birth-date' });
  }
  return spans;
}
