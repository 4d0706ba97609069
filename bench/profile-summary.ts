/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time and
 * the most total (inclusive) time, as shares of the sampled time.
 *   node --import tsx bench/profile-summary.ts FILE.cpuprofile [--top N] [--under FUNCTION]
 * With --under, only time spent below the first frame named FUNCTION counts (e.g. `ask`).
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' }, under: { type: 'string' } } });
const file = positionals[0];
if (!file) throw new Error('usage: profile-summary FILE.cpuprofile [--top N] [--under FUNCTION]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(values.top);

const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const label = (n: ProfileNode): string => {
  const url = n.callFrame.url.replace(/^file:\/\//, '');
  const where = url ? `${relative(process.cwd(), url)}:${n.callFrame.lineNumber + 1}` : '';
  return `${n.callFrame.functionName || '(anonymous)'} ${where}`.trim();
};

const self = new Map<string, number>();
const total = new Map<string, number>();
let all = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i] ?? 0;
  const stack: ProfileNode[] = [];
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const n = byId.get(at);
    if (n) stack.push(n);
  }
  if (values.under !== undefined) {
    const k = stack.findIndex((n) => n.callFrame.functionName === values.under);
    if (k < 0) return;
    stack.length = k + 1;
  }
  const leaf = stack[0];
  if (!leaf) return;
  all += dt;
  self.set(label(leaf), (self.get(label(leaf)) ?? 0) + dt);
  for (const name of new Set(stack.map(label))) total.set(name, (total.get(name) ?? 0) + dt);
});

const show = (title: string, m: Map<string, number>): void => {
  console.log(`\n${title} (of ${(all / 1000).toFixed(0)} ms sampled${values.under ? ` under ${values.under}` : ''})`);
  for (const [name, t] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${((100 * t) / all).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(6)} ms  ${name}`);
  }
};
show('Self time', self);
show('Total time', total);
