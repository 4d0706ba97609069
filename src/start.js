// @ts-check
/**
 * `npm start`'s entry: turns on Node's compile cache, then runs `main.ts`.
 *
 * Node runs our TypeScript by stripping its types, and the stripper is a WebAssembly module that
 * costs about 18 MB of resident memory for as long as the process lives. The compile cache keeps the
 * stripped code (and V8's compiled code) of every module, keyed by its contents: once the modules
 * have been stripped, later starts read them from the cache and never load the stripper. This file is
 * plain JavaScript so that loading it does not need the stripper either. A changed file simply misses
 * the cache and is stripped again; nothing is built ahead and nothing can go stale.
 *
 * The cache lives in `.cache/node-compile-cache` in the project (ignored by git), or wherever
 * NODE_COMPILE_CACHE says; NODE_DISABLE_COMPILE_CACHE=1 turns it off.
 */
import { enableCompileCache } from 'node:module';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

if (process.env.NODE_COMPILE_CACHE === undefined) enableCompileCache(fileURLToPath(new URL('../.cache/node-compile-cache', import.meta.url)));
await import('./main.ts');
