import { describe, expect, it } from 'vitest';
import { Analyzer, asideWords, asksQuantity, asksWhen, CONCEPT_PREFIX, stem } from '../../../src/core/analyzer.ts';
import { words } from '../../../src/core/text.ts';
import { Lexicon } from '../../../src/core/spelling.ts';
import { emptyVocabulary, type Vocabulary } from '../../../src/core/vocabulary.ts';
import { realVocabulary } from './helpers.ts';

const VOCAB: Vocabulary = {
  ...emptyVocabulary,
  synonyms: [
    ['EHCP', 'EHC plan', 'education, health and care plan', 'education health and care plan'],
    ['continue', 'carry on', 'keep doing'],
    ['autism', 'ASD'],
    ['autism', 'autistic'], // same head word as the group above: must still get its own concept
  ],
  change: ['better', 'improved', 'since', 'last time', 'than before'],
  recent: ['latest', 'most recent'],
  stopwords: ['tbh', 'pls'],
};

const empty = new Lexicon();
const concepts = (a: Analyzer, q: string): string[] => a.analyse(q, empty).terms.filter((t) => t.term.startsWith(CONCEPT_PREFIX) && !t.secondary).map((t) => t.term);

describe('Analyzer.analyse', () => {
  const analyzer = new Analyzer(VOCAB);

  it('gives "EHCP", "EHC plan" and "education, health and care plan" the same concept', () => {
    const forms = ['EHCP', 'EHC plan', 'education, health and care plan', 'my son’s Education Health and Care Plan'];
    const found = forms.map((q) => concepts(analyzer, q));
    for (const c of found) expect(c).toHaveLength(1);
    expect(new Set(found.flat()).size).toBe(1);
  });

  it('does the same with the committed vocabulary.yml', () => {
    const real = new Analyzer(realVocabulary());
    const found = ['EHCP', 'EHC plan', 'education, health and care plan', 'EHCPs'].map((q) => concepts(real, q));
    for (const c of found) expect(c).toHaveLength(1);
    expect(new Set(found.flat()).size).toBe(1);
  });

  it('matches a phrase on every word, stop words included: "carry on" does not match "carried out"', () => {
    const [carryOn] = concepts(analyzer, 'will they carry on');
    expect(carryOn).toBeDefined();
    expect(analyzer.indexTerms('The inspection was carried out in May 2023.')).not.toContain(carryOn);
    expect(concepts(analyzer, 'the inspection was carried out')).toEqual([]);
  });

  it('reads two words the collection writes as one as that word ("head teacher" → "headteacher")', () => {
    const lx = new Lexicon();
    for (const w of ['headteacher', 'rang', 'council']) lx.add(w);
    const terms = analyzer.analyse('my sons head teacher rang the council', lx).terms.map((t) => t.term);
    expect(terms).toContain(stem('headteacher'));
    expect(terms).not.toContain(stem('head'));
    expect(terms).not.toContain(stem('teacher'));
    // Not when the collection does not write the joined word.
    expect(analyzer.analyse('my sons head teacher rang', empty).terms.map((t) => t.term)).toEqual(expect.arrayContaining([stem('head'), stem('teacher')]));
  });

  it('gives two groups with the same head word different concepts', () => {
    const asd = concepts(analyzer, 'ASD');
    const autistic = concepts(analyzer, 'autistic');
    expect(asd).toHaveLength(1);
    expect(autistic).toHaveLength(1);
    expect(asd[0]).not.toBe(autistic[0]);
  });

  it('does not match the words of a longer phrase again on their own', () => {
    const terms = analyzer.analyse('education, health and care plan', empty).terms;
    const primary = terms.filter((t) => !t.secondary).map((t) => t.term);
    expect(primary).toHaveLength(1);
    expect(primary[0]?.startsWith(CONCEPT_PREFIX)).toBe(true);
  });

  it.each(['has it improved since 2018?', 'are things better than last time?', 'is it better than before'])('detects a change question: %s', (q) => {
    expect(analyzer.analyse(q, empty).change).toBe(true);
  });

  it.each(['how long is the wait for an autism assessment?', 'what did the council say', 'who carried out the inspection'])('does not see change in: %s', (q) => {
    expect(analyzer.analyse(q, empty).change).toBe(false);
  });

  it('detects change cues in the committed vocabulary too', () => {
    const real = new Analyzer(realVocabulary());
    expect(real.analyse('has it improved since 2018?', empty).change).toBe(true);
    expect(real.analyse('are things better than last time?', empty).change).toBe(true);
    expect(real.analyse('how long is the wait for an autism assessment?', empty).change).toBe(false);
  });

  it('marks cue words as cues and the subject of the question as content', () => {
    const terms = analyzer.analyse('are EHC plans better than in 2018', empty).terms;
    const cue = (word: string): boolean | undefined => terms.find((t) => t.words.includes(word))?.cue;
    expect(cue('better')).toBe(true);
    expect(cue('2018')).toBe(false);
    expect(cue('plans')).toBe(false);
  });

  it('detects questions asking for the newest information', () => {
    expect(analyzer.analyse('what did the latest report say', empty).recent).toBe(true);
    expect(analyzer.analyse('what is the most recent inspection', empty).recent).toBe(true);
    expect(analyzer.analyse('what did the report say', empty).recent).toBe(false);
  });

  it('drops standard and vocabulary stop words, leaving nothing for chat alone', () => {
    expect(analyzer.analyse('tbh pls what is it', empty).terms).toEqual([]);
    expect(analyzer.analyse('tbh the wait', empty).terms.map((t) => t.term)).toEqual([stem('wait')]);
  });

  it('drops contractions typed without the apostrophe, but keeps real words that look like one', () => {
    expect(analyzer.analyse("theyve said theyll fix it, didnt they, whats up", empty).terms.map((t) => t.term)).toEqual([stem('fix')]);
    expect(analyzer.analyse("they've said they'll fix it", empty).terms.map((t) => t.term)).toEqual([stem('fix')]);
    expect(analyzer.analyse('ill shed', empty).terms.map((t) => t.term)).toEqual([stem('ill'), stem('shed')]);
  });

  it('corrects unknown words against the lexicon, with the correction recorded and its confidence', () => {
    const lx = new Lexicon();
    for (const w of ['autism', 'assessment', 'waiting']) lx.add(w);
    const a = analyzer.analyse('autizm assesment', lx);
    expect(a.corrections.map((c) => [c.word, c.to])).toEqual([
      ['autizm', 'autism'],
      ['assesment', 'assessment'],
    ]);
    const assessment = a.terms.find((t) => t.term === stem('assessment'));
    expect(assessment?.confidence).toBeLessThan(1);
    expect(assessment?.words).toEqual(['assessment']);
  });

  it('matches a stop-word cue as written: "getting" cues change, "get" does not', () => {
    const a = new Analyzer({ ...emptyVocabulary, change: ['getting', 'better'], stopwords: ['get', 'getting'] });
    expect(a.analyse('is it getting any easier', empty).change).toBe(true);
    expect(a.analyse('do you need an EHCP to get support', empty).change).toBe(false);
    expect(a.analyse('is it better', empty).change).toBe(true);
  });

  it('takes a long additive name as what it names: its words only rank; a short one keeps them', () => {
    const a = new Analyzer({
      ...emptyVocabulary,
      synonyms: [
        ['Ofsted', 'Office for Standards in Education, Children\'s Services and Skills'],
        ['children', 'kids'],
        ['requires improvement', 'RI'],
        ['improvement', 'progress'],
      ],
      additive: ['Office for Standards in Education, Children\'s Services and Skills', 'requires improvement'],
    });
    const primary = (q: string): string[] => a.analyse(q, empty, () => true).terms.filter((t) => !t.secondary).map((t) => t.term).sort();
    expect(primary("Office for Standards in Education, Children's Services and Skills")).toEqual([`${CONCEPT_PREFIX}ofsted`]);
    expect(primary('requires improvement')).toEqual([`${CONCEPT_PREFIX}improvement`, `${CONCEPT_PREFIX}requires-improvement`, stem('requires')].sort());
    // Unless some passage uses the name, its words are all there is.
    const unused = a.analyse("Office for Standards in Education, Children's Services and Skills", empty, () => false).terms;
    expect(unused.filter((t) => !t.secondary).map((t) => t.term)).toContain(stem('skills'));
  });

  it('marks recency cues, but not a word that also cues a comparison ("last time")', () => {
    const a = new Analyzer({ ...emptyVocabulary, change: ['last time'], recent: ['last', 'latest'] });
    const recency = (q: string): string[] => a.analyse(q, empty).terms.filter((t) => t.recency).map((t) => t.term);
    expect(recency('the latest inspection')).toEqual([stem('latest')]);
    expect(recency('better than last time')).toEqual([]);
    expect(recency('the inspection')).toEqual([]);
  });

  it('does not take a cue word inside a longer phrase of another meaning as a cue', () => {
    const a = new Analyzer({
      ...emptyVocabulary,
      synonyms: [
        ['sustainable', 'going to last'],
        ['improve', 'better', 'getting better'],
      ],
      change: ['better'],
      recent: ['last'],
    });
    const lasting = a.analyse('are the changes going to last', empty);
    expect(lasting.recent).toBe(false);
    expect(lasting.terms.find((t) => t.term === `${CONCEPT_PREFIX}sustainable`)?.cue).toBe(false);
    expect(a.analyse('what did the last report say', empty).recent).toBe(true);
    // A phrase of a group that has a cue in it stays a cue: "getting better" asks about change.
    const better = a.analyse('is it getting better', empty);
    expect(better.change).toBe(true);
    expect(better.terms.find((t) => t.term === `${CONCEPT_PREFIX}improve`)?.cue).toBe(true);
  });

  it('corrects three-letter words to a sound-alike only when they are not English words', () => {
    const lx = new Lexicon();
    for (const w of ['good', 'back', 'sun']) lx.add(w);
    const english = (w: string): number | undefined => (['gud', 'bak'].includes(w) ? undefined : 4.8);
    expect(analyzer.analyse('any gud', lx).corrections).toEqual([]);
    expect(analyzer.analyse('any gud', lx, () => false, english).corrections.map((c) => c.to)).toEqual(['good']);
    expect(analyzer.analyse('sun', lx, () => false, english).corrections).toEqual([]);
  });

  it('does not correct a common English word into a word of the collection (spend is not send)', () => {
    const lx = new Lexicon();
    for (const w of ['send', 'assessment']) lx.add(w);
    const english = (w: string): number | undefined => ({ spend: 4.7, assesmant: undefined, sended: 2 })[w];
    expect(analyzer.analyse('spend', lx).corrections.map((c) => c.to)).toEqual(['send']);
    expect(analyzer.analyse('spend', lx, () => false, english).corrections).toEqual([]);
    expect(analyzer.analyse('assesmant', lx, () => false, english).corrections.map((c) => c.to)).toEqual(['assessment']);
  });

  it('does not correct a word the collection knows in another form', () => {
    const lx = new Lexicon();
    lx.add('problems');
    const a = analyzer.analyse('any problem', lx, (term) => term === stem('problems'));
    expect(a.corrections).toEqual([]);
  });
});

