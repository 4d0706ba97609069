import { describe, expect, it } from 'vitest';
import { engineOver } from './helpers.ts';
import { Analyzer } from '../../../src/core/analyzer.ts';
import {
  closestEntries,
  emptyGlossary,
  findEntry,
  mergeGlossary,
  synonymGroups,
  termsIn,
  validateGlossary,
  type Glossary,
} from '../../../src/core/glossary.ts';
import { Lexicon } from '../../../src/core/spelling.ts';
import type { Source } from '../../../src/core/types.ts';
import { emptyVocabulary, type Vocabulary } from '../../../src/core/vocabulary.ts';
import { words } from '../../../src/core/text.ts';

const GLOSSARY: Glossary = validateGlossary({
  terms: [
    { term: 'EHC plan', meaning: 'An education, health and care plan. It sets out the support a child must get.', aliases: ['EHCP', 'education, health and care plan'] },
    { term: 'SEND', meaning: 'Special educational needs and disabilities.', aliases: ['special educational needs and disabilities'] },
    { term: 'SEND Improvement Board', meaning: 'A board that oversees the work to improve SEND services.' },
    { term: 'local authority', meaning: 'The council.', aliases: ['LA'] },
    { term: 'occupational therapy', meaning: 'Help with everyday activities.', aliases: ['OT'] },
    { term: 'Ofsted', meaning: 'The schools inspectorate.' },
    { term: 'local offer', meaning: 'What the council publishes about SEND services.' },
    { term: 'co-production', meaning: 'Working with parents as equal partners.', aliases: ['coproduction'] },
  ],
}).glossary;

const terms = (texts: string[]): string[] => termsIn(GLOSSARY, texts).map((e) => e.term);

describe('validateGlossary', () => {
  it('accepts a complete document, tidying spaces', () => {
    const { glossary, issues } = validateGlossary({
      terms: [{ term: ' EHC  plan ', meaning: ' A plan.\n It says what support a child gets. ', aliases: [' EHCP '], link: 'https://www.gov.uk/x' }],
    });
    expect(issues).toEqual([]);
    expect(glossary.entries).toEqual([{ term: 'EHC plan', meaning: 'A plan. It says what support a child gets.', aliases: ['EHCP'], link: 'https://www.gov.uk/x' }]);
  });

  it('treats an empty document or an empty list as an empty glossary without complaint', () => {
    expect(validateGlossary(null)).toEqual({ glossary: emptyGlossary, issues: [] });
    expect(validateGlossary({ terms: null })).toEqual({ glossary: emptyGlossary, issues: [] });
    expect(validateGlossary({ terms: [] }).issues).toEqual([]);
  });

  it('reports each problem with the path of its field, and keeps what is usable', () => {
    const { glossary, issues } = validateGlossary({
      terms: [
        { term: 'EHC plan', meaning: 'A plan.', aliases: ['EHCP', 42, { x: 1 }, ''] },
        { term: 'SEND', meaning: '' },
        { meaning: 'No term.' },
        { term: 'Ofsted', meaning: 'Inspectors.', link: 'javascript:alert(1)', colour: 'blue' },
        { term: 'ehc-plans', meaning: 'The same name again, in other words.' },
        { term: 'Education health and care plan', meaning: 'A new term with a used alias.', aliases: ['EHCP', 'EHCPs', 'statement'] },
        { term: 'CQC', meaning: 'Care inspectors.', aliases: 'Care Quality Commission', link: 'www.cqc.org.uk' },
        'just a string',
        { term: '!!!', meaning: 'No words.' },
      ],
      extra: true,
    });
    expect(issues.map((i) => i.field)).toEqual([
      'extra',
      'terms[0].aliases[1]',
      'terms[0].aliases[2]',
      'terms[0].aliases[3]',
      'terms[1].meaning',
      'terms[2].term',
      'terms[3].colour',
      'terms[3].link',
      'terms[4].term',
      'terms[5].aliases[0]',
      'terms[5].aliases[1]',
      'terms[6].aliases',
      'terms[6].link',
      'terms[7]',
      'terms[8].term',
    ]);
    for (const i of issues) expect(i.message).not.toBe('');
    expect(issues.find((i) => i.field === 'terms[4].term')?.message).toMatch(/already used by terms\[0\] \(EHC plan\)/);
    expect(glossary.entries.map((e) => [e.term, e.aliases, e.link])).toEqual([
      ['EHC plan', ['EHCP'], undefined],
      ['Ofsted', [], undefined],
      ['Education health and care plan', ['statement'], undefined],
      ['CQC', [], undefined],
    ]);
  });

  it('rejects a document that is not a mapping with a list of terms', () => {
    expect(validateGlossary(['EHCP']).issues).toEqual([{ field: '(root)', message: expect.any(String) }]);
    expect(validateGlossary({ terms: 'EHCP' }).issues).toEqual([{ field: 'terms', message: expect.any(String) }]);
  });

  it('refuses names too long for a Discord choice and meanings longer than a couple of sentences', () => {
    const { issues } = validateGlossary({ terms: [{ term: 'x'.repeat(101), meaning: 'm' }, { term: 'ok', meaning: 'word '.repeat(200) }] });
    expect(issues.map((i) => i.field)).toEqual(['terms[0].term', 'terms[1].meaning']);
  });
});

