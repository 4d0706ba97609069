/**
 * The live knowledge base: reloads build beside the live engine and swap, a file that broke keeps
 * its previous version serving (and a broken vocabulary the previous vocabulary), reloads are
 * serialised, and KNOWLEDGE_WATCH reloads by itself.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeChanges, KnowledgeBase, WORKER_MIN_BYTES, type ReloadResult } from '../../../src/knowledge/live.ts';
import { createLogger } from '../../../src/logger.ts';
import { KnowledgeDirError } from '../../../src/knowledge/load.ts';
import { buildInWorker } from '../../../src/knowledge/builder.ts';
import { isKnowledgeFile, watchKnowledge, type KnowledgeWatcher } from '../../../src/knowledge/watch.ts';

const GOOD = fileURLToPath(new URL('../../fixtures/knowledge/good/', import.meta.url));
const COUNCIL = 'council-2023-therapy.md';
const NEWS = 'news-2024-transport.md';

let dir: string;
let logs: string[];
const logger = () => createLogger({ level: 'debug', write: (line) => void logs.push(line) });

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'send-bot-kb-'));
  cpSync(GOOD, dir, { recursive: true });
  logs = [];
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

const file = (name: string): string => join(dir, name);
const read = (name: string): string => readFileSync(file(name), 'utf8');
const ids = (kb: KnowledgeBase): string[] => kb.engine.sources.map((s) => s.meta.id).sort();

function newSource(id: string, text: string): string {
  return `---\nid: ${id}\ntitle: A new source about ${id}\npublisher: Test Publisher\npublished: 2025-02-03\nurl: https://example.org/${id}\nkind: news\n---\n\n${text}\n`;
}

describe('KnowledgeBase.reload', () => {
  it('prepares each engine before it serves (at open and after every reload); a failing prepare is logged, not fatal', async () => {
    const prepared: unknown[] = [];
    const servingWhenPrepared: boolean[] = [];
    let fail = false;
    const opened: { kb?: KnowledgeBase } = {};
    const kb = await KnowledgeBase.open(dir, {
      logger: logger(),
      prepare: (engine) => {
        prepared.push(engine);
        servingWhenPrepared.push(opened.kb?.engine === engine);
        if (fail) throw new Error('warm-up broke');
      },
    });
    opened.kb = kb;
    expect(prepared).toEqual([kb.engine]);
    writeFileSync(file('new-source.md'), newSource('fixture-new', 'Portage home visits now start within four weeks.'));
    const live = kb.engine;
    fail = true;
    await kb.reload();
    expect(kb.engine).not.toBe(live);
    expect(prepared).toEqual([live, kb.engine]);
    // Prepared before it was swapped in: questions meanwhile were answered by the previous engine.
    expect(servingWhenPrepared).toEqual([false, false]);
    expect(logs.join('\n')).toMatch(/preparing the new engine failed; it serves all the same/);
    expect(ids(kb)).toContain('fixture-new');
  });

  it('reports sources added, changed and removed, with passage counts, and answers from the new engine', async () => {
    const kb = await KnowledgeBase.open(dir, { logger: logger() });
    const before = kb.engine;
    writeFileSync(file('new-source.md'), newSource('fixture-new', 'Portage home visits in Fixtureshire now start within four weeks.\n\nA second paragraph about portage visits.'));
    writeFileSync(file(COUNCIL), `${read(COUNCIL)}\nOne more paragraph the council added later about clinics.\n`);
    unlinkSync(file(NEWS));
    const result = await kb.reload();

    expect(kb.engine).not.toBe(before);
    expect(result.changes.added).toEqual([{ id: 'fixture-new', file: 'new-source.md', title: 'A new source about fixture-new', passages: 2 }]);
    expect(result.changes.changed).toEqual([expect.objectContaining({ id: 'fixture-council-2023-therapy', file: COUNCIL })]);
    const changed = result.changes.changed[0];
    expect(changed?.passages).toBe((changed?.passagesBefore ?? 0) + 1);
    expect(result.changes.removed).toEqual([expect.objectContaining({ id: 'fixture-news-2024-transport', file: NEWS })]);
    expect(result.changes.kept).toEqual([]);
    expect(result.issues).toEqual([]);
    expect(ids(kb)).toEqual(['fixture-council-2023-therapy', 'fixture-new']);
    expect(kb.engine.ask('when do portage home visits start?').results[0]?.source.id).toBe('fixture-new');
    expect(describeChanges(result.changes)).toBe('added fixture-new; changed fixture-council-2023-therapy; removed fixture-news-2024-transport');
    expect(logs.join('\n')).toMatch(/INFO {2}knowledge reloaded sources=2 passages=\d+ added=1 changed=1 removed=1 kept=0 issues=0/);
  });

  it('says nothing changed when nothing did', async () => {
    const kb = await KnowledgeBase.open(dir);
    const result = await kb.reload();
    expect(result.changes).toEqual({ added: [], changed: [], removed: [], kept: [], keptVocabulary: false, keptGlossary: false });
    expect(describeChanges(result.changes)).toBe('no changes');
  });

  it.each(['here', 'worker'] as const)('keeps serving the previous version of a source whose file broke, and reports the file and field (built %s)', async (build) => {
    const kb = await KnowledgeBase.open(dir, { logger: logger(), build });
    const previous = kb.engine.sources.find((s) => s.meta.id === 'fixture-news-2024-transport');
    expect(previous).toBeDefined();
    writeFileSync(file(NEWS), read(NEWS).replace(/^published: .*$/m, 'published: July 2024').replace('buses', 'BROKEN EDIT'));
    const result = await kb.reload();

    expect(result.issues).toEqual([expect.objectContaining({ file: NEWS, field: 'published' })]);
    expect(result.changes.kept).toEqual([expect.objectContaining({ id: 'fixture-news-2024-transport', file: NEWS })]);
    expect(result.changes.removed).toEqual([]);
    expect(result.changes.changed).toEqual([]);
    // The same source as before (rebuilt in the worker, so equal rather than identical): the broken edit is not served.
    const served = (): unknown => {
      const s = kb.engine.sources.find((x) => x.meta.id === 'fixture-news-2024-transport');
      return s && { meta: s.meta, passages: s.passages };
    };
    expect(served()).toEqual({ meta: previous?.meta, passages: previous?.passages });
    expect(kb.snapshot.files.get('fixture-news-2024-transport')).toBe(NEWS);
    expect(kb.engine.ask('school transport buses').results.some((r) => r.source.id === 'fixture-news-2024-transport')).toBe(true);
    expect(logs.join('\n')).toMatch(/WARN {2}knowledge: news-2024-transport\.md: published: .*\(still serving the previous version\)/);

    // Still broken at the next reload: still carried over. Fixed: the new version serves.
    const again = await kb.reload();
    expect(again.changes.kept.map((k) => k.id)).toEqual(['fixture-news-2024-transport']);
    expect(served()).toEqual({ meta: previous?.meta, passages: previous?.passages });
    writeFileSync(file(NEWS), read(NEWS).replace(/^published: .*$/m, 'published: 2024-08'));
    const fixed = await kb.reload();
    expect(fixed.issues).toEqual([]);
    expect(fixed.changes.kept).toEqual([]);
    expect(fixed.changes.changed.map((c) => c.id)).toEqual(['fixture-news-2024-transport']);
    expect(kb.engine.sources.find((s) => s.meta.id === 'fixture-news-2024-transport')?.meta.published).toBe('2024-08');
  });

  it('does not carry over a source whose file was deleted, nor one whose id another file now has', async () => {
    const kb = await KnowledgeBase.open(dir);
    // The council file breaks, and a new file takes its id: the new file serves, nothing is carried.
    writeFileSync(file('aa-takes-the-id.md'), newSource('fixture-council-2023-therapy', 'Replacement text about speech therapy clinics.'));
    writeFileSync(file(COUNCIL), read(COUNCIL).replace(/^title: .*$/m, 'title:'));
    unlinkSync(file(NEWS));
    const result = await kb.reload();
    expect(result.changes.kept).toEqual([]);
    expect(result.changes.removed.map((r) => r.id)).toEqual(['fixture-news-2024-transport']);
    expect(ids(kb)).toEqual(['fixture-council-2023-therapy']);
    expect(kb.snapshot.files.get('fixture-council-2023-therapy')).toBe('aa-takes-the-id.md');
  });

  it('a new file that is broken is reported and not loaded (there is nothing to keep)', async () => {
    const kb = await KnowledgeBase.open(dir);
    writeFileSync(file('zz-broken.md'), newSource('zz-broken', 'Text.').replace('published: 2025-02-03', 'published: soon'));
    const result = await kb.reload();
    expect(result.issues).toEqual([expect.objectContaining({ file: 'zz-broken.md', field: 'published' })]);
    expect(result.changes.kept).toEqual([]);
    expect(ids(kb)).toEqual(['fixture-council-2023-therapy', 'fixture-news-2024-transport']);
  });

  it.each(['here', 'worker'] as const)('keeps the previous vocabulary when vocabulary.yml breaks (built %s)', async (build) => {
    const kb = await KnowledgeBase.open(dir, { build });
    const vocabulary = kb.engine.vocabulary;
    expect(vocabulary.services.map((s) => s.name)).toEqual(['Speech and language therapy']);
    writeFileSync(file('vocabulary.yml'), 'synonyms: [unclosed\n');
    const result = await kb.reload();
    expect(result.changes.keptVocabulary).toBe(true);
    expect(result.issues).toEqual([expect.objectContaining({ file: 'vocabulary.yml' })]);
    expect(kb.engine.vocabulary).toEqual(vocabulary);
    expect(describeChanges(result.changes)).toContain('still using the previous vocabulary');
  });

  it('keeps the live engine when the folder cannot be read, and throws', async () => {
    const kb = await KnowledgeBase.open(dir);
    const engine = kb.engine;
    rmSync(dir, { recursive: true, force: true });
    await expect(kb.reload()).rejects.toThrow(/Cannot read the knowledge folder/);
    expect(kb.engine).toBe(engine);
    mkdirSync(dir);
  });

  it('serialises reloads: a call made during a reload gets a reload that starts after it, and callers meanwhile share it', async () => {
    const kb = await KnowledgeBase.open(dir);
    const first = kb.reload();
    // Written after the first reload started reading: the second call must see it.
    writeFileSync(file('late.md'), newSource('fixture-late', 'A late paragraph about respite care breaks.'));
    const second = kb.reload();
    const third = kb.reload();
    expect(third).toBe(second);
    expect(second).not.toBe(first);
    const results: ReloadResult[] = await Promise.all([first, second, third]);
    expect(results[1]?.snapshot.sources.map((s) => s.meta.id)).toContain('fixture-late');
    expect(ids(kb)).toContain('fixture-late');
    // The next call after everything settled starts a fresh reload.
    const fourth = kb.reload();
    expect(fourth).not.toBe(second);
    expect((await fourth).changes.added).toEqual([]);
  });

  it('reports no change after a start restored from the index cache', async () => {
    const cacheFile = join(dir, '.cache', 'index.json');
    await KnowledgeBase.open(dir, { cacheFile });
    const restored = await KnowledgeBase.open(dir, { cacheFile, logger: logger() });
    expect(logs.join('\n')).not.toMatch(/cache/);
    const result = await restored.reload();
    expect(result.changes).toEqual({ added: [], changed: [], removed: [], kept: [], keptVocabulary: false, keptGlossary: false });
  });

  it('answers questions from the live engine while a reload runs', async () => {
    const kb = await KnowledgeBase.open(dir);
    const reloading = kb.reload();
    expect(kb.engine.ask('speech therapy waiting list').answered).toBe(true);
    await reloading;
    expect(kb.engine.ask('speech therapy waiting list').answered).toBe(true);
  });
});

describe('KnowledgeBase.reload in a worker thread', () => {
  const REAL = fileURLToPath(new URL('../../../knowledge/', import.meta.url));
  const QUESTION = 'zebra crossing patrols outside the special school';

  /** A folder of a few thousand passages: the real sources, copied under new ids. */
  function largeFolder(copies: number): void {
    for (const name of readdirSync(REAL)) {
      const text = readFileSync(join(REAL, name), 'utf8');
      if (!name.endsWith('.md')) {
        writeFileSync(file(name), text);
        continue;
      }
      for (let i = 0; i < copies; i++) writeFileSync(file(`copy-${i}-${name}`), text.replace(/^id: (.*)$/m, `id: $1-copy-${i}`));
    }
  }

  it('keeps answering from the old engine while the new one builds, then swaps: shown by the order of events', async () => {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    largeFolder(60);
    // Large enough that the default ('auto') builds in a worker.
    expect(readdirSync(dir).reduce((n, name) => n + statSync(file(name)).size, 0)).toBeGreaterThanOrEqual(WORKER_MIN_BYTES);
    const events: string[] = [];
    const note = (event: string): void => {
      if (events[events.length - 1] !== event) events.push(event);
    };
    const kb = await KnowledgeBase.open(dir, { logger: createLogger({ level: 'debug', write: (line) => line.includes('building the new engine') && note('building') }) });
    expect(kb.engine.passageCount).toBeGreaterThan(2000);
    const old = kb.engine;
    writeFileSync(file('zebra.md'), newSource('zebra-news', 'Volunteers began zebra crossing patrols outside the special school this spring, parents said.'));

    let done = false;
    const reloading = kb.reload().then((result) => {
      done = true;
      note('reloaded');
      return result;
    });
    // Questions asked one after another while the reload runs, each on its own turn of the event loop.
    while (!done) {
      await new Promise((resolve) => setImmediate(resolve));
      if (done) break;
      const engine = kb.engine;
      const cites = engine.ask(QUESTION).results.some((r) => r.source.id === 'zebra-news');
      note(engine === old && !cites ? 'answered by the old engine' : 'answered by another engine');
    }
    const result = await reloading;
    // Answered by the old engine while the worker was building, and the refresh resolved after that.
    expect(events.slice(events.indexOf('building'))).toEqual(['building', 'answered by the old engine', 'reloaded']);
    expect(result.changes.added.map((c) => c.id)).toEqual(['zebra-news']);
    expect(kb.engine).not.toBe(old);
    expect(kb.engine.ask(QUESTION).results.some((r) => r.source.id === 'zebra-news')).toBe(true);
  }, 90_000); // two builds of a few thousand passages on a busy 2-core machine: no time is asserted

  it('rejects, leaving the live engine serving, when the worker dies or throws', async () => {
    const request = { dir, settings: {} };
    await expect(buildInWorker(request, {}, new URL('../../fixtures/workers/exits.mjs', import.meta.url))).rejects.toThrow(/stopped \(exit code 3\) before it finished/);
    await expect(buildInWorker(request, {}, new URL('../../fixtures/workers/throws.mjs', import.meta.url))).rejects.toThrow(/the build worker failed: the build worker broke/);
    const kb = await KnowledgeBase.open(dir, { build: 'worker' });
    const before = kb.engine;
    rmSync(dir, { recursive: true, force: true });
    await expect(kb.reload()).rejects.toThrow(KnowledgeDirError);
    expect(kb.engine).toBe(before);
    expect(kb.engine.ask('speech therapy waiting list').answered).toBe(true);
    mkdirSync(dir);
  });
});

