import { beforeAll, describe, expect, it } from 'vitest';
import { stem } from '../../../src/core/analyzer.ts';
import type { Engine} from '../../../src/core/engine.ts';
import { resolveOptions } from '../../../src/core/engine.ts';
import { defaultEngineOptions } from '../../../src/core/options.ts';
import type { AbstainReason, Answer, Source } from '../../../src/core/types.ts';
import { emptyVocabulary, type Vocabulary } from '../../../src/core/vocabulary.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import { loadQuestionSet } from '../../../eval/metrics.ts';
import { engineOver, KNOWLEDGE_DIR, makeSource, squash } from './helpers.ts';

const VOCAB: Vocabulary = {
  ...emptyVocabulary,
  synonyms: [
    ['EHCP', 'EHC plan', 'education, health and care plan'],
    ['improve', 'improved', 'improvement', 'better', 'progress'],
    ['wait', 'waiting', 'waiting times', 'delay'],
  ],
  change: ['better', 'improved', 'since', 'last time', 'progress'],
  recent: ['latest'],
};

const OLDER = makeSource(
  'council-2021',
  [
    'The inspection found that waiting times for an autism diagnosis had come down since 2018.',
    '',
    'EHC plans were\nof poor quality,\ninspectors said, but leaders are taking action.',
    '',
    'Cllr Jane Doe, Cabinet Member for Education, said: “We accept the findings of the report.',
    '',
    '“We thank every family who spoke to inspectors.”',
    '',
    'Highlights included:',
    '',
    '- Leaders made progress on the local offer.',
    '- Fewer children are placed in settings far from home.',
  ].join('\n'),
  { published: '2021-12-01', publisher: 'Test County Council', title: 'Progress recognised in SEND services' },
);

const NEWER = makeSource(
  'news-2024',
  [
    'Inspectors found widespread failings and long waiting times for an autism diagnosis in the county.',
    '',
    'The partnership apologised to families who have not had the support they need.',
    '',
    'A monitoring inspection will be carried out within 18 months.',
  ].join('\n'),
  { published: '2024-07', publisher: 'Test News', title: 'Inspectors demand action on special needs care' },
);

const engine = engineOver([OLDER, NEWER], VOCAB);

function sourceOf(e: Engine, id: string): Source {
  const s = e.sources.find((x) => x.meta.id === id);
  if (!s) throw new Error(`no source ${id}`);
  return s;
}

/** Every cited text is the source's own words, and the highlight is one of them. */
function expectVerbatim(e: Engine, answer: Answer): void {
  for (const r of answer.results) {
    const source = sourceOf(e, r.passage.sourceId);
    expect(r.source).toBe(source.meta);
    expect(squash(source.body)).toContain(squash(r.passage.text));
    expect(r.passage.text).toContain(r.highlight);
    expect(r.highlight.length).toBeGreaterThan(0);
  }
}

