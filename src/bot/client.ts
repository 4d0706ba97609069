/**
 * The Discord bot: a discord.js client (Guilds intent only) answering slash commands from the live
 * knowledge base through the interaction boundary, with the anonymised review queue (its retention
 * enforced daily) and the weekly digest to the moderators' log channel.
 */
import { Client, DiscordjsErrorCodes, Events, GatewayIntentBits, Options } from 'discord.js';
import type { BotConfig } from '../config.ts';
import { preparePublicNames } from '../core/privacy/index.ts';
import { ReviewQueue } from '../review/queue.ts';
import { createAuditLog } from './audit-channel.ts';
import { loadCommands } from './commands.ts';
import { Cooldown } from '../expiring.ts';
import { startDigest, type DigestScheduler } from './digest.ts';
import { leaveIfNotAllowed } from './guilds.ts';
import { FeedbackStore } from './feedback/store.ts';
import { FollowUpStore } from './follow-up-store.ts';
import { createInteractionHandler } from './interactions.ts';
import { describeChanges, KnowledgeBase, passageCount } from '../knowledge/live.ts';
import { createLogger, discordDebugLine, type Logger } from '../logger.ts';
import { PendingConfirmations, type PendingChange } from './confirmations.ts';
import { NO_MENTIONS } from './send.ts';
import type { AnyCommand, CommandContext } from './types.ts';
import { createHelpChannelHandler } from './help-channels.ts';
import { watchKnowledge, type KnowledgeWatcher } from '../knowledge/watch.ts';

export interface Bot {
  readonly client: Client<true>;
  readonly knowledge: KnowledgeBase;
  readonly commands: ReadonlyMap<string, AnyCommand>;
  /** What every command receives. */
  readonly context: CommandContext;
  /** Disconnects from Discord (`client.destroy()`). Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartBotOptions {
  /** Default: a logger at `config.logLevel` on standard error, with the token redacted. */
  logger?: Logger;
  /** Default: opened from `config.knowledgeDir`. */
  knowledge?: KnowledgeBase;
  /** Default: loaded from `commands/`. */
  commands?: ReadonlyMap<string, AnyCommand>;
  /** Default: opened from `config.reviewFile`. */
  review?: ReviewQueue;
  /** Default: a new store with the real clock (tests pass one with their own). */
  feedback?: FeedbackStore;
}

/** How often the review queue's retention is enforced while the bot runs (it is also enforced at start). */
export const RETENTION_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** Logging in failed: a wrong token, or Discord (the API at DISCORD_API_URL) could not be reached. */
export class LoginError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LoginError';
  }
}

/** Client-side cap on REST requests per second (discord.js' default of 50 is the bot-wide global limit). */
export const INTERACTION_REQUESTS_PER_SECOND = 1000;

/**
 * The Gateway intents the bot asks for: Guilds only; with help channels (ANSWER_CHANNEL_IDS), also
 * Guild Messages and the privileged Message Content, which it needs to read the posts it answers.
 */
export function clientIntents(config: Pick<BotConfig, 'answerChannelIds'>): GatewayIntentBits[] {
  return config.answerChannelIds === undefined
    ? [GatewayIntentBits.Guilds]
    : [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.MessageContent];
}

/** A discord.js client as the bot uses it: {@link clientIntents}, the configured API, no mentions, small caches. */
export function createClient(config: BotConfig): Client {
  return new Client({
    intents: clientIntents(config),
    // discord.js holds every request to 50 per second, Discord's global limit for bot requests. But
    // interaction responses (callbacks and their webhooks: all this bot sends once logged in) are not
    // bound by that limit, and the client-side hold made answers wait up to a second under load.
    // Discord still answers 429 if a limit is ever reached, and discord.js then waits as told.
    rest: { api: config.discord.apiUrl, globalRequestsPerSecond: INTERACTION_REQUESTS_PER_SECOND },
    allowedMentions: NO_MENTIONS,
    // The bot reads no messages, members or reactions: keep none of them in memory.
    makeCache: Options.cacheWithLimits({
      ...Options.DefaultMakeCacheSettings,
      MessageManager: 0,
      ReactionManager: 0,
      GuildMemberManager: { maxSize: 0, keepOverLimit: (member) => member.id === member.client.user?.id },
      UserManager: { maxSize: 0, keepOverLimit: (user) => user.id === user.client.user?.id },
      PresenceManager: 0,
      VoiceStateManager: 0,
      ThreadMemberManager: 0,
    }),
  });
}

