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
 * 2: the public names are kept.
 */
export const CACHE_VERSION = 2;

/** A passage, compactly: id, position, text, kind, section, speaker name, speaker role. */
type PassageRow = [string, number, string, Passage['kind'], string | null, string | null, string | null];

interface CacheHead {
  format: typeof CACHE_FORMAT;
  cacheVersion: number;
  version: number;
  key: string;
  snapshot: { sources: { meta: SourceMeta; passages: PassageRow[] }[]; vocabulary: Vocabulary; glossary: Glossary; issues: KnowledgeIssue[]; files: [string, string][] };
  engine: Omit<EngineState, 'index'>;
  /** The engine's public names (see `publicNames`), so a restart does not run compromise over every passage. */
  publicNames: string[];
}

/**
 * Reads a knowledge folder and restores its engine from the index cache, or builds it and writes
 * the cache. Throws `KnowledgeDirError` when the folder cannot be read or has no knowledge file.
 * `build` makes the engine on a cache miss (default: here, on this thread); it returns the cache's text.
 */
export async function openCachedKnowledge(
  dir: string,
  settings: EngineSettings,
  options: CacheOptions,
  build?: () => Promise<{ text: string; key: string }>,
): Promise<OpenKnowledge> {
  const raw = requireKnowledgeFiles(await readKnowledgeFiles(dir));
  const key = cacheKey(raw, settings);
  const { cacheFile, onCacheProblem: problem } = options;
  const text = await readFile(cacheFile, 'utf8').catch(() => undefined);
  if (text !== undefined) {
    const restored = restoreIndex(text, { dir, settings, key, name: `index cache ${cacheFile}`, problem });
    if (restored) {
      // A broken index line surfaces here, after start-up: say so and rebuild the cache next time.
      restored.engine.indexReady.catch(async (e: unknown) => {
        problem?.(`index cache ${cacheFile}: ${(e as Error).message}; answering from the impact lists, and removing the cache so the next start rebuilds it`);
        await unlink(cacheFile).catch(() => undefined);
      });
      return { ...restored, from: 'cache' };
    }
  }
  if (build) {
    const built = await build();
    const restored = restoreIndex(built.text, { dir, settings, key: built.key, name: 'the built index' });
    if (!restored) throw new Error('the build worker returned an unusable index');
    await writeCache(cacheFile, built.text).catch((e: unknown) => problem?.(`could not write the index cache ${cacheFile}: ${(e as Error).message}`));
    return { ...restored, from: 'built' };
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
export async function writeIndexCache(cacheFile: string, key: string, opened: Pick<OpenKnowledge, 'snapshot' | 'engine'>, problem?: (message: string) => void): Promise<void> {
  try {
    await writeCache(cacheFile, serialiseIndex(key, opened));
  } catch (e) {
    problem?.(`could not write the index cache ${cacheFile}: ${(e as Error).message}`);
  }
}

/** A built engine (and its knowledge) as the cache's two lines; computes its public names if it has none yet. */
export function serialiseIndex(key: string, opened: Pick<OpenKnowledge, 'snapshot' | 'engine'>): string {
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
  };
  return `${JSON.stringify(head)}\n${JSON.stringify(index)}\n`;
}

/**
 * The engine kept in `text` (see {@link serialiseIndex}), if it is ours, of this version and of
 * this `key`; otherwise undefined, with the reason told to `problem`. Only the first line is parsed
 * now: the full-text index is parsed and loaded on later turns of the event loop, while the engine
 * already answers from its impact lists (`engine.indexReady` says when it is loaded, or why not).
 */
export function restoreIndex(
  text: string,
  at: { dir: string; settings: EngineSettings; key: string; name: string; problem?: ((message: string) => void) | undefined },
): OpenKnowledge | undefined {
  const { name, problem } = at;
  const newline = text.indexOf('\n');
  let head: Partial<CacheHead>;
  try {
    head = JSON.parse(newline < 0 ? text : text.slice(0, newline)) as Partial<CacheHead>;
  } catch {
    problem?.(`${name} is corrupt; rebuilding`);
    return undefined;
  }
  if (head.format !== CACHE_FORMAT) problem?.(`${name} is not ours; rebuilding`);
  else if (head.cacheVersion !== CACHE_VERSION || head.version !== ENGINE_STATE_VERSION || head.key !== at.key) problem?.(`${name} is stale; rebuilding`);
  else if (!head.snapshot || !head.engine || !Array.isArray(head.publicNames) || newline < 0) problem?.(`${name} is incomplete; rebuilding`);
  else {
    try {
      const snapshot: KnowledgeSnapshot = {
        dir: at.dir,
        sources: head.snapshot.sources.map(fromRows),
        vocabulary: head.snapshot.vocabulary,
        glossary: head.snapshot.glossary,
        issues: head.snapshot.issues,
        files: new Map(head.snapshot.files),
      };
      // Parsed on a later turn of the event loop, after the engine is answering.
      const index = (): Promise<AsPlainObject> => new Promise((resolve, reject) => setImmediate(() => {
        try {
          resolve(JSON.parse(text.slice(newline + 1)) as AsPlainObject);
        } catch (e) {
          reject(new Error(`corrupt full-text index (${(e as Error).message})`));
        }
      }));
      const engine = Engine.restore(collectionOf(snapshot), { ...head.engine, index }, at.settings);
      adoptPublicNames(engine, head.publicNames);
      return { snapshot, engine };
    } catch (e) {
      problem?.(`${name} is unusable (${(e as Error).message}); rebuilding`);
    }
  }
  return undefined;
}

function toRows(s: Source): { meta: SourceMeta; passages: PassageRow[] } {
  return { meta: s.meta, passages: s.passages.map((p) => [p.id, p.position, p.text, p.kind, p.section ?? null, p.speaker?.name ?? null, p.speaker?.role ?? null]) };
}

/** A source from the cache. Its body is rebuilt from its passages (headings are not kept). */
function fromRows(row: { meta: SourceMeta; passages: PassageRow[] }): Source {
  const passages: Passage[] = row.passages.map(([id, position, text, kind, section, name, role]) => ({
    id,
    sourceId: row.meta.id,
    position,
    text,
    kind,
    ...(section !== null && { section }),
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

async function writeCache(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, text);
}
