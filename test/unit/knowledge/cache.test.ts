import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultKnowledgeDir } from '../../../src/cli/paths.ts';
import { KnowledgeBase } from '../../../src/knowledge/live.ts';
import { cacheKey, openCachedKnowledge, restoreIndex, serialiseIndex } from '../../../src/knowledge/index-cache.ts';
import { readKnowledgeFiles } from '../../../src/knowledge/load.ts';
import { openKnowledge } from '../../../src/knowledge/open.ts';
import { publicNames } from '../../../src/core/privacy/index.ts';

// The index cache: a restart with unchanged knowledge restores the engine; anything else rebuilds.
describe('openCachedKnowledge: the index cache', () => {
  let dir: string;
  let cacheFile: string;
  let problems: string[];
  const open = (settings = {}) => openCachedKnowledge(dir, settings, { cacheFile, onCacheProblem: (m) => problems.push(m) });
  const QUESTIONS = ['how long is the wait for an autism assessment', 'are things better than in 2018?', 'what did the partnership say', 'recipe for flapjack'];
  const answers = async (kb: Awaited<ReturnType<typeof open>>) => {
    await kb.engine.indexReady;
    return QUESTIONS.map((q) => kb.engine.ask(q, { k: 5 }));
  };

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kb-cache-test-'));
    await cp(defaultKnowledgeDir(), dir, { recursive: true });
    cacheFile = join(dir, '..', `${dir.split('/').pop() ?? 'x'}-index.json`);
    problems = [];
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
    await rm(cacheFile, { force: true });
  });

  it('builds and writes the cache, then restores it with the same answers', async () => {
    const first = await open();
    expect(first.from).toBe('built');
    const second = await open();
    expect(second.from).toBe('cache');
    expect(problems).toEqual([]);
    expect(JSON.stringify(await answers(second))).toBe(JSON.stringify(await answers(first)));
    expect(second.snapshot.sources.map((s) => s.passages.length)).toEqual(first.snapshot.sources.map((s) => s.passages.length));
    // Passages come back whole: their section and a list item's context too.
    expect(second.snapshot.sources.flatMap((s) => s.passages)).toEqual(first.snapshot.sources.flatMap((s) => s.passages));
    expect(second.snapshot.sources.flatMap((s) => s.passages).some((p) => p.listContext !== undefined)).toBe(true);
  });

  it('splits the full-text index over lines, and loads it back a line at a time to the same answers', async () => {
    const built = await openKnowledge(dir);
    const raw = await readKnowledgeFiles(dir);
    const key = cacheKey(raw, {});
    const text = serialiseIndex(key, built, 1024);
    expect(text.trimEnd().split('\n').length).toBeGreaterThan(10);
    const restored = restoreIndex(new TextEncoder().encode(text), { dir, settings: {}, key, name: 'test' });
    expect(restored).toBeDefined();
    await restored?.engine.indexReady;
    expect(JSON.stringify(QUESTIONS.map((q) => restored?.engine.ask(q, { k: 5 })))).toBe(JSON.stringify(QUESTIONS.map((q) => built.engine.ask(q, { k: 5 }))));
  });

  it('answers from the restored engine before its full-text index has loaded', async () => {
    await open();
    const kb = await open();
    const a = kb.engine.ask('how long is the wait for an autism assessment');
    expect(a.answered).toBe(true);
    await kb.engine.indexReady;
  });

  it('rebuilds when a knowledge file changes (stale cache)', async () => {
    await open();
    const file = join(dir, 'bbc-2024-send-inspection.md');
    await writeFile(file, `${await readFile(file, 'utf8')}\nA new paragraph about occupational therapy waiting lists in the county.\n`);
    const kb = await open();
    expect(kb.from).toBe('built');
    expect(problems.join()).toMatch(/stale/);
    expect(kb.engine.ask('occupational therapy waiting lists', { k: 10 }).results.some((r) => r.passage.text.startsWith('A new paragraph'))).toBe(true);
  });

  it.each(['here', 'worker'] as const)('is rewritten after a refresh, so the next start restores the refreshed engine (built %s)', async (build) => {
    const kb = await KnowledgeBase.open(dir, { cacheFile, build });
    const file = join(dir, 'bbc-2024-send-inspection.md');
    await writeFile(file, `${await readFile(file, 'utf8')}\nA new paragraph about occupational therapy waiting lists in the county.\n`);
    await kb.reload();
    const next = await open();
    expect(next.from).toBe('cache');
    expect(problems).toEqual([]);
    await next.engine.indexReady;
    expect(next.engine.ask('occupational therapy waiting lists', { k: 10 }).results.some((r) => r.passage.text.startsWith('A new paragraph'))).toBe(true);
  });

  it.each(['here', 'worker'] as const)('is not rewritten by a refresh that keeps serving a broken file\'s previous version (built %s)', async (build) => {
    const kb = await KnowledgeBase.open(dir, { cacheFile, build });
    const file = join(dir, 'bbc-2024-send-inspection.md');
    await writeFile(file, (await readFile(file, 'utf8')).replace(/^---\n/, '---\nbroken: [\n'));
    expect((await kb.reload()).changes.kept.map((k) => k.file)).toEqual(['bbc-2024-send-inspection.md']);
    expect((await open()).from).toBe('built');
  });

  it('keeps the public names: a restart takes them from the cache instead of computing them again', async () => {
    const first = await open();
    const names = [...publicNames(first.engine)];
    expect(names).toContain('care quality commission');
    // A marker only the cache holds: if the restored engine recomputed its names, it would not be there.
    const text = await readFile(cacheFile, 'utf8');
    const newline = text.indexOf('\n');
    const head = JSON.parse(text.slice(0, newline)) as { publicNames: string[] };
    head.publicNames.push('zq marker from the cache');
    await writeFile(cacheFile, `${JSON.stringify(head)}${text.slice(newline)}`);
    const second = await open();
    expect(second.from).toBe('cache');
    const restored = publicNames(second.engine);
    expect(restored.has('zq marker from the cache')).toBe(true);
    expect([...restored].filter((n) => n !== 'zq marker from the cache').sort()).toEqual(names.sort());
  });

  it('rebuilds a cache of an older layout (no public names), never trusting it', async () => {
    await open();
    const text = await readFile(cacheFile, 'utf8');
    const newline = text.indexOf('\n');
    const old = JSON.parse(text.slice(0, newline)) as Record<string, unknown>;
    delete old.cacheVersion;
    delete old.publicNames;
    await writeFile(cacheFile, `${JSON.stringify(old)}${text.slice(newline)}`);
    expect((await open()).from).toBe('built');
    expect(problems.join()).toMatch(/stale/);
    expect((await open()).from).toBe('cache');
  });

  it('rebuilds when the engine settings change', async () => {
    await open();
    expect((await open({ minCoverage: 0.6 })).from).toBe('built');
  });

  it('rebuilds a corrupt cache and a foreign one, never trusting them', async () => {
    await writeFile(cacheFile, '{"format":"send-inspections-bot/index", "version": 1, "key": "');
    expect((await open()).from).toBe('built');
    expect(problems.join()).toMatch(/corrupt/);
    await writeFile(cacheFile, JSON.stringify({ format: 'someone-else', snapshot: {}, engine: {} }));
    expect((await open()).from).toBe('built');
    expect(problems.join()).toMatch(/not ours/);
    expect((await open()).from).toBe('cache');
  });

  it('survives a broken index line: answers meanwhile, reports it and removes the cache', async () => {
    await open();
    const text = await readFile(cacheFile, 'utf8');
    await writeFile(cacheFile, `${text.slice(0, text.indexOf('\n'))}\n{"broken`);
    const kb = await open();
    expect(kb.from).toBe('cache');
    expect(kb.engine.ask('how long is the wait for an autism assessment').answered).toBe(true);
    await expect(kb.engine.indexReady).rejects.toThrow(/corrupt/);
    await new Promise((r) => setTimeout(r, 50));
    expect(problems.join()).toMatch(/removing the cache/);
    expect((await open()).from).toBe('built');
  });
});
