/**
 * The knowledge store: adds, edits and removes knowledge files safely, for moderators (through
 * Discord or the `kb` terminal command), without a developer.
 *
 * - **Two steps.** `prepare*` validates and shows exactly what would be written, writing nothing;
 *   `commit*` writes it after the moderator confirmed, re-checking what may have changed meanwhile.
 * - **Atomic.** Files are written through src/files.ts: a new file never replaces an existing one
 *   (`createFileExclusive`); an edit replaces its file in one step (`writeFileAtomic`).
 * - **Nothing lost, nothing half-done.** A removed file is moved to `<dir>/.removed/`, which the
 *   loader ignores. Every failure leaves the knowledge folder as it was.
 * - **No duplicates.** The same link (normalised: scheme, `www.`, trailing slash, fragment and
 *   tracking parameters ignored), the same text (a hash of the passages) or the same id is refused.
 *
 * The folder as the store reads it is folder.ts; duplicate detection is duplicates.ts; the file
 * format (front matter, id, date and kind rules) is file-format.ts.
 *
 * Every expected failure is a {@link StoreError} with a `code` and a message a moderator can act on.
 * A missing or unreadable folder is a `KnowledgeDirError` (from the loader), as everywhere else.
 */
import { readFile, lstat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Source } from '../core/types.ts';
import { isHttpUrl } from '../core/text.ts';
import { createFileExclusive, FileWriteError, moveNoReplace, syncDir, withFs, writeFileAtomic, type FileHandle, type FileSystem } from '../files.ts';
import { contentHash, normaliseUrl, sha256 } from './duplicates.ts';
import { invalid, StoreError, writeFailed } from './errors.ts';
import { dateMessage, idMessage, isKnowledgeDate, isSourceKind, isValidId, MAX_ID_LENGTH, rewriteFrontMatter, SOURCE_KINDS, toKnowledgeFile } from './file-format.ts';
import { describeEntry, findEntry, isPlainKnowledgeName, looseSummary, REMOVED_DIR, scanFolder, summarize, type FolderEntry, type SourceSummary } from './folder.ts';
// Only the light modules of the ingest layer: the store must not load the HTML and PDF extractors.
import { suggestId } from './ingest/suggest-id.ts';
import type { DraftSource } from './ingest/types.ts';
import { isBinary, parseKnowledgeFile } from './parse.ts';
import { editEvents, proposeEvents, type EventEdit, type ProposedEvent } from './events.ts';
import { findOverlaps, type Overlap } from './overlaps.ts';
import type { SourceEvent } from '../core/types.ts';

// The store's public face: callers import the store's whole API from here.
export { checkKnowledge, contentHash, normaliseUrl } from './duplicates.ts';
export { isStoreError, StoreError, type StoreErrorCode } from './errors.ts';
export { rewriteFrontMatter } from './file-format.ts';
export { findSource, listSources, REMOVED_DIR, summarize, type SourceSummary } from './folder.ts';

// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

export interface PreparedAdd {
  id: string;
  /** File name the source will get: `<id>.md`. */
  file: string;
  /** The exact bytes (UTF-8) that will be written. */
  markdown: string;
  meta: { id: string; title: string; publisher: string; published: string; url: string; kind: string };
  /** The passage texts the engine will index, as parseKnowledgeFile reads them from `markdown`. */
  passages: string[];
  /** Events the text reports (events.ts), for the moderator to keep or drop: not in `markdown` until kept (`keepEvents`). */
  proposedEvents?: ProposedEvent[];
  /**
   * Values the page suggests but does not state (a date in its text, its site's name, its heading
   * for a generic title), each with whether it is in `markdown` (`used`: only with `acceptProposals`).
   */
  proposals?: ShownProposal[];
  /** Existing sources that already have some of these passages, in the same or nearly the same words. */
  overlaps?: Overlap[];
}

/** A proposal as the preview shows it. */
export interface ShownProposal {
  readonly field: 'title' | 'published' | 'publisher';
  readonly value: string;
  /** Where it was found, in the page's words. */
  readonly from: string;
  /** True when the file to be written has it (the moderator accepts it by confirming). */
  readonly used: boolean;
  /** The page's own value it would replace (a generic title). */
  readonly instead?: string;
}

