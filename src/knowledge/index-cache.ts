/**
 * The index cache: a built engine kept on disk as two JSON lines, so a start with unchanged
 * knowledge restores it instead of rebuilding (and the build worker hands a built engine to the
 * main thread in the same form). The first line holds everything needed to answer (sources,
 * vocabulary, term statistics, impact lists, spelling lexicon, public names); the second the
 * full-text index, which is parsed and loaded after the engine is already answering.
 *
 * This module loads the privacy check (compromise) for the public names; `open.ts` does not, so the
 * command-line `ask` stays light.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { AsPlainObject } from 'minisearch';
import { Engine, ENGINE_STATE_VERSION, resolveOptions, type EngineSettings, type EngineState } from '../core/engine.ts';
import type { Glossary } from '../core/glossary.ts';
import { adoptPublicNames, publicNames } from '../core/privacy/index.ts';
import type { Passage, Source, SourceMeta } from '../core/types.ts';
import type { Vocabulary } from '../core/vocabulary.ts';
import { writeFileAtomic } from '../files.ts';
import { englishWordsVersion } from './english.ts';
import { parseKnowledgeFiles, readKnowledgeFiles, requireKnowledgeFiles, type KnowledgeFiles, type KnowledgeSnapshot } from './load.ts';
import { buildEngine, collectionOf, type OpenKnowledge } from './open.ts';
import type { KnowledgeIssue } from './parse.ts';

export interface CacheOptions {
  /**
   * A file to keep the built index in. A start with the same knowledge files and engine settings
   * restores it instead of rebuilding; a stale, corrupt or foreign file is rebuilt and replaced,
   * never trusted.
   */
  cacheFile: string;
  /** Told when a cache file could not be used or written (it is then rebuilt or skipped). */
  onCacheProblem?: (message: string) => void;
}

const CACHE_FORMAT = 'send-inspections-bot/index';
/**
 * The version of the cache's layout (besides the engine's own {@link ENGINE_STATE_VERSION}). Bump
 * it when what the first line holds changes: a file of another version is stale and rebuilt.
 * 2: the public names and the sources' fingerprints are kept.
 * 3: the full-text index's terms are split over lines of about {@link INDEX_LINE_BYTES}.
 * 4: each passage row ends with its list context.
 */
export const CACHE_VERSION = 4;

/**
 * The full-text index's terms are written in lines of about this many characters (a term with a
 * long posting list may make one longer), so that parsing them never blocks the event loop for long.
 */
const INDEX_LINE_BYTES = 512 * 1024;

/** A passage, compactly: id, position, text, kind, section, speaker name, speaker role, list context. */
type PassageRow = [string, number, string, Passage['kind'], string | null, string | null, string | null, string | null];

interface CacheHead {
  format: typeof CACHE_FORMAT;
  cacheVersion: number;
  version: number;
  key: string;
  snapshot: { sources: { meta: SourceMeta; passages: PassageRow[] }[]; vocabulary: Vocabulary; glossary: Glossary; issues: KnowledgeIssue[]; files: [string, string][] };
  engine: Omit<EngineState, 'index'>;
  /** The engine's public names (see `publicNames`), so a restart does not run compromise over every passage. */
  publicNames: string[];
  /** Each source's {@link fingerprint}, in the order of `snapshot.sources`, so a reload's diff need not compute them. */
  fingerprints: string[];
}

/**
 * Reads a knowledge folder and restores its engine from the index cache, or builds it and writes
 * the cache. Throws `KnowledgeDirError` when the folder cannot be read or has no knowledge file.
 * On a cache miss, `build` may make the engine elsewhere (the build worker) and return the cache's
 * bytes; without it, or when it returns undefined, the engine is built here, on this thread.
 */
