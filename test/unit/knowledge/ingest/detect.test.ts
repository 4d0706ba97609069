/**
 * Document type by content: text and Markdown must read as writing, whatever the file is called, so
 * `kb add /etc/passwd --yes` (and a settings file, a CSV export, a script) is refused, and articles
 * still import.
 */
import { spawn } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { detectDocument, readsAsProse } from '../../../../src/knowledge/ingest/detect.ts';
import { IngestError } from '../../../../src/knowledge/ingest/errors.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

const PASSWD = [
  'root:x:0:0:root:/root:/bin/bash',
  'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
  'bin:x:2:2:bin:/bin:/usr/sbin/nologin',
  'systemd-network:x:998:998:systemd Network Management:/:/usr/sbin/nologin',
  'node:x:1000:1000::/home/node:/bin/bash',
].join('\n');

const NOT_WRITING: readonly [string, string][] = [
  ['/etc/passwd', PASSWD],
  ['a settings file', '# Discord\nDISCORD_TOKEN=\nDISCORD_CLIENT_ID=123\n# Logging\nLOG_LEVEL=info\n'],
  ['a CSV export', 'name,school,year\nA,B,3\nC,D,4\nE,F,5\n'],
  ['a shell script', '#!/bin/sh\nset -eu\ncd "$(dirname "$0")"\nexec node src/main.ts "$@"\n'],
  ['a hosts file', '127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n'],
];

describe('detectDocument: text must read as writing', () => {
  it.each(NOT_WRITING)('refuses %s, with no name, as .txt and as text/plain', (_label, content) => {
    for (const input of [{}, { filename: 'notes.txt' }, { contentType: 'text/plain' }, { filename: 'notes.md' }]) {
      let error: unknown;
      try {
        detectDocument({ body: Buffer.from(content), ...input });
      } catch (e) {
        error = e;
      }
      expect(error, JSON.stringify(input)).toBeInstanceOf(IngestError);
      expect((error as IngestError).code).toBe('unsupported-type');
      expect((error as Error).message).toMatch(/does not read as an article or report/);
    }
  });

  it('accepts a letter in plain text and an article in Markdown with front matter and headings', () => {
    const letter = 'Dear parents and carers,\n\nWe are writing to let you know about the next steps in our SEND strategy.\n\n* Families will be told about progress every term.\n';
    expect(detectDocument({ body: Buffer.from(letter) }).format).toBe('text');
    const article = '---\ntitle: An update\npublished: 2024-07\n---\n# What the inspectors found\n\nInspectors found widespread failings in how the partnership meets needs.\n';
    expect(detectDocument({ body: Buffer.from(article), filename: 'update.md' }).format).toBe('markdown');
    expect(readsAsProse(article, 'markdown')).toBe(true);
  });
});

describe('kb add /etc/passwd --yes', () => {
  const temps: string[] = [];
  afterAll(async () => {
    for (const dir of temps) await rm(dir, { recursive: true, force: true });
  });

  it('is refused, and the knowledge folder is unchanged', { timeout: 60_000 }, async () => {
    const root = await mkdtemp(join(tmpdir(), 'kb-passwd-'));
    temps.push(root);
    const kb = join(root, 'knowledge');
    await cp(join(ROOT, 'test/fixtures/knowledge/good'), kb, { recursive: true });
    const before = await readdir(kb);
    const passwd = join(root, 'passwd');
    await writeFile(passwd, PASSWD);
    const r = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
      const child = spawn(process.execPath, ['src/cli/kb.ts', 'add', passwd, '--yes', '--knowledge', kb, '--audit', join(root, 'audit.jsonl')], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/does not read as an article or report/);
    expect(await readdir(kb)).toEqual(before);
  });
});
