/**
 * The knowledge store: adds, edits and removes knowledge files safely, for moderators (through
 * Discord or the `kb` terminal command), without a developer.
 *
 * - **Two steps.** `prepare*` validates and shows exactly what would be written, writing nothing;
 *   `commit*` writes it after the moderator confirmed, re-checking what may have changed meanwhile.
 * - **Atomic.** A file is written to a hidden temporary file in the same folder, flushed to disk
 *   (fsync), then moved into place in one step. A new file never replaces an existing one (it is
 *   hard-linked into place, which fails if the name is taken); an edit replaces its file by rename.
 * - **Nothing lost, nothing half-done.** A removed file is moved to `<dir>/.removed/`, which the
 *   loader ignores. Every failure leaves the knowledge folder as it was.
 * - **No duplicates.** The same link (normalised: scheme, `www.`, trailing slash, fragment and
 *   tracking parameters ignored), the same text (a hash of the passages) or the same id is refused.
 *
 * Every expected failure is a {@link StoreError} with a `code` and a message a moderator can act on.
 * A missing or unreadable folder is a `KnowledgeDirError` (from the loader), as everywhere else.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { Document, isMap, isScalar, parse as parseYaml, parseDocument, Scalar } from 'yaml';
import { parsePartialDate } from '../core/dates.ts';
import type { Source } from '../core/types.ts';
// Only the light modules of the ingest layer: the store must not load the HTML and PDF extractors.
import type { DraftSource } from './ingest/extract.ts';
import { isValidId, MAX_ID_LENGTH, suggestId, toKnowledgeFile } from './ingest/render.ts';
import { SOURCE_KINDS } from './ingest/text-rules.ts';
import { loadKnowledge } from './load.ts';
import type { KnowledgeSnapshot } from './load.ts';
import { isBinary, parseKnowledgeFile } from './parse.ts';
import type { KnowledgeIssue } from './parse.ts';
import { isHttpUrl } from '../core/text.ts';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export type StoreErrorCode = 'duplicate-url' | 'duplicate-content' | 'duplicate-id' | 'not-found' | 'invalid' | 'write-failed';

/** An expected failure of a store operation; `message` can be shown to the moderator as is. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  /** The knowledge file concerned: the existing duplicate, the file not written, the file at fault. */
  readonly file?: string;
  /** For `invalid`: the first field at fault (`published`, `url`, `id`, `front matter`, ...). */
  readonly field?: string;
  /** For `invalid`: every problem found, when there are several (the first is `field`). */
  readonly issues?: readonly { readonly field: string; readonly message: string }[];

  constructor(
    code: StoreErrorCode,
    message: string,
    options: { file?: string; field?: string; issues?: readonly { field: string; message: string }[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.file !== undefined) this.file = options.file;
    if (options.field !== undefined) this.field = options.field;
    if (options.issues !== undefined && options.issues.length > 0) this.issues = options.issues;
  }
}

export function isStoreError(value: unknown): value is StoreError {
  return value instanceof StoreError;
}

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

export interface PreparedAdd {
  id: string;
  /** File name the source will get: `<id>.md`. */
  file: string;
  /** The exact bytes (UTF-8) that will be written. */
  markdown: string;
  meta: { id: string; title: string; publisher: string; published: string; url: string; kind: string };
  /** The passage texts the engine will index, as parseKnowledgeFile reads them from `markdown`. */
  passages: string[];
}

export interface AddOverrides {
  id?: string;
  title?: string;
  publisher?: string;
  published?: string;
  url?: string;
  kind?: string;
}

export interface SourceEdit {
  title?: string;
  publisher?: string;
  published?: string;
  url?: string;
}

export interface PreparedEdit {
  before: SourceSummary;
  after: SourceSummary;
  file: string;
  /** The whole new file: the front matter rewritten, the body byte-for-byte as it was. */
  markdown: string;
  /**
   * SHA-256 of the file as it was read. commitEdit refuses to write if the file changed since.
   * (Pass the whole prepared object to commitEdit; without it, commitEdit falls back to comparing
   * the file's summary with `before`, which misses a change to the body alone.)
   */
  baseHash: string;
}

