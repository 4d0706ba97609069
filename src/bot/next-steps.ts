/**
 * The next steps under an answer: **Ask a follow-up** and **Ask a moderator** (a row below the
 * feedback buttons), their forms and custom ids. Handled by `/ask` (their ids start with `ask:`)
 * wherever the answer was posted: `/ask`, Apps → Ask the reports, a help channel, a follow-up thread.
 */
import { KEY_PATTERN } from '../expiring.ts';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  LabelBuilder,
  ModalBuilder,
  StringSelectMenuBuilder,
  StringSelectMenuOptionBuilder,
  TextDisplayBuilder,
  TextInputBuilder,
  TextInputStyle,
  type APIActionRowComponent,
  type APIComponentInMessageActionRow,
} from 'discord.js';
import { ASK_MAX_LENGTH } from '../replies/ask.ts';
import {
  FOLLOW_UP_FIELD,
  FOLLOW_UP_HINT,
  FOLLOW_UP_LABEL,
  FOLLOW_UP_TITLE,
  MODERATOR_CONSENT_LABEL,
  MODERATOR_CONSENT_NO,
  MODERATOR_CONSENT_YES,
  MODERATOR_LABEL,
  MODERATOR_NOTICE,
  MODERATOR_QUESTION_LABEL,
  MODERATOR_QUESTION_MAX,
  MODERATOR_QUESTION_PLACEHOLDER,
  MODERATOR_TITLE,
} from '../replies/next-steps.ts';

const FOLLOW_UP_BUTTON = new RegExp(`^ask:fu:(${KEY_PATTERN})$`);
const FOLLOW_UP_MODAL = new RegExp(`^ask:fum:(${KEY_PATTERN})$`);
/** The Ask a moderator button and form: nothing in their ids, since nothing is kept. */
export const MODERATOR_BUTTON_ID = 'ask:mod';
export const MODERATOR_MODAL_ID = 'ask:modm';
/** Custom ids of the fields of the forms. */
export const FOLLOW_UP_INPUT_ID = 'followup';
export const CONSENT_INPUT_ID = 'consent';
export const MODERATOR_QUESTION_INPUT_ID = 'question';
/** The consent choices' values. */
export const CONSENT_YES = 'yes';
export const CONSENT_NO = 'no';

/** `ask:fu:<token>`: the Ask a follow-up button of a remembered answer. */
export function followUpButtonId(token: string): string {
  return `ask:fu:${token}`;
}

/** The token of an Ask a follow-up button's custom id, or undefined. */
export function parseFollowUpButtonId(customId: string): string | undefined {
  return FOLLOW_UP_BUTTON.exec(customId)?.[1];
}

/** The token of a follow-up form's custom id, or undefined. */
export function parseFollowUpModalId(customId: string): string | undefined {
  return FOLLOW_UP_MODAL.exec(customId)?.[1];
}

/**
 * The row of next steps: Ask a follow-up when the answer is remembered (`followUpToken`), Ask a
 * moderator when a moderators' channel is set. Empty when neither.
 */
export function nextStepsRows(options: { readonly followUpToken?: string | undefined; readonly moderators: boolean }): APIActionRowComponent<APIComponentInMessageActionRow>[] {
  const buttons: ButtonBuilder[] = [];
  if (options.followUpToken !== undefined) buttons.push(new ButtonBuilder().setCustomId(followUpButtonId(options.followUpToken)).setLabel(FOLLOW_UP_LABEL).setStyle(ButtonStyle.Primary));
  if (options.moderators) buttons.push(new ButtonBuilder().setCustomId(MODERATOR_BUTTON_ID).setLabel(MODERATOR_LABEL).setStyle(ButtonStyle.Secondary));
  return buttons.length === 0 ? [] : [new ActionRowBuilder<ButtonBuilder>().addComponents(...buttons).toJSON()];
}

/** The follow-up form: one required question, as long as `/ask` allows, empty (never prefilled). */
export function followUpModal(token: string): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(`ask:fum:${token}`)
    .setTitle(FOLLOW_UP_TITLE)
    .addLabelComponents(
      new LabelBuilder()
        .setLabel(FOLLOW_UP_FIELD)
        .setDescription(FOLLOW_UP_HINT)
        .setTextInputComponent(new TextInputBuilder().setCustomId(FOLLOW_UP_INPUT_ID).setStyle(TextInputStyle.Paragraph).setRequired(true).setMaxLength(ASK_MAX_LENGTH)),
    );
}

/**
 * The Ask a moderator form: what the moderators will see, said plainly first; a required choice to
 * consent (or not); and the question, empty with a placeholder (the answer's question is never copied in).
 */
export function moderatorModal(): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(MODERATOR_MODAL_ID)
    .setTitle(MODERATOR_TITLE)
    .addTextDisplayComponents(new TextDisplayBuilder().setContent(MODERATOR_NOTICE))
    .addLabelComponents(
      new LabelBuilder()
        .setLabel(MODERATOR_CONSENT_LABEL)
        .setStringSelectMenuComponent(
          new StringSelectMenuBuilder()
            .setCustomId(CONSENT_INPUT_ID)
            .setRequired(true)
            .setMinValues(1)
            .setMaxValues(1)
            .addOptions(
              new StringSelectMenuOptionBuilder().setLabel(MODERATOR_CONSENT_YES).setValue(CONSENT_YES),
              new StringSelectMenuOptionBuilder().setLabel(MODERATOR_CONSENT_NO).setValue(CONSENT_NO),
            ),
        ),
      new LabelBuilder()
        .setLabel(MODERATOR_QUESTION_LABEL)
        .setTextInputComponent(
          new TextInputBuilder()
            .setCustomId(MODERATOR_QUESTION_INPUT_ID)
            .setStyle(TextInputStyle.Paragraph)
            .setRequired(true)
            .setMaxLength(MODERATOR_QUESTION_MAX)
            .setPlaceholder(MODERATOR_QUESTION_PLACEHOLDER),
        ),
    );
}
