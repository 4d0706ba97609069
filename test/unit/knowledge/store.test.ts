/**
 * The knowledge store: prepare/commit for add and edit, remove, list, check; atomic writes, and
 * that every failure leaves the knowledge folder byte-for-byte as it was.
 */
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { DraftSource } from '../../../src/knowledge/ingest/index.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import { parseKnowledgeFile } from '../../../src/knowledge/parse.ts';
import {
  checkKnowledge,
  commitAdd,
  commitEdit,
  contentHash,
  findSource,
  listSources,
  normaliseUrl,
  prepareAdd,
  prepareEdit,
  removeSource,
  rewriteFrontMatter,
  StoreError,
} from '../../../src/knowledge/store.ts';
import type { StoreErrorCode, StoreFs, StoreOptions } from '../../../src/knowledge/store.ts';
import { folderSnapshot } from '../../support/folder-snapshot.ts';

const FIXTURE = fileURLToPath(new URL('../../fixtures/kb/knowledge/', import.meta.url));
const COUNCIL = 'fixture-council-2023-therapy';
const COUNCIL_FILE = `${COUNCIL}.md`;
const NEWS = 'fixture-news-2024-transport';

const temps: string[] = [];
let dir: string;
beforeEach(async () => {
  const root = await mkdtemp(join(tmpdir(), 'kb-store-'));
  temps.push(root);
  dir = join(root, 'knowledge');
  await cp(FIXTURE, dir, { recursive: true });
});
afterEach(async () => {
  for (const d of temps.splice(0)) {
    await chmod(d, 0o755).catch(() => undefined);
    await chmodTree(d);
    await rm(d, { recursive: true, force: true });
  }
});

async function chmodTree(d: string): Promise<void> {
  for (const e of await readdir(d, { withFileTypes: true }).catch(() => [])) {
    if (e.isDirectory()) {
      await chmod(join(d, e.name), 0o755).catch(() => undefined);
      await chmodTree(join(d, e.name));
    }
  }
}

const snapshot = folderSnapshot;

async function expectStoreError(promise: Promise<unknown>, code: StoreErrorCode, field?: string): Promise<StoreError> {
  let caught: unknown;
  try {
    await promise;
  } catch (e) {
    caught = e;
  }
  expect(caught, `expected StoreError ${code}, but it succeeded`).toBeInstanceOf(StoreError);
  const err = caught as StoreError;
  expect(err.code, err.message).toBe(code);
  if (field !== undefined) expect(err.field, err.message).toBe(field);
  return err;
}

const draft = (over: Partial<DraftSource> = {}): DraftSource => ({
  title: 'Fixtureshire opens two new autism assessment clinics',
  publisher: 'Fixture Gazette',
  published: '2024-09-12',
  url: 'https://gazette.example.org/news/autism-clinics',
  kind: 'news',
  paragraphs: [
    'Two new clinics for autism assessments have opened in Fixtureshire, the health board has announced.',
    'Families have waited up to two years for an assessment.',
    '- The Fixton clinic opens on Mondays.',
    '- The Lowbridge clinic opens on Thursdays.',
  ],
  ...over,
});

/** A copy of an object without some of its keys. */
function omit<T extends object, K extends keyof T>(obj: T, ...keys: K[]): Omit<T, K> {
  const copy = { ...obj };
  for (const k of keys) delete copy[k];
  return copy;
}

/** A failing file system call, as the disk would raise it. */
const boom = (code: string) => async (): Promise<never> => {
  throw Object.assign(new Error(`${code}: simulated failure`), { code });
};

