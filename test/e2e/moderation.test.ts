/**
 * Moderators keeping the knowledge base fresh, end to end: the real bot (`npm start`, src/main.ts, as
 * a child process configured only by environment variables) against the Discord-compatible server of
 * test/support on 127.0.0.1, on a temporary copy of knowledge/.
 *
 * `/sources add` from an uploaded attachment and from a link (a realistic page with its furniture),
 * preview then Confirm, and the next `/ask`, `/sources list` and `/statements` answering from it;
 * Cancel; members who are not moderators (and other moderators' clicks) changing nothing, byte for
 * byte; `/refresh` with a broken file (the previous version keeps serving); edit and remove;
 * duplicates, a 404 and a missing date refused; the audit file and the moderators' log channel.
 *
 * The local server does not serve channel messages, so the bot reaches it through a small proxy here
 * that answers `POST /channels/<id>/messages` the way Discord does and records what was posted.
 */
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ActionRowBuilder, ButtonBuilder, ButtonStyle, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startBot, type Bot } from '../../src/bot/client.ts';
import { commandDefinitions, loadCommands } from '../../src/bot/commands.ts';
import { APOLOGY, UNKNOWN_COMPONENT, UserError } from '../../src/replies/errors.ts';
import { createLogger } from '../../src/logger.ts';
import type { Command } from '../../src/bot/types.ts';
import { hasDiscord, loadConfig } from '../../src/config.ts';
import { CANCELLED, EXPIRED, NOT_A_MODERATOR, NOT_YOURS } from '../../src/bot/moderation.ts';
import { defaultKnowledgeDir } from '../../src/cli/paths.ts';
import type { Engine } from '../../src/core/engine.ts';
import { readAudit } from '../../src/knowledge/audit.ts';
import { openKnowledge } from '../../src/knowledge/open.ts';
import { DEFAULT_MEMBER_PERMISSIONS, startDiscordServer } from '../support/discord-server.ts';
import type { ApiMessage, AttachmentInput, CommandOptionInput, DiscordServer, InteractionHandle, JsonObject } from '../support/discord-server.ts';
import { contractProblems, limitProblems } from '../unit/bot/helpers.ts';
import { announceGuildRole, registerGuildCommands } from '../support/guild.ts';
import { startLogProxy, type LogProxy } from '../support/log-proxy.ts';
import { MAIN, spawnEntry, type Spawned } from '../unit/bot/spawn.ts';
import { growthIndex, sitePage } from '../../eval/grown/pages.ts';

/** Longest wait for one reply or log line (the machines are slow, 2-core, and shared). */
const LONG = 30_000;
// Every test waits for several replies in turn: longer than any single wait, so a timeout reports what the bot did.
vi.setConfig({ testTimeout: 4 * LONG, hookTimeout: 4 * LONG });

const MODERATOR = { id: '1500000000000000001', username: 'mod.alice' };
const ROLE_MODERATOR = { id: '1500000000000000002', username: 'mod.bob' };
const PARENT = { id: '1500000000000000003', username: 'parent.carol' };
const MODERATOR_ROLE_ID = '1500000000000000090';
const LOG_CHANNEL_ID = '1500000000000000091';

/** Who interacts: a member with Manage Server, a member with the moderator role, an ordinary member. */
type Who = { user: { id: string; username: string }; permissions?: bigint; roles?: string[] };
const asModerator: Who = { user: MODERATOR, permissions: DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild };
const asRoleModerator: Who = { user: ROLE_MODERATOR, roles: [MODERATOR_ROLE_ID] };
const asParent: Who = { user: PARENT };

