import { cp, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCurator, type Change } from '../../../src/knowledge/curator.ts';
import { StoreError } from '../../../src/knowledge/errors.ts';

const FIXTURE = fileURLToPath(new URL('../../fixtures/kb/knowledge/', import.meta.url));
const NEWS = 'fixture-news-2024-transport';
const COUNCIL = 'fixture-council-2023-therapy';

let root: string;
let dir: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'kb-curator-'));
  dir = join(root, 'knowledge');
  await cp(FIXTURE, dir, { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A curator that writes down, in order, what it was asked to do. */
function recording(options: { beforeWrite?: () => Promise<void> } = {}) {
  const steps: string[] = [];
  const changes: Change[] = [];
  const curator = createCurator({
    dir,
    ...(options.beforeWrite && { beforeWrite: options.beforeWrite }),
    record: async (change) => {
      steps.push(`record ${change.action}`);
      changes.push(change);
      return 'recorded';
    },
    reload: async () => {
      steps.push('reload');
      return 'reloaded';
    },
  });
  return { curator, steps, changes };
}

describe('createCurator', () => {
  it('edit: writes, then records (before, after, the detail the face gives), then reloads', async () => {
    const { curator, steps, changes } = recording();
    const prepared = await curator.prepareEdit(COUNCIL, { title: 'A new title' });
    const done = await curator.edit(prepared, (saved) => `changed title in ${saved.file}`);
    expect(done.result.title).toBe('A new title');
    expect([done.recorded, done.reloaded]).toEqual(['recorded', 'reloaded']);
    expect(steps).toEqual(['record edit', 'reload']);
    expect(changes[0]).toEqual({ action: 'edit', sourceId: COUNCIL, before: prepared.before, after: done.result, detail: `changed title in ${COUNCIL}.md` });
  });

  it('remove: moves the file aside and records it, without a detail when the face gives none', async () => {
    const { curator, changes } = recording();
    const done = await curator.remove(NEWS);
    expect(done.result.keptAt).toContain('.removed');
    expect(await readdir(dir)).not.toContain(`${NEWS}.md`);
    expect(changes).toEqual([{ action: 'remove', sourceId: NEWS, before: done.result.removed }]);
  });

  it('a change that fails is neither recorded nor reloaded', async () => {
    const { curator, steps } = recording();
    await expect(curator.remove('no-such-source')).rejects.toBeInstanceOf(StoreError);
    expect(steps).toEqual([]);
  });

  it('beforeWrite runs first, and when it refuses nothing is written', async () => {
    const { curator, steps } = recording({ beforeWrite: () => Promise.reject(new Error('audit log not writable')) });
    await expect(curator.remove(NEWS)).rejects.toThrow('audit log not writable');
    expect(await readdir(dir)).toContain(`${NEWS}.md`);
    expect(steps).toEqual([]);
  });
});
