/**
 * KNOWLEDGE_WATCH: reloads the knowledge base by itself when a knowledge file changes (a Markdown
 * file or vocabulary.yml edited, copied in or removed). Changes are gathered for a short quiet time
 * (editors and copies write in several steps), then one reload runs. Temporary files (the store's
 * atomic writes, editors' swap and backup files), hidden files and the `.removed/` folder are ignored.
 */
import { watch, type FSWatcher } from 'node:fs';
import { GLOSSARY_FILE, VOCABULARY_FILE } from './load.ts';
import type { KnowledgeBase, ReloadResult } from './live.ts';
import type { Logger } from '../logger.ts';

/** Quiet time after the last change before reloading. */
export const WATCH_DEBOUNCE_MS = 500;

export interface KnowledgeWatcher {
  /** Stops watching; a reload already running finishes. Safe to call twice. */
  close(): void;
}

export interface WatchOptions {
  logger: Logger;
  /** Default {@link WATCH_DEBOUNCE_MS}. */
  debounceMs?: number;
  /** Called after each reload the watcher made (the bot records it in the audit log). */
  onReload?: (result: ReloadResult, files: readonly string[]) => void | Promise<void>;
}

/**
 * True for a file name whose change should reload: `*.md` (not README.md) and vocabulary.yml at the
 * top of the folder, not hidden, not a temporary or backup file. `null` (the platform did not say
 * which file) counts as relevant.
 */
export function isKnowledgeFile(name: string | null): boolean {
  if (name === null) return true;
  const base = name.replace(/\\/g, '/');
  if (base.includes('/')) return false; // .removed/ and any other subfolder
  if (base.startsWith('.') || base.startsWith('~') || base.startsWith('#') || base.endsWith('~')) return false;
  if (/\.(?:tmp|temp|swp|swx|bak|part|crdownload)$/i.test(base)) return false;
  if (base.toLowerCase() === 'readme.md') return false;
  return base.endsWith('.md') || base === VOCABULARY_FILE || base === GLOSSARY_FILE;
}

/** Watches the knowledge base's folder and reloads it after changes. */
export function watchKnowledge(knowledge: KnowledgeBase, options: WatchOptions): KnowledgeWatcher {
  const { logger } = options;
  const debounceMs = options.debounceMs ?? WATCH_DEBOUNCE_MS;
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const changed = new Set<string>();

  const reload = async (): Promise<void> => {
    timer = undefined;
    if (closed) return;
    const files = [...changed].sort();
    changed.clear();
    try {
      const result = await knowledge.reload();
      const { added, changed: edited, removed, kept } = result.changes;
      logger.info('knowledge watch: reloaded', {
        files: files.join(',') || '?',
        added: added.map((s) => s.id).join(',') || undefined,
        changed: edited.map((s) => s.id).join(',') || undefined,
        removed: removed.map((s) => s.id).join(',') || undefined,
        kept: kept.map((s) => s.id).join(',') || undefined,
        issues: result.issues.length,
      });
      await options.onReload?.(result, files);
    } catch (error) {
      logger.error('knowledge watch: reload failed; the previous knowledge keeps serving', { error });
    }
  };

  let watcher: FSWatcher;
  try {
    watcher = watch(knowledge.dir, { persistent: false }, (_event, filename) => {
      const name = filename === null ? null : String(filename);
      if (closed || !isKnowledgeFile(name)) return;
      changed.add(name ?? '?');
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(() => void reload(), debounceMs);
    });
  } catch (error) {
    logger.error('knowledge watch: cannot watch the knowledge folder; use /refresh instead', { dir: knowledge.dir, error });
    return { close() {} };
  }
  watcher.on('error', (error) => logger.error('knowledge watch: stopped watching; use /refresh instead', { error }));
  logger.info('knowledge watch: watching the knowledge folder', { dir: knowledge.dir, debounceMs });
  return {
    close() {
      if (closed) return;
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      watcher.close();
    },
  };
}