describe('prepareAdd', () => {
  it('renders the exact file, with the passages the engine will index, and writes nothing', async () => {
    const before = await snapshot(dir);
    const p = await prepareAdd(dir, draft());
    expect(p.id).toBe('fixture-gazette-2024-fixtureshire-opens-two-new-autism');
    expect(p.file).toBe(`${p.id}.md`);
    expect(p.meta).toEqual({
      id: p.id,
      title: 'Fixtureshire opens two new autism assessment clinics',
      publisher: 'Fixture Gazette',
      published: '2024-09-12',
      url: 'https://gazette.example.org/news/autism-clinics',
      kind: 'news',
    });
    const parsed = parseKnowledgeFile(p.file, p.markdown);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(p.passages).toEqual(parsed.source.passages.map((x) => x.text));
    expect(p.passages).toEqual([
      'Two new clinics for autism assessments have opened in Fixtureshire, the health board has announced.',
      'Families have waited up to two years for an assessment.',
      'The Fixton clinic opens on Mondays.',
      'The Lowbridge clinic opens on Thursdays.',
    ]);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('applies the overrides (id, title, publisher, date, link, kind)', async () => {
    const p = await prepareAdd(dir, omit(draft(), 'published'), {
      id: 'gazette-clinics',
      title: '  New   clinics ',
      publisher: 'The Gazette',
      published: '2024-09',
      url: 'https://gazette.example.org/x',
      kind: 'press-release',
    });
    expect(p.meta).toEqual({ id: 'gazette-clinics', title: 'New clinics', publisher: 'The Gazette', published: '2024-09', url: 'https://gazette.example.org/x', kind: 'press-release' });
    expect(p.file).toBe('gazette-clinics.md');
  });

  it('a draft without a date: invalid, field "published" (nothing guessed)', async () => {
    const err = await expectStoreError(prepareAdd(dir, omit(draft(), 'published')), 'invalid', 'published');
    expect(err.message).toMatch(/published: missing/);
  });

  describe('proposals (values the page only suggests)', () => {
    const proposed = (): DraftSource => ({
      ...omit(draft(), 'published', 'publisher'),
      title: 'Latest news',
      proposed: {
        published: { value: '2019-07-08', from: 'the text says "Published Monday, 8th July 2019"' },
        publisher: { value: 'Fixture Council', from: 'the page\'s <title> ends with "Fixture Council"' },
        title: { value: 'Two new autism clinics open', from: 'the page\'s heading' },
      },
    });

    it('are never saved unaccepted: a missing date or publisher is refused, naming the proposal; a generic title is kept and flagged', async () => {
      const err = await expectStoreError(prepareAdd(dir, proposed()), 'invalid', 'publisher');
      expect(err.issues?.map((i) => i.field)).toEqual(['publisher', 'published']);
      expect(err.message).toMatch(/give 2019-07-08 if that is right/);
      const titled = await prepareAdd(dir, omit(proposed(), 'proposed'), { published: '2019-07', publisher: 'Fixture Council' });
      expect(titled.proposals).toBeUndefined();
      const p = await prepareAdd(dir, { ...proposed(), proposed: { title: { value: 'Two new autism clinics open', from: 'the page\'s heading' } } }, { published: '2019-07', publisher: 'Fixture Council' });
      expect(p.meta.title).toBe('Latest news');
      expect(p.proposals).toEqual([{ field: 'title', value: 'Two new autism clinics open', from: 'the page\'s heading', used: false, instead: 'Latest news' }]);
    });

    it('with acceptProposals, fill what the moderator did not give, and say so', async () => {
      const p = await prepareAdd(dir, proposed(), { publisher: 'Typed Publisher' }, { acceptProposals: true });
      expect(p.meta).toMatchObject({ title: 'Two new autism clinics open', publisher: 'Typed Publisher', published: '2019-07-08' });
      expect(p.markdown).toContain('published: 2019-07-08');
      expect(p.proposals?.map((x) => [x.field, x.used])).toEqual([
        ['title', true],
        ['published', true],
      ]);
    });
  });

  it('reports every missing field at once (a file upload with no publisher and no link)', async () => {
    const err = await expectStoreError(prepareAdd(dir, omit(draft(), 'publisher', 'url')), 'invalid', 'publisher');
    expect(err.issues?.map((i) => i.field)).toEqual(['publisher', 'url']);
  });

  it.each([
    [{ published: 'July 2024' }, 'published'],
    [{ published: '2024-02-30' }, 'published'],
    [{ url: 'ftp://example.org/x' }, 'url'],
    [{ id: 'Not An Id' }, 'id'],
    [{ kind: 'blog' }, 'kind'],
    [{ title: '   ' }, 'title'],
  ])('an invalid override %j: invalid, field %s', async (overrides, field) => {
    await expectStoreError(prepareAdd(dir, draft(), overrides), 'invalid', field);
  });

  it('a suggested id already in use gets -2; an id the moderator chose is refused', async () => {
    const first = await prepareAdd(dir, draft());
    await commitAdd(dir, first);
    const other = { url: 'https://b.example/2', paragraphs: ['A second article with the same headline but other words.'] };
    const second = await prepareAdd(dir, draft(other));
    expect(second.id).toBe(`${first.id}-2`);
    const third = { url: 'https://c.example/3', paragraphs: ['A third text.'] };
    const err = await expectStoreError(prepareAdd(dir, draft(third), { id: first.id }), 'duplicate-id');
    expect(err.file).toBe(first.file);
  });

  it.each([
    'https://example.org/news/speech-therapy-waiting-list',
    'http://example.org/news/speech-therapy-waiting-list/',
    'https://www.example.org/news/speech-therapy-waiting-list?utm_source=fb&utm_medium=social#top',
    'HTTPS://EXAMPLE.ORG:443/news/speech-therapy-waiting-list',
  ])('the same link (%s): duplicate-url, naming the file', async (url) => {
    const err = await expectStoreError(prepareAdd(dir, draft({ url })), 'duplicate-url');
    expect(err.file).toBe(COUNCIL_FILE);
    expect(err.message).toContain(COUNCIL_FILE);
  });

  it('the same text under another link (spacing, case and quote style aside): duplicate-content', async () => {
    const kb = await loadKnowledge(dir);
    const council = kb.sources.find((s) => s.meta.id === COUNCIL)!;
    const paragraphs = council.passages.map((p) => p.text.replace(/[“”]/g, '"').replace(/ /g, '  ').toUpperCase());
    const err = await expectStoreError(prepareAdd(dir, draft({ url: 'https://mirror.example/copy', paragraphs })), 'duplicate-content');
    expect(err.file).toBe(COUNCIL_FILE);
  });

  it('a file that does not load still blocks its link (a broken date does not open the door to a duplicate)', async () => {
    const text = (await readFile(join(dir, COUNCIL_FILE), 'utf8')).replace('published: 2023-03-15', 'published: March 2023');
    await writeFile(join(dir, COUNCIL_FILE), text);
    await expectStoreError(prepareAdd(dir, draft({ url: 'https://example.org/news/speech-therapy-waiting-list' })), 'duplicate-url');
  });
});

describe('commitAdd', () => {
  it('writes exactly the prepared file, which then loads, and leaves no temporary file', async () => {
    const p = await prepareAdd(dir, draft());
    const summary = await commitAdd(dir, p);
    expect(summary).toEqual({ ...p.meta, file: p.file, passages: p.passages.length });
    expect(await readFile(join(dir, p.file), 'utf8')).toBe(p.markdown);
    const kb = await loadKnowledge(dir);
    expect(kb.issues).toEqual([]);
    expect(kb.files.get(p.id)).toBe(p.file);
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('re-checks duplicates: the same source committed twice is refused the second time', async () => {
    const p = await prepareAdd(dir, draft());
    const q = await prepareAdd(dir, draft());
    await commitAdd(dir, p);
    const before = await snapshot(dir);
    await expectStoreError(commitAdd(dir, q), 'duplicate-url');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('two commits of one id at the same time: one wins, the other is duplicate-id, nothing is overwritten', async () => {
    const a = await prepareAdd(dir, draft(), { id: 'same-id' });
    const b = await prepareAdd(dir, draft({ url: 'https://other.example/', paragraphs: ['A different text about transport.'] }), { id: 'same-id' });
    const results = await Promise.allSettled([commitAdd(dir, a), commitAdd(dir, b)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((rejected.reason as StoreError).code).toBe('duplicate-id');
    const winner = results[0]?.status === 'fulfilled' ? a : b;
    expect(await readFile(join(dir, 'same-id.md'), 'utf8')).toBe(winner.markdown);
  });

  it('never overwrites: a file created under the same name after prepare is kept, duplicate-id', async () => {
    const p = await prepareAdd(dir, draft());
    await writeFile(join(dir, p.file), 'hand-made, not valid\n');
    const before = await snapshot(dir);
    await expectStoreError(commitAdd(dir, p), 'duplicate-id');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('the target name taken by a folder after prepare (real file system): duplicate-id, folder unchanged', async () => {
    const p = await prepareAdd(dir, draft());
    await mkdir(join(dir, p.file));
    const before = await snapshot(dir);
    await expectStoreError(commitAdd(dir, p), 'duplicate-id');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('refuses a prepared object whose markdown was altered into an invalid file, or whose file name does not match its id', async () => {
    const p = await prepareAdd(dir, draft());
    const before = await snapshot(dir);
    await expectStoreError(commitAdd(dir, { ...p, markdown: p.markdown.replace(/published: .*/, 'published: soon') }), 'invalid', 'published');
    await expectStoreError(commitAdd(dir, { ...p, file: '../escape.md' }), 'invalid', 'id');
    await expectStoreError(commitAdd(dir, { ...p, id: 'other-id', file: 'other-id.md' }), 'invalid', 'id');
    expect(await snapshot(dir)).toEqual(before);
  });
});

// Root ignores folder permissions (as in this project's containers): then chmod 0555 proves nothing,
// and the write failures are simulated through the store's fs seam instead.
const CHMOD_STOPS_WRITES = ((): boolean => {
  const probe = mkdtempSync(join(tmpdir(), 'kb-probe-'));
  try {
    chmodSync(probe, 0o555);
    writeFileSync(join(probe, 'x'), 'x');
    return false;
  } catch {
    return true;
  } finally {
    chmodSync(probe, 0o755);
    rmSync(probe, { recursive: true, force: true });
  }
})();

describe('failed writes leave the knowledge folder byte-for-byte unchanged', () => {
  it.runIf(CHMOD_STOPS_WRITES)('a folder made read-only (chmod 0555) before commit: add, edit and remove fail with write-failed', async () => {
    const p = await prepareAdd(dir, draft());
    const e = await prepareEdit(dir, COUNCIL, { title: 'New title' });
    const before = await snapshot(dir);
    await chmod(dir, 0o555);
    try {
      await expectStoreError(commitAdd(dir, p), 'write-failed');
      await expectStoreError(commitEdit(dir, e), 'write-failed');
      await expectStoreError(removeSource(dir, NEWS), 'write-failed');
    } finally {
      await chmod(dir, 0o755);
    }
    expect(await snapshot(dir)).toEqual(before);
  });

  /** A handle whose write or fsync fails after the temporary file was created. */
  const failingHandle = (stage: 'writeFile' | 'sync'): Partial<StoreFs> => ({
    open: async (path, flags, mode) => {
      const { open } = await import('node:fs/promises');
      const handle = await open(path, flags, mode);
      if (flags === 'r') return handle; // the folder fsync
      return {
        writeFile: stage === 'writeFile' ? async (data) => { await handle.writeFile(typeof data === 'string' ? data.slice(0, 10) : data); throw Object.assign(new Error('ENOSPC'), { code: 'ENOSPC' }); } : (data) => handle.writeFile(data),
        sync: stage === 'sync' ? boom('EIO') : () => handle.sync(),
        close: () => handle.close(),
      };
    },
  });

  const addCases: [string, Partial<StoreFs>][] = [
    ['the disk fills up half-way through writing (simulated ENOSPC)', failingHandle('writeFile')],
    ['fsync fails (simulated EIO)', failingHandle('sync')],
    ['creating the temporary file is refused (simulated EACCES, what a read-only folder gives)', { open: boom('EACCES') }],
    ['moving the file into place fails (simulated EIO on link)', { link: boom('EIO') }],
  ];
  it.each(addCases)('commitAdd: %s → write-failed, no temporary file left', async (_name, fs) => {
    const p = await prepareAdd(dir, draft());
    const before = await snapshot(dir);
    const err = await expectStoreError(commitAdd(dir, p, { fs }), 'write-failed');
    expect(err.message).toMatch(/unchanged/);
    expect(await snapshot(dir)).toEqual(before);
  });

  const editCases: [string, Partial<StoreFs>][] = [
    ['the disk fills up half-way through writing (simulated ENOSPC)', failingHandle('writeFile')],
    ['fsync fails (simulated EIO)', failingHandle('sync')],
    ['replacing the file fails (simulated EACCES on rename)', { rename: boom('EACCES') }],
  ];
  it.each(editCases)('commitEdit: %s → write-failed', async (_name, fs) => {
    const e = await prepareEdit(dir, COUNCIL, { title: 'New title' });
    const before = await snapshot(dir);
    await expectStoreError(commitEdit(dir, e, { fs }), 'write-failed');
    expect(await snapshot(dir)).toEqual(before);
  });

  const removeCases: [string, Partial<StoreFs>][] = [
    ['creating .removed fails (simulated EROFS)', { mkdir: boom('EROFS') }],
    ['moving the file fails (simulated EIO on link)', { link: boom('EIO') }],
    [
      'removing the old name fails after the copy was made (simulated EBUSY on unlink): the copy is undone',
      { unlink: async (path: string) => (path.includes('.removed') ? (await import('node:fs/promises')).unlink(path) : boom('EBUSY')()) },
    ],
  ];
  it.each(removeCases)('removeSource: %s → write-failed, no .removed folder left behind', async (_name, fs) => {
    const before = await snapshot(dir);
    await expectStoreError(removeSource(dir, NEWS, { fs }), 'write-failed');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a file system without hard links: commitAdd falls back to rename, still refusing an existing name', async () => {
    const fs: Partial<StoreFs> = { link: boom('EPERM') };
    const p = await prepareAdd(dir, draft());
    await commitAdd(dir, p, { fs });
    expect(await readFile(join(dir, p.file), 'utf8')).toBe(p.markdown);
    const q = await prepareAdd(dir, draft({ url: 'https://c.example/', paragraphs: ['Some other words entirely.'] }), { id: 'fallback' });
    await writeFile(join(dir, 'fallback.md'), 'already here\n');
    const before = await snapshot(dir);
    await expectStoreError(commitAdd(dir, q, { fs }), 'duplicate-id');
    expect(await snapshot(dir)).toEqual(before);
  });
});

describe('listSources', () => {
  it('summarises every source that loads, with its file, and reports broken files', async () => {
    await writeFile(join(dir, 'broken.md'), '---\nid: broken\ntitle: x\npublisher: y\npublished: July 2024\nurl: https://x.example\nkind: news\n---\n\nText.\n');
    const { sources, issues } = await listSources(dir);
    expect(sources).toEqual([
      {
        id: COUNCIL,
        file: COUNCIL_FILE,
        title: 'Speech and language therapy waiting list cut',
        publisher: 'Fixture County Council',
        published: '2023-03-15',
        url: 'https://example.org/news/speech-therapy-waiting-list',
        kind: 'press-release',
        passages: 5,
      },
      {
        id: NEWS,
        file: `${NEWS}.md`,
        title: 'School transport for children with SEND to be reviewed',
        publisher: 'Fixture News',
        published: '2024-07',
        url: 'https://news.example.org/articles/school-transport-review',
        kind: 'news',
        passages: 3,
      },
    ]);
    expect(issues.map((i) => [i.file, i.field])).toEqual([['broken.md', 'published']]);
  });
});

describe('removeSource', () => {
  const now = (): Date => new Date('2025-01-02T03:04:05.678Z');

  it('moves the file, unchanged, to .removed/<file>.<time>; the loader no longer sees it', async () => {
    const bytes = await readFile(join(dir, `${NEWS}.md`));
    const { removed, keptAt } = await removeSource(dir, NEWS, { now });
    expect(removed.id).toBe(NEWS);
    expect(removed.passages).toBe(3);
    expect(keptAt).toBe(join(dir, '.removed', `${NEWS}.md.2025-01-02T03-04-05-678Z`));
    expect(await readFile(keptAt)).toEqual(bytes);
    expect((await readdir(dir)).sort()).toEqual(['.removed', 'README.md', `${COUNCIL}.md`, 'vocabulary.yml']);
    const kb = await loadKnowledge(dir);
    expect(kb.sources.map((s) => s.meta.id)).toEqual([COUNCIL]);
    expect(kb.issues).toEqual([]);
  });

  it('never overwrites an earlier removal kept under the same name', async () => {
    const text = await readFile(join(dir, `${NEWS}.md`), 'utf8');
    const first = await removeSource(dir, NEWS, { now });
    await writeFile(join(dir, `${NEWS}.md`), text.replace('arrive late', 'arrive very late'));
    const second = await removeSource(dir, NEWS, { now });
    expect(second.keptAt).toBe(`${first.keptAt}-2`);
    expect(await readFile(first.keptAt, 'utf8')).toBe(text);
    expect(await readFile(second.keptAt, 'utf8')).toContain('arrive very late');
  });

  it('an unknown id: not-found, nothing changed', async () => {
    const before = await snapshot(dir);
    await expectStoreError(removeSource(dir, 'no-such-source'), 'not-found');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('findSource: the summary of a source, also of a file that does not load; not-found otherwise', async () => {
    await writeFile(join(dir, 'zz-broken.md'), '---\nid: zz-broken\ntitle: x\npublished: someday\n---\n\nText.\n');
    expect(await findSource(dir, NEWS)).toMatchObject({ id: NEWS, passages: 3 });
    expect(await findSource(dir, 'zz-broken')).toEqual({ id: 'zz-broken', file: 'zz-broken.md', title: 'x', publisher: '', published: 'someday', url: '', kind: '', passages: 0 });
    await expectStoreError(findSource(dir, 'nope'), 'not-found');
  });

  it('a file that does not load can still be removed by the id in its front matter', async () => {
    await writeFile(join(dir, 'zz-broken.md'), '---\nid: zz-broken\ntitle: x\npublished: someday\n---\n\nText.\n');
    const { removed } = await removeSource(dir, 'zz-broken');
    expect(removed).toMatchObject({ id: 'zz-broken', file: 'zz-broken.md', passages: 0 });
    expect(await readdir(dir)).not.toContain('zz-broken.md');
  });
});

describe('prepareEdit / commitEdit', () => {
  const bodyOf = (text: string): string => text.slice(text.indexOf('\n---\n') + 5);

  it('changes only the values given; comments, quoting, events and the body stay byte-for-byte', async () => {
    const original = await readFile(join(dir, COUNCIL_FILE), 'utf8');
    const before = await snapshot(dir);
    const e = await prepareEdit(dir, COUNCIL, { title: 'Therapy waits cut to six months', publisher: 'Fixture Council', published: '2023-03' });
    expect(await snapshot(dir)).toEqual(before); // prepare writes nothing
    expect(e.before.title).toBe('Speech and language therapy waiting list cut');
    expect(e.after).toMatchObject({ title: 'Therapy waits cut to six months', publisher: 'Fixture Council', published: '2023-03', passages: 5 });
    const changed = e.markdown.split('\n').filter((line, i) => line !== original.split('\n')[i]);
    expect(changed).toEqual(['title: Therapy waits cut to six months   # trailing comment, kept too', 'publisher: "Fixture Council"', 'published: 2023-03']);
    expect(bodyOf(e.markdown)).toBe(bodyOf(original));

    const after = await commitEdit(dir, e);
    expect(after).toEqual(e.after);
    const written = await readFile(join(dir, COUNCIL_FILE));
    expect(written.toString('utf8')).toBe(e.markdown);
    expect(written.subarray(written.length - Buffer.byteLength(bodyOf(original)))).toEqual(Buffer.from(bodyOf(original)));
    expect((await loadKnowledge(dir)).issues).toEqual([]);
    expect((await readdir(dir)).filter((n) => n.startsWith('.'))).toEqual([]);
  });

  it('keeps Windows line endings and a byte-order mark', async () => {
    const crlf = `\uFEFF${(await readFile(join(dir, `${NEWS}.md`), 'utf8')).replace(/\n/g, '\r\n')}`;
    await writeFile(join(dir, `${NEWS}.md`), crlf);
    const e = await commitEdit(dir, await prepareEdit(dir, NEWS, { url: 'https://news.example.org/articles/transport' }));
    expect(e.url).toBe('https://news.example.org/articles/transport');
    const text = await readFile(join(dir, `${NEWS}.md`), 'utf8');
    expect(text).toBe(crlf.replace('https://news.example.org/articles/school-transport-review', 'https://news.example.org/articles/transport'));
  });

  it('keeps the file mode', async () => {
    await chmod(join(dir, COUNCIL_FILE), 0o640);
    await commitEdit(dir, await prepareEdit(dir, COUNCIL, { title: 'T' }));
    expect((await stat(join(dir, COUNCIL_FILE))).mode & 0o777).toBe(0o640);
  });

  it.each([
    [{ published: 'March 2023' }, 'published'],
    [{ published: '2023-13' }, 'published'],
    [{ url: 'not a link' }, 'url'],
    [{ title: '' }, 'title'],
  ])('an invalid value %j: invalid, field %s, nothing written', async (edit, field) => {
    const before = await snapshot(dir);
    await expectStoreError(prepareEdit(dir, COUNCIL, edit), 'invalid', field);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a link another source already has: duplicate-url', async () => {
    const err = await expectStoreError(prepareEdit(dir, NEWS, { url: 'http://www.example.org/news/speech-therapy-waiting-list/' }), 'duplicate-url');
    expect(err.file).toBe(COUNCIL_FILE);
  });

  it('an unknown id: not-found', async () => {
    await expectStoreError(prepareEdit(dir, 'nope', { title: 'x' }), 'not-found');
  });

  it('fixes a file that does not load (a date written in words)', async () => {
    const original = (await readFile(join(dir, COUNCIL_FILE), 'utf8')).replace('published: 2023-03-15', 'published: 15 March 2023');
    await writeFile(join(dir, COUNCIL_FILE), original);
    expect((await listSources(dir)).sources.map((s) => s.id)).toEqual([NEWS]);
    const e = await prepareEdit(dir, COUNCIL, { published: '2023-03-15' });
    expect(e.before).toMatchObject({ id: COUNCIL, published: '15 March 2023', passages: 0 });
    await commitEdit(dir, e);
    expect((await checkKnowledge(dir)).ok).toBe(true);
  });

  it('the file changed after prepare: write-failed, and the other change is kept', async () => {
    const e = await prepareEdit(dir, COUNCIL, { title: 'Mine' });
    const theirs = (await readFile(join(dir, COUNCIL_FILE), 'utf8')).replace('next update in the spring', 'next update in the summer');
    await writeFile(join(dir, COUNCIL_FILE), theirs);
    const before = await snapshot(dir);
    const err = await expectStoreError(commitEdit(dir, e), 'write-failed');
    expect(err.message).toMatch(/changed since/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('without baseHash (the documented {file, markdown, before}), a change of the front matter is still detected', async () => {
    const withoutHash = omit(await prepareEdit(dir, COUNCIL, { title: 'Mine' }), 'baseHash');
    await writeFile(join(dir, COUNCIL_FILE), (await readFile(join(dir, COUNCIL_FILE), 'utf8')).replace('published: 2023-03-15', 'published: 2023-03-16'));
    await expectStoreError(commitEdit(dir, withoutHash), 'write-failed');
    const fresh = omit(await prepareEdit(dir, COUNCIL, { title: 'Mine' }), 'baseHash');
    expect((await commitEdit(dir, fresh)).title).toBe('Mine');
  });

  it('the file removed, or replaced by a folder, after prepare: write-failed', async () => {
    const e = await prepareEdit(dir, COUNCIL, { title: 'Mine' });
    await rm(join(dir, COUNCIL_FILE));
    await mkdir(join(dir, COUNCIL_FILE));
    const before = await snapshot(dir);
    await expectStoreError(commitEdit(dir, e), 'write-failed');
    expect(await snapshot(dir)).toEqual(before);
  });

  it('refuses a prepared edit that would change the id or write outside the folder', async () => {
    const e = await prepareEdit(dir, COUNCIL, { title: 'Mine' });
    await expectStoreError(commitEdit(dir, { ...e, markdown: e.markdown.replace(`id: ${COUNCIL}`, 'id: another') }), 'invalid', 'id');
    await expectStoreError(commitEdit(dir, { ...e, file: '../outside.md' }), 'invalid', 'file');
  });
});

describe('rewriteFrontMatter', () => {
  it('appends a key that is missing, and rewrites block and empty values through the yaml library, checked', () => {
    expect(rewriteFrontMatter('---\nid: x\n---\nbody', { publisher: 'P' })).toBe('---\nid: x\npublisher: P\n---\nbody');
    const folded = rewriteFrontMatter('---\ntitle: >\n  a long\n  title\nid: x\n---\nbody', { title: 'Short' });
    expect(folded.endsWith('id: x\n---\nbody')).toBe(true);
    expect(parseYaml(folded.split('---\n')[1] ?? '')).toEqual({ title: 'Short', id: 'x' });
    expect(rewriteFrontMatter('---\npublisher:\n---\n', { publisher: 'P' })).toBe('---\npublisher: P\n---\n');
  });

  it('quotes values that need it, in the style the old value used', () => {
    expect(rewriteFrontMatter("---\ntitle: 'a'\n---\n", { title: "It's: here" })).toBe("---\ntitle: 'It''s: here'\n---\n");
    expect(rewriteFrontMatter('---\ntitle: a\n---\n', { title: '#1: "quoted"' })).toMatch(/^---\ntitle: ['"]/);
  });

  it('refuses a file without front matter, or with broken YAML', () => {
    expect(() => rewriteFrontMatter('no front matter', { title: 'x' })).toThrow(StoreError);
    expect(() => rewriteFrontMatter('---\ntitle: [unclosed\n---\n', { title: 'x' })).toThrow(/front matter/);
  });
});

describe('checkKnowledge', () => {
  it('a good folder: ok', async () => {
    expect(await checkKnowledge(dir)).toEqual({ ok: true, sources: 2, issues: [] });
  });

  it('broken files and vocabulary: not ok, each issue with file and field; the other files still count', async () => {
    await writeFile(join(dir, 'bad-date.md'), '---\nid: bad-date\ntitle: x\npublisher: y\npublished: July 2024\nurl: https://x.example\nkind: news\n---\n\nText.\n');
    await writeFile(join(dir, 'vocabulary.yml'), 'synonyms:\n  - [a, b]\n  - 3\n');
    const result = await checkKnowledge(dir);
    expect(result.ok).toBe(false);
    expect(result.sources).toBe(2);
    expect([...new Set(result.issues.map((i) => `${i.file}: ${i.field}`))]).toEqual(['bad-date.md: published', 'vocabulary.yml: synonyms[1]']);
  });

  it('two files with the same link or the same text: not ok', async () => {
    const council = await readFile(join(dir, COUNCIL_FILE), 'utf8');
    await writeFile(join(dir, 'copy.md'), council.replace(`id: ${COUNCIL}`, 'id: copy').replace('example.org/news/speech', 'mirror.example/speech'));
    await writeFile(join(dir, 'same-link.md'), (await readFile(join(dir, `${NEWS}.md`), 'utf8')).replace(`id: ${NEWS}`, 'id: same-link').replace(/\n\n[\s\S]*$/, '\n\nOther words.\n'));
    const result = await checkKnowledge(dir);
    expect(result.ok).toBe(false);
    // The later file (by name) is reported, naming the earlier one.
    expect(result.issues.map((i) => [i.file, i.field, i.message])).toEqual([
      [COUNCIL_FILE, 'body', 'same text as copy.md: one of the two should be removed'],
      ['same-link.md', 'url', `same link as ${NEWS}.md: one of the two should be removed`],
    ]);
  });
});

describe('normaliseUrl and contentHash', () => {
  it('ignores what does not identify a page, and keeps what does', () => {
    const base = normaliseUrl('https://www.example.org/a/b?x=1&y=2');
    expect(normaliseUrl('http://example.org/a/b/?y=2&x=1&utm_campaign=z&fbclid=q#frag')).toBe(base);
    expect(normaliseUrl('https://example.org/a/b?x=2&y=2')).not.toBe(base);
    expect(normaliseUrl('https://example.org/a/c?x=1&y=2')).not.toBe(base);
    expect(normaliseUrl('https://example.org:8443/a/b?x=1&y=2')).not.toBe(base);
  });

  it('hashes passages in order', () => {
    expect(contentHash(['A “b”.', 'c'])).toBe(contentHash(['a  "B".', 'C']));
    expect(contentHash(['a', 'c'])).not.toBe(contentHash(['c', 'a']));
  });
});

describe('StoreOptions', () => {
  it('is optional everywhere (the Discord layer passes nothing)', async () => {
    const options: StoreOptions = {};
    const p = await prepareAdd(dir, draft());
    expect((await commitAdd(dir, p, options)).id).toBe(p.id);
  });
});
