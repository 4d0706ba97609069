/** `npm run kb -- check` validates glossary.yml like every other knowledge file: file: field: message, exit 1. */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main, type KbIo } from '../../../src/cli/kb.ts';

const FIXTURE = fileURLToPath(new URL('../../fixtures/glossary/knowledge/', import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kb-glossary-'));
  await cp(FIXTURE, dir, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function check(): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Partial<KbIo> = {
    out: { write: (s: string) => (out += s) },
    err: { write: (s: string) => (err += s) },
    env: {},
    cwd: dir,
    interactive: false,
    ask: async () => '',
    user: 'tester',
  };
  const code = await main(['check', '--knowledge', dir], io);
  return { code, out, err };
}

describe('kb check and glossary.yml', () => {
  it('passes a folder with a valid glossary', async () => {
    const r = await check();
    expect(r.code, r.out + r.err).toBe(0);
    expect(r.out).toMatch(/^OK: 2 sources load, no problems found/m);
  });

  it('reports every glossary problem as glossary.yml: field: message, and exits 1', async () => {
    await writeFile(join(dir, 'glossary.yml'), [
      'terms:',
      '  - term: SEND',
      '  - term: Cllr',
      '    meaning: A councillor.',
      '    aliases: [[nested]]',
      '    link: ftp://example.org/cllr',
      '  - term: speech therapy',
      '    meaning: The vocabulary says this is not the same as buses.',
      '    aliases: [buses]',
    ].join('\n'));
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.out).toContain('glossary.yml: terms[0].meaning: missing');
    expect(r.out).toContain('glossary.yml: terms[1].aliases[0]: expected text, got a list');
    expect(r.out).toContain('glossary.yml: terms[1].link: "ftp://example.org/cllr" is not an http(s) link');
    expect(r.out).toMatch(/glossary\.yml: terms\[2\]: the names of "speech therapy" belong to different groups of vocabulary\.yml/);
    expect(r.out).toMatch(/4 problems found/);
  });

  it('reports a glossary that is not valid YAML', async () => {
    await writeFile(join(dir, 'glossary.yml'), 'terms:\n  - term: "unclosed\n');
    const r = await check();
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/^glossary\.yml: \(root\): invalid YAML/m);
  });
});
