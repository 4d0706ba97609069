/**
 * The domain vocabulary: the words parents use for the same things, kept in a data file
 * (`knowledge/vocabulary.yml`) that moderators extend without code.
 */
export interface Vocabulary {
  /** Groups of words or phrases that mean the same thing here ("EHCP", "EHC plan", ...). */
  readonly synonyms: readonly (readonly string[])[];
  /** Words and phrases that mark a question about change over time or a comparison. */
  readonly change: readonly string[];
  /** Words and phrases that ask for the newest information ("latest", "most recent"). */
  readonly recent: readonly string[];
  /** Chat words that carry no meaning for retrieval ("u", "tbh", "pls"), beside the standard stop words. */
  readonly stopwords: readonly string[];
  /** Services people wait for, by display name, with the words that name them. */
  readonly services: readonly NamedTerms[];
  /** The partners whose statements are reported (council, NHS, the local area partnership). */
  readonly partners: readonly NamedTerms[];
  /**
   * Phrases of `synonyms` that add their group's concept without hiding the concepts of the words
   * inside them ("requires improvement" is also about "improvement"). Not read from vocabulary.yml:
   * set when the glossary's names are merged in (see `mergeGlossary` in glossary.ts).
   */
  readonly additive?: readonly string[];
}

export interface NamedTerms {
  readonly name: string;
  readonly terms: readonly string[];
}

export const emptyVocabulary: Vocabulary = Object.freeze({ synonyms: [], change: [], recent: [], stopwords: [], services: [], partners: [] });

/** A problem found in a vocabulary document, with the path of the field at fault. */
export interface VocabularyIssue {
  readonly field: string;
  readonly message: string;
}

/**
 * Checks a parsed vocabulary document (from YAML or JSON) and returns the typed vocabulary, or the
 * list of problems with the path of each field at fault (`synonyms[3][1]`).
 */
export function validateVocabulary(doc: unknown): { vocabulary: Vocabulary; issues: VocabularyIssue[] } {
  const issues: VocabularyIssue[] = [];
  if (doc === null || doc === undefined) return { vocabulary: emptyVocabulary, issues };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    return { vocabulary: emptyVocabulary, issues: [{ field: '(root)', message: 'expected a mapping with synonyms, change, recent, stopwords, services, partners' }] };
  }
  const d = doc as Record<string, unknown>;
  const known = new Set(['synonyms', 'change', 'recent', 'stopwords', 'services', 'partners']);
  for (const key of Object.keys(d)) if (!known.has(key)) issues.push({ field: key, message: 'unknown field' });

  const strings = (value: unknown, field: string): string[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      issues.push({ field, message: 'expected a list of words or phrases' });
      return [];
    }
    const out: string[] = [];
    value.forEach((v, i) => {
      if (typeof v === 'string' && v.trim() !== '') out.push(v.trim());
      else if (typeof v === 'number') out.push(String(v));
      else issues.push({ field: `${field}[${i}]`, message: 'expected a non-empty word or phrase' });
    });
    return out;
  };
  const named = (value: unknown, field: string): NamedTerms[] => {
    if (value === undefined) return [];
    if (!Array.isArray(value)) {
      issues.push({ field, message: 'expected a list of { name, terms }' });
      return [];
    }
    const out: NamedTerms[] = [];
    value.forEach((v, i) => {
      const item = v as { name?: unknown; terms?: unknown } | null;
      if (!item || typeof item !== 'object' || typeof item.name !== 'string' || item.name.trim() === '') {
        issues.push({ field: `${field}[${i}].name`, message: 'expected a non-empty name' });
        return;
      }
      const terms = strings(item.terms, `${field}[${i}].terms`);
      if (terms.length === 0) issues.push({ field: `${field}[${i}].terms`, message: 'expected at least one word or phrase' });
      else out.push({ name: item.name.trim(), terms });
    });
    return out;
  };

  const synonyms: string[][] = [];
  if (d.synonyms !== undefined && !Array.isArray(d.synonyms)) {
    issues.push({ field: 'synonyms', message: 'expected a list of groups, each a list of words or phrases' });
  } else {
    ((d.synonyms as unknown[] | undefined) ?? []).forEach((group, i) => {
      const terms = strings(group, `synonyms[${i}]`);
      if (terms.length < 2) issues.push({ field: `synonyms[${i}]`, message: 'a group needs at least two words or phrases' });
      else synonyms.push(terms);
    });
  }
  const vocabulary: Vocabulary = {
    synonyms,
    change: strings(d.change, 'change'),
    recent: strings(d.recent, 'recent'),
    stopwords: strings(d.stopwords, 'stopwords'),
    services: named(d.services, 'services'),
    partners: named(d.partners, 'partners'),
  };
  return { vocabulary, issues };
}
