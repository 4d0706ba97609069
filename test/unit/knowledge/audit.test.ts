/**
 * The audit log: one JSON line per moderator action, appended and flushed, read back in order.
 */
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultAuditFile } from '../../../src/config.ts';
import { appendAudit, readAudit } from '../../../src/knowledge/audit.ts';
import type { AuditEntry } from '../../../src/knowledge/audit.ts';

const temps: string[] = [];
async function tempFile(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'kb-audit-'));
  temps.push(dir);
  return join(dir, 'data', 'nested', 'audit.jsonl');
}
afterEach(async () => {
  for (const d of temps.splice(0)) await rm(d, { recursive: true, force: true });
});

const entry = (n: number, over: Partial<AuditEntry> = {}): AuditEntry => ({
  at: new Date(Date.UTC(2025, 0, 1, 0, 0, n)).toISOString(),
  actor: 'terminal:alice',
  action: 'edit',
  sourceId: `source-${n}`,
  before: { title: 'Old' },
  after: { title: 'New' },
  ...over,
});

describe('defaultAuditFile', () => {
  it('is data/audit.jsonl beside the knowledge folder', () => {
    expect(defaultAuditFile('/srv/bot/knowledge')).toBe('/srv/bot/data/audit.jsonl');
    expect(defaultAuditFile('/srv/bot/knowledge/')).toBe('/srv/bot/data/audit.jsonl');
  });
});

describe('appendAudit / readAudit', () => {
  it('creates the folders and file, writes one JSON line per entry, and reads them back in order', async () => {
    const file = await tempFile();
    await appendAudit(file, entry(1));
    await appendAudit(file, entry(2, { action: 'remove', after: undefined, detail: 'file kept at .removed/x.md.2025' }));
    await appendAudit(file, { at: entry(3).at, actor: 'discord:123456789012345678 (mod)', action: 'refresh' });
    const text = await readFile(file, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.trimEnd().split('\n')).toHaveLength(3);
    expect(await readAudit(file)).toEqual([
      entry(1),
      { at: entry(2).at, actor: 'terminal:alice', action: 'remove', sourceId: 'source-2', before: { title: 'Old' }, detail: 'file kept at .removed/x.md.2025' },
      { at: entry(3).at, actor: 'discord:123456789012345678 (mod)', action: 'refresh' },
    ]);
  });

  it('keeps each entry on one line, whatever its text holds (newlines, quotes)', async () => {
    const file = await tempFile();
    await appendAudit(file, entry(1, { detail: 'line one\nline two "quoted"\r\n' }));
    expect((await readFile(file, 'utf8')).split('\n')).toHaveLength(2);
    expect((await readAudit(file))[0]?.detail).toBe('line one\nline two "quoted"\r\n');
  });

  it('writes only the known fields, in a fixed order (nothing else slips into the log)', async () => {
    const file = await tempFile();
    const sneaky = { ...entry(1), question: 'how long will my son wait?', userId: '42' } as AuditEntry;
    await appendAudit(file, sneaky);
    const line = (await readFile(file, 'utf8')).trim();
    expect(Object.keys(JSON.parse(line) as object)).toEqual(['at', 'actor', 'action', 'sourceId', 'before', 'after']);
    expect(line).not.toContain('how long');
  });

  it('refuses an entry without a time, an actor or a known action', async () => {
    const file = await tempFile();
    await expect(appendAudit(file, entry(1, { at: 'yesterday' }))).rejects.toThrow(TypeError);
    await expect(appendAudit(file, entry(1, { actor: '' }))).rejects.toThrow(TypeError);
    await expect(appendAudit(file, entry(1, { action: 'delete' as AuditEntry['action'] }))).rejects.toThrow(TypeError);
    expect(await readAudit(file)).toEqual([]);
  });

  it('many appends at once: every entry is one whole line', async () => {
    const file = await tempFile();
    await appendAudit(file, entry(0));
    await Promise.all(Array.from({ length: 40 }, (_, i) => appendAudit(file, entry(i + 1, { detail: 'x'.repeat(2000) }))));
    const read = await readAudit(file);
    expect(read).toHaveLength(41);
    expect(new Set(read.map((e) => e.sourceId)).size).toBe(41);
  });

  it('after a line torn by a crash, the next entry starts on its own line and the torn one is skipped', async () => {
    const file = await tempFile();
    await appendAudit(file, entry(1));
    await writeFile(file, `${await readFile(file, 'utf8')}{"at":"2025-01-01T00:00:0`, { flag: 'w' });
    await appendAudit(file, entry(2));
    expect(await readAudit(file)).toEqual([entry(1), entry(2)]);
  });

  it('a missing file is an empty log', async () => {
    expect(await readAudit(await tempFile())).toEqual([]);
  });

  it('is readable by its owner only (it names moderators)', async () => {
    const file = await tempFile();
    await appendAudit(file, entry(1));
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});
