/**
 * The audit log: one JSON line per moderator action on the knowledge base (add, edit, remove,
 * refresh), in `data/audit.jsonl` beside the knowledge folder. It records who changed which source,
 * when, and the source before and after. It never holds parents' questions or who asked them: only
 * moderators' actions on sources are written here.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { appendLine } from '../files.ts';

export const AUDIT_ACTIONS = ['add', 'edit', 'remove', 'refresh'] as const;

export interface AuditEntry {
  /** ISO 8601 time of the action. */
  at: string;
  /** `discord:<user id> (<username>)` or `terminal:<os user>`. */
  actor: string;
  action: (typeof AUDIT_ACTIONS)[number];
  sourceId?: string;
  /** Usually a SourceSummary. */
  before?: unknown;
  after?: unknown;
  detail?: string;
}

/**
 * Appends one entry as one JSON line (opened with O_APPEND, flushed with fsync before returning),
 * creating the folder and the file if needed. Only the known fields are written, in a fixed order.
 * If the file ends in a line torn by a crash, the entry starts on a new line.
 */
export async function appendAudit(file: string, entry: AuditEntry): Promise<void> {
  const line = JSON.stringify(toRecord(entry));
  await mkdir(dirname(file), { recursive: true });
  await appendLine(file, line);
}

/**
 * Reads every entry, oldest first. A missing file is an empty log. A line that is not a complete
 * entry (torn by a crash while writing) is skipped.
 */
export async function readAudit(file: string): Promise<AuditEntry[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw e;
  }
  const entries: AuditEntry[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      continue;
    }
    if (isEntry(value)) entries.push(toRecord(value));
  }
  return entries;
}

function toRecord(entry: AuditEntry): AuditEntry {
  if (!isEntry(entry)) throw new TypeError('an audit entry needs at (an ISO time), actor and action (add, edit, remove or refresh)');
  return {
    at: entry.at,
    actor: entry.actor,
    action: entry.action,
    ...(entry.sourceId !== undefined && { sourceId: entry.sourceId }),
    ...(entry.before !== undefined && { before: entry.before }),
    ...(entry.after !== undefined && { after: entry.after }),
    ...(entry.detail !== undefined && { detail: entry.detail }),
  };
}

function isEntry(value: unknown): value is AuditEntry {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.at === 'string' &&
    !Number.isNaN(Date.parse(v.at)) &&
    typeof v.actor === 'string' &&
    v.actor !== '' &&
    typeof v.action === 'string' &&
    (AUDIT_ACTIONS as readonly string[]).includes(v.action) &&
    (v.sourceId === undefined || typeof v.sourceId === 'string') &&
    (v.detail === undefined || typeof v.detail === 'string')
  );
}