const ARTICLE_URL = 'https://www.malverngazette.example/news/sensory-assessments-wait';
/** A local newspaper page as served, with its furniture: cookie banner, navigation, share links, figure and caption, related stories, newsletter, footer. */
const ARTICLE_HTML = `<!DOCTYPE html>
<html lang="en-GB">
<head>
  <meta charset="utf-8">
  <title>Families wait longer for sensory assessments in Worcestershire - Malvern Gazette</title>
  <meta property="og:site_name" content="Malvern Gazette">
  <meta property="og:title" content="Families wait longer for sensory assessments in Worcestershire">
  <meta property="article:published_time" content="2025-03-14T09:30:00+00:00">
  <link rel="canonical" href="${ARTICLE_URL}">
</head>
<body>
  <div class="cookie-banner"><p>We use cookies to improve your experience on our site.</p><button>Accept all cookies</button></div>
  <header class="masthead">
    <a href="/" class="logo">Malvern Gazette</a>
    <nav aria-label="Main"><ul><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li><li><a href="/whats-on">What's On</a></li><li><a href="/jobs">Jobs</a></li></ul></nav>
  </header>
  <nav class="breadcrumbs"><a href="/">Home</a> › <a href="/news">News</a> › Sensory assessments</nav>
  <main>
    <article>
      <h1>Families wait longer for sensory assessments in Worcestershire</h1>
      <p class="byline">By Hannah Rowley, Local Democracy Reporter</p>
      <div class="share"><a href="#">Share on Facebook</a> <a href="#">Share on X</a> <a href="#">Copy link</a></div>
      <figure>
        <img src="/images/clinic.jpg" alt="A therapy room">
        <figcaption>The sensory integration clinic at Droitwich. Picture: Malvern Gazette</figcaption>
      </figure>
      <p>Children referred for a sensory integration assessment in Worcestershire are now waiting an average of 41 weeks, new figures shared with parents show.</p>
      <p>The figures were presented to the council's children and families scrutiny panel on Tuesday, alongside an update on the written statement of action.</p>
      <p>Parents told the panel that the wait for a sensory integration assessment meant children were struggling to stay in mainstream classrooms.</p>
      <p>Dr Imogen Vale, Designated Clinical Officer for the integrated care board, said: "We know that 41 weeks is far too long for families to wait, and we have funded two more sensory integration therapists from April."</p>
      <p>"We expect the waiting list to fall below 26 weeks by the end of the year," she added.</p>
      <aside class="related"><h3>Related stories</h3><ul><li><a href="/news/1">Council budget approved</a></li><li><a href="/news/2">New school opens in Evesham</a></li></ul></aside>
      <p>The panel asked for a further update on sensory integration waiting times in September.</p>
      <p class="newsletter">Sign up to our daily newsletter to get the latest news straight to your inbox.</p>
    </article>
  </main>
  <footer class="site-footer">
    <p>Have you got a story? Email newsdesk@malverngazette.example</p>
    <ul><li><a href="/contact">Contact us</a></li><li><a href="/privacy">Privacy policy</a></li><li><a href="/terms">Terms and conditions</a></li></ul>
    <p>© 2025 Malvern Gazette. All rights reserved.</p>
  </footer>
</body>
</html>
`;
const FURNITURE = ['cookies', 'Share on', 'Picture: Malvern Gazette', 'figcaption', 'Related stories', 'Council budget approved', 'Sign up to our daily newsletter', 'Have you got a story', 'Contact us', 'All rights reserved', 'Sport'];

const PORTAGE_LINK = 'https://www.worcestershire.gov.uk/news/portage-home-visiting-update';
/** A moderator's own notes of a council update, uploaded as Markdown (no front matter: title from the heading). */
const PORTAGE_MD = `# Portage home visiting service update

The portage home visiting service for pre-school children with special educational needs now offers a first visit within six weeks of referral.

Families in Wyre Forest and Redditch will be the first to use the new portage play sessions at children's centres from the spring.

The council said 212 families used the portage service last year, up from 150 the year before.
`;

