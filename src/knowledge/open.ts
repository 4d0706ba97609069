import { createHash } from 'node:crypto';
import { mkdir, readFile, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Engine, ENGINE_STATE_VERSION, resolveOptions, type EngineSettings, type EngineState } from '../core/engine.ts';
import type { Glossary } from '../core/glossary.ts';
import type { Collection, Passage, Source, SourceMeta } from '../core/types.ts';
import type { AsPlainObject } from 'minisearch';
import type { Vocabulary } from '../core/vocabulary.ts';
import { englishWordsVersion, englishZipf } from './english.ts';
import { relatedWords } from './related.ts';
import { loadKnowledge, parseKnowledgeFiles, readKnowledgeFiles, requireKnowledgeFiles, type KnowledgeFiles, type KnowledgeSnapshot } from './load.ts';
import type { KnowledgeIssue } from './parse.ts';
import { writeFileAtomic } from '../files.ts';

/** A loaded knowledge folder and the engine built from it. */
export interface OpenKnowledge {
  readonly snapshot: KnowledgeSnapshot;
  readonly engine: Engine;
  /** How the engine was made: built now, or restored from the index cache. */
  readonly from?: 'built' | 'cache';
}

export interface OpenOptions {
  /**
   * A file to keep the built index in. A start with the same knowledge files and engine settings
   * restores it instead of rebuilding; a stale, corrupt or foreign file is rebuilt and replaced,
   * never trusted. Default: none (always build).
   */
  cacheFile?: string;
  /** Told when a cache file could not be used or written (it is then rebuilt or skipped). */
  onCacheProblem?: (message: string) => void;
}

const CACHE_FORMAT = 'send-inspections-bot/index';

/** A passage, compactly: id, position, text, kind, section, speaker name, speaker role. */
type PassageRow = [string, number, string, Passage['kind'], string | null, string | null, string | null, string | null];

/**
 * The cache file is two JSON documents on two lines: first everything needed to answer (sources,
 * vocabulary, term statistics, impact lists, spelling lexicon), then the full-text index, which is
 * parsed and loaded after the engine is already answering.
 */
interface CacheHead {
  format: typeof CACHE_FORMAT;
  version: number;
  key: string;
  snapshot: { sources: { meta: SourceMeta; passages: PassageRow[] }[]; vocabulary: Vocabulary; glossary: Glossary; issues: KnowledgeIssue[]; files: [string, string][] };
  engine: Omit<EngineState, 'index'>;
}

/**
 * The collection the bot answers from: the knowledge's sources, vocabulary and glossary, with this
 * project's everyday English word frequencies. The bot, the command line, the evaluation and the
 * benchmarks all build from it, so they measure the same engine.
 */
export function collectionOf(knowledge: Pick<KnowledgeSnapshot, 'sources' | 'vocabulary' | 'glossary'>): Collection {
  return { sources: knowledge.sources, vocabulary: knowledge.vocabulary, glossary: knowledge.glossary, wordFrequency: englishZipf(), relatedWords: relatedWords() };
}

/** Reads a knowledge folder as the bot's {@link Collection} (for the evaluation and the benchmarks). */
export async function loadCollection(dir: string): Promise<Collection> {
  return collectionOf(await loadKnowledge(dir));
}

/**
 * The answer engine over some knowledge (see {@link collectionOf}). The one place an engine is built
 * from knowledge, so every path (open, cache rebuild, /refresh) builds the same engine.
 */
export function buildEngine(knowledge: Pick<KnowledgeSnapshot, 'sources' | 'vocabulary' | 'glossary'>, settings: EngineSettings = {}): Engine {
  return Engine.build(collectionOf(knowledge), settings);
}

/**
 * Reads a knowledge folder and builds the answer engine over its valid sources (or restores it from
 * the cache). Throws `KnowledgeDirError` when the folder cannot be read or has no knowledge file.
 */
