/**
 * The types the ingest layer shares: what an extractor returns and what the dispatcher
 * (extract.ts) is given. Kept apart so the extractors need not import their dispatcher.
 */

export interface DraftSource {
  /** Only set when the input already carried one (Markdown front matter). */
  id?: string;
  title: string;
  publisher?: string;
  /** YYYY-MM-DD, or YYYY-MM when only the month is known. */
  published?: string;
  /** Canonical URL when the page declares one, else the URL it was fetched from. */
  url?: string;
  /** news | press-release | inspection-report | letter | action-plan | other */
  kind: string;
  /** Verbatim paragraphs; list items start with "- ". */
  paragraphs: string[];
}

export interface ExtractInput {
  body: Buffer;
  /** Content-Type header or upload MIME type, if known. */
  contentType?: string;
  /** Upload file name, if any (its extension helps detect the type). */
  filename?: string;
  /** URL the document was fetched from (final URL after redirects). */
  url?: string;
}
