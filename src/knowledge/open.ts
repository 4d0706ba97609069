import { Engine, type EngineSettings } from '../core/engine.ts';
import type { Collection } from '../core/types.ts';
import { englishZipf } from './english.ts';
import { nonNouns, relatedWords } from './related.ts';
import { loadKnowledge, parseKnowledgeFiles, readKnowledgeFiles, requireKnowledgeFiles, type KnowledgeSnapshot } from './load.ts';

/** A loaded knowledge folder and the engine built from it. */
export interface OpenKnowledge {
  readonly snapshot: KnowledgeSnapshot;
  readonly engine: Engine;
  /** How the engine was made: built now, or restored from the index cache (see `index-cache.ts`). */
  readonly from?: 'built' | 'cache';
}

/**
 * The collection the bot answers from: the knowledge's sources, vocabulary and glossary, with this
 * project's everyday English word frequencies. The bot, the command line, the evaluation and the
 * benchmarks all build from it, so they measure the same engine.
 */
export function collectionOf(knowledge: Pick<KnowledgeSnapshot, 'sources' | 'vocabulary' | 'glossary'>): Collection {
  return { sources: knowledge.sources, vocabulary: knowledge.vocabulary, glossary: knowledge.glossary, wordFrequency: englishZipf(), relatedWords: relatedWords(), nonNouns: nonNouns() };
}

/** Reads a knowledge folder as the bot's {@link Collection} (for the evaluation and the benchmarks). */
export async function loadCollection(dir: string): Promise<Collection> {
  return collectionOf(await loadKnowledge(dir));
}

/**
 * The answer engine over some knowledge (see {@link collectionOf}). The one place an engine is built
 * from knowledge, so every path (open, cache rebuild, /refresh, the build worker) builds the same engine.
 */
export function buildEngine(knowledge: Pick<KnowledgeSnapshot, 'sources' | 'vocabulary' | 'glossary'>, settings: EngineSettings = {}): Engine {
  return Engine.build(collectionOf(knowledge), settings);
}

/**
 * Reads a knowledge folder and builds the answer engine over its valid sources. Throws
 * `KnowledgeDirError` when the folder cannot be read or has no knowledge file. (The bot restores
 * from an index cache instead when it can: `openCachedKnowledge` in `index-cache.ts`.)
 */
export async function openKnowledge(dir: string, settings: EngineSettings = {}): Promise<OpenKnowledge> {
  const snapshot = parseKnowledgeFiles(requireKnowledgeFiles(await readKnowledgeFiles(dir)));
  return { snapshot, engine: buildEngine(snapshot, settings), from: 'built' };
}