/** The few file-system calls the store makes: a seam for tests to simulate failing disks. */
export interface StoreFs {
  open(path: string, flags: string, mode?: number): Promise<StoreFileHandle>;
  readFile(path: string): Promise<Buffer>;
  link(existingPath: string, newPath: string): Promise<void>;
  rename(oldPath: string, newPath: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string): Promise<unknown>;
  rmdir(path: string): Promise<void>;
  lstat(path: string): Promise<{ mode: number; isFile(): boolean }>;
}

export interface StoreFileHandle {
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** Options of the writing operations. Production code passes nothing. */
export interface StoreOptions {
  /** Replaces some file-system calls (tests simulate write failures with it). */
  fs?: Partial<StoreFs>;
  /** Clock for the `.removed/` time stamp. Default: now. */
  now?: () => Date;
}

/** Where removed files are kept, inside the knowledge folder. The loader reads only top-level `*.md`. */
export const REMOVED_DIR = '.removed';

// ---------------------------------------------------------------------------------------------
// Reading the folder
// ---------------------------------------------------------------------------------------------

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

/**
 * Validates the whole folder as the bot would load it (every knowledge file and vocabulary.yml),
 * plus what only shows across files: two sources with the same link or the same text.
 * `ok` is false on any issue.
 */
export async function checkKnowledge(dir: string): Promise<{ ok: boolean; sources: number; issues: KnowledgeIssue[] }> {
  const snapshot = await loadKnowledge(dir);
  const issues = [...snapshot.issues];
  const byUrl = new Map<string, string>();
  const byText = new Map<string, string>();
  for (const source of snapshot.sources) {
    const file = snapshot.files.get(source.meta.id) ?? `${source.meta.id}.md`;
    const url = normaliseUrl(source.meta.url);
    const sameUrl = byUrl.get(url);
    if (sameUrl !== undefined) issues.push({ file, field: 'url', message: `same link as ${sameUrl}: one of the two should be removed` });
    else byUrl.set(url, file);
    const hash = contentHash(source.passages.map((p) => p.text));
    const sameText = byText.get(hash);
    if (sameText !== undefined) issues.push({ file, field: 'body', message: `same text as ${sameText}: one of the two should be removed` });
    else byText.set(hash, file);
  }
  return { ok: issues.length === 0, sources: snapshot.sources.length, issues };
}

// ---------------------------------------------------------------------------------------------
// Add
// ---------------------------------------------------------------------------------------------

/**
 * Validates a draft (from the ingest layer), with the moderator's overrides, into the exact file
 * that would be written, and checks it against the folder for duplicates (same normalised link,
 * same text, same id). Writes nothing.
 *
 * When neither the overrides nor the draft give an id, one is suggested from the publisher, year and
 * title; if another source already has it, `-2`, `-3`, ... is appended. An id chosen by the
 * moderator (or carried by the draft's front matter) is never changed: a clash is `duplicate-id`.
 */
export async function prepareAdd(dir: string, draft: DraftSource, overrides: AddOverrides = {}): Promise<PreparedAdd> {
  const fields = mergeDraft(draft, overrides);
  const folder = await scanFolder(dir);
  const chosen = overrides.id ?? (draft.id !== undefined && isValidId(draft.id) ? draft.id : undefined);
  let id = chosen ?? suggestId({ ...draft, ...fields });
  if (chosen === undefined) id = freeId(id, folder);
  const prepared = renderAdd(id, fields, draft.paragraphs);
  checkAddDuplicates({ ...prepared, url: prepared.meta.url }, folder);
  await assertFree(dir, prepared.file);
  return prepared;
}

/**
 * Writes a prepared source, atomically, re-checking duplicates against the folder as it is now.
 * Never overwrites: fails with `duplicate-id` if the file exists by then.
 */
export async function commitAdd(dir: string, prepared: PreparedAdd, options: StoreOptions = {}): Promise<SourceSummary> {
  const fs = storeFs(options);
  // The prepared object may have been kept (or tampered with) between the two steps: trust only its markdown.
  if (!isValidId(prepared.id) || prepared.file !== `${prepared.id}.md`) {
    throw new StoreError('invalid', `"${prepared.file}" is not the file name of id "${prepared.id}"`, { field: 'id', file: prepared.file });
  }
  const source = parseOrThrow(prepared.file, prepared.markdown);
  if (source.meta.id !== prepared.id) {
    throw new StoreError('invalid', `the file's id "${source.meta.id}" is not "${prepared.id}"`, { field: 'id', file: prepared.file });
  }
  return withDirLock(dir, async () => {
    const folder = await scanFolder(dir);
    checkAddDuplicates({ id: source.meta.id, file: prepared.file, url: source.meta.url, passages: source.passages.map((p) => p.text) }, folder);
    await createFileAtomically(fs, dir, prepared.file, prepared.markdown);
    return summarize(source, prepared.file);
  });
}

interface AddFields {
  title: string;
  publisher: string;
  published: string;
  url: string;
  kind: string;
}

function mergeDraft(draft: DraftSource, overrides: AddOverrides): AddFields {
  const problems: { field: string; message: string }[] = [];
  const text = (field: string, value: string | undefined, missing: string): string => {
    const v = value === undefined ? '' : oneLine(value);
    if (v === '') problems.push({ field, message: missing });
    return v;
  };
  const title = text('title', overrides.title ?? draft.title, 'missing');
  const publisher = text('publisher', overrides.publisher ?? draft.publisher, 'missing: the source does not say who published it');
  const published = text('published', overrides.published ?? draft.published, 'missing: the source gives no publication date');
  if (published !== '' && !isKnowledgeDate(published)) problems.push({ field: 'published', message: dateMessage(published) });
  const url = text('url', overrides.url ?? draft.url, 'missing: a link to the source is required');
  if (url !== '' && !isHttpUrl(url)) problems.push({ field: 'url', message: `"${url}" is not an http(s) link` });
  if (overrides.id !== undefined && !isValidId(overrides.id)) {
    problems.push({ field: 'id', message: `"${overrides.id}" must be lowercase letters, digits and single dashes, at most ${MAX_ID_LENGTH} characters` });
  }
  let kind = draft.kind;
  if (overrides.kind !== undefined) {
    kind = overrides.kind.trim();
    if (!(SOURCE_KINDS as readonly string[]).includes(kind)) problems.push({ field: 'kind', message: `"${kind}" is not a kind (one of: ${SOURCE_KINDS.join(', ')})` });
  }
  if (problems.length > 0) throw invalid(problems);
  return { title, publisher, published, url, kind };
}

function renderAdd(id: string, fields: AddFields, paragraphs: readonly string[]): PreparedAdd {
  const file = `${id}.md`;
  const markdown = toKnowledgeFile({ ...fields, id, paragraphs: [...paragraphs] });
  const source = parseOrThrow(file, markdown);
  const m = source.meta;
  return {
    id,
    file,
    markdown,
    meta: { id: m.id, title: m.title, publisher: m.publisher, published: m.published, url: m.url, kind: m.kind },
    passages: source.passages.map((p) => p.text),
  };
}

function checkAddDuplicates(add: { id: string; file: string; url: string; passages: readonly string[] }, folder: FolderEntry[]): void {
  const url = normaliseUrl(add.url);
  const sameUrl = folder.find((e) => e.url !== undefined && normaliseUrl(e.url) === url);
  if (sameUrl) {
    throw new StoreError('duplicate-url', `This link is already in the knowledge base: ${sameUrl.file}${describeEntry(sameUrl)}.`, { file: sameUrl.file });
  }
  const hash = contentHash(add.passages);
  const sameText = folder.find((e) => e.contentHash === hash);
  if (sameText) {
    throw new StoreError('duplicate-content', `The same text is already in the knowledge base, under another link: ${sameText.file}${describeEntry(sameText)}.`, {
      file: sameText.file,
    });
  }
  const sameId = folder.find((e) => e.id === add.id || e.file === add.file);
  if (sameId) throw new StoreError('duplicate-id', `The id "${add.id}" is already used by ${sameId.file}: choose another id.`, { file: sameId.file });
}

/** A suggested id that no file uses yet: `x`, else `x-2`, `x-3`, ... (kept within the length limit). */
function freeId(id: string, folder: FolderEntry[]): string {
  const taken = (candidate: string): boolean => folder.some((e) => e.id === candidate || e.file === `${candidate}.md`);
  if (!taken(id)) return id;
  for (let n = 2; ; n++) {
    const suffix = `-${n}`;
    const candidate = `${id.slice(0, MAX_ID_LENGTH - suffix.length).replace(/-+$/, '')}${suffix}`;
    if (!taken(candidate)) return candidate;
  }
}

/** The name may be taken by something the loader does not list (a folder, an unreadable file). */
async function assertFree(dir: string, file: string): Promise<void> {
  try {
    await nodeFs.lstat(join(dir, file));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw e;
  }
  throw new StoreError('duplicate-id', `A file named ${file} already exists in the knowledge folder: choose another id.`, { file });
}

// ---------------------------------------------------------------------------------------------
// Remove
// ---------------------------------------------------------------------------------------------

/**
 * Removes source `id` from the knowledge base by moving its file to `<dir>/.removed/<file>.<time>`,
 * so nothing is lost. A file that does not load (a broken date, say) is found by the id in its front
 * matter, so it can be removed too.
 */
export async function removeSource(dir: string, id: string, options: StoreOptions = {}): Promise<{ removed: SourceSummary; keptAt: string }> {
  const fs = storeFs(options);
  const now = options.now ?? (() => new Date());
  return withDirLock(dir, async () => {
    const entry = findEntry(await scanFolder(dir), id);
    const removedDir = join(dir, REMOVED_DIR);
    let created = false;
    try {
      await fs.mkdir(removedDir);
      created = true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw writeFailed(entry.file, 'could not create the .removed folder', e);
    }
    const stamp = now().toISOString().replace(/[:.]/g, '-');
    const from = join(dir, entry.file);
    try {
      for (let n = 1; ; n++) {
        const keptAt = join(removedDir, `${entry.file}.${stamp}${n === 1 ? '' : `-${n}`}`);
        try {
          await moveNoReplace(fs, from, keptAt);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code === 'EEXIST' && n < 100) continue;
          throw e;
        }
        await syncDir(fs, dir);
        return { removed: entry.summary, keptAt };
      }
    } catch (e) {
      if (created) await fs.rmdir(removedDir).catch(() => undefined);
      throw writeFailed(entry.file, 'could not move it to .removed', e);
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Edit
// ---------------------------------------------------------------------------------------------

const EDITABLE = ['title', 'publisher', 'published', 'url'] as const;

/**
 * Rewrites the given front-matter fields of source `id`: only those values change (comments, order
 * and the other fields stay as written) and the body is kept byte-for-byte. The result must load:
 * otherwise StoreError('invalid') names the field. A file that does not load yet is found by the id
 * in its front matter, so a broken field can be fixed. Writes nothing.
 */
export async function prepareEdit(dir: string, id: string, edit: SourceEdit): Promise<PreparedEdit> {
  const changes = normaliseEdit(edit);
  const folder = await scanFolder(dir);
  const entry = findEntry(folder, id);
  const bytes = await nodeFs.readFile(join(dir, entry.file));
  if (isBinary(bytes)) throw new StoreError('invalid', `${entry.file} is not UTF-8 text`, { field: 'content', file: entry.file });
  const markdown = rewriteFrontMatter(bytes.toString('utf8'), changes, entry.file);
  const result = parseKnowledgeFile(entry.file, markdown);
  if (!result.ok) {
    const edited = new Set<string>(Object.keys(changes));
    const issues = [...result.issues].sort((a, b) => Number(edited.has(b.field)) - Number(edited.has(a.field)));
    throw invalid(issues, entry.file);
  }
  if (result.source.meta.id !== entry.id) throw new StoreError('invalid', 'the edit would change the id', { field: 'id', file: entry.file });
  if (changes.url !== undefined) checkUrlFree(changes.url, folder, entry.file);
  return { before: entry.summary, after: summarize(result.source, entry.file), file: entry.file, markdown, baseHash: sha256(bytes) };
}

/**
 * Writes a prepared edit atomically. Fails with `write-failed` if the file changed (or went) since
 * it was prepared, and re-checks that no other source took the new link meanwhile.
 */
export async function commitEdit(
  dir: string,
  prepared: { file: string; markdown: string; before: SourceSummary; baseHash?: string },
  options: StoreOptions = {},
): Promise<SourceSummary> {
  const fs = storeFs(options);
  const { file } = prepared;
  if (!isPlainKnowledgeName(file)) throw new StoreError('invalid', `"${file}" is not a knowledge file name`, { field: 'file', file });
  const source = parseOrThrow(file, prepared.markdown);
  if (source.meta.id !== prepared.before.id) {
    throw new StoreError('invalid', `the edit would change the id from "${prepared.before.id}" to "${source.meta.id}"`, { field: 'id', file });
  }
  return withDirLock(dir, async () => {
    const path = join(dir, file);
    let current: Buffer;
    try {
      current = await fs.readFile(path);
    } catch (e) {
      throw writeFailed(file, 'it was removed or renamed since the edit was prepared; nothing was written', e);
    }
    const changed =
      prepared.baseHash !== undefined
        ? sha256(current) !== prepared.baseHash
        : !isDeepStrictEqual(currentSummary(file, current), prepared.before);
    if (changed) throw writeFailed(file, 'it changed since the edit was prepared; nothing was written, prepare the edit again');
    const folder = await scanFolder(dir);
    if (normaliseUrl(source.meta.url) !== normaliseUrl(prepared.before.url)) checkUrlFree(source.meta.url, folder, file);
    let mode: number | undefined;
    try {
      mode = (await fs.lstat(path)).mode & 0o777;
    } catch {
      mode = undefined;
    }
    await replaceFileAtomically(fs, dir, file, prepared.markdown, mode);
    return summarize(source, file);
  });
}

function normaliseEdit(edit: SourceEdit): Partial<Record<(typeof EDITABLE)[number], string>> {
  const out: Partial<Record<(typeof EDITABLE)[number], string>> = {};
  const problems: { field: string; message: string }[] = [];
  for (const field of EDITABLE) {
    const raw = edit[field];
    if (raw === undefined) continue;
    const value = oneLine(raw);
    if (value === '') problems.push({ field, message: 'cannot be empty' });
    else if (field === 'published' && !isKnowledgeDate(value)) problems.push({ field, message: dateMessage(value) });
    else if (field === 'url' && !isHttpUrl(value)) problems.push({ field, message: `"${value}" is not an http(s) link` });
    out[field] = value;
  }
  if (problems.length > 0) throw invalid(problems);
  return out;
}

function checkUrlFree(url: string, folder: FolderEntry[], ownFile: string): void {
  const target = normaliseUrl(url);
  const other = folder.find((e) => e.file !== ownFile && e.url !== undefined && normaliseUrl(e.url) === target);
  if (other) throw new StoreError('duplicate-url', `This link is already used by ${other.file}${describeEntry(other)}.`, { file: other.file });
}

function currentSummary(file: string, bytes: Buffer): SourceSummary | undefined {
  if (isBinary(bytes)) return undefined;
  const result = parseKnowledgeFile(file, bytes.toString('utf8'));
  return result.ok ? summarize(result.source, file) : looseSummary(file, bytes.toString('utf8'));
}

/**
 * Replaces the values of some top-level front-matter keys, leaving every other byte of the file as
 * it was. Each value is spliced in where the old one stood (or appended, for a new key); the result
 * is checked by re-reading the YAML, and if splicing could not be proven right (a block scalar, an
 * empty value) the front matter is re-serialised by the yaml library instead, and checked again.
 */
export function rewriteFrontMatter(text: string, changes: Readonly<Record<string, string>>, file = 'file'): string {
  const m = /^(\uFEFF?---\r?\n)([\s\S]*?)(\r?\n---[ \t]*(?:\r?\n|$))/.exec(text);
  if (!m) throw new StoreError('invalid', 'the file has no front matter to edit', { field: 'front matter', file });
  const [whole, open = '', rawFront = '', close = ''] = m;
  const crlf = open.endsWith('\r\n');
  const front = crlf ? rawFront.replace(/\r\n/g, '\n') : rawFront;
  const doc = parseDocument(front);
  if (doc.errors.length > 0 || !isMap(doc.contents)) {
    throw new StoreError('invalid', 'the front matter is not valid YAML fields; fix it by hand first', { field: 'front matter', file });
  }
  let expected: unknown;
  try {
    expected = { ...(parseYaml(front) as Record<string, unknown>), ...changes };
  } catch {
    throw new StoreError('invalid', 'the front matter is not valid YAML; fix it by hand first', { field: 'front matter', file });
  }
  const proven = (candidate: string): boolean => {
    try {
      return isDeepStrictEqual(parseYaml(candidate), expected);
    } catch {
      return false;
    }
  };

  let next = spliceValues(front, doc.contents.items, changes);
  if (next === undefined || !proven(next)) {
    const whole2 = parseDocument(front);
    for (const [key, value] of Object.entries(changes)) whole2.set(key, value);
    next = whole2.toString({ lineWidth: 0 }).replace(/\n$/, '');
    if (!proven(next)) throw new StoreError('invalid', 'the front matter could not be rewritten safely; edit the file by hand', { field: 'front matter', file });
  }
  return `${open}${crlf ? next.replace(/\n/g, '\r\n') : next}${close}${text.slice(whole.length)}`;
}

function spliceValues(front: string, items: readonly unknown[], changes: Readonly<Record<string, string>>): string | undefined {
  const splices: { start: number; end: number; text: string }[] = [];
  const appended: string[] = [];
  for (const [key, value] of Object.entries(changes)) {
    const pair = items.find((p): p is { key: unknown; value: unknown } => isPairWithKey(p, key));
    if (!pair) {
      appended.push(`${key}: ${yamlScalar(value)}`);
      continue;
    }
    const node = pair.value;
    if (!isScalar(node) || !node.range || node.type === Scalar.BLOCK_FOLDED || node.type === Scalar.BLOCK_LITERAL) return undefined;
    const quoted = node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE ? node.type : undefined;
    splices.push({ start: node.range[0], end: node.range[1], text: yamlScalar(value, quoted) });
  }
  let out = front;
  for (const s of splices.sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + s.text + out.slice(s.end);
  if (appended.length > 0) out = `${out}${out === '' || out.endsWith('\n') ? '' : '\n'}${appended.join('\n')}`;
  return out;
}

function isPairWithKey(p: unknown, key: string): boolean {
  if (p === null || typeof p !== 'object' || !('key' in p)) return false;
  const k = (p as { key: unknown }).key;
  return isScalar(k) && k.value === key;
}

/** A string as one YAML scalar: quoted in the given style (the old value's), else only when it must be. */
function yamlScalar(value: string, quote?: Scalar.Type): string {
  const doc = new Document(value);
  if (quote !== undefined && isScalar(doc.contents)) doc.contents.type = quote;
  return doc.toString({ lineWidth: 0 }).replace(/\n$/, '');
}

// ---------------------------------------------------------------------------------------------
// The folder as the store sees it
// ---------------------------------------------------------------------------------------------

interface FolderEntry {
  file: string;
  /** From the front matter, even when the file does not load. */
  id?: string;
  url?: string;
  /** Of the passages, for files that load. */
  contentHash?: string;
  summary: SourceSummary;
}

/**
 * Every knowledge file the loader considers: the sources that load, and the files that do not
 * (read leniently, for their id and link, so a broken file still blocks a duplicate and can still
 * be edited or removed by id).
 */
async function scanFolder(dir: string): Promise<FolderEntry[]> {
  const snapshot: KnowledgeSnapshot = await loadKnowledge(dir);
  const entries: FolderEntry[] = snapshot.sources.map((source) => {
    const file = snapshot.files.get(source.meta.id) ?? `${source.meta.id}.md`;
    return { file, id: source.meta.id, url: source.meta.url, contentHash: contentHash(source.passages.map((p) => p.text)), summary: summarize(source, file) };
  });
  const loaded = new Set(entries.map((e) => e.file));
  const broken = [...new Set(snapshot.issues.map((i) => i.file))].filter((f) => f.endsWith('.md') && !loaded.has(f)).sort();
  for (const file of broken) {
    let text = '';
    try {
      const bytes = await nodeFs.readFile(join(dir, file));
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
function looseSummary(file: string, text: string): SourceSummary {
  let data: Record<string, unknown> = {};
  const m = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/.exec(text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n'));
  if (m) {
    try {
      const parsed: unknown = parseYaml(m[1] ?? '');
      if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) data = parsed as Record<string, unknown>;
    } catch {
      data = {};
    }
  }
  const s = (key: string): string => (typeof data[key] === 'string' ? (data[key] as string).trim() : '');
  return { id: s('id'), file, title: s('title'), publisher: s('publisher'), published: s('published'), url: s('url'), kind: s('kind'), passages: 0 };
}

function findEntry(folder: FolderEntry[], id: string): FolderEntry & { id: string } {
  const entry = folder.find((e) => e.contentHash !== undefined && e.id === id) ?? folder.find((e) => e.id === id);
  if (!entry || entry.id === undefined) throw new StoreError('not-found', `No source has the id "${id}". \`kb list\` (or /sources) shows the ids.`);
  return entry as FolderEntry & { id: string };
}

function describeEntry(e: FolderEntry): string {
  const parts = [e.summary.title && `"${e.summary.title}"`, e.summary.publisher, e.summary.published].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

// ---------------------------------------------------------------------------------------------
// Duplicates
// ---------------------------------------------------------------------------------------------

const TRACKING = /^(?:utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|at_medium|at_campaign|at_custom\d*|ocid|cmpid|ns_mchannel|ns_source|ns_campaign|ns_linkname|ns_fee)$/i;

/**
 * A link reduced to what identifies the page: http and https, `www.` or not, a trailing slash, the
 * fragment, default ports, tracking parameters (`utm_*`, `fbclid`, ...) and the order of the other
 * parameters do not matter. A string that is not a URL is returned trimmed.
 */
export function normaliseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return url.trim();
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return u.href;
  const host = u.hostname.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
  const port = u.port === '' || u.port === '80' || u.port === '443' ? '' : `:${u.port}`;
  const path = u.pathname.replace(/\/+$/, '') || '/';
  const params = [...u.searchParams.entries()].filter(([k]) => !TRACKING.test(k)).sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1));
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
  return `//${host}${port}${path}${query}`;
}

/**
 * A hash of a source's text: its passages in order, compared without regard to case, spacing,
 * Unicode forms, quote and dash styles (a syndicated copy often differs only in those).
 */
export function contentHash(passages: readonly string[]): string {
  const norm = passages.map((p) =>
    p
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[‘’‚‛′]/g, "'")
      .replace(/[“”„‟″]/g, '"')
      .replace(/[‐‑‒–—―]/g, '-')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  return sha256(norm.join('\n'));
}

function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

// ---------------------------------------------------------------------------------------------
// Validation helpers
// ---------------------------------------------------------------------------------------------

function parseOrThrow(file: string, markdown: string): Source {
  const result = parseKnowledgeFile(file, markdown);
  if (!result.ok) throw invalid(result.issues, file);
  return result.source;
}

function invalid(problems: readonly { field: string; message: string }[], file?: string): StoreError {
  const first = problems[0] ?? { field: 'content', message: 'invalid' };
  const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  return new StoreError('invalid', message, {
    field: first.field,
    issues: problems.map((p) => ({ field: p.field, message: p.message })),
    ...(file !== undefined && { file }),
  });
}

function isKnowledgeDate(value: string): boolean {
  return /^\d{4}-\d{2}(-\d{2})?$/.test(value) && parsePartialDate(value) !== undefined;
}

function dateMessage(value: string): string {
  return `"${value}" is not a date: use YYYY-MM-DD, or YYYY-MM when only the month is known`;
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

/** A top-level knowledge file name: no folders, not hidden, `.md`. */
function isPlainKnowledgeName(file: string): boolean {
  return /^[^/\\]+\.md$/.test(file) && !file.startsWith('.') && file !== '..';
}

// ---------------------------------------------------------------------------------------------
// Writing
// ---------------------------------------------------------------------------------------------

const realFs: StoreFs = {
  open: (path, flags, mode) => nodeFs.open(path, flags, mode),
  readFile: (path) => nodeFs.readFile(path),
  link: (a, b) => nodeFs.link(a, b),
  rename: (a, b) => nodeFs.rename(a, b),
  unlink: (p) => nodeFs.unlink(p),
  mkdir: (p) => nodeFs.mkdir(p),
  rmdir: (p) => nodeFs.rmdir(p),
  lstat: (p) => nodeFs.lstat(p),
};

function storeFs(options: StoreOptions): StoreFs {
  return { ...realFs, ...options.fs };
}

function writeFailed(file: string, what: string, cause?: unknown): StoreError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? ' (the folder is not writable)' : code === 'ENOSPC' ? ' (the disk is full)' : '';
  return new StoreError('write-failed', `Could not write ${file}: ${what}${reason}. The knowledge folder is unchanged.`, {
    file,
    ...(cause !== undefined && { cause }),
  });
}

/** `.<file>.<random>.tmp`: hidden and not `*.md`, so neither the loader nor the watcher reads it. */
function tempName(file: string): string {
  return `.${file}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`;
}

/** Writes and flushes a new temporary file; removes it again if anything fails. */
async function writeTemp(fs: StoreFs, dir: string, file: string, content: string, mode?: number): Promise<string> {
  const tmp = join(dir, tempName(file));
  let handle: StoreFileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', mode ?? 0o644);
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    return tmp;
  } catch (e) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.unlink(tmp).catch(() => undefined);
    throw writeFailed(file, 'writing the new file failed', e);
  }
}

async function createFileAtomically(fs: StoreFs, dir: string, file: string, content: string): Promise<void> {
  const tmp = await writeTemp(fs, dir, file, content);
  try {
    await moveNoReplace(fs, tmp, join(dir, file));
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new StoreError('duplicate-id', `A file named ${file} appeared in the knowledge folder meanwhile: nothing was written.`, { file });
    }
    throw writeFailed(file, 'moving the new file into place failed', e);
  }
  await syncDir(fs, dir);
}

async function replaceFileAtomically(fs: StoreFs, dir: string, file: string, content: string, mode?: number): Promise<void> {
  const tmp = await writeTemp(fs, dir, file, content, mode);
  try {
    await fs.rename(tmp, join(dir, file));
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    throw writeFailed(file, 'replacing the file failed', e);
  }
  await syncDir(fs, dir);
}

/**
 * Moves `from` to `to` unless `to` exists (then fails with EEXIST). A hard link is created and the
 * old name removed, so an existing file is never replaced (rename would replace it). On file systems
 * without hard links, falls back to check-then-rename.
 */
async function moveNoReplace(fs: StoreFs, from: string, to: string): Promise<void> {
  try {
    await fs.link(from, to);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS' && code !== 'EXDEV') throw e;
    const exists = await fs.lstat(to).then(
      () => true,
      () => false,
    );
    if (exists) throw Object.assign(new Error(`${to} exists`), { code: 'EEXIST' });
    await fs.rename(from, to);
    return;
  }
  try {
    await fs.unlink(from);
  } catch (e) {
    // Undo, so that the file is in exactly one place.
    await fs.unlink(to).catch(() => undefined);
    throw e;
  }
}

/** Makes the new directory entry durable. Best effort: some platforms cannot fsync a folder. */
async function syncDir(fs: StoreFs, dir: string): Promise<void> {
  try {
    const handle = await fs.open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Not fatal: the data itself was flushed before the rename.
  }
}

// ---------------------------------------------------------------------------------------------
// One writer at a time per folder (within this process)
// ---------------------------------------------------------------------------------------------

const locks = new Map<string, Promise<void>>();

/**
 * Runs writing operations on one folder one after another, so that the checks a commit makes still
 * hold when it writes. (Between processes, e.g. `kb` beside the bot, the window is the few
 * microseconds between the last check and the rename; a new file still never replaces another.)
 */
async function withDirLock<T>(dir: string, fn: () => Promise<T>): Promise<T> {
  const key = resolve(dir);
  const previous = locks.get(key) ?? Promise.resolve();
  let release!: () => void;
  const mine = new Promise<void>((r) => (release = r));
  const tail = previous.then(() => mine);
  locks.set(key, tail);
  await previous;
  try {
    return await fn();
  } finally {
    release();
    if (locks.get(key) === tail) locks.delete(key);
  }
}
