/**
 * The configuration of every entry point (the bot, `kb`, `ask`, the deploy script): every setting and
 * every path derived from them (the knowledge folder, the audit log, the review queue, the index
 * cache), read once at the entry point from the environment (and `.env`, which only entry files
 * load) and passed in from there. Every key is documented in `.env.example`.
 */
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export const REVIEW_DIGEST_SETTINGS = ['weekly', 'off'] as const;
export type ReviewDigestSetting = (typeof REVIEW_DIGEST_SETTINGS)[number];

/** How to reach Discord. Present only when `DISCORD_TOKEN` is set. */
export interface DiscordConfig {
  /** `DISCORD_TOKEN`: the bot token. Secret: never logged, never part of an error message. */
  readonly token: string;
  /** `DISCORD_CLIENT_ID`: the application id. Required by `npm run deploy-commands`. */
  readonly clientId?: string;
  /** `DISCORD_GUILD_ID`: deploy commands to this server only (instant; for development). Default: global. */
  readonly guildId?: string;
  /**
   * `DISCORD_API_URL`: REST base of Discord or a Discord-compatible API, without the version. The
   * Gateway URL is discovered from it. Default: `https://discord.com/api`.
   */
  readonly apiUrl: string;
}

export interface Config {
  /** Absent when `DISCORD_TOKEN` is not set: `npm start` then opens the local console. */
  readonly discord?: DiscordConfig;
  /** `KNOWLEDGE_DIR`: the knowledge folder, absolute. Default: the project's `knowledge/`. */
  readonly knowledgeDir: string;
  /**
   * `ALLOWED_GUILD_IDS`: the only servers the bot serves (comma-separated ids). Interactions from any
   * other server, or from a direct message, are refused privately, and the bot leaves any other
   * server it is added to. Default: `DISCORD_GUILD_ID` when set; absent (every server) otherwise.
   */
  readonly allowedGuildIds?: readonly string[];
  /**
   * `ANSWER_CHANNEL_IDS`: help channels (text or forum channels, comma-separated ids) where the bot
   * reads each new post (or new forum thread) and, only when it answers confidently, replies in a
   * thread. Needs the privileged Message Content intent. Default: none (no message is read).
   */
  readonly answerChannelIds?: readonly string[];
  /** `MODERATOR_ROLE_ID`: members with this role may use moderator commands. Default: none. */
  readonly moderatorRoleId?: string;
  /**
   * `MODERATOR_LOG_CHANNEL_ID`: a channel where every change to the knowledge base (who, what, when,
   * before and after) is posted. Default: none (changes are only written to the audit file).
   */
  readonly moderatorLogChannelId?: string;
  /**
   * `MODERATOR_HELP_CHANNEL_ID`: where **Ask a moderator** posts a member's question (with the member
   * mentioned, and their consent). Default: `MODERATOR_LOG_CHANNEL_ID`; without either, the button is
   * not shown. See {@link moderatorHelpChannel}.
   */
  readonly moderatorHelpChannelId?: string;
  /**
   * `AUDIT_FILE`: the audit log (one JSON line per change), absolute. Default: `data/audit.jsonl`
   * beside the knowledge folder ({@link defaultAuditFile}).
   */
  readonly auditFile: string;
  /**
   * `INDEX_CACHE`: where the built index is kept so that a restart with unchanged knowledge does not
   * rebuild it (absolute, or relative to the start folder), or `off` (then absent). Default:
   * `data/index-cache.json` beside the knowledge folder ({@link defaultIndexCache}).
   */
  readonly indexCache?: string;
  /** `KNOWLEDGE_WATCH`: reload the knowledge base by itself when its files change. Default: false. */
  readonly knowledgeWatch: boolean;
  /** `HEALTH_PORT`: serve the health endpoint (JSON) on 127.0.0.1 at this port. Default: absent (off). */
  readonly healthPort?: number;
  /**
   * `ALLOW_PRIVATE_URLS`: let `/sources add` fetch from private and loopback addresses. For tests
   * only: never in production, where it would let a moderator reach the bot's own network. Default: false.
   */
  readonly allowPrivateUrls: boolean;
  /** `LOG_LEVEL`: debug, info, warn or error. Default: info. */
  readonly logLevel: LogLevel;
  /** `ASK_COOLDOWN_SECONDS`: seconds between two `/ask` of one member; 0 disables. Default: 10. */
  readonly askCooldownSeconds: number;
  /**
   * `REVIEW_FILE`: the anonymised review queue (questions the bot could not answer and answers marked
   * "Not helpful", redacted, never who asked), absolute. Default: `data/review-queue.jsonl` beside the
   * knowledge folder ({@link defaultReviewFile}).
   */
  readonly reviewFile: string;
  /** `REVIEW_RETENTION_DAYS`: days a review entry is kept before it is deleted (1 to 3650). Default: 90. */
  readonly reviewRetentionDays: number;
  /**
   * `REVIEW_DIGEST`: `weekly` posts a summary of the review queue to the moderators' log channel once a
   * week (only when `MODERATOR_LOG_CHANNEL_ID` is set); `off` never does. Default: weekly.
   */
  readonly reviewDigest: ReviewDigestSetting;
}

