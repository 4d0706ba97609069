import { describe, expect, it } from 'vitest';
import { emptyVocabulary, validateVocabulary } from '../../../src/core/vocabulary.ts';
import { realVocabulary } from './helpers.ts';

describe('validateVocabulary', () => {
  it('accepts a complete document and trims its phrases', () => {
    const { vocabulary, issues } = validateVocabulary({
      synonyms: [['EHCP', ' EHC plan '], ['OT', 'occupational therapy']],
      change: ['better', 'since'],
      recent: ['latest'],
      stopwords: ['tbh'],
      services: [{ name: 'Autism diagnosis', terms: ['autism assessment'] }],
      partners: [{ name: ' NHS ', terms: ['CCG', 'ICB'] }],
    });
    expect(issues).toEqual([]);
    expect(vocabulary.synonyms).toEqual([['EHCP', 'EHC plan'], ['OT', 'occupational therapy']]);
    expect(vocabulary.partners).toEqual([{ name: 'NHS', terms: ['CCG', 'ICB'] }]);
  });

  it('treats an empty document as an empty vocabulary without complaint', () => {
    expect(validateVocabulary(null)).toEqual({ vocabulary: emptyVocabulary, issues: [] });
    expect(validateVocabulary(undefined)).toEqual({ vocabulary: emptyVocabulary, issues: [] });
  });

  it('reads years written without quotes as words', () => {
    const { vocabulary, issues } = validateVocabulary({ synonyms: [[2018, 'initial inspection']] });
    expect(issues).toEqual([]);
    expect(vocabulary.synonyms).toEqual([['2018', 'initial inspection']]);
  });

  it('reports each problem with the path of the field at fault, and keeps the valid parts', () => {
    const { vocabulary, issues } = validateVocabulary({
      synonyms: [['EHCP', 'EHC plan'], ['lonely'], ['ok', '', 'fine'], 'not a list'],
      change: 'better',
      recent: ['latest', { x: 1 }],
      services: [{ name: 'Autism diagnosis', terms: ['autism'] }, { terms: ['x'] }, { name: 'OT', terms: [] }],
      partners: { name: 'NHS' },
      colour: 'blue',
    });
    expect([...new Set(issues.map((i) => i.field))].sort()).toEqual(
      ['colour', 'synonyms[1]', 'synonyms[2][1]', 'synonyms[3]', 'change', 'recent[1]', 'services[1].name', 'services[2].terms', 'partners'].sort(),
    );
    for (const i of issues) expect(i.message).not.toBe('');
    expect(vocabulary.synonyms).toEqual([['EHCP', 'EHC plan'], ['ok', 'fine']]);
    expect(vocabulary.recent).toEqual(['latest']);
    expect(vocabulary.services).toEqual([{ name: 'Autism diagnosis', terms: ['autism'] }]);
  });

  it('rejects a document that is not a mapping', () => {
    expect(validateVocabulary(['EHCP']).issues).toEqual([{ field: '(root)', message: expect.any(String) }]);
    expect(validateVocabulary('EHCP').issues).toHaveLength(1);
  });

  it('reports synonyms that is not a list of groups', () => {
    expect(validateVocabulary({ synonyms: 'EHCP' }).issues.map((i) => i.field)).toEqual(['synonyms']);
  });

  it('finds no problem in the committed knowledge/vocabulary.yml', () => {
    expect(() => realVocabulary()).not.toThrow();
    expect(realVocabulary().synonyms.length).toBeGreaterThan(10);
  });
});