export async function openKnowledge(dir: string, settings: EngineSettings = {}, options: OpenOptions = {}): Promise<OpenKnowledge> {
  const raw = requireKnowledgeFiles(await readKnowledgeFiles(dir));
  if (!options.cacheFile) {
    const snapshot = parseKnowledgeFiles(raw);
    return { snapshot, engine: buildEngine(snapshot, settings), from: 'built' };
  }
  const key = cacheKey(raw, settings);
  const cached = await readCache(options.cacheFile, key, options.onCacheProblem);
  if (cached) {
    try {
      const { head, index } = cached;
      const sources = head.snapshot.sources.map(fromRows);
      const snapshot: KnowledgeSnapshot = {
        dir,
        sources,
        vocabulary: head.snapshot.vocabulary,
        glossary: head.snapshot.glossary,
        issues: head.snapshot.issues,
        files: new Map(head.snapshot.files),
      };
      const engine = Engine.restore(collectionOf(snapshot), { ...head.engine, index }, settings);
      // A broken index line surfaces here, after start-up: say so and rebuild the cache next time.
      const cacheFile = options.cacheFile;
      engine.indexReady.catch(async (e: unknown) => {
        options.onCacheProblem?.(`index cache ${cacheFile}: ${(e as Error).message}; answering from the impact lists, and removing the cache so the next start rebuilds it`);
        await unlink(cacheFile).catch(() => undefined);
      });
      return { snapshot, engine, from: 'cache' };
    } catch (e) {
      options.onCacheProblem?.(`index cache ${options.cacheFile} is unusable (${(e as Error).message}); rebuilding`);
    }
  }
  const snapshot = parseKnowledgeFiles(raw);
  const engine = buildEngine(snapshot, settings);
  await writeIndexCache(options.cacheFile, key, { snapshot, engine }, options.onCacheProblem);
  return { snapshot, engine, from: 'built' };
}

/**
 * Writes the index cache for an engine built from the knowledge files whose {@link cacheKey} is
 * `key` (after a start that built it, and after a refresh), so the next start restores it. A failure
 * is told to `problem`, never thrown: the bot answers all the same and the next start rebuilds.
 */
export async function writeIndexCache(cacheFile: string, key: string, opened: Pick<OpenKnowledge, 'snapshot' | 'engine'>, problem?: (message: string) => void): Promise<void> {
  const { snapshot, engine } = opened;
  try {
    const { index, ...rest } = engine.state();
    const head: CacheHead = {
      format: CACHE_FORMAT,
      version: ENGINE_STATE_VERSION,
      key,
      snapshot: { sources: snapshot.sources.map(toRows), vocabulary: snapshot.vocabulary, glossary: snapshot.glossary, issues: snapshot.issues, files: [...snapshot.files] },
      engine: rest,
    };
    await writeCache(cacheFile, `${JSON.stringify(head)}\n${JSON.stringify(index)}\n`);
  } catch (e) {
    problem?.(`could not write the index cache ${cacheFile}: ${(e as Error).message}`);
  }
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
  h.update(`${CACHE_FORMAT}\0${ENGINE_STATE_VERSION}\0${englishWordsVersion()}\0${JSON.stringify(resolveOptions(settings))}\0`);
  for (const f of raw.files) {
    h.update(`${f.name}\0${f.bytes ? createHash('sha256').update(f.bytes).digest('hex') : `error:${f.error ?? ''}`}\0`);
  }
  h.update(`vocabulary\0${raw.vocabulary?.bytes ? createHash('sha256').update(raw.vocabulary.bytes).digest('hex') : 'none'}\0`);
  h.update(`glossary\0${raw.glossary?.bytes ? createHash('sha256').update(raw.glossary.bytes).digest('hex') : 'none'}`);
  return h.digest('hex');
}

async function readCache(file: string, key: string, problem?: (message: string) => void): Promise<{ head: CacheHead; index: () => Promise<AsPlainObject> } | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return undefined;
  }
  const newline = text.indexOf('\n');
  try {
    const head = JSON.parse(newline < 0 ? text : text.slice(0, newline)) as Partial<CacheHead>;
    if (head.format !== CACHE_FORMAT) problem?.(`index cache ${file} is not ours; rebuilding`);
    else if (head.version !== ENGINE_STATE_VERSION || head.key !== key) problem?.(`index cache ${file} is stale; rebuilding`);
    else if (!head.snapshot || !head.engine || newline < 0) problem?.(`index cache ${file} is incomplete; rebuilding`);
    else {
      // Parsed on the next turn of the event loop, after the engine is answering.
      const index = (): Promise<AsPlainObject> => new Promise((resolve, reject) => setImmediate(() => {
        try {
          resolve(JSON.parse(text.slice(newline + 1)) as AsPlainObject);
        } catch (e) {
          reject(new Error(`corrupt full-text index (${(e as Error).message})`));
        }
      }));
      return { head: head as CacheHead, index };
    }
  } catch {
    problem?.(`index cache ${file} is corrupt; rebuilding`);
  }
  return undefined;
}

async function writeCache(file: string, text: string): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFileAtomic(file, text);
}