/**
 * Opens the knowledge base and the review queue, loads the commands, logs in and resolves once the
 * client is ready. Throws {@link LoginError} when Discord refuses the token or cannot be reached (the
 * client is destroyed first), and `KnowledgeDirError` when the knowledge folder cannot be read.
 */
export async function startBot(config: BotConfig, options: StartBotOptions = {}): Promise<Bot> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, secrets: [config.discord.token] });
  // The names the reports make public ("Cllr Marcus Hart", "Ofsted") are not a child's name: list
  // them for each engine before it serves, rather than on its first /ask.
  const knowledge = options.knowledge ?? (await KnowledgeBase.open(config.knowledgeDir, {
    logger,
    prepare: preparePublicNames,
    ...(config.indexCache !== undefined && { cacheFile: config.indexCache }),
  }));
  const commands = options.commands ?? (await loadCommands({ logger }));
  preparePublicNames(knowledge.engine); // memoised: only does work for a knowledge base opened elsewhere
  // Opening enforces the retention at once: entries older than REVIEW_RETENTION_DAYS are deleted.
  const review = options.review ?? (await ReviewQueue.open({ file: config.reviewFile, retentionDays: config.reviewRetentionDays }));
  const client = createClient(config);
  const audit = createAuditLog({
    file: config.auditFile,
    ...(config.moderatorLogChannelId !== undefined && { channelId: config.moderatorLogChannelId }),
    rest: client.rest,
    logger,
  });
  const context: CommandContext = {
    knowledge,
    config,
    logger,
    cooldown: new Cooldown(config.askCooldownSeconds),
    confirmations: new PendingConfirmations<PendingChange>(),
    audit,
    review,
    feedback: options.feedback ?? new FeedbackStore(),
    followUps: new FollowUpStore(),
  };

  client.on(Events.InteractionCreate, createInteractionHandler(commands, context));
  // Help-channel mode is opt-in: without ANSWER_CHANNEL_IDS no message is received, let alone read.
  if (config.answerChannelIds !== undefined) client.on(Events.MessageCreate, createHelpChannelHandler(context));
  // Own server only: added to any other server (the application is public, or someone copied the
  // invite link), the bot leaves at once. Guilds already joined are checked once ready, below.
  client.on(Events.GuildCreate, (guild) => void leaveIfNotAllowed(guild, config, logger));
  client.on(Events.Error, (error) => logger.error('discord client error', { error }));
  client.on(Events.Warn, (message) => logger.warn(`discord: ${message}`));
  if (logger.level === 'debug') client.on(Events.Debug, (message) => logger.debug(`discord: ${discordDebugLine(message)}`));
  client.on(Events.ShardDisconnect, (event) => logger.warn('gateway disconnected', { code: event.code }));
  let stopped = false;
  let stopping: Promise<void> | undefined;
  client.on(Events.ShardReconnecting, () => {
    if (!stopped) logger.info('gateway reconnecting');
  });
  client.on(Events.ShardResume, (_shard, replayed) => logger.info('gateway resumed', { replayed }));
  client.on(Events.ShardError, (error) => logger.warn('gateway error', { error }));
  client.on(Events.Invalidated, () => logger.error('gateway session invalidated'));

  const ready = new Promise<Client<true>>((resolve) => client.once(Events.ClientReady, resolve));
  try {
    await client.login(config.discord.token);
    await ready;
  } catch (error) {
    await client.destroy().catch(() => {});
    throw loginError(error, config);
  }
  const user = client.user;
  if (user === null) throw new LoginError('Logged in, but Discord did not say who the bot is.');
  const readyClient = client as Client<true>;
  const appId = readyClient.application.id;
  if (config.discord.clientId !== undefined && config.discord.clientId !== appId) {
    logger.warn('DISCORD_CLIENT_ID is not the id of the application this token belongs to: deploy-commands registers commands for the wrong application', { expected: appId });
  }
  if (config.allowedGuildIds === undefined) {
    logger.warn('Neither ALLOWED_GUILD_IDS nor DISCORD_GUILD_ID is set: I serve every server I am added to. Set ALLOWED_GUILD_IDS to your server\'s id.');
  }
  await Promise.all([...readyClient.guilds.cache.values()].map((guild) => leaveIfNotAllowed(guild, config, logger)));
  if (config.allowPrivateUrls) logger.warn('ALLOW_PRIVATE_URLS is on: /sources add may fetch from private and loopback addresses. For tests only: turn it off on a real bot.');
  if (config.answerChannelIds !== undefined) logger.info('help channels: answering new posts', { channels: config.answerChannelIds.join(',') });
  logger.info('ready', { bot: user.tag, guilds: readyClient.guilds.cache.size, commands: [...commands.keys()].join(','), sources: knowledge.engine.sources.length });
  const watcher: KnowledgeWatcher | undefined = config.knowledgeWatch
    ? watchKnowledge(knowledge, {
      logger,
      onReload: async (result, files) => {
        const { added, changed, removed, kept } = result.changes;
        if (added.length + changed.length + removed.length + kept.length === 0 && !result.changes.keptVocabulary && !result.changes.keptGlossary) return;
        await audit.record({
          actor: 'watch:KNOWLEDGE_WATCH (files changed in the knowledge folder)',
          action: 'refresh',
          before: { sources: result.previous.sources.length, passages: passageCount(result.previous.sources) },
          after: { sources: result.snapshot.sources.length, passages: passageCount(result.snapshot.sources) },
          detail: `${files.join(', ')}: ${describeChanges(result.changes)}`,
        });
      },
    })
    : undefined;
  const retention = setInterval(() => void enforceRetention(review, logger), RETENTION_INTERVAL_MS);
  retention.unref();
  const digest: DigestScheduler | undefined = config.reviewDigest === 'weekly' && config.moderatorLogChannelId !== undefined
    ? startDigest({ queue: review, rest: client.rest, channelId: config.moderatorLogChannelId, logger })
    : undefined;

  return {
    client: readyClient,
    knowledge,
    commands,
    context,
    stop: () => {
      stopped = true;
      watcher?.close();
      clearInterval(retention);
      // The digest check in flight finishes (it may be writing the queue) before the client goes.
      stopping ??= Promise.resolve(digest?.stop())
        .then(() => client.destroy())
        .then(() => logger.info('disconnected from Discord'));
      return stopping;
    },
  };
}

