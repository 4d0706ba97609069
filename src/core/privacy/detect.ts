/** Finding the personal details in a question: every rule, guarded, then the spans merged. */
import { EMAIL, MENTION, phoneSpans, regexSpans } from './contacts.ts';
import { birthDateSpans, nhsSpans, postcodeSpans } from './identifiers.ts';
import { mayName } from './lexicon.ts';
import { analyse, compromiseNames, familyNames, type Analysis } from './names.ts';
import { isPublic } from './public-names.ts';
import { render } from './redact.ts';
import { schoolSpans } from './schools.ts';
import { type Token, tokenise } from './tokens.ts';
import { type PersonalDetails, PRIORITY, type Span } from './types.ts';

/**
 * The text as the rules read it: control and format characters, and Markdown marks, become spaces
 * (so `**Jayden**` and `_Sarah Smith_` are seen as words), keeping every offset.
 */
export function readable(text: string): string {
  return text.replace(/[\p{Cc}\p{Cf}*_~`|>#\\]/gu, (c) => (c === '\n' ? '\n' : ' '));
}

/** What every detection rule reads: the text as typed, as the rules read it, and its tokens. */
export interface RuleInput {
  /** The text as typed (offsets of the result refer to it). */
  readonly text: string;
  /** {@link readable}: the same offsets, Markdown and control characters as spaces. */
  readonly plain: string;
  readonly tokens: readonly Token[];
  /** The index of the token starting at each offset. */
  readonly byStart: ReadonlyMap<number, number>;
  readonly analysis: Analysis;
  /** The public names (see `publicNames`). */
  readonly known: ReadonlySet<string>;
}

/** One detection rule: the spans of the personal details it finds. It may throw: the check then fails closed. */
export interface DetectionRule {
  /** For the log when it fails. */
  readonly name: string;
  readonly find: (input: RuleInput) => readonly Span[];
}

/** The rules, in order: e-mail addresses, mentions, NHS numbers, phone numbers, postcodes, dates of birth, schools, names. */
export const DETECTION_RULES: readonly DetectionRule[] = [
  { name: 'email', find: ({ text }) => regexSpans(text, EMAIL, 'email') },
  { name: 'mention', find: ({ text }) => regexSpans(text, MENTION, 'mention').map((s) => trimMention(text, s)) },
  { name: 'nhs-number', find: ({ text }) => nhsSpans(text) },
  { name: 'phone', find: ({ text }) => phoneSpans(text) },
  { name: 'postcode', find: ({ plain }) => postcodeSpans(plain) },
  { name: 'birth-date', find: ({ plain }) => birthDateSpans(plain) },
  { name: 'school', find: ({ plain, tokens, known, analysis }) => schoolSpans(plain, tokens, known, analysis.places) },
  {
    name: 'name',
    find: ({ plain, tokens, byStart, known, analysis }) =>
      [...compromiseNames(plain, analysis, tokens, byStart, known), ...familyNames(plain, tokens, known)].filter((s) => !isPublic(plain, s, tokens, known)),
  },
];

/**
 * Finds the personal details in a question: private people's names (not the public figures the
 * knowledge base names, see `publicNames`), school names, e-mail addresses, phone numbers and
 * Discord mentions. Never throws; any length of text (a 10,000-character message takes tens of
 * milliseconds), Markdown, emoji and control characters are fine.
 *
 * Fails closed: a rule that throws does not stop the others, and marks the result `checked: false`
 * with the rule's name in `ruleFailures` (also when tokenising or compromise's tagger fails), so the
 * caller treats the text as sensitive ({@link isSensitive}).
 *
 * `alwaysTag` runs compromise's tagger even on a text with no capital letter and no word its lexicon
 * knows as a name or place (where it finds nothing): for the test that checks exactly that. `rules`
 * replaces {@link DETECTION_RULES} (tests add one that throws).
 */
export function findPersonalDetails(
  text: string,
  publicNames: ReadonlySet<string>,
  options: { alwaysTag?: boolean; rules?: readonly DetectionRule[] } = {},
): PersonalDetails {
  const input = typeof text === 'string' ? text : '';
  const failures: string[] = [];
  const plain = readable(input);
  let tokens: Token[] = [];
  try {
    tokens = tokenise(plain);
  } catch {
    failures.push('tokens');
  }
  const byStart = new Map(tokens.map((t, i) => [t.start, i]));
  let analysis: Analysis = { people: [], places: new Set<number>() };
  try {
    if (options.alwaysTag === true || mayName(plain, tokens)) analysis = analyse(plain);
  } catch {
    analysis = { people: [], places: new Set<number>(), failed: true };
  }
  if (analysis.failed === true) failures.push('tagger');
  const ruleInput: RuleInput = { text: input, plain, tokens, byStart, analysis, known: publicNames };
  const spans: Span[] = [];
  for (const rule of options.rules ?? DETECTION_RULES) {
    try {
      spans.push(...rule.find(ruleInput));
    } catch {
      // One rule failing must not stop the others; the result says it is unchecked.
      failures.push(rule.name);
    }
  }
  return { ...render(input, merge(spans)), checked: failures.length === 0, ruleFailures: failures };
}

/** "@sarah." is the handle "@sarah" and a full stop. */
export function trimMention(text: string, span: Span): Span {
  let end = span.end;
  while (end > span.start + 1 && text[end - 1] === '.') end--;
  return { ...span, end };
}

/** Overlapping spans become one, of the kind of the largest (or, on a tie, the highest priority). */
export function merge(spans: readonly Span[]): Span[] {
  const sorted = spans.filter((s) => s.end > s.start).sort((a, b) => a.start - b.start || b.end - a.end);
  const out: (Span & { size: number })[] = [];
  for (const s of sorted) {
    const prev = out[out.length - 1];
    if (prev && s.start < prev.end) {
      const size = s.end - s.start;
      if (size > prev.size || (size === prev.size && PRIORITY[s.kind] < PRIORITY[prev.kind])) {
        prev.kind = s.kind;
        prev.size = size;
      }
      prev.end = Math.max(prev.end, s.end);
    } else out.push({ ...s, size: s.end - s.start });
  }
  return out.map(({ start, end, kind }) => ({ start, end, kind }));
}
