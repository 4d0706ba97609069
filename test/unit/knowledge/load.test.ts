import { copyFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { emptyVocabulary } from '../../../src/core/vocabulary.ts';
import { KnowledgeDirError, loadKnowledge, VOCABULARY_FILE } from '../../../src/knowledge/load.ts';
import { openKnowledge } from '../../../src/knowledge/open.ts';

const FIXTURES = fileURLToPath(new URL('../../fixtures/knowledge/', import.meta.url));
const GOOD = join(FIXTURES, 'good');
const BROKEN = join(FIXTURES, 'broken');

const temps: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'knowledge-test-'));
  temps.push(dir);
  return dir;
}
afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('loadKnowledge', () => {
  describe('a good folder', () => {
    it('loads every source, the vocabulary, and reports nothing', async () => {
      const kb = await loadKnowledge(GOOD);
      expect(kb.issues).toEqual([]);
      expect(kb.dir).toBe(GOOD);
      expect(kb.sources.map((s) => s.meta.id).sort()).toEqual(['fixture-council-2023-therapy', 'fixture-news-2024-transport']);
      expect([...kb.files.entries()].sort()).toEqual([
        ['fixture-council-2023-therapy', 'council-2023-therapy.md'],
        ['fixture-news-2024-transport', 'news-2024-transport.md'],
      ]);
      expect(kb.vocabulary.synonyms).toContainEqual(['speech and language therapy', 'SALT', 'speech therapy']);
    });

    it('keeps the month-only date as written', async () => {
      const kb = await loadKnowledge(GOOD);
      expect(kb.sources.find((s) => s.meta.id === 'fixture-news-2024-transport')?.meta.published).toBe('2024-07');
    });

    it('ignores README.md and files that are not Markdown', async () => {
      const kb = await loadKnowledge(GOOD);
      const text = kb.sources.map((s) => s.body).join('\n');
      expect(text).not.toContain('The loader skips README.md');
      expect(text).not.toContain('Not a knowledge file');
    });

    it('cleans the page furniture pasted into a file (headline, dateline)', async () => {
      const kb = await loadKnowledge(GOOD);
      const council = kb.sources.find((s) => s.meta.id === 'fixture-council-2023-therapy');
      expect(council?.body.startsWith('The waiting list for speech and language therapy')).toBe(true);
      expect(council?.body).not.toContain('Published Wednesday');
    });
  });

  describe('a folder with broken files', () => {
    const EXPECTED: [string, string][] = [
      ['bad-date-month.md', 'published'],
      ['bad-date-words.md', 'published'],
      ['bad-events.md', 'events[0].date'],
      ['bad-events.md', 'events[1].label'],
      ['bad-events.md', 'events[2].status'],
      ['bad-url.md', 'url'],
      ['duplicate-id.md', 'id'],
      ['empty-body.md', 'body'],
      ['invalid-yaml.md', 'front matter'],
      ['missing-front-matter.md', 'front matter'],
      ['missing-title.md', 'title'],
      ['unknown-field.md', 'author'],
    ];

    it('reports each broken file by name and field', async () => {
      const kb = await loadKnowledge(BROKEN);
      const mdIssues = kb.issues.filter((i) => i.file.endsWith('.md')).map((i): [string, string] => [i.file, i.field]);
      expect(mdIssues.sort()).toEqual([...EXPECTED].sort());
    });

    it('reports every Markdown file of the folder that did not load', async () => {
      const kb = await loadKnowledge(BROKEN);
      const md = (await readdir(BROKEN)).filter((n) => n.endsWith('.md'));
      const loaded = new Set(kb.files.values());
      const reported = new Set(kb.issues.map((i) => i.file));
      for (const name of md) expect(loaded.has(name) !== reported.has(name), name).toBe(true);
    });

    it('still loads the good files, the month-only one included', async () => {
      const kb = await loadKnowledge(BROKEN);
      expect(kb.sources.map((s) => s.meta.id).sort()).toEqual(['broken-folder-good', 'broken-folder-month-only']);
      expect(kb.sources.find((s) => s.meta.id === 'broken-folder-month-only')?.meta.published).toBe('2024-07');
    });

    it('keeps the first file of a duplicate id (by name) and names it in the report on the second', async () => {
      const kb = await loadKnowledge(BROKEN);
      expect(kb.files.get('broken-folder-good')).toBe('00-good.md');
      expect(kb.sources.find((s) => s.meta.id === 'broken-folder-good')?.body).toContain('nine months for an autism assessment');
      const dup = kb.issues.find((i) => i.file === 'duplicate-id.md');
      expect(dup?.field).toBe('id');
      expect(dup?.message).toContain('00-good.md');
    });

    it('reports vocabulary.yml problems with their field paths, and keeps its valid parts', async () => {
      const kb = await loadKnowledge(BROKEN);
      const vocab = kb.issues.filter((i) => i.file === VOCABULARY_FILE).map((i) => i.field);
      expect([...new Set(vocab)].sort()).toEqual(['change', 'colour', 'services[0].name', 'synonyms[1]', 'synonyms[2][1]'].sort());
      expect(kb.vocabulary.synonyms).toEqual([['EHCP', 'EHC plan'], ['autism', 'ASD']]);
    });

    it('answers from the files that loaded', async () => {
      const { engine } = await openKnowledge(BROKEN);
      const a = engine.ask('how long is the wait for an autism assessment');
      expect(a.answered).toBe(true);
      expect(a.results[0]?.source.id).toBe('broken-folder-good');
    });
  });

  describe('binary content', () => {
    it('reports a file with NUL bytes, and one of invalid UTF-8, and loads the rest', async () => {
      const dir = await tempDir();
      await copyFile(join(GOOD, 'news-2024-transport.md'), join(dir, 'good.md'));
      await writeFile(join(dir, 'nul-bytes.md'), Buffer.concat([Buffer.from('---\nid: nul\n---\n\nText'), Buffer.from([0, 0, 1, 2, 0])]));
      await writeFile(join(dir, 'latin1.md'), Buffer.from([0x2d, 0x2d, 0x2d, 0x0a, 0x63, 0x61, 0x66, 0xe9, 0x0a]));
      const kb = await loadKnowledge(dir);
      expect(kb.issues.map((i) => [i.file, i.field]).sort()).toEqual([
        ['latin1.md', 'content'],
        ['nul-bytes.md', 'content'],
      ]);
      expect(kb.issues.every((i) => /binary/i.test(i.message))).toBe(true);
      expect(kb.sources.map((s) => s.meta.id)).toEqual(['fixture-news-2024-transport']);
    });
  });

  describe('the vocabulary file', () => {
    it('reports invalid YAML in vocabulary.yml and falls back to an empty vocabulary, sources still loaded', async () => {
      const kb = await loadKnowledge(join(FIXTURES, 'broken-vocabulary'));
      expect(kb.issues).toHaveLength(1);
      expect(kb.issues[0]).toMatchObject({ file: VOCABULARY_FILE, field: '(root)', message: expect.stringMatching(/invalid YAML/) });
      expect(kb.vocabulary).toEqual(emptyVocabulary);
      expect(kb.sources.map((s) => s.meta.id)).toEqual(['broken-vocabulary-source']);
    });

    it('is optional: a folder without one loads with the empty vocabulary and no issue', async () => {
      const dir = await tempDir();
      await copyFile(join(GOOD, 'news-2024-transport.md'), join(dir, 'news.md'));
      const kb = await loadKnowledge(dir);
      expect(kb.issues).toEqual([]);
      expect(kb.vocabulary).toEqual(emptyVocabulary);
    });

    it('reports a vocabulary that is a list rather than a mapping', async () => {
      const dir = await tempDir();
      await writeFile(join(dir, VOCABULARY_FILE), '- EHCP\n- EHC plan\n');
      const kb = await loadKnowledge(dir);
      expect(kb.issues.map((i) => [i.file, i.field])).toEqual([[VOCABULARY_FILE, '(root)']]);
    });
  });

  describe('the folder itself', () => {
    it('throws KnowledgeDirError naming the folder when it does not exist', async () => {
      const missing = join(FIXTURES, 'no-such-folder');
      const error = await loadKnowledge(missing).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(KnowledgeDirError);
      expect((error as KnowledgeDirError).dir).toBe(missing);
      expect((error as Error).message).toContain(missing);
      expect((error as Error).message).toMatch(/does not exist/);
    });

    it('throws KnowledgeDirError when given a file instead of a folder', async () => {
      await expect(loadKnowledge(join(GOOD, 'news-2024-transport.md'))).rejects.toThrow(KnowledgeDirError);
      await expect(loadKnowledge(join(GOOD, 'news-2024-transport.md'))).rejects.toThrow(/not a folder/);
    });

    it('loads an empty folder as no sources and no issues (kb add can start a new one)', async () => {
      const kb = await loadKnowledge(await tempDir());
      expect(kb.sources).toEqual([]);
      expect(kb.issues).toEqual([]);
    });

    it('gives the same passage ids on every load', async () => {
      const ids = async (): Promise<string[]> => (await loadKnowledge(GOOD)).sources.flatMap((s) => s.passages.map((p) => p.id));
      expect(await ids()).toEqual(await ids());
    });
  });
});

describe('openKnowledge', () => {
  it('builds an engine over the valid sources of the folder', async () => {
    const { snapshot, engine } = await openKnowledge(GOOD);
    expect(engine.passageCount).toBe(snapshot.sources.reduce((n, s) => n + s.passages.length, 0));
    const a = engine.ask('how long is the speech therapy waiting list');
    expect(a.answered).toBe(true);
    expect(a.results[0]?.source.id).toBe('fixture-council-2023-therapy');
  });

  it('passes engine settings through', async () => {
    const { engine } = await openKnowledge(GOOD, { k: 1 });
    expect(engine.options.k).toBe(1);
  });

  it('rejects a missing folder with KnowledgeDirError', async () => {
    await expect(openKnowledge(join(FIXTURES, 'no-such-folder'))).rejects.toBeInstanceOf(KnowledgeDirError);
  });

  it('rejects a folder with no knowledge file with KnowledgeDirError naming it and KNOWLEDGE_DIR', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'README.md'), '# not a source');
    const error = await openKnowledge(dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KnowledgeDirError);
    expect((error as Error).message).toContain(dir);
    expect((error as Error).message).toMatch(/no knowledge files \(\*\.md\).*KNOWLEDGE_DIR/);
  });
});
