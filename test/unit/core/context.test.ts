/**
 * Follow-ups in the light of the question before them (core/context.ts), over the real knowledge
 * base: carried topic terms change the ranking of a follow-up that leans on the first question, never
 * that of a self-contained one, never make an uncovered follow-up answerable, and never outweigh the
 * follow-up's own topic.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { answerFollowUp, answerScreened, screenQuestion } from '../../../src/core/answer.ts';
import { CARRY_CAP, CARRY_SHARE, carriedContext, followUpTopic, leansOnEarlier, topicOf, type Topic } from '../../../src/core/context.ts';
import type { Engine } from '../../../src/core/engine.ts';
import type { Answer } from '../../../src/core/types.ts';
import { openKnowledge } from '../../../src/knowledge/open.ts';
import { KNOWLEDGE_DIR } from './helpers.ts';

let engine: Engine;
beforeAll(async () => {
  engine = (await openKnowledge(KNOWLEDGE_DIR)).engine;
});

const topic = (question: string): Topic => answerScreened(engine, screenQuestion(engine, question), { k: 3 }).topic;
const followUp = (first: string, next: string): Answer => answerFollowUp(engine, screenQuestion(engine, next), topic(first), { k: 3 }).answer;
const alone = (question: string): Answer => answerScreened(engine, screenQuestion(engine, question), { k: 3 }).answer;
const passages = (answer: Answer): string[] => answer.results.map((r) => r.passage.id);
/** How many of a topic's terms a passage's text uses. */
const uses = (text: string, terms: Topic): number => {
  const own = new Set(engine.analyzer.indexTerms(text));
  return terms.filter((t) => own.has(t.term)).length;
};

describe('the topic of a question', () => {
  it('is its own content terms: not the cues that say how to answer, not the asker\'s story', () => {
    const analysis = engine.analyse('my son has waited 2 years, has the quality of EHC plans got better?');
    const terms = topicOf(analysis).map((t) => t.term);
    expect(terms.length).toBeGreaterThan(0);
    for (const term of terms) {
      const t = analysis.terms.find((x) => x.term === term);
      expect(t?.cue).toBe(false);
      expect(t?.aside).toBe(false);
      expect(t?.secondary).toBe(false);
    }
    // Every term of the question that is neither is kept.
    expect(analysis.terms.filter((t) => !t.cue && !t.aside && !t.secondary && !t.recency && t.related === undefined).map((t) => t.term)).toEqual(terms);
    // Index terms, not the question's words.
    expect(terms.join(' ')).not.toContain('son');
  });
});

describe('a follow-up', () => {
  it('that leans on the first question is ranked with its topic ("what about in mainstream?" after specialist places)', () => {
    const first = 'are there enough specialist school places?';
    const next = 'what about in mainstream?';
    const carried = followUp(first, next);
    const own = alone(next);
    expect(carried.answered && own.answered).toBe(true);
    expect(passages(carried)).not.toEqual(passages(own));
    // The carried answer's best passage speaks more of the first question's topic than the one asked alone.
    const firstTopic = topic(first);
    expect(uses(carried.results[0]?.passage.text ?? '', firstTopic)).toBeGreaterThan(uses(own.results[0]?.passage.text ?? '', firstTopic));
    // And still of its own: every passage shown matches the follow-up's own topic.
    const ownTopic = topicOf(engine.analyse(next));
    for (const r of carried.results) expect(uses(r.passage.text, ownTopic)).toBeGreaterThan(0);
  });

  it('"and for OT?" after a waiting-times question is answered with a passage about waiting for occupational therapy', () => {
    const answer = followUp('how long is the wait for an autism assessment?', 'and for OT?');
    expect(answer.answered).toBe(true);
    const best = new Set(engine.analyzer.indexTerms(answer.results[0]?.passage.text ?? ''));
    const [ot] = topicOf(engine.analyse('OT'));
    const [wait] = topicOf(engine.analyse('waiting'));
    expect(best.has(ot?.term ?? '?')).toBe(true);
    expect(best.has(wait?.term ?? '?')).toBe(true);
  });

  it('that is self-contained is answered exactly as if asked alone', () => {
    const next = 'when is the next inspection?';
    expect(leansOnEarlier(next, engine.analyse(next))).toBe(false);
    expect(carriedContext(engine, topic('how long is the wait for an autism assessment?'), next, engine.analyse(next))).toEqual([]);
    expect(followUp('how long is the wait for an autism assessment?', next)).toEqual(alone(next));
  });

  it('that the reports do not cover still gets no answer: carried terms alone never make one', () => {
    const next = 'and what about the weather?';
    const earlier = topic('how long is the wait for an autism assessment?');
    // The terms are carried (it leans on the first question)...
    expect(carriedContext(engine, earlier, next, engine.analyse(next)).length).toBeGreaterThan(0);
    // ...and it is still not answered.
    const answer = followUp('how long is the wait for an autism assessment?', next);
    expect(answer).toMatchObject({ answered: false, reason: 'out-of-scope' });
    // Even at full weight.
    expect(engine.ask(next, { context: earlier }).answered).toBe(false);
  });

  it('carries each term at half its share at most, and all together at most 0.8 × its own topic', () => {
    for (const [first, next] of [
      ['how long is the wait for an autism assessment?', 'and for OT?'],
      ['what did the inspectors say about EHCPs and the local offer?', 'and the council?'],
      ['has the wait for autism diagnosis improved since 2018?', 'what about paediatrics?'],
    ] as const) {
      const analysis = engine.analyse(next);
      const carried = carriedContext(engine, topic(first), next, analysis);
      expect(carried.length, next).toBeGreaterThan(0);
      for (const t of carried) expect(t.weight).toBeLessThanOrEqual(CARRY_SHARE);
      const weighs = carried.reduce((sum, t) => sum + engine.weight(t.term) * t.weight, 0);
      expect(weighs).toBeLessThanOrEqual(CARRY_CAP * engine.topicWeights(analysis).total + 1e-9);
      // Nothing the follow-up says itself is carried.
      for (const t of carried) expect(analysis.terms.some((a) => a.term === t.term)).toBe(false);
    }
  });

  it('leans on the question before when it opens with a marker, points back, or is a fragment', () => {
    for (const q of ['and for OT?', 'what about paediatrics?', 'how long do they take?', 'speech therapy?']) expect(leansOnEarlier(q, engine.analyse(q)), q).toBe(true);
    for (const q of ['when is the next inspection?', 'what did the inspectors find about EHC plans?']) expect(leansOnEarlier(q, engine.analyse(q)), q).toBe(false);
  });

  it('passes on its own topic at full weight and the carried one faded, for the next follow-up', () => {
    const next = 'and for OT?';
    const analysis = engine.analyse(next);
    const carried = carriedContext(engine, topic('how long is the wait for an autism assessment?'), next, analysis);
    const after = followUpTopic(analysis, carried);
    expect(after.filter((t) => t.weight === 1).map((t) => t.term)).toEqual(topicOf(analysis).map((t) => t.term));
    expect(after.filter((t) => t.weight < 1)).toEqual(carried);
  });
});

describe('the engine without context', () => {
  it('answers as before: an empty context changes nothing', () => {
    for (const q of ['how long is the wait for an autism assessment?', 'has it got better since 2018?', 'when are the bin collections?']) {
      expect(engine.ask(q, { context: [] })).toEqual(engine.ask(q));
    }
  });
});
