/**
 * Turns fetched or uploaded bytes into a draft knowledge source: metadata plus the source's own
 * paragraphs with page furniture removed. See html.ts, markdown.ts and pdf.ts for each format.
 */
import { detectDocument } from './detect.ts';
import { IngestError } from './errors.ts';
import { extractHtml } from './html.ts';
import { extractText } from './markdown.ts';
import { extractPdf } from './pdf.ts';
import type { DraftSource, ExtractInput } from './types.ts';

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