describe('Engine.ask', () => {
  describe('questions it cannot take', () => {
    const cases: [string, string, AbstainReason][] = [
      ['empty', '', 'empty'],
      ['whitespace only', ' \n\t \u00a0 ', 'empty'],
      ['control characters only', '\u0000\u0007\u001b\u007f', 'empty'],
      ['zero-width characters only', '\u200b\u200d\ufeff', 'empty'],
      ['emoji only', '😀😀', 'no-words'],
      ['punctuation only', '?!?...', 'no-words'],
      ['stop words only', 'what is it and who are they', 'no-words'],
      ['10,000 characters', 'how long is the wait for an autism assessment '.repeat(250).slice(0, 10_000), 'too-long'],
    ];
    it.each(cases)('%s → answered: false, reason %s', (_name, question, reason) => {
      const a = engine.ask(question);
      expect(a).toEqual({ question, answered: false, reason, perspectives: false, results: [] });
    });

    it('refuses a question one character over the limit, and not one at the limit', () => {
      const q = 'autism diagnosis waiting times '.repeat(40);
      const atLimit = engine.ask(q.slice(0, defaultEngineOptions.maxQuestionLength));
      expect(!atLimit.answered && atLimit.reason).not.toBe('too-long');
      expect(engine.ask(q.slice(0, defaultEngineOptions.maxQuestionLength + 1))).toMatchObject({ answered: false, reason: 'too-long' });
    });

    it('ignores control characters inside a real question', () => {
      const clean = engine.ask('autism diagnosis waiting times');
      const dirty = engine.ask('autism\u0000 diagnosis\u0007 waiting\u200b times');
      expect(dirty.answered).toBe(true);
      expect(dirty.results.map((r) => r.passage.id)).toEqual(clean.results.map((r) => r.passage.id));
      expect(dirty.question).toBe('autism\u0000 diagnosis\u0007 waiting\u200b times');
    });

    it.each(['when are the bins collected', 'recipe for flapjack', 'asdfgh qwerty'])('abstains as out-of-scope: %s', (q) => {
      expect(engine.ask(q)).toMatchObject({ answered: false, reason: 'out-of-scope', results: [] });
    });
  });

  describe('k', () => {
    // Fourteen passages that match alike but say different things (so none folds into another as
    // the same statement), so that only k limits how many are shown.
    const places = ['Bromsgrove', 'Malvern', 'Redditch', 'Wychavon', 'Wyre Forest', 'Worcester', 'Evesham', 'Pershore', 'Droitwich', 'Kidderminster', 'Stourport', 'Tenbury', 'Upton', 'Bewdley'];
    const many = makeSource('many', places.map((p, i) => `Speech therapy waiting times: ${p} families waited ${i + 3} months, ${p} clinic record ${i + 1}.`).join('\n\n'));
    const e = engineOver([many], emptyVocabulary);
    const count = (k?: number): number => e.ask('speech therapy waiting times', k === undefined ? {} : { k }).results.length;

    it('defaults to 3', () => expect(count()).toBe(3));
    it('is respected from 1 to 10', () => {
      for (const k of [1, 2, 5, 10]) expect(count(k)).toBe(k);
    });
    it('is clamped to 1..10', () => {
      expect(count(0)).toBe(1);
      expect(count(-5)).toBe(1);
      expect(count(11)).toBe(10);
      expect(count(1000)).toBe(10);
    });
    it('is truncated to a whole number', () => expect(count(2.9)).toBe(2));
    it('stays within 1..10 for NaN and Infinity', () => {
      for (const k of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
        expect(count(k)).toBeGreaterThanOrEqual(1);
        expect(count(k)).toBeLessThanOrEqual(10);
      }
    });
    it('follows the engine settings for the default and the maximum', () => {
      const e5 = engineOver([many], emptyVocabulary, { k: 5, maxK: 6 });
      expect(e5.ask('speech therapy waiting times').results).toHaveLength(5);
      expect(e5.ask('speech therapy waiting times', { k: 10 }).results).toHaveLength(6);
    });
  });

  describe('results', () => {
    const QUESTIONS = [
      'how long is the wait for an autism diagnosis?',
      'what is the quality of EHC plans',
      'what did Cllr Jane Doe say',
      'did the partnership apologise',
      'when is the next monitoring inspection',
      'has it improved since 2018?',
      'what were the highlights',
    ];

    it.each(QUESTIONS)('are verbatim passages of their source, with a highlight from the passage: %s', (q) => {
      const a = engine.ask(q, { k: 10 });
      expect(a.answered).toBe(true);
      expectVerbatim(engine, a);
    });

    it('find the passage that answers, by its own words or by a synonym', () => {
      expect(engine.ask('how long is the wait for an autism diagnosis?').results[0]?.passage.text).toMatch(/autism diagnosis/);
      expect(engine.ask('education, health and care plan quality').results[0]?.passage.text).toMatch(/^EHC plans were of poor quality/);
      expect(engine.ask('did the partnership apologise').results[0]?.passage.text).toMatch(/apologised/);
    });

    it('find a statement by who said it', () => {
      expect(engine.ask('what did Cllr Jane Doe say').results[0]?.passage.speaker?.name).toBe('Cllr Jane Doe');
    });

    it('are ordered by score when from one source, with rounded scores', () => {
      const a = engine.ask('what did Cllr Jane Doe say', { k: 10 });
      const scores = a.results.map((r) => r.score);
      expect(scores).toEqual([...scores].sort((x, y) => y - x));
      for (const r of a.results) {
        expect(r.coverage).toBeGreaterThan(0);
        expect(r.coverage).toBeLessThanOrEqual(1);
      }
    });

    it('corrects misspelt words towards the collection', () => {
      const a = engine.ask('autizm diagnosys');
      expect(a.answered).toBe(true);
      expect(a.results[0]?.passage.text).toMatch(/autism diagnosis/);
    });
  });

  describe('perspectives', () => {
    it('show both sources for a change question, newest first', () => {
      const a = engine.ask('has the autism diagnosis wait improved since 2018?');
      expect(a.answered).toBe(true);
      expect(a.perspectives).toBe(true);
      const order = [...new Set(a.results.map((r) => r.source.id))];
      expect(order).toEqual(['news-2024', 'council-2021']);
    });

    it('for a change question, prefer the opening of a source, where it gives its verdict', () => {
      const src = makeSource(
        'report',
        'Sufficient progress has been made since the visit.\n\nProgress since the visit on the offer.',
      );
      const vocab: Vocabulary = { ...emptyVocabulary, change: ['progress', 'since'] };
      const q = 'progress since the visit?';
      expect(engineOver([src], vocab).ask(q).results[0]?.passage.position).toBe(0);
      expect(engineOver([src], vocab, { changeLeadBoost: 0 }).ask(q).results[0]?.passage.position).toBe(1);
    });

    it('are not claimed when every result comes from one source', () => {
      const a = engine.ask('what did Cllr Jane Doe say');
      expect(new Set(a.results.map((r) => r.source.id)).size).toBe(1);
      expect(a.perspectives).toBe(false);
    });

    // Bug: when the second source's best passage is shown only as an ordinary extra result (its
    // score is under perspective.score × the top score), `perspectives` is still true but the
    // results stay in score order, oldest source first. The renderer then prints "These sources
    // differ in date; newest first:" above an older source. Same on the real knowledge base:
    // "how long will my son wait for an ASD assessment" → wcc-2022 first, then bbc-2024.
    it('are not claimed for a newer source that answers much worse: the better passage comes first', () => {
      const old = makeSource('old-report', 'Speech therapy waiting times were long. Speech therapy waiting times for speech therapy were the main worry.\n\nThe weather was fine.', {
        published: '2020-01-01',
      });
      const recent = makeSource(
        'new-report',
        'The report covered many services including speech therapy, where waiting times were mentioned briefly among many other things such as transport, buildings, staffing, budgets, meetings, minutes and plans.\n\nBuses were on time.',
        { published: '2024-01-01' },
      );
      const a = engineOver([old, recent], emptyVocabulary).ask('speech therapy waiting times');
      expect(a.perspectives).toBe(false);
      expect([...new Set(a.results.map((r) => r.source.id))]).toEqual(['old-report', 'new-report']);
    });

    it('when claimed, list the sources newest first (input: two sources that answer alike)', () => {
      const old = makeSource('old-report', 'Speech therapy waiting times were long, said the council.\n\nThe weather was fine.', { published: '2020-01-01' });
      const recent = makeSource('new-report', 'Speech therapy waiting times were long, parents told the BBC.\n\nBuses were on time.', { published: '2024-01-01' });
      const a = engineOver([old, recent], emptyVocabulary).ask('speech therapy waiting times');
      expect(a.perspectives).toBe(true);
      expect(a.results.map((r) => r.source.id)).toEqual(['new-report', 'old-report']);
    });

    it('serve a recency word by preferring newer sources, not by matching it ("last July")', () => {
      const vocab: Vocabulary = { ...emptyVocabulary, recent: ['last'] };
      const one = makeSource('one', 'Last July, and last year, and last time, the council held an inspection of its parks, roads and bins.\n\nThe inspection was in April.');
      const a = engineOver([one], vocab).ask('when was the last inspection');
      expect(a.results[0]?.passage.text).toBe('The inspection was in April.');
    });

    it('answer a "when" question with the passage that dates the event its source reports on', () => {
      const src = makeSource(
        'report',
        'Inspectors found that the inspection of services showed long waits for families, and inspectors said inspection findings were serious.\n\nThe inspection took place in April.\n\nThe weather was fine.',
        { events: [{ date: '2024-04', label: 'Inspection', status: 'done' }] },
      );
      const e = engineOver([src], emptyVocabulary);
      expect(e.ask('when was the inspection').results[0]?.passage.text).toBe('The inspection took place in April.');
      expect(e.ask('what did the inspection find').results[0]?.passage.text).not.toBe('The inspection took place in April.');
      const off = engineOver([src], emptyVocabulary, { whenBoost: 1, eventBoost: 1 });
      expect(off.ask('when was the inspection').results[0]?.passage.text).not.toBe('The inspection took place in April.');
    });

    it('answer a "when" question about the future with a passage that says what will happen, not the date of a past event', () => {
      const src = makeSource(
        'report',
        'The inspection was in April.\n\nA monitoring inspection will be carried out within 18 months.\n\nThe weather was fine.',
        { events: [{ date: '2024-04', label: 'Inspection', status: 'done' }] },
      );
      // The real vocabulary stops "will", so only the "when" boost can tell the two passages apart.
      const e = engineOver([src], { ...emptyVocabulary, stopwords: ['will'] });
      expect(e.ask('when will the inspection be').results[0]?.passage.text).toBe('A monitoring inspection will be carried out within 18 months.');
      expect(e.ask('when was the inspection').results[0]?.passage.text).toBe('The inspection was in April.');
    });

    it('answer a "how many" question with a passage that gives a number (not a year)', () => {
      const src = makeSource(
        'report',
        'Inspectors said children with EHC plans, and children waiting for EHC plans, had poor plans in 2024.\n\nThe council said 3,600 children in the county now have EHC plans, and it reviews each of them every year.\n\nThe weather was fine.',
      );
      const e = engineOver([src], emptyVocabulary);
      expect(e.ask('how many children have EHC plans').results[0]?.passage.text).toMatch(/^The council said 3,600/);
      const off = engineOver([src], emptyVocabulary, { quantityBoost: 1 });
      expect(off.ask('how many children have EHC plans').results[0]?.passage.text).toMatch(/^Inspectors said/);
    });

    it('rank the newest source first for a "latest" question', () => {
      const a = engine.ask('what did the latest report say about autism diagnosis waiting times');
      expect(a.results[0]?.source.id).toBe('news-2024');
    });
  });

  describe('sourceIds', () => {
    it('answers only from the sources named', () => {
      for (const id of ['council-2021', 'news-2024']) {
        const a = engine.ask('autism diagnosis waiting times', { sourceIds: [id], k: 10 });
        expect(a.answered).toBe(true);
        expect(a.results.every((r) => r.source.id === id)).toBe(true);
      }
    });

    it('abstains when the named sources do not cover the question', () => {
      expect(engine.ask('did the partnership apologise', { sourceIds: ['council-2021'] }).answered).toBe(false);
      expect(engine.ask('autism diagnosis waiting times', { sourceIds: ['no-such-source'] })).toMatchObject({ answered: false, reason: 'out-of-scope' });
      expect(engine.ask('autism diagnosis waiting times', { sourceIds: [] }).answered).toBe(false);
    });
  });

  describe('the same statement from several outlets', () => {
    const statement = 'In a joint statement the council and the health board said they were sorry that families had waited far too long for speech therapy and promised a new plan.';
    const radio = makeSource('radio-2024', `Local radio reported the news on Monday.\n\n${statement}`, { published: '2024-02-01', publisher: 'Radio' });
    const paper = makeSource('paper-2024', `The paper covered the story.\n\nThey said: ${statement} Parents were not convinced.`, { published: '2024-02-02', publisher: 'Paper' });
    const other = makeSource('other-2023', 'Speech therapy waiting times in the county were the longest in the region, a report found.', { published: '2023-05-01' });

    it('is one excerpt that names the other outlets, never two slots', () => {
      const a = engineOver([radio, paper, other], emptyVocabulary).ask('did they say sorry about speech therapy waits', { k: 3 });
      expect(a.answered).toBe(true);
      const quoting = a.results.filter((r) => r.passage.text.includes('joint statement'));
      expect(quoting).toHaveLength(1);
      expect(quoting[0]?.alsoReportedBy.map((m) => m.id)).toEqual([quoting[0]?.source.id === 'radio-2024' ? 'paper-2024' : 'radio-2024']);
    });

    it('names no other outlet for a statement only one source makes', () => {
      const a = engineOver([radio, other], emptyVocabulary).ask('speech therapy waiting times in the region');
      expect(a.results.every((r) => r.alsoReportedBy.length === 0)).toBe(true);
    });
  });

  describe('the asker\'s story', () => {
    const src = makeSource('report', 'Speech therapy waiting times were too long, the report found.\n\nThe council apologised to families.');
    const chat: Vocabulary = { ...emptyVocabulary, stopwords: ['anyway', 'say'] };
    const e = engineOver([src], chat);

    it('does not make an answerable question unanswerable', () => {
      expect(e.ask('my boy is seven and we moved from Bristol last winter, anyway what did the report say about speech therapy waits').answered).toBe(true);
      expect(e.ask('someone at toddler group told me about a huge backlog, are speech therapy waiting times long').answered).toBe(true);
      // Without the rule, the story's words weigh as much as the question's.
      expect(engineOver([src], chat, { asideWeight: 1 }).ask('my boy is seven and we moved from Bristol last winter, anyway what did the report say about speech therapy waits').answered).toBe(false);
    });

    it('does not make an off-topic question answerable', () => {
      expect(e.ask('my daughter has speech therapy on tuesdays, when does the swimming pool open').answered).toBe(false);
    });
  });

  describe('passages after the first', () => {
    it('are shown when good relative to the best one, not by a fixed coverage of their own', () => {
      const src = makeSource('r', 'Occupational therapy waiting times were long.\n\nOccupational therapy staff were praised.\n\nThe weather was fine.');
      // Together they cover the question; the second alone covers less than minCoverage, yet is
      // shown beside the first (a fixed coverage of its own would hide it).
      const a = engineOver([src], emptyVocabulary, { minCoverage: 0.7 }).ask('occupational therapy waiting times praised');
      expect(a.results.map((r) => r.passage.text)).toEqual(['Occupational therapy waiting times were long.', 'Occupational therapy staff were praised.']);
    });
  });

  describe('change over time', () => {
    const vocab: Vocabulary = { ...emptyVocabulary, change: ['better', 'since'] };
    const y2018 = makeSource('report-2018', 'The 2018 inspection found short breaks for disabled children were poor.\n\nShort breaks for disabled children were hard to find, the report said, and things must get better.', {
      published: '2018-06-01',
      events: [{ date: '2018-03', label: 'inspection', status: 'done' }],
    });
    const y2020 = makeSource('news-2020', 'Short breaks for disabled children were getting better, the council said, with much better planning.', { published: '2020-06-01' });
    const y2024 = makeSource('news-2024', 'Short breaks for disabled children are still too few, inspectors said.', { published: '2024-06-01' });
    const e = engineOver([y2018, y2020, y2024], vocab);

    it('shows the newest source on the topic and, when a year is named, that year\'s source as the earlier side', () => {
      const a = e.ask('are short breaks better since 2018');
      expect(a.perspectives).toBe(true);
      const ids = a.results.map((r) => r.source.id);
      expect(ids[0]).toBe('news-2024');
      expect(ids).toContain('report-2018');
    });

    it('shows the newest source even when an older one matches the words better', () => {
      const a = e.ask('are short breaks getting better');
      expect(a.results[0]?.source.id).toBe('news-2024');
      expect(new Set(a.results.map((r) => r.source.id)).size).toBeGreaterThan(1);
    });
  });

  describe('an empty collection', () => {
    it('abstains on everything', () => {
      const e = engineOver([], emptyVocabulary);
      expect(e.ask('autism diagnosis waiting times')).toMatchObject({ answered: false, reason: 'out-of-scope' });
      expect(e.passageCount).toBe(0);
    });
  });
});

