import { describe, expect, it } from 'vitest';
import { createLogger, discordDebugLine, redact } from '../../src/logger.ts';

const TOKEN = 'MTMwMDAwMDAwMDAwMDAwMDAwMQ.GfAkE0.tttttttttttttttttttttttttttttttttttttt';

function capture(level: 'debug' | 'info' | 'warn' | 'error' = 'debug') {
  const lines: string[] = [];
  const logger = createLogger({ level, secrets: [TOKEN, undefined], write: (l) => void lines.push(l), now: () => new Date('2024-01-02T03:04:05.000Z') });
  return { logger, lines };
}

describe('createLogger', () => {
  it('writes one line per entry with the time, the level and key=value fields', () => {
    const { logger, lines } = capture();
    logger.info('command', { command: 'ask', outcome: 'ok', ms: 12, note: 'two words', skipped: undefined });
    expect(lines).toEqual(['2024-01-02T03:04:05.000Z INFO  command command=ask outcome=ok ms=12 note="two words"']);
  });

  it('leaves out entries below its level', () => {
    const { logger, lines } = capture('warn');
    logger.debug('d');
    logger.info('i');
    logger.warn('w');
    logger.error('e');
    expect(lines.map((l) => l.split(' ')[1])).toEqual(['WARN', 'ERROR']);
  });

  it('redacts the token wherever it appears: message, fields, error messages and stacks', () => {
    const { logger, lines } = capture();
    const error = new Error(`request failed with Bot ${TOKEN}`);
    logger.error(`login with ${TOKEN}`, { token: TOKEN, nested: { t: TOKEN }, error });
    const text = lines.join('\n');
    expect(text).not.toContain(TOKEN);
    expect(text).toContain('[redacted]');
    expect(text).toContain('at '); // the stack is kept for errors
  });

  it('redacts interaction and webhook tokens in API paths', () => {
    expect(redact('PATCH /api/v10/webhooks/1300000000000000001/aW50ZXJhY3Rpb246MTIzNDU2Nzg5MDEyMzQ1Njc4OTA/messages/@original'))
      .toBe('PATCH /api/v10/webhooks/1300000000000000001/[redacted]/messages/@original');
    expect(redact('POST /interactions/123456789012345678/aW50ZXJhY3Rpb246abcdefghijklmnopqrstuvwxyz/callback'))
      .toBe('POST /interactions/123456789012345678/[redacted]/callback');
  });

  it("never logs the token's parts: discord.js's 'Provided token: <id>.<timestamp>.*****' debug line, at debug level", () => {
    const { logger, lines } = capture('debug');
    const censored = TOKEN.split('.').map((part, i) => (i > 1 ? part.replace(/./g, '*') : part)).join('.');
    logger.debug(`discord: Provided token: ${censored}`);
    logger.debug(`discord: ${discordDebugLine(`Provided token: ${censored}`)}`);
    const [id, timestamp] = TOKEN.split('.') as [string, string];
    for (const line of lines) {
      expect(line).not.toContain(`${id}.${timestamp}`);
      expect(line).toContain('Provided token: [redacted]');
    }
  });

  it('redacts anything shaped like a bot token, even one it was not given', () => {
    const other = 'MTQwMDAwMDAwMDAwMDAwMDAwMg.HxYz12.abcdefghijklmnopqrstuvwxyz0123456789AB';
    expect(redact(`login ${other} and ${other.slice(0, 33)}.*****`)).toBe('login [redacted] and [redacted]');
    expect(redact('version 1.2.3, 2024.07.15, https://www.bbc.co.uk/news/x')).toBe('version 1.2.3, 2024.07.15, https://www.bbc.co.uk/news/x');
  });
});
