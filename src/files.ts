/**
 * The one home of durable file writing: appending a JSON line (the audit log, the review queue),
 * replacing a file atomically (an edited knowledge file, the compacted review queue, the index
 * cache) and creating a new file that never replaces an existing one (an added knowledge file).
 *
 * Every write goes to a hidden temporary file in the target's own folder (so the final rename stays
 * on one file system), named `.<name>.<pid>-<random>.tmp` (unique between processes and calls, and
 * not `*.md`, so neither the knowledge loader nor the watcher reads it), flushed (fsync), then moved
 * into place in one step; the folder is flushed after (best effort). On failure the temporary file
 * is removed and the target is as it was.
 *
 * Errors are the file system's own (`code` = `EEXIST`, `ENOSPC`, ...), with a {@link FileWriteError}
 * `stage` saying which step failed, so each caller words them for its own readers.
 */
import { randomBytes } from 'node:crypto';
import * as nodeFs from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/** The few file-system calls the writers make: a seam for tests to simulate failing disks. */
export interface FileSystem {
  open(path: string, flags: string, mode?: number): Promise<FileHandle>;
  readFile(path: string): Promise<Buffer>;
  link(existingPath: string, newPath: string): Promise<void>;
  rename(oldPath: string, newPath: string): Promise<void>;
  unlink(path: string): Promise<void>;
  mkdir(path: string): Promise<unknown>;
  rmdir(path: string): Promise<void>;
  lstat(path: string): Promise<{ mode: number; isFile(): boolean }>;
}

export interface FileHandle {
  writeFile(data: string | Uint8Array): Promise<void>;
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** The real file system. */
export const realFs: FileSystem = {
  open: (path, flags, mode) => nodeFs.open(path, flags, mode),
  readFile: (path) => nodeFs.readFile(path),
  link: (a, b) => nodeFs.link(a, b),
  rename: (a, b) => nodeFs.rename(a, b),
  unlink: (p) => nodeFs.unlink(p),
  mkdir: (p) => nodeFs.mkdir(p),
  rmdir: (p) => nodeFs.rmdir(p),
  lstat: (p) => nodeFs.lstat(p),
};

/** The real file system with some calls replaced (tests simulate failures with it). */
export function withFs(fs: Partial<FileSystem> = {}): FileSystem {
  return { ...realFs, ...fs };
}

export interface WriteOptions {
  /** Permissions of a new file. Default: 0o644. */
  mode?: number;
  /** Replaces some file-system calls. Production code passes nothing. */
  fs?: Partial<FileSystem>;
}

/** Which step of a write failed: writing the temporary file, or moving it into place. */
export type WriteStage = 'write' | 'move';

/** A failed write: `cause` is the file system's error, `code` its code (`EEXIST` when the target exists). */
export class FileWriteError extends Error {
  override readonly name = 'FileWriteError';
  readonly code: string | undefined;
  readonly file: string;
  readonly stage: WriteStage;

