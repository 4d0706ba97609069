/** The `/ask` reply: up to three cited excerpts, or what the bot can answer about. */
import { escapeText } from './format.ts';
import type { Engine } from '../core/engine.ts';
import type { AnsweredQuestion } from '../core/answer.ts';
import { laterCoverage, type LaterCoverage } from '../core/topics/index.ts';
import type { Answer } from '../core/types.ts';
import { abstainMessage } from './abstain.ts';
import { excerptCards } from './excerpts.ts';
import { termsLine, termsLineOf } from './glossary.ts';
import { privateNotice } from './privacy.ts';
import type { Reply } from './reply.ts';

/** Excerpts in an `/ask` answer. */
export const ASK_RESULTS = 3;
/** Longest question `/ask` accepts (Discord enforces it on the option too). */
export const ASK_MAX_LENGTH = 1000;

/**
 * The answer to a question: up to three excerpts; when the sources differ, each source's excerpt
 * dated, newest first, with a lead line saying so. When the reports do not cover the question,
 * the engine's message saying what can be answered (no excerpt, no source named, no link).
 *
 * With the `engine`, an excerpt from an older source also says when a later report covers the same
 * question ({@link laterCoverage}), so a 2022 excerpt is not taken for the latest word, and the
 * footnote explains the glossary's terms that appear in the excerpts ({@link termsLine}).
 */
export function askReply(answer: Answer, question: string, options: { ephemeral?: boolean; engine?: Engine } = {}): Reply {
  const later = options.engine && answer.answered ? laterCoverage(options.engine, answer) : [];
  const terms = options.engine && answer.answered ? termsLine(options.engine.glossary, answer.results.map((r) => r.passage.text)) : undefined;
  return buildAskReply(answer, question, later, terms, options.ephemeral === true, options.engine?.sources.length ?? 0);
}

/**
 * The reply to a question answered by core/answer's pipeline, without asking the engine again. A
 * question that seems to hold personal details is answered privately, without echoing it, under a
 * notice saying why ({@link privateNotice}).
 */
export function answeredReply(answered: AnsweredQuestion, options: { ephemeral?: boolean } = {}): Reply {
  const { answer, sensitive, details } = answered;
  const reply = buildAskReply(answer, sensitive ? details.redacted : answered.question, answered.later, termsLineOf(answered.terms), sensitive || options.ephemeral === true, answered.sourceCount);
  if (!sensitive) return reply;
  // Personal details are not echoed back, even privately: the notice, first, says why the answer is private.
  const copy: { -readonly [K in keyof Reply]: Reply[K] } = { ...reply };
  delete copy.echo;
  return { ...copy, lead: [privateNotice(details.kinds), reply.lead ?? ''].filter((s) => s !== '').join('\n') };
}

function buildAskReply(answer: Answer, question: string, later: readonly (LaterCoverage | undefined)[], terms: string | undefined, private_: boolean, sourceCount: number): Reply {
  const ephemeral = private_ ? { ephemeral: true } : {};
  if (!answer.answered) return { lead: escapeText(abstainMessage(answer.reason, sourceCount)), cards: [], ...ephemeral };
  return {
    echo: question,
    lead: answer.perspectives
      ? 'The reports differ, so here is what each one says, newest first:'
      : answer.results.length === 1 ? 'Here is what the reports say:' : 'Here is what the reports say, best match first:',
    cards: excerptCards(answer, later),
    ...(terms !== undefined && { footnote: terms }),
    ...ephemeral,
  };
}

/** What a member sees while their `/ask` cooldown runs. */
export function cooldownMessage(seconds: number): string {
  return `You can ask another question in ${seconds} second${seconds === 1 ? '' : 's'}. This keeps me quick for everyone. Thank you for waiting!`;
}