describe('termsIn', () => {
  it('finds terms and aliases as whole words and phrases, by stem, in order of first occurrence', () => {
    expect(terms(['Parents want the local offer improved.', 'The EHCPs and the education, health and care plans of children with SEND.'])).toEqual(['local offer', 'EHC plan', 'SEND']);
    expect(terms(['Local offers were updated'])).toEqual(['local offer']);
  });

  it('matches names written in capitals only in capitals, so ordinary words are not taken for abbreviations', () => {
    expect(terms(['We will send a letter; la la la; the pot got hot; sending.'])).toEqual([]);
    expect(terms(['The LA has asked an OT to help with SEND.'])).toEqual(['local authority', 'occupational therapy', 'SEND']);
    expect(terms(['Two EHCPs were issued.'])).toEqual(['EHC plan']);
  });

  it('does not match parts of words or words split across other words', () => {
    expect(terms(['The offer was local.', 'Ofstedish', 'co production', 'EHC and plan'])).toEqual(['co-production']);
  });

  it('takes the longest name where names overlap', () => {
    expect(terms(['The SEND Improvement Board met.'])).toEqual(['SEND Improvement Board']);
    expect(terms(['The SEND Improvement Board met about SEND.'])).toEqual(['SEND Improvement Board', 'SEND']);
  });

  it('handles typographic apostrophes and possessives like the engine does', () => {
    expect(terms(['Ofsted’s report', "the LA's plan"])).toEqual(['Ofsted', 'local authority']);
  });

  it('finds nothing in an empty glossary', () => {
    expect(termsIn(emptyGlossary, ['EHC plan'])).toEqual([]);
  });
});

describe('findEntry', () => {
  it.each([
    ['EHC plan', 'EHC plan'],
    ['ehcp', 'EHC plan'],
    ['  EHC-Plans ', 'EHC plan'],
    ['Education, Health and Care Plan', 'EHC plan'],
    ['ofstead', 'Ofsted'],
    ['ehcplan', 'EHC plan'],
    ['local ofer', 'local offer'],
    ['Co production', 'co-production'],
    ['la', 'local authority'],
    ['OT', 'occupational therapy'],
  ])('%j is %j', (typed, term) => {
    expect(findEntry(GLOSSARY, typed)?.term).toBe(term);
  });

  it.each(['', '!!!', 'xyz', 'lo', 'inspection', 'ofsted report'])('%j is nothing', (typed) => {
    expect(findEntry(GLOSSARY, typed)).toBeUndefined();
  });
});

describe('closestEntries', () => {
  it('suggests terms containing, sharing a word with, or a few letters from what was typed, at most five', () => {
    expect(closestEntries(GLOSSARY, 'plan').map((e) => e.term)).toEqual(['EHC plan']);
    expect(closestEntries(GLOSSARY, 'local').map((e) => e.term)).toEqual(['local authority', 'local offer']);
    expect(closestEntries(GLOSSARY, 'Ofstedd inspection').map((e) => e.term)).toEqual(['Ofsted']);
    expect(closestEntries(GLOSSARY, 'zebra crossing')).toEqual([]);
    expect(closestEntries(GLOSSARY, 'e', 5).length).toBeLessThanOrEqual(5);
  });
});

describe('synonymGroups', () => {
  it('makes [term, ...aliases] of each entry that has aliases', () => {
    expect(synonymGroups(GLOSSARY)).toEqual([
      ['EHC plan', 'EHCP', 'education, health and care plan'],
      ['SEND', 'special educational needs and disabilities'],
      ['local authority', 'LA'],
      ['occupational therapy', 'OT'],
      ['co-production', 'coproduction'],
    ]);
  });
});

