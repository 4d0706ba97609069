/**
 * Curating the knowledge base: adding, editing and removing a source, each followed by its audit
 * entry and a reload, in that order. The one place these steps are put together, for both faces:
 * `/sources add|edit|remove` (commands/sources/) and `kb add|edit|remove` (src/cli/kb.ts). Each face
 * says how it records a change (the audit file; on Discord also the moderators' log channel) and
 * how it reloads, and shows the results in its own words.
 *
 * Every expected failure is a `KnowledgeError` (errors.ts; here a StoreError from the store); nothing is
 * recorded or reloaded when the change was not made.
 */
import type { AuditEntry } from './audit.ts';
import { findSource, type SourceSummary } from './folder.ts';
import type { DraftSource } from './ingest/types.ts';
import { commitAdd, commitEdit, prepareAdd, prepareEdit, removeSource, type AddOptions, type AddOverrides, type PreparedAdd, type PreparedEdit, type SourceEdit } from './store.ts';

/** A change as the audit log records it; the face adds who and when. */
export type Change = Omit<AuditEntry, 'at' | 'actor'>;

export interface CuratorOptions<Recorded, Reloaded> {
  /** The knowledge folder. */
  readonly dir: string;
  /** Records a change that was made. What it returns is handed back to the face. */
  record(change: Change): Promise<Recorded>;
  /** Checked before anything is written (`kb`: that the audit log can be written), so a change is never made unrecorded. */
  beforeWrite?(): Promise<void>;
  /** Reloads the knowledge base after a recorded change (the bot). Default: none. */
  reload?(): Promise<Reloaded>;
}

/** What a change did, and what recording and reloading it gave. */
export interface Curated<Result, Recorded, Reloaded> {
  readonly result: Result;
  readonly recorded: Recorded;
  /** Undefined when the face does not reload. */
  readonly reloaded: Reloaded | undefined;
}

export interface Curator<Recorded, Reloaded = never> {
  readonly dir: string;
  /** The source with this id, also when its file does not load. Throws StoreError('not-found'). */
  find(id: string): Promise<SourceSummary>;
  /** Validates a draft into the exact file that would be written; writes nothing. */
  prepareAdd(draft: DraftSource, overrides?: AddOverrides, options?: AddOptions): Promise<PreparedAdd>;
  /** Validates an edit into the exact file that would be written; writes nothing. */
  prepareEdit(id: string, edit: SourceEdit): Promise<PreparedEdit>;
  /** Writes a prepared source, then records and reloads. `detail` words the audit entry's detail. */
  add(prepared: PreparedAdd, detail?: (added: SourceSummary) => string): Promise<Curated<SourceSummary, Recorded, Reloaded>>;
  /** Writes a prepared edit, then records and reloads. */
  edit(prepared: PreparedEdit, detail?: (saved: SourceSummary) => string): Promise<Curated<SourceSummary, Recorded, Reloaded>>;
  /** Moves the source's file to `.removed/`, then records and reloads. */
  remove(id: string, detail?: (removed: SourceSummary, keptAt: string) => string): Promise<Curated<{ removed: SourceSummary; keptAt: string }, Recorded, Reloaded>>;
}

/** A curator of the folder `options.dir`, recording and reloading as the face says. */
export function createCurator<Recorded, Reloaded = never>(options: CuratorOptions<Recorded, Reloaded>): Curator<Recorded, Reloaded> {
  const { dir } = options;
  const finish = async <Result>(result: Result, change: Change): Promise<Curated<Result, Recorded, Reloaded>> => {
    const recorded = await options.record(change);
    const reloaded = options.reload ? await options.reload() : undefined;
    return { result, recorded, reloaded };
  };
  return {
    dir,
    find: (id) => findSource(dir, id),
    prepareAdd: (draft, overrides = {}, addOptions = {}) => prepareAdd(dir, draft, overrides, addOptions),
    prepareEdit: (id, edit) => prepareEdit(dir, id, edit),
    async add(prepared, describe) {
      await options.beforeWrite?.();
      const added = await commitAdd(dir, prepared);
      return finish(added, { action: 'add', sourceId: added.id, after: added, ...detail(describe?.(added)) });
    },
    async edit(prepared, describe) {
      await options.beforeWrite?.();
      const saved = await commitEdit(dir, prepared);
      return finish(saved, { action: 'edit', sourceId: prepared.before.id, before: prepared.before, after: saved, ...detail(describe?.(saved)) });
    },
    async remove(id, describe) {
      await options.beforeWrite?.();
      const done = await removeSource(dir, id);
      return finish(done, { action: 'remove', sourceId: done.removed.id, before: done.removed, ...detail(describe?.(done.removed, done.keptAt)) });
    },
  };
}

function detail(text: string | undefined): { detail?: string } {
  return text === undefined ? {} : { detail: text };
}
