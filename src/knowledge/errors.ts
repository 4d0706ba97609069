/**
 * The catalogue of expected knowledge-base errors: every failure a moderator can act on (a duplicate
 * link, an invalid date, a page that cannot be fetched, a missing folder) is a {@link KnowledgeError}
 * with a `code`, and its `message` can be shown as is. Anything else is a bug. Each face (Discord,
 * the terminal) words these in one place: `commands/sources/errors.ts` and `src/cli/kb.ts`.
 */

/** The base of the knowledge base's expected errors. */
export abstract class KnowledgeError<Code extends string = string> extends Error {
  abstract readonly code: Code;
}

export function isKnowledgeError(value: unknown): value is KnowledgeError {
  return value instanceof KnowledgeError;
}

export type StoreErrorCode = 'duplicate-url' | 'duplicate-content' | 'duplicate-id' | 'not-found' | 'invalid' | 'write-failed';

/** An expected failure of a store operation; `message` can be shown to the moderator as is. */
export class StoreError extends KnowledgeError<StoreErrorCode> {
  override readonly name = 'StoreError';
  readonly code: StoreErrorCode;
  /** The knowledge file concerned: the existing duplicate, the file not written, the file at fault. */
  readonly file?: string;
  /** For `invalid`: the first field at fault (`published`, `url`, `id`, `front matter`, ...). */
  readonly field?: string;
  /** For `invalid`: every problem found, when there are several (the first is `field`). */
  readonly issues?: readonly { readonly field: string; readonly message: string }[];

  constructor(
    code: StoreErrorCode,
    message: string,
    options: { file?: string; field?: string; issues?: readonly { field: string; message: string }[]; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.file !== undefined) this.file = options.file;
    if (options.field !== undefined) this.field = options.field;
    if (options.issues !== undefined && options.issues.length > 0) this.issues = options.issues;
  }
}

export function isStoreError(value: unknown): value is StoreError {
  return value instanceof StoreError;
}

/** A StoreError('invalid') listing every problem; the first names `field`. */
export function invalid(problems: readonly { field: string; message: string }[], file?: string): StoreError {
  const first = problems[0] ?? { field: 'content', message: 'invalid' };
  const message = problems.map((p) => `${p.field}: ${p.message}`).join('; ');
  return new StoreError('invalid', message, {
    field: first.field,
    issues: problems.map((p) => ({ field: p.field, message: p.message })),
    ...(file !== undefined && { file }),
  });
}

/** A StoreError('write-failed') saying what failed and why, and that the folder is unchanged. */
export function writeFailed(file: string, what: string, cause?: unknown): StoreError {
  const code = (cause as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? ' (the folder is not writable)' : code === 'ENOSPC' ? ' (the disk is full)' : '';
  return new StoreError('write-failed', `Could not write ${file}: ${what}${reason}. The knowledge folder is unchanged.`, {
    file,
    ...(cause !== undefined && { cause }),
  });
}
