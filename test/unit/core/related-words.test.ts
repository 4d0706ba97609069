import { describe, expect, it } from 'vitest';
import { relatedTerms, RelatedWords, spellingVariants, withPrefix, type RelatedCredits } from '../../../src/core/related-words.ts';
import { nonNouns, relatedWords } from '../../../src/knowledge/related.ts';
import { engineOver, makeSource } from './helpers.ts';

const credits: RelatedCredits = { synonym: 0.2, derived: 0.2, hypernym: 0.1, variant: 0.9, shortForm: 0.5 };
const indexed = (terms: readonly string[]) => {
  const set = new Set(terms);
  return { isIndexed: (t: string) => set.has(t), sortedTerms: [...set].sort() };
};

describe('RelatedWords.parse', () => {
  it('reads each stem’s relations and answers empty lists for a stem it does not list', () => {
    const r = RelatedWords.parse('# comment\nkid child,youngster||juvenil|\nlad ||boi|\n');
    expect(r.size).toBe(2);
    expect(r.of('kid')).toEqual({ synonym: ['child', 'youngster'], derived: [], hypernym: ['juvenil'], variant: [] });
    expect(r.of('lad').hypernym).toEqual(['boi']);
    expect(r.of('zebra')).toEqual({ synonym: [], derived: [], hypernym: [], variant: [] });
  });

  it('names a malformed or out-of-order line', () => {
    expect(() => RelatedWords.parse('kid child|youngster\n')).toThrow('related words: line 1 is not "stem synonyms|derivations|hypernyms|variants"');
    expect(() => RelatedWords.parse('lad |||\nkid |||\n')).toThrow('related words: line 2 ("kid") is out of order');
  });
});

describe('spellingVariants', () => {
  it('gives the other spelling of British and American forms', () => {
    expect(spellingVariants('behavior')).toContain('behaviour');
    expect(spellingVariants('behaviour')).toContain('behavior');
    expect(spellingVariants('organise')).toContain('organize');
    expect(spellingVariants('organization')).toContain('organisation');
    expect(spellingVariants('paediatrician')).toContain('pediatrician');
    expect(spellingVariants('pediatrician')).toContain('paediatrician');
    expect(spellingVariants('centre')).toContain('center');
    expect(spellingVariants('programme')).toContain('program');
    expect(spellingVariants('travelled')).toContain('traveled');
  });

  it('leaves a word without such a spelling alone', () => {
    expect(spellingVariants('school')).toEqual([]);
  });
});

describe('withPrefix', () => {
  it('finds the longer strings of a sorted list that begin with a prefix, up to a limit', () => {
    const sorted = ['paed', 'paediatr', 'paediatrician', 'parent', 'plan'];
    expect(withPrefix(sorted, 'paed', 5)).toEqual(['paediatr', 'paediatrician']);
    expect(withPrefix(sorted, 'paed', 1)).toEqual(['paediatr']);
    expect(withPrefix(sorted, 'zoo', 5)).toEqual([]);
  });
});

describe('relatedTerms', () => {
  const related = RelatedWords.of({
    kid: { synonym: ['child', 'youngster'], hypernym: ['juvenil'] },
    behavior: { variant: ['behaviour'] },
    doctor: { synonym: ['pediatrician'] },
    pediatrician: { variant: ['paediatrician'] },
  });

  it('keeps only the related words the collection uses, at each relation’s credit', () => {
    expect(relatedTerms('kid', 'kid', related, credits, indexed(['child', 'juvenil', 'school']))).toEqual([
      { term: 'child', credit: 0.2 },
      { term: 'juvenil', credit: 0.1 },
    ]);
    expect(relatedTerms('kid', 'kid', related, credits, indexed(['school']))).toEqual([]);
  });

  it('relates a British or American spelling, also of a related word', () => {
    expect(relatedTerms('behavior', 'behavior', related, credits, indexed(['behaviour']))).toEqual([{ term: 'behaviour', credit: 0.9 }]);
    expect(relatedTerms('doctor', 'doctor', related, credits, indexed(['paediatrician']))).toEqual([{ term: 'paediatrician', credit: 0.2 }]);
  });

  it('turns a relation with credit 0 off', () => {
    expect(relatedTerms('kid', 'kid', related, { ...credits, synonym: 0 }, indexed(['child']))).toEqual([]);
  });

  it('relates a short clipped word to the one or two collection words it begins', () => {
    const english = (w: string) => (w === 'plan' ? 5 : undefined);
    const collection = { ...indexed(['paediatr', 'parent', 'plann', 'planner', 'planet']), english };
    expect(relatedTerms('paed', 'paeds', undefined, credits, collection)).toEqual([{ term: 'paediatr', credit: 0.5 }]);
    // Too vague: it begins three words.
    expect(relatedTerms('plan', 'plan', undefined, credits, { ...collection, english: () => undefined })).toEqual([]);
    // An everyday English word is meant as itself, not as a clip.
    expect(relatedTerms('plan', 'plan', undefined, credits, { ...indexed(['planner']), english })).toEqual([]);
    // A long word that begins a longer one is a word of its own ("worcester").
    expect(relatedTerms('worcest', 'worcester', undefined, credits, indexed(['worcestershir']))).toEqual([]);
    // Too short to tell.
    expect(relatedTerms('pae', 'pae', undefined, credits, indexed(['paediatr']))).toEqual([]);
  });
});

