/** The `/waiting` reply and its autocomplete. */
import { escapeText, escapeUserText } from './format.ts';
import type { Engine } from '../core/engine.ts';
import { findService, servicesAnswered, waitingAnswer } from '../core/topics/index.ts';
import { abstainMessage } from './abstain.ts';
import { ASK_RESULTS } from './ask.ts';
import { filterChoices } from './choices.ts';
import { excerptCards } from './excerpts.ts';
import type { Reply } from './reply.ts';

/** The services `/waiting` offers, filtered by what the member typed (any case, names starting with it first). */
export function serviceChoices(engine: Engine, typed: string): string[] {
  return filterChoices(servicesAnswered(engine).map((s) => s.name), typed);
}

/**
 * Waiting-time passages, for one service (picked or typed) or in general. A service the reports do
 * not mention gets a message naming the services they do.
 */
export function waitingReply(engine: Engine, typed?: string): Reply {
  const wanted = typed?.trim() ? typed.trim() : undefined;
  const service = wanted === undefined ? undefined : findService(engine, wanted);
  const answer = waitingAnswer(engine, service ?? wanted, ASK_RESULTS);
  const offered = servicesAnswered(engine).map((s) => escapeText(s.name));
  const pick = offered.length > 0 ? `Pick a service for more: ${offered.join(', ')}.` : undefined;
  if (!answer.answered) {
    if (wanted === undefined) return { lead: escapeText(abstainMessage(answer.reason, engine.sources.length)), cards: [] };
    return {
      lead: `The reports I have don't mention waiting times for “${escapeUserText(service?.name ?? wanted, 100)}”.${offered.length > 0 ? ` They do for: ${offered.join(', ')}.` : ''}`,
      cards: [],
    };
  }
  const what = service ? escapeText(service.name) : wanted !== undefined ? `“${escapeUserText(wanted, 100)}”` : undefined;
  return {
    lead: `${what ? `Waiting times for ${what}` : 'Waiting times'}, from the reports${answer.perspectives ? ' (they differ, so newest first)' : ''}:`,
    cards: excerptCards(answer),
    ...(service === undefined && wanted === undefined && pick !== undefined && { footnote: pick }),
  };
}
