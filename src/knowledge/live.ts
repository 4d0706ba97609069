/**
 * The live knowledge base: the engine every command answers from, swapped whole on reload, so a
 * question is always answered by one consistent engine and a broken reload leaves the old one serving.
 *
 * A reload reads the folder and builds a new engine beside the live one, in a worker thread (see
 * `builder.ts`) unless the folder is small, so questions keep being answered meanwhile; only when
 * that succeeds is it swapped in. A file that loaded before and is broken now does not lose its source: the previous
 * version keeps serving (and is reported) until the file is fixed or removed. A broken
 * `vocabulary.yml` likewise keeps the previous vocabulary, and a broken `glossary.yml` the previous glossary.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Engine, EngineSettings } from '../core/engine.ts';
import type { Source } from '../core/types.ts';
import { GLOSSARY_FILE, parseKnowledgeFiles, readKnowledgeFiles, VOCABULARY_FILE, type KnowledgeSnapshot } from './load.ts';
import { buildInWorker, type BuildRequest, type Built } from './builder.ts';
import { cacheKey, fingerprint, openCachedKnowledge, restoreBuilt, writeIndexCache, type CacheOptions } from './index-cache.ts';
import { buildEngine, openKnowledge, type OpenKnowledge } from './open.ts';
import { formatIssue, type KnowledgeIssue } from './parse.ts';
import type { Logger } from '../logger.ts';

/** One source in a reload's report. */
export interface SourceChange {
  readonly id: string;
  /** File name in the knowledge folder. */
  readonly file: string;
  readonly title: string;
  /** Passages now (for a removed source: before). */
  readonly passages: number;
  /** Passages before, for a changed source. */
  readonly passagesBefore?: number;
}

/** What a reload changed, compared with what was serving before. */
export interface KnowledgeChanges {
  readonly added: readonly SourceChange[];
  readonly changed: readonly SourceChange[];
  readonly removed: readonly SourceChange[];
  /** Sources whose file is broken now: their previous version keeps serving. */
  readonly kept: readonly SourceChange[];
  /** True when `vocabulary.yml` is broken and the previous vocabulary keeps serving. */
  readonly keptVocabulary: boolean;
  /** True when `glossary.yml` is broken and the previous glossary keeps serving. */
  readonly keptGlossary: boolean;
}

export interface ReloadResult {
  /** What is serving now: the valid files, plus the previous versions of sources whose files are broken. */
  readonly snapshot: KnowledgeSnapshot;
  readonly previous: KnowledgeSnapshot;
  readonly changes: KnowledgeChanges;
  /** Every problem found in the folder, by file and field. */
  readonly issues: readonly KnowledgeIssue[];
  /** Milliseconds spent reading and indexing. */
  readonly ms: number;
  /** Of those, milliseconds from the worker's answer to the swap (a build in a worker only): loading its engine in steps, between which this thread answers. */
  readonly swapMs?: number;
}

/**
 * Where a build runs: `worker` in a worker thread, `here` on this thread, `auto` in a worker when
 * the folder's knowledge files hold at least {@link WORKER_MIN_BYTES}.
 */
export type BuildWhere = 'auto' | 'worker' | 'here';

/**
 * From this size of knowledge files (about a thousand passages), a build goes to a worker thread.
 * Below it, building here blocks for a fraction of a second, less than starting a worker (which
 * loads the engine's modules afresh) takes.
 */
export const WORKER_MIN_BYTES = 256 * 1024;

export class KnowledgeBase {
  #current: OpenKnowledge;
  #loadedAt: Date;
  /** The reload running now, and the one queued behind it (shared by everyone who asks meanwhile). */
  #running: Promise<ReloadResult> | undefined;
  #queued: Promise<ReloadResult> | undefined;

  readonly dir: string;
  private readonly settings: EngineSettings;
  private readonly logger: Logger | undefined;
  private readonly prepare: ((engine: Engine) => void) | undefined;
  /** Rewritten after each refresh that serves exactly what the folder holds. */
  private readonly cache: CacheOptions | undefined;
  private readonly where: BuildWhere;

  private constructor(
    dir: string,
    current: OpenKnowledge,
    settings: EngineSettings,
    logger: Logger | undefined,
    prepare: ((engine: Engine) => void) | undefined = undefined,
    cache: CacheOptions | undefined = undefined,
    where: BuildWhere = 'here',
  ) {
    this.dir = dir;
    this.settings = settings;
    this.logger = logger;
    this.prepare = prepare;
    this.cache = cache;
    this.where = where;
    this.#current = current;
    this.#loadedAt = new Date();
  }