describe('related words in the engine', () => {
  const sources = [
    makeSource('a', 'Many youngsters waited a long time for an autism assessment.\n\nThe council published its yearly budget in March.'),
  ];
  const related = RelatedWords.of({ kid: { synonym: ['youngster'] } });

  it('credits a word the collection lacks with a related word it has, at partial credit', () => {
    // WordNet relations are off by default (see EngineOptions.relatedCredit); the mechanism is tested at 0.15.
    const credit = 0.15;
    const withRelated = engineOver(sources, undefined, { relatedCredit: { synonym: credit } }, { relatedWords: related });
    const without = engineOver(sources, undefined, { relatedCredit: { synonym: 0 } }, { relatedWords: related });
    const q = 'are kids waiting long for an autism assessment';
    const term = withRelated.analyse(q).terms.find((t) => t.term === 'youngster');
    expect(term).toMatchObject({ words: ['kids'], related: { for: 'kid', credit } });
    expect(term?.confidence).toBeCloseTo(credit);
    expect(without.analyse(q).terms.some((t) => t.related)).toBe(false);
    const a = withRelated.ask(q);
    const b = without.ask(q);
    expect(a.results[0]?.passage.text).toMatch(/youngsters/);
    // Part of the missing word's weight, never all of it.
    expect(a.results[0]?.coverage).toBeGreaterThan(b.results[0]?.coverage ?? 0);
    expect(a.results[0]?.coverage).toBeLessThan(1);
  });

  it('leaves a word the collection has alone', () => {
    const engine = engineOver(sources, undefined, {}, { relatedWords: RelatedWords.of({ youngster: { synonym: ['council'] } }) });
    expect(engine.analyse('youngsters waiting').terms.some((t) => t.related)).toBe(false);
  });
});

describe('the committed related-words file', () => {
  it('loads and relates everyday words by WordNet and by spelling', () => {
    const r = relatedWords();
    expect(r.size).toBeGreaterThan(5000);
    expect(r.of('kid').synonym).toContain('child');
    expect(r.of('behavior').variant).toContain('behaviour');
    expect(r.of('paediatrician').variant).toContain('pediatrician');
  });

  it('relates the forms of a word the stemmer cannot join: irregular inflections and comparatives', () => {
    const r = relatedWords();
    expect(r.of('taught').variant).toContain('teach');
    expect(r.of('teach').variant).toContain('taught');
    expect(r.of('written').variant).toEqual(expect.arrayContaining(['write', 'wrote']));
    expect(r.of('children').variant).toContain('child');
    expect(r.of('closer').variant).toContain('close');
  });
});

describe('the committed non-nouns file', () => {
  it('lists everyday words WordNet knows only as verbs, adjectives or adverbs, and no noun', () => {
    const words = nonNouns();
    expect(words.size).toBeGreaterThan(1000);
    for (const w of ['rushed', 'roughly', 'honestly', 'useless']) expect(words.has(w), w).toBe(true);
    for (const w of ['pothole', 'tribunal', 'school', 'date', 'plan', 'wait']) expect(words.has(w), w).toBe(false);
  });
});
