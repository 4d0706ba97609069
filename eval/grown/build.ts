/**
 * The grown knowledge base: the starting knowledge (knowledge/*.md, vocabulary.yml, glossary.yml)
 * plus the eleven growth articles, imported the way a moderator would with `kb add <url> --yes`:
 * each article is served as its publisher's page (./pages.ts) from a local HTTP server on
 * 127.0.0.1, fetched and extracted by the project's own import path, and completed with the
 * title, publisher, date and address from growth/index.json where the page lacks them or gets
 * them wrong (what a moderator types as flags after reading the preview). Built in a temporary
 * folder; nothing is cached in the repository.
 */
import { copyFile, mkdtemp, readdir, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { commitAdd, importFromUrl, openKnowledge, prepareAdd, type AddOverrides, type DraftSource, type OpenKnowledge } from './kb.ts';
import { growthText, sitePages, type GrowthEntry } from './pages.ts';

/** The project's starting knowledge folder. */
export const START_KNOWLEDGE = fileURLToPath(new URL('../../knowledge/', import.meta.url));

/** What a moderator had to correct or would notice in one import (for issue 13). */
export interface ImportNote {
  file: string;
  sourceId: string;
  /** Fields typed by the moderator, with what the page gave instead (undefined: nothing). */
  typed: { field: keyof AddOverrides; page: string | undefined; typed: string }[];
  /** Stored passages that are not the article's own text (headings, link labels, page chrome). */
  strayPassages: string[];
  /** Lines of the article that are not found in any stored passage. */
  lostLines: string[];
  /** Stored passages that read as headings or labels: a few words with no closing punctuation. */
  headingLike: string[];
  /** Every stored passage's text, in order. */
  stored: string[];
  /** Dated events (front matter `events`) the import gave the source, for /progress. */
  events: number;
  passages: number;
}

export interface GrownKnowledge extends OpenKnowledge {
  dir: string;
  notes: ImportNote[];
  /** Removes the temporary folder. */
  dispose(): Promise<void>;
}

const FIELDS = ['title', 'publisher', 'published', 'url'] as const;

/** Serves the pages on 127.0.0.1 (random port) for as long as `use` runs. */
async function withPageServer<T>(pages: { path: string; html: string }[], use: (base: string) => Promise<T>): Promise<T> {
  const byPath = new Map(pages.map((p) => [p.path, p.html]));
  const server = createServer((req, res) => {
    const html = byPath.get(req.url ?? '');
    res.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(html ?? 'Not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await use(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/** Text compared without list markers ("•", "- "), quote styles or spacing. */
const unbullet = (s: string): string => norm(s).replace(/^(?:[•\u2022]|-)\s*/, '');
const norm = (s: string): string => s.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, ' ').trim();

/** The moderator's flags: index.json's value for every field the page lacks or gets wrong. */
function moderatorFlags(draft: DraftSource, entry: GrowthEntry): { overrides: AddOverrides; typed: ImportNote['typed'] } {
  const overrides: AddOverrides = {};
  const typed: ImportNote['typed'] = [];
  for (const field of FIELDS) {
    const page = draft[field];
    if (page !== undefined && norm(page) === norm(entry[field])) continue;
    // The store takes YYYY-MM at least: for a year-only date the moderator has to pick a month,
    // and takes January (index.json's basis says the year itself is inferred).
    const value = field === 'published' && /^\d{4}$/.test(entry.published) ? `${entry.published}-01` : entry[field];
    overrides[field] = value;
    typed.push({ field, page, typed: value });
  }
  return { overrides, typed };
}

/** Builds the grown knowledge folder in a temporary directory and opens the engine over it. */
export async function buildGrownKnowledge(): Promise<GrownKnowledge> {
  const dir = await mkdtemp(join(tmpdir(), 'send-grown-'));
  try {
    for (const name of await readdir(START_KNOWLEDGE)) {
      if (name.endsWith('.md') || name === 'vocabulary.yml' || name === 'glossary.yml') await copyFile(join(START_KNOWLEDGE, name), join(dir, name));
    }
    const pages = sitePages();
    const imported = await withPageServer(pages, async (base) => {
      const out: { entry: GrowthEntry; id: string; typed: ImportNote['typed'] }[] = [];
      // One at a time, as a moderator adds them: each add is checked against the folder as it is.
      for (const page of pages) {
        // ALLOW_PRIVATE_URLS=true, as the project's own tests run `kb add` against a local server.
        const draft = await importFromUrl(`${base}${page.path}`, { allowPrivate: true });
        const { overrides, typed } = moderatorFlags(draft, page.entry);
        const prepared = await prepareAdd(dir, draft, overrides);
        await commitAdd(dir, prepared);
        out.push({ entry: page.entry, id: prepared.id, typed });
      }
      return out;
    });
    const opened = await openKnowledge(dir);
    const notes = imported.map(({ entry, id, typed }) => importNote(opened, entry, id, typed, ));
    return { ...opened, dir, notes, dispose: () => rm(dir, { recursive: true, force: true }) };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}

function importNote(opened: OpenKnowledge, entry: GrowthEntry, sourceId: string, typed: ImportNote['typed']): ImportNote {
  const source = opened.snapshot.sources.find((s) => s.meta.id === sourceId);
  const passages = source?.passages ?? [];
  const text = norm(growthText(entry));
  const lines = growthText(entry).split('\n').map(unbullet).filter((l) => l !== '');
  const stored = passages.map((p) => unbullet(p.text));
  return {
    file: entry.file,
    sourceId,
    typed,
    // A passage is the article's own text when every word of it is in the article.
    strayPassages: stored.filter((t) => !text.includes(t)),
    lostLines: lines.filter((l) => l !== norm(entry.title) && !stored.some((t) => t.includes(l))),
    headingLike: stored.filter((t) => t.split(' ').length <= 6 && !/[.!?"')\u201d]$/.test(t)),
    stored,
    events: source?.meta.events?.length ?? 0,
    passages: passages.length,
  };
}
