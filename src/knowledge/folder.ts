/**
 * The knowledge folder as the store sees it: every source that loads, with its file, and the files
 * that do not load (read leniently, for their id and link, so a broken file still blocks a
 * duplicate and can still be edited or removed by id).
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Source } from '../core/types.ts';
import { contentHash } from './duplicates.ts';
import { StoreError } from './errors.ts';
import { readFrontMatter } from './file-format.ts';
import { loadKnowledge, type KnowledgeSnapshot } from './load.ts';
import { isBinary, type KnowledgeIssue } from './parse.ts';

export interface SourceSummary {
  id: string;
  /** File name inside the knowledge folder (`bbc-2024-send-inspection.md`). */
  file: string;
  title: string;
  publisher: string;
  /** `YYYY-MM-DD` or `YYYY-MM`. */
  published: string;
  url: string;
  kind: string;
  /** Number of passages the engine indexes (0 for a file that does not load). */
  passages: number;
}

/** Where removed files are kept, inside the knowledge folder. The loader reads only top-level `*.md`. */
export const REMOVED_DIR = '.removed';

/** Summary of a loaded source. */
export function summarize(source: Source, file: string): SourceSummary {
  const m = source.meta;
  return { id: m.id, file, title: m.title, publisher: m.publisher, published: m.published, url: m.url, kind: m.kind, passages: source.passages.length };
}

/** Every source that loads, with its file, and every problem found (files and vocabulary). */
export async function listSources(dir: string): Promise<{ sources: SourceSummary[]; issues: KnowledgeIssue[] }> {
  const snapshot = await loadKnowledge(dir);
  return { sources: snapshot.sources.map((s) => summarize(s, snapshot.files.get(s.meta.id) ?? `${s.meta.id}.md`)), issues: snapshot.issues };
}

/**
 * The summary of source `id`, also for a file that does not load (found by the id in its front
 * matter; then `passages` is 0). Throws StoreError('not-found').
 */
export async function findSource(dir: string, id: string): Promise<SourceSummary> {
  return findEntry(await scanFolder(dir), id).summary;
}

export interface FolderEntry {
  file: string;
  /** From the front matter, even when the file does not load. */
  id?: string;
  url?: string;
  /** Of the passages, for files that load. */
  contentHash?: string;
  /** The passage texts, for files that load (near-duplicates at import). */
  passages?: readonly string[];
  summary: SourceSummary;
}

/**
 * Every knowledge file the loader considers: the sources that load, and the files that do not
 * (read leniently, for their id and link, so a broken file still blocks a duplicate and can still
 * be edited or removed by id).
 */
export async function scanFolder(dir: string): Promise<FolderEntry[]> {
  const snapshot: KnowledgeSnapshot = await loadKnowledge(dir);
  const entries: FolderEntry[] = snapshot.sources.map((source) => {
    const file = snapshot.files.get(source.meta.id) ?? `${source.meta.id}.md`;
    const passages = source.passages.map((p) => p.text);
    return { file, id: source.meta.id, url: source.meta.url, contentHash: contentHash(passages), passages, summary: summarize(source, file) };
  });
  const loaded = new Set(entries.map((e) => e.file));
  const broken = [...new Set(snapshot.issues.map((i) => i.file))].filter((f) => f.endsWith('.md') && !loaded.has(f)).sort();
  for (const file of broken) {
    let text = '';
    try {
      const bytes = await readFile(join(dir, file));
      if (!isBinary(bytes)) text = bytes.toString('utf8');
    } catch {
      text = '';
    }
    const summary = looseSummary(file, text);
    entries.push({ file, summary, ...(summary.id !== '' && { id: summary.id }), ...(summary.url !== '' && { url: summary.url }) });
  }
  return entries;
}

/** What can be read of a file that does not load: the front matter's text fields, 0 passages. */
export function looseSummary(file: string, text: string): SourceSummary {
  const data = readFrontMatter(text).fields ?? {};
  const s = (key: string): string => (typeof data[key] === 'string' ? (data[key] as string).trim() : '');
  return { id: s('id'), file, title: s('title'), publisher: s('publisher'), published: s('published'), url: s('url'), kind: s('kind'), passages: 0 };
}

export function findEntry(folder: FolderEntry[], id: string): FolderEntry & { id: string } {
  const entry = folder.find((e) => e.contentHash !== undefined && e.id === id) ?? folder.find((e) => e.id === id);
  if (!entry || entry.id === undefined) throw new StoreError('not-found', `No source has the id "${id}". \`kb list\` (or /sources) shows the ids.`);
  return entry as FolderEntry & { id: string };
}

export function describeEntry(e: FolderEntry): string {
  const parts = [e.summary.title && `"${e.summary.title}"`, e.summary.publisher, e.summary.published].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** A top-level knowledge file name: no folders, not hidden, `.md`. */
export function isPlainKnowledgeName(file: string): boolean {
  return /^[^/\\]+\.md$/.test(file) && !file.startsWith('.') && file !== '..';
}