describe('KNOWLEDGE_WATCH', () => {
  let watcher: KnowledgeWatcher | undefined;
  afterEach(() => watcher?.close());

  it('ignores temporary, hidden, backup and README files and the .removed folder', () => {
    for (const name of ['a.md', 'vocabulary.yml', 'glossary.yml', null]) expect(isKnowledgeFile(name)).toBe(true);
    for (const name of ['.a.md', '.a.md.tmp-123', 'a.md.tmp', 'a.md~', '~a.md', '#a.md#', 'a.md.swp', '.removed', '.removed/a.md', 'README.md', 'notes.txt', 'a.md.1234.tmp', 'audit.jsonl']) {
      expect(isKnowledgeFile(name), name).toBe(false);
    }
  });

  it('reloads by itself after a file changes (once for a burst of changes) and logs the summary', async () => {
    const kb = await KnowledgeBase.open(dir, { logger: logger() });
    const reloads: ReloadResult[] = [];
    let notify: (() => void) | undefined;
    watcher = watchKnowledge(kb, {
      logger: logger(),
      debounceMs: 500,
      onReload: (result) => {
        reloads.push(result);
        notify?.();
      },
    });
    const reloaded = new Promise<void>((resolve) => {
      notify = resolve;
    });
    writeFileSync(file('watched.md'), newSource('fixture-watched', 'Short breaks for disabled children are now booked online.'));
    writeFileSync(file('watched.md'), newSource('fixture-watched', 'Short breaks for disabled children are now booked online in Fixtureshire.'));
    writeFileSync(file('.watched.md.tmp-1'), 'temporary');
    await reloaded;
    expect(ids(kb)).toContain('fixture-watched');
    expect(reloads[0]?.changes.added.map((a) => a.id)).toEqual(['fixture-watched']);
    expect(logs.join('\n')).toMatch(/INFO {2}knowledge watch: reloaded files=watched\.md added=fixture-watched issues=0/);
    // Give a stray second event time to show: one burst, one reload.
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect(reloads).toHaveLength(1);
  }, 20_000);

  it('does nothing after close()', async () => {
    const kb = await KnowledgeBase.open(dir);
    let reloaded = 0;
    watcher = watchKnowledge(kb, { logger: logger(), debounceMs: 100, onReload: () => void (reloaded += 1) });
    watcher.close();
    watcher.close();
    writeFileSync(file('after-close.md'), newSource('fixture-after-close', 'Text about something.'));
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(reloaded).toBe(0);
    expect(ids(kb)).not.toContain('fixture-after-close');
  });
});
