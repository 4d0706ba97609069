/** The `/statements` reply and its autocomplete. */
import { escapeText, escapeUserText } from './format.ts';
import type { Engine } from '../core/engine.ts';
import { statementChoices, statementsFor } from '../core/topics/index.ts';
import { filterChoices } from './choices.ts';
import { UserError } from './errors.ts';
import type { Card, Reply } from './reply.ts';

/** Partners and speakers `/statements` offers, filtered by what the member typed. */
export function statementWhoChoices(engine: Engine, typed: string): string[] {
  return filterChoices(statementChoices(engine), typed);
}

/**
 * What each partner said (or the one partner or speaker asked for): every quoted statement, grouped
 * by partner, newest source first. Throws a {@link UserError} when `who` matches nobody.
 */
export function statementsReply(engine: Engine, who?: string): Reply {
  const wanted = who?.trim() ? who.trim() : undefined;
  const groups = statementsFor(engine, wanted);
  if (groups === undefined) {
    const names = statementChoices(engine).slice(0, 10).map((n) => escapeText(n));
    throw new UserError(`I have no statements from “${escapeUserText(wanted ?? '', 100)}”.${names.length > 0 ? ` Try one of: ${names.join(', ')}.` : ''}`);
  }
  const cards: Card[] = groups.flatMap((g) =>
    g.statements.map((s) => ({
      source: s.source,
      heading: g.known && g.partner !== s.speaker.name ? g.partner : s.speaker.name,
      excerpt: { passages: s.passages.map((p) => p.text) },
      speaker: s.speaker,
    })),
  );
  if (cards.length === 0) return { lead: 'The reports I have quote no statements.', cards: [] };
  const first = groups[0];
  return {
    lead: wanted !== undefined && groups.length === 1 && first ? `What ${escapeText(first.partner)} said, newest first:` : 'What each partner said, newest first:',
    cards,
    maxMessages: 4,
  };
}
