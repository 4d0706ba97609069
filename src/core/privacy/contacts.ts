/** E-mail addresses, phone numbers and Discord mentions. */
import type { PersonalDetailKind, Span } from './types.ts';

export const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

export const MENTION = /<@[!&]?\d{1,25}>|<#\d{1,25}>|(?<![\p{L}\p{N}_.@])@[\p{L}\p{N}_](?:[\p{L}\p{N}_.]{0,30}[\p{L}\p{N}_])?/gu;

/**
 * A run of digit groups joined by single spaces, hyphens, dots or brackets, starting with "+" or
 * "0" / "(0". Bounded, so that a long run of digits costs little.
 */
export const PHONE = /(?<![\p{L}\p{N}+])(?:\+[ ]?\d|\(0\d|0\d)(?:[ \-.]?\(?\d\)?){1,24}(?![\p{N}])/gu;

export function phoneSpans(text: string): Span[] {
  const spans: Span[] = [];
  const pattern = new RegExp(PHONE.source, PHONE.flags);
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    // The run may go on into a following number ("07700 900123 2024"): keep the longest prefix,
    // cut between digit groups, that has the digits of a phone number.
    const candidate = m[0];
    let best: number | undefined;
    for (const c of candidate.matchAll(/\d(?=[ \-.(]|$)|\)(?= |$)/g)) {
      const cut = c.index + 1;
      if (isPhoneNumber(candidate.slice(0, cut))) best = cut;
    }
    if (best !== undefined) {
      spans.push({ start: m.index, end: m.index + best, kind: 'phone' });
      pattern.lastIndex = m.index + best;
    } else pattern.lastIndex = m.index + 1;
  }
  return spans;
}

export function isPhoneNumber(piece: string): boolean {
  if ((piece.match(/\(/g) ?? []).length !== (piece.match(/\)/g) ?? []).length) return false;
  const digits = piece.replace(/\D/g, '');
  if (piece.startsWith('+')) {
    // "+44 (0)7700 900123": the (0) is not dialled.
    const dialled = piece.replace(/\(0\)/, '').replace(/\D/g, '');
    return dialled.length >= 8 && dialled.length <= 15 && (!dialled.startsWith('44') || dialled.length === 12 || dialled.length === 11);
  }
  // UK numbers: 0 and 9 or 10 more digits (01905 765765, 0800 123 4567, 0800 123 456).
  return digits.startsWith('0') && !digits.startsWith('00') && (digits.length === 10 || digits.length === 11);
}

export function regexSpans(text: string, pattern: RegExp, kind: PersonalDetailKind): Span[] {
  return [...text.matchAll(pattern)].map((m) => ({ start: m.index, end: m.index + m[0].length, kind }));
}
