/**
 * `npm start`: the bot when DISCORD_TOKEN is set, otherwise the local console.
 *
 * Exit codes: 0 stopped normally (SIGINT/SIGTERM, or the console's input ended); 1 the configuration,
 * the knowledge folder or the login failed (the reason is printed, never the token).
 */
import { dirname } from 'node:path';
import { flushCompileCache } from 'node:module';
import { config as loadDotenv } from 'dotenv';
import { ConfigError, describeConfig, hasDiscord, loadConfig } from './config.ts';
import type { Bot } from './bot/client.ts';
import { cleanStaleTemps } from './files.ts';
import { createLogger } from './logger.ts';
import { KnowledgeDirError } from './knowledge/load.ts';

loadDotenv({ quiet: true });

let config;
try {
  config = loadConfig(process.env);
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(1);
}

const logger = createLogger({ level: config.logLevel, secrets: [config.discord?.token] });
process.on('unhandledRejection', (reason) => logger.error('unhandled promise rejection (the bot keeps running)', { error: reason }));

// Temporary files left by a writer killed mid-write (kill -9 during `kb add`) are removed at start, once stale.
for (const dir of new Set([config.knowledgeDir, dirname(config.auditFile), dirname(config.reviewFile)])) {
  for (const name of await cleanStaleTemps(dir)) logger.info('removed a stale temporary file', { dir, name });
}

/** Exits with the reason: an expected problem (the folder, the login) as one line, anything else with its stack. */
function fail(error: unknown, expected = error instanceof KnowledgeDirError): never {
  if (expected) logger.error((error as Error).message);
  else logger.error('could not start', { error });
  process.exit(1);
}

/**
 * Every module a start needs is loaded now: write the compile cache (see start.js) at once rather than
 * at exit, which a bot stopped by a signal may never reach. Without the cache on, this does nothing.
 */
function saveCompileCache(): void {
  try {
    flushCompileCache();
  } catch (error) {
    logger.debug('could not write the compile cache', { error });
  }
}

// Each mode loads only its own modules: the console never loads discord.js (about 50 MB resident).
if (!hasDiscord(config)) {
  logger.debug('starting', describeConfig(config));
  const [{ KnowledgeBase }, { runConsole }] = await Promise.all([import('./knowledge/live.ts'), import('./cli/console.ts')]);
  const knowledge = await KnowledgeBase.open(config.knowledgeDir, { logger, ...(config.indexCache !== undefined && { cacheFile: config.indexCache }) }).catch(fail);
  saveCompileCache();
  process.exitCode = await runConsole(knowledge, { input: process.stdin, output: process.stdout, logger, retentionDays: config.reviewRetentionDays });
} else {
  logger.info('starting', describeConfig(config));
  const { LoginError, startBot } = await import('./bot/client.ts');
  const bot: Bot = await startBot(config, { logger }).catch((error: unknown) => fail(error, error instanceof LoginError || error instanceof KnowledgeDirError));
  if (config.healthPort !== undefined) {
    const { healthReport, startHealthServer } = await import('./bot/health.ts');
    // Only the time of the last interaction is kept: nothing about who or what.
    let lastInteraction: Date | undefined;
    bot.client.on('interactionCreate', () => void (lastInteraction = new Date()));
    const health = await startHealthServer(config.healthPort, () => healthReport(bot.client, bot.knowledge, lastInteraction)).catch(fail);
    logger.info('health endpoint', { url: `http://127.0.0.1:${health.port}/` });
  }
  saveCompileCache();
  let stopping = false;
  const stop = (signal: NodeJS.Signals): void => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    bot.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error('could not disconnect cleanly', { error });
        process.exit(0);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
