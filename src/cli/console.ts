/**
 * The local console: `npm start` without a DISCORD_TOKEN. It answers the same commands as the bot
 * (`/ask ...`, `/waiting ...`, `/progress`, `/statements ...`, `/sources`, `/glossary ...`, `/privacy`,
 * `/help`; a line without a
 * command is a question) with the same replies, rendered as text. Reads lines until the input ends
 * (Ctrl+D, `/quit`, or a closed standard input), so it also works with piped input.
 */
import { createInterface } from 'node:readline';
import { styleText } from 'node:util';
import { answerScreened, screenQuestion } from '../core/answer.ts';
import { formatIssue } from '../knowledge/parse.ts';
import { APOLOGY, UserError } from '../replies/errors.ts';
import { stripDiscordSyntax } from '../replies/format.ts';
import type { KnowledgeBase } from '../knowledge/live.ts';
import type { Logger } from '../logger.ts';
import { glossaryReply } from '../replies/glossary.ts';
import { DEFAULT_RETENTION_DAYS, privacyReply } from '../replies/privacy.ts';
import { answeredReply, ASK_MAX_LENGTH, ASK_RESULTS } from '../replies/ask.ts';
import { helpReply } from '../replies/help.ts';
import { progressReply, todayUtc } from '../replies/progress.ts';
import { sourcesReply } from '../replies/sources.ts';
import { statementsReply } from '../replies/statements.ts';
import { waitingReply } from '../replies/waiting.ts';
import type { Reply } from '../replies/reply.ts';
import { markdownToText, toText } from './text.ts';

export interface ConsoleOptions {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  logger: Logger;
  /** Show a prompt (an interactive terminal). Default: whether `output` is a TTY. */
  interactive?: boolean;
  /**
   * Show the highlighted sentence of each excerpt in bold (ANSI SGR 1 and 22). Default: when
   * interactive, unless NO_COLOR is set (https://no-color.org) or TERM is "dumb"; piped output is
   * always plain text, with no terminal codes at all.
   */
  emphasis?: boolean;
  /** Where NO_COLOR and TERM are read (default: `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
  /** REVIEW_RETENTION_DAYS, for `/privacy` (default 90). */
  retentionDays?: number;
  /** The clock `/progress` reads today's date from (default: now). */
  now?: () => Date;
}

/** How to leave the console and connect the bot to Discord instead. */
export const CONNECT_HINT = [
  'No DISCORD_TOKEN is set, so I am running as a local console.',
  'To connect to Discord: copy .env.example to .env, fill in DISCORD_TOKEN and DISCORD_CLIENT_ID,',
  'run `npm run deploy-commands` once, then `npm start` again.',
].join('\n');

/** What the console's commands may need besides the knowledge base. */
interface ConsoleSettings {
  readonly retentionDays: number;
  readonly now: () => Date;
}

type ConsoleCommand = (knowledge: KnowledgeBase, args: string, settings: ConsoleSettings) => Reply;

/** The console's commands: the bot's, by the same name, taking the rest of the line as their option. */
export const CONSOLE_COMMANDS: Readonly<Record<string, ConsoleCommand>> = {
  ask: (kb, args) => askQuestion(kb, args),
  progress: (kb, _args, settings) => progressReply(kb.engine, todayUtc(settings.now())),
  glossary: (kb, args) => glossaryReply(kb.engine, args || undefined),
  waiting: (kb, args) => waitingReply(kb.engine, args || undefined),
  statements: (kb, args) => statementsReply(kb.engine, args || undefined),
  sources: (kb) => sourcesReply(kb.engine),
  privacy: (_kb, _args, settings) => privacyReply(settings.retentionDays),
  help: (kb) => helpReply(kb.engine),
};

/** `/ask` through the same pipeline as on Discord (core/answer): privacy, ask, later coverage, terms. */
function askQuestion(kb: KnowledgeBase, question: string): Reply {
  const text = question.slice(0, ASK_MAX_LENGTH + 1);
  const engine = kb.engine;
  const answered = answerScreened(engine, screenQuestion(engine, stripDiscordSyntax(text)), { k: ASK_RESULTS });
  // The echo is the question as typed; a question with personal details is not echoed.
  return answeredReply(answered.sensitive ? answered : { ...answered, question: text });
}

/**
 * Answers one console line: the reply as text, or undefined for an empty line. Unknown commands get
 * a pointer to /help.
 */
export function answerLine(
  knowledge: KnowledgeBase,
  line: string,
  options: { highlight?: (s: string) => string; retentionDays?: number; now?: () => Date } = {},
): string | undefined {
  const trimmed = line.trim();
  if (trimmed === '') return undefined;
  const m = /^\/(\S+)\s*([\s\S]*)$/.exec(trimmed);
  const name = m ? (m[1] ?? '').toLowerCase() : 'ask';
  const args = m ? (m[2] ?? '').trim() : trimmed;
  const command = CONSOLE_COMMANDS[name];
  if (!command) return `There is no /${name} command. Type /help to see what I can do.`;
  try {
    const { highlight } = options;
    const settings = { retentionDays: options.retentionDays ?? DEFAULT_RETENTION_DAYS, now: options.now ?? (() => new Date()) };
    return toText(command(knowledge, args, settings), highlight ? { highlight } : {});
  } catch (error) {
    if (error instanceof UserError) return markdownToText(error.message);
    throw error;
  }
}

/** Bold on an interactive terminal, unless NO_COLOR is set (to anything but "") or TERM is "dumb". */
export function wantsEmphasis(interactive: boolean, env: Readonly<Record<string, string | undefined>>): boolean {
  return interactive && (env.NO_COLOR ?? '') === '' && env.TERM !== 'dumb';
}

/** Runs the console until its input ends. Resolves with the exit code (0). */
export async function runConsole(knowledge: KnowledgeBase, options: ConsoleOptions): Promise<number> {
  const { input, output, logger } = options;
  const interactive = options.interactive ?? (output as { isTTY?: boolean }).isTTY === true;
  const emphasis = options.emphasis ?? wantsEmphasis(interactive, options.env ?? process.env);
  const highlight = emphasis ? (s: string) => styleText('bold', s, { validateStream: false }) : undefined;
  const write = (text: string): void => void output.write(`${text}\n`);
  write(CONNECT_HINT);
  for (const issue of knowledge.snapshot.issues) write(`warning: ${formatIssue(issue)} (file skipped)`);
  write(`\nI answer from ${knowledge.engine.sources.length} sources. Type /help, or a question${interactive ? ' (Ctrl+D to quit)' : ''}.\n`);

  const rl = createInterface({ input, output, terminal: interactive, prompt: '> ' });
  rl.on('SIGINT', () => rl.close());
  if (interactive) rl.prompt();
  for await (const line of rl) {
    if (/^\/?(quit|exit)$/i.test(line.trim())) break;
    const started = performance.now();
    let text: string | undefined;
    try {
      text = answerLine(knowledge, line, {
        ...(highlight && { highlight }),
        ...(options.retentionDays !== undefined && { retentionDays: options.retentionDays }),
        ...(options.now && { now: options.now }),
      });
      if (text !== undefined) logger.debug('console command', { ms: Math.round(performance.now() - started) });
    } catch (error) {
      logger.error('console command failed', { error });
      text = APOLOGY;
    }
    if (text !== undefined) write(`${text}\n`);
    if (interactive) rl.prompt();
  }
  rl.close();
  return 0;
}
