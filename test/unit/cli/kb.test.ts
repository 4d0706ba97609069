/**
 * Contract of `npm run kb`: what moderators and scripts rely on (output, exit codes, confirmation,
 * the audit entry), through the real process; then the finer points in-process through `main()`
 * with a fake terminal. Every test works on a temporary copy of test/fixtures/kb/knowledge, and
 * pages are served from 127.0.0.1.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../src/cli/kb.ts';
import type { KbIo } from '../../../src/cli/kb.ts';
import { readAudit } from '../../../src/knowledge/audit.ts';
import type { SourceSummary } from '../../../src/knowledge/store.ts';
import { sampleInspectionReport } from '../knowledge/ingest/make-pdf.ts';
import { folderSnapshot } from '../../support/folder-snapshot.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIXTURES = join(ROOT, 'test/fixtures/kb');
/** Spawned processes on a 2-core machine shared with other suites: be generous. */
const TIMEOUT = 90_000;
const COUNCIL = 'fixture-council-2023-therapy';
const NEWS = 'fixture-news-2024-transport';

// ---------------------------------------------------------------------------------------------
// Fixture pages on 127.0.0.1
// ---------------------------------------------------------------------------------------------

let server: Server;
let base: string;
const requests: string[] = [];

beforeAll(async () => {
  const article = await readFile(join(FIXTURES, 'pages/article.html'));
  const noDate = await readFile(join(FIXTURES, 'pages/article-no-date.html'));
  const pdf = sampleInspectionReport();
  server = createServer((req, res) => {
    const path = ((req.url ?? '/').split('?')[0] ?? '/').replace(/(.)\/+$/, '$1');
    requests.push(req.url ?? '/');
    const send = (type: string, body: Buffer | string, status = 200): void => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    if (path === '/news/autism-clinics' || path === '/syndicated/clinics-story') send('text/html; charset=utf-8', article);
    else if (path === '/guides/ehcp-review') send('text/html; charset=utf-8', noDate);
    else if (path === '/reports/area-send.pdf') send('application/pdf', pdf);
    else send('text/html', '<h1>Page not found</h1>', 404);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

// ---------------------------------------------------------------------------------------------
// Temporary knowledge folders
// ---------------------------------------------------------------------------------------------

const temps: string[] = [];
/** `<tmp>/knowledge` (a copy of the fixture folder); the default audit file is `<tmp>/data/audit.jsonl`. */
let root: string;
let kb: string;
let auditFile: string;
beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'kb-cli-'));
  temps.push(root);
  kb = join(root, 'knowledge');
  auditFile = join(root, 'data', 'audit.jsonl');
  await cp(join(FIXTURES, 'knowledge'), kb, { recursive: true });
});
afterEach(async () => {
  for (const d of temps.splice(0)) await rm(d, { recursive: true, force: true });
});

const snapshot = folderSnapshot;

