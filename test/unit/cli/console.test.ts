import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONNECT_HINT, answerLine, runConsole, wantsEmphasis } from '../../../src/cli/console.ts';
import { KnowledgeBase } from '../../../src/knowledge/live.ts';
import { createLogger, silentLogger } from '../../../src/logger.ts';
import { defaultKnowledgeDir } from '../../../src/cli/paths.ts';

let knowledge: KnowledgeBase;

beforeAll(async () => {
  knowledge = await KnowledgeBase.open(defaultKnowledgeDir());
});

describe('answerLine', () => {
  it('answers /ask, and a line without a command as a question, with cited excerpts', () => {
    for (const line of ['/ask how long is the wait for an autism assessment?', 'how long is the wait for an autism assessment?']) {
      const text = answerLine(knowledge, line) ?? '';
      expect(text).toMatch(/^You asked: how long is the wait for an autism assessment\?/);
      expect(text).toContain('https://www.bbc.co.uk/news/articles/cne4ledn3kpo');
      expect(text).toContain('"Access to services has been improved');
    }
  });

  it('answers every command of the bot', () => {
    const progress = answerLine(knowledge, '/progress') ?? '';
    expect(progress).toContain('Inspections at a glance');
    expect(progress).toMatch(/due January 2026 · Monitoring inspection due \(within 18 months of the report\)/);
    expect(answerLine(knowledge, '/waiting OT')).toContain('Waiting times for Occupational therapy');
    expect(answerLine(knowledge, '/waiting')).toContain('Pick a service for more: Autism diagnosis');
    expect(answerLine(knowledge, '/statements nhs')).toContain('Dr Louise Bramble');
    expect(answerLine(knowledge, '/statements nobody')).toMatch(/^I have no statements from “nobody”/);
    expect(answerLine(knowledge, '/sources')).toContain('Passages: 18');
    expect(answerLine(knowledge, '/help')).toContain('/ask – ask a question');
    expect(answerLine(knowledge, '/HELP')).toContain('/ask – ask a question');
    expect(answerLine(knowledge, '/glossary senco')).toMatch(/^SENCo\nThe special educational needs coordinator/);
    expect(answerLine(knowledge, '/privacy')).toContain('Each entry is deleted after 90 days.');
    expect(answerLine(knowledge, '/privacy', { retentionDays: 30 })).toContain('Each entry is deleted after 30 days.');
  });

  it('has every command /help offers a member', () => {
    const help = answerLine(knowledge, '/help') ?? '';
    const offered = [...help.matchAll(/^\/(\w+)/gm)].map((m) => m[1] ?? '');
    expect(offered.length).toBeGreaterThanOrEqual(8);
    for (const name of offered) expect(answerLine(knowledge, `/${name}`), name).not.toMatch(/^There is no \//);
  });

  it('/progress reads today from the injected clock: the freshness line only once the newest report is over six months old', () => {
    const at = (iso: string) => answerLine(knowledge, '/progress', { now: () => new Date(iso) }) ?? '';
    expect(at('2024-12-30T12:00:00Z')).not.toContain('The newest report I have is from');
    expect(at('2025-02-01T12:00:00Z')).toContain('The newest report I have is from July 2024, more than six months ago');
  });

  it('points to /help for an unknown command and ignores empty lines', () => {
    expect(answerLine(knowledge, '/refresh now')).toBe('There is no /refresh command. Type /help to see what I can do.');
    expect(answerLine(knowledge, '   ')).toBeUndefined();
  });

  it('says what it can answer about when the reports do not cover a question, without links', () => {
    const text = answerLine(knowledge, '/ask best pizza in town?') ?? '';
    expect(text).toMatch(/^The reports I have don't cover that\./);
    expect(text).not.toMatch(/https?:/);
  });

  it('prints no terminal control characters from the knowledge base or the question', () => {
    const text = answerLine(knowledge, '/ask \u001b[31mwaiting times\u0007?') ?? '';
    expect([...text].filter((c) => c !== '\n' && c !== '\t' && /\p{Cc}/u.test(c))).toEqual([]);
    expect(text.length).toBeGreaterThan(0);
  });
});

describe('runConsole', () => {
  it('says how to connect to Discord, answers each line and ends when the input ends', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const done = runConsole(knowledge, { input, output, logger: silentLogger, interactive: false });
    input.end('/waiting OT\n/quit\n/help\n');
    expect(await done).toBe(0);
    expect(text.startsWith(CONNECT_HINT)).toBe(true);
    expect(text).toContain('DISCORD_TOKEN');
    expect(text).toContain('Waiting times for Occupational therapy');
    expect(text).not.toContain('/progress – the inspections over time'); // /quit stopped before /help
  });

  /** The console's whole output for one question. */
  async function consoleOutput(options: { emphasis?: boolean }): Promise<string> {
    const input = new PassThrough();
    const output = new PassThrough();
    let text = '';
    output.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const done = runConsole(knowledge, { input, output, logger: silentLogger, interactive: false, ...options });
    input.end('how long is the wait for an autism assessment?\n');
    await done;
    return text;
  }

  it('shows the highlighted sentence in bold with whole ANSI codes, never bare "[1m" or "[22m"', async () => {
    const text = await consoleOutput({ emphasis: true });
    const [bold, normal] = ['\u001b[1m', '\u001b[22m'];
    const at = text.indexOf(bold);
    expect(at).toBeGreaterThan(0);
    expect(text.indexOf(normal, at)).toBeGreaterThan(at + bold.length);
    const rest = text.split(bold).join('').split(normal).join('');
    expect(rest).not.toContain('\u001b');
    expect(rest).not.toMatch(/\[(1|22)m/);
  });

  it('prints plain text, with no terminal codes, when not on a terminal', async () => {
    const text = await consoleOutput({});
    expect(text).not.toContain('\u001b');
    expect(text).not.toMatch(/\[(1|22)m/);
    expect(text).toContain('Access to services has been improved');
  });

  it('decides emphasis from the terminal, NO_COLOR and TERM', () => {
    expect(wantsEmphasis(true, {})).toBe(true);
    expect(wantsEmphasis(false, {})).toBe(false);
    expect(wantsEmphasis(true, { NO_COLOR: '1' })).toBe(false);
    expect(wantsEmphasis(true, { NO_COLOR: '' })).toBe(true);
    expect(wantsEmphasis(true, { TERM: 'dumb' })).toBe(false);
  });

  it('ends at once on a closed input', async () => {
    const input = new PassThrough();
    input.end();
    const output = new PassThrough();
    output.resume();
    expect(await runConsole(knowledge, { input, output, logger: createLogger({ write: () => {} }), interactive: false })).toBe(0);
  });
});
