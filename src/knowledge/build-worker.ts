/**
 * The build worker (run by `builder.ts` in a worker thread): reads and parses the knowledge folder,
 * builds the engine and its public names, and hands them back as the index cache's bytes, so the
 * main thread keeps answering meanwhile and only loads the result. It also writes the index cache
 * itself when the engine it built is exactly the folder's (no broken file's previous version kept).
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { Source } from '../core/types.ts';
import type { BuildRequest, FromWorker, ToWorker } from './builder.ts';
import { cacheKey, serialiseIndex, writeIndexCache } from './index-cache.ts';
import { carryOver } from './live.ts';
import { KnowledgeDirError, parseKnowledgeFiles, readKnowledgeFiles, requireKnowledgeFiles } from './load.ts';
import { buildEngine } from './open.ts';

const port = parentPort;
const request = workerData as BuildRequest;
const send = (message: FromWorker, transfer: ArrayBuffer[] = []): void => port?.postMessage(message, transfer);

/** The previous versions of these sources, from the main thread (only those of files broken now). */
function previousSources(ids: string[]): Promise<Source[]> {
  if (ids.length === 0) return Promise.resolve([]);
  return new Promise((resolve) => {
    port?.once('message', (message: ToWorker) => resolve(message.sources));
    send({ type: 'need', ids });
  });
}

async function build(): Promise<void> {
  const { dir, settings, previous, cacheFile } = request;
  const raw = await readKnowledgeFiles(dir);
  if (request.require === true) requireKnowledgeFiles(raw);
  const read = parseKnowledgeFiles(raw);
  let merged: ReturnType<typeof carryOver> = { snapshot: read, kept: [], keptVocabulary: false, keptGlossary: false };
  if (previous) {
    // carryOver looks only at previous sources whose file is broken now and whose id no valid file took.
    const broken = new Set(read.issues.map((i) => i.file));
    const ids = new Set(read.sources.map((s) => s.meta.id));
    const need = previous.files.filter(([id, file]) => broken.has(file) && !ids.has(id)).map(([id]) => id);
    const sources = await previousSources(need);
    merged = carryOver({ dir, sources, vocabulary: previous.vocabulary, glossary: previous.glossary, issues: [], files: new Map(previous.files) }, read);
  }
  send({ type: 'building' });
  const engine = buildEngine(merged.snapshot, settings);
  const key = cacheKey(raw, settings);
  // UTF-8 in an ArrayBuffer of its own, transferred to the main thread rather than copied.
  const bytes = new TextEncoder().encode(serialiseIndex(key, { snapshot: merged.snapshot, engine }));
  const exact = merged.kept.length === 0 && !merged.keptVocabulary && !merged.keptGlossary;
  let cacheProblem: string | undefined;
  if (cacheFile !== undefined && exact) await writeIndexCache(cacheFile, key, bytes, (m) => (cacheProblem = m));
  const buffer = bytes.buffer as ArrayBuffer;
  send({
    type: 'done',
    buffer,
    key,
    kept: merged.kept.map((s) => s.meta.id),
    keptVocabulary: merged.keptVocabulary,
    keptGlossary: merged.keptGlossary,
    ...(cacheProblem !== undefined && { cacheProblem }),
  }, [buffer]);
}

build().catch((error: unknown) => {
  const e = error instanceof Error ? error : new Error(String(error));
  send({ type: 'error', name: e.name, message: e.message, ...(e instanceof KnowledgeDirError && { dir: e.dir, reason: e.reason }) });
});
