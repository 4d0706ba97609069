/**
 * Contract of the offline `ask` command, through the real process: what scripts outside the project
 * rely on (stdout is JSON and nothing else, exit codes, warnings on stderr).
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/core/engine.ts';
import { answerToJson, type AnswerJson } from '../../../src/core/json.ts';
import { openKnowledge } from '../../../src/knowledge/open.ts';
import { MAX_BATCH_BYTES } from '../../../src/cli/ask.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/knowledge');
/** Spawned processes on a 2-core machine shared with other suites: be generous. */
const TIMEOUT = 60_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `node src/cli/ask.ts ...args` */
const ask = (...args: string[]): Promise<Run> => run(process.execPath, ['src/cli/ask.ts', ...args]);

/** The whole of stdout must be one JSON value. */
function parseStdout<T>(r: Run): T {
  expect(r.stdout.trim().length, `stderr: ${r.stderr}`).toBeGreaterThan(0);
  return JSON.parse(r.stdout) as T;
}

function expectAnswerShape(json: AnswerJson): void {
  const keys = json.answered ? ['question', 'answered', 'results'] : ['question', 'answered', 'reason', 'message', 'results'];
  expect(Object.keys(json)).toEqual(keys);
  for (const r of json.results) {
    expect(Object.keys(r)).toEqual(['text', 'score', 'source']);
    expect(Object.keys(r.source)).toEqual(['id', 'title', 'publisher', 'published', 'url']);
  }
}

const QUESTION = 'how long is the wait for an autism assessment?';

let real: Engine;
const temps: string[] = [];
beforeAll(async () => {
  real = (await openKnowledge(join(ROOT, 'knowledge'))).engine;
});
afterAll(async () => {
  for (const dir of temps) await rm(dir, { recursive: true, force: true });
});

describe('ask --json', () => {
  it('prints one answer object, the same as the engine gives in-process', { timeout: TIMEOUT }, async () => {
    const r = await ask('--json', QUESTION);
    expect(r.code).toBe(0);
    const json = parseStdout<AnswerJson>(r);
    expectAnswerShape(json);
    expect(json.answered).toBe(true);
    expect(json).toEqual(answerToJson(real.ask(QUESTION)));
  });

  it('through `npm run --silent ask -- --json`, prints exactly one JSON object and nothing else', { timeout: TIMEOUT }, async () => {
    const r = await run('npm', ['run', '--silent', 'ask', '--', '--json', QUESTION]);
    expect(r.code).toBe(0);
    const trimmed = r.stdout.trim();
    expect(trimmed.startsWith('{') && trimmed.endsWith('}'), `stdout was: ${r.stdout}`).toBe(true);
    const json = parseStdout<AnswerJson>(r); // throws on any banner or npm noise around the object
    expect(typeof json).toBe('object');
    expect(Array.isArray(json)).toBe(false);
    expectAnswerShape(json);
    expect(json.question).toBe(QUESTION);
    expect(r.stdout).not.toMatch(/dotenv|injecting env|^>/m);
  });

  it('refuses a 10,000-character question with reason too-long, exit 0', { timeout: TIMEOUT }, async () => {
    const long = 'how long is the wait for an autism assessment '.repeat(250).slice(0, 10_000);
    const r = await ask('--json', long);
    expect(r.code).toBe(0);
    const json = parseStdout<AnswerJson>(r);
    expectAnswerShape(json);
    expect(json).toMatchObject({ answered: false, reason: 'too-long', results: [] });
    expect(json.question).toBe(long);
  });
});

describe('ask --batch', () => {
  it('prints an array with one answer per non-blank line, in order', { timeout: TIMEOUT }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ask-batch-'));
    temps.push(dir);
    const file = join(dir, 'questions.txt');
    const lines = [QUESTION, '', '😀😀', '   ', 'recipe for flapjack', 'did the partnership apologise?'];
    await writeFile(file, `${lines.join('\n')}\n`);
    const r = await ask('--batch', file);
    expect(r.code).toBe(0);
    const answers = parseStdout<AnswerJson[]>(r);
    expect(Array.isArray(answers)).toBe(true);
    expect(answers.map((a) => a.question)).toEqual([QUESTION, '😀😀', 'recipe for flapjack', 'did the partnership apologise?']);
    for (const a of answers) expectAnswerShape(a);
    expect(answers.map((a) => [a.answered, a.reason])).toEqual([
      [true, undefined],
      [false, 'no-words'],
      [false, 'out-of-scope'],
      [true, undefined],
    ]);
    // Written one answer at a time, yet the same text as the whole array stringified.
    expect(r.stdout).toBe(`${JSON.stringify(answers, null, 2)}\n`);
  });

  it('prints an empty array for a file with no questions', { timeout: TIMEOUT }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ask-batch-'));
    temps.push(dir);
    const file = join(dir, 'blank.txt');
    await writeFile(file, '\n  \n');
    const r = await ask('--batch', file);
    expect([r.code, r.stdout]).toEqual([0, '[]\n']);
  });

  it(`refuses a file over ${MAX_BATCH_BYTES} bytes with exit 2, a message, and nothing on stdout`, { timeout: TIMEOUT }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ask-batch-'));
    temps.push(dir);
    const file = join(dir, 'huge.txt');
    await writeFile(file, '');
    await truncate(file, MAX_BATCH_BYTES + 1);
    const r = await ask('--batch', file);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`the most --batch reads is ${MAX_BATCH_BYTES} bytes`);
  });

  it('exits 2 with a message when the batch file is missing', { timeout: TIMEOUT }, async () => {
    const r = await ask('--batch', join(FIXTURES, 'no-such-file.txt'));
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toMatch(/cannot read the batch file/);
  });
});

