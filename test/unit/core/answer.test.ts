import { beforeAll, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir } from '../../../src/cli/paths.ts';
import { answerScreened, screenQuestion } from '../../../src/core/answer.ts';
import type { Engine } from '../../../src/core/engine.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import { buildEngine } from '../../../src/knowledge/open.ts';
import { answeredReply, askReply } from '../../../src/replies/ask.ts';

let engine: Engine;

beforeAll(async () => {
  const snapshot = await loadKnowledge(defaultKnowledgeDir());
  engine = buildEngine(snapshot);
});

describe('the answering pipeline (screenQuestion, then answerScreened)', () => {
  it('gives the same reply as asking the engine and building the reply from it', () => {
    for (const q of ['how long is the wait for an autism assessment', 'are things better than in 2018?', 'what is an EHCP', 'when are the bin collections']) {
      const answered = answerScreened(engine, screenQuestion(engine, q), { k: 3 });
      expect(answered.sensitive).toBe(false);
      expect(answeredReply(answered)).toEqual(askReply(engine.ask(q, { k: 3 }), q, { engine }));
    }
  });

  it('asks the engine without the personal details, answers privately and never echoes them', () => {
    const q = 'my son Oliver Bennett at Perryfields Primary has waited two years for an autism assessment';
    const screened = screenQuestion(engine, q);
    expect(screened.sensitive).toBe(true);
    const answered = answerScreened(engine, screened, { k: 3 });
    expect(answered.answer.question).toBe(screened.details.without);
    expect(answered.answer.question).not.toMatch(/Oliver|Bennett/);
    const reply = answeredReply(answered);
    expect(reply.ephemeral).toBe(true);
    expect(reply.echo).toBeUndefined();
    expect(reply.lead).toMatch(/^Your question seems to include/);
    expect(JSON.stringify(reply)).not.toMatch(/Oliver|Bennett/);
  });

  it('gathers the later coverage and the terms from the one answer, and nothing for an abstention', () => {
    const answered = answerScreened(engine, screenQuestion(engine, 'when are the bin collections'), { k: 3 });
    expect(answered.answer.answered).toBe(false);
    expect(answered.later).toEqual([]);
    expect(answered.terms).toEqual([]);
    const ehcp = answerScreened(engine, screenQuestion(engine, 'what is an EHCP'), { k: 3 });
    expect(ehcp.later).toHaveLength(ehcp.answer.results.length);
  });
});
