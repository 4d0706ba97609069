/**
 * Knowledge import: URL or uploaded file -> draft knowledge file for a moderator to review.
 *
 *   const draft = await importFromUrl('https://www.bbc.co.uk/news/articles/...');
 *   const markdown = toKnowledgeFile({ ...draft, id: suggestId(draft) });
 *
 * Every failure is an IngestError with a `code` and a message that can be shown to the moderator.
 */
import { extractDocument } from './extract.ts';
import type { DraftSource } from './types.ts';
import { fetchDocument } from './safe-fetch.ts';
import type { FetchDocumentOptions } from './safe-fetch.ts';

export { IngestError, describeUrl, isIngestError } from './errors.ts';
export type { IngestErrorCode } from './errors.ts';
export { fetchDocument, parseHttpUrl, DEFAULT_MAX_BYTES, DEFAULT_MAX_REDIRECTS, DEFAULT_TIMEOUT_MS } from './safe-fetch.ts';
export type { FetchDocumentOptions, FetchedDocument, FetchLike } from './safe-fetch.ts';
export { extractDocument } from './extract.ts';
export type { DraftSource, ExtractInput } from './types.ts';
export { suggestId } from './suggest-id.ts';
export { toKnowledgeFile, isValidId, MAX_ID_LENGTH } from '../file-format.ts';
export { blockedAddressReason } from './address-policy.ts';
export { SOURCE_KINDS } from '../file-format.ts';
export type { SourceKind } from '../file-format.ts';

/** Fetches a URL safely and extracts a draft from it (its `url` falls back to the final URL). */
export async function importFromUrl(url: string, options: FetchDocumentOptions = {}): Promise<DraftSource> {
  const fetched = await fetchDocument(url, options);
  return extractDocument({ body: fetched.body, contentType: fetched.contentType, url: fetched.finalUrl });
}

/** Extracts a draft from an uploaded file (Discord attachment bytes, name and MIME type). */
export async function importFromUpload(upload: { body: Buffer; filename?: string; contentType?: string }): Promise<DraftSource> {
  return extractDocument({
    body: upload.body,
    ...(upload.filename ? { filename: upload.filename } : {}),
    ...(upload.contentType ? { contentType: upload.contentType } : {}),
  });
}
