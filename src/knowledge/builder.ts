/**
 * Builds an engine in a worker thread (`build-worker.ts`), so the main thread keeps answering from
 * the live engine while the folder is read, parsed and indexed and its public names are found. The
 * worker hands back the index cache's bytes (transferred, not copied); the caller loads them with
 * `restoreBuilt`, which blocks only for the first line, the full-text index loading afterwards.
 * One worker per build, ended with it: nothing stays resident between builds.
 */
import { Worker } from 'node:worker_threads';
import type { EngineSettings } from '../core/engine.ts';
import type { Glossary } from '../core/glossary.ts';
import type { Source } from '../core/types.ts';
import type { Vocabulary } from '../core/vocabulary.ts';
import { KnowledgeDirError } from './load.ts';

export interface BuildRequest {
  readonly dir: string;
  readonly settings: EngineSettings;
  /** Written by the worker when the engine it built is exactly the folder's. */
  readonly cacheFile?: string;
  /** For a reload: what is serving, so a broken file's previous version keeps serving (see `carryOver`). */
  readonly previous?: { files: [string, string][]; vocabulary: Vocabulary; glossary: Glossary };
  /** Refuse a folder with no knowledge file (`requireKnowledgeFiles`), as a start does. */
  readonly require?: boolean;
}

/** What a build hands back. */
export interface Built {
  /** The built engine and its knowledge, as the index cache's UTF-8 bytes. */
  readonly bytes: Uint8Array;
  /** The cache key of the files the worker read. */
  readonly key: string;
  /** Ids of sources whose previous version keeps serving (their file is broken now). */
  readonly kept: readonly string[];
  readonly keptVocabulary: boolean;
  readonly keptGlossary: boolean;
  /** Why the index cache could not be written, if it could not. */
  readonly cacheProblem?: string;
}

/** Messages from the worker. */
export type FromWorker =
  | { type: 'need'; ids: string[] }
  | { type: 'building' }
  | ({ type: 'done'; buffer: ArrayBuffer } & Omit<Built, 'bytes'>)
  | { type: 'error'; name: string; message: string; dir?: string; reason?: string };

/** Messages to the worker: the previous versions of the sources it asked for. */
export interface ToWorker {
  sources: Source[];
}

export interface BuildHooks {
  /** The serving versions of these sources (the worker asks only for those of broken files). */
  previousSources?: (ids: readonly string[]) => Source[];
  /** The folder is read and parsed; the worker is building the engine now. */
  onBuilding?: () => void;
}

const WORKER_URL = new URL('./build-worker.ts', import.meta.url);

/**
 * Runs one build in a new worker thread. Rejects with the worker's error (a `KnowledgeDirError` when
 * the folder cannot be read), or when the worker stops without an answer; the caller's live engine
 * is untouched either way. `workerUrl` is for tests (a worker that dies).
 */
export function buildInWorker(request: BuildRequest, hooks: BuildHooks = {}, workerUrl: URL = WORKER_URL): Promise<Built> {
  return new Promise<Built>((resolve, reject) => {
    let settled = false;
    // The worker is ended before the caller hears back, so its teardown does not compete with the swap.
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      worker.terminate().then(fn, fn);
    };
    const worker = new Worker(workerUrl, { workerData: request });
    worker.on('message', (message: FromWorker) => {
      switch (message.type) {
        case 'need': {
          const reply: ToWorker = { sources: hooks.previousSources?.(message.ids) ?? [] };
          worker.postMessage(reply);
          break;
        }
        case 'building':
          hooks.onBuilding?.();
          break;
        case 'done': {
          const { buffer, key, kept, keptVocabulary, keptGlossary, cacheProblem } = message;
          settle(() => resolve({ bytes: new Uint8Array(buffer), key, kept, keptVocabulary, keptGlossary, ...(cacheProblem !== undefined && { cacheProblem }) }));
          break;
        }
        case 'error':
          settle(() => reject(message.name === 'KnowledgeDirError' && message.dir !== undefined ? new KnowledgeDirError(message.dir, message.reason ?? message.message) : Object.assign(new Error(message.message), { name: message.name })));
          break;
      }
    });
    worker.on('error', (error) => settle(() => reject(new Error(`the build worker failed: ${error.message}`, { cause: error }))));
    worker.on('exit', (code) => settle(() => reject(new Error(`the build worker stopped (exit code ${code}) before it finished`))));
  });
}