  constructor(file: string, stage: WriteStage, cause: unknown) {
    super(`${stage === 'write' ? 'writing' : 'moving into place'} ${file} failed: ${(cause as Error | undefined)?.message ?? String(cause)}`, { cause });
    this.file = file;
    this.stage = stage;
    this.code = (cause as NodeJS.ErrnoException | undefined)?.code;
  }
}

/**
 * Appends one line to a JSON-lines file (the audit log, the review queue): opened with O_APPEND and
 * `mode` if new, written with one write so the line lands whole at the end even beside another
 * writer, and flushed (fsync) before returning. If the file ends in a line torn by a crash (or
 * edited by hand), the new line starts on a line of its own. The folder must exist.
 */
export async function appendLine(file: string, line: string, mode = 0o600): Promise<void> {
  const handle = await nodeFs.open(file, 'a+', mode);
  try {
    const { size } = await handle.stat();
    let prefix = '';
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 0x0a) prefix = '\n';
    }
    await handle.appendFile(`${prefix}${line}\n`, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Replaces (or creates) `file` with `content` atomically: a reader sees the old bytes or the new,
 * never a mix, and a crash leaves one or the other. Throws {@link FileWriteError}.
 */
export async function writeFileAtomic(file: string, content: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const fs = withFs(options.fs);
  const tmp = await writeTemp(fs, file, content, options.mode);
  try {
    await fs.rename(tmp, file);
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    throw new FileWriteError(file, 'move', e);
  }
  await syncDir(fs, dirname(file));
}

/**
 * Creates `file` with `content` atomically, never replacing an existing file: fails with a
 * {@link FileWriteError} whose `code` is `EEXIST` if the name is taken (also if it was taken while
 * the content was being written).
 */
export async function createFileExclusive(file: string, content: string | Uint8Array, options: WriteOptions = {}): Promise<void> {
  const fs = withFs(options.fs);
  const tmp = await writeTemp(fs, file, content, options.mode);
  try {
    await moveNoReplace(fs, tmp, file);
  } catch (e) {
    await fs.unlink(tmp).catch(() => undefined);
    throw new FileWriteError(file, 'move', e);
  }
  await syncDir(fs, dirname(file));
}

/**
 * Moves `from` to `to` unless `to` exists (then fails with EEXIST). A hard link is created and the
 * old name removed, so an existing file is never replaced (rename would replace it). On file systems
 * without hard links, falls back to check-then-rename.
 */
export async function moveNoReplace(fs: FileSystem, from: string, to: string): Promise<void> {
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

/** Makes a folder's new directory entries durable. Best effort: some platforms cannot fsync a folder. */
export async function syncDir(fs: FileSystem, dir: string): Promise<void> {
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

/** `.<name>.<pid>-<random>.tmp` in the target's folder: unique, hidden, not `*.md`. */
function tempPath(file: string): string {
  return join(dirname(file), `.${basename(file)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

/** Writes and flushes a new temporary file beside `file`; removes it again if anything fails. */
async function writeTemp(fs: FileSystem, file: string, content: string | Uint8Array, mode = 0o644): Promise<string> {
  const tmp = tempPath(file);
  let handle: FileHandle | undefined;
  try {
    handle = await fs.open(tmp, 'wx', mode);
    await handle.writeFile(content);
    await handle.sync();
    await handle.close();
    handle = undefined;
    return tmp;
  } catch (e) {
    if (handle) await handle.close().catch(() => undefined);
    await fs.unlink(tmp).catch(() => undefined);
    throw new FileWriteError(file, 'write', e);
  }
}

/** A temporary file of this module: `.<name>.<pid>-<12 hex>.tmp`. */
const TEMP_NAME = /^\..+\.(\d+)-[0-9a-f]{12}\.tmp$/;

/**
 * How old a temporary file must be to be stale. A write takes well under a second (seconds for a
 * 100 MB index cache), so a file this old is nobody's write in progress.
 */
export const STALE_TEMP_MS = 5 * 60 * 1000;

/**
 * Removes the temporary files a writer killed mid-write (kill -9 during `kb add`) left in `dir`:
 * files named as {@link tempPath} names them, last written more than `staleAfterMs` ago (default
 * {@link STALE_TEMP_MS}). Age decides, not whether the writer's process id is running: in a
 * container the bot is always pid 1, so a killed bot's files would look live for ever, and another
 * container sharing the volume has its own process ids, so a live write there would look dead.
 * Run at start (the bot, the console and every `kb` run). Returns the names removed; a folder that
 * cannot be read is skipped (the caller reports that).
 */
export async function cleanStaleTemps(dir: string, options: { now?: number; staleAfterMs?: number } = {}): Promise<string[]> {
  const cutoff = (options.now ?? Date.now()) - (options.staleAfterMs ?? STALE_TEMP_MS);
  let names: string[];
  try {
    names = await nodeFs.readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!TEMP_NAME.test(name)) continue;
    const file = join(dir, name);
    try {
      if ((await nodeFs.stat(file)).mtimeMs > cutoff) continue;
      await nodeFs.unlink(file);
      removed.push(name);
    } catch {
      // Gone already, or not ours to remove: nothing to clean.
    }
  }
  return removed;
}