describe('Engine accessors', () => {
  it('index every passage of every source and find them by id', () => {
    expect(engine.passageCount).toBe(OLDER.passages.length + NEWER.passages.length);
    expect(engine.passages()).toEqual([...OLDER.passages, ...NEWER.passages]);
    const first = OLDER.passages[0];
    expect(first && engine.passage(first.id)).toBe(first);
    expect(engine.passage('nope#0000000')).toBeUndefined();
    expect(engine.source('news-2024')).toBe(NEWER.meta);
    expect(engine.source('nope')).toBeUndefined();
  });

  it('weigh an everyday English word the collection uses a little below its jargon used as often', () => {
    const src = makeSource('s', ['Paediatrics waits are long.', '', 'A year on, things are the same.', '', 'Other text here.'].join('\n'));
    const zipf = (w: string): number | undefined => ({ year: 6.2, paediatrics: undefined })[w];
    const e = engineOver([src], emptyVocabulary, {}, { wordFrequency: zipf });
    const year = e.weight(stem('year'), ['year']);
    const jargon = e.weight(stem('paediatrics'), ['paediatrics']);
    expect(year).toBeLessThan(jargon);
    expect(year).toBeGreaterThanOrEqual(jargon * (1 - defaultEngineOptions.everydayDiscount));
    const plain = engineOver([src], emptyVocabulary, { everydayDiscount: 0 }, { wordFrequency: zipf });
    expect(plain.weight(stem('year'), ['year'])).toBeCloseTo(plain.weight(stem('paediatrics'), ['paediatrics']));
  });

  it('weigh a word the collection lacks less when English never uses it as a noun: it frames the question, it names no topic', () => {
    const src = makeSource('s', 'The improvement plan was agreed in 2019.');
    const zipf = (w: string): number | undefined => ({ rushed: 3.4, pothole: 3.4 })[w];
    const e = engineOver([src], emptyVocabulary, {}, { wordFrequency: zipf, nonNouns: new Set(['rushed']) });
    const rushed = e.weight(stem('rushed'), ['rushed']);
    expect(rushed).toBeCloseTo(e.weight(stem('pothole'), ['pothole']) * defaultEngineOptions.nonNounWeight);
    expect(e.ask('was the plan rushed').answered).toBe(true);
    expect(e.ask('was the plan a pothole').answered).toBe(false);
    const without = engineOver([src], emptyVocabulary, {}, { wordFrequency: zipf });
    expect(without.weight(stem('rushed'), ['rushed'])).toBeCloseTo(without.weight(stem('pothole'), ['pothole']));
  });

  it('weigh a word the collection never uses above any word it uses', () => {
    const used = ['autism', 'inspector', 'wait'].map((w) => engine.weight(w));
    expect(engine.weight('flapjack')).toBeGreaterThanOrEqual(Math.max(...used));
  });
});

