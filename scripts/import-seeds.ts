/**
 * Rebuilds the two starting knowledge files from the captured seed articles in ../shared/seeds,
 * dropping page furniture with the general rules of src/knowledge/furniture.ts. Run once; the output is
 * committed under knowledge/. A test checks that the committed files still match this output.
 *
 *   npx tsx scripts/import-seeds.ts [seedsDir] [knowledgeDir]
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stringify } from 'yaml';
import { cleanCapturedText } from '../src/knowledge/furniture.ts';

export interface SeedSpec {
  file: string;
  out: string;
  meta: Record<string, unknown>;
}

export const SEEDS: SeedSpec[] = [
  {
    file: '000_732c1cd64257bec5.txt',
    out: 'wcc-2022-send-progress.md',
    meta: {
      id: 'wcc-2022-send-progress',
      title: 'Improvements recognised in services for children and young people with SEND',
      publisher: 'Worcestershire County Council',
      published: '2022-01-07',
      url: 'https://www.worcestershire.gov.uk/news/article/2738/improvements_recognised_in_services_for_children_and_young_people_with_send',
      kind: 'press-release',
      events: [
        { date: '2018', label: 'Initial inspection of SEND services by Ofsted and the CQC' },
        { date: '2021-11-01', end: '2021-11-03', label: 'Revisit inspection by Ofsted and the CQC' },
      ],
    },
  },
  {
    file: '001_d87c234e2bc5afd9.txt',
    out: 'bbc-2024-send-inspection.md',
    meta: {
      id: 'bbc-2024-send-inspection',
      title: 'Inspectors demand action on special needs care',
      publisher: 'BBC News',
      published: '2024-07',
      url: 'https://www.bbc.co.uk/news/articles/cne4ledn3kpo',
      kind: 'news',
      events: [
        { date: '2024-04', label: 'Inspection of the local area partnership by Ofsted and the CQC' },
        { date: '2026-01', label: 'Monitoring inspection due (within 18 months of the report)', status: 'due' },
      ],
    },
  },
];

/** The knowledge file for one seed: front matter plus the cleaned text. */
export function seedToKnowledgeFile(raw: string, spec: SeedSpec): string {
  const { blocks } = cleanCapturedText(raw, String(spec.meta.title));
  return `---\n${stringify(spec.meta, { lineWidth: 0 })}---\n\n${blocks.join('\n\n')}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const seedsDir = resolve(process.argv[2] ?? '../shared/seeds');
  const outDir = resolve(process.argv[3] ?? 'knowledge');
  for (const spec of SEEDS) {
    const raw = await readFile(join(seedsDir, spec.file), 'utf8');
    const { dropped } = cleanCapturedText(raw, String(spec.meta.title));
    await writeFile(join(outDir, spec.out), seedToKnowledgeFile(raw, spec));
    console.log(`${spec.out}: dropped ${dropped.length} furniture line(s):`);
    for (const d of dropped) console.log(`  [${d.rule}] ${d.line.slice(0, 100)}`);
  }
}
