/**
 * The "Events found" part of the `/sources add` preview: the events the text reports (proposed by
 * src/knowledge/events.ts), listed for the moderator, and the buttons that keep or drop them. Nothing
 * proposed is saved unless the moderator presses "Add it with these events"; "Add it without them"
 * saves the source alone (an event can be added later with `/sources edit event:`).
 *
 * Each choice is its own pending change (the confirm step carries one change per button); once one
 * is applied the other is settled too, so a second click changes nothing.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type APIActionRowComponent, type APIButtonComponent, type APIEmbedField } from 'discord.js';
import type { SourceEvent } from '../../src/core/types.ts';
import { confirmCustomId, EXPIRED } from '../../src/bot/moderation.ts';
import type { ProposedEvent } from '../../src/knowledge/events.ts';
import { UserError } from '../../src/replies/errors.ts';
import { eventDate } from '../../src/replies/events.ts';
import { DISCORD_LIMITS, escapeText, truncate } from '../../src/replies/format.ts';

export interface EventChoice {
  readonly proposed: readonly SourceEvent[];
  /** The preview's "Events found" field (none when nothing was found). */
  fields(): APIEmbedField[];
  /** Add with the events, add without them, cancel. */
  buttons(command: string, withEventsId: string, withoutId: string): APIActionRowComponent<APIButtonComponent>;
  /** Called by each choice as it is applied: the first wins, a second throws the expired message. */
  settle(): void;
}

export function eventChoice(proposed: readonly ProposedEvent[]): EventChoice {
  let settled = false;
  return {
    proposed: proposed.map(({ date, end, label, status }) => ({ date, ...(end !== undefined && { end }), label, status })),
    fields() {
      if (proposed.length === 0) return [];
      const lines = proposed.map((e, i) => `${i + 1}. ${eventDate(e)}: ${e.label}\n   “${truncate(e.evidence, 140)}”`);
      return [{ name: `Events found for /progress (${proposed.length}): keep or drop them below`, value: truncate(escapeText(lines.join('\n')), DISCORD_LIMITS.fieldValue), inline: false }];
    },
    buttons(command, withEventsId, withoutId) {
      return new ActionRowBuilder<ButtonBuilder>()
        .addComponents(
          new ButtonBuilder().setCustomId(confirmCustomId(command, 'confirm', withEventsId)).setLabel(`Add it with ${proposed.length === 1 ? 'this event' : `these ${proposed.length} events`}`).setStyle(ButtonStyle.Success),
          new ButtonBuilder().setCustomId(confirmCustomId(command, 'confirm', withoutId)).setLabel('Add it without events').setStyle(ButtonStyle.Primary),
          new ButtonBuilder().setCustomId(confirmCustomId(command, 'cancel', withEventsId)).setLabel('Cancel').setStyle(ButtonStyle.Secondary),
        )
        .toJSON();
    },
    settle() {
      if (settled) throw new UserError(EXPIRED);
      settled = true;
    },
  };
}
