import { describe, expect, it } from 'vitest';
import { containment, isNearDuplicate, ShingleIndex, shingles } from '../../../src/core/near-duplicates.ts';

const STATEMENT = 'We recognise that there is still much more to do, and we are determined to make the improvements families need to see.';

describe('shingles', () => {
  it('ignores case, punctuation and quote styles', () => {
    expect(shingles('The Council said “much more to do”.')).toEqual(shingles("the council said 'much more to do'"));
  });
  it('gives a short text one shingle and an empty text none', () => {
    expect(shingles('Ofsted visit').size).toBe(1);
    expect(shingles('  ... ').size).toBe(0);
  });
});

describe('containment', () => {
  it('finds a statement quoted inside an outlet\'s own words', () => {
    const quoted = `In a joint statement, the council and the ICB said: "${STATEMENT}"`;
    expect(containment(shingles(STATEMENT), shingles(quoted))).toBe(1);
    expect(isNearDuplicate(STATEMENT, quoted)).toBe(true);
  });
  it('tells apart two passages on the same topic in different words', () => {
    const other = 'Families told inspectors they still wait too long for assessments and support.';
    expect(isNearDuplicate(STATEMENT, other)).toBe(false);
  });
  it('is 0 for an empty text', () => {
    expect(containment(new Set(), shingles(STATEMENT))).toBe(0);
  });
});

describe('ShingleIndex', () => {
  it('returns only the near-duplicates, best first', () => {
    const index = new ShingleIndex<string>();
    index.add('bbc', `The council said: "${STATEMENT}"`);
    index.add('radio', `${STATEMENT.slice(0, 80)} said a spokesperson.`);
    index.add('other', 'Waiting times for speech and language therapy were too long, the report found.');
    const found = index.near(STATEMENT);
    expect(found.map((m) => m.key)).toEqual(['bbc', 'radio']);
    expect(found[0]?.score).toBe(1);
  });
  it('keeps the first text of a key added twice', () => {
    const index = new ShingleIndex<number>();
    index.add(1, STATEMENT);
    index.add(1, 'something else entirely here today');
    expect(index.near(STATEMENT).map((m) => m.key)).toEqual([1]);
  });
});
