/**
 * Help-channel mode (ANSWER_CHANNEL_IDS, opt-in): in the listed text channels, a new post, and in the
 * listed forum channels, a new thread's first post, gets an answer in a thread, when and only when
 * the engine answers confidently and the post holds no personal details. Nothing else is ever posted
 * there: no "I can't answer that", no notice. Other channels, replies, edits, bots and servers the
 * bot does not serve are ignored without reading the text. Nothing of a post is logged or kept, except
 * what an answer's feedback buttons keep for any `/ask` answer (redacted, never who asked).
 */
import { ChannelType, MessageType, type Message } from 'discord.js';
import { answerScreened, screenQuestion } from '../core/answer.ts';
import { ANSWER_THREAD_NAME, publicAnswerReply } from '../replies/ask-the-reports.ts';
import { ASK_RESULTS } from '../replies/ask.ts';
import { stripDiscordSyntax } from '../replies/format.ts';
import { withFeedback } from './feedback/attach.ts';
import { nextSteps } from './follow-up.ts';
import { isServedGuild } from './guilds.ts';
import { postReply } from './send.ts';
import type { CommandContext } from './types.ts';

/** Where a post is, when it is one to consider: a top-level post of a help text channel, or the first post of a help forum thread. */
export type HelpPost = 'channel' | 'forum';

/** The facts of a message that decide whether it is a help-channel post (a discord.js `Message`, or a stand-in in tests). */
export interface PostFacts {
  readonly id: string;
  readonly guildId: string | null;
  readonly channelId: string;
  readonly type: MessageType;
  readonly authorIsBot: boolean;
  readonly fromWebhook: boolean;
  readonly channelType: ChannelType;
  /** For a thread: its parent channel's id and type. */
  readonly parentId: string | null;
  readonly parentType: ChannelType | null;
}

/**
 * Whether a message is a post the bot may answer: from a served server, by a person (not a bot or a
 * webhook), an ordinary new message (not a reply, not a system message), and either top-level in a
 * listed text channel or the first post of a new thread of a listed forum channel.
 */
export function helpPost(facts: PostFacts, ctx: Pick<CommandContext, 'config'>): HelpPost | undefined {
  const ids = ctx.config.answerChannelIds;
  if (ids === undefined || !isServedGuild(facts.guildId, ctx.config)) return undefined;
  if (facts.authorIsBot || facts.fromWebhook || facts.type !== MessageType.Default) return undefined;
  if ((facts.channelType === ChannelType.GuildText || facts.channelType === ChannelType.GuildAnnouncement) && ids.includes(facts.channelId)) return 'channel';
  // A forum thread's first post has the thread's id.
  if (facts.channelType === ChannelType.PublicThread && facts.parentType === ChannelType.GuildForum && facts.parentId !== null
    && ids.includes(facts.parentId) && facts.id === facts.channelId) return 'forum';
  return undefined;
}

function factsOf(message: Message): PostFacts {
  const channel = message.channel;
  const thread = channel.isThread() ? channel : null;
  return {
    id: message.id,
    guildId: message.guildId,
    channelId: message.channelId,
    type: message.type,
    authorIsBot: message.author.bot,
    fromWebhook: message.webhookId !== null,
    channelType: channel.type,
    parentId: thread?.parentId ?? null,
    parentType: thread?.parent?.type ?? null,
  };
}

/** The `messageCreate` listener of help-channel mode. The returned function never rejects. */
export function createHelpChannelHandler(ctx: CommandContext): (message: Message) => Promise<void> {
  return async (message) => {
    const started = performance.now();
    const where = helpPost(factsOf(message), ctx);
    if (where === undefined) return;
    const done = (outcome: string): void => ctx.logger.info('help channel', { outcome, where, ms: Math.round(performance.now() - started) });
    try {
      // The same per-member pace as /ask; a post during the cooldown is simply not answered.
      if (ctx.cooldown.take(message.author.id) > 0) return done('cooldown');
      const engine = ctx.knowledge.engine;
      const screened = screenQuestion(engine, stripDiscordSyntax(message.content));
      // A post with a name, a school or contact details is never answered in public, nor could it be answered privately here.
      if (screened.sensitive) return done('not answered: personal details');
      const answered = answerScreened(engine, screened, { k: ASK_RESULTS });
      const reply = publicAnswerReply(answered);
      if (reply === undefined) return done('not answered: not covered');
      const feedback = await withFeedback(reply, answered.answer, screened.details.redacted, ctx);
      const components = [...feedback.components, ...nextSteps(answered, ctx)];
      const threadId = where === 'forum'
        ? message.channelId
        : (await message.startThread({ name: ANSWER_THREAD_NAME })).id;
      await postReply(message.client.rest, threadId, reply, { components });
      done('answered');
    } catch (error) {
      ctx.logger.warn('help channel: could not answer (check the bot may create threads and send messages there)', { where, error });
    }
  };
}