export interface AddOptions {
  /**
   * Put the page's proposals (`DraftSource.proposed`) in the file where the moderator gave no value:
   * only for a face that shows them and then asks for confirmation. Default false: a missing date or
   * publisher is refused with the proposal named, and a generic title is kept.
   */
  acceptProposals?: boolean;
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
  /** Events to add and remove, as moderators type them (events.ts). */
  events?: EventEdit;
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
  /** The source's events before and after the edit. */
  events?: { before: SourceEvent[]; after: SourceEvent[] };
}

/** The file-system seam of the writing operations (see src/files.ts). */
export type StoreFs = FileSystem;
export type StoreFileHandle = FileHandle;

/** Options of the writing operations. Production code passes nothing. */
export interface StoreOptions {
  /** Replaces some file-system calls (tests simulate write failures with it). */
  fs?: Partial<StoreFs>;
  /** Clock for the `.removed/` time stamp. Default: now. */
  now?: () => Date;
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
export async function prepareAdd(dir: string, draft: DraftSource, overrides: AddOverrides = {}, options: AddOptions = {}): Promise<PreparedAdd> {
  const { proposals, ...fields } = mergeDraft(draft, overrides, options.acceptProposals === true);
  const folder = await scanFolder(dir);
  const chosen = overrides.id ?? (draft.id !== undefined && isValidId(draft.id) ? draft.id : undefined);
  let id = chosen ?? suggestId({ ...draft, ...fields });
  if (chosen === undefined) id = freeId(id, folder);
  const prepared = renderAdd(id, fields, draft.paragraphs);
  checkAddDuplicates({ ...prepared, url: prepared.meta.url }, folder);
  await assertFree(dir, prepared.file);
  const overlaps = findOverlaps(prepared.passages, folder.flatMap((e) => (e.passages ? [{ source: e.summary, passages: e.passages }] : [])));
  return {
    ...prepared,
    proposedEvents: proposeEvents(prepared.passages, prepared.meta.published),
    ...(proposals.length > 0 && { proposals }),
    ...(overlaps.length > 0 && { overlaps }),
  };
}

/**
 * Writes a prepared source, atomically, re-checking duplicates against the folder as it is now.
 * Never overwrites: fails with `duplicate-id` if the file exists by then.
 */
export async function commitAdd(dir: string, prepared: PreparedAdd, options: StoreOptions = {}): Promise<SourceSummary> {
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
    await createKnowledgeFile(options, dir, prepared.file, prepared.markdown);
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

function mergeDraft(draft: DraftSource, overrides: AddOverrides, accept: boolean): AddFields & { proposals: ShownProposal[] } {
  const problems: { field: string; message: string }[] = [];
  const text = (field: string, value: string | undefined, missing: string): string => {
    const v = value === undefined ? '' : oneLine(value);
    if (v === '') problems.push({ field, message: missing });
    return v;
  };
  // A proposal is used only where the moderator gave no value, and only when accepted; otherwise a
  // missing date or publisher is refused with the proposal named.
  const proposals: ShownProposal[] = [];
  const propose = (field: ShownProposal['field'], given: string | undefined, page: string | undefined): string | undefined => {
    const p = draft.proposed?.[field];
    if (!p || given !== undefined || (field !== 'title' && page !== undefined)) return given ?? page;
    proposals.push({ field, value: p.value, from: p.from, used: accept, ...(page !== undefined && { instead: page }) });
    return accept ? p.value : page;
  };
  const proposal = (p: { value: string; from: string } | undefined): string => (p ? `; ${p.from}: give ${p.value} if that is right` : '');
  const title = text('title', propose('title', overrides.title, draft.title), 'missing');
  const publisher = text('publisher', propose('publisher', overrides.publisher, draft.publisher), `missing: the source does not say who published it${proposal(draft.proposed?.publisher)}`);
  const published = text('published', propose('published', overrides.published, draft.published), `missing: the source gives no machine-readable publication date${proposal(draft.proposed?.published)}`);
  if (published !== '' && !isKnowledgeDate(published)) problems.push({ field: 'published', message: dateMessage(published) });
  const url = text('url', overrides.url ?? draft.url, 'missing: a link to the source is required');
  if (url !== '' && !isHttpUrl(url)) problems.push({ field: 'url', message: `"${url}" is not an http(s) link` });
  if (overrides.id !== undefined && !isValidId(overrides.id)) {
    problems.push({ field: 'id', message: idMessage(overrides.id) });
  }
  let kind = draft.kind;
  if (overrides.kind !== undefined) {
    kind = overrides.kind.trim();
    if (!isSourceKind(kind)) problems.push({ field: 'kind', message: `"${kind}" is not a kind (one of: ${SOURCE_KINDS.join(', ')})` });
  }
  if (problems.length > 0) throw invalid(problems);
  return { title, publisher, published, url, kind, proposals };
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
    await lstat(join(dir, file));
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
  const fs = withFs(options.fs);
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
  const bytes = await readFile(join(dir, entry.file));
  if (isBinary(bytes)) throw new StoreError('invalid', `${entry.file} is not UTF-8 text`, { field: 'content', file: entry.file });
  const edited = editEvents(Object.keys(changes).length > 0 ? rewriteFrontMatter(bytes.toString('utf8'), changes, entry.file) : bytes.toString('utf8'), entry.file, edit.events ?? {});
  const markdown = edited.markdown;
  const result = parseKnowledgeFile(entry.file, markdown);
  if (!result.ok) {
    const edited = new Set<string>(Object.keys(changes));
    const issues = [...result.issues].sort((a, b) => Number(edited.has(b.field)) - Number(edited.has(a.field)));
    throw invalid(issues, entry.file);
  }
  if (result.source.meta.id !== entry.id) throw new StoreError('invalid', 'the edit would change the id', { field: 'id', file: entry.file });
  if (changes.url !== undefined) checkUrlFree(changes.url, folder, entry.file);
  return { before: entry.summary, after: summarize(result.source, entry.file), file: entry.file, markdown, baseHash: sha256(bytes), events: { before: edited.before, after: edited.after } };
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
  const fs = withFs(options.fs);
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
    await replaceKnowledgeFile(options, dir, file, prepared.markdown, mode);
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

// ---------------------------------------------------------------------------------------------
// Validation helpers
// ---------------------------------------------------------------------------------------------

function parseOrThrow(file: string, markdown: string): Source {
  const result = parseKnowledgeFile(file, markdown);
  if (!result.ok) throw invalid(result.issues, file);
  return result.source;
}

function oneLine(value: string): string {
  return value.replace(/\s+/g, ' ').trim();
}

// ---------------------------------------------------------------------------------------------
// Writing, through the one atomic writer (src/files.ts), in the store's words
// ---------------------------------------------------------------------------------------------

async function createKnowledgeFile(options: StoreOptions, dir: string, file: string, content: string): Promise<void> {
  try {
    await createFileExclusive(join(dir, file), content, { ...(options.fs && { fs: options.fs }) });
  } catch (e) {
    if (e instanceof FileWriteError && e.stage === 'move' && e.code === 'EEXIST') {
      throw new StoreError('duplicate-id', `A file named ${file} appeared in the knowledge folder meanwhile: nothing was written.`, { file });
    }
    throw writeFailed(file, e instanceof FileWriteError && e.stage === 'move' ? 'moving the new file into place failed' : 'writing the new file failed', e);
  }
}

async function replaceKnowledgeFile(options: StoreOptions, dir: string, file: string, content: string, mode?: number): Promise<void> {
  try {
    await writeFileAtomic(join(dir, file), content, { ...(mode !== undefined && { mode }), ...(options.fs && { fs: options.fs }) });
  } catch (e) {
    throw writeFailed(file, e instanceof FileWriteError && e.stage === 'move' ? 'replacing the file failed' : 'writing the new file failed', e);
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
