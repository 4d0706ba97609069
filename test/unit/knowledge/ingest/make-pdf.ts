/**
 * Builds small, valid PDF files for the tests (no downloads, no binary fixtures): one Helvetica
 * font, text placed at explicit positions so that line wrapping, paragraph gaps, running headers
 * and footers and page numbers look like a real report.
 */

export interface PdfText {
  text: string;
  /** Baseline position in points from the bottom-left corner of an A4 page (595 x 842). */
  y: number;
  x?: number;
  size?: number;
}

export interface PdfSpec {
  title?: string;
  author?: string;
  creationDate?: string;
  pages: PdfText[][];
}

export function makePdf(spec: PdfSpec): Buffer {
  const objects: string[] = [];
  const add = (body: string): number => {
    objects.push(body);
    return objects.length;
  };
  const catalog = add('');
  const pagesRoot = add('');
  const font = add('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>');
  const kids: number[] = [];
  for (const page of spec.pages) {
    const ops = page
      .map((t) => `BT /F1 ${t.size ?? 11} Tf ${t.x ?? 72} ${t.y} Td (${escapePdfString(t.text)}) Tj ET`)
      .join('\n');
    const content = add(`<< /Length ${Buffer.byteLength(ops, 'latin1')} >>\nstream\n${ops}\nendstream`);
    kids.push(
      add(
        `<< /Type /Page /Parent ${pagesRoot} 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 ${font} 0 R >> >> /Contents ${content} 0 R >>`,
      ),
    );
  }
  objects[catalog - 1] = `<< /Type /Catalog /Pages ${pagesRoot} 0 R >>`;
  objects[pagesRoot - 1] = `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`;
  const infoEntries = [
    spec.title !== undefined ? `/Title (${escapePdfString(spec.title)})` : '',
    spec.author !== undefined ? `/Author (${escapePdfString(spec.author)})` : '',
    spec.creationDate !== undefined ? `/CreationDate (${spec.creationDate})` : '',
    '/Producer (send-inspections-bot tests)',
  ].filter(Boolean);
  const info = add(`<< ${infoEntries.join(' ')} >>`);

  let out = '%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  out += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  out += `trailer\n<< /Size ${objects.length + 1} /Root ${catalog} 0 R /Info ${info} 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const WIN_ANSI: Record<string, number> = {
  '\u20ac': 0x80, '\u2018': 0x91, '\u2019': 0x92, '\u201c': 0x93, '\u201d': 0x94, '\u2022': 0x95, '\u2013': 0x96, '\u2014': 0x97,
};

/** Escapes a PDF literal string and encodes it as WinAnsi (one latin1 char per byte). */
function escapePdfString(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = WIN_ANSI[ch] ?? ch.codePointAt(0) ?? 0x3f;
    const byte = code > 0xff ? 0x3f : code;
    const c = String.fromCharCode(byte);
    out += c === '\\' || c === '(' || c === ')' ? `\\${c}` : c;
  }
  return out;
}

/** Lays out paragraphs of pre-wrapped lines top-down, like a word processor would. */
export function layoutPage(
  blocks: { lines: string[]; size?: number; gapBefore?: number; x?: number; bullet?: boolean }[],
  options: { header?: string; footer?: string; top?: number } = {},
): PdfText[] {
  const out: PdfText[] = [];
  if (options.header) out.push({ text: options.header, y: 806, size: 9 });
  let y = options.top ?? 760;
  blocks.forEach((block, index) => {
    const size = block.size ?? 11;
    if (index > 0) y -= block.gapBefore ?? size * 1.0;
    const x = block.x ?? 72;
    block.lines.forEach((line, i) => {
      if (block.bullet) {
        // Hanging indent, as word processors lay out bullets: glyph at x, text 12pt further in.
        if (i === 0) out.push({ text: '\u2022', x, y, size });
        out.push({ text: line, x: x + 12, y, size });
      } else {
        out.push({ text: line, x, y, size });
      }
      y -= size * 1.3;
    });
  });
  if (options.footer) out.push({ text: options.footer, y: 36, size: 9 });
  return out;
}

/** A three-page inspection report with running header, page-number footer and wrapped lines. */
export function sampleInspectionReport(): Buffer {
  const header = 'Area SEND inspection: Worcestershire Local Area Partnership';
  return makePdf({
    title: 'Area SEND inspection of Worcestershire Local Area Partnership',
    author: 'Ofsted',
    creationDate: 'D:20240722093000Z',
    pages: [
      layoutPage(
        [
          { lines: ['Area SEND inspection of Worcestershire', 'Local Area Partnership'], size: 18 },
          { lines: ['Inspection dates: 3 to 7 June 2024'], gapBefore: 14 },
          { lines: ['Dates of previous inspection: 13 to 17 March 2023'] },
          { lines: ['Inspection outcome'], size: 14, gapBefore: 16 },
          {
            lines: [
              'The local area partnership\u2019s special educational needs and/or disabilities (SEND)',
              'arrangements lead to inconsistent experiences and outcomes for children and young',
              'people with SEND. The local area partnership must work jointly to make improvements.',
            ],
            gapBefore: 10,
          },
          {
            lines: [
              'The next full area SEND inspection will be within approximately three years.',
              'Ofsted and the Care Quality Commission (CQC) ask that the local area partnership',
              'updates and publishes its strategic plan based on the recommendations set out in',
            ],
          },
        ],
        { header, footer: 'Page 1 of 3' },
      ),
      layoutPage(
        [
          {
            lines: ['this report.'],
          },
          { lines: ['Areas for improvement'], size: 14, gapBefore: 16 },
          {
            lines: [
              'Leaders should make sure that education, health and care plans are completed within',
              'the statutory timescales.',
            ],
            gapBefore: 10,
          },
          { lines: ['Waiting times for speech and language therapy are too long.'], x: 84, bullet: true },
          { lines: ['Parents and carers do not always know who to contact for help.'], x: 84, bullet: true, gapBefore: 4 },
          {
            lines: [
              'Transitions between schools and into adult services are not planned early enough',
              'for many young people, and families say they are told about changes too late.',
            ],
            x: 84,
            bullet: true,
            gapBefore: 4,
          },
          {
            lines: [
              'Leaders have started to address these weaknesses, but it is too early to see the',
              'impact of their work on the experiences of children and young people.',
            ],
            gapBefore: 4,
          },
        ],
        { header, footer: 'Page 2 of 3' },
      ),
      layoutPage(
        [
          { lines: ['Local area partnership details'], size: 14 },
          {
            lines: [
              'The local area partnership is responsible for the planning and commissioning of',
              'SEND services across Worcestershire, working with schools and health providers.',
            ],
            gapBefore: 10,
          },
        ],
        { header, footer: 'Page 3 of 3' },
      ),
    ],
  });
}