export async function openCachedKnowledge(
  dir: string,
  settings: EngineSettings,
  options: CacheOptions,
  build?: () => Promise<{ bytes: Uint8Array; key: string; cacheProblem?: string } | undefined>,
): Promise<OpenKnowledge> {
  const raw = requireKnowledgeFiles(await readKnowledgeFiles(dir));
  const key = cacheKey(raw, settings);
  const { cacheFile, onCacheProblem: problem } = options;
  const bytes = await readFile(cacheFile).catch(() => undefined);
  if (bytes !== undefined) {
    const restored = restoreIndex(bytes, { dir, settings, key, name: `index cache ${cacheFile}`, problem });
    if (restored) {
      // A broken index line surfaces here, after start-up: say so and rebuild the cache next time.
      restored.engine.indexReady.catch(async (e: unknown) => {
        problem?.(`index cache ${cacheFile}: ${(e as Error).message}; answering from the impact lists, and removing the cache so the next start rebuilds it`);
        await unlink(cacheFile).catch(() => undefined);
      });
      return { ...restored, from: 'cache' };
    }
  }
  // Built elsewhere (the build worker, which also wrote the cache): only loaded here.
  const built = await build?.();
  if (built) {
    if (built.cacheProblem !== undefined) problem?.(built.cacheProblem);
    return { ...(await restoreBuilt(built.bytes, { dir, settings, key: built.key })), from: 'built' };
  }
  const snapshot = parseKnowledgeFiles(raw);
  const engine = buildEngine(snapshot, settings);
  await writeIndexCache(cacheFile, key, { snapshot, engine }, problem);
  return { snapshot, engine, from: 'built' };
}

/**
 * Writes the index cache for an engine built from the knowledge files whose {@link cacheKey} is
 * `key` (after a start that built it, and after a refresh), so the next start restores it. A failure
 * is told to `problem`, never thrown: the bot answers all the same and the next start rebuilds.
 */
export async function writeIndexCache(cacheFile: string, key: string, opened: Pick<OpenKnowledge, 'snapshot' | 'engine'> | string | Uint8Array, problem?: (message: string) => void): Promise<void> {
  try {
    await writeCache(cacheFile, typeof opened === 'string' || opened instanceof Uint8Array ? opened : serialiseIndex(key, opened));
  } catch (e) {
    problem?.(`could not write the index cache ${cacheFile}: ${(e as Error).message}`);
  }
}

/** A built engine (and its knowledge) as the cache's two lines; computes its public names if it has none yet. */
export function serialiseIndex(key: string, opened: Pick<OpenKnowledge, 'snapshot' | 'engine'>, lineBytes = INDEX_LINE_BYTES): string {
  const { snapshot, engine } = opened;
  const { index, ...rest } = engine.state();
  const head: CacheHead = {
    format: CACHE_FORMAT,
    cacheVersion: CACHE_VERSION,
    version: ENGINE_STATE_VERSION,
    key,
    snapshot: { sources: snapshot.sources.map(toRows), vocabulary: snapshot.vocabulary, glossary: snapshot.glossary, issues: snapshot.issues, files: [...snapshot.files] },
    engine: rest,
    publicNames: [...publicNames(engine)],
    fingerprints: snapshot.sources.map(fingerprint),
  };
  const { index: terms, ...withoutTerms } = index;
  const lines = [JSON.stringify(head), JSON.stringify({ ...withoutTerms, index: [] })];
  let chunk: string[] = [];
  let size = 0;
  for (const term of terms) {
    const json = JSON.stringify(term);
    chunk.push(json);
    size += json.length;
    if (size >= lineBytes) {
      lines.push(`[${chunk.join(',')}]`);
      chunk = [];
      size = 0;
    }
  }
  if (chunk.length > 0) lines.push(`[${chunk.join(',')}]`);
  return `${lines.join('\n')}\n`;
}

/**
 * An engine the build worker made (see {@link serialiseIndex}), loaded like the cache but in steps,
 * each on its own turn of the event loop (parse the first line; rebuild the sources, a few thousand
 * at a time; restore the engine), so questions keep being answered from the live engine between
 * them. Throws if the bytes are unusable (they are this program's own, so that is a bug, reported
 * like a failed build).
 */