  /**
   * Reads the folder and builds the engine (or restores it from `cacheFile`, see `openKnowledge`).
   * Files with problems are skipped and each problem is logged as a warning; an unreadable folder
   * throws `KnowledgeDirError`. `prepare` runs on each engine before it serves (this one, and each
   * one a reload builds), to warm what the bot derives from it; if it throws, that is logged and the
   * engine serves all the same. `build` says where the start-up build (when there is no usable
   * cache) and every reload run (default `auto`: a folder of {@link WORKER_MIN_BYTES} or more in a
   * worker thread).
   */
  static async open(dir: string, options: { settings?: EngineSettings; logger?: Logger; cacheFile?: string; prepare?: (engine: Engine) => void; build?: BuildWhere } = {}): Promise<KnowledgeBase> {
    const settings = options.settings ?? {};
    const logger = options.logger;
    const where = options.build ?? 'auto';
    const cache: CacheOptions | undefined = options.cacheFile === undefined ? undefined : { cacheFile: options.cacheFile, onCacheProblem: (message) => logger?.warn(message) };
    const build = (require: boolean): Promise<Built> => buildInWorker({ dir, settings, ...(cache && { cacheFile: cache.cacheFile }), require });
    let opened: OpenKnowledge;
    // The folder's size is looked at only when there is something to build.
    if (cache) opened = await openCachedKnowledge(dir, settings, cache, async () => ((await inWorker(where, dir)) ? build(false) : undefined));
    else if (await inWorker(where, dir)) {
      const built = await build(true);
      opened = { ...(await restoreBuilt(built.bytes, { dir, settings, key: built.key })), from: 'built' };
    } else opened = await openKnowledge(dir, settings);
    for (const issue of opened.snapshot.issues) options.logger?.warn(`knowledge: ${formatIssue(issue)} (skipped)`);
    logLoaded(opened.snapshot, options.logger);
    watchIndex(opened, logger);
    const kb = new KnowledgeBase(dir, opened, settings, options.logger, options.prepare, cache, where);
    kb.#prepare(opened.engine);
    return kb;
  }

  /** A knowledge base over an engine built elsewhere (tests, tools). */
  static of(opened: OpenKnowledge, options: { settings?: EngineSettings; logger?: Logger } = {}): KnowledgeBase {
    return new KnowledgeBase(opened.snapshot.dir, opened, options.settings ?? {}, options.logger);
  }

  /** The engine to answer from. Take it once per interaction: a reload may swap it meanwhile. */
  get engine(): Engine {
    return this.#current.engine;
  }

  /** What is serving: sources (with the files they came from), vocabulary, glossary, and the problems of the last load. */
  get snapshot(): KnowledgeSnapshot {
    return this.#current.snapshot;
  }

  get loadedAt(): Date {
    return this.#loadedAt;
  }