describe('resolveOptions', () => {
  it('overrides one boost without dropping the others, and leaves the defaults alone', () => {
    const o = resolveOptions({ boost: { speaker: 5 }, minCoverage: 0.5 });
    expect(o.boost).toEqual({ ...defaultEngineOptions.boost, speaker: 5 });
    expect(o.minCoverage).toBe(0.5);
    expect(o.perspective).toEqual(defaultEngineOptions.perspective);
    expect(defaultEngineOptions.boost.speaker).toBe(1);
    expect(resolveOptions()).toEqual(defaultEngineOptions);
  });
});

describe('Engine.ask over the real knowledge base', () => {
  let real: Engine;
  beforeAll(async () => {
    const snapshot = await loadKnowledge(KNOWLEDGE_DIR);
    expect(snapshot.issues).toEqual([]);
    real = engineOver(snapshot.sources, snapshot.vocabulary);
  });

  it.each(['has it improved since 2018?', 'are things better than last time?'])('shows both sources for a comparison, newest first: %s', (q) => {
    const a = real.ask(q);
    expect(a.answered).toBe(true);
    expect(a.perspectives).toBe(true);
    expect([...new Set(a.results.map((r) => r.source.id))]).toEqual(['bbc-2024-send-inspection', 'wcc-2022-send-progress']);
  });

  it.each(['when are the bins collected', 'recipe for flapjack', 'asdfgh qwerty'])('abstains off topic: %s', (q) => {
    expect(real.ask(q)).toMatchObject({ answered: false, reason: 'out-of-scope', results: [] });
  });

  it('answers only from the named source', () => {
    const a = real.ask('how long are the waiting times', { sourceIds: ['wcc-2022-send-progress'], k: 10 });
    expect(a.answered).toBe(true);
    expect(a.results.every((r) => r.source.id === 'wcc-2022-send-progress')).toBe(true);
  });

  it('quotes only verbatim passages, for every question of both question sets, at k = 10', () => {
    const sets = [loadQuestionSet(), loadQuestionSet(new URL('../../../eval/questions-holdout.json', import.meta.url).pathname)];
    const questions = sets.flatMap((s) => [...s.inScope.map((i) => i.q), ...s.outOfScope.map((i) => i.q)]);
    expect(questions.length).toBeGreaterThan(100);
    for (const q of questions) {
      const a = real.ask(q, { k: 10 });
      expect(a.results.length).toBeLessThanOrEqual(10);
      expect(a.answered).toBe(a.results.length > 0);
      expectVerbatim(real, a);
    }
  });
});