describe('ask --knowledge', () => {
  it('answers from the folder given', { timeout: TIMEOUT }, async () => {
    const r = await ask('--json', '--knowledge', join(FIXTURES, 'good'), 'how long is the speech therapy waiting list?');
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/warning/);
    const json = parseStdout<AnswerJson>(r);
    expect(json.answered).toBe(true);
    expect(json.results[0]?.source.id).toBe('fixture-council-2023-therapy');
    for (const res of json.results) expect(res.source.id).toMatch(/^fixture-/);
  });

  it('answers from KNOWLEDGE_DIR when no --knowledge is given, as the bot and kb do', { timeout: TIMEOUT }, async () => {
    const r = await run(process.execPath, ['src/cli/ask.ts', '--json', 'how long is the speech therapy waiting list?'], { KNOWLEDGE_DIR: join(FIXTURES, 'good') });
    expect(r.code).toBe(0);
    const json = parseStdout<AnswerJson>(r);
    expect(json.results[0]?.source.id).toBe('fixture-council-2023-therapy');
  });

  it('warns on stderr about each broken file, naming file and field, and still answers', { timeout: TIMEOUT }, async () => {
    const r = await ask('--json', '--knowledge', join(FIXTURES, 'broken'), 'how long is the wait for an autism assessment?');
    expect(r.code).toBe(0);
    for (const [file, field] of [
      ['bad-date-month.md', 'published'],
      ['bad-date-words.md', 'published'],
      ['bad-events.md', 'events[0].date'],
      ['bad-url.md', 'url'],
      ['duplicate-id.md', 'id'],
      ['empty-body.md', 'body'],
      ['invalid-yaml.md', 'front matter'],
      ['missing-front-matter.md', 'front matter'],
      ['missing-title.md', 'title'],
      ['unknown-field.md', 'author'],
      ['vocabulary.yml', 'synonyms[1]'],
    ]) {
      expect(r.stderr).toContain(`${file}: ${field}:`);
    }
    const json = parseStdout<AnswerJson>(r);
    expect(json.answered).toBe(true);
    expect(json.results[0]?.source.id).toBe('broken-folder-good');
  });

  it('exits 2 with a message on stderr, and nothing on stdout, when the folder is missing', { timeout: TIMEOUT }, async () => {
    const missing = join(FIXTURES, 'no-such-folder');
    const r = await ask('--json', '--knowledge', missing, QUESTION);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(missing);
    expect(r.stderr).toMatch(/knowledge folder/);
  });
});

describe('ask on an empty knowledge folder', () => {
  it('exits 2 with a clear error, and nothing on stdout', { timeout: TIMEOUT }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ask-empty-'));
    temps.push(dir);
    const r = await ask('--json', '--knowledge', dir, QUESTION);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain(dir);
    expect(r.stderr).toMatch(/no knowledge files/);
  });
});

describe('ask --k', () => {
  it('--k 5 gives up to five excerpts, as the engine does with k = 5', { timeout: TIMEOUT }, async () => {
    const q = 'has it improved since 2018?';
    const expected = answerToJson(real.ask(q, { k: 5 }));
    expect(expected.results.length).toBeGreaterThan(3); // the default of 3 would not be enough
    const r = await ask('--json', '--k', '5', q);
    expect(r.code).toBe(0);
    const json = parseStdout<AnswerJson>(r);
    expect(json.results.length).toBeLessThanOrEqual(5);
    expect(json).toEqual(expected);
  });

  it.each(['0', 'abc'])('--k %s: exit 2, message on stderr, nothing on stdout', { timeout: TIMEOUT }, async (k) => {
    const r = await ask('--json', '--k', k, QUESTION);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--k/);
    expect(r.stderr).toContain(`"${k}"`);
  });
});

describe('ask (text)', () => {
  it('prints each excerpt verbatim with its publisher, date and link', { timeout: TIMEOUT }, async () => {
    const r = await ask('--knowledge', join(FIXTURES, 'good'), 'how long is the speech therapy waiting list?');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('"The waiting list for speech and language therapy in Fixtureshire has been cut from 14 months to 6 months, the council said."');
    expect(r.stdout).toContain('Fixture County Council · 15 March 2023 · Speech and language therapy waiting list cut');
    expect(r.stdout).toContain('https://example.org/news/speech-therapy-waiting-list');
  });
});
