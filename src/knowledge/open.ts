import { Engine, type EngineSettings } from '../core/engine.ts';
import { englishZipf } from './english.ts';
import { loadKnowledge, type KnowledgeSnapshot } from './load.ts';

/** A loaded knowledge folder and the engine built from it. */
export interface OpenKnowledge {
  readonly snapshot: KnowledgeSnapshot;
  readonly engine: Engine;
}

/** Reads a knowledge folder and builds the answer engine over its valid sources. */
export async function openKnowledge(dir: string, settings: EngineSettings = {}): Promise<OpenKnowledge> {
  const snapshot = await loadKnowledge(dir);
  return { snapshot, engine: new Engine(snapshot.sources, snapshot.vocabulary, settings, englishZipf()) };
}
