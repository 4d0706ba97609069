/**
 * `kb`: moderators' terminal tool for the knowledge base (the same store the Discord commands use).
 *
 *   npm run kb -- list [--json]
 *   npm run kb -- add <url|file> [--title T] [--publisher P] [--published YYYY-MM(-DD)] [--url U] [--id ID] [--kind K] [--yes [--keep-events] [--accept-proposals]]
 *   npm run kb -- edit <id> [--title T] [--publisher P] [--published YYYY-MM(-DD)] [--url U] [--event "DATE|LABEL[|due]"]... [--remove-event "DATE[|LABEL]"]... [--yes]
 *   npm run kb -- remove <id> [--yes]
 *   npm run kb -- check
 *   every command: --knowledge DIR (default KNOWLEDGE_DIR, else the project's knowledge/)
 *                  --audit FILE (default AUDIT_FILE, else <knowledge>/../data/audit.jsonl)
 *
 * Like the bot, it reads its configuration (src/config.ts: KNOWLEDGE_DIR, AUDIT_FILE,
 * ALLOW_PRIVATE_URLS) from the environment or `.env`, so it changes the folder the bot serves and
 * writes to the bot's audit log. The changes go through the same curator as `/sources`.
 *
 * add, edit and remove show what will change and ask for confirmation on a terminal; elsewhere they
 * need --yes. The events `add` finds in the text (dates of inspections, reports, plans: events.ts) are
 * shown in the preview and kept only when the moderator says so: on a terminal they are asked which
 * to keep; with --yes, only --keep-events keeps them (all of them), so a script never saves an event
 * nobody saw. Values the page only suggests (a date in its text, its site's name, its heading for a
 * generic title) are shown as proposals: on a terminal, confirming the add accepts them; with --yes,
 * only --accept-proposals does (otherwise a missing date is refused and a generic title is kept).
 * The preview also names the sources that already have some of the passages (near-duplicates).
 * Each change is appended to the audit log as `terminal:<os user>`.
 *
 * Exit codes: 0 done; 1 the operation failed or was declined (duplicate, invalid, not found, fetch
 * error: the reason is on stderr); 2 bad usage, or the knowledge folder is missing or unreadable.
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { formatDate } from '../core/dates.ts';
import type { SourceEvent } from '../core/types.ts';
import { eventDate } from '../replies/events.ts';
import { keepEvents, type ProposedEvent } from '../knowledge/events.ts';
import { eventSpec } from '../knowledge/file-format.ts';
import { ConfigError, loadConfig, type Config } from '../config.ts';
import { cleanStaleTemps } from '../files.ts';
import { appendAudit } from '../knowledge/audit.ts';
import { createCurator, type Curator } from '../knowledge/curator.ts';
import { isKnowledgeError, isStoreError, type KnowledgeError } from '../knowledge/errors.ts';
import { importFromUpload, importFromUrl, SOURCE_KINDS } from '../knowledge/ingest/index.ts';
import type { DraftSource } from '../knowledge/ingest/index.ts';
import { KnowledgeDirError } from '../knowledge/load.ts';
import { formatIssue } from '../knowledge/parse.ts';
import { checkKnowledge, listSources, type StoreError } from '../knowledge/store.ts';
import { previewNotes } from '../knowledge/add-preview.ts';
import type { AddOverrides, SourceEdit } from '../knowledge/store.ts';

const USAGE = `usage: npm run kb -- <command> [options]

  list [--json]                         every source: id, date, publisher, title, passages
  add <url|file> [--title T] [--publisher P] [--published YYYY-MM-DD|YYYY-MM]
                 [--url U] [--id ID] [--kind K] [--yes] [--keep-events] [--accept-proposals]
  edit <id> [--title T] [--publisher P] [--published YYYY-MM-DD|YYYY-MM] [--url U]
            [--event "DATE|LABEL[|due]"]... [--remove-event "DATE[|LABEL]"]... [--yes]
  remove <id> [--yes]                   moves the file to <knowledge>/.removed/
  check                                 validates every knowledge file, vocabulary.yml and glossary.yml

  every command: --knowledge DIR (default: KNOWLEDGE_DIR, else the project's knowledge/)
                 --audit FILE (default: AUDIT_FILE, else <knowledge>/../data/audit.jsonl)
  --yes: change without asking (needed when not run from a terminal)
  --keep-events: with add, keep the events found in the text (with --yes they are dropped otherwise)
  --accept-proposals: with add --yes, save the values the page only suggests (a date found in its
                 text, its site's name, its heading for a generic title); on a terminal you are asked
  --event: add an event for /progress, e.g. "2026-01|Monitoring inspection due|due" (repeatable)
  --remove-event: remove the event of that date (and label, if several share it) (repeatable)
  kinds: ${SOURCE_KINDS.join(', ')}`;

const COMMON = ['knowledge', 'audit', 'help'];
/** The options each command accepts, beside --knowledge, --audit and --help. */
const COMMANDS: Record<string, { args: number; argName?: string; options: string[] }> = {
  list: { args: 0, options: ['json'] },
  add: { args: 1, argName: '<url|file>', options: ['title', 'publisher', 'published', 'url', 'id', 'kind', 'yes', 'keep-events', 'accept-proposals'] },
  edit: { args: 1, argName: '<id>', options: ['title', 'publisher', 'published', 'url', 'event', 'remove-event', 'yes'] },
  remove: { args: 1, argName: '<id>', options: ['yes'] },
  check: { args: 0, options: [] },
};