describe('Analyzer.indexTerms', () => {
  const analyzer = new Analyzer(VOCAB);

  it('indexes content stems and the concept of each phrase, and no stop words', () => {
    const terms = analyzer.indexTerms('Children with an EHC plan were waiting.');
    expect(terms).toContain(stem('children'));
    expect(terms).toContain(stem('waiting'));
    expect(terms).not.toContain('with');
    expect(terms.filter((t) => t.startsWith(CONCEPT_PREFIX))).toEqual(concepts(analyzer, 'EHCP'));
  });

  it('meets the query side: the stems of a question are the index terms of the same words', () => {
    const q = analyzer.analyse('waiting assessments', empty).terms.map((t) => t.term);
    expect(analyzer.indexTerms('The waiting lists for assessments')).toEqual(expect.arrayContaining(q));
  });
});

describe('stem', () => {
  it('stems words and leaves numbers alone', () => {
    expect(stem('waiting')).toBe(stem('waits'));
    expect(stem('2018')).toBe('2018');
  });
});

describe('asksQuantity', () => {
  it.each(['how many children have an ehcp', 'how much is the fund', 'what percentage of plans are late'])('is true for %s', (q) => expect(asksQuantity(words(q))).toBe(true));
  it.each(['how long is the wait', 'many parents are unhappy, what did the report say', 'what did they find'])('is false for %s', (q) => expect(asksQuantity(words(q))).toBe(false));
});

