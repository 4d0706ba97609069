/**
 * The grown evaluation's one door into src/: the moderator's import path (the functions `kb add
 * --yes` calls: importFromUrl, prepareAdd, commitAdd) and the engine's loader (openKnowledge).
 * Kept in one module so these few imports can be re-pointed in one place when src/ moves.
 */
export { importFromUrl } from '../../src/knowledge/ingest/index.ts';
export type { DraftSource } from '../../src/knowledge/ingest/index.ts';
export { commitAdd, prepareAdd } from '../../src/knowledge/store.ts';
export type { AddOverrides } from '../../src/knowledge/store.ts';
export { openKnowledge } from '../../src/knowledge/open.ts';
export type { OpenKnowledge } from '../../src/knowledge/open.ts';
export type { Engine } from '../../src/core/engine.ts';
export type { Passage } from '../../src/core/types.ts';
