import { ApplicationIntegrationType, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import type { ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import { UserError } from '../src/replies/errors.ts';
import { escapeUserText } from '../src/replies/format.ts';
import {
  ALREADY_DEALT,
  cleanNote,
  EMPTY_NOTE,
  ITEM_GONE,
  loadReviewView,
  NOTE_INPUT_ID,
  NOTE_MAX_LENGTH,
  noteModal,
  parseReviewCustomId,
  REVIEW_COMMAND,
  reviewPage,
  STALE_BUTTON,
  viewAfter,
  type ReviewFilter,
  type ReviewTarget,
  type ReviewView,
} from '../src/bot/review.ts';
import { NO_MENTIONS } from '../src/bot/send.ts';
import type { Command, CommandContext } from '../src/bot/types.ts';

/**
 * `/review [status]` (moderators): pages privately through the anonymised review queue (questions I
 * could not answer, answers marked "Not helpful"), one item at a time, to dismiss an item or note
 * which source should cover it. The page is built by src/bot/review.ts.
 *
 * Hidden from members without Manage Server, and (`access: 'moderators'`) checked again by the
 * interaction boundary on every use, every click and every form sent: a server admin can override
 * command visibility.
 */
export default {
  data: new SlashCommandBuilder()
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setName(REVIEW_COMMAND)
    .setDescription('Moderators: go through questions I could not answer and answers marked not helpful')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addStringOption((o) =>
      o.setName('status').setDescription('Which items to show (default: the open ones, waiting for review)')
        .addChoices({ name: 'Open: waiting for review', value: 'open' }, { name: 'All: open, dismissed and noted', value: 'all' })),
  access: 'moderators',

  async execute(interaction, ctx) {
    const status: ReviewFilter = interaction.options.getString('status') === 'all' ? 'all' : 'open';
    const page = reviewPage(loadReviewView(ctx.review, status, 0));
    await interaction.reply({ ...page, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
  },

  async button(interaction, ctx) {
    const target = parseReviewCustomId(interaction.customId);
    if (target === undefined) throw new UserError(STALE_BUTTON);
    switch (target.action) {
      case 'prev':
      case 'next':
        return show(interaction, loadReviewView(ctx.review, target.status, target.offset + (target.action === 'next' ? 1 : -1)));
      case 'dismiss':
        return dismiss(interaction, ctx, target);
      case 'note': {
        const item = ctx.review.get(target.itemId);
        if (item === undefined) return show(interaction, viewAfter(ctx.review, target, ITEM_GONE));
        await interaction.showModal(noteModal(target, item.note));
        return;
      }
    }
  },

  async modal(interaction, ctx) {
    const target = parseReviewCustomId(interaction.customId);
    if (target?.action !== 'note') throw new UserError(STALE_BUTTON);
    let typed = '';
    try {
      typed = interaction.fields.getTextInputValue(NOTE_INPUT_ID);
    } catch {
      // Left out of the submission: treated as empty.
    }
    const note = cleanNote(typed);
    if (note === '') throw new UserError(EMPTY_NOTE);
    const saved = await ctx.review.note(target.itemId, note);
    const notice = saved === undefined ? ITEM_GONE : `**Noted.** Source that should cover it: ${escapeUserText(note, NOTE_MAX_LENGTH)}`;
    ctx.logger.info('review item noted', { found: saved !== undefined });
    return show(interaction, viewAfter(ctx.review, target, notice));
  },
} satisfies Command;

/** Dismisses the item (unless it is gone or already dealt with) and shows the next one. */
async function dismiss(interaction: ButtonInteraction, ctx: CommandContext, target: ReviewTarget): Promise<void> {
  const item = ctx.review.get(target.itemId);
  if (item === undefined) return show(interaction, viewAfter(ctx.review, target, ITEM_GONE));
  if (item.status !== 'open') return show(interaction, viewAfter(ctx.review, target, ALREADY_DEALT));
  const done = await ctx.review.dismiss(target.itemId);
  ctx.logger.info('review item dismissed', { found: done !== undefined });
  return show(interaction, viewAfter(ctx.review, target, done === undefined ? ITEM_GONE : '**Dismissed.**'));
}

/** Replaces the page the button (or the form's button) was on; a form sent from elsewhere gets a private reply. */
async function show(interaction: ButtonInteraction | ModalSubmitInteraction, view: ReviewView): Promise<void> {
  const page = reviewPage(view);
  if (interaction.isButton() || interaction.isFromMessage()) {
    await interaction.update({ ...page, allowedMentions: NO_MENTIONS });
  } else {
    await interaction.reply({ ...page, allowedMentions: NO_MENTIONS, flags: MessageFlags.Ephemeral });
  }
}