export async function restoreBuilt(bytes: Uint8Array, at: { dir: string; settings: EngineSettings; key: string }): Promise<OpenKnowledge> {
  let reason = 'unusable';
  const steps = restoreSteps(bytes, { ...at, name: 'the built index', problem: (m) => (reason = m) });
  let step = steps.next();
  while (step.done !== true) {
    await new Promise((resolve) => setImmediate(resolve));
    step = steps.next();
  }
  if (!step.value) throw new Error(`the build worker's result: ${reason}`);
  return step.value;
}

/** Sources rebuilt from the cache per turn of the event loop, in {@link restoreBuilt}. */
const SOURCES_PER_STEP = 2000;

/**
 * The engine kept in `bytes` (the cache's UTF-8, see {@link serialiseIndex}), if it is ours, of this
 * version and of this `key`; otherwise undefined, with the reason told to `problem`. Only the first
 * line is decoded and parsed now: the full-text index is decoded, parsed and loaded on later turns
 * of the event loop, while the engine already answers from its impact lists (`engine.indexReady`
 * says when it is loaded, or why not).
 */
export function restoreIndex(bytes: Uint8Array, at: RestoreAt): OpenKnowledge | undefined {
  const steps = restoreSteps(bytes, at);
  let step = steps.next();
  while (step.done !== true) step = steps.next();
  return step.value;
}

interface RestoreAt {
  dir: string;
  settings: EngineSettings;
  key: string;
  name: string;
  problem?: ((message: string) => void) | undefined;
}

/** {@link restoreIndex}'s work, pausing (`yield`) where a caller may give the event loop a turn. */
function* restoreSteps(bytes: Uint8Array, at: RestoreAt): Generator<void, OpenKnowledge | undefined> {
  const { name, problem } = at;
  const newline = bytes.indexOf(0x0a);
  let head: Partial<CacheHead>;
  try {
    head = JSON.parse(decoder.decode(newline < 0 ? bytes : bytes.subarray(0, newline))) as Partial<CacheHead>;
  } catch {
    problem?.(`${name} is corrupt; rebuilding`);
    return undefined;
  }
  yield;
  if (head.format !== CACHE_FORMAT) problem?.(`${name} is not ours; rebuilding`);
  else if (head.cacheVersion !== CACHE_VERSION || head.version !== ENGINE_STATE_VERSION || head.key !== at.key) problem?.(`${name} is stale; rebuilding`);
  else if (!head.snapshot || !head.engine || !Array.isArray(head.publicNames) || !Array.isArray(head.fingerprints) || head.fingerprints.length !== head.snapshot.sources.length || newline < 0) problem?.(`${name} is incomplete; rebuilding`);
  else {
    try {
      const rows = head.snapshot.sources;
      const sources: Source[] = [];
      for (let i = 0; i < rows.length; i += SOURCES_PER_STEP) {
        for (const row of rows.slice(i, i + SOURCES_PER_STEP)) sources.push(fromRows(row));
        yield;
      }
      const snapshot: KnowledgeSnapshot = {
        dir: at.dir,
        sources,
        vocabulary: head.snapshot.vocabulary,
        glossary: head.snapshot.glossary,
        issues: head.snapshot.issues,
        files: new Map(head.snapshot.files),
      };
      // Parsed a line per turn of the event loop, after the engine is answering.
      const index = async (): Promise<AsPlainObject> => {
        try {
          return await parseIndexLines(bytes.subarray(newline + 1));
        } catch (e) {
          throw new Error(`corrupt full-text index (${(e as Error).message})`);
        }
      };
      const engine = Engine.restore(collectionOf(snapshot), { ...head.engine, index }, at.settings);
      yield;
      adoptPublicNames(engine, head.publicNames);
      const fingerprints = head.fingerprints;
      snapshot.sources.forEach((s, i) => fingerprints[i] !== undefined && fingerprinted.set(s, fingerprints[i]));
      return { snapshot, engine };
    } catch (e) {
      problem?.(`${name} is unusable (${(e as Error).message}); rebuilding`);
    }
  }
  return undefined;
}

