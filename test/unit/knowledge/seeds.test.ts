import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFurniture } from '../../../eval/metrics.ts';
import { SEEDS, seedToKnowledgeFile } from '../../../scripts/import-seeds.ts';
import type { Source } from '../../../src/core/types.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KNOWLEDGE = `${ROOT}knowledge/`;
/** The captured seed articles live beside the project, in ../shared/seeds. */
const SEEDS_DIR = fileURLToPath(new URL('../shared/seeds/', `file://${ROOT}`));
const SKIP_NOTE = `../shared/seeds not found at ${SEEDS_DIR}: cannot check knowledge/*.md against scripts/import-seeds.ts`;

describe('knowledge/*.md from the seeds', () => {
  it('has one knowledge file per seed, and a seed for every committed source file', () => {
    const committed = readdirSync(KNOWLEDGE).filter((n) => n.endsWith('.md')).sort();
    expect(SEEDS.map((s) => s.out).sort()).toEqual(committed);
  });

  it.for(SEEDS.map((s) => [s.out, s] as const))('%s equals what scripts/import-seeds.ts makes from its seed', ([, spec], ctx) => {
    ctx.skip(!existsSync(SEEDS_DIR), SKIP_NOTE);
    const raw = readFileSync(`${SEEDS_DIR}${spec.file}`, 'utf8');
    const committed = readFileSync(`${KNOWLEDGE}${spec.out}`, 'utf8');
    expect(committed, `knowledge/${spec.out} differs from the import: run npx tsx scripts/import-seeds.ts, review and commit`).toBe(seedToKnowledgeFile(raw, spec));
  });
});

describe('page furniture in the real knowledge base', () => {
  let sources: Source[] = [];
  const snippets = loadFurniture();
  beforeAll(async () => {
    const kb = await loadKnowledge(KNOWLEDGE);
    expect(kb.issues).toEqual([]);
    sources = kb.sources;
  });

  it('is listed (the check below is not vacuous)', () => {
    expect(snippets.length).toBeGreaterThan(5);
    expect(sources.length).toBeGreaterThan(0);
  });

  it('appears in no indexed passage, section or speaker', () => {
    const found: string[] = [];
    for (const s of sources) {
      for (const p of s.passages) {
        const indexed = [p.text, p.section ?? '', p.speaker?.name ?? '', p.speaker?.role ?? ''].join('\n');
        for (const f of snippets) if (indexed.includes(f)) found.push(`${p.id}: "${f}"`);
      }
    }
    expect(found).toEqual([]);
  });

  it('was present in the seeds the knowledge was made from (so the cleaning did the work)', (ctx) => {
    ctx.skip(!existsSync(SEEDS_DIR), SKIP_NOTE);
    const raw = SEEDS.map((s) => readFileSync(`${SEEDS_DIR}${s.file}`, 'utf8')).join('\n');
    for (const f of snippets) expect(raw, f).toContain(f);
  });
});
