import { describe, expect, it } from 'vitest';
import { formatIssue, isBinary, parseKnowledgeFile, type KnowledgeIssue, type ParseResult } from '../../../src/knowledge/parse.ts';

const FIELDS: Record<string, string> = {
  id: 'test-source',
  title: 'Waiting times for autism assessments',
  publisher: 'Test County Council',
  published: '2024-07-01',
  url: 'https://example.org/news/waiting-times',
  kind: 'news',
};
const BODY = 'Children wait nine months for an autism assessment, the report found.\n\nThe council said a new team would start in June.';

/** A knowledge file with the given front-matter fields (null removes one) plus extra YAML lines. */
function file(fields: Record<string, string | null> = {}, extra = '', body = BODY): string {
  const all = { ...FIELDS, ...fields };
  const yaml = Object.entries(all)
    .filter(([, v]) => v !== null)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  return `---\n${yaml}\n${extra}---\n\n${body}\n`;
}

function issues(result: ParseResult): KnowledgeIssue[] {
  if (result.ok) throw new Error('expected the file to be rejected');
  return result.issues;
}

function fieldsOf(result: ParseResult): string[] {
  return issues(result).map((i) => i.field);
}

describe('parseKnowledgeFile', () => {
  it('reads a valid file into metadata, a cleaned body and passages', () => {
    const r = parseKnowledgeFile('test.md', file({}, 'events:\n  - date: 2024-04\n    label: Inspection\n  - date: "2026"\n    end: 2026-03\n    label: Monitoring visit\n    status: due\n'));
    if (!r.ok) throw new Error(JSON.stringify(r.issues));
    expect(r.source.meta).toEqual({
      ...FIELDS,
      events: [
        { date: '2024-04', label: 'Inspection', status: 'done' },
        { date: '2026', end: '2026-03', label: 'Monitoring visit', status: 'due' },
      ],
    });
    expect(r.source.body).toBe(BODY);
    expect(r.source.passages.map((p) => p.text)).toEqual([
      'Children wait nine months for an autism assessment, the report found.',
      'The council said a new team would start in June.',
    ]);
    expect(r.source.passages.every((p) => p.sourceId === 'test-source')).toBe(true);
  });

  it('allows a month-only date', () => {
    const r = parseKnowledgeFile('month.md', file({ published: '2024-07' }));
    expect(r.ok && r.source.meta.published).toBe('2024-07');
  });

  it('accepts a quoted date, a BOM and Windows line endings', () => {
    const r = parseKnowledgeFile('crlf.md', `\uFEFF${file({ published: '"2022-01-07"' })}`.replace(/\n/g, '\r\n'));
    expect(r.ok && r.source.meta.published).toBe('2022-01-07');
    expect(r.ok && r.source.body).toBe(BODY);
  });

  it('cleans page furniture out of the body, headline included', () => {
    const body = `Waiting times for autism assessments\n\nPublished Friday, 7th January 2022\n\n${BODY}\n\nFollow BBC Hereford & Worcester on Facebook, external, X, external and Instagram, external`;
    const r = parseKnowledgeFile('furniture.md', file({}, '', body));
    expect(r.ok && r.source.body).toBe(BODY);
  });

  it('joins hard-wrapped lines of a paragraph', () => {
    const r = parseKnowledgeFile('wrapped.md', file({}, '', 'Children wait nine months\nfor an autism assessment.'));
    expect(r.ok && r.source.passages.map((p) => p.text)).toEqual(['Children wait nine months for an autism assessment.']);
  });

  describe('reports, with the file name and the field', () => {
    const cases: [string, string, string][] = [
      ['missing front matter', BODY, 'front matter'],
      ['front matter never closed', `---\nid: x\ntitle: y\n\n${BODY}`, 'front matter'],
      ['invalid YAML', file({ title: '[an unclosed list' }), 'front matter'],
      ['front matter that is a list', `---\n- a\n- b\n---\n\n${BODY}`, 'front matter'],
      ['missing title', file({ title: null }), 'title'],
      ['blank title', file({ title: '"  "' }), 'title'],
      ['title that is a number', file({ title: '123' }), 'title'],
      ['missing id', file({ id: null }), 'id'],
      ['id with capitals and underscores', file({ id: 'Test_Source' }), 'id'],
      ['missing publisher', file({ publisher: null }), 'publisher'],
      ['missing kind', file({ kind: null }), 'kind'],
      ['missing published', file({ published: null }), 'published'],
      ['month 13', file({ published: '2024-13-01' }), 'published'],
      ['a date in words', file({ published: 'July 2024' }), 'published'],
      ['30 February', file({ published: '2023-02-30' }), 'published'],
      ['a year alone', file({ published: '2024' }), 'published'],
      ['a date and time', file({ published: '2024-07-01T10:00:00Z' }), 'published'],
      ['missing url', file({ url: null }), 'url'],
      ['url without scheme', file({ url: 'www.example.org/page' }), 'url'],
      ['ftp url', file({ url: 'ftp://example.org/report.pdf' }), 'url'],
      ['javascript url', file({ url: '"javascript:alert(1)"' }), 'url'],
      ['unknown field', file({}, 'author: Someone\n'), 'author'],
      ['empty body', file({}, '', ''), 'body'],
      ['body of furniture only', file({}, '', 'Published Friday, 7th January 2022\n\nImage caption,\n\nA caption'), 'body'],
      ['body of headings only', file({}, '', '## Waiting times\n\n## Plans'), 'body'],
      ['events not a list', file({}, 'events: last year\n'), 'events'],
      ['event not a mapping', file({}, 'events:\n  - just text\n'), 'events[0]'],
      ['event with a bad date', file({}, 'events:\n  - date: 2024-13\n    label: Inspection\n'), 'events[0].date'],
      ['event without a date', file({}, 'events:\n  - label: Inspection\n'), 'events[0].date'],
      ['event with a bad end', file({}, 'events:\n  - date: 2024-04\n    end: soon\n    label: Inspection\n'), 'events[0].end'],
      ['event without a label', file({}, 'events:\n  - date: 2024-04\n'), 'events[0].label'],
      ['event with an unknown status', file({}, 'events:\n  - date: 2024-04\n    label: Inspection\n    status: planned\n'), 'events[0].status'],
      ['second event bad', file({}, 'events:\n  - date: 2024-04\n    label: Inspection\n  - date: 2024-02-30\n    label: Visit\n'), 'events[1].date'],
    ];

    it.each(cases)('%s', (_name, content, field) => {
      const found = issues(parseKnowledgeFile('broken-file.md', content));
      expect(found.map((i) => i.field)).toContain(field);
      for (const i of found) {
        expect(i.file).toBe('broken-file.md');
        expect(i.message).toMatch(/\S/);
        expect(formatIssue(i)).toBe(`broken-file.md: ${i.field}: ${i.message}`);
      }
    });

    it('names the offending value in the message', () => {
      expect(issues(parseKnowledgeFile('f.md', file({ published: '2024-13-01' })))[0]?.message).toContain('2024-13-01');
      expect(issues(parseKnowledgeFile('f.md', file({ url: 'www.example.org/page' })))[0]?.message).toContain('www.example.org/page');
    });

    it('gives the line of invalid YAML', () => {
      expect(issues(parseKnowledgeFile('f.md', file({ title: '[an unclosed list' })))[0]?.message).toMatch(/invalid YAML \(line \d+\)/);
    });

    it('lists every problem of a file at once, not only the first', () => {
      const r = parseKnowledgeFile('f.md', file({ title: null, published: 'July 2024', url: 'nope' }, 'author: x\n'));
      expect(fieldsOf(r).sort()).toEqual(['author', 'published', 'title', 'url']);
    });
  });
});

describe('isBinary', () => {
  it('flags NUL bytes and invalid UTF-8, not text in any script', () => {
    expect(isBinary(new Uint8Array([0x2d, 0x2d, 0x2d, 0x00, 0x0a]))).toBe(true);
    expect(isBinary(new Uint8Array([0xff, 0xfe, 0x41]))).toBe(true);
    expect(isBinary(new TextEncoder().encode('---\ntitle: Café “SEND” 😀\n---\n'))).toBe(false);
    expect(isBinary(new Uint8Array([]))).toBe(false);
  });
});