  /**
   * Reads the folder again, builds a new engine beside the live one and swaps it in once built.
   * Reloads are serialised: a call made while one runs waits for it and then reads the folder
   * afresh (calls made meanwhile share that next reload), so every caller sees the folder as it was
   * at least when they asked. Questions keep being answered from the live engine throughout. If the
   * folder cannot be read or the engine cannot be built, the live engine stays and the error is thrown.
   */
  reload(): Promise<ReloadResult> {
    if (this.#running === undefined) return this.#start();
    this.#queued ??= this.#running.then(noop, noop).then(() => {
      this.#queued = undefined;
      return this.#start();
    });
    return this.#queued;
  }

  #start(): Promise<ReloadResult> {
    const run: Promise<ReloadResult> = this.#reloadNow().finally(() => {
      if (this.#running === run) this.#running = undefined;
    });
    this.#running = run;
    return run;
  }

  async #reloadNow(): Promise<ReloadResult> {
    if (await inWorker(this.where, this.dir)) return this.#reloadInWorker();
    const started = performance.now();
    const previous = this.#current.snapshot;
    const raw = await readKnowledgeFiles(this.dir);
    const read = parseKnowledgeFiles(raw);
    const merged = carryOver(previous, read);
    // Built beside the live engine: if this throws, nothing was swapped.
    const engine = buildEngine(merged.snapshot, this.settings);
    this.#prepare(engine);
    this.#current = { snapshot: merged.snapshot, engine };
    this.#loadedAt = new Date();
    // The next start restores this engine instead of rebuilding it, unless it serves a previous
    // version of some broken file: a start reads only the folder, so that engine is not the folder's.
    if (this.cache !== undefined && merged.kept.length === 0 && !merged.keptVocabulary && !merged.keptGlossary) {
      await writeIndexCache(this.cache.cacheFile, cacheKey(raw, this.settings), this.#current, this.cache.onCacheProblem);
    }
    const changes = diffSources(previous, merged.snapshot, merged.kept, merged.keptVocabulary, merged.keptGlossary);
    const result: ReloadResult = { snapshot: merged.snapshot, previous, changes, issues: read.issues, ms: Math.round(performance.now() - started) };
    this.#log(result);
    return result;
  }

  /** {@link reload}'s work, in a worker thread: only loading the result and the swap happen here. */
  async #reloadInWorker(): Promise<ReloadResult> {
    const started = performance.now();
    const previous = this.#current.snapshot;
    const request: BuildRequest = {
      dir: this.dir,
      settings: this.settings,
      ...(this.cache && { cacheFile: this.cache.cacheFile }),
      previous: { files: [...previous.files], vocabulary: previous.vocabulary, glossary: previous.glossary },
    };
    const built = await buildInWorker(request, {
      previousSources: (ids) => previous.sources.filter((s) => ids.includes(s.meta.id)),
      onBuilding: () => this.logger?.debug('knowledge: building the new engine in a worker thread'),
    });
    if (built.cacheProblem !== undefined) this.cache?.onCacheProblem?.(built.cacheProblem);
    // From here to the swap: loading the first line in steps (the full-text index loads later), the swap and the diff.
    const swapStarted = performance.now();
    const opened = await restoreBuilt(built.bytes, { dir: this.dir, settings: this.settings, key: built.key });
    watchIndex(opened, this.logger);
    this.#prepare(opened.engine);
    this.#current = opened;
    this.#loadedAt = new Date();
    const keptIds = new Set(built.kept);
    const kept = opened.snapshot.sources.filter((s) => keptIds.has(s.meta.id));
    const changes = diffSources(previous, opened.snapshot, kept, built.keptVocabulary, built.keptGlossary);
    const swapMs = Math.round(performance.now() - swapStarted);
    const result: ReloadResult = { snapshot: opened.snapshot, previous, changes, issues: opened.snapshot.issues, ms: Math.round(performance.now() - started), swapMs };
    this.#log(result);
    return result;
  }

  #prepare(engine: Engine): void {
    try {
      this.prepare?.(engine);
    } catch (error) {
      this.logger?.warn('knowledge: preparing the new engine failed; it serves all the same', { error });
    }
  }

  #log(result: ReloadResult): void {
    const kept = new Set(result.changes.kept.map((k) => k.file));
    for (const issue of result.issues) {
      const note = kept.has(issue.file) ? 'still serving the previous version'
        : issue.file === VOCABULARY_FILE && result.changes.keptVocabulary ? 'still using the previous vocabulary'
        : issue.file === GLOSSARY_FILE && result.changes.keptGlossary ? 'still using the previous glossary' : 'skipped';
      this.logger?.warn(`knowledge: ${formatIssue(issue)} (${note})`);
    }
    const { added, changed, removed } = result.changes;
    this.logger?.info('knowledge reloaded', {
      sources: result.snapshot.sources.length,
      passages: passageCount(result.snapshot.sources),
      added: added.length,
      changed: changed.length,
      removed: removed.length,
      kept: result.changes.kept.length,
      issues: result.issues.length,
      ms: result.ms,
      ...(result.swapMs !== undefined && { swapMs: result.swapMs }),
    });
  }
}

function noop(): void {}

/** Whether a build of `dir` goes to a worker thread (see {@link BuildWhere}). */
async function inWorker(where: BuildWhere, dir: string): Promise<boolean> {
  if (where !== 'auto') return where === 'worker';
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.md') || n === VOCABULARY_FILE || n === GLOSSARY_FILE);
  } catch {
    return false; // The build here reports the folder's problem.
  }
  const sizes = await Promise.all(names.map((n) => stat(join(dir, n)).then((s) => s.size, () => 0)));
  return sizes.reduce((a, b) => a + b, 0) >= WORKER_MIN_BYTES;
}

