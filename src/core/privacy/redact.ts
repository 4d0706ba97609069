/** The text with the details replaced ("[name]") or removed and closed up. */
import { KINDS, type PersonalDetailKind, type PersonalDetails, type Span } from './types.ts';

export function render(text: string, spans: readonly Span[]): Pick<PersonalDetails, 'kinds' | 'redacted' | 'without'> {
  let redacted = '';
  let without = '';
  let at = 0;
  const found = new Set<PersonalDetailKind>();
  for (const s of spans) {
    found.add(s.kind);
    redacted += `${text.slice(at, s.start)}[${s.kind}]`;
    without += text.slice(at, s.start);
    at = s.end;
    // The name's possessive goes with it in `without` ("[name]'s school" / "school").
    if (s.kind === 'name' || s.kind === 'school') {
      const possessive = /^['’]s\b/i.exec(text.slice(at));
      if (possessive) {
        redacted += text.slice(at, at + possessive[0].length);
        at += possessive[0].length;
      }
    }
  }
  redacted += text.slice(at);
  without += text.slice(at);
  return {
    kinds: KINDS.filter((k) => found.has(k)),
    redacted,
    without: spans.length === 0 ? text : closeUp(without),
  };
}

/**
 * Tidies what removing details left behind: runs of spaces, spaces before punctuation, doubled
 * commas, empty brackets and empty Markdown emphasis ("****", "__").
 */
export function closeUp(text: string): string {
  return text
    .split('\n')
    .map((line) =>
      line
        .replace(/(\*{1,3}|_{1,3}|~~|`+)[ \t\u00a0]*\1/g, '')
        .replace(/\([ \t\u00a0]*\)|<[ \t\u00a0]*>/g, '')
        .replace(/[ \t\u00a0]{2,}/g, ' ')
        .replace(/[ \t\u00a0]+([,.;:!?)])/g, '$1')
        .replace(/,(?:[ \t\u00a0]*,)+/g, ',')
        .replace(/^[ \t\u00a0]*[,;:][ \t\u00a0]*/, '')
        .trim(),
    )
    .join('\n')
    .trim();
}
