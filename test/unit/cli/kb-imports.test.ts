/**
 * Issue 13 end to end through `kb` (its `main()`, with a fake terminal): real pages made from the
 * growth articles (../shared/growth/) wrapped in their sites' templates (test/fixtures/sites/), served
 * from 127.0.0.1, added to a temporary copy of the starting knowledge folder. What the preview says
 * (proposals, passages other sources already have, events), what the moderator must confirm, and
 * what is written.
 */
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { growthIndex, growthText, sitePage, type GrowthEntry } from '../../../eval/grown/pages.ts';
import { main, type KbIo } from '../../../src/cli/kb.ts';
import { answerLine } from '../../../src/cli/console.ts';
import { KnowledgeBase } from '../../../src/knowledge/live.ts';
import { folderSnapshot } from '../../support/folder-snapshot.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const START = join(ROOT, 'knowledge');

const growth = (prefix: string): GrowthEntry => {
  const entry = growthIndex().find((e) => e.file.startsWith(prefix));
  if (!entry) throw new Error(`no growth article ${prefix}`);
  return entry;
};

/** Pages by path; tests add their own before fetching them. */
const pages = new Map<string, { type: string; body: Buffer | string }>();
let server: Server;
let base: string;

beforeAll(async () => {
  // An old council page: a generic <title>, no og: tags, the date only in its text.
  pages.set('/council-one-year', { type: 'text/html; charset=utf-8', body: sitePage(growth('03-')) });
  // The council's newer page, whose CMS gives the section's name as its title (og:title and <title>).
  const generic = sitePage(growth('09-'))
    .replace(/<meta property="og:title" content="[^"]*">/, '<meta property="og:title" content="Latest news">')
    .replace(/<title>[^<]*<\/title>/, '<title>Latest news | Worcestershire County Council</title>');
  pages.set('/council-latest-news', { type: 'text/html; charset=utf-8', body: generic });
  // The same statements in two outlets: the BBC's report of the parents' visit to Parliament, and a
  // local paper's page (its own article) that ran two of the same quotes.
  const bbc = growth('08-');
  pages.set('/bbc-parents', { type: 'text/html; charset=utf-8', body: sitePage(bbc) });
  const quotes = growthText(bbc).split('\n').filter((l) => /^"(SEND provisions|Let's remind)/.test(l));
  expect(quotes).toHaveLength(2);
  const local = growth('06-');
  pages.set('/local-paper-quotes', { type: 'text/html; charset=utf-8', body: sitePage(local, `${growthText(local)}\n${quotes.join('\n')}\n`) });
  server = createServer((req, res) => {
    const page = pages.get(req.url ?? '/');
    res.writeHead(page ? 200 : 404, { 'content-type': page?.type ?? 'text/html' });
    res.end(page?.body ?? '<h1>Page not found</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

let root: string;
let kb: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'kb-imports-'));
  kb = join(root, 'knowledge');
  await cp(START, kb, { recursive: true });
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

interface Fake {
  io: Partial<KbIo>;
  out(): string;
  err(): string;
  questions: string[];
}

/** A terminal (interactive) that answers the questions in order, or a script (not interactive). */
function fake(answers?: string[]): Fake {
  let out = '';
  let err = '';
  const questions: string[] = [];
  const queue = [...(answers ?? [])];
  return {
    io: {
      out: { write: (s: string) => (out += s) },
      err: { write: (s: string) => (err += s) },
      env: { ALLOW_PRIVATE_URLS: 'true' },
      cwd: ROOT,
      interactive: answers !== undefined,
      ask: async (q: string) => {
        questions.push(q);
        return queue.shift() ?? '';
      },
      user: 'tester',
    },
    out: () => out,
    err: () => err,
    questions,
  };
}

const kbMain = (args: string[], f: Fake): Promise<number> => main([...args, '--knowledge', kb, '--audit', join(root, 'audit.jsonl')], f.io);

describe('kb add: values the page only proposes', () => {
  it('with --yes, refuses a page whose date and publisher are only proposed, naming them and --accept-proposals; nothing is written', async () => {
    const before = await folderSnapshot(kb);
    const f = fake();
    expect(await kbMain(['add', `${base}/council-one-year`, '--yes'], f)).toBe(1);
    expect(f.err()).toContain('the text says "Published Monday, 8th July 2019": give 2019-07-08 if that is right');
    expect(f.err()).toContain('the page\'s <title> ends with "Worcestershire County Council"');
    expect(f.err()).toContain('--accept-proposals');
    expect(await folderSnapshot(kb)).toEqual(before);
  });

  it('with --yes --accept-proposals, saves them, and the preview says they are proposals', async () => {
    const f = fake();
    expect(await kbMain(['add', `${base}/council-one-year`, '--yes', '--accept-proposals'], f)).toBe(0);
    expect(f.out()).toMatch(/date: {6}8 July 2019 \(2019-07-08\) {3}\(proposed: see below\)/);
    expect(f.out()).toContain('Date not in the page\'s metadata; proposed: 8 July 2019 (2019-07-08), because the text says "Published Monday, 8th July 2019" [will be saved]');
    const file = await readFile(join(kb, 'worcestershire-council-2019-one-year-improvement-plan.md'), 'utf8');
    expect(file).toContain('published: 2019-07-08');
    expect(file).toContain('publisher: Worcestershire County Council');
  });

  it('on a terminal, asks once, naming what is proposed; "n" writes nothing, "y" saves the proposals', async () => {
    const before = await folderSnapshot(kb);
    const no = fake(['n']);
    expect(await kbMain(['add', `${base}/council-one-year`], no)).toBe(1);
    expect(no.questions).toEqual(['Add this source, with the proposed publisher and date? [y/N] ']);
    expect(await folderSnapshot(kb)).toEqual(before);

    const yes = fake(['y', 'none']);
    expect(await kbMain(['add', `${base}/council-one-year`], yes)).toBe(0);
    expect(await readFile(join(kb, 'worcestershire-council-2019-one-year-improvement-plan.md'), 'utf8')).toContain('published: 2019-07-08');
  });

  it('a value the moderator types wins over the proposal, and is not asked about', async () => {
    const f = fake(['y', 'none']);
    expect(await kbMain(['add', `${base}/council-one-year`, '--published', '2019-07', '--publisher', 'Worcestershire Children First'], f)).toBe(0);
    expect(f.questions[0]).toBe('Add this source? [y/N] ');
    const added = /^Added (\S+) /m.exec(f.out())?.[1] ?? '';
    const file = await readFile(join(kb, `${added}.md`), 'utf8');
    expect(file).toContain('published: 2019-07\n');
    expect(file).toContain('publisher: Worcestershire Children First\n');
  });
});

describe('kb add: a title that is generic for the site', () => {
  const HEADING = 'Improvements to SEND Services to support children and families across the county';

  it('is flagged in the preview with the page\'s heading proposed; with --yes alone the page\'s title is kept', async () => {
    const f = fake();
    expect(await kbMain(['add', `${base}/council-latest-news`, '--yes', '--published', '2025-01'], f)).toBe(0);
    expect(f.out()).toContain(`Title "Latest news" looks generic for this site; proposed: "${HEADING}" (the page's heading) [not used: pass --title "${HEADING}" or --accept-proposals]`);
    expect(f.out()).toMatch(/^ {2}title: {5}Latest news$/m);
  });

  it('on a terminal, confirming saves the heading as the title', async () => {
    const f = fake(['y', 'none']);
    expect(await kbMain(['add', `${base}/council-latest-news`, '--published', '2025-01'], f)).toBe(0);
    expect(f.questions[0]).toBe('Add this source, with the proposed title? [y/N] ');
    expect(f.out()).toContain(`title:     ${HEADING}   (proposed: see below)`);
    const added = /^Added (\S+) /m.exec(f.out())?.[1] ?? '';
    expect(await readFile(join(kb, `${added}.md`), 'utf8')).toContain(`title: ${HEADING}\n`);
  });
});

describe('kb add: passages already in the knowledge base', () => {
  it('names the source that already has them, with its publisher and date, and still adds (the engine shows them as one statement)', async () => {
    expect(await kbMain(['add', `${base}/bbc-parents`, '--yes'], fake())).toBe(0);
    const f = fake();
    expect(await kbMain(['add', `${base}/local-paper-quotes`, '--yes', '--published', '2023-10', '--url', 'https://www.bromsgroveadvertiser.co.uk/news/x'], f)).toBe(0);
    expect(f.out()).toContain('Already in the knowledge base (same or nearly the same words):\n  - 2 passages already appear in "Parents demand special needs improvements" (BBC News, 15 May 2025)\n    e.g. ""SEND provisions have got way worse');
  });

  it('says nothing when no passage is shared', async () => {
    const f = fake();
    expect(await kbMain(['add', `${base}/bbc-parents`, '--yes'], f)).toBe(0);
    expect(f.out()).not.toContain('Already in the knowledge base');
  });
});

describe('the timeline grows with the sources', () => {
  /** The console's /progress over the folder as it is now, on 7 December 2026. */
  const progress = async (): Promise<string> => answerLine(await KnowledgeBase.open(kb), '/progress', { now: () => new Date('2026-12-07T12:00:00Z') }) ?? '';

  it('after kb add --yes --keep-events, the console\'s /progress shows the step the new page reports', async () => {
    expect(await progress()).not.toContain('Improvement plan launched');
    const f = fake();
    expect(await kbMain(['add', `${base}/council-one-year`, '--yes', '--keep-events', '--accept-proposals'], f)).toBe(0);
    expect(f.out()).toContain('Events kept: 2 of 2.');
    const shown = await progress();
    expect(shown).toMatch(/^\d+\. August 2018 · Improvement plan launched/m);
    expect(shown).toContain('Worcestershire County Council · 8 July 2019 · One year into the improvement plan');
  });

  it('kb edit --event adds a step /progress shows as due, and --remove-event takes it away', async () => {
    const id = 'bbc-2024-send-inspection';
    const added = fake();
    expect(await kbMain(['edit', id, '--event', '2027-03|Monitoring inspection expected|due', '--yes'], added)).toBe(0);
    expect(added.out()).toContain('event added:   2027-03 (due March 2027): Monitoring inspection expected');
    expect(await readFile(join(kb, `${id}.md`), 'utf8')).toContain('label: Monitoring inspection expected');
    expect(await progress()).toMatch(/due March 2027 · Monitoring inspection expected/);

    const removed = fake();
    expect(await kbMain(['edit', id, '--remove-event', '2027-03', '--yes'], removed)).toBe(0);
    expect(removed.out()).toContain('event removed: 2027-03 (due March 2027): Monitoring inspection expected');
    expect(await progress()).not.toContain('Monitoring inspection expected');
    expect(await readFile(join(kb, `${id}.md`), 'utf8')).toBe(await readFile(join(START, `${id}.md`), 'utf8'));
  });
});