/** A configuration with Discord settings: what the bot and the deploy script need. */
export type BotConfig = Config & { readonly discord: DiscordConfig };

export const configDefaults = Object.freeze({
  apiUrl: 'https://discord.com/api',
  knowledgeDir: fileURLToPath(new URL('../knowledge/', import.meta.url)),
  logLevel: 'info',
  askCooldownSeconds: 10,
  knowledgeWatch: false,
  allowPrivateUrls: false,
  reviewRetentionDays: 90,
  reviewDigest: 'weekly',
}) satisfies {
  apiUrl: string; knowledgeDir: string; logLevel: LogLevel; askCooldownSeconds: number; knowledgeWatch: boolean; allowPrivateUrls: boolean;
  reviewRetentionDays: number; reviewDigest: ReviewDigestSetting;
};

/** The most `ASK_COOLDOWN_SECONDS` may be (one day). */
export const MAX_COOLDOWN_SECONDS = 86_400;
/** The most `REVIEW_RETENTION_DAYS` may be (about ten years). */
export const MAX_RETENTION_DAYS = 3650;

/** `<knowledgeDir>/../data/review-queue.jsonl` (`data/` is git-ignored), beside the audit log. */
/** `<knowledgeDir>/../data/audit.jsonl` (`data/` is git-ignored). */
export function defaultAuditFile(knowledgeDir: string): string {
  return resolve(knowledgeDir, '..', 'data', 'audit.jsonl');
}

export function defaultReviewFile(knowledgeDir: string): string {
  return resolve(knowledgeDir, '..', 'data', 'review-queue.jsonl');
}

/** `<knowledgeDir>/../data/index-cache.json` (`data/` is git-ignored). */
export function defaultIndexCache(knowledgeDir: string): string {
  return join(dirname(knowledgeDir), 'data', 'index-cache.json');
}


export interface LoadConfigOptions {
  /** Resolves a relative `KNOWLEDGE_DIR`. Default: `process.cwd()`. */
  cwd?: string;
  /** Keys that must be set for this entry point (deploy-commands needs both). Default: none. */
  require?: readonly ('DISCORD_TOKEN' | 'DISCORD_CLIENT_ID')[];
  /**
   * An entry point's command-line flags, which win over the environment (relative paths resolved
   * against `cwd`). The paths derived from the knowledge folder follow an overridden folder.
   */
  overrides?: { readonly knowledgeDir?: string; readonly auditFile?: string };
}

/** One or more configuration keys are missing or malformed. `problems` has one line per key. */
export class ConfigError extends Error {
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(
      `Invalid configuration (${problems.length} problem${problems.length === 1 ? '' : 's'}); ` +
        `set these in the environment or in .env (see .env.example):\n${problems.map((p) => `  - ${p}`).join('\n')}`,
    );
    this.problems = problems;
    this.name = 'ConfigError';
  }
}

