import { describe, expect, it } from 'vitest';
import { answerToJson } from '../../../src/core/json.ts';
import { emptyVocabulary } from '../../../src/core/vocabulary.ts';
import { engineOver, makeSource } from './helpers.ts';

const engine = engineOver(
  [
    makeSource('council-2022', 'Waiting times for an autism diagnosis have come down since the last inspection.\n\nThe council published a new plan for special schools.', {
      title: 'Improvements recognised',
      publisher: 'Worcestershire County Council',
      published: '2022-01-07',
      url: 'https://example.org/council-2022',
      events: [{ date: '2021-11-01', label: 'Revisit', status: 'done' }],
    }),
  ],
  emptyVocabulary,
);

describe('answerToJson', () => {
  it('has exactly question, answered and results for an answer, and only the contract fields of each result', () => {
    const json = answerToJson(engine.ask('autism diagnosis waiting times'));
    expect(Object.keys(json)).toEqual(['question', 'answered', 'results']);
    expect(json.question).toBe('autism diagnosis waiting times');
    expect(json.answered).toBe(true);
    expect(json.results.length).toBeGreaterThan(0);
    for (const r of json.results) {
      expect(Object.keys(r)).toEqual(['text', 'score', 'source']);
      expect(typeof r.score).toBe('number');
      expect(Number.isFinite(r.score)).toBe(true);
      expect(r.source).toEqual({
        id: 'council-2022',
        title: 'Improvements recognised',
        publisher: 'Worcestershire County Council',
        published: '2022-01-07',
        url: 'https://example.org/council-2022',
      });
    }
    expect(json.results[0]?.text).toBe('Waiting times for an autism diagnosis have come down since the last inspection.');
  });

  it('adds the reason, the message it is given, and no results, when the engine abstains', () => {
    const json = answerToJson(engine.ask('   '), 'Please type a question.');
    expect(Object.keys(json)).toEqual(['question', 'answered', 'reason', 'message', 'results']);
    expect(json).toEqual({ question: '   ', answered: false, reason: 'empty', message: 'Please type a question.', results: [] });
  });

  it('ignores a message for an answered question', () => {
    expect(answerToJson(engine.ask('autism diagnosis waiting times'), 'unused')).not.toHaveProperty('message');
  });

  it('survives a JSON round trip unchanged (no undefined, no engine internals)', () => {
    for (const q of ['autism diagnosis waiting times', 'recipe for flapjack', '😀😀']) {
      const json = answerToJson(engine.ask(q));
      expect(JSON.parse(JSON.stringify(json))).toEqual(json);
      expect(JSON.stringify(json)).not.toMatch(/coverage|highlight|perspectives|passage"|position|speaker/);
    }
  });
});
