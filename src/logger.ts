/**
 * A small levelled logger: one line per entry, `key=value` fields, secrets redacted from every line.
 *
 * Privacy: callers log command names, timings and outcomes. Never pass a question's text together
 * with who asked it (user id or name); the bot logs neither.
 */
import type { LogLevel } from './config.ts';

export type LogFields = Readonly<Record<string, unknown>>;

export interface Logger {
  readonly level: LogLevel;
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export interface LoggerOptions {
  /** Least severe level written. Default: info. */
  level?: LogLevel;
  /** Strings replaced by `[redacted]` wherever they appear (the bot token). */
  secrets?: readonly (string | undefined)[];
  /** Where lines go. Default: standard error (standard output stays free for the console's answers). */
  write?: (line: string) => void;
  /** Default: the current time. */
  now?: () => Date;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Interaction and webhook tokens inside API paths (`/webhooks/<app id>/<token>/...`). */
const PATH_TOKENS = /\b(webhooks|interactions)\/(\d+)\/[\w.-]{20,}/g;

/**
 * A Discord bot token's shape: the application id in base64, a timestamp part, and the HMAC, joined
 * by dots. Matched also when the last part is starred out, as discord.js's "Provided token:" debug
 * line prints it: the first two parts are still the token's.
 */
const TOKEN_SHAPE = /\b[A-Za-z\d_-]{20,40}\.[A-Za-z\d_-]{4,10}\.(?:[A-Za-z\d_-]{20,}|\*+)/g;

/**
 * Replaces every secret, any part of one that is written on its own (discord.js prints the token's
 * first two parts at debug level), anything shaped like a bot token, and interaction tokens in API
 * paths, by `[redacted]`.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let out = text;
  for (const secret of secrets) {
    if (!secret || secret.length < 8) continue;
    out = out.split(secret).join('[redacted]');
    // "<id part>.<timestamp part>.*****": the token without its last part.
    const parts = secret.split('.');
    for (let n = parts.length - 1; n >= 2; n--) {
      const prefix = parts.slice(0, n).join('.');
      if (prefix.length >= 8) out = out.split(prefix).join('[redacted]');
    }
  }
  return out.replace(TOKEN_SHAPE, '[redacted]').replace(PATH_TOKENS, '$1/$2/[redacted]');
}

/**
 * A discord.js debug line as it may be logged: its "Provided token: …" line loses the token
 * whatever its form, before any other redaction.
 */
export function discordDebugLine(message: string): string {
  return message.replace(/(Provided token:\s*)\S+/gi, '$1[redacted]');
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const write = options.write ?? ((line: string) => process.stderr.write(`${line}\n`));
  const now = options.now ?? (() => new Date());
  const secrets = options.secrets ?? [];
  const log = (at: LogLevel) => (message: string, fields?: LogFields): void => {
    if (RANK[at] < RANK[level]) return;
    const parts = [now().toISOString(), at.toUpperCase().padEnd(5), message];
    let stack = '';
    for (const [key, value] of Object.entries(fields ?? {})) {
      if (value === undefined) continue;
      if (value instanceof Error) {
        parts.push(`${key}=${quote(`${value.name}: ${value.message}`)}`);
        if (value.stack && (at === 'error' || level === 'debug')) stack = `\n${value.stack.split('\n').slice(1).join('\n')}`;
      } else parts.push(`${key}=${quote(typeof value === 'string' ? value : safeJson(value))}`);
    }
    write(redact(parts.join(' ') + stack, secrets));
  };
  return { level, debug: log('debug'), info: log('info'), warn: log('warn'), error: log('error') };
}

/** A logger that writes nothing (tests, tools). */
export const silentLogger: Logger = createLogger({ level: 'error', write: () => {} });

function quote(value: string): string {
  return /^[\w.:/@+-]*$/.test(value) && value !== '' ? value : JSON.stringify(value);
}

function safeJson(value: unknown): string {
  try {
    return typeof value === 'bigint' ? value.toString() : (JSON.stringify(value) ?? String(value));
  } catch {
    return String(value);
  }
}