const VOCAB: Vocabulary = {
  ...emptyVocabulary,
  synonyms: [
    ['EHCP', 'EHC plans'],
    ['improve', 'improvement', 'better'],
    ['NHS', 'health service'],
    ['ICB', 'integrated care board'],
    ['autism', 'ASD'],
  ],
};

describe('mergeGlossary', () => {
  const glossary = (entries: { term: string; aliases: string[] }[]): Glossary => ({ entries: entries.map((e) => ({ ...e, meaning: 'm' })) });

  it('adds aliases to the vocabulary group that shares a name (plural or not), keeping its first phrase and place', () => {
    const { vocabulary, joins } = mergeGlossary(VOCAB, glossary([{ term: 'EHC plan', aliases: ['education, health and care plan'] }]));
    expect(joins).toEqual([]);
    expect(vocabulary.synonyms[0]).toEqual(['EHCP', 'EHC plans', 'education, health and care plan']);
    expect(vocabulary.synonyms.slice(1)).toEqual(VOCAB.synonyms.slice(1));
    // No phrase is in two groups.
    const keys = vocabulary.synonyms.flat().map((p) => words(p).join(' '));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('makes a new group of an entry that shares no name with the vocabulary', () => {
    const { vocabulary } = mergeGlossary(VOCAB, glossary([{ term: 'written statement of action', aliases: ['WSOA'] }]));
    expect(vocabulary.synonyms).toEqual([...VOCAB.synonyms, ['written statement of action', 'WSOA']]);
    expect(vocabulary.additive).toBeUndefined();
  });

  it('does not merge an entry whose names belong to different vocabulary groups, and says so', () => {
    const { vocabulary, joins } = mergeGlossary(VOCAB, glossary([{ term: 'NHS', aliases: ['ICB', 'NHS body'] }]));
    expect(joins).toEqual([{ entry: 0, groups: ['NHS', 'ICB'] }]);
    expect(vocabulary.synonyms).toEqual(VOCAB.synonyms);
  });

  it('marks a new phrase that contains another group\'s phrase as additive, so it hides nothing', () => {
    const { vocabulary } = mergeGlossary(VOCAB, glossary([{ term: 'requires improvement', aliases: ['RI'] }, { term: 'mainstream autism base', aliases: ['ASD base'] }]));
    expect(vocabulary.additive).toEqual(['requires improvement', 'mainstream autism base', 'ASD base']);
  });

  it('leaves the vocabulary as it is for a glossary without aliases', () => {
    expect(mergeGlossary(VOCAB, glossary([{ term: 'Ofsted', aliases: [] }])).vocabulary).toBe(VOCAB);
  });
});

describe('the analyzer with additive phrases', () => {
  const { vocabulary } = mergeGlossary(VOCAB, { entries: [{ term: 'requires improvement', meaning: 'm', aliases: ['RI'] }] });
  const analyzer = new Analyzer(vocabulary);

  it('indexes an additive phrase\'s concept beside the concepts of its words', () => {
    const terms = analyzer.indexTerms('services that require improvement');
    expect(terms).toContain('~requires-improvement');
    expect(terms).toContain('~improve');
  });

  it('a question keeps the terms of the words inside, and gets the phrase\'s concept only when the collection uses it', () => {
    const asked = (isIndexed: (t: string) => boolean) => analyzer.analyse('requires improvement', new Lexicon(), isIndexed).terms.filter((t) => !t.secondary).map((t) => t.term);
    expect(asked(() => true)).toEqual(['~requires-improvement', '~improve', 'requir']);
    expect(asked(() => false)).toEqual(['~improve', 'requir']);
  });
});

describe('the engine with a glossary', () => {
  const source: Source = {
    meta: { id: 's', title: 'Children\'s services', publisher: 'P', published: '2024-01', url: 'https://example.org/s', kind: 'news', events: [] },
    body: '',
    passages: [
      { id: 's#1', sourceId: 's', position: 0, kind: 'paragraph', text: 'Children\'s services were judged requires improvement in 2019.' },
      { id: 's#2', sourceId: 's', position: 1, kind: 'paragraph', text: 'The council published a new plan for school transport.' },
    ],
  };
  const glossary: Glossary = { entries: [{ term: 'requires improvement', meaning: 'An Ofsted grade.', aliases: ['RI'] }] };

  it('exposes its glossary, and answers a question that uses only an alias', () => {
    const engine = engineOver([source], emptyVocabulary, {}, { glossary });
    expect(engine.glossary).toBe(glossary);
    expect(engine.ask('were they RI').results[0]?.passage.id).toBe('s#1');
    expect(engineOver([source], emptyVocabulary).ask('were they RI').answered).toBe(false);
  });
});
