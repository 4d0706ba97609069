/**
 * Moderators: who may change the knowledge base, and the confirm step every change goes through
 * (the changes waiting for it are kept by ./confirmations.ts).
 *
 * Discord hides moderator commands from members without Manage Server (`setDefaultMemberPermissions`),
 * but a server admin can override that, so the bot checks again on every action, button clicks
 * included: a moderator has Manage Server (or Administrator) in the guild, or the MODERATOR_ROLE_ID role.
 *
 * A change is shown to the moderator first, with Confirm and Cancel buttons. The change waits in
 * memory (never on disk) for up to 10 minutes under a short random id carried by the buttons' custom
 * ids; only the moderator who asked can confirm or cancel it.
 */
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, PermissionFlagsBits, PermissionsBitField } from 'discord.js';
import type { APIActionRowComponent, APIButtonComponent, BaseInteraction, ButtonInteraction } from 'discord.js';
import { UserError } from '../replies/errors.ts';
import { NO_MENTIONS } from './send.ts';
import type { CommandContext } from './types.ts';


/** What a member who is not a moderator sees, privately. */
export const NOT_A_MODERATOR =
  'Sorry, only moderators can change what I answer from. Nothing was changed. If you think a source is wrong or missing, please tell a moderator.';

/** What the moderator check needs to know about a member (testable without discord.js objects). */
export interface MemberFacts {
  /** The interaction comes from a server (not a DM). */
  readonly inGuild: boolean;
  /** The member's permissions in the channel, as Discord computed them; null outside a server. */
  readonly permissions: Readonly<PermissionsBitField> | bigint | null;
  /** The member's role ids. */
  readonly roles: readonly string[];
}

/** True for a member with Manage Server (Administrator implies it) or with the moderator role. */
export function isModerator(member: MemberFacts, moderatorRoleId: string | undefined): boolean {
  if (!member.inGuild) return false;
  if (member.permissions !== null) {
    const permissions = typeof member.permissions === 'bigint' ? new PermissionsBitField(member.permissions) : member.permissions;
    if (permissions.has(PermissionFlagsBits.ManageGuild, true)) return true;
  }
  return moderatorRoleId !== undefined && member.roles.includes(moderatorRoleId);
}

/** The facts of an interaction's member. Works whether or not discord.js has the guild cached. */
export function memberFacts(interaction: BaseInteraction): MemberFacts {
  if (!interaction.inGuild()) return { inGuild: false, permissions: null, roles: [] };
  const member = interaction.member;
  // A cached guild gives a GuildMember (roles: a manager); otherwise the raw API member (roles: ids).
  const roles = Array.isArray(member.roles) ? member.roles : [...member.roles.cache.keys()];
  return { inGuild: true, permissions: interaction.memberPermissions, roles };
}

/** Who did something, for the audit log: `discord:<user id> (<username>)`. */
export function actorOf(interaction: BaseInteraction): string {
  return `discord:${interaction.user.id} (${interaction.user.username})`;
}

// ---------------------------------------------------------------------------------------------
// The confirm step
// ---------------------------------------------------------------------------------------------

export type ConfirmAction = 'confirm' | 'cancel';

/** Custom id of a Confirm or Cancel button: `<command>:<action>:<pending id>` (well under Discord's 100). */
export function confirmCustomId(command: string, action: ConfirmAction, pendingId: string): string {
  return `${command}:${action}:${pendingId}`;
}

/** The parts of a custom id made by {@link confirmCustomId}, or undefined. */
export function parseConfirmCustomId(customId: string): { command: string; action: ConfirmAction; pendingId: string } | undefined {
  const m = /^([-_\p{L}\p{N}]{1,32}):(confirm|cancel):([\w-]{1,32})$/u.exec(customId);
  if (!m) return undefined;
  return { command: m[1] ?? '', action: m[2] as ConfirmAction, pendingId: m[3] ?? '' };
}

/** The Confirm and Cancel buttons of a pending change. */
export function confirmButtons(command: string, pendingId: string, confirmLabel = 'Confirm'): APIActionRowComponent<APIButtonComponent> {
  return new ActionRowBuilder<ButtonBuilder>()
    .addComponents(
      new ButtonBuilder().setCustomId(confirmCustomId(command, 'confirm', pendingId)).setLabel(confirmLabel).setStyle(ButtonStyle.Success),
      new ButtonBuilder().setCustomId(confirmCustomId(command, 'cancel', pendingId)).setLabel('Cancel').setStyle(ButtonStyle.Secondary),
    )
    .toJSON();
}

export const EXPIRED =
  'This change is no longer waiting: it was confirmed or cancelled already, or its 10 minutes ran out, or I restarted since. Nothing was changed. Please run the command again.';
export const NOT_YOURS = 'Only the moderator who asked for this change can confirm or cancel it. Nothing was changed.';
export const CANCELLED = 'Cancelled. Nothing was changed.';

/**
 * Handles a click on Confirm or Cancel (the boundary has checked the member is a moderator): checks
 * the member is the one who asked,
 * then applies or drops the change, replacing the preview with the outcome. Refusals are
 * {@link UserError}s (shown privately by the error boundary) and change nothing.
 */
export async function handleConfirmButton(interaction: ButtonInteraction, ctx: CommandContext): Promise<void> {
  const parsed = parseConfirmCustomId(interaction.customId);
  if (parsed === undefined) throw new UserError(EXPIRED);
  const taken = ctx.confirmations.take(parsed.pendingId, interaction.user.id);
  if (!taken.ok) throw new UserError(taken.reason === 'wrong-user' ? NOT_YOURS : EXPIRED);
  if (parsed.action === 'cancel') {
    await interaction.update({ content: CANCELLED, embeds: [], components: [], allowedMentions: NO_MENTIONS });
    ctx.logger.info('change cancelled', { change: taken.value.label });
    return;
  }
  // Acknowledge at once (the change may take a moment: writing, then reloading), keeping the preview.
  await interaction.update({ content: 'Working on it…', components: [], allowedMentions: NO_MENTIONS });
  let outcome: string;
  try {
    outcome = await taken.value.apply();
  } catch (error) {
    if (error instanceof UserError) outcome = error.message;
    else throw error;
  }
  await interaction.editReply({ content: outcome, components: [], allowedMentions: NO_MENTIONS });
}