// ---------------------------------------------------------------------------------------------
// The real process
// ---------------------------------------------------------------------------------------------

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], env: Record<string, string | undefined> = {}): Promise<Run> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', ...env };
  delete childEnv.KNOWLEDGE_DIR;
  for (const [k, v] of Object.entries(env)) if (v === undefined) delete childEnv[k];
  return new Promise((resolve, reject) => {
    // stdin is not a terminal here: kb must not wait for an answer.
    const child = spawn(command, args, { cwd: ROOT, env: childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end();
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** `node src/cli/kb.ts ...args`, on the temporary folder, loopback pages allowed. */
const kbRun = (args: string[], env: Record<string, string | undefined> = { ALLOW_PRIVATE_URLS: 'true' }): Promise<Run> =>
  run(process.execPath, ['src/cli/kb.ts', ...args, '--knowledge', kb], env);

const listJson = async (): Promise<SourceSummary[]> => {
  const r = await kbRun(['list', '--json']);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as SourceSummary[];
};

const OS_USER = userInfo().username;
/** util-linux `script` gives the child a real terminal (a pty). */
const HAS_SCRIPT = process.platform === 'linux' && spawnSync('script', ['--version'], { stdio: 'ignore' }).status === 0;
const shellQuote = (s: string): string => `'${s.replace(/'/g, `'\\''`)}'`;

describe('kb (the real process)', () => {
  it('`npm run --silent kb -- list --json` prints one JSON array of summaries and nothing else', { timeout: TIMEOUT }, async () => {
    const r = await run('npm', ['run', '--silent', 'kb', '--', 'list', '--json', '--knowledge', kb]);
    expect(r.code, r.stderr).toBe(0);
    const list = JSON.parse(r.stdout) as SourceSummary[]; // throws on any banner or npm noise
    expect(list.map((s) => s.id)).toEqual([COUNCIL, NEWS]);
    expect(Object.keys(list[0] ?? {})).toEqual(['id', 'file', 'title', 'publisher', 'published', 'url', 'kind', 'passages']);
    expect(r.stdout).not.toMatch(/dotenv|injecting env|^>/m);
  });

  it('add from an HTML link: preview, file written, listed, audited; then the same link again and the same text elsewhere are refused', { timeout: TIMEOUT }, async () => {
    const url = `${base}/news/autism-clinics`;
    const r = await kbRun(['add', url, '--yes']);
    expect(r.code, r.stderr).toBe(0);
    for (const line of [
      'title:     Fixtureshire opens two new autism assessment clinics',
      'publisher: Fixture Gazette',
      'date:      12 September 2024 (2024-09-12)',
      `url:       ${url}`,
      'passages:  5',
      '1. Two new clinics for autism assessments have opened in Fixtureshire',
      '2. Families have waited up to two years',
      '3. Dr Priya Shah',
      '... and 2 more',
    ]) {
      expect(r.stdout).toContain(line);
    }
    const added = (await listJson()).find((s) => s.url === url);
    expect(added).toMatchObject({ publisher: 'Fixture Gazette', published: '2024-09-12', passages: 5, file: `${added?.id}.md` });
    expect(await readFile(join(kb, added?.file ?? ''), 'utf8')).toContain('Dr Priya Shah, the board');
    expect(await readAudit(auditFile)).toEqual([
      { at: expect.any(String) as string, actor: `terminal:${OS_USER}`, action: 'add', sourceId: added?.id, after: added, detail: `from ${url}` },
    ]);

    const before = await snapshot(kb);
    const again = await kbRun(['add', `${url}/?utm_source=newsletter`, '--yes']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`already in the knowledge base: ${added?.file}`);
    const copy = await kbRun(['add', `${base}/syndicated/clinics-story`, '--yes']);
    expect(copy.code).toBe(1);
    expect(copy.stderr).toMatch(/same text is already in the knowledge base, under another link/);
    expect(copy.stderr).toContain(added?.file);
    expect(await snapshot(kb)).toEqual(before);
    expect(await readAudit(auditFile)).toHaveLength(1);
  });

  it('add from a Markdown file, and from a PDF file (with --url, which a file cannot carry)', { timeout: TIMEOUT }, async () => {
    const md = await kbRun(['add', join(FIXTURES, 'upload.md'), '--yes']);
    expect(md.code, md.stderr).toBe(0);
    expect(md.stdout).toContain('title:     Short breaks for disabled children: what changes in April');
    expect(md.stdout).toContain('passages:  4');

    const pdfFile = join(root, 'area-send-inspection.pdf');
    await writeFile(pdfFile, sampleInspectionReport());
    const pdf = await kbRun(['add', pdfFile, '--url', 'https://reports.ofsted.gov.uk/area-send', '--yes']);
    expect(pdf.code, pdf.stderr).toBe(0);
    expect(pdf.stdout).toContain('publisher: Ofsted');
    expect(pdf.stdout).toContain('date:      22 July 2024 (2024-07-22)');

    const list = await listJson();
    expect(list.map((s) => s.title)).toEqual(
      expect.arrayContaining(['Short breaks for disabled children: what changes in April', 'Area SEND inspection of Worcestershire Local Area Partnership']),
    );
    expect(list.find((s) => s.publisher === 'Ofsted')).toMatchObject({ kind: 'inspection-report', url: 'https://reports.ofsted.gov.uk/area-send' });
  });

  it('refusals: no terminal without --yes (exit 2, nothing fetched), 404, a private address without ALLOW_PRIVATE_URLS, no date without --published (exit 1)', { timeout: TIMEOUT }, async () => {
    const before = await snapshot(kb);
    const fetched = requests.length;

    const noTty = await kbRun(['add', `${base}/news/autism-clinics`]);
    expect(noTty.code).toBe(2);
    expect(noTty.stderr).toMatch(/pass --yes/);
    expect(requests.length).toBe(fetched);

    const missing = await kbRun(['add', `${base}/news/no-such-page`, '--yes']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/404/);

    const beforePrivate = requests.length;
    // Empty rather than deleted: kb loads .env, which never overrides a variable that is set, so a
    // developer's .env with ALLOW_PRIVATE_URLS=true cannot make this pass for the wrong reason.
    const privateAddress = await kbRun(['add', `${base}/news/autism-clinics`, '--yes'], { ALLOW_PRIVATE_URLS: '' });
    expect(privateAddress.code).toBe(1);
    expect(privateAddress.stderr).toMatch(/private|loopback|not allowed|refus/i);
    expect(requests.length).toBe(beforePrivate); // refused before connecting

    const noDate = await kbRun(['add', `${base}/guides/ehcp-review`, '--yes']);
    expect(noDate.code).toBe(1);
    expect(noDate.stderr).toContain('--published');
    expect(noDate.stdout).toBe('');

    expect(await snapshot(kb)).toEqual(before);
    await expect(readFile(auditFile)).rejects.toThrow();
  });

  it('remove moves the file to .removed and list no longer shows it; edit changes the front matter only; an invalid date is refused', { timeout: TIMEOUT }, async () => {
    const newsBytes = await readFile(join(kb, `${NEWS}.md`));
    const removed = await kbRun(['remove', NEWS, '--yes']);
    expect(removed.code, removed.stderr).toBe(0);
    const kept = await readdir(join(kb, '.removed'));
    expect(kept).toHaveLength(1);
    expect(kept[0]).toMatch(new RegExp(`^${NEWS}\\.md\\.\\d{4}-\\d{2}-\\d{2}T`));
    expect(await readFile(join(kb, '.removed', kept[0] ?? ''))).toEqual(newsBytes);
    expect((await listJson()).map((s) => s.id)).toEqual([COUNCIL]);

    const original = await readFile(join(kb, `${COUNCIL}.md`), 'utf8');
    const edited = await kbRun(['edit', COUNCIL, '--title', 'Therapy waiting list halved', '--published', '2023-03', '--yes']);
    expect(edited.code, edited.stderr).toBe(0);
    const now = await readFile(join(kb, `${COUNCIL}.md`), 'utf8');
    const changed = now.split('\n').filter((line, i) => line !== original.split('\n')[i]);
    expect(changed).toEqual(['title: Therapy waiting list halved   # trailing comment, kept too', 'published: 2023-03']);
    const body = (text: string): string => text.slice(text.indexOf('\n---\n'));
    expect(Buffer.from(body(now))).toEqual(Buffer.from(body(original)));

    const before = await snapshot(kb);
    const bad = await kbRun(['edit', COUNCIL, '--published', 'March 2023', '--yes']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('published: "March 2023" is not a date');
    expect(await snapshot(kb)).toEqual(before);

    const audit = await readAudit(auditFile);
    expect(audit.map((e) => [e.action, e.sourceId, e.actor])).toEqual([
      ['remove', NEWS, `terminal:${OS_USER}`],
      ['edit', COUNCIL, `terminal:${OS_USER}`],
    ]);
    expect(audit[1]?.before).toMatchObject({ title: 'Speech and language therapy waiting list cut', published: '2023-03-15' });
    expect(audit[1]?.after).toMatchObject({ title: 'Therapy waiting list halved', published: '2023-03' });
  });

  it.runIf(HAS_SCRIPT)('on a real terminal (a pty from `script`) it asks "Add this source? [y/N]" and adds on y', { timeout: TIMEOUT }, async () => {
    const command = [process.execPath, 'src/cli/kb.ts', 'add', join(FIXTURES, 'upload.md'), '--knowledge', kb].map(shellQuote).join(' ');
    const r = await new Promise<Run>((resolve, reject) => {
      const child = spawn('script', ['-qec', command, '/dev/null'], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      child.stdout.setEncoding('utf8').on('data', (d: string) => {
        stdout += d;
        if (stdout.includes('[y/N]')) child.stdin.end('y\n');
      });
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
    });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('Add this source? [y/N]');
    expect(r.stdout).toMatch(/Added \S+ \(\S+\.md, 4 passages\)/);
    expect((await listJson()).map((s) => s.title)).toContain('Short breaks for disabled children: what changes in April');
  });

  it('check: exit 0 on a good folder; exit 1 on a broken file, printing file: field: message', { timeout: TIMEOUT }, async () => {
    const good = await kbRun(['check']);
    expect(good.code, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(/^OK: 2 sources load/m);

    await writeFile(join(kb, 'broken.md'), '---\nid: broken\ntitle: A broken source\npublisher: Someone\npublished: July 2024\nurl: https://example.org/broken\nkind: news\n---\n\nSome text.\n');
    const broken = await kbRun(['check']);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('broken.md: published: "July 2024" is not a date');
    expect(broken.stdout).toMatch(/1 problem found/);
  });
});

// ---------------------------------------------------------------------------------------------
// In-process: confirmation, usage errors and the smaller contracts
// ---------------------------------------------------------------------------------------------

interface Fake {
  io: Partial<KbIo>;
  out: () => string;
  err: () => string;
  questions: string[];
}

function fake(options: { interactive?: boolean; answer?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {}): Fake {
  let out = '';
  let err = '';
  const questions: string[] = [];
  return {
    io: {
      out: { write: (s: string) => (out += s) },
      err: { write: (s: string) => (err += s) },
      env: options.env ?? { ALLOW_PRIVATE_URLS: 'true' },
      cwd: options.cwd ?? ROOT,
      interactive: options.interactive ?? false,
      ask: async (q: string) => {
        questions.push(q);
        return options.answer ?? '';
      },
      user: 'tester',
    },
    out: () => out,
    err: () => err,
    questions,
  };
}

describe('kb main(): stale temporary files', () => {
  it('removes, at any run, the temporary files an interrupted write left (older than a few minutes), never a recent one', async () => {
    const old = (Date.now() - 10 * 60_000) / 1000;
    const stale = join(kb, '.upload.md.4242-0123456789ab.tmp');
    const recent = join(kb, '.other.md.4243-0123456789ab.tmp');
    await writeFile(stale, 'half a file');
    await writeFile(recent, 'a write in progress');
    await utimes(stale, old, old);
    const f = fake();
    expect(await main(['list', '--knowledge', kb], f.io)).toBe(0);
    expect(f.err()).toContain(`kb: removed ${stale}, a temporary file left by an interrupted write`);
    expect(f.err()).not.toContain(recent);
    const names = await readdir(kb);
    expect(names).not.toContain('.upload.md.4242-0123456789ab.tmp');
    expect(names).toContain('.other.md.4243-0123456789ab.tmp');
  });
});

describe('kb main(): confirmation on a terminal', () => {
  it('asks "Add this source? [y/N]" and adds on "y"', async () => {
    const f = fake({ interactive: true, answer: 'y' });
    expect(await main(['add', join(FIXTURES, 'upload.md'), '--knowledge', kb], f.io)).toBe(0);
    expect(f.questions).toEqual(['Add this source? [y/N] ']);
    expect(f.out()).toMatch(/^Added /m);
    expect((await readAudit(auditFile)).map((e) => [e.action, e.actor])).toEqual([['add', 'terminal:tester']]);
  });

  it.each(['', 'n', 'no', 'maybe'])('answer %j: nothing added, nothing audited, exit 1', async (answer) => {
    const before = await snapshot(kb);
    const f = fake({ interactive: true, answer });
    expect(await main(['add', join(FIXTURES, 'upload.md'), '--knowledge', kb], f.io)).toBe(1);
    expect(f.err()).toMatch(/Cancelled: nothing was added/);
    expect(await snapshot(kb)).toEqual(before);
    expect(await readAudit(auditFile)).toEqual([]);
  });

  it('edit and remove ask too', async () => {
    const f = fake({ interactive: true, answer: 'n' });
    expect(await main(['edit', COUNCIL, '--title', 'x', '--knowledge', kb], f.io)).toBe(1);
    expect(await main(['remove', COUNCIL, '--knowledge', kb], f.io)).toBe(1);
    expect(f.questions).toEqual(['Save these changes? [y/N] ', 'Remove this source? [y/N] ']);
    expect(f.out()).toContain('title: Speech and language therapy waiting list cut');
  });
});

describe('kb main(): bad usage exits 2 with the usage on stderr', () => {
  it.each([
    [[], /no command/],
    [['publish'], /unknown command "publish"/],
    [['list', '--nope'], /Unknown option '--nope'/],
    [['list', '--title', 'x'], /list does not take --title/],
    [['add'], /add needs <url\|file>/],
    [['remove', 'a', 'b'], /unexpected argument "b"/],
    [['edit', COUNCIL], /edit needs at least one of/],
    [['add', 'x', '--title', ' '], /--title needs a value/],
  ])('%j', async (argv, message) => {
    const f = fake();
    expect(await main([...argv, '--knowledge', kb], f.io)).toBe(2);
    expect(f.err()).toMatch(message);
    expect(f.err()).toContain('usage: npm run kb');
    expect(f.out()).toBe('');
  });

  it('a missing knowledge folder: exit 2, naming it', async () => {
    const f = fake();
    const missing = join(root, 'no-such-folder');
    expect(await main(['list', '--knowledge', missing], f.io)).toBe(2);
    expect(f.err()).toContain(missing);
  });

  it('--help prints the usage, exit 0', async () => {
    const f = fake();
    expect(await main(['--help'], f.io)).toBe(0);
    expect(f.out()).toContain('usage: npm run kb');
  });
});

describe('kb main(): the rest of the contract', () => {
  it('list prints one line per source: id, date, publisher, title, passages', async () => {
    const f = fake();
    expect(await main(['list', '--knowledge', kb], f.io)).toBe(0);
    expect(f.out().trimEnd().split('\n')).toEqual([
      `${COUNCIL}  2023-03-15  Fixture County Council  Speech and language therapy waiting list cut  (5 passages)`,
      `${NEWS}   2024-07     Fixture News  School transport for children with SEND to be reviewed  (3 passages)`,
    ]);
  });

  it('the folder comes from KNOWLEDGE_DIR (relative to the working folder) when --knowledge is not given; --audit sets the log', async () => {
    const f = fake({ env: { KNOWLEDGE_DIR: 'knowledge' }, cwd: root });
    const audit = join(root, 'elsewhere', 'log.jsonl');
    expect(await main(['remove', NEWS, '--yes', '--audit', audit], f.io)).toBe(0);
    expect((await readAudit(audit)).map((e) => e.action)).toEqual(['remove']);
    expect(await readdir(kb)).not.toContain(`${NEWS}.md`);
  });

  it('without --audit, the log is AUDIT_FILE (as the bot reads it)', async () => {
    const f = fake({ env: { AUDIT_FILE: 'logs/kb.jsonl' }, cwd: root });
    expect(await main(['remove', NEWS, '--yes', '--knowledge', kb], f.io)).toBe(0);
    expect((await readAudit(join(root, 'logs', 'kb.jsonl'))).map((e) => e.sourceId)).toEqual([NEWS]);
    expect(await readAudit(auditFile)).toEqual([]);
  });

  it('a file without a link: exit 1, saying to pass --url', async () => {
    const file = join(root, 'notes.md');
    await writeFile(file, '# Parents evening notes\n\nThe council told parents that the new specialist unit at Fixton school would open in September with twelve places.\n\nParents asked how places would be allocated and were told the panel meets every month from June onwards.\n');
    const f = fake();
    expect(await main(['add', file, '--publisher', 'Parent forum', '--published', '2024-05', '--yes', '--knowledge', kb], f.io)).toBe(1);
    expect(f.err()).toMatch(/url: missing.*pass --url/);
  });

  it('an id that is already used: exit 1, suggesting --id', async () => {
    const f = fake();
    expect(await main(['add', join(FIXTURES, 'upload.md'), '--id', COUNCIL, '--yes', '--knowledge', kb], f.io)).toBe(1);
    expect(f.err()).toMatch(/already used by fixture-council-2023-therapy\.md.*pass --id/);
  });

  it('remove or edit an unknown id: exit 1, without asking first', async () => {
    const f = fake({ interactive: true, answer: 'y' });
    expect(await main(['remove', 'nope', '--knowledge', kb], f.io)).toBe(1);
    expect(await main(['edit', 'nope', '--title', 'x', '--knowledge', kb], f.io)).toBe(1);
    expect(f.err()).toMatch(/No source has the id "nope"/);
    expect(f.questions).toEqual([]);
  });

  it('an edit that changes nothing: exit 0, nothing written or audited', async () => {
    const before = await snapshot(kb);
    const f = fake();
    expect(await main(['edit', NEWS, '--publisher', 'Fixture News', '--yes', '--knowledge', kb], f.io)).toBe(0);
    expect(f.out()).toMatch(/Nothing to change/);
    expect(await snapshot(kb)).toEqual(before);
    expect(await readAudit(auditFile)).toEqual([]);
  });

  it('an audit log that cannot be written: exit 1 before anything changes', async () => {
    await mkdir(join(root, 'data', 'audit.jsonl'), { recursive: true }); // a folder where the file should be
    const before = await snapshot(kb);
    const f = fake();
    expect(await main(['remove', NEWS, '--yes', '--knowledge', kb], f.io)).toBe(1);
    expect(f.err()).toMatch(/cannot write the audit log.*nothing was changed/);
    expect(await snapshot(kb)).toEqual(before);
  });

  it('a fetch error is a failure (exit 1), not bad usage', async () => {
    const f = fake();
    expect(await main(['add', 'ftp://example.org/report.pdf', '--yes', '--knowledge', kb], f.io)).toBe(1);
    expect(await main(['add', join(root, 'missing.pdf'), '--yes', '--knowledge', kb], f.io)).toBe(1);
    expect(f.err()).toMatch(/no such file/);
  });
});
