/**
 * The house rules that a linter cannot hold: no import cycles among our own modules, type-only
 * imports included (a knot of types is still a knot in the design), and no source file so long that
 * it must be doing several jobs. The folder fences themselves (core imports nothing of ours; only
 * src/bot and commands/ know discord.js) are lint rules: eslint.config.js.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const FOLDERS = ['src', 'commands'];
const MAX_LINES = 600;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** Relative modules a file imports or re-exports, `import type` and `export type` included. */
export function relativeImports(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/^\s*(?:import|export)\s[^;]*?\sfrom\s+'(\.{1,2}\/[^']+)'/gms)) out.push(resolve(dirname(file), m[1] ?? ''));
  for (const m of text.matchAll(/^\s*import\s+'(\.{1,2}\/[^']+)'/gm)) out.push(resolve(dirname(file), m[1] ?? ''));
  for (const m of text.matchAll(/import\(\s*'(\.{1,2}\/[^']+)'\s*\)/g)) out.push(resolve(dirname(file), m[1] ?? ''));
  return out;
}

/** Strongly connected components of more than one module (or a module importing itself): Tarjan. */
export function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let index = 0;
  const indices = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    indices.set(v, index);
    low.set(v, index++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!indices.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indices.get(w)!));
    }
    if (low.get(v) === indices.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indices.has(v)) visit(v);
  return found;
}

describe('the house', () => {
  const files = FOLDERS.flatMap((f) => sourceFiles(join(ROOT, f)));
  const texts = new Map(files.map((f) => [f, readFileSync(f, 'utf8')]));

  it('finds a cycle when there is one, type-only imports included', () => {
    const a = '/x/a.ts';
    const b = '/x/b.ts';
    const graph = new Map([[a, relativeImports(a, "import type { B } from './b.ts';")], [b, relativeImports(b, "export { a } from './a.ts';")]]);
    expect(cycles(graph)).toEqual([[a, b]]);
    expect(cycles(new Map([[a, [b]], [b, []]]))).toEqual([]);
  });

  it('has no import cycle among src/ and commands/', () => {
    const graph = new Map([...texts].map(([f, t]) => [f, relativeImports(f, t)]));
    expect(cycles(graph).map((c) => c.map((f) => relative(ROOT, f)))).toEqual([]);
  });

  it(`has no source file over ${MAX_LINES} lines`, () => {
    const long = [...texts].filter(([, t]) => t.split('\n').length > MAX_LINES).map(([f]) => relative(ROOT, f));
    expect(long).toEqual([]);
  });
});