/** How `kb` meets the world: replaced in tests. */
export interface KbIo {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** True when someone can answer a question (stdin is a terminal). */
  interactive: boolean;
  /** Asks a yes/no question and returns the answer typed. */
  ask(question: string): Promise<string>;
  /** The operating-system user, for the audit log. */
  user: string;
}

class UsageError extends Error {}

type Values = Record<string, string | boolean | string[] | undefined>;

export async function main(argv: string[], partialIo: Partial<KbIo> = {}): Promise<number> {
  const io: KbIo = { ...defaultIo(), ...partialIo };
  const fail = (message: string): number => {
    io.err.write(`${message}\n`);
    return 1;
  };
  let command: string;
  let positionals: string[];
  let values: Values;
  try {
    ({ command, positionals, values } = parseCommandLine(argv));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    io.err.write(`kb: ${e.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help === true) {
    io.out.write(`${USAGE}\n`);
    return 0;
  }
  const str = (name: string): string | undefined => (typeof values[name] === 'string' ? (values[name] as string) : undefined);
  // The bot's configuration, so kb changes the folder the bot serves and writes to the bot's audit
  // log; --knowledge and --audit win over KNOWLEDGE_DIR and AUDIT_FILE.
  let config: Config;
  try {
    config = loadConfig(io.env, { cwd: io.cwd, overrides: { ...optional('knowledgeDir', str('knowledge')), ...optional('auditFile', str('audit')) } });
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    io.err.write(`kb: ${e.message}\n`);
    return 2;
  }
  const dir = config.knowledgeDir;
  const yes = values.yes === true;
  // Temporary files left by a kb or a bot killed mid-write (kill -9) are removed now, if stale.
  for (const folder of new Set([dir, dirname(config.auditFile)])) {
    for (const name of await cleanStaleTemps(folder)) io.err.write(`kb: removed ${join(folder, name)}, a temporary file left by an interrupted write\n`);
  }
  const actor = `terminal:${io.user}`;

  // Refuse before doing any work (fetching a page) that could not be confirmed anyway.
  if ((command === 'add' || command === 'edit' || command === 'remove') && !yes && !io.interactive) {
    io.err.write(`kb ${command}: not run from a terminal, so there is no one to confirm: pass --yes to ${command} without asking\n`);
    return 2;
  }

  try {
    switch (command) {
      case 'list':
        return await list(dir, values.json === true, io);
      case 'check':
        return await check(dir, io);
      case 'add':
        return await add(positionals[0] ?? '', addOverrides(str), changeContext(config, { yes, actor, io, fail }), { keepEvents: values['keep-events'] === true, acceptProposals: values['accept-proposals'] === true });
      case 'edit':
        return await edit(positionals[0] ?? '', sourceEdit(str, values), changeContext(config, { yes, actor, io, fail }));
      case 'remove':
        return await remove(positionals[0] ?? '', changeContext(config, { yes, actor, io, fail }));
      default:
        throw new Error(`unreachable command ${command}`);
    }
  } catch (e) {
    if (e instanceof KnowledgeDirError) {
      io.err.write(`kb: ${e.message}\n`);
      return 2;
    }
    if (e instanceof ProposalRefused) return fail(`kb ${command}: ${describeError(e.error, command, e.draft)}`);
    if (isKnowledgeError(e) || e instanceof AuditUnwritable) return fail(`kb ${command}: ${describeError(e, command)}`);
    throw e;
  }
}

function parseCommandLine(argv: string[]): { command: string; positionals: string[]; values: Values } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        yes: { type: 'boolean', short: 'y' },
        help: { type: 'boolean', short: 'h' },
        knowledge: { type: 'string' },
        audit: { type: 'string' },
        title: { type: 'string' },
        publisher: { type: 'string' },
        published: { type: 'string' },
        url: { type: 'string' },
        id: { type: 'string' },
        kind: { type: 'string' },
        'keep-events': { type: 'boolean' },
        'accept-proposals': { type: 'boolean' },
        event: { type: 'string', multiple: true },
        'remove-event': { type: 'string', multiple: true },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const values = parsed.values as Values;
  const [command, ...positionals] = parsed.positionals;
  if (command === undefined) {
    if (values.help === true) return { command: 'help', positionals: [], values };
    throw new UsageError('no command given');
  }
  const spec = COMMANDS[command];
  if (!spec) throw new UsageError(`unknown command "${command}"`);
  if (values.help === true) return { command, positionals, values };
  const allowed = new Set([...COMMON, ...spec.options]);
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (!allowed.has(name)) throw new UsageError(`${command} does not take --${name}`);
    const blank = typeof value === 'string' ? value.trim() === '' : Array.isArray(value) && value.some((v) => v.trim() === '');
    if (blank && name !== 'knowledge' && name !== 'audit') throw new UsageError(`--${name} needs a value`);
  }
  if (positionals.length < spec.args) throw new UsageError(`${command} needs ${spec.argName ?? 'an argument'}`);
  if (positionals.length > spec.args) throw new UsageError(`${command}: unexpected argument "${positionals[spec.args] ?? ''}" (quote values with spaces)`);
  if (command === 'edit' && !['title', 'publisher', 'published', 'url', 'event', 'remove-event'].some((k) => values[k] !== undefined)) {
    throw new UsageError('edit needs at least one of --title, --publisher, --published, --url, --event, --remove-event');
  }
  return { command, positionals, values };
}

function optional<K extends string>(key: K, value: string | undefined): { [P in K]?: string } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: string };
}

function addOverrides(str: (name: string) => string | undefined): AddOverrides {
  const out: AddOverrides = {};
  for (const key of ['id', 'title', 'publisher', 'published', 'url', 'kind'] as const) {
    const v = str(key);
    if (v !== undefined) out[key] = v;
  }
  return out;
}

function sourceEdit(str: (name: string) => string | undefined, values: Values): SourceEdit {
  const out: SourceEdit = {};
  for (const key of ['title', 'publisher', 'published', 'url'] as const) {
    const v = str(key);
    if (v !== undefined) out[key] = v;
  }
  const list = (name: string): string[] => (Array.isArray(values[name]) ? (values[name] as string[]) : []);
  if (list('event').length > 0 || list('remove-event').length > 0) out.events = { add: list('event'), remove: list('remove-event') };
  return out;
}

// ---------------------------------------------------------------------------------------------
// Commands
// ---------------------------------------------------------------------------------------------

async function list(dir: string, json: boolean, io: KbIo): Promise<number> {
  const { sources, issues } = await listSources(dir);
  for (const issue of issues) io.err.write(`warning: ${formatIssue(issue)}\n`);
  if (json) {
    io.out.write(`${JSON.stringify(sources, null, 2)}\n`);
    return 0;
  }
  if (sources.length === 0) {
    io.out.write(`No sources in ${dir}\n`);
    return 0;
  }
  const idWidth = Math.max(...sources.map((s) => s.id.length));
  for (const s of sources) {
    io.out.write(`${s.id.padEnd(idWidth)}  ${s.published.padEnd(10)}  ${s.publisher}  ${s.title}  (${s.passages} passage${s.passages === 1 ? '' : 's'})\n`);
  }
  return 0;
}

async function check(dir: string, io: KbIo): Promise<number> {
  const result = await checkKnowledge(dir);
  for (const issue of result.issues) io.out.write(`${formatIssue(issue)}\n`);
  const sources = `${result.sources} source${result.sources === 1 ? '' : 's'} load`;
  if (result.ok) {
    io.out.write(`OK: ${sources}, no problems found in ${dir}\n`);
    return 0;
  }
  io.out.write(`${result.issues.length} problem${result.issues.length === 1 ? '' : 's'} found in ${dir} (${sources})\n`);
  return 1;
}

interface ChangeContext {
  yes: boolean;
  io: KbIo;
  fail(message: string): number;
  allowPrivateUrls: boolean;
  /** Records to the audit log; an audit write that failed is returned, not thrown: the change is made by then. */
  curator: Curator<Error | undefined>;
  auditFile: string;
}

function changeContext(config: Config, face: { yes: boolean; actor: string; io: KbIo; fail(message: string): number }): ChangeContext {
  const { auditFile } = config;
  const curator = createCurator<Error | undefined>({
    dir: config.knowledgeDir,
    beforeWrite: () => ensureAuditWritable(auditFile),
    record: (change) => appendAudit(auditFile, { at: new Date().toISOString(), actor: face.actor, ...change }).then(
      () => undefined,
      (e: unknown) => e as Error,
    ),
  });
  return { yes: face.yes, io: face.io, fail: face.fail, allowPrivateUrls: config.allowPrivateUrls, curator, auditFile };
}

async function add(target: string, overrides: AddOverrides, ctx: ChangeContext, flags: { keepEvents: boolean; acceptProposals: boolean }): Promise<number> {
  const { io } = ctx;
  let draft: DraftSource;
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    draft = await importFromUrl(target, { allowPrivate: ctx.allowPrivateUrls });
  } else {
    let body: Buffer;
    try {
      body = await readFile(resolve(io.cwd, target));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const looksLikeLink = /^(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)+\//i.test(target);
      const why =
        code === 'ENOENT'
          ? `no such file${looksLikeLink ? ' (for a web page, give the whole link, starting with https://)' : ''}`
          : code === 'EISDIR'
            ? 'it is a folder'
            : (e as Error).message;
      return ctx.fail(`kb add: cannot read "${target}": ${why}`);
    }
    draft = await importFromUpload({ body, filename: basename(target) });
  }
  // On a terminal the moderator confirms what the preview shows, proposals included; a script only
  // gets them with --accept-proposals. A refusal names the proposal and the flags that settle it.
  const acceptProposals = flags.acceptProposals || !ctx.yes;
  let prepared = await ctx.curator.prepareAdd(draft, overrides, { acceptProposals }).catch((e: unknown) => {
    throw isStoreError(e) && e.code === 'invalid' && draft.proposed ? new ProposalRefused(e, draft) : e;
  });
  const proposed = prepared.proposedEvents ?? [];
  const notes = previewNotes(prepared);

  const m = prepared.meta;
  const mark = (field: string): string => (notes.proposals.some((p) => p.used && p.field === field) ? '   (proposed: see below)' : '');
  const lines = [
    `Source to add: ${prepared.file}`,
    `  id:        ${m.id}`,
    `  title:     ${m.title}${mark('title')}`,
    `  publisher: ${m.publisher}${mark('publisher')}`,
    `  date:      ${formatDate(m.published)} (${m.published})${mark('published')}`,
    `  url:       ${m.url}`,
    `  kind:      ${m.kind}`,
    `  passages:  ${prepared.passages.length}`,
    '',
    ...(notes.proposals.length > 0
      ? ['Proposed (not in the page\'s metadata; check them):', ...notes.proposals.map((p) => `  - ${p.text}${p.used ? ' [will be saved]' : ` [not used: pass --${p.field} "${p.value}" or --accept-proposals]`}`), '']
      : []),
    ...(notes.overlaps.length > 0
      ? ['Already in the knowledge base (same or nearly the same words):', ...notes.overlaps.flatMap((o) => [`  - ${o.text}`, `    e.g. "${o.example.length > 160 ? `${o.example.slice(0, 159)}…` : o.example}"`]), '']
      : []),
    ...prepared.passages.slice(0, 3).map((p, i) => `  ${i + 1}. ${p}`),
    ...(prepared.passages.length > 3 ? [`  ... and ${prepared.passages.length - 3} more`] : []),
    '',
    ...eventsFound(proposed),
  ];
  io.out.write(`${lines.join('\n')}\n`);
  const used = notes.proposals.filter((p) => p.used).map((p) => (p.field === 'published' ? 'date' : p.field));
  if (!(await confirm(used.length > 0 ? `Add this source, with the proposed ${used.join(' and ')}?` : 'Add this source?', ctx))) return ctx.fail('Cancelled: nothing was added.');
  const kept = flags.keepEvents ? proposed : ctx.yes ? [] : await chooseEvents(proposed, ctx);
  prepared = keepEvents(prepared, kept);
  if (proposed.length > 0) io.out.write(`Events kept: ${kept.length} of ${proposed.length}${kept.length < proposed.length && ctx.yes ? ' (pass --keep-events to keep them)' : ''}.\n`);

  const { result: summary, recorded } = await ctx.curator.add(prepared, () => `from ${target}`);
  io.out.write(`Added ${summary.id} (${summary.file}, ${summary.passages} passage${summary.passages === 1 ? '' : 's'}).\n`);
  return audited(ctx, recorded, 'added');
}

async function edit(id: string, changes: SourceEdit, ctx: ChangeContext): Promise<number> {
  const { io } = ctx;
  const prepared = await ctx.curator.prepareEdit(id, changes);
  const fields = ['title', 'publisher', 'published', 'url'] as const;
  const changed = fields.filter((f) => prepared.before[f] !== prepared.after[f]);
  const events = eventChanges(prepared.events);
  if (changed.length === 0 && events.length === 0 && prepared.before.passages === prepared.after.passages) {
    io.out.write(`Nothing to change: ${id} already has these values.\n`);
    return 0;
  }
  io.out.write(
    [`Changes to ${prepared.file}:`, ...changed.map((f) => `  ${f}: ${prepared.before[f] || '(none)'}\n  ${' '.repeat(f.length)}  → ${prepared.after[f]}`), ...events, ''].join('\n') + '\n',
  );
  if (!(await confirm('Save these changes?', ctx))) return ctx.fail('Cancelled: nothing was changed.');

  const { result: after, recorded } = await ctx.curator.edit(prepared);
  io.out.write(`Saved ${after.id} (${after.file}).\n`);
  return audited(ctx, recorded, 'changed');
}

async function remove(id: string, ctx: ChangeContext): Promise<number> {
  const { io } = ctx;
  const shown = await ctx.curator.find(id); // not-found before asking
  io.out.write(
    `Source to remove: ${shown.file}${shown.passages === 0 ? ' (this file does not load)' : ''}\n` +
      `  ${shown.title}\n  ${shown.publisher}, ${formatDate(shown.published)}\n  ${shown.url}\n  ${shown.passages} passages\n\n`,
  );
  if (!(await confirm('Remove this source?', ctx))) return ctx.fail('Cancelled: nothing was removed.');

  const { result, recorded } = await ctx.curator.remove(id, (_removed, keptAt) => `file kept at ${keptAt}`);
  const { removed, keptAt } = result;
  io.out.write(`Removed ${removed.id}: ${removed.file} was moved to ${keptAt}\n`);
  return audited(ctx, recorded, 'removed');
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** The preview's "Events found" block: each proposed event, numbered, with the sentence it was read from. */
function eventsFound(proposed: readonly ProposedEvent[]): string[] {
  if (proposed.length === 0) return ['Events found: none (add them later with kb edit --event).', ''];
  return [
    `Events found (for /progress; kept only if you say so):`,
    ...proposed.flatMap((e, i) => [`  ${i + 1}. ${eventLine(e)}`, `     from: "${e.evidence.length > 160 ? `${e.evidence.slice(0, 159)}…` : e.evidence}"`]),
    '',
  ];
}

/** "2026-01 (due January 2026): Monitoring inspection due". */
function eventLine(e: SourceEvent): string {
  return `${eventSpec(e).split('|')[0] ?? e.date} (${eventDate(e)}): ${e.label}`;
}

/** Asks which proposed events to keep: all, none (the default) or their numbers. */
async function chooseEvents(proposed: readonly ProposedEvent[], ctx: ChangeContext): Promise<ProposedEvent[]> {
  if (proposed.length === 0) return [];
  for (;;) {
    const answer = (await ctx.io.ask(`Keep which events? all, none, or numbers like 1,3 [none] `)).trim().toLowerCase();
    if (answer === '' || answer === 'none' || answer === 'n') return [];
    if (answer === 'all' || answer === 'a' || answer === 'y' || answer === 'yes') return [...proposed];
    const numbers = answer.split(/[\s,]+/).map(Number);
    if (numbers.every((n) => Number.isInteger(n) && n >= 1 && n <= proposed.length)) return proposed.filter((_, i) => numbers.includes(i + 1));
    ctx.io.err.write(`Please answer all, none, or numbers from 1 to ${proposed.length}.\n`);
  }
}

/** The edit's event changes, one line each: "  event removed: …", "  event added: …". */
function eventChanges(events: { before: readonly SourceEvent[]; after: readonly SourceEvent[] } | undefined): string[] {
  if (!events) return [];
  const has = (list: readonly SourceEvent[], e: SourceEvent): boolean => list.some((x) => eventSpec(x) === eventSpec(e));
  return [
    ...events.before.filter((e) => !has(events.after, e)).map((e) => `  event removed: ${eventLine(e)}`),
    ...events.after.filter((e) => !has(events.before, e)).map((e) => `  event added:   ${eventLine(e)}`),
  ];
}

async function confirm(question: string, ctx: ChangeContext): Promise<boolean> {
  if (ctx.yes) return true;
  const answer = await ctx.io.ask(`${question} [y/N] `);
  return /^\s*y(es)?\s*$/i.test(answer);
}

/** Checked before changing anything, so a change is never made without its audit entry. */
async function ensureAuditWritable(file: string): Promise<void> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await (await open(file, 'a', 0o600)).close();
  } catch (e) {
    throw new AuditUnwritable(`cannot write the audit log ${file} (${(e as Error).message}); nothing was changed`);
  }
}

class AuditUnwritable extends Error {}

/** `kb add --yes` refused a source whose page only proposes a missing value: the hint names --accept-proposals. */
class ProposalRefused extends Error {
  readonly error: StoreError;
  readonly draft: DraftSource;

  constructor(error: StoreError, draft: DraftSource) {
    super(error.message);
    this.error = error;
    this.draft = draft;
  }
}

/** 0, or the failure to write the audit entry of a change that was made. */
function audited(ctx: ChangeContext, failed: Error | undefined, done: string): number {
  if (failed === undefined) return 0;
  return ctx.fail(`kb: the source was ${done}, but the audit log ${ctx.auditFile} could not be written: ${failed.message}`);
}

const FLAG_HINTS: Record<string, Record<string, string>> = {
  add: {
    title: '--title "..."',
    publisher: '--publisher "..."',
    published: '--published YYYY-MM-DD, or YYYY-MM when only the month is known',
    url: '--url https://...',
    id: '--id some-id',
    kind: `--kind, one of ${SOURCE_KINDS.join(', ')}`,
  },
  edit: {
    title: '--title "..."',
    publisher: '--publisher "..."',
    published: '--published YYYY-MM-DD, or YYYY-MM',
    url: '--url https://...',
    'event.date': '--event "DATE|LABEL[|due]", DATE as YYYY, YYYY-MM or YYYY-MM-DD',
    'event.label': '--event "DATE|LABEL[|due]"',
    'event.status': '--event "DATE|LABEL|due" or "DATE|LABEL|done"',
  },
};

/** Every expected error, in the terminal's words: the one place kb words them. */
function describeError(e: KnowledgeError | AuditUnwritable, command: string, draft?: DraftSource): string {
  if (!isStoreError(e)) return e.message;
  const hints = FLAG_HINTS[command] ?? {};
  const proposed = (field: string): string => (draft?.proposed !== undefined && field in draft.proposed ? ', or --accept-proposals to save the proposal' : '');
  if (e.code === 'invalid' && e.issues) {
    const lines = e.issues.map((i) => `  ${e.file ? `${e.file}: ` : ''}${i.field}: ${i.message}${hints[i.field] ? ` (pass ${hints[i.field]}${proposed(i.field)})` : ''}`);
    return `${command === 'add' ? 'cannot add this source' : command === 'edit' ? 'cannot make this change' : 'invalid'}:\n${lines.join('\n')}`;
  }
  if (e.code === 'duplicate-id' && command === 'add') return `${e.message} (pass --id to choose another)`;
  return e.message;
}

function defaultIo(): KbIo {
  return {
    out: process.stdout,
    err: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    interactive: process.stdin.isTTY === true,
    ask: (question) =>
      new Promise<string>((answer) => {
        // The question goes to stderr, so stdout holds only the preview and the result. Ctrl-D or
        // Ctrl-C (the input closes) counts as "no".
        const rl = createInterface({ input: process.stdin, output: process.stderr });
        rl.once('close', () => answer(''));
        rl.question(question).then(
          (text) => {
            answer(text);
            rl.close();
          },
          () => answer(''),
        );
      }),
    user: osUser(),
  };
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // Like the bot: KNOWLEDGE_DIR may be set in .env, and kb must change the folder the bot reads.
  // quiet: stdout carries only kb's own output.
  const { config } = await import('dotenv');
  config({ quiet: true });
  process.exitCode = await main(process.argv.slice(2));
}
