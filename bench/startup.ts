/**
 * `npx tsx bench/startup.ts [--sizes real,10000,100000]`: how long a refresh (read + parse + build)
 * takes, and how long a restart with unchanged knowledge takes to be ready to answer when the index
 * cache is used, for the real knowledge base and for generated folders of 10k and 100k passages
 * (written as knowledge files, 10 passages each). Each measurement runs in a fresh process.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import { defaultKnowledgeDir } from '../src/cli/paths.ts';
import { loadKnowledge, VOCABULARY_FILE } from '../src/knowledge/load.ts';
import { openCachedKnowledge } from '../src/knowledge/index-cache.ts';
import { openKnowledge } from '../src/knowledge/open.ts';
import { generateSources } from './corpus.ts';

const here = fileURLToPath(import.meta.url);

if (process.argv[2] === '--child') {
  // Child: one timed open of a folder, printed as JSON.
  const [, , , dir, cacheFile] = process.argv;
  const t0 = performance.now();
  const kb = cacheFile ? await openCachedKnowledge(dir ?? '', {}, { cacheFile }) : await openKnowledge(dir ?? '');
  const ready = performance.now() - t0;
  const answer = kb.engine.ask('how long is the wait for an autism assessment');
  process.stdout.write(JSON.stringify({ ms: ready, from: kb.from, passages: kb.engine.passageCount, answered: answer.answered, rssMB: process.memoryUsage().rss / 2 ** 20 }));
  process.exit(0);
}

const { values } = parseArgs({ options: { sizes: { type: 'string', default: 'real,10000,100000' } } });
const real = await loadKnowledge(defaultKnowledgeDir());

function child(dir: string, cacheFile?: string): { ms: number; from: string; passages: number; answered: boolean; rssMB: number } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', here, '--child', dir, ...(cacheFile ? [cacheFile] : [])], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { ms: number; from: string; passages: number; answered: boolean; rssMB: number };
}

async function folderFor(size: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  if (size === 'real') return { dir: defaultKnowledgeDir(), cleanup: async () => {} };
  const dir = await mkdtemp(join(tmpdir(), 'kb-bench-'));
  for (const s of generateSources(real.sources, Number(size))) {
    const front = { id: s.meta.id, title: s.meta.title, publisher: s.meta.publisher, published: s.meta.published, url: s.meta.url, kind: s.meta.kind };
    await writeFile(join(dir, `${s.meta.id}.md`), `---\n${stringify(front, { lineWidth: 0 })}---\n\n${s.passages.map((p) => p.text).join('\n\n')}\n`);
  }
  await writeFile(join(dir, VOCABULARY_FILE), await readFile(join(defaultKnowledgeDir(), VOCABULARY_FILE)));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

const rows: string[] = [];
for (const size of (values.sizes ?? '').split(',')) {
  const { dir, cleanup } = await folderFor(size);
  const cacheDir = await mkdtemp(join(tmpdir(), 'kb-cache-'));
  const cacheFile = join(cacheDir, 'index.json');
  try {
    const refresh = child(dir);
    const first = child(dir, cacheFile);
    const cacheMB = (await stat(cacheFile)).size / 2 ** 20;
    const restarts = [child(dir, cacheFile), child(dir, cacheFile), child(dir, cacheFile)].map((r) => r.ms).sort((a, b) => a - b);
    const again = child(dir, cacheFile);
    if (again.from !== 'cache') throw new Error('the cache was not used on an unchanged folder');
    rows.push(`| ${size === 'real' ? `real (${refresh.passages})` : Number(size).toLocaleString('en-GB')} | ${refresh.ms.toFixed(0)} | ${first.ms.toFixed(0)} | ${cacheMB.toFixed(1)} | ${(restarts[1] ?? 0).toFixed(0)} | ${again.rssMB.toFixed(0)} |`);
  } finally {
    await rm(cacheDir, { recursive: true, force: true });
    await cleanup();
  }
}
console.log(`Knowledge start-up (node ${process.version}; each figure a fresh process; ready = folder read, parsed or restored, engine ready to answer)\n`);
console.log('| passages | refresh: read + parse + build, ms | first start: build + write cache, ms | cache MB | restart with the cache, ms (median of 3) | RSS after restart, MB |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of rows) console.log(r);
console.log('\nTargets: a restart with an unchanged 100k-passage knowledge base ready in under 2 s; a refresh of the real knowledge base under 200 ms.');
