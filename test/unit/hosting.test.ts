import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const read = (file: string): string => readFileSync(join(ROOT, file), 'utf8');

/** The Node flags and entry of `npm start`: the one place the bot's command line is decided. */
function npmStart(): string[] {
  const pkg = JSON.parse(read('package.json')) as { scripts: { start: string } };
  return pkg.scripts.start.trim().split(/\s+/).slice(1);
}

describe('hosting', () => {
  it('the systemd unit starts the bot exactly as npm start does', () => {
    const line = /^ExecStart=(\S+)\s+(.*)$/m.exec(read('deploy/send-bot.service'));
    expect(line?.[1]).toMatch(/\/node$/);
    expect(line?.[2]?.trim().split(/\s+/)).toEqual(npmStart());
  });

  it('the Dockerfile starts the bot exactly as npm start does', () => {
    const cmd = /^CMD\s+(\[.*\])\s*$/m.exec(read('Dockerfile'));
    const args = JSON.parse(cmd?.[1] ?? '[]') as string[];
    expect(args[0]).toBe('node');
    expect(args.slice(1)).toEqual(npmStart());
  });
});
