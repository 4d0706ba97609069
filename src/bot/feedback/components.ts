/** The feedback buttons under an `/ask` answer and the "Not helpful" form: their custom ids and builders. */
import { KEY_PATTERN } from '../../expiring.ts';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, LabelBuilder, ModalBuilder, TextInputBuilder, TextInputStyle } from 'discord.js';
import type { APIActionRowComponent, APIComponentInMessageActionRow } from 'discord.js';
import { HELPFUL_LABEL, NOT_HELPFUL_LABEL } from '../../replies/feedback.ts';

/** Longest "Not helpful" reason (Discord enforces it in the form too). */
export const REASON_MAX_LENGTH = 300;
/** Custom id of the reason's text input in the "Not helpful" form. */
export const REASON_INPUT_ID = 'reason';

export type Rating = 'up' | 'down';
const BUTTON_ID = new RegExp(`^ask:fb:(${KEY_PATTERN}):(up|down)$`);
const MODAL_ID = new RegExp(`^ask:fbm:(${KEY_PATTERN})$`);

/** `ask:fb:<token>:up` or `:down`. */
export function feedbackButtonId(token: string, rating: Rating): string {
  return `ask:fb:${token}:${rating}`;
}

/** `ask:fbm:<token>`: the "Not helpful" form. */
export function feedbackModalId(token: string): string {
  return `ask:fbm:${token}`;
}

/** The token and rating of a feedback button's custom id, or undefined. */
export function parseFeedbackButtonId(customId: string): { token: string; rating: Rating } | undefined {
  const m = BUTTON_ID.exec(customId);
  return m ? { token: m[1] ?? '', rating: m[2] as Rating } : undefined;
}

/** The token of a "Not helpful" form's custom id, or undefined. */
export function parseFeedbackModalId(customId: string): string | undefined {
  return MODAL_ID.exec(customId)?.[1];
}

/** The row under an answer: "Helpful" and "Not helpful", in words (no meaning carried by colour or emoji). */
export function feedbackButtons(token: string): APIActionRowComponent<APIComponentInMessageActionRow> {
  return new ActionRowBuilder<ButtonBuilder>()
    .addComponents(
      new ButtonBuilder().setCustomId(feedbackButtonId(token, 'up')).setLabel(HELPFUL_LABEL).setStyle(ButtonStyle.Secondary),
      new ButtonBuilder().setCustomId(feedbackButtonId(token, 'down')).setLabel(NOT_HELPFUL_LABEL).setStyle(ButtonStyle.Secondary),
    )
    .toJSON();
}

/** The "Not helpful" form: one optional short paragraph. */
export function feedbackModal(token: string): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(feedbackModalId(token))
    .setTitle('Not helpful')
    .addLabelComponents(
      new LabelBuilder()
        .setLabel('What were you hoping to find?')
        .setDescription('Optional. Please leave out names and contact details.')
        .setTextInputComponent(
          new TextInputBuilder()
            .setCustomId(REASON_INPUT_ID)
            .setStyle(TextInputStyle.Paragraph)
            .setRequired(false)
            .setMaxLength(REASON_MAX_LENGTH),
        ),
    );
}
