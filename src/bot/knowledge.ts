/**
 * The live knowledge base: the engine every command answers from, swapped whole on reload, so a
 * question is always answered by one consistent engine and a broken reload leaves the old one serving.
 */
import type { Engine, EngineSettings } from '../core/engine.ts';
import type { KnowledgeSnapshot } from '../knowledge/load.ts';
import { openKnowledge, type OpenKnowledge } from '../knowledge/open.ts';
import { formatIssue } from '../knowledge/parse.ts';
import type { Logger } from './logger.ts';

export interface ReloadResult {
  readonly snapshot: KnowledgeSnapshot;
  readonly previous: KnowledgeSnapshot;
  /** Milliseconds spent reading and indexing. */
  readonly ms: number;
}

export class KnowledgeBase {
  #current: OpenKnowledge;
  #loadedAt: Date;
  #reloading: Promise<ReloadResult> | undefined;

  private constructor(
    readonly dir: string,
    current: OpenKnowledge,
    private readonly settings: EngineSettings,
    private readonly logger: Logger | undefined,
  ) {
    this.#current = current;
    this.#loadedAt = new Date();
  }

  /**
   * Reads the folder and builds the engine. Files with problems are skipped and each problem is
   * logged as a warning; an unreadable folder throws `KnowledgeDirError`.
   */
  static async open(dir: string, options: { settings?: EngineSettings; logger?: Logger } = {}): Promise<KnowledgeBase> {
    const opened = await openKnowledge(dir, options.settings ?? {});
    logIssues(opened.snapshot, options.logger);
    return new KnowledgeBase(dir, opened, options.settings ?? {}, options.logger);
  }

  /** A knowledge base over an engine built elsewhere (tests, tools). */
  static of(opened: OpenKnowledge, options: { settings?: EngineSettings; logger?: Logger } = {}): KnowledgeBase {
    return new KnowledgeBase(opened.snapshot.dir, opened, options.settings ?? {}, options.logger);
  }

  /** The engine to answer from. Take it once per interaction: a reload may swap it meanwhile. */
  get engine(): Engine {
    return this.#current.engine;
  }

  get snapshot(): KnowledgeSnapshot {
    return this.#current.snapshot;
  }

  get loadedAt(): Date {
    return this.#loadedAt;
  }

  /**
   * Builds a new engine from the folder, then swaps it in. Concurrent calls share one reload. If
   * reading fails the current engine stays and the error is thrown.
   */
  reload(): Promise<ReloadResult> {
    this.#reloading ??= (async () => {
      try {
        const started = performance.now();
        const next = await openKnowledge(this.dir, this.settings);
        logIssues(next.snapshot, this.logger);
        const previous = this.#current.snapshot;
        this.#current = next;
        this.#loadedAt = new Date();
        return { snapshot: next.snapshot, previous, ms: Math.round(performance.now() - started) };
      } finally {
        this.#reloading = undefined;
      }
    })();
    return this.#reloading;
  }
}

function logIssues(snapshot: KnowledgeSnapshot, logger: Logger | undefined): void {
  for (const issue of snapshot.issues) logger?.warn(`knowledge: ${formatIssue(issue)} (skipped)`);
  logger?.info('knowledge loaded', { sources: snapshot.sources.length, passages: snapshot.sources.reduce((n, s) => n + s.passages.length, 0), issues: snapshot.issues.length });
}
