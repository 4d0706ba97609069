import { ApplicationIntegrationType, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { UserError } from '../src/replies/errors.ts';
import { DISCORD_LIMITS, escapeText } from '../src/replies/format.ts';
import { describeChanges, passageCount, type ReloadResult, type SourceChange } from '../src/knowledge/live.ts';
import { actorOf } from '../src/bot/moderation.ts';
import { NO_MENTIONS } from '../src/bot/send.ts';
import type { Command } from '../src/bot/types.ts';
import { GLOSSARY_FILE, KnowledgeDirError, VOCABULARY_FILE } from '../src/knowledge/load.ts';

/**
 * `/refresh` (moderators): reads the knowledge folder again, checks every file, and swaps in the new
 * index only once it is built. Replies privately with what changed and every file's problem.
 */
export default {
  data: new SlashCommandBuilder()
    .setContexts(InteractionContextType.Guild)
    .setIntegrationTypes(ApplicationIntegrationType.GuildInstall)
    .setName('refresh')
    .setDescription('Moderators: read the knowledge folder again and report what changed and any broken file')
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild),
  access: 'moderators',

  async execute(interaction, ctx) {
    await interaction.deferReply({ flags: MessageFlags.Ephemeral });
    // Serialised with every other reload; questions keep being answered from the live index meanwhile.
    let result: ReloadResult;
    try {
      result = await ctx.knowledge.reload();
    } catch (error) {
      if (error instanceof KnowledgeDirError) throw new UserError(`${escapeText(error.message)}. I keep answering from what I had loaded; nothing was changed.`);
      throw error;
    }
    const { snapshot, previous } = result;
    const recorded = await ctx.audit.record({
      actor: actorOf(interaction),
      actorId: interaction.user.id,
      action: 'refresh',
      before: { sources: previous.sources.length, passages: passageCount(previous.sources) },
      after: { sources: snapshot.sources.length, passages: passageCount(snapshot.sources) },
      detail: `${describeChanges(result.changes)}${result.issues.length > 0 ? `; ${result.issues.length} problem${result.issues.length === 1 ? '' : 's'} in the files` : ''}`,
    });
    const note = !recorded.file || recorded.channel === false ? '\nNote: I could not record this refresh everywhere (see the bot\'s log).' : '';
    await interaction.editReply({ content: fitNote(refreshReport(result), note), allowedMentions: NO_MENTIONS });
  },
} satisfies Command;

/** The moderator's report of a reload: counts, what changed, then every file problem (within 2,000 characters). */
export function refreshReport(result: ReloadResult): string {
  const { changes, snapshot } = result;
  const sources = snapshot.sources.length;
  const head = `**Knowledge refreshed** in ${result.ms} ms. I now answer from ${sources} source${sources === 1 ? '' : 's'} (${passageCount(snapshot.sources)} passages).`;
  const line = (c: SourceChange, passages: string): string => `• \`${c.id}\` ${escapeText(c.title)} (${escapeText(c.file)}, ${passages})`;
  const lines: string[] = [];
  if (changes.added.length > 0) lines.push('**Added:**', ...changes.added.map((c) => line(c, plural(c.passages, 'passage'))));
  if (changes.changed.length > 0) lines.push('**Changed:**', ...changes.changed.map((c) => line(c, `${c.passagesBefore ?? '?'} → ${plural(c.passages, 'passage')}`)));
  if (changes.removed.length > 0) lines.push('**Removed:**', ...changes.removed.map((c) => line(c, `had ${plural(c.passages, 'passage')}`)));
  if (lines.length === 0 && changes.kept.length === 0) lines.push('No source was added, changed or removed.');
  const kept = new Set(changes.kept.map((k) => k.file));
  const problems = result.issues.map((issue) => {
    const note = kept.has(issue.file) ? 'still serving the previous version'
      : issue.file === VOCABULARY_FILE && changes.keptVocabulary ? 'still using the previous vocabulary'
        : issue.file === VOCABULARY_FILE ? 'the rest of the vocabulary is used'
          : issue.file === GLOSSARY_FILE && changes.keptGlossary ? 'still using the previous glossary'
            : issue.file === GLOSSARY_FILE ? 'the rest of the glossary is used' : 'not loaded';
    return `• ${escapeText(`${issue.file}: ${issue.field}: ${issue.message}`)}; ${note}`;
  });
  if (problems.length > 0) lines.push(`**${plural(problems.length, 'problem')} to fix:**`, ...problems);
  else lines.push('Every file is valid.');
  return fit([head, ...lines], DISCORD_LIMITS.content);
}

function fitNote(report: string, note: string): string {
  return note === '' ? report : `${report.slice(0, DISCORD_LIMITS.content - note.length)}${note}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Joins lines, leaving out whole lines from the end (with a note saying how many) to stay within `max`. */
function fit(lines: readonly string[], max: number): string {
  const all = lines.join('\n');
  if (all.length <= max) return all;
  for (let keep = lines.length - 1; keep > 0; keep--) {
    const text = `${lines.slice(0, keep).join('\n')}\n…and ${lines.length - keep} more line${lines.length - keep === 1 ? '' : 's'} (see the bot's log).`;
    if (text.length <= max) return text;
  }
  return all.slice(0, max - 1) + '…';
}