/** A short page used to check Cancel and refusals (never added). */
const RESPITE_HTML = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Short breaks for disabled children expanded | Worcestershire County Council</title>
<meta property="og:site_name" content="Worcestershire County Council"><meta property="article:published_time" content="2025-05-02">
<link rel="canonical" href="https://www.worcestershire.gov.uk/news/short-breaks-expanded"></head><body>
<nav><a href="/">Home</a> <a href="/news">News</a></nav><main><article><h1>Short breaks for disabled children expanded</h1>
<p>Short breaks for disabled children in Worcestershire will be offered at three more activity centres from the summer holidays, the council has announced.</p>
<p>Families can now book respite sessions online, and the council says the number of funded short break places will rise by a third this year.</p>
<p>Parents who responded to last year's consultation asked for more weekend and holiday sessions near where they live.</p>
</article></main><footer><p>Follow us on social media</p></footer></body></html>`;

let server: DiscordServer;
let proxy: LogProxy;
let bot: Spawned;
let root: string;
let knowledge: string;
let auditFile: string;
let original: Engine;
/** Every question asked in this file: none may reach the audit file, the log channel or the logs. */
const asked: string[] = [];

// ---------------------------------------------------------------------------------------------
// The moderators' log channel: a proxy in front of the local Discord server
// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** Every file under the knowledge folder (hidden ones and .removed/ included) with a hash of its bytes. */
function folderState(dir = knowledge): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (at: string, prefix: string): void => {
    for (const name of readdirSync(at).sort()) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path, `${prefix}${name}/`);
      else out[`${prefix}${name}`] = createHash('sha256').update(readFileSync(path)).digest('hex');
    }
  };
  walk(dir, '');
  return out;
}

function sources(sub: string, options: Record<string, string | AttachmentInput>, who: Who): InteractionHandle {
  const list: CommandOptionInput[] = Object.entries(options).map(([name, value]) => (typeof value === 'string' ? { name, value } : { name, attachment: value }));
  return server.interact({ type: 'command', name: 'sources', options: [{ name: sub, options: list }], ...who });
}

function ask(question: string): InteractionHandle {
  asked.push(question);
  return server.interact({ type: 'command', name: 'ask', options: { question }, user: PARENT });
}

function command(name: string, who: Who, options?: Record<string, string>): InteractionHandle {
  return server.interact({ type: 'command', name, ...(options && { options }), ...who });
}

/** The Confirm and Cancel custom ids of a preview. */
function buttons(message: ApiMessage): { confirm: string; cancel: string } {
  const ids = (message.components as JsonObject[]).flatMap((row) => ((row['components'] ?? []) as JsonObject[]).map((c) => String(c['custom_id'])));
  const confirm = ids.find((id) => id.startsWith('sources:confirm:'));
  const cancel = ids.find((id) => id.startsWith('sources:cancel:'));
  if (confirm === undefined || cancel === undefined) throw new Error(`no Confirm/Cancel buttons on ${JSON.stringify(message).slice(0, 500)}`);
  return { confirm, cancel };
}

/** Clicks a button of a preview; resolves with the handle once the bot answered (the outcome, or a refusal). */
async function click(preview: ApiMessage, customId: string, who: Who): Promise<{ handle: InteractionHandle; message: ApiMessage }> {
  const handle = server.interact({ type: 'button', customId, message: preview, ...who });
  const message = await handle.reply({ match: (m) => !m.content.startsWith('Working on it') });
  return { handle, message };
}

/** A moderator's change up to its preview: the deferred, private preview with its buttons. */
async function preview(h: InteractionHandle): Promise<ApiMessage> {
  const message = await h.reply();
  expect(h.deferred).toBe(true);
  expect(h.isEphemeral()).toBe(true);
  expect(message.flags & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
  return message;
}

/** A private refusal sent at once (type 4, ephemeral), naming no source. */
async function refusal(h: InteractionHandle): Promise<string> {
  const message = await h.reply();
  expect(h.callbackType).toBe(4);
  expect(h.isEphemeral()).toBe(true);
  expect(message.embeds).toEqual([]);
  expect(message.components ?? []).toEqual([]);
  return message.content;
}

async function served(): Promise<Engine> {
  return (await openKnowledge(knowledge)).engine;
}

function expectCites(message: ApiMessage, engine: Engine): void {
  expect(message.embeds.length).toBeGreaterThan(0);
  expect(contractProblems(message, engine, { cites: true })).toEqual([]);
  expect(limitProblems(message)).toEqual([]);
}

function logs(): string {
  return `${bot.stdout()}${bot.stderr()}`;
}

// ---------------------------------------------------------------------------------------------
// Setup
// ---------------------------------------------------------------------------------------------

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'send-bot-moderation-'));
  knowledge = join(root, 'knowledge');
  auditFile = join(root, 'audit', 'audit.jsonl');
  cpSync(defaultKnowledgeDir(), knowledge, { recursive: true });
  original = await served();

  server = await startDiscordServer({ defaultTimeoutMs: LONG });
  proxy = await startLogProxy(server, LOG_CHANNEL_ID);
  // Register the project's commands (as deploy-commands does), so interactions carry their option types.
  const commands = commandDefinitions(await loadCommands());
  expect(await registerGuildCommands(server, commands)).toBe(200);

  bot = spawnEntry(MAIN, {
    DISCORD_TOKEN: server.token,
    DISCORD_API_URL: proxy.apiUrl,
    KNOWLEDGE_DIR: knowledge,
    AUDIT_FILE: auditFile,
    MODERATOR_ROLE_ID,
    MODERATOR_LOG_CHANNEL_ID: LOG_CHANNEL_ID,
    ALLOW_PRIVATE_URLS: 'true',
    ASK_COOLDOWN_SECONDS: '0',
    LOG_LEVEL: 'info',
  });
  await server.waitForSession(60_000);
  await bot.waitForOutput(/INFO {2}ready /, 60_000);
  // The guild's moderator role, as Discord announces a role created after the bot joined.
  announceGuildRole(server, MODERATOR_ROLE_ID, 'Moderators');
}, 120_000);

afterEach(() => {
  expect(server.problems()).toEqual([]);
});

afterAll(async () => {
  await bot?.cleanup();
  await proxy?.close();
  await server?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe('the commands as registered', () => {
  it('/refresh is for moderators in servers only; /sources stays public for its list and has add, edit and remove', () => {
    const registered = server.registeredCommands(server.guildId);
    const refresh = registered.find((c) => c.name === 'refresh');
    expect(refresh?.default_member_permissions).toBe(PermissionFlagsBits.ManageGuild.toString());
    expect(refresh?.contexts).toEqual([0]);
    const list = registered.find((c) => c.name === 'sources');
    expect(list?.default_member_permissions).toBeNull();
    expect(list?.options?.map((o) => o['name'])).toEqual(['list', 'add', 'edit', 'remove']);
  });
});

describe('/sources add from an uploaded file', () => {
  it('shows a private preview with Confirm and Cancel, writes nothing until Confirm, then answers from it', async () => {
    const before = folderState();
    const attachment = server.serveAttachment('portage-update.md', PORTAGE_MD, 'text/markdown; charset=utf-8');
    const h = sources('add', { file: attachment, url: PORTAGE_LINK, published: '3 February 2025', publisher: 'Worcestershire County Council' }, asModerator);
    const shown = await preview(h);
    expect(shown.content).toContain('Check this before I add it');
    const embed = shown.embeds[0];
    expect(embed?.title).toBe('Portage home visiting service update');
    expect(embed?.url).toBe(PORTAGE_LINK);
    expect(embed?.fields).toEqual(expect.arrayContaining([
      { name: 'Publisher', value: 'Worcestershire County Council', inline: true },
      { name: 'Published', value: '3 February 2025 (2025-02-03)', inline: true },
      { name: 'Passages', value: '3', inline: true },
    ]));
    expect(embed?.description).toContain('first visit within six weeks of referral');
    expect(folderState()).toEqual(before);

    const { handle, message } = await click(shown, buttons(shown).confirm, asModerator);
    expect(handle.callbackType).toBe(7);
    expect(message.content).toMatch(/^\*\*Added\*\* Portage home visiting service update \(`[a-z0-9-]+`, 3 passages\) as `[a-z0-9-]+\.md`\.\nI am answering from it now\.$/);
    expect(message.components).toEqual([]);
    const added = Object.keys(folderState()).filter((f) => !(f in before));
    expect(added).toHaveLength(1);
    expect(readFileSync(join(knowledge, added[0] ?? ''), 'utf8')).toContain(`url: ${PORTAGE_LINK}`);

    const engine = await served();
    const answer = await ask('when is the first portage home visit after referral?').reply();
    expectCites(answer, engine);
    expect(answer.embeds[0]?.url).toBe(PORTAGE_LINK);
  });
});

describe('/sources add from a link', () => {
  it('imports the article without its page furniture; a moderator by role confirms; /ask, /sources list and /statements use it', async () => {
    const before = folderState();
    const url = server.serveFile('news/sensory-assessments-wait.html', ARTICLE_HTML, 'text/html; charset=utf-8');
    const shown = await preview(sources('add', { url }, asRoleModerator));
    const embed = shown.embeds[0];
    expect(embed?.title).toBe('Families wait longer for sensory assessments in Worcestershire');
    expect(embed?.url).toBe(ARTICLE_URL);
    expect(embed?.fields).toEqual(expect.arrayContaining([
      { name: 'Publisher', value: 'Malvern Gazette', inline: true },
      { name: 'Published', value: '14 March 2025 (2025-03-14)', inline: true },
    ]));
    for (const bit of FURNITURE) expect(JSON.stringify(shown)).not.toContain(bit);

    const { message } = await click(shown, buttons(shown).confirm, asRoleModerator);
    expect(message.content).toContain('**Added** Families wait longer for sensory assessments in Worcestershire');
    expect(message.content).toContain('I am answering from it now.');
    const file = Object.keys(folderState()).filter((f) => !(f in before));
    expect(file).toHaveLength(1);
    const written = readFileSync(join(knowledge, file[0] ?? ''), 'utf8');
    expect(written).toContain('Dr Imogen Vale, Designated Clinical Officer');
    for (const bit of FURNITURE) expect(written).not.toContain(bit);

    const engine = await served();
    const answer = await ask('how long is the wait for a sensory integration assessment?').reply();
    expectCites(answer, engine);
    expect(answer.embeds.map((e) => e.url)).toContain(ARTICLE_URL);

    const list = server.interact({ type: 'command', name: 'sources', options: [{ name: 'list', options: [] }], user: PARENT });
    const listed = await list.reply();
    expect(list.isEphemeral()).toBe(false);
    expect(listed.embeds.map((e) => e.url)).toEqual(expect.arrayContaining([ARTICLE_URL, PORTAGE_LINK]));
    expect(listed.embeds).toHaveLength(original.sources.length + 2);
    expectCites(listed, engine);

    const who = await server.interact({ type: 'autocomplete', name: 'statements', options: { who: 'imogen' }, focused: 'who', user: PARENT }).autocompleteChoices();
    expect(who).toEqual([{ name: 'Dr Imogen Vale', value: 'Dr Imogen Vale' }]);
    const statements = await command('statements', asParent, { who: 'Dr Imogen Vale' }).reply();
    expectCites(statements, engine);
    expect(statements.embeds.every((e) => e.url === ARTICLE_URL)).toBe(true);
    expect(statements.embeds[0]?.description).toContain('41 weeks is far too long');
  });

  it('refuses the same article again, by its link, and writes nothing', async () => {
    const before = folderState();
    const url = server.serveFile('news/sensory-assessments-wait-copy.html', ARTICLE_HTML, 'text/html; charset=utf-8');
    const h = sources('add', { url }, asModerator);
    const message = await h.reply();
    expect(h.isEphemeral()).toBe(true);
    expect(message.content).toMatch(/^That is already in the knowledge base\. This link is already in the knowledge base: malvern-gazette-[a-z0-9-]+\.md .*Nothing was added\.$/);
    expect(message.components ?? []).toEqual([]);
    expect(folderState()).toEqual(before);
  });

  it('says clearly when the link answers 404, and writes nothing', async () => {
    const before = folderState();
    const h = sources('add', { url: `${server.url}/files/news/no-such-article.html` }, asModerator);
    const message = await h.reply();
    expect(h.isEphemeral()).toBe(true);
    expect(message.content).toBe(`I could not import that: ${server.url}/files/news/no-such-article.html answered with HTTP 404 (Not Found), not the page itself. Nothing was added.`);
    expect(folderState()).toEqual(before);
  });

  it('shows the values a page only proposes as what will be saved, and saves them on Add it (an old council page: its date only in its text)', async () => {
    const before = folderState();
    const entry = growthIndex().find((e) => e.file.startsWith('03-'));
    const url = server.serveFile('news/one-year-into-the-plan.html', sitePage(entry ?? growthIndex()[0]!), 'text/html; charset=utf-8');
    const shown = await preview(sources('add', { url }, asModerator));
    expect(shown.content).toContain('Values marked *Will be saved* are only proposed: adding it saves them.');
    const fields = shown.embeds[0]?.fields ?? [];
    expect(fields).toEqual(expect.arrayContaining([{ name: 'Published', value: '8 July 2019 (2019-07-08)', inline: true }]));
    const proposed = fields.find((f) => f.name.startsWith('Proposed'));
    expect(proposed?.value).toContain('Date not in the page\'s metadata; proposed: 8 July 2019 (2019-07-08), because the text says "Published Monday, 8th July 2019". **Will be saved.**');
    expect(proposed?.value).toContain('Publisher not in the page\'s metadata; proposed: "Worcestershire County Council"');
    expect(folderState()).toEqual(before);

    const { message } = await click(shown, buttons(shown).confirm, asModerator);
    expect(message.content).toContain('**Added** One year into the improvement plan');
    const added = Object.keys(folderState()).filter((f) => !(f in before));
    expect(added).toHaveLength(1);
    const written = readFileSync(join(knowledge, added[0] ?? ''), 'utf8');
    expect(written).toContain('published: 2019-07-08');
    expect(written).toContain('publisher: Worcestershire County Council');
  });

  it('asks for the date when the source gives none, and writes nothing', async () => {
    const before = folderState();
    const attachment = server.serveAttachment('notes.txt', 'Notes from the parent carer forum\n\nThe parent carer forum asked the council to publish monthly figures for EHC needs assessments completed within twenty weeks, so families can see whether the new case officers are making a difference. Members said the figures should be broken down by district and by the age of the child, and shared at every forum meeting.\n', 'text/plain; charset=utf-8');
    const h = sources('add', { file: attachment, url: 'https://example.org/forum-notes', publisher: 'Parent carer forum' }, asModerator);
    const message = await h.reply();
    expect(h.isEphemeral()).toBe(true);
    expect(message.content).toContain('I could not find when “Notes from the parent carer forum” was published.');
    expect(message.content).toContain('Please run `/sources add` again and give `published:` (YYYY-MM-DD, or YYYY-MM when only the month is known).');
    expect(message.content).toContain('Nothing was added.');
    expect(folderState()).toEqual(before);
  });
});

describe('Cancel', () => {
  it('changes nothing, and the change can no longer be confirmed', async () => {
    const before = folderState();
    const url = server.serveFile('news/short-breaks.html', RESPITE_HTML, 'text/html; charset=utf-8');
    const shown = await preview(sources('add', { url }, asModerator));
    const { confirm, cancel } = buttons(shown);
    const cancelled = await click(shown, cancel, asModerator);
    expect(cancelled.message.content).toBe(CANCELLED);
    expect(cancelled.message.components).toEqual([]);
    expect(folderState()).toEqual(before);
    expect(await refusal((await click(shown, confirm, asModerator)).handle)).toBe(EXPIRED);
    expect(folderState()).toEqual(before);
  });
});

describe('members who are not moderators', () => {
  it('get a polite private refusal for /sources add, edit, remove and /refresh, and the folder stays byte for byte the same', async () => {
    const before = folderState();
    const url = server.serveFile('news/short-breaks-2.html', RESPITE_HTML, 'text/html; charset=utf-8');
    expect(await refusal(sources('add', { url }, asParent))).toBe(NOT_A_MODERATOR);
    expect(await refusal(sources('add', { file: server.serveAttachment('a.md', PORTAGE_MD), url: 'https://example.org/a', published: '2025-01' }, asParent))).toBe(NOT_A_MODERATOR);
    expect(await refusal(sources('remove', { id: 'bbc-2024-send-inspection' }, asParent))).toBe(NOT_A_MODERATOR);
    expect(await refusal(sources('edit', { id: 'bbc-2024-send-inspection', title: 'Hacked' }, asParent))).toBe(NOT_A_MODERATOR);
    expect(await refusal(command('refresh', asParent))).toBe(NOT_A_MODERATOR);
    // Moderator-looking permissions that are not Manage Server do not count; nor does a role that is not the moderators'.
    expect(await refusal(command('refresh', { user: PARENT, permissions: DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageMessages, roles: ['1500000000000000095'] }))).toBe(NOT_A_MODERATOR);
    const ids = await server.interact({ type: 'autocomplete', name: 'sources', options: [{ name: 'remove', options: [{ name: 'id', value: '', focused: true }] }], user: PARENT }).autocompleteChoices();
    expect(ids).toEqual([]);
    expect(folderState()).toEqual(before);
    expect(server.requests.some((r) => r.path.includes('short-breaks-2'))).toBe(false);
  });

  it('cannot confirm another moderator\'s change, and neither can another moderator; the one who asked still can cancel it', async () => {
    const before = folderState();
    const url = server.serveFile('news/short-breaks-3.html', RESPITE_HTML, 'text/html; charset=utf-8');
    const shown = await preview(sources('add', { url }, asModerator));
    const { confirm, cancel } = buttons(shown);
    expect(await refusal((await click(shown, confirm, asParent)).handle)).toBe(NOT_A_MODERATOR);
    expect(await refusal((await click(shown, cancel, asParent)).handle)).toBe(NOT_A_MODERATOR);
    expect(await refusal((await click(shown, confirm, asRoleModerator)).handle)).toBe(NOT_YOURS);
    expect(folderState()).toEqual(before);
    expect((await click(shown, cancel, asModerator)).message.content).toBe(CANCELLED);
    expect(folderState()).toEqual(before);
  });
});

describe('/refresh', () => {
  it('reports what changed and every broken file by name and field; a broken file keeps its previous version serving', async () => {
    const bbc = join(knowledge, 'bbc-2024-send-inspection.md');
    const good = readFileSync(bbc, 'utf8');
    const handAdded = join(knowledge, 'hand-added-note.md');
    writeFileSync(handAdded, '---\nid: hand-added-note\ntitle: Transport to special schools reviewed\npublisher: Worcestershire County Council\npublished: 2025-04\nurl: https://example.org/transport-review\nkind: news\n---\n\nHome to school transport for pupils with EHC plans is being reviewed, with new routes from September.\n');
    // What may be cited from now on: everything in the folder before the bad edit.
    const expected = await served();
    writeFileSync(bbc, good.replace(/^published: .*$/m, 'published: July 2024').replace(/demand for specialist school places/g, 'UNREVIEWED EDIT'));

    // Questions keep being answered while the refresh runs.
    const h = command('refresh', asModerator);
    const during = ask('what did the inspectors say about specialist school places?');
    const report = await h.reply();
    expect(h.deferred).toBe(true);
    expect(h.isEphemeral()).toBe(true);
    expect(report.content).toMatch(/^\*\*Knowledge refreshed\*\* in \d+ ms\. I now answer from 6 sources \(\d+ passages\)\./);
    expect(report.content).toContain('**Added:**\n• `hand-added-note` Transport to special schools reviewed (hand-added-note.md, 1 passage)');
    expect(report.content).toContain('**1 problem to fix:**\n• bbc-2024-send-inspection.md: published: "July 2024" is not a date');
    expect(report.content).toContain('; still serving the previous version');
    expect(report.content).not.toContain('**Removed:**');

    for (const message of [await during.reply(), await ask('what did the inspectors say about specialist school places?').reply()]) {
      expectCites(message, expected);
      const text = JSON.stringify(message.embeds);
      expect(text).not.toContain('UNREVIEWED EDIT');
      expect(message.embeds.some((e) => e.url === original.sources.find((s) => s.meta.id === 'bbc-2024-send-inspection')?.meta.url)).toBe(true);
    }

    // Fixed: the next refresh loads the file again and reports it valid.
    writeFileSync(bbc, good);
    const fixed = await command('refresh', asRoleModerator).reply();
    expect(fixed.content).toContain('No source was added, changed or removed.');
    expect(fixed.content).toContain('Every file is valid.');
  });

  it('runs refreshes one after another when several are asked at once', async () => {
    const handles = [command('refresh', asModerator), command('refresh', asRoleModerator), command('refresh', asModerator)];
    const reports = await Promise.all(handles.map((x) => x.reply()));
    for (const r of reports) expect(r.content).toMatch(/^\*\*Knowledge refreshed\*\*/);
  });
});

describe('/sources edit and /sources remove', () => {
  it('edit: shows before and after, and on Confirm changes only the front matter; the list shows the new title', async () => {
    const file = join(knowledge, 'wcc-2022-send-progress.md');
    const body = readFileSync(file, 'utf8').split('\n---\n').slice(1).join('\n---\n');
    const ids = await server.interact({ type: 'autocomplete', name: 'sources', options: [{ name: 'edit', options: [{ name: 'id', value: 'wcc', focused: true }] }], ...asModerator }).autocompleteChoices();
    expect(ids[0]?.value).toBe('wcc-2022-send-progress');

    const shown = await preview(sources('edit', { id: 'wcc-2022-send-progress', title: 'SEND services improving, council says' }, asModerator));
    expect(shown.embeds[0]?.fields).toEqual([{ name: 'title', value: 'Improvements recognised in services for children and young people with SEND → SEND services improving, council says', inline: false }]);
    const { message } = await click(shown, buttons(shown).confirm, asModerator);
    expect(message.content).toBe('**Updated** `wcc-2022-send-progress`: title is now SEND services improving, council says.\nI am answering with the new details now.');
    expect(readFileSync(file, 'utf8')).toContain('title: SEND services improving, council says');
    expect(readFileSync(file, 'utf8').split('\n---\n').slice(1).join('\n---\n')).toBe(body);

    const listed = await server.interact({ type: 'command', name: 'sources', options: [{ name: 'list', options: [] }], user: PARENT }).reply();
    expect(listed.embeds.map((e) => e.title)).toContain('SEND services improving, council says');
  });

  it('remove: on Confirm the file is moved to .removed/ and the source no longer answers', async () => {
    const before = folderState();
    const portage = Object.keys(before).find((f) => readFileSync(join(knowledge, f), 'utf8').includes(PORTAGE_LINK) && !f.startsWith('.removed/'));
    expect(portage).toBeDefined();
    const id = (portage ?? '').replace(/\.md$/, '');
    const shown = await preview(sources('remove', { id }, asModerator));
    expect(shown.content).toContain('Stop answering from this source?');
    expect(shown.embeds[0]?.title).toBe('Portage home visiting service update');
    expect(folderState()).toEqual(before);
    const { message } = await click(shown, buttons(shown).confirm, asModerator);
    expect(message.content).toMatch(new RegExp(`^\\*\\*Removed\\*\\* Portage home visiting service update \\(\`${id}\`\\)\\. Its file was moved to \`\\.removed/${id}\\.md\\.[^\`]+\` in the knowledge folder, so it can be put back\\.\\nI no longer answer from it\\.$`));
    expect(existsSync(join(knowledge, portage ?? ''))).toBe(false);
    expect(Object.keys(folderState()).filter((f) => f.startsWith(`.removed/${id}.md.`))).toHaveLength(1);

    const listed = await server.interact({ type: 'command', name: 'sources', options: [{ name: 'list', options: [] }], user: PARENT }).reply();
    expect(listed.embeds.map((e) => e.url)).not.toContain(PORTAGE_LINK);
    const answer = await ask('when is the first portage home visit after referral?').reply();
    expect(answer.embeds.map((e) => e.url)).not.toContain(PORTAGE_LINK);
  });

  it('refuses an id that does not exist', async () => {
    const h = sources('remove', { id: 'no-such-source' }, asModerator);
    const message = await h.reply();
    expect(h.isEphemeral()).toBe(true);
    expect(message.content).toBe('There is no source `no-such-source`. Pick one from the list that shows as you type.');
  });
});