const SNOWFLAKE = /^\d{17,20}$/;
const TOKEN_SHAPE = /^[\w-]+\.[\w-]+\.[\w-]+$/;

/** True when the configuration can connect to Discord. */
export function hasDiscord(config: Config): config is BotConfig {
  return config.discord !== undefined;
}

/**
 * Reads and checks the configuration. Returns a frozen object, or throws one {@link ConfigError}
 * listing every missing or malformed key. Empty values count as unset. The token's value never
 * appears in an error.
 */
export function loadConfig(env: Readonly<Record<string, string | undefined>> = process.env, options: LoadConfigOptions = {}): Config {
  const problems: string[] = [];
  const required: ReadonlySet<string> = new Set(options.require ?? []);
  const get = (key: string): string | undefined => {
    const value = env[key]?.trim();
    return value === undefined || value === '' ? undefined : value;
  };
  const shown = (value: string): string => JSON.stringify(value.length > 60 ? `${value.slice(0, 60)}…` : value);
  const snowflake = (key: string, what: string): string | undefined => {
    const value = get(key);
    if (value === undefined) {
      if (required.has(key)) problems.push(`${key}: missing (${what})`);
      return undefined;
    }
    if (!SNOWFLAKE.test(value)) problems.push(`${key}: ${shown(value)} is not a Discord id (17 to 20 digits; ${what})`);
    return value;
  };

  const token = get('DISCORD_TOKEN');
  if (token === undefined) {
    if (required.has('DISCORD_TOKEN')) problems.push('DISCORD_TOKEN: missing (the bot token: Discord Developer Portal → your application → Bot → Reset Token)');
  } else if (/^bot\s/i.test(token)) {
    problems.push('DISCORD_TOKEN: remove the "Bot " in front of the token');
  } else if (/\s/.test(token)) {
    problems.push('DISCORD_TOKEN: contains spaces or line breaks (copy the token again)');
  } else if (!TOKEN_SHAPE.test(token)) {
    problems.push('DISCORD_TOKEN: does not look like a bot token (three parts separated by dots; the client secret is not the token)');
  }
  const clientId = snowflake('DISCORD_CLIENT_ID', 'the application id: Developer Portal → General Information');
  const guildId = snowflake('DISCORD_GUILD_ID', 'the server id: right-click the server with Developer Mode on → Copy Server ID');
  let allowedGuildIds: readonly string[] | undefined = guildId === undefined ? undefined : [guildId];
  const rawAllowed = get('ALLOWED_GUILD_IDS');
  if (rawAllowed !== undefined) {
    const ids = rawAllowed.split(',').map((id) => id.trim()).filter((id) => id !== '');
    const bad = ids.filter((id) => !SNOWFLAKE.test(id));
    if (bad.length > 0 || ids.length === 0) {
      problems.push(`ALLOWED_GUILD_IDS: ${bad.length > 0 ? bad.map(shown).join(', ') : shown(rawAllowed)} ${bad.length > 1 ? 'are not Discord ids' : 'is not a Discord id'} (a comma-separated list of server ids, 17 to 20 digits each: right-click the server with Developer Mode on → Copy Server ID)`);
    } else allowedGuildIds = Object.freeze([...new Set(ids)]);
  }
  let answerChannelIds: readonly string[] | undefined;
  const rawAnswer = get('ANSWER_CHANNEL_IDS');
  if (rawAnswer !== undefined) {
    const ids = rawAnswer.split(',').map((id) => id.trim()).filter((id) => id !== '');
    const bad = ids.filter((id) => !SNOWFLAKE.test(id));
    if (bad.length > 0 || ids.length === 0) {
      problems.push(`ANSWER_CHANNEL_IDS: ${bad.length > 0 ? bad.map(shown).join(', ') : shown(rawAnswer)} ${bad.length > 1 ? 'are not Discord ids' : 'is not a Discord id'} (a comma-separated list of text or forum channel ids, 17 to 20 digits each: right-click the channel with Developer Mode on → Copy Channel ID)`);
    } else answerChannelIds = Object.freeze([...new Set(ids)]);
  }
  const moderatorRoleId = snowflake('MODERATOR_ROLE_ID', 'the role id: Server Settings → Roles → right-click → Copy Role ID');
  const moderatorLogChannelId = snowflake('MODERATOR_LOG_CHANNEL_ID', 'the channel id: right-click the channel with Developer Mode on → Copy Channel ID');
  const moderatorHelpChannelId = snowflake('MODERATOR_HELP_CHANNEL_ID', 'the channel id: right-click the channel with Developer Mode on → Copy Channel ID');
  const flag = (key: string, fallback: boolean): boolean => {
    const value = get(key);
    if (value === undefined) return fallback;
    const lower = value.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    problems.push(`${key}: ${shown(value)} is not true or false`);
    return fallback;
  };

  let apiUrl: string = configDefaults.apiUrl;
  const rawApi = get('DISCORD_API_URL');
  if (rawApi !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(rawApi);
    } catch {
      url = undefined;
    }
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
      problems.push(`DISCORD_API_URL: ${shown(rawApi)} is not an http(s) address like ${configDefaults.apiUrl}`);
    } else apiUrl = rawApi.replace(/\/+$/, '');
  }

  const path = (value: string): string => (isAbsolute(value) ? value : resolve(options.cwd ?? process.cwd(), value));
  const rawDir = options.overrides?.knowledgeDir || get('KNOWLEDGE_DIR');
  const knowledgeDir: string = rawDir === undefined ? configDefaults.knowledgeDir : path(rawDir);

  const rawAudit = options.overrides?.auditFile || get('AUDIT_FILE');
  const auditFile = rawAudit === undefined ? defaultAuditFile(knowledgeDir) : path(rawAudit);
  const rawCache = get('INDEX_CACHE');
  const indexCache = rawCache === undefined ? defaultIndexCache(knowledgeDir) : rawCache.toLowerCase() === 'off' ? undefined : path(rawCache);
  const knowledgeWatch = flag('KNOWLEDGE_WATCH', configDefaults.knowledgeWatch);
  const allowPrivateUrls = flag('ALLOW_PRIVATE_URLS', configDefaults.allowPrivateUrls);

  let logLevel: LogLevel = configDefaults.logLevel;
  const rawLevel = get('LOG_LEVEL');
  if (rawLevel !== undefined) {
    const level = LOG_LEVELS.find((l) => l === rawLevel.toLowerCase());
    if (level) logLevel = level;
    else problems.push(`LOG_LEVEL: ${shown(rawLevel)} is not one of ${LOG_LEVELS.join(', ')}`);
  }

  let askCooldownSeconds: number = configDefaults.askCooldownSeconds;
  const rawCooldown = get('ASK_COOLDOWN_SECONDS');
  if (rawCooldown !== undefined) {
    const n = Number(rawCooldown);
    if (!/^\d+$/.test(rawCooldown) || n > MAX_COOLDOWN_SECONDS) {
      problems.push(`ASK_COOLDOWN_SECONDS: ${shown(rawCooldown)} is not a whole number of seconds from 0 (no cooldown) to ${MAX_COOLDOWN_SECONDS}`);
    } else askCooldownSeconds = n;
  }

  const rawReview = get('REVIEW_FILE');
  const reviewFile = rawReview === undefined ? defaultReviewFile(knowledgeDir) : path(rawReview);

  let reviewRetentionDays: number = configDefaults.reviewRetentionDays;
  const rawRetention = get('REVIEW_RETENTION_DAYS');
  if (rawRetention !== undefined) {
    const n = Number(rawRetention);
    if (!/^\d+$/.test(rawRetention) || n < 1 || n > MAX_RETENTION_DAYS) {
      problems.push(`REVIEW_RETENTION_DAYS: ${shown(rawRetention)} is not a whole number of days from 1 to ${MAX_RETENTION_DAYS}`);
    } else reviewRetentionDays = n;
  }

  let reviewDigest: ReviewDigestSetting = configDefaults.reviewDigest;
  const rawDigest = get('REVIEW_DIGEST');
  if (rawDigest !== undefined) {
    const setting = REVIEW_DIGEST_SETTINGS.find((d) => d === rawDigest.toLowerCase());
    if (setting) reviewDigest = setting;
    else problems.push(`REVIEW_DIGEST: ${shown(rawDigest)} is not one of ${REVIEW_DIGEST_SETTINGS.join(', ')}`);
  }

  let healthPort: number | undefined;
  const rawHealth = get('HEALTH_PORT');
  if (rawHealth !== undefined) {
    const n = Number(rawHealth);
    if (!/^\d+$/.test(rawHealth) || n < 1 || n > 65535) problems.push(`HEALTH_PORT: ${shown(rawHealth)} is not a port number from 1 to 65535`);
    else healthPort = n;
  }

  if (problems.length > 0) throw new ConfigError(problems);
  const discord: DiscordConfig | undefined = token === undefined
    ? undefined
    : Object.freeze({ token, apiUrl, ...(clientId !== undefined && { clientId }), ...(guildId !== undefined && { guildId }) });
  return Object.freeze({
    ...(discord !== undefined && { discord }),
    knowledgeDir,
    ...(allowedGuildIds !== undefined && { allowedGuildIds }),
    ...(answerChannelIds !== undefined && { answerChannelIds }),
    ...(moderatorRoleId !== undefined && { moderatorRoleId }),
    ...(moderatorLogChannelId !== undefined && { moderatorLogChannelId }),
    ...(moderatorHelpChannelId !== undefined && { moderatorHelpChannelId }),
    auditFile,
    ...(indexCache !== undefined && { indexCache }),
    knowledgeWatch,
    allowPrivateUrls,
    logLevel,
    askCooldownSeconds,
    reviewFile,
    reviewRetentionDays,
    reviewDigest,
    ...(healthPort !== undefined && { healthPort }),
  });
}

