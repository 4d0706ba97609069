/**
 * Turns fetched or uploaded bytes into a draft knowledge source: metadata plus the source's own
 * paragraphs with page furniture removed. See html.ts, markdown.ts and pdf.ts for each format.
 */
import { detectDocument } from './detect.ts';
import { IngestError } from './errors.ts';
import { extractHtml } from './html.ts';
import { extractText } from './markdown.ts';
import { extractPdf } from './pdf.ts';

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

export async function extractDocument(input: ExtractInput): Promise<DraftSource> {
  const detected = detectDocument(input);
  switch (detected.format) {
    case 'pdf':
      return extractPdf({
        body: input.body,
        ...(input.filename ? { filename: input.filename } : {}),
        ...(input.url ? { url: input.url } : {}),
      });
    case 'html':
      return extractHtml(detected.text ?? '', input.url);
    case 'markdown':
    case 'text':
      return extractText({
        text: detected.text ?? '',
        format: detected.format,
        ...(input.filename ? { filename: input.filename } : {}),
        ...(input.url ? { url: input.url } : {}),
      });
    default: {
      const unreachable: never = detected.format;
      throw new IngestError('unsupported-type', `Unsupported document type ${String(unreachable)}.`);
    }
  }
}