describe('asksWhen', () => {
  it.each(['when was the last inspection', 'so when is ofsted coming back', 'wen r they back', 'what year was the first inspection', 'how soon will it be published', 'the next inspection, when?'])(
    'is true for %s',
    (q) => expect(asksWhen(words(q))).toBe(true),
  );
  it.each(['what happens when my child is refused an EHCP', 'what did the report say', 'why so long'])('is false for %s', (q) => expect(asksWhen(words(q))).toBe(false));
});

describe('asideWords: the asker\'s story, not their question', () => {
  const aside = (q: string): string[] => {
    const flags = asideWords(q);
    return words(q).filter((_, i) => flags[i]);
  };

  it('marks a first-person clause beside the question, and nothing of the question clause', () => {
    expect(aside('my lad has waited 2 years for an assessment, did the inspectors say anything about waits')).toEqual(['my', 'lad', 'has', 'waited', '2', 'years', 'for', 'an', 'assessment']);
  });

  it('marks hearsay and an apology opening a clause', () => {
    expect(aside('someone told me the council is getting rid of the senco, what did inspectors say about sencos')).toEqual(words('someone told me the council is getting rid of the senco'));
    expect(aside('sorry if this is a silly one. when is the next inspection')).toEqual(words('sorry if this is a silly one'));
  });

  it('keeps a question that is all story whole, but for the asker\'s own numbers, pronouns and the word after "my"', () => {
    expect(aside('my son has been waiting for an ehcp')).toEqual(['my', 'son']);
    expect(aside('how do i apply for dla for my autistic son')).toEqual(['i', 'my', 'autistic']);
    expect(aside('how long will my 9yo wait for an autism assessment')).toEqual(['my', '9yo']);
    expect(aside('is a taxi 40 mins or 2 hours out of county normal')).toEqual(['40', 'minutes', '2', 'hours']);
  });

  it('keeps the story when a short question points back at it ("is that true", "is this normal")', () => {
    expect(aside('someone told me the council is getting rid of the senco, is that true')).toEqual(['me']);
    expect(aside('school told me my son has to be failing for 2 terms first, is that even legal??')).toEqual(['me', 'my', 'son']);
    // A longer question clause is a question of its own.
    expect(aside('someone told me the council is getting rid of the senco, is that what the inspectors asked for')).toEqual(words('someone told me the council is getting rid of the senco'));
  });

  it('marks a number about the asker\'s case with its unit, not a year', () => {
    expect(aside('is 18 months normal for an autism diagnosis')).toEqual(['18', 'months']);
    expect(aside('what did the 2024 inspection find')).toEqual([]);
  });

  it('splits clauses at "but" and "cos" as at punctuation', () => {
    expect(aside('we moved here last year but what did ofsted find')).toEqual(words('we moved here last year'));
  });
});