const decoder = new TextDecoder();

/** The full-text index from its lines (see {@link serialiseIndex}): the index without its terms, then the terms, a line per turn. */
async function parseIndexLines(body: Uint8Array): Promise<AsPlainObject> {
  let index: AsPlainObject | undefined;
  const terms: AsPlainObject['index'] = [];
  let start = 0;
  while (start < body.length) {
    await new Promise((resolve) => setImmediate(resolve));
    let end = body.indexOf(0x0a, start);
    if (end < 0) end = body.length;
    if (end > start) {
      const value: unknown = JSON.parse(decoder.decode(body.subarray(start, end)));
      if (index === undefined) index = value as AsPlainObject;
      else if (Array.isArray(value)) for (const term of value) terms.push(term as AsPlainObject['index'][number]);
      else throw new Error('a line of terms is not a list');
    }
    start = end + 1;
  }
  if (index === undefined || !Array.isArray(index.index)) throw new Error('no index');
  return { ...index, index: terms };
}

/** Fingerprints already known, by source object (sources never change). */
const fingerprinted = new WeakMap<Source, string>();

/**
 * What a source says, as a short hash: its metadata and its passages (text, kind, section,
 * speaker), not its `body`, which a source restored from the cache rebuilds without headings. Two
 * versions of a source differ when their fingerprints do. Memoised per source object, and kept in
 * the cache, so a reload at 100k passages does not stringify every passage on the main thread.
 */
export function fingerprint(source: Source): string {
  let known = fingerprinted.get(source);
  if (known === undefined) {
    const passages = source.passages.map((p) => [p.id, p.text, p.kind, p.section ?? null, p.speaker?.name ?? null, p.speaker?.role ?? null, p.listContext ?? null]);
    known = createHash('sha256').update(JSON.stringify([source.meta, passages])).digest('base64url');
    fingerprinted.set(source, known);
  }
  return known;
}

function toRows(s: Source): { meta: SourceMeta; passages: PassageRow[] } {
  return { meta: s.meta, passages: s.passages.map((p) => [p.id, p.position, p.text, p.kind, p.section ?? null, p.speaker?.name ?? null, p.speaker?.role ?? null, p.listContext ?? null]) };
}

/** A source from the cache. Its body is rebuilt from its passages (headings are not kept). */
function fromRows(row: { meta: SourceMeta; passages: PassageRow[] }): Source {
  const passages: Passage[] = row.passages.map(([id, position, text, kind, section, name, role, listContext]) => ({
    id,
    sourceId: row.meta.id,
    position,
    text,
    kind,
    ...(section !== null && { section }),
    ...(typeof listContext === 'string' && { listContext }),
    ...(name !== null && { speaker: role !== null ? { name, role } : { name } }),
  }));
  return { meta: row.meta, body: passages.map((p) => (p.kind === 'bullet' ? `- ${p.text}` : p.text)).join('\n\n'), passages };
}

/** What the cache depends on: every knowledge file's name and bytes (vocabulary and glossary too), the engine's settings and version, the word list. */
export function cacheKey(raw: KnowledgeFiles, settings: EngineSettings): string {
  const h = createHash('sha256');
  h.update(`${CACHE_FORMAT}\0${CACHE_VERSION}\0${ENGINE_STATE_VERSION}\0${englishWordsVersion()}\0${JSON.stringify(resolveOptions(settings))}\0`);
  for (const f of raw.files) {
    h.update(`${f.name}\0${f.bytes ? createHash('sha256').update(f.bytes).digest('hex') : `error:${f.error ?? ''}`}\0`);
  }
  h.update(`vocabulary\0${raw.vocabulary?.bytes ? createHash('sha256').update(raw.vocabulary.bytes).digest('hex') : 'none'}\0`);
  h.update(`glossary\0${raw.glossary?.bytes ? createHash('sha256').update(raw.glossary.bytes).digest('hex') : 'none'}`);
  return h.digest('hex');
}

async function writeCache(file: string, text: string | Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, text);
}