/** Deletes the review entries past their retention; logs how many (never what they were). */
async function enforceRetention(review: ReviewQueue, logger: Logger): Promise<void> {
  try {
    const deleted = await review.enforceRetention();
    if (deleted > 0) logger.info('review queue: expired entries deleted', { deleted });
  } catch (error) {
    logger.warn('could not enforce the review queue retention (tried again tomorrow)', { error });
  }
}

function loginError(error: unknown, config: BotConfig): LoginError {
  const code = (error as { code?: unknown } | null)?.code;
  const status = (error as { status?: unknown } | null)?.status;
  if (code === DiscordjsErrorCodes.TokenInvalid || status === 401) {
    return new LoginError('Discord did not accept the bot token (DISCORD_TOKEN). Copy it again from the Developer Portal → your application → Bot → Reset Token.', { cause: error });
  }
  if (code === DiscordjsErrorCodes.TokenMissing) return new LoginError('DISCORD_TOKEN is empty.', { cause: error });
  if (code === DiscordjsErrorCodes.DisallowedIntents) {
    return new LoginError(config.answerChannelIds === undefined
      ? 'Discord refused the Guilds intent for this bot (disallowed intents).'
      : 'Discord refused the Message Content intent, which ANSWER_CHANNEL_IDS needs: switch it on in the Developer Portal → your application → Bot → Privileged Gateway Intents, or leave ANSWER_CHANNEL_IDS empty.', { cause: error });
  }
  const reason = error instanceof Error ? error.message : String(error);
  return new LoginError(`Could not connect to Discord at ${config.discord.apiUrl}: ${reason}`, { cause: error });
}