/** Logs a full-text index that fails to load after the swap (the engine answers from its impact lists meanwhile). */
function watchIndex(opened: OpenKnowledge, logger: Logger | undefined): void {
  opened.engine.indexReady.catch((error: unknown) => logger?.error('knowledge: the full-text index did not load; answering from the impact lists', { error }));
}

/** Total passages of some sources. */
export function passageCount(sources: readonly Source[]): number {
  return sources.reduce((n, s) => n + s.passages.length, 0);
}

/**
 * What should serve after reading the folder: its valid sources, plus the previous version of every
 * source whose file is still there but broken now (no valid file took its id). A broken vocabulary
 * or glossary keeps the previous one. Exported for tests.
 */
export function carryOver(
  previous: KnowledgeSnapshot,
  read: KnowledgeSnapshot,
): { snapshot: KnowledgeSnapshot; kept: Source[]; keptVocabulary: boolean; keptGlossary: boolean } {
  const broken = new Set(read.issues.map((i) => i.file));
  const ids = new Set(read.sources.map((s) => s.meta.id));
  const kept: Source[] = [];
  const files = new Map(read.files);
  for (const source of previous.sources) {
    const file = previous.files.get(source.meta.id);
    if (file === undefined || !broken.has(file) || ids.has(source.meta.id)) continue;
    kept.push(source);
    files.set(source.meta.id, file);
  }
  const keptVocabulary = broken.has(VOCABULARY_FILE);
  const keptGlossary = broken.has(GLOSSARY_FILE);
  const snapshot: KnowledgeSnapshot = {
    dir: read.dir,
    sources: [...read.sources, ...kept],
    vocabulary: keptVocabulary ? previous.vocabulary : read.vocabulary,
    glossary: keptGlossary ? previous.glossary : read.glossary,
    issues: read.issues,
    files,
  };
  return { snapshot, kept, keptVocabulary, keptGlossary };
}

function change(snapshot: KnowledgeSnapshot, source: Source, before?: Source): SourceChange {
  return {
    id: source.meta.id,
    file: snapshot.files.get(source.meta.id) ?? '?',
    title: source.meta.title,
    passages: source.passages.length,
    ...(before !== undefined && { passagesBefore: before.passages.length }),
  };
}

/** Sources added, changed (metadata or text), removed and kept, from one serving snapshot to the next. */
export function diffSources(previous: KnowledgeSnapshot, next: KnowledgeSnapshot, kept: readonly Source[], keptVocabulary: boolean, keptGlossary = false): KnowledgeChanges {
  const before = new Map(previous.sources.map((s) => [s.meta.id, s]));
  const after = new Map(next.sources.map((s) => [s.meta.id, s]));
  const keptSet = new Set(kept);
  const added: SourceChange[] = [];
  const changed: SourceChange[] = [];
  for (const source of next.sources) {
    if (keptSet.has(source)) continue;
    const old = before.get(source.meta.id);
    if (old === undefined) added.push(change(next, source));
    else if (fingerprint(old) !== fingerprint(source)) changed.push(change(next, source, old));
  }
  const removed = previous.sources.filter((s) => !after.has(s.meta.id)).map((s) => change(previous, s));
  return { added, changed, removed, kept: kept.map((s) => change(next, s)), keptVocabulary, keptGlossary };
}

/** "added a, b; changed c; removed d; still serving the previous version of e" (or "no changes"). */
export function describeChanges(changes: KnowledgeChanges): string {
  const ids = (list: readonly { id: string }[]): string => list.map((s) => s.id).join(', ');
  const parts = [
    changes.added.length > 0 ? `added ${ids(changes.added)}` : '',
    changes.changed.length > 0 ? `changed ${ids(changes.changed)}` : '',
    changes.removed.length > 0 ? `removed ${ids(changes.removed)}` : '',
    changes.kept.length > 0 ? `still serving the previous version of ${ids(changes.kept)} (file broken)` : '',
    changes.keptVocabulary ? 'still using the previous vocabulary (vocabulary.yml broken)' : '',
    changes.keptGlossary ? 'still using the previous glossary (glossary.yml broken)' : '',
  ].filter((p) => p !== '');
  return parts.length > 0 ? parts.join('; ') : 'no changes';
}


function logLoaded(snapshot: KnowledgeSnapshot, logger: Logger | undefined): void {
  logger?.info('knowledge loaded', { sources: snapshot.sources.length, passages: passageCount(snapshot.sources), issues: snapshot.issues.length });
}
