/** What the privacy rules find, and the spans they report. */

export type PersonalDetailKind = 'name' | 'school' | 'email' | 'phone' | 'mention' | 'nhs-number' | 'postcode' | 'birth-date';

export interface PersonalDetails {
  /** Distinct kinds found (in the order of {@link KINDS}); empty when none. */
  readonly kinds: readonly PersonalDetailKind[];
  /** The text with each detail replaced by its kind in brackets: "[name]", "[school]", "[postcode]", "[birth-date]" ... */
  readonly redacted: string;
  /** The text with each detail removed and the spaces closed up: what the engine is asked. */
  readonly without: string;
  /**
   * False when a detection rule failed (threw): details it would have found may be missing from
   * `kinds`, `redacted` and `without`. Privacy fails closed: treat such a text as sensitive (see
   * {@link isSensitive}): answer privately, keep nothing.
   */
  readonly checked: boolean;
  /** The rules that failed, by name (empty when `checked`), for the log; never the text. */
  readonly ruleFailures: readonly string[];
}

/** The text has personal details, or could not be fully checked: answer privately and keep nothing. */
export function isSensitive(details: PersonalDetails): boolean {
  return !details.checked || details.kinds.length > 0;
}

export const KINDS: readonly PersonalDetailKind[] = ['name', 'school', 'email', 'phone', 'mention', 'nhs-number', 'postcode', 'birth-date'];

/** When two details overlap, the one kept names the larger span; on a tie, the earlier kind here. */
export const PRIORITY: Readonly<Record<PersonalDetailKind, number>> = { email: 0, mention: 1, 'nhs-number': 2, phone: 3, postcode: 4, 'birth-date': 5, school: 6, name: 7 };

export interface Span {
  start: number;
  end: number;
  kind: PersonalDetailKind;
}

export interface Token {
  /** As written, without a trailing full stop. */
  readonly text: string;
  readonly start: number;
  readonly end: number;
  /** Lower-cased, accents and apostrophes as in `words` ("Mary's" → "mary"). */
  readonly key: string;
  /** Starts with a capital letter. */
  readonly cap: boolean;
  /** Followed by a full stop (an abbreviation like "St." or the end of a sentence). */
  readonly dot: boolean;
  /** The first word of the text or of a sentence. */
  readonly initial: boolean;
}
