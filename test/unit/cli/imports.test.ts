/**
 * The `ask` CLI's cold start stays under a second partly because it loads only what answering needs:
 * not compromise (the bot's privacy check, ~0.5 s and ~50 MB), not discord.js, not the page importers.
 * Checked on the static import graph of src/cli/ask.ts (relative imports followed, packages collected).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s+(?:type\s+)?(?:[^'";]*?\sfrom\s+)?['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|\brequire\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The packages reachable from a module by value imports (type-only imports are erased). */
function packagesReachable(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      if (/^\s*(?:import|export)\s+type\s/.test(m[0].replace(/^\n/, ''))) continue;
      const spec = m[1] ?? m[2] ?? m[3] ?? '';
      if (spec.startsWith('.')) visit(resolve(dirname(file), spec));
      else packages.add(spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : (spec.split('/')[0] ?? spec));
    }
  };
  visit(resolve(ROOT, entry));
  return { files, packages };
}

describe('the ask CLI loads only what answering needs', () => {
  const { files, packages } = packagesReachable('src/cli/ask.ts');

  it('follows the engine (the walk works)', () => {
    expect(files.has(resolve(ROOT, 'src/core/engine.ts'))).toBe(true);
    expect(packages.has('minisearch')).toBe(true);
  });

  it('never loads compromise, discord.js or the page importers', () => {
    for (const heavy of ['compromise', 'discord.js', 'linkedom', '@mozilla/readability', 'unpdf']) expect([...packages], heavy).not.toContain(heavy);
    expect([...files].filter((f) => f.includes('/src/core/privacy/'))).toEqual([]);
  });

  it('would notice the bot\'s /ask command loading compromise (the check can fail)', () => {
    expect(packagesReachable('commands/ask.ts').packages.has('compromise')).toBe(true);
  });
});
