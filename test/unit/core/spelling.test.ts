import { describe, expect, it } from 'vitest';
import { editDistance, Lexicon, soundSkeleton } from '../../../src/core/spelling.ts';

function lexicon(...words: string[]): Lexicon {
  const lx = new Lexicon();
  for (const w of words) lx.add(w);
  return lx;
}

const SEND_WORDS = ['assessment', 'paediatrician', 'occupational', 'inspection', 'therapy', 'autism', 'waiting', 'school', 'plan', 'parents', 'the', 'and'];

describe('soundSkeleton', () => {
  it('maps common misspellings and the right spelling to the same skeleton', () => {
    expect(soundSkeleton('inspecshun')).toBe(soundSkeleton('inspection'));
    expect(soundSkeleton('assesment')).toBe(soundSkeleton('assessment'));
    expect(soundSkeleton('autizm')).toBe(soundSkeleton('autism'));
    expect(soundSkeleton('Paediatrician')).toBe(soundSkeleton('pediatrician'));
  });

  it('treats a final "a" as the "er" of a non-rhotic spelling', () => {
    expect(soundSkeleton('offa')).toBe(soundSkeleton('offer'));
    expect(soundSkeleton('betta')).toBe(soundSkeleton('better'));
    expect(soundSkeleton('area')).not.toBe(soundSkeleton('are'));
  });

  it('keeps different words apart', () => {
    expect(soundSkeleton('school')).not.toBe(soundSkeleton('scheme'));
    expect(soundSkeleton('plan')).not.toBe(soundSkeleton('place'));
  });

  it('hears a dropped g: "takin" is "taking", and "taken" stays apart', () => {
    expect(soundSkeleton('takin')).toBe(soundSkeleton('taking'));
    expect(soundSkeleton('waitin')).toBe(soundSkeleton('waiting'));
    expect(soundSkeleton('taken')).not.toBe(soundSkeleton('taking'));
  });
});

describe('a dropped g', () => {
  it('is corrected to the -ing word rather than to a closer-looking one', () => {
    const lx = new Lexicon();
    lx.add('taken', 5);
    lx.add('taking', 1);
    expect(lx.correct('takin')?.to).toBe('taking');
  });
});

describe('Lexicon.correct', () => {
  const lx = lexicon(...SEND_WORDS);

  it.each([
    ['assesment', 'assessment'],
    ['paedatrician', 'paediatrician'],
    ['ocupational', 'occupational'],
    ['inspecshun', 'inspection'],
    ['autizm', 'autism'],
    ['paretns', 'parents'],
    ['scool', 'school'],
  ])('corrects %s to %s', (typo, word) => {
    const c = lx.correct(typo);
    expect(c).toMatchObject({ word: typo, to: word });
    expect(c?.confidence).toBeGreaterThan(0);
    expect(c?.confidence).toBeLessThanOrEqual(1);
  });

  it.each(['asdfgh', 'qwerty', 'zxcvbnm', 'flapjack'])('does not correct gibberish or unrelated words: %s', (word) => {
    expect(lx.correct(word)).toBeUndefined();
  });

  it('does not correct words under four letters, even one edit from a known word', () => {
    const short = lexicon('plan', 'the', 'ehc', 'send');
    expect(short.correct('pln')).toBeUndefined();
    expect(short.correct('teh')).toBeUndefined();
    expect(short.correct('ehp')).toBeUndefined();
    expect(short.correct('snd')).toBeUndefined();
  });

  it('corrects a three-letter word to a sound-alike only when asked to (the caller knows it is not English)', () => {
    const lx2 = lexicon('good', 'back', 'plan', 'the');
    expect(lx2.correct('gud')).toBeUndefined();
    expect(lx2.correct('gud', { short: true })).toMatchObject({ to: 'good' });
    expect(lx2.correct('bak', { short: true })).toMatchObject({ to: 'back' });
    // Never by edits: "pln" is one edit from "plan" but does not sound like it.
    expect(lx2.correct('pln', { short: true })).toBeUndefined();
    expect(lx2.correct('go', { short: true })).toBeUndefined();
  });

  it('does not correct numbers or words with digits', () => {
    const lx2 = lexicon('2018', '2024', 'year');
    expect(lx2.correct('2019')).toBeUndefined();
    expect(lx2.correct('year2')).toBeUndefined();
  });

  it('does not correct a word the collection already has', () => {
    expect(lx.correct('autism')).toBeUndefined();
  });

  it('does not change the first letter (bins is not pins)', () => {
    expect(lexicon('pins', 'bans').correct('bins')).toMatchObject({ to: 'bans' });
    expect(lexicon('pins').correct('bins')).toBeUndefined();
  });

  it('prefers the more frequent of two equally close words', () => {
    const lx2 = new Lexicon();
    lx2.add('waits', 1);
    lx2.add('wants', 5);
    expect(lx2.correct('wamts')?.to).toBe('wants');
  });

  it('is surer of a sound-alike than of a distant edit', () => {
    const lx2 = lexicon('assessment', 'diagnosis');
    const sound = lx2.correct('asessment');
    const edit = lx2.correct('diagnosys');
    expect(sound?.to).toBe('assessment');
    expect(edit?.to).toBe('diagnosis');
    expect(sound?.confidence ?? 0).toBeGreaterThan(edit?.confidence ?? 1);
  });
});

describe('Lexicon.has / size / add', () => {
  it('counts distinct words, not additions', () => {
    const lx = new Lexicon();
    lx.add('plan');
    lx.add('plan', 3);
    lx.add('plans');
    expect(lx.size).toBe(2);
    expect(lx.has('plan')).toBe(true);
    expect(lx.has('plon')).toBe(false);
  });
});

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions, and a swap of neighbours as one edit', () => {
    expect(editDistance('senco', 'senco')).toBe(0);
    expect(editDistance('senko', 'senco')).toBe(1);
    expect(editDistance('teh', 'the')).toBe(1);
    expect(editDistance('bramble', 'brambel')).toBe(1);
    expect(editDistance('ehcp', 'ehc')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });

  it('with a cap, answers cap + 1 for words whose lengths differ by more, and the true distance otherwise', () => {
    expect(editDistance('a', 'abcd', 1)).toBe(2);
    expect(editDistance('louise', 'luoise', 1)).toBe(1);
  });
});