/** Where Ask a moderator posts: `MODERATOR_HELP_CHANNEL_ID`, else `MODERATOR_LOG_CHANNEL_ID`, else nowhere (no button). */
export function moderatorHelpChannel(config: Pick<Config, 'moderatorHelpChannelId' | 'moderatorLogChannelId'>): string | undefined {
  return config.moderatorHelpChannelId ?? config.moderatorLogChannelId;
}

/** The configuration without secrets, for a startup log line. */
export function describeConfig(config: Config): Record<string, string | number> {
  return {
    mode: config.discord ? 'discord' : 'console',
    ...(config.discord && { api: config.discord.apiUrl }),
    ...(config.discord?.guildId !== undefined && { guild: config.discord.guildId }),
    ...(config.discord && { servers: config.allowedGuildIds?.join(',') ?? 'every server' }),
    ...(config.answerChannelIds !== undefined && { helpChannels: config.answerChannelIds.join(',') }),
    knowledge: config.knowledgeDir,
    logLevel: config.logLevel,
    askCooldownSeconds: config.askCooldownSeconds,
    ...(config.knowledgeWatch && { knowledgeWatch: 'on' }),
    ...(config.allowPrivateUrls && { allowPrivateUrls: 'on (tests only)' }),
    ...(config.moderatorLogChannelId !== undefined && { moderatorLog: config.moderatorLogChannelId }),
    ...(config.moderatorHelpChannelId !== undefined && { moderatorHelp: config.moderatorHelpChannelId }),
    audit: config.auditFile,
    review: config.reviewFile,
    reviewRetentionDays: config.reviewRetentionDays,
    reviewDigest: config.reviewDigest,
  };
}
