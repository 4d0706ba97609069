import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendLine, cleanStaleTemps, createFileExclusive, FileWriteError, STALE_TEMP_MS, writeFileAtomic, type FileSystem } from '../../src/files.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'files-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The real fs, recording the temporary files opened for writing. */
function spying(): { fs: Partial<FileSystem>; temps: string[] } {
  const temps: string[] = [];
  return {
    temps,
    fs: {
      open: async (path, flags, mode) => {
        if (flags === 'wx') temps.push(path);
        const { open } = await import('node:fs/promises');
        return open(path, flags, mode);
      },
    },
  };
}

describe('writeFileAtomic', () => {
  it('creates, then replaces a file; the temporary files are unique, hidden, in the same folder, and gone after', async () => {
    const target = join(dir, 'cache.json');
    const { fs, temps } = spying();
    await writeFileAtomic(target, 'one', { fs });
    await writeFileAtomic(target, 'two', { fs, mode: 0o600 });
    expect(await readFile(target, 'utf8')).toBe('two');
    expect(temps).toHaveLength(2);
    expect(new Set(temps).size).toBe(2);
    for (const t of temps) expect(t).toMatch(new RegExp(`^${dir}/\\.cache\\.json\\.${process.pid}-[0-9a-f]{12}\\.tmp$`));
    expect(await readdir(dir)).toEqual(['cache.json']);
  });

  it('a failed rename leaves the old file and no temporary file', async () => {
    const target = join(dir, 'queue.jsonl');
    await writeFile(target, 'old');
    const err = await writeFileAtomic(target, 'new', { fs: { rename: () => Promise.reject(Object.assign(new Error('EIO'), { code: 'EIO' })) } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FileWriteError);
    expect(err).toMatchObject({ stage: 'move', code: 'EIO' });
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['queue.jsonl']);
  });
});

describe('createFileExclusive', () => {
  it('writes a new file with the mode asked for, and never replaces an existing one (EEXIST)', async () => {
    const target = join(dir, 'a.md');
    await createFileExclusive(target, 'first', { mode: 0o640 });
    expect((await stat(target)).mode & 0o777).toBe(0o640);
    const err = await createFileExclusive(target, 'second').catch((e: unknown) => e);
    expect(err).toMatchObject({ stage: 'move', code: 'EEXIST' });
    expect(await readFile(target, 'utf8')).toBe('first');
    expect(await readdir(dir)).toEqual(['a.md']);
  });
});

describe('appendLine', () => {
  it('appends whole lines, starting a new line after a torn one', async () => {
    const file = join(dir, 'log.jsonl');
    await appendLine(file, '{"a":1}');
    await writeFile(file, '{"torn"', { flag: 'a' });
    await appendLine(file, '{"b":2}');
    expect(await readFile(file, 'utf8')).toBe('{"a":1}\n{"torn"\n{"b":2}\n');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });
});

describe('cleanStaleTemps', () => {
  it('removes temporary files older than a few minutes, whoever wrote them, and keeps everything else', async () => {
    const old = Date.now() - STALE_TEMP_MS - 60_000;
    const stale = ['.fresh-note.md.999999-0123456789ab.tmp', `.pid-reused.md.${process.pid}-0123456789ab.tmp`];
    // A write in progress: recent, even if its process id is not one of ours (another container).
    const live = ['.other.md.999999-abcdefabcdef.tmp', `.mine.md.${process.pid}-abcdefabcdef.tmp`];
    const keep = ['note.md', '.hidden', 'x.tmp', '.review-queue.jsonl.12-zz.tmp'];
    for (const name of [...stale, ...live, ...keep]) await writeFile(join(dir, name), 'x');
    for (const name of [...stale, ...keep]) await utimes(join(dir, name), old / 1000, old / 1000);
    expect((await cleanStaleTemps(dir)).sort()).toEqual(stale.sort());
    expect((await readdir(dir)).sort()).toEqual([...live, ...keep].sort());
    // The age is the option's.
    expect((await cleanStaleTemps(dir, { now: Date.now() + STALE_TEMP_MS + 60_000 })).sort()).toEqual(live.sort());
  });

  it('skips a folder that cannot be read', async () => {
    expect(await cleanStaleTemps(join(dir, 'missing'))).toEqual([]);
  });
});
