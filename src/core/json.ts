import type { Answer } from './types.ts';

/** The `ask --json` contract: one object per question. Keep stable: scripts outside the project read it. */
export interface AnswerJson {
  question: string;
  answered: boolean;
  /** Only when not answered: why (`empty`, `too-long`, `no-words`, `out-of-scope`). */
  reason?: string;
  /** Only when not answered: what to tell the asker. */
  message?: string;
  results: {
    text: string;
    score: number;
    source: { id: string; title: string; publisher: string; published: string; url: string };
  }[];
}

/**
 * Converts an answer to the JSON contract of `ask --json`. The core does not word abstentions: the
 * caller passes the `message` for an unanswered question (`abstainMessage` in `src/replies/abstain.ts`).
 */
export function answerToJson(answer: Answer, message?: string): AnswerJson {
  return {
    question: answer.question,
    answered: answer.answered,
    ...(!answer.answered && { reason: answer.reason, ...(message !== undefined && { message }) }),
    results: answer.results.map((r) => ({
      text: r.passage.text,
      score: r.score,
      source: { id: r.source.id, title: r.source.title, publisher: r.source.publisher, published: r.source.published, url: r.source.url },
    })),
  };
}