describe('Analyzer.analyse: story and cue words', () => {
  const analyzer = new Analyzer({ ...emptyVocabulary, stopwords: ['thanks', 'find'] });
  const lexicon = new Lexicon();

  it('flags the terms of the asker\'s story as aside, and a word also asked about as not', () => {
    const terms = analyzer.analyse('my lad has waited ages for speech therapy, is speech therapy getting better', lexicon).terms;
    expect(terms.find((t) => t.term === stem('lad'))?.aside).toBe(true);
    expect(terms.find((t) => t.term === stem('ages'))?.aside).toBe(true);
    expect(terms.find((t) => t.term === stem('speech'))?.aside).toBe(false);
  });

  it('stops a chat word as typed only, not the real words that share its stem', () => {
    const terms = analyzer.analyse('did the council thank parents for their findings, thanks', lexicon).terms.map((t) => t.term);
    expect(terms).toContain(stem('thank'));
    expect(terms).toContain(stem('findings'));
    expect(analyzer.analyse('thanks', lexicon).terms).toEqual([]);
  });

  it('takes the word of "what dates" as a cue of a when-question, not as its topic', () => {
    const a = analyzer.analyse('what dates are the inspections', lexicon);
    expect(a.when).toBe(true);
    expect(a.terms.find((t) => t.term === stem('dates'))?.cue).toBe(true);
    expect(a.terms.find((t) => t.term === stem('inspections'))?.cue).toBe(false);
  });
});