describe('the record of changes', () => {
  it('the audit file has every change (who, what, when, before and after) and no question', async () => {
    const entries = await readAudit(auditFile);
    expect(entries.map((e) => [e.action, e.sourceId])).toEqual([
      ['add', expect.stringMatching(/portage/)],
      ['add', expect.stringMatching(/^malvern-gazette-/)],
      ['add', 'worcestershire-council-2019-one-year-improvement-plan'],
      ['refresh', undefined],
      ['refresh', undefined],
      ['refresh', undefined],
      ['refresh', undefined],
      ['refresh', undefined],
      ['edit', 'wcc-2022-send-progress'],
      ['remove', expect.stringMatching(/portage/)],
    ]);
    for (const e of entries) {
      expect(Number.isNaN(Date.parse(e.at))).toBe(false);
      expect(e.actor).toMatch(/^discord:(1500000000000000001 \(mod\.alice\)|1500000000000000002 \(mod\.bob\))$/);
    }
    expect(entries[1]?.actor).toBe('discord:1500000000000000002 (mod.bob)');
    expect(entries[0]?.after).toMatchObject({ title: 'Portage home visiting service update', url: PORTAGE_LINK, published: '2025-02-03', passages: 3 });
    const edit = entries.find((e) => e.action === 'edit');
    expect(edit?.before).toMatchObject({ title: 'Improvements recognised in services for children and young people with SEND' });
    expect(edit?.after).toMatchObject({ title: 'SEND services improving, council says' });
    expect(entries.find((e) => e.action === 'remove')?.before).toMatchObject({ title: 'Portage home visiting service update' });
    const raw = readFileSync(auditFile, 'utf8');
    for (const q of asked) expect(raw).not.toContain(q);
    expect(raw).not.toContain(PARENT.id);
  });

  it('the moderators\' log channel got one message per change, pinging nobody, and no question', async () => {
    const entries = await readAudit(auditFile);
    await expect.poll(() => proxy.posts.length, { timeout: LONG }).toBe(entries.length);
    for (const post of proxy.posts) {
      expect(post.channelId).toBe(LOG_CHANNEL_ID);
      expect(post.body['allowed_mentions']).toEqual({ parse: [] });
    }
    expect(proxy.posts.map((p) => p.body['content'])).toEqual(expect.arrayContaining([
      expect.stringMatching(/^<@1500000000000000001> added a source: `[a-z0-9-]*portage[a-z0-9-]*`$/),
      expect.stringMatching(/^<@1500000000000000002> added a source: `malvern-gazette-/),
      '<@1500000000000000001> edited a source: `wcc-2022-send-progress`',
      '<@1500000000000000001> refreshed the knowledge base',
    ]));
    const all = JSON.stringify(proxy.posts);
    for (const q of asked) expect(all).not.toContain(q);
    expect(all).not.toContain(PARENT.id);
  });

  it('the bot\'s log names no question and no member who asked', () => {
    const text = logs();
    expect(text).toMatch(/INFO {2}knowledge reloaded sources=\d+/);
    for (const q of asked) expect(text).not.toContain(q);
    expect(text).not.toContain(PARENT.id);
    expect(text).not.toContain(server.token);
  });
});

describe('KNOWLEDGE_WATCH=true', () => {
  let own: DiscordServer;
  let watching: Spawned;
  let dir: string;
  let audit: string;

  beforeAll(async () => {
    dir = join(root, 'watched');
    audit = join(root, 'watch-audit.jsonl');
    cpSync(defaultKnowledgeDir(), dir, { recursive: true });
    own = await startDiscordServer({ defaultTimeoutMs: LONG });
    expect(await registerGuildCommands(own, commandDefinitions(await loadCommands()))).toBe(200);
    watching = spawnEntry(MAIN, { DISCORD_TOKEN: own.token, DISCORD_API_URL: own.apiUrl, KNOWLEDGE_DIR: dir, AUDIT_FILE: audit, KNOWLEDGE_WATCH: 'true', LOG_LEVEL: 'info' });
    await own.waitForSession(60_000);
    await watching.waitForOutput(/INFO {2}knowledge watch: watching the knowledge folder/, 60_000);
  }, 120_000);

  afterAll(async () => {
    await watching?.cleanup();
    await own?.close();
  });

  it('reloads by itself when a file is added to the folder, logs the summary, records it, and answers from it', async () => {
    writeFileSync(join(dir, '.fresh-note.md.tmp'), 'a temporary file: ignored');
    writeFileSync(join(dir, 'fresh-note.md'), '---\nid: fresh-note\ntitle: Parent carer forum meets the new SEND director\npublisher: Worcestershire Parent Carer Forum\npublished: 2025-06-12\nurl: https://example.org/forum-meets-director\nkind: news\n---\n\nThe parent carer forum met the new director of SEND on Thursday to discuss annual reviews of EHC plans.\n');
    await watching.waitForOutput(/INFO {2}knowledge watch: reloaded files=fresh-note\.md added=fresh-note issues=0/, 2 * LONG);
    const listed = await own.interact({ type: 'command', name: 'sources', options: [{ name: 'list', options: [] }] }).reply();
    expect(listed.embeds.map((e) => e.title)).toContain('Parent carer forum meets the new SEND director');
    // Recorded just after the reload is logged.
    await expect.poll(() => readAudit(audit), { timeout: LONG, interval: 100 })
      .toEqual([expect.objectContaining({ action: 'refresh', actor: expect.stringMatching(/^watch:KNOWLEDGE_WATCH/), detail: 'fresh-note.md: added fresh-note' })]);
    expect(own.problems()).toEqual([]);
  });
});

describe('the error boundary around buttons (startBot in this process)', () => {
  let own: DiscordServer;
  let inProcess: Bot | undefined;
  const lines: string[] = [];
  const clicky: Command = {
    data: new SlashCommandBuilder().setName('clicky').setDescription('Buttons that fail'),
    execute: async (interaction) => {
      const row = new ActionRowBuilder<ButtonBuilder>().addComponents(
        ...['bug', 'user', 'after'].map((id) => new ButtonBuilder().setCustomId(`clicky:${id}`).setLabel(id).setStyle(ButtonStyle.Secondary)),
      );
      await interaction.reply({ content: 'Pick one', components: [row], flags: MessageFlags.Ephemeral });
    },
    button: async (interaction) => {
      if (interaction.customId === 'clicky:user') throw new UserError('Not **that** one.');
      if (interaction.customId === 'clicky:after') {
        await interaction.update({ content: 'Working on it…', components: [] });
        throw new Error('bug after the update');
      }
      throw new Error('bug in a button');
    },
  };

  beforeAll(async () => {
    own = await startDiscordServer({ defaultTimeoutMs: LONG });
    const config = loadConfig({ DISCORD_TOKEN: own.token, DISCORD_API_URL: own.apiUrl, KNOWLEDGE_DIR: knowledge, AUDIT_FILE: join(root, 'boundary-audit.jsonl') });
    if (!hasDiscord(config)) throw new Error('no Discord configuration');
    const commands = await loadCommands();
    commands.set('clicky', clicky);
    inProcess = await startBot(config, { commands, logger: createLogger({ level: 'debug', secrets: [own.token], write: (l) => void lines.push(l) }) });
    await own.waitForSession(LONG);
  }, 120_000);

  afterAll(async () => {
    await inProcess?.stop();
    await own?.close();
  });

  it('a user error is shown privately; a bug gets the apology, in place of "Working on it…" once the message was updated; an unknown button gets a polite private line', async () => {
    const picked = await own.interact({ type: 'command', name: 'clicky' }).reply();
    const press = (customId: string): InteractionHandle => own.interact({ type: 'button', customId, message: picked });

    const user = press('clicky:user');
    expect((await user.reply()).content).toBe('Not **that** one.');
    expect(user.isEphemeral()).toBe(true);

    const bug = press('clicky:bug');
    expect((await bug.reply()).content).toBe(APOLOGY);
    expect(bug.callbackType).toBe(4);
    expect(bug.isEphemeral()).toBe(true);

    const after = press('clicky:after');
    const replaced = await after.reply({ match: (m) => m.content === APOLOGY });
    expect(after.callbackType).toBe(7);
    expect(replaced.components).toEqual([]);

    const stray = press('nobody:confirm:abc');
    expect((await stray.reply()).content).toBe(UNKNOWN_COMPONENT);
    expect(stray.isEphemeral()).toBe(true);

    const log = lines.join('\n');
    expect(log).toMatch(/INFO {2}button command=clicky outcome=user-error ms=\d+/);
    expect(log).toMatch(/ERROR button command=clicky outcome=error ms=\d+ error="Error: bug in a button"/);
    expect(log).toMatch(/ERROR button command=clicky outcome=error ms=\d+ error="Error: bug after the update"/);
    expect(log).toMatch(/WARN {2}button command=nobody outcome=ignored ms=\d+ reason="unknown command"/);
    expect(own.problems()).toEqual([]);
  });
});
