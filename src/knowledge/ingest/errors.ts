/**
 * Errors raised while turning a URL or an uploaded file into a draft knowledge file.
 *
 * Messages are written for the moderator who asked for the import: they say what went wrong and
 * name the URL (without credentials or query-string values) or the HTTP status, nothing more.
 */

import { KnowledgeError } from '../errors.ts';

export type IngestErrorCode =
  | 'invalid-url'
  | 'unsupported-protocol'
  | 'private-address'
  | 'timeout'
  | 'too-large'
  | 'too-many-redirects'
  | 'http-status'
  | 'unsupported-type'
  | 'no-article'
  | 'binary'
  | 'network';

export class IngestError extends KnowledgeError<IngestErrorCode> {
  override readonly name = 'IngestError';
  readonly code: IngestErrorCode;
  /** HTTP status for 'http-status' errors. */
  readonly status?: number;

  constructor(code: IngestErrorCode, message: string, options: { cause?: unknown; status?: number } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options.status !== undefined) this.status = options.status;
  }
}

export function isIngestError(value: unknown): value is IngestError {
  return value instanceof IngestError;
}

/**
 * A URL as it may be shown to a moderator: scheme, host, port and path only. User names,
 * passwords, query strings (which often carry tokens) and fragments are never echoed.
 */
export function describeUrl(url: URL | string): string {
  let parsed: URL;
  try {
    parsed = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return 'the given address';
  }
  const path = parsed.pathname.length > 120 ? `${parsed.pathname.slice(0, 117)}...` : parsed.pathname;
  const query = parsed.search ? '?…' : '';
  return `${parsed.protocol}//${parsed.host}${path}${query}`;
}

/** Finds an IngestError anywhere in an error's cause chain (undici wraps connect-time errors). */
export function findIngestError(error: unknown): IngestError | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current !== null && current !== undefined; depth++) {
    if (current instanceof IngestError) return current;
    if (current instanceof Error) {
      if (current instanceof AggregateError) {
        const inner = current.errors.find((e) => e instanceof IngestError);
        if (inner instanceof IngestError) return inner;
      }
      current = current.cause;
    } else {
      return undefined;
    }
  }
  return undefined;
}
