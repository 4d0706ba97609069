/**
 * A Discord-compatible API (REST + gateway) on 127.0.0.1 for end-to-end tests of the bot with the real
 * discord.js client. Only node:http and ws are used.
 *
 *   const server = await startDiscordServer();
 *   const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: server.apiUrl } });
 *   await client.login(server.token);          // then wait for Events.ClientReady ('clientReady')
 *   const h = server.interact({ type: 'command', name: 'ask', options: { question: 'hi' } });
 *   const message = await h.reply();           // the visible original response
 *   server.assertClean();                      // no unexpected routes, nothing Discord would reject
 *
 * Behaviour mirrors discord.com/api/v10 closely enough that whatever the bot does here it would do there:
 * payload limits are enforced (400 / 50035), double acknowledgements are rejected (40060), webhooks only
 * work after the interaction is acknowledged (10015), gateway sessions can be dropped and resumed.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import {
  DEFAULT_APP_PERMISSIONS,
  DEFAULT_MEMBER_PERMISSIONS,
  InteractionRecord,
  buildInteractionPayload,
  snowflake,
} from './discord-interactions.ts';
import type { AttachmentInput, InteractionHandle, InteractionInput } from './discord-interactions.ts';
import { ChannelRouteError, FakeChannels } from './discord-channels.ts';
import type {
  ApiAttachment,
  ApiMessage,
  ApiUser,
  DiscordServerStats,
  JsonObject,
  ModalData,
  RecordedRequest,
  RegisteredCommand,
  UploadedFile,
  Violation,
  ViolationIssue,
} from './discord-types.ts';
import {
  Issues,
  MessageFlag,
  errorTree,
  isEmptyMessage,
  isObject,
  validateAutocompleteData,
  validateCommandDefinition,
  validateCommandList,
  validateMessageBody,
  validateModalData,
} from './discord-validation.ts';

export { DEFAULT_APP_PERMISSIONS, DEFAULT_MEMBER_PERMISSIONS, snowflake } from './discord-interactions.ts';
export type {
  AttachmentInput,
  AutocompleteInteractionInput,
  ButtonInteractionInput,
  CommandInteractionInput,
  CommandOptionInput,
  CommandOptionsInput,
  FollowUpOptions,
  InteractionBaseInput,
  InteractionHandle,
  InteractionInput,
  InteractionKind,
  ModalSubmitInteractionInput,
  ReplyOptions,
  SelectInteractionInput,
} from './discord-interactions.ts';
export type * from './discord-types.ts';

export interface DiscordServerOptions {
  /** Bot token the server accepts (REST `Authorization: Bot <token>` and gateway IDENTIFY). */
  token?: string;
  /** Application id, which is also the bot user's id. */
  applicationId?: string;
  /** Id of the one guild the bot is in. */
  guildId?: string;
  /** Id of the guild's text channel (interactions come from it by default). */
  channelId?: string;
  botUsername?: string;
  guildName?: string;
  /** Simulated latency added to every REST request, in ms. */
  latencyMs?: number;
  /** heartbeat_interval sent in HELLO (Discord: 41250). */
  heartbeatIntervalMs?: number;
  /** Initial responses later than this after INTERACTION_CREATE are recorded as violations (Discord: 3000). */
  callbackDeadlineMs?: number;
  /** Also reject late initial responses with 404 / 10062 Unknown interaction, as Discord does. Default false. */
  rejectLateCallbacks?: boolean;
  /** Default timeout of the handle's wait helpers. Default 5000. */
  defaultTimeoutMs?: number;
  /** Debug log sink (every request, gateway op and violation). */
  log?: (line: string) => void;
}

export interface ServedFile {
  body: Buffer;
  contentType: string;
}

export interface GatewayIdentify {
  at: number;
  intents: number;
  properties: unknown;
  shard: unknown;
  compress: unknown;
  large_threshold: unknown;
  presence: unknown;
}

export interface DiscordServer {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** `http://127.0.0.1:PORT/api`: pass as `rest: { api }` to the discord.js Client. */
  readonly apiUrl: string;
  /** `ws://127.0.0.1:PORT` (also what GET /gateway/bot returns). */
  readonly gatewayUrl: string;
  readonly port: number;
  readonly token: string;
  readonly applicationId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly botUser: ApiUser;
  /** The user interactions come from by default. */
  readonly defaultUser: ApiUser;
  /** Live counters. */
  readonly stats: Readonly<DiscordServerStats>;
  /** Every REST request, in order. */
  readonly requests: readonly RecordedRequest[];
  /** Requests to routes this server (and, for the bot's purposes, Discord) does not serve: 404/405, wrong application or guild. */
  readonly unexpectedRequests: readonly RecordedRequest[];
  /** Requests Discord would have rejected (limits, 40060, unknown interaction/webhook/message, late acks). */
  readonly violations: readonly Violation[];
  /** IDENTIFY payloads received (token removed). */
  readonly identifies: readonly GatewayIdentify[];
  /** All interactions sent so far. */
  readonly interactions: readonly InteractionHandle[];
  /** Whether a bot session is connected and ready (READY + GUILD_CREATE, or RESUMED, sent). */
  readonly connected: boolean;
  /** Guilds the bot left (DELETE /users/@me/guilds/:id), in order. */
  readonly leftGuilds: readonly string[];
  /** The guild's channels, messages and threads: members post here; the bot's posts are kept here (test/support/discord-channels.ts). */
  readonly channels: FakeChannels;

  /** Dispatch INTERACTION_CREATE to the bot's session and return a handle to observe the bot's responses. */
  interact(input: InteractionInput): InteractionHandle;
  /**
   * Adds the bot to another guild (as when someone with Manage Server uses the invite link there):
   * dispatches its GUILD_CREATE. Interactions may then come from it (`guildId`). Returns the sequence number.
   */
  joinGuild(guildId: string, name?: string): number;
  /** Send an arbitrary dispatch (op 0) to the bot's session. Returns the sequence number. */
  dispatch(event: string, data: unknown): number;
  /** Resolves when a bot session is connected and ready. */
  waitForSession(timeoutMs?: number): Promise<void>;
  /** Commands registered with PUT/POST: `'global'`, a guild id, or (no argument) all of them. */
  registeredCommands(scope?: 'global' | string): RegisteredCommand[];
  /** Serve `body` at `/files/<path>`; returns the absolute URL. */
  serveFile(path: string, body: Buffer | string, contentType?: string): string;
  /** Serve a file and describe it as a Discord attachment, ready for a command's attachment option. */
  serveAttachment(filename: string, body: Buffer | string, contentType?: string): AttachmentInput;
  /** A file the bot uploaded or a test served, by URL or path. */
  file(urlOrPath: string): ServedFile | undefined;
  /**
   * Close every gateway socket as an abnormal disconnect (default 4000, resumable; 1006 terminates the TCP
   * connection without a close frame). The bot's session stays resumable; dispatches sent meanwhile are replayed on RESUME.
   * With `{ resumable: false }` the sessions are invalidated too: the bot's RESUME gets op 9 and it must IDENTIFY again
   * (discord.js waits up to ~6.5 s for its identify throttle if it identified less than 5 s before).
   * Returns the number of sockets closed.
   */
  dropConnections(code?: number, options?: { resumable?: boolean }): number;
  /** Human-readable list of unexpected requests and violations. */
  problems(): string[];
  /** Throw if there were unexpected requests or violations. */
  assertClean(): void;
  /** Forget recorded requests, unexpected requests and violations (stats and state are kept). */
  clearRecords(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------------------------------------

const DISCORD_ERRORS = {
  unauthorized: { status: 401, code: 0, message: '401: Unauthorized' },
  notFound: { status: 404, code: 0, message: '404: Not Found' },
  methodNotAllowed: { status: 405, code: 0, message: '405: Method Not Allowed' },
  unknownApplication: { status: 404, code: 10002, message: 'Unknown Application' },
  unknownMessage: { status: 404, code: 10008, message: 'Unknown Message' },
  unknownWebhook: { status: 404, code: 10015, message: 'Unknown Webhook' },
  unknownInteraction: { status: 404, code: 10062, message: 'Unknown interaction' },
  unknownCommand: { status: 404, code: 10063, message: 'Unknown application command' },
  unknownGuild: { status: 404, code: 10004, message: 'Unknown Guild' },
  missingAccess: { status: 403, code: 50001, message: 'Missing Access' },
  alreadyAcknowledged: { status: 400, code: 40060, message: 'Interaction has already been acknowledged.' },
  emptyMessage: { status: 400, code: 50006, message: 'Cannot send an empty message' },
  invalidFormBody: { status: 400, code: 50035, message: 'Invalid Form Body' },
  tooLarge: { status: 413, code: 40005, message: 'Request entity too large' },
} as const;

interface DiscordError {
  status: number;
  code: number;
  message: string;
}

class HttpError extends Error {
  readonly error: DiscordError;
  readonly issues: ViolationIssue[];
  readonly kind: 'violation' | 'unexpected' | 'none';

  constructor(error: DiscordError, issues: ViolationIssue[] = [], kind: 'violation' | 'unexpected' | 'none' = 'violation') {
    super(error.message);
    this.error = error;
    this.issues = issues;
    this.kind = kind;
  }
}

interface ParsedBody {
  json: unknown;
  files: UploadedFile[];
  raw: Buffer;
}

interface Session {
  id: string;
  seq: number;
  buffer: { s: number; t: string; d: unknown }[];
  connection: GatewayConnection | null;
  /** READY/RESUMED delivered on the current connection. */
  ready: boolean;
  invalidated: boolean;
  intents: number;
}

interface GatewayConnection {
  id: number;
  ws: WebSocket;
  session: Session | null;
  closedByServer: boolean;
}

const MAX_BUFFERED_DISPATCHES = 5000;
const GUILDS_INTENT = 1;

function defaultToken(applicationId: string): string {
  return `${Buffer.from(applicationId).toString('base64url')}.GfAkE0.${'t'.repeat(38)}`;
}

/** Shorten interaction tokens in paths for messages. */
function displayPath(path: string): string {
  return path.split('/').map((part) => (part.length > 40 ? `${part.slice(0, 12)}…` : part)).join('/');
}

function guessContentType(name: string): string {
  const ext = name.toLowerCase().split('.').pop() ?? '';
  const types: Record<string, string> = {
    txt: 'text/plain; charset=utf-8', md: 'text/markdown; charset=utf-8', json: 'application/json', pdf: 'application/pdf',
    png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif', webp: 'image/webp', csv: 'text/csv; charset=utf-8',
    html: 'text/html; charset=utf-8', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  };
  return types[ext] ?? 'application/octet-stream';
}

class FakeDiscordServer implements DiscordServer {
  readonly token: string;
  readonly applicationId: string;
  readonly guildId: string;
  readonly channelId: string;
  readonly categoryId = snowflake();
  readonly ownerId = snowflake();
  readonly botRoleId = snowflake();
  readonly botUser: ApiUser;
  readonly defaultUser: ApiUser;
  readonly stats: DiscordServerStats = {
    connections: 0, identifies: 0, resumes: 0, invalidSessions: 0, heartbeats: 0, dispatches: 0, replayed: 0,
    restRequests: 0, interactions: 0, commandRegistrations: 0,
  };
  readonly requests: RecordedRequest[] = [];
  readonly unexpectedRequests: RecordedRequest[] = [];
  readonly violations: Violation[] = [];
  readonly identifies: GatewayIdentify[] = [];
  readonly interactions: InteractionRecord[] = [];

  private readonly options: DiscordServerOptions;
  private readonly http: Server;
  private readonly wss: WebSocketServer;
  private portNumber = 0;
  private readonly guildName: string;
  private readonly channel: JsonObject;
  private readonly interactionsById = new Map<string, InteractionRecord>();
  private readonly interactionsByToken = new Map<string, InteractionRecord>();
  private readonly knownUsers = new Map<string, ApiUser>();
  private readonly globalCommands: RegisteredCommand[] = [];
  private readonly guildCommands = new Map<string, RegisteredCommand[]>();
  /** Guilds besides the main one that the bot was added to with {@link joinGuild}. */
  private readonly otherGuilds = new Set<string>();
  readonly leftGuilds: string[] = [];
  readonly channels: FakeChannels;
  private readonly files = new Map<string, ServedFile>();
  private readonly sessions = new Map<string, Session>();
  private readonly connections = new Set<GatewayConnection>();
  private readonly sessionWaiters = new Set<{ check: () => void; fail: (error: Error) => void }>();
  private connectionCounter = 0;
  private latestSession: Session | null = null;
  private closed = false;

  constructor(options: DiscordServerOptions) {
    this.options = options;
    this.applicationId = options.applicationId ?? '1300000000000000001';
    this.token = options.token ?? defaultToken(this.applicationId);
    this.guildId = options.guildId ?? '1300000000000000002';
    this.channelId = options.channelId ?? '1300000000000000003';
    this.guildName = options.guildName ?? 'Test Guild';
    this.botUser = {
      id: this.applicationId,
      username: options.botUsername ?? 'TestBot',
      discriminator: '0',
      global_name: null,
      avatar: null,
      bot: true,
      public_flags: 0,
      flags: 0,
      banner: null,
      accent_color: null,
      avatar_decoration_data: null,
      primary_guild: null,
    };
    this.defaultUser = {
      id: '1300000000000000010',
      username: 'parent.user',
      discriminator: '0',
      global_name: 'A Parent',
      avatar: null,
      public_flags: 0,
      flags: 0,
    };
    this.knownUsers.set(this.botUser.id, this.botUser);
    this.knownUsers.set(this.defaultUser.id, this.defaultUser);
    this.channel = {
      id: this.channelId,
      type: 0,
      name: 'general',
      position: 0,
      parent_id: this.categoryId,
      topic: null,
      nsfw: false,
      last_message_id: null,
      rate_limit_per_user: 0,
      flags: 0,
      permission_overwrites: [],
      icon_emoji: null,
      theme_color: null,
    };
    this.channels = new FakeChannels({
      guildId: this.guildId,
      botUser: this.botUser,
      sessionIntents: () => this.liveSession()?.intents,
      dispatch: (event, data) => {
        const session = this.liveSession();
        if (session) this.sendDispatch(session, event, data);
      },
      computeMentions: (message, allowed) => this.computeMentions(message, allowed),
      rememberUser: (user) => this.knownUsers.set(user.id, user),
      interactionMessage: (channelId, messageId) => this.interactionMessage(channelId, messageId),
    });
    this.channels.register({ ...this.channel, guild_id: this.guildId });
    this.http = createServer((req, res) => {
      void this.handleHttp(req, res);
    });
    // Like Discord's edge, keep idle connections for minutes. (With `Keep-Alive: timeout=1`, undici
    // subtracts its 2 s safety margin and opened a new connection for every call.) close() ends them.
    this.http.keepAliveTimeout = 5 * 60 * 1000;
    this.wss = new WebSocketServer({ server: this.http, perMessageDeflate: false });
    this.wss.on('connection', (ws, req) => this.onGatewayConnection(ws, req));
  }

  async listen(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(0, '127.0.0.1', () => {
        this.http.off('error', reject);
        resolve();
      });
    });
    this.portNumber = (this.http.address() as AddressInfo).port;
  }

  get port(): number {
    return this.portNumber;
  }

  get url(): string {
    return `http://127.0.0.1:${this.portNumber}`;
  }

  get apiUrl(): string {
    return `${this.url}/api`;
  }

  get gatewayUrl(): string {
    return `ws://127.0.0.1:${this.portNumber}`;
  }

  get connected(): boolean {
    const session = this.liveSession();
    return session !== null && session.connection !== null && session.ready;
  }

  private log(line: string): void {
    this.options.log?.(line);
  }

  // -------------------------------------------------------------------------------------------
  // Public API
  // -------------------------------------------------------------------------------------------

  interact(input: InteractionInput): InteractionHandle {
    const session = this.liveSession();
    if (!session) {
      throw new Error('No bot session on the fake Discord gateway: log the client in and await server.waitForSession() first.');
    }
    const { id, token, payload } = buildInteractionPayload(input, {
      applicationId: this.applicationId,
      guildId: this.guildId,
      guildLocale: 'en-US',
      // An interaction from a channel or thread of the store carries that channel (its type, its parent).
      channel: (input.channelId !== undefined ? this.channels.channel(input.channelId) : undefined) ?? this.channel,
      botUser: this.botUser,
      defaultUser: this.defaultUser,
      findCommand: (name, guildId, type) => this.findCommand(name, guildId, type),
      rememberUser: (user) => this.knownUsers.set(user.id, user),
    });
    const label = input.type === 'command' || input.type === 'autocomplete'
      ? `${id} (${input.type} /${input.name})`
      : `${id} (${input.type} "${input.customId}")`;
    const record = new InteractionRecord(id, token, input.type, label, payload, {
      defaultTimeoutMs: this.options.defaultTimeoutMs ?? 5000,
      describeServer: () => this.describeState(),
    });
    this.interactions.push(record);
    this.interactionsById.set(id, record);
    this.interactionsByToken.set(token, record);
    this.stats.interactions += 1;
    this.sendDispatch(session, 'INTERACTION_CREATE', payload);
    return record;
  }

  /**
   * A public interaction response (original or follow-up) in a channel: in Discord it is a message of
   * the channel like any other, so a thread can be started from it.
   */
  private interactionMessage(channelId: string, messageId: string): ApiMessage | undefined {
    for (const record of this.interactions) {
      const candidates = [record.originalRealized && !record.originalDeleted ? record.originalMessage : null, ...[...record.followUpMessages.values()].filter((f) => !f.deleted).map((f) => f.message)];
      const found = candidates.find((m) => m !== null && m.id === messageId && m.channel_id === channelId && (m.flags & MessageFlag.Ephemeral) === 0);
      if (found) return found;
    }
    return undefined;
  }

  joinGuild(guildId: string, name = `Guild ${guildId.slice(-4)}`): number {
    this.otherGuilds.add(guildId);
    return this.dispatch('GUILD_CREATE', { ...this.guildCreatePayload(), id: guildId, name, owner_id: this.ownerId, roles: [] });
  }

  dispatch(event: string, data: unknown): number {
    const session = this.liveSession();
    if (!session) throw new Error('No bot session on the fake Discord gateway.');
    return this.sendDispatch(session, event, data);
  }

  waitForSession(timeoutMs = 15_000): Promise<void> {
    if (this.connected) return Promise.resolve();
    if (this.closed) return Promise.reject(new Error('The fake Discord server is closed.'));
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        check: (): void => {
          if (!this.connected) return;
          clearTimeout(timer);
          this.sessionWaiters.delete(waiter);
          resolve();
        },
        fail: (error: Error): void => {
          clearTimeout(timer);
          this.sessionWaiters.delete(waiter);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        waiter.fail(new Error(`Timed out after ${timeoutMs}ms waiting for a bot session on the fake gateway. ${this.describeState()}`));
      }, timeoutMs);
      this.sessionWaiters.add(waiter);
    });
  }

  registeredCommands(scope?: 'global' | string): RegisteredCommand[] {
    if (scope === undefined) {
      return structuredClone([...this.globalCommands, ...[...this.guildCommands.values()].flat()]);
    }
    if (scope === 'global') return structuredClone(this.globalCommands);
    return structuredClone(this.guildCommands.get(scope) ?? []);
  }

  serveFile(path: string, body: Buffer | string, contentType?: string): string {
    const clean = path.replace(/^\/+/, '').replace(/^files\//, '');
    const encoded = clean.split('/').map((part) => encodeURIComponent(part)).join('/');
    const key = `/files/${encoded}`;
    this.files.set(key, {
      body: typeof body === 'string' ? Buffer.from(body, 'utf8') : body,
      contentType: contentType ?? guessContentType(clean),
    });
    return `${this.url}${key}`;
  }

  serveAttachment(filename: string, body: Buffer | string, contentType?: string): AttachmentInput {
    const id = snowflake();
    const data = typeof body === 'string' ? Buffer.from(body, 'utf8') : body;
    const type = contentType ?? guessContentType(filename);
    const url = this.serveFile(`attachments/${this.channelId}/${id}/${filename}`, data, type);
    return { id, filename, content_type: type, size: data.length, url, proxy_url: url };
  }

  file(urlOrPath: string): ServedFile | undefined {
    const path = urlOrPath.startsWith('http') ? new URL(urlOrPath).pathname : urlOrPath;
    return this.files.get(path);
  }

  dropConnections(code = 4000, options: { resumable?: boolean } = {}): number {
    let count = 0;
    if (options.resumable === false) {
      for (const session of this.sessions.values()) session.invalidated = true;
    }
    for (const connection of [...this.connections]) {
      connection.closedByServer = true;
      this.detach(connection);
      if (code === 1006) connection.ws.terminate();
      else connection.ws.close(code, 'Simulated disconnect');
      count += 1;
    }
    this.log(`gateway: dropped ${count} connection(s) with ${code}`);
    return count;
  }

  problems(): string[] {
    return [
      ...this.unexpectedRequests.map((r) => `unexpected request: ${r.method} ${displayPath(r.path)}${r.query} → ${r.status}`),
      ...this.violations.map((v) => `violation: ${v.method} ${displayPath(v.path)} → ${v.status} ${v.code} ${v.message}${v.issues.length ? ` (${v.issues.map((i) => `${i.path}: ${i.message}`).join('; ')})` : ''}`),
    ];
  }

  assertClean(): void {
    const problems = this.problems();
    if (problems.length > 0) throw new Error(`The fake Discord server recorded ${problems.length} problem(s):\n  ${problems.join('\n  ')}`);
  }

  clearRecords(): void {
    this.requests.length = 0;
    this.unexpectedRequests.length = 0;
    this.violations.length = 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const record of this.interactions) record.close('The fake Discord server was closed');
    for (const waiter of [...this.sessionWaiters]) waiter.fail(new Error('The fake Discord server was closed.'));
    for (const connection of this.connections) connection.ws.terminate();
    this.connections.clear();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve) => {
      this.http.close(() => resolve());
      this.http.closeAllConnections();
    });
  }

  // -------------------------------------------------------------------------------------------
  // Diagnostics
  // -------------------------------------------------------------------------------------------

  private describeState(): string {
    const session = this.liveSession();
    const gateway = !session
      ? 'no bot session'
      : session.connection && session.ready
        ? `bot session ${session.id} connected (seq ${session.seq})`
        : `bot session ${session.id} DISCONNECTED, waiting for RESUME (seq ${session.seq})`;
    const problems = this.problems();
    const recent = this.requests.slice(-5).map((r) => `${r.method} ${displayPath(r.path)}${r.query} → ${r.status}`).join(', ');
    return `Server: ${gateway}; ${problems.length} problem(s)${problems.length ? `:\n  ${problems.slice(-8).join('\n  ')}` : ''}\nLast requests: ${recent || 'none'}`;
  }

  private addViolation(violation: Omit<Violation, 'at'>): void {
    this.violations.push({ at: Date.now(), ...violation });
    this.log(`violation: ${violation.method} ${violation.path} ${violation.code} ${violation.message} ${JSON.stringify(violation.issues)}`);
  }

  // -------------------------------------------------------------------------------------------
  // REST
  // -------------------------------------------------------------------------------------------

  private async handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', this.url);
    const record: RecordedRequest = { method, path: url.pathname, query: url.search, status: 0, at: Date.now() };
    let body: ParsedBody = { json: undefined, files: [], raw: Buffer.alloc(0) };
    try {
      body = await this.readBody(req);
      if (this.options.latencyMs) await delay(this.options.latencyMs);
      if (this.closed) {
        res.destroy();
        return;
      }
      // Static files are outside the API.
      if (url.pathname.startsWith('/files/')) {
        this.serveStatic(method, url.pathname, res, record);
        return;
      }
      const match = /^\/api(?:\/v(\d+))?(\/.*)?$/.exec(url.pathname);
      if (!match) throw new HttpError(DISCORD_ERRORS.notFound, [], 'unexpected');
      const apiPath = match[2] ?? '/';
      // Record the decoded path (discord.js sends `@original` as `%40original`).
      record.path = apiPath.split('/').map((part) => {
        try {
          return decodeURIComponent(part);
        } catch {
          return part;
        }
      }).join('/');
      this.stats.restRequests += 1;
      if (match[1] !== undefined && match[1] !== '10' && match[1] !== '9') {
        throw new HttpError({ status: 400, code: 50041, message: 'Invalid API version provided.' }, [], 'unexpected');
      }
      const segments = record.path.split('/').filter(Boolean);
      const result = await this.route(method, segments, url.searchParams, req, body, record);
      record.status = result.status;
      this.reply(res, result.status, result.body);
    } catch (error) {
      const httpError = error instanceof HttpError
        ? error
        : new HttpError({ status: 500, code: 0, message: `500: Internal Server Error (${error instanceof Error ? error.message : String(error)})` }, [], 'unexpected');
      record.status = httpError.error.status;
      record.body = body.json;
      const payload: JsonObject = { message: httpError.error.message, code: httpError.error.code };
      if (httpError.issues.length > 0) payload['errors'] = errorTree(httpError.issues);
      if (httpError.kind === 'unexpected') this.unexpectedRequests.push(record);
      else if (httpError.kind === 'violation') {
        this.addViolation({
          method, path: record.path, status: httpError.error.status, code: httpError.error.code,
          message: httpError.error.message, issues: httpError.issues,
          ...(record.interactionId !== undefined ? { interactionId: record.interactionId } : {}),
        });
      }
      if (record.interactionId !== undefined) {
        this.interactionsById.get(record.interactionId)?.push({
          kind: 'rejected', method, path: record.path, status: httpError.error.status, code: httpError.error.code,
          message: httpError.error.message, body: payload, at: Date.now(),
        });
      }
      this.reply(res, httpError.error.status, payload);
    } finally {
      this.requests.push(record);
      this.log(`rest: ${method} ${displayPath(record.path)}${record.query} → ${record.status}`);
    }
  }

  private reply(res: ServerResponse, status: number, body: unknown): void {
    if (res.writableEnded || res.destroyed) return;
    if (status === 204 || body === undefined) {
      res.writeHead(status === 200 ? 204 : status);
      res.end();
      return;
    }
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
  }

  private serveStatic(method: string, path: string, res: ServerResponse, record: RecordedRequest): void {
    const file = this.files.get(path);
    if ((method !== 'GET' && method !== 'HEAD') || !file) {
      record.status = 404;
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('Not Found');
      return;
    }
    record.status = 200;
    res.writeHead(200, { 'content-type': file.contentType, 'content-length': file.body.length });
    res.end(method === 'HEAD' ? undefined : file.body);
  }

  private async readBody(req: IncomingMessage): Promise<ParsedBody> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of req) {
      const buffer = chunk as Buffer;
      size += buffer.length;
      if (size > 100 * 1024 * 1024) throw new HttpError(DISCORD_ERRORS.tooLarge);
      chunks.push(buffer);
    }
    const raw = Buffer.concat(chunks);
    const type = req.headers['content-type'] ?? '';
    if (raw.length === 0) return { json: undefined, files: [], raw };
    if (type.startsWith('multipart/form-data')) {
      const form = await new Request('http://local/', { method: 'POST', headers: { 'content-type': type }, body: raw }).formData();
      let json: unknown;
      const files: UploadedFile[] = [];
      for (const [field, value] of form.entries()) {
        if (field === 'payload_json' && typeof value === 'string') json = JSON.parse(value);
        else if (typeof value !== 'string') {
          files.push({ field, name: value.name, contentType: value.type || guessContentType(value.name), data: Buffer.from(await value.arrayBuffer()) });
        }
      }
      return { json, files, raw };
    }
    try {
      return { json: JSON.parse(raw.toString('utf8')), files: [], raw };
    } catch {
      throw new HttpError({ status: 400, code: 50109, message: 'The request body contains invalid JSON.' });
    }
  }

  private requireAuth(req: IncomingMessage): void {
    if (req.headers.authorization !== `Bot ${this.token}`) throw new HttpError(DISCORD_ERRORS.unauthorized, [], 'none');
  }

  private async route(method: string, s: string[], query: URLSearchParams, req: IncomingMessage, body: ParsedBody, record: RecordedRequest): Promise<{ status: number; body?: unknown }> {
    const [a, b, c, d, e, f] = s;
    const notAllowed = (): never => {
      throw new HttpError(DISCORD_ERRORS.methodNotAllowed, [], 'unexpected');
    };

    // Gateway discovery.
    if (a === 'gateway' && s.length === 1) {
      if (method !== 'GET') notAllowed();
      return { status: 200, body: { url: this.gatewayUrl } };
    }
    if (a === 'gateway' && b === 'bot' && s.length === 2) {
      if (method !== 'GET') notAllowed();
      this.requireAuth(req);
      return {
        status: 200,
        body: {
          url: this.gatewayUrl,
          shards: 1,
          session_start_limit: { total: 1000, remaining: 1000 - this.stats.identifies, reset_after: 14_400_000, max_concurrency: 1 },
        },
      };
    }

    // Interaction callback.
    if (a === 'interactions' && b !== undefined && c !== undefined && d === 'callback' && s.length === 4) {
      if (method !== 'POST') notAllowed();
      record.interactionId = b;
      return this.interactionCallback(b, c, query, body, record);
    }

    // Interaction webhooks.
    if (a === 'webhooks' && b !== undefined && c !== undefined) {
      if (b !== this.applicationId) throw new HttpError(DISCORD_ERRORS.unknownWebhook);
      const interaction = this.interactionsByToken.get(c);
      if (!interaction) throw new HttpError(DISCORD_ERRORS.unknownWebhook);
      record.interactionId = interaction.id;
      if (s.length === 3) {
        if (method !== 'POST') notAllowed();
        return this.followUp(interaction, query, body);
      }
      if (d === 'messages' && e !== undefined && s.length === 5) {
        if (method === 'GET') return this.fetchWebhookMessage(interaction, e);
        if (method === 'PATCH') return this.editWebhookMessage(interaction, e, body);
        if (method === 'DELETE') return this.deleteWebhookMessage(interaction, e);
        notAllowed();
      }
      throw new HttpError(DISCORD_ERRORS.notFound, [], 'unexpected');
    }

    // Channels: messages and threads (test/support/discord-channels.ts).
    if (a === 'channels') {
      this.requireAuth(req);
      try {
        return this.channels.route(method, s.slice(1), body.json);
      } catch (error) {
        if (error instanceof ChannelRouteError) throw new HttpError(error.error, error.issues, error.kind);
        throw error;
      }
    }

    // Leaving a guild.
    if (a === 'users' && b === '@me' && c === 'guilds' && d !== undefined && s.length === 4) {
      if (method !== 'DELETE') notAllowed();
      this.requireAuth(req);
      if (d !== this.guildId && !this.otherGuilds.has(d)) throw new HttpError(DISCORD_ERRORS.unknownGuild, [], 'unexpected');
      this.otherGuilds.delete(d);
      this.leftGuilds.push(d);
      const session = this.liveSession();
      if (session) this.sendDispatch(session, 'GUILD_DELETE', { id: d });
      return { status: 204 };
    }

    // Current user and application.
    if (a === 'users' && b === '@me' && s.length === 2) {
      if (method !== 'GET') notAllowed();
      this.requireAuth(req);
      return { status: 200, body: { ...this.botUser, verified: true, mfa_enabled: false, locale: 'en-US', email: null, bio: '' } };
    }
    if (a === 'applications' && b === '@me' && s.length === 2) {
      if (method !== 'GET') notAllowed();
      this.requireAuth(req);
      return { status: 200, body: this.applicationObject() };
    }

    // Application commands.
    if (a === 'applications' && b !== undefined && c !== undefined) {
      this.requireAuth(req);
      if (b !== this.applicationId) throw new HttpError(DISCORD_ERRORS.unknownApplication, [], 'unexpected');
      if (c === 'commands') return this.commandsRoute(method, null, d, s.length === 3 ? 'list' : s.length === 4 ? 'one' : 'other', body);
      if (c === 'guilds' && d !== undefined && e === 'commands') {
        if (d !== this.guildId) throw new HttpError(DISCORD_ERRORS.missingAccess, [], 'unexpected');
        if (s.length === 5) return this.commandsRoute(method, d, undefined, 'list', body);
        if (s.length === 6 && f !== 'permissions') return this.commandsRoute(method, d, f, 'one', body);
      }
    }

    throw new HttpError(DISCORD_ERRORS.notFound, [], 'unexpected');
  }

  private applicationObject(): JsonObject {
    return {
      id: this.applicationId,
      name: this.botUser.username,
      icon: null,
      description: '',
      summary: '',
      type: null,
      hook: true,
      bot_public: true,
      bot_require_code_grant: false,
      verify_key: '0'.repeat(64),
      flags: 0,
      bot: this.botUser,
      owner: { id: this.ownerId, username: 'owner', discriminator: '0', global_name: null, avatar: null, public_flags: 0, flags: 0 },
      team: null,
      approximate_guild_count: 1,
      integration_types_config: { '0': {} },
      redirect_uris: [],
      interactions_endpoint_url: null,
      tags: [],
    };
  }

  // -------------------------------------------------------------------------------------------
  // Commands
  // -------------------------------------------------------------------------------------------

  private findCommand(name: string, guildId: string | null, type = 1): RegisteredCommand | undefined {
    const guild = guildId ? this.guildCommands.get(guildId)?.find((c) => c.name === name && c.type === type) : undefined;
    return guild ?? this.globalCommands.find((c) => c.name === name && c.type === type);
  }

  private normaliseCommand(def: JsonObject, guildId: string | null, existing: RegisteredCommand | undefined): RegisteredCommand {
    const command: RegisteredCommand = {
      id: existing?.id ?? snowflake(),
      application_id: this.applicationId,
      version: snowflake(),
      default_member_permissions: typeof def['default_member_permissions'] === 'string' ? def['default_member_permissions'] : null,
      type: typeof def['type'] === 'number' ? def['type'] : 1,
      name: def['name'] as string,
      name_localizations: def['name_localizations'] ?? null,
      description: typeof def['description'] === 'string' ? def['description'] : '',
      description_localizations: def['description_localizations'] ?? null,
      contexts: def['contexts'] ?? null,
      integration_types: def['integration_types'] ?? [0],
      nsfw: def['nsfw'] ?? false,
    };
    if (Array.isArray(def['options'])) command.options = structuredClone(def['options'] as JsonObject[]);
    if (guildId) command.guild_id = guildId;
    else command['dm_permission'] = def['dm_permission'] ?? true;
    return command;
  }

  private commandsRoute(method: string, guildId: string | null, commandId: string | undefined, shape: 'list' | 'one' | 'other', body: ParsedBody): { status: number; body?: unknown } {
    if (shape === 'other') throw new HttpError(DISCORD_ERRORS.notFound, [], 'unexpected');
    const list = guildId ? (this.guildCommands.get(guildId) ?? []) : this.globalCommands;
    const store = (next: RegisteredCommand[]): void => {
      if (guildId) this.guildCommands.set(guildId, next);
      else this.globalCommands.splice(0, this.globalCommands.length, ...next);
    };
    if (shape === 'list') {
      if (method === 'GET') return { status: 200, body: structuredClone(list) };
      if (method === 'PUT') {
        const issues = new Issues();
        validateCommandList(body.json, issues);
        if (!issues.empty) throw new HttpError(DISCORD_ERRORS.invalidFormBody, issues.list);
        const defs = body.json as JsonObject[];
        const next = defs.map((def) => this.normaliseCommand(def, guildId, list.find((c) => c.name === def['name'] && c.type === (def['type'] ?? 1))));
        store(next);
        this.stats.commandRegistrations += 1;
        return { status: 200, body: structuredClone(next) };
      }
      if (method === 'POST') {
        const issues = new Issues();
        validateCommandDefinition(body.json, '', issues);
        if (!issues.empty) throw new HttpError(DISCORD_ERRORS.invalidFormBody, issues.list);
        const def = body.json as JsonObject;
        const existing = list.find((c) => c.name === def['name'] && c.type === (def['type'] ?? 1));
        const command = this.normaliseCommand(def, guildId, existing);
        store(existing ? list.map((c) => (c === existing ? command : c)) : [...list, command]);
        this.stats.commandRegistrations += 1;
        return { status: existing ? 200 : 201, body: structuredClone(command) };
      }
      throw new HttpError(DISCORD_ERRORS.methodNotAllowed, [], 'unexpected');
    }
    const existing = list.find((c) => c.id === commandId);
    if (!existing) throw new HttpError(DISCORD_ERRORS.unknownCommand);
    if (method === 'GET') return { status: 200, body: structuredClone(existing) };
    if (method === 'DELETE') {
      store(list.filter((c) => c !== existing));
      return { status: 204 };
    }
    if (method === 'PATCH') {
      const merged = { ...existing, ...(isObject(body.json) ? body.json : {}) };
      const issues = new Issues();
      validateCommandDefinition(merged, '', issues);
      if (!issues.empty) throw new HttpError(DISCORD_ERRORS.invalidFormBody, issues.list);
      const command = this.normaliseCommand(merged, guildId, existing);
      store(list.map((c) => (c === existing ? command : c)));
      return { status: 200, body: structuredClone(command) };
    }
    throw new HttpError(DISCORD_ERRORS.methodNotAllowed, [], 'unexpected');
  }

  // -------------------------------------------------------------------------------------------
  // Messages
  // -------------------------------------------------------------------------------------------

  private newMessage(interaction: InteractionRecord, id: string, type: number): ApiMessage {
    const payload = interaction.payload;
    const user = (isObject(payload['member']) ? payload['member']['user'] : payload['user']) as ApiUser;
    const data = isObject(payload['data']) ? payload['data'] : {};
    const metadata: JsonObject = {
      id: interaction.id,
      type: interaction.interactionType,
      user,
      authorizing_integration_owners: payload['authorizing_integration_owners'],
    };
    if (interaction.interactionType === 2) {
      metadata['name'] = data['name'];
      metadata['command_type'] = data['type'];
    }
    if (isObject(payload['message'])) metadata['interacted_message_id'] = payload['message']['id'];
    const message: ApiMessage = {
      id,
      type,
      channel_id: payload['channel_id'] as string,
      author: this.botUser,
      content: '',
      timestamp: new Date().toISOString(),
      edited_timestamp: null,
      tts: false,
      mention_everyone: false,
      mentions: [],
      mention_roles: [],
      attachments: [],
      embeds: [],
      components: [],
      pinned: false,
      flags: 0,
      webhook_id: this.applicationId,
      application_id: this.applicationId,
      interaction_metadata: metadata,
    };
    if (typeof payload['guild_id'] === 'string') message.guild_id = payload['guild_id'];
    return message;
  }

  private makeAttachment(message: ApiMessage, file: UploadedFile, meta: JsonObject | undefined): ApiAttachment {
    const id = snowflake();
    const filename = typeof meta?.['filename'] === 'string' ? meta['filename'] : file.name;
    const url = this.serveFile(`attachments/${message.channel_id}/${id}/${filename}`, file.data, file.contentType);
    const attachment: ApiAttachment = { id, filename, size: file.data.length, url, proxy_url: url, content_type: file.contentType };
    if (typeof meta?.['description'] === 'string') attachment.description = meta['description'];
    if ((message.flags & MessageFlag.Ephemeral) !== 0) attachment['ephemeral'] = true;
    return attachment;
  }

  /** Apply a create/edit body to a message, the way Discord merges fields. */
  private applyBody(message: ApiMessage, body: JsonObject, files: UploadedFile[], isEdit: boolean): void {
    if ('content' in body) message.content = typeof body['content'] === 'string' ? body['content'] : '';
    if ('embeds' in body) {
      message.embeds = Array.isArray(body['embeds'])
        ? (body['embeds'] as JsonObject[]).map((embed) => ({ type: 'rich', ...structuredClone(embed) }))
        : [];
    }
    if ('components' in body) message.components = Array.isArray(body['components']) ? structuredClone(body['components'] as JsonObject[]) : [];
    if (typeof body['flags'] === 'number') {
      const editable = MessageFlag.SuppressEmbeds | MessageFlag.IsComponentsV2 | (isEdit ? 0 : MessageFlag.Ephemeral | 4096);
      message.flags = (message.flags & ~editable) | (body['flags'] & editable);
    }
    if ('poll' in body && isObject(body['poll'])) message['poll'] = structuredClone(body['poll']);
    // Attachments: `attachments` lists what to keep (existing ids) and metadata for new files (id = upload index).
    const byIndex = new Map<string, UploadedFile>();
    files.forEach((file, i) => byIndex.set(/^files\[(\d+)\]$/.exec(file.field)?.[1] ?? String(i), file));
    const used = new Set<UploadedFile>();
    if (Array.isArray(body['attachments'])) {
      const next: ApiAttachment[] = [];
      for (const entry of body['attachments'] as unknown[]) {
        if (!isObject(entry)) continue;
        const id = String(entry['id']);
        const existing = message.attachments.find((a) => a.id === id);
        const upload = byIndex.get(id);
        if (upload && !used.has(upload)) {
          used.add(upload);
          next.push(this.makeAttachment(message, upload, entry));
        } else if (existing) next.push(existing);
      }
      for (const file of files) if (!used.has(file)) next.push(this.makeAttachment(message, file, undefined));
      message.attachments = next;
    } else if (files.length > 0 || !isEdit) {
      const created = files.map((file) => this.makeAttachment(message, file, undefined));
      message.attachments = isEdit ? [...message.attachments, ...created] : created;
    }
    if ('content' in body || 'allowed_mentions' in body) this.computeMentions(message, body['allowed_mentions']);
  }

  private computeMentions(message: ApiMessage, allowedValue: unknown): void {
    const allowed = isObject(allowedValue) ? allowedValue : undefined;
    const parse = allowed ? (Array.isArray(allowed['parse']) ? (allowed['parse'] as unknown[]) : []) : ['users', 'roles', 'everyone'];
    const users = allowed && Array.isArray(allowed['users']) ? (allowed['users'] as unknown[]).map(String) : [];
    const roles = allowed && Array.isArray(allowed['roles']) ? (allowed['roles'] as unknown[]).map(String) : [];
    const content = message.content;
    const mentionedUsers: ApiUser[] = [];
    for (const [, id] of content.matchAll(/<@!?(\d{15,21})>/g)) {
      if (id === undefined || mentionedUsers.some((u) => u.id === id)) continue;
      if (parse.includes('users') || users.includes(id)) {
        mentionedUsers.push(this.knownUsers.get(id) ?? { id, username: `user_${id.slice(-6)}`, discriminator: '0', global_name: null, avatar: null });
      }
    }
    const mentionedRoles: string[] = [];
    for (const [, id] of content.matchAll(/<@&(\d{15,21})>/g)) {
      if (id !== undefined && !mentionedRoles.includes(id) && (parse.includes('roles') || roles.includes(id))) mentionedRoles.push(id);
    }
    message.mentions = mentionedUsers;
    message.mention_roles = mentionedRoles;
    message.mention_everyone = /@(everyone|here)\b/.test(content) && parse.includes('everyone');
  }

  /** Validate a message body; throws the HttpError Discord would answer. */
  private checkMessage(body: JsonObject, prefix: string, files: UploadedFile[], flags: number, resulting: JsonObject | null): void {
    const issues = new Issues();
    validateMessageBody(body, prefix, issues, { files: files.length, flags });
    for (const file of files) {
      if (file.data.length > 10 * 1024 * 1024) throw new HttpError(DISCORD_ERRORS.tooLarge);
    }
    if (!issues.empty) throw new HttpError(DISCORD_ERRORS.invalidFormBody, issues.list);
    if (resulting && isEmptyMessage({ ...resulting, attachments: [...(Array.isArray(resulting['attachments']) ? resulting['attachments'] : []), ...files] })) {
      throw new HttpError(DISCORD_ERRORS.emptyMessage);
    }
  }

  // -------------------------------------------------------------------------------------------
  // Interaction callbacks and webhooks
  // -------------------------------------------------------------------------------------------

  private interactionCallback(id: string, token: string, query: URLSearchParams, body: ParsedBody, record: RecordedRequest): { status: number; body?: unknown } {
    const interaction = this.interactionsById.get(id);
    if (!interaction || interaction.token !== token) {
      delete record.interactionId;
      throw new HttpError(DISCORD_ERRORS.unknownInteraction);
    }
    if (!isObject(body.json) || typeof body.json['type'] !== 'number') {
      throw new HttpError(DISCORD_ERRORS.invalidFormBody, [{ path: 'type', code: 'BASE_TYPE_REQUIRED', message: 'This field is required' }]);
    }
    const type = body.json['type'];
    const data = isObject(body.json['data']) ? body.json['data'] : undefined;
    if (interaction.callbackType !== null) throw new HttpError(DISCORD_ERRORS.alreadyAcknowledged);

    const allowed: Record<number, number[]> = {
      2: [4, 5, 9, 10, 12],
      3: [4, 5, 6, 7, 9, 10],
      4: [8],
      5: isObject(interaction.payload['message']) ? [4, 5, 6, 7, 10] : [4, 5, 10],
    };
    if (!(allowed[interaction.interactionType] ?? []).includes(type)) {
      throw new HttpError(DISCORD_ERRORS.invalidFormBody, [{
        path: 'type', code: 'INTERACTION_RESPONSE_TYPE_INVALID',
        message: `Interaction response type ${type} is not valid for interaction type ${interaction.interactionType}.`,
      }]);
    }

    const latency = Date.now() - interaction.createdAt;
    const deadline = this.options.callbackDeadlineMs ?? 3000;
    if (latency > deadline) {
      if (this.options.rejectLateCallbacks) throw new HttpError(DISCORD_ERRORS.unknownInteraction);
      this.addViolation({
        method: 'POST', path: record.path, status: 404, code: 10062,
        message: `Unknown interaction: initial response after ${latency}ms (Discord allows ${deadline}ms; defer earlier)`,
        issues: [], interactionId: interaction.id,
      });
    }

    const componentMessage = isObject(interaction.payload['message']) ? (interaction.payload['message'] as unknown as ApiMessage) : null;
    switch (type) {
      case 4: {
        const resulting = { ...(data ?? {}) };
        this.checkMessage(data ?? {}, 'data', body.files, 0, resulting);
        const message = this.newMessage(interaction, snowflake(), interaction.interactionType === 2 ? 20 : 0);
        this.applyBody(message, data ?? {}, body.files, false);
        interaction.originalMessage = message;
        interaction.originalRealized = true;
        break;
      }
      case 5: {
        const message = this.newMessage(interaction, snowflake(), interaction.interactionType === 2 ? 20 : 0);
        const flags = typeof data?.['flags'] === 'number' ? data['flags'] : 0;
        message.flags = (flags & MessageFlag.Ephemeral) | MessageFlag.Loading;
        interaction.originalMessage = message;
        break;
      }
      case 6: {
        if (componentMessage) interaction.originalMessage = structuredClone(componentMessage);
        break;
      }
      case 7: {
        const base = componentMessage ? structuredClone(componentMessage) : this.newMessage(interaction, snowflake(), 0);
        this.checkMessage(data ?? {}, 'data', body.files, base.flags, { ...base, ...(data ?? {}) });
        this.applyBody(base, data ?? {}, body.files, true);
        base.edited_timestamp = new Date().toISOString();
        interaction.originalMessage = base;
        interaction.originalRealized = true;
        break;
      }
      case 8: {
        const issues = new Issues();
        validateAutocompleteData(data, issues);
        if (!issues.empty) throw new HttpError(DISCORD_ERRORS.invalidFormBody, issues.list);
        interaction.choices = structuredClone((data?.['choices'] ?? []) as AutocompleteChoiceLike[]).map((choice) => {
          const { name_localizations: localizations, ...rest } = choice;
          return localizations === undefined || localizations === null ? rest : { ...rest, name_localizations: localizations };
        });
        break;
      }
      case 9: {
        const issues = new Issues();
        validateModalData(data, issues);
        if (!issues.empty) throw new HttpError(DISCORD_ERRORS.invalidFormBody, issues.list);
        interaction.modalData = structuredClone(data) as ModalData;
        break;
      }
      default:
        break;
    }

    interaction.callbackType = type;
    interaction.ackLatencyMs = latency;
    interaction.push({ kind: 'callback', type, data: data ? structuredClone(data) : undefined, files: body.files, withResponse: query.get('with_response') === 'true', at: Date.now() });

    if (query.get('with_response') !== 'true') return { status: 204 };
    const original = interaction.originalMessage;
    const response: JsonObject = {
      interaction: {
        id: interaction.id,
        type: interaction.interactionType,
        ...(original && type !== 8 && type !== 9 ? {
          response_message_id: original.id,
          response_message_loading: (original.flags & MessageFlag.Loading) !== 0,
          response_message_ephemeral: (original.flags & MessageFlag.Ephemeral) !== 0,
        } : {}),
      },
      resource: { type, ...((type === 4 || type === 7) && original ? { message: structuredClone(original) } : {}) },
    };
    return { status: 200, body: response };
  }

  private requireAcknowledged(interaction: InteractionRecord): void {
    if (interaction.callbackType === null || interaction.callbackType === 8) throw new HttpError(DISCORD_ERRORS.unknownWebhook);
  }

  private followUp(interaction: InteractionRecord, query: URLSearchParams, body: ParsedBody): { status: number; body?: unknown } {
    this.requireAcknowledged(interaction);
    const data = isObject(body.json) ? body.json : {};
    const fillsDeferred = interaction.callbackType === 5 && !interaction.originalRealized && !interaction.originalDeleted && interaction.originalMessage !== null;
    const baseFlags = fillsDeferred ? (interaction.originalMessage?.flags ?? 0) : 0;
    this.checkMessage(data, '', body.files, baseFlags, data);
    let message: ApiMessage;
    if (fillsDeferred && interaction.originalMessage) {
      // Discord uses the first follow-up after a deferred reply to fill the "is thinking…" message; it keeps the deferral's ephemerality.
      message = interaction.originalMessage;
      const ephemeral = message.flags & MessageFlag.Ephemeral;
      this.applyBody(message, data, body.files, false);
      message.flags = (message.flags & ~(MessageFlag.Loading | MessageFlag.Ephemeral)) | ephemeral;
      interaction.originalRealized = true;
    } else {
      message = this.newMessage(interaction, snowflake(), 0);
      this.applyBody(message, data, body.files, false);
      interaction.followUpMessages.set(message.id, { message, deleted: false });
    }
    interaction.push({
      kind: 'followUp', messageId: message.id, data: structuredClone(data), files: body.files,
      ephemeral: (message.flags & MessageFlag.Ephemeral) !== 0, replacedDeferred: fillsDeferred, at: Date.now(),
    });
    if (query.get('wait') !== 'true') return { status: 204 };
    return { status: 200, body: structuredClone(message) };
  }

  private target(interaction: InteractionRecord, messageId: string): { message: ApiMessage; original: boolean } {
    this.requireAcknowledged(interaction);
    const original = interaction.originalMessage;
    if (messageId === '@original' || (original && original.id === messageId)) {
      if (!original || interaction.originalDeleted) throw new HttpError(DISCORD_ERRORS.unknownMessage);
      return { message: original, original: true };
    }
    const followUp = interaction.followUpMessages.get(messageId);
    if (!followUp || followUp.deleted) throw new HttpError(DISCORD_ERRORS.unknownMessage);
    return { message: followUp.message, original: false };
  }

  private fetchWebhookMessage(interaction: InteractionRecord, messageId: string): { status: number; body?: unknown } {
    const { message } = this.target(interaction, messageId);
    interaction.push({ kind: 'fetch', target: messageId === '@original' ? 'original' : messageId, at: Date.now() });
    return { status: 200, body: structuredClone(message) };
  }

  private editWebhookMessage(interaction: InteractionRecord, messageId: string, body: ParsedBody): { status: number; body?: unknown } {
    const { message, original } = this.target(interaction, messageId);
    const data = isObject(body.json) ? body.json : {};
    const resulting: JsonObject = { ...message, ...data };
    if (!('attachments' in data)) resulting['attachments'] = message.attachments;
    this.checkMessage(data, '', body.files, message.flags, resulting);
    const wasRealized = !original || interaction.originalRealized;
    this.applyBody(message, data, body.files, true);
    message.flags &= ~MessageFlag.Loading;
    if (wasRealized) message.edited_timestamp = new Date().toISOString();
    if (original) interaction.originalRealized = true;
    interaction.push({
      kind: 'edit', target: original ? 'original' : messageId, messageId: message.id, data: structuredClone(data), files: body.files, at: Date.now(),
    });
    return { status: 200, body: structuredClone(message) };
  }

  private deleteWebhookMessage(interaction: InteractionRecord, messageId: string): { status: number; body?: unknown } {
    const { message, original } = this.target(interaction, messageId);
    if (original) interaction.originalDeleted = true;
    else {
      const followUp = interaction.followUpMessages.get(message.id);
      if (followUp) followUp.deleted = true;
    }
    interaction.push({ kind: 'delete', target: original ? 'original' : messageId, messageId: message.id, at: Date.now() });
    return { status: 204 };
  }

  // -------------------------------------------------------------------------------------------
  // Gateway
  // -------------------------------------------------------------------------------------------

  private liveSession(): Session | null {
    const session = this.latestSession;
    return session && !session.invalidated ? session : null;
  }

  private notifySessionWaiters(): void {
    for (const waiter of [...this.sessionWaiters]) waiter.check();
  }

  private send(connection: GatewayConnection, payload: JsonObject): void {
    if (connection.ws.readyState === WebSocket.OPEN) connection.ws.send(JSON.stringify(payload));
  }

  private sendDispatch(session: Session, t: string, d: unknown): number {
    session.seq += 1;
    const s = session.seq;
    session.buffer.push({ s, t, d });
    if (session.buffer.length > MAX_BUFFERED_DISPATCHES) session.buffer.shift();
    if (session.connection) {
      this.send(session.connection, { op: 0, t, s, d });
      this.stats.dispatches += 1;
    }
    this.log(`gateway: dispatch ${t} s=${s}${session.connection ? '' : ' (buffered; session disconnected)'}`);
    return s;
  }

  private detach(connection: GatewayConnection): void {
    const session = connection.session;
    if (session && session.connection === connection) {
      session.connection = null;
      session.ready = false;
    }
    this.connections.delete(connection);
  }

  private onGatewayConnection(ws: WebSocket, req: IncomingMessage): void {
    const connection: GatewayConnection = { id: ++this.connectionCounter, ws, session: null, closedByServer: false };
    this.connections.add(connection);
    this.stats.connections += 1;
    this.log(`gateway: connection ${connection.id} ${req.url ?? ''}`);
    const url = new URL(req.url ?? '/', this.url);
    if (url.searchParams.get('compress') || (url.searchParams.get('encoding') ?? 'json') !== 'json') {
      // Only JSON without transport compression is implemented; Discord would accept it, this server does not.
      this.log(`gateway: unsupported encoding/compression requested: ${url.search}`);
      this.unexpectedRequests.push({ method: 'GET', path: `gateway ${url.pathname}`, query: url.search, status: 4002, at: Date.now() });
      connection.closedByServer = true;
      ws.close(4002, 'Only encoding=json without compress is supported by the fake gateway');
      return;
    }
    ws.on('message', (raw, isBinary) => this.onGatewayMessage(connection, raw, isBinary));
    ws.on('close', (code) => {
      this.log(`gateway: connection ${connection.id} closed ${code}${connection.closedByServer ? ' (by server)' : ''}`);
      const session = connection.session;
      this.detach(connection);
      // A client closing with 1000/1001 ends its session (Discord invalidates it).
      if (session && !connection.closedByServer && (code === 1000 || code === 1001)) session.invalidated = true;
    });
    ws.on('error', (error) => this.log(`gateway: connection ${connection.id} error ${error.message}`));
    this.send(connection, { op: 10, d: { heartbeat_interval: this.options.heartbeatIntervalMs ?? 41_250, _trace: ['["gateway-fake",{"micros":0}]'] }, s: null, t: null });
  }

  private closeGateway(connection: GatewayConnection, code: number, reason: string): void {
    connection.closedByServer = true;
    this.detach(connection);
    connection.ws.close(code, reason);
  }

  private onGatewayMessage(connection: GatewayConnection, raw: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.closeGateway(connection, 4002, 'Error while decoding payload.');
      return;
    }
    let payload: unknown;
    try {
      payload = JSON.parse(raw.toString());
    } catch {
      this.closeGateway(connection, 4002, 'Error while decoding payload.');
      return;
    }
    if (!isObject(payload) || typeof payload['op'] !== 'number') {
      this.closeGateway(connection, 4002, 'Error while decoding payload.');
      return;
    }
    const op = payload['op'];
    const d = payload['d'];
    this.log(`gateway: connection ${connection.id} op ${op}`);
    switch (op) {
      case 1:
        this.stats.heartbeats += 1;
        this.send(connection, { op: 11, d: null, s: null, t: null });
        return;
      case 2:
        this.onIdentify(connection, isObject(d) ? d : {});
        return;
      case 6:
        this.onResume(connection, isObject(d) ? d : {});
        return;
      case 3:
      case 4:
      case 8:
      case 31:
        if (!connection.session) this.closeGateway(connection, 4003, 'Not authenticated.');
        else if (op === 8 && isObject(d)) {
          this.sendDispatch(connection.session, 'GUILD_MEMBERS_CHUNK', {
            guild_id: d['guild_id'], members: [this.botMember()], chunk_index: 0, chunk_count: 1, not_found: [],
            ...(d['nonce'] !== undefined ? { nonce: d['nonce'] } : {}),
          });
        }
        return;
      default:
        this.closeGateway(connection, 4001, 'Unknown opcode.');
    }
  }

  private onIdentify(connection: GatewayConnection, d: JsonObject): void {
    if (connection.session) {
      this.closeGateway(connection, 4005, 'Already authenticated.');
      return;
    }
    if (d['token'] !== this.token) {
      this.closeGateway(connection, 4004, 'Authentication failed.');
      return;
    }
    const shard = d['shard'];
    if (shard !== undefined && (!Array.isArray(shard) || shard[0] !== 0 || shard[1] !== 1)) {
      this.closeGateway(connection, 4010, 'Invalid shard.');
      return;
    }
    if (typeof d['intents'] !== 'number') {
      this.closeGateway(connection, 4013, 'Invalid intent(s).');
      return;
    }
    this.stats.identifies += 1;
    this.identifies.push({
      at: Date.now(), intents: d['intents'], properties: d['properties'], shard, compress: d['compress'],
      large_threshold: d['large_threshold'], presence: d['presence'],
    });
    const session: Session = { id: snowflake().slice(-8) + Math.random().toString(16).slice(2, 18), seq: 0, buffer: [], connection, ready: false, invalidated: false, intents: d['intents'] };
    this.sessions.set(session.id, session);
    connection.session = session;
    this.latestSession = session;
    this.sendDispatch(session, 'READY', {
      v: 10,
      user_settings: {},
      user: { ...this.botUser, verified: true, mfa_enabled: false, email: null },
      guilds: [{ id: this.guildId, unavailable: true }],
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.gatewayUrl,
      shard: [0, 1],
      application: { id: this.applicationId, flags: 0 },
      presences: [],
      private_channels: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: ['london', 'rotterdam'],
      auth: {},
      _trace: ['["gateway-fake",{"micros":0}]'],
    });
    if ((session.intents & GUILDS_INTENT) !== 0) this.sendDispatch(session, 'GUILD_CREATE', this.guildCreatePayload());
    session.ready = true;
    this.notifySessionWaiters();
  }

  private onResume(connection: GatewayConnection, d: JsonObject): void {
    if (connection.session) {
      this.closeGateway(connection, 4005, 'Already authenticated.');
      return;
    }
    if (d['token'] !== this.token) {
      this.closeGateway(connection, 4004, 'Authentication failed.');
      return;
    }
    const session = typeof d['session_id'] === 'string' ? this.sessions.get(d['session_id']) : undefined;
    const seq = typeof d['seq'] === 'number' ? d['seq'] : -1;
    const oldest = session?.buffer[0]?.s ?? 1;
    if (!session || session.invalidated || seq > session.seq || seq < oldest - 1) {
      this.stats.invalidSessions += 1;
      this.send(connection, { op: 9, d: false, s: null, t: null });
      return;
    }
    if (session.connection && session.connection !== connection) this.closeGateway(session.connection, 4000, 'Session resumed elsewhere');
    session.connection = connection;
    connection.session = session;
    for (const entry of session.buffer) {
      if (entry.s > seq) {
        this.send(connection, { op: 0, t: entry.t, s: entry.s, d: entry.d });
        this.stats.dispatches += 1;
        this.stats.replayed += 1;
      }
    }
    this.stats.resumes += 1;
    this.sendDispatch(session, 'RESUMED', { _trace: ['["gateway-fake",{"micros":0}]'] });
    session.ready = true;
    if (this.latestSession === null || this.latestSession.invalidated) this.latestSession = session;
    this.notifySessionWaiters();
  }

  private botMember(): JsonObject {
    return {
      user: this.botUser,
      roles: [this.botRoleId],
      nick: null,
      avatar: null,
      banner: null,
      premium_since: null,
      joined_at: new Date(Date.now() - 7 * 24 * 3600 * 1000).toISOString(),
      pending: false,
      deaf: false,
      mute: false,
      flags: 0,
      communication_disabled_until: null,
    };
  }

  private guildCreatePayload(): JsonObject {
    const role = (id: string, name: string, permissions: bigint, position: number, extra: JsonObject = {}): JsonObject => ({
      id, name, description: null, permissions: permissions.toString(), position, color: 0,
      colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
      hoist: false, managed: false, mentionable: false, icon: null, unicode_emoji: null, flags: 0, ...extra,
    });
    return {
      id: this.guildId,
      name: this.guildName,
      icon: null,
      icon_hash: null,
      splash: null,
      discovery_splash: null,
      banner: null,
      description: null,
      owner_id: this.ownerId,
      application_id: null,
      afk_channel_id: null,
      afk_timeout: 300,
      widget_enabled: false,
      widget_channel_id: null,
      verification_level: 1,
      default_message_notifications: 1,
      explicit_content_filter: 2,
      mfa_level: 0,
      nsfw: false,
      nsfw_level: 0,
      premium_tier: 0,
      premium_subscription_count: 0,
      premium_progress_bar_enabled: false,
      preferred_locale: 'en-US',
      features: ['COMMUNITY', 'NEWS'],
      system_channel_id: this.channelId,
      system_channel_flags: 0,
      rules_channel_id: null,
      public_updates_channel_id: null,
      safety_alerts_channel_id: null,
      vanity_url_code: null,
      max_members: 500_000,
      max_presences: null,
      max_video_channel_users: 25,
      max_stage_video_channel_users: 50,
      incidents_data: null,
      roles: [
        role(this.guildId, '@everyone', DEFAULT_MEMBER_PERMISSIONS, 0),
        role(this.botRoleId, this.botUser.username, DEFAULT_APP_PERMISSIONS, 1, { managed: true, tags: { bot_id: this.applicationId } }),
      ],
      emojis: [],
      stickers: [],
      // GUILD_CREATE extras
      joined_at: new Date(Date.now() - 7 * 24 * 3600 * 1000).toISOString(),
      large: false,
      unavailable: false,
      lazy: true,
      member_count: 3,
      voice_states: [],
      members: [this.botMember()],
      channels: [
        { id: this.categoryId, type: 4, name: 'Text Channels', position: 0, parent_id: null, flags: 0, permission_overwrites: [] },
        ...this.channels.guildChannels(),
      ],
      threads: [],
      presences: [],
      stage_instances: [],
      guild_scheduled_events: [],
      soundboard_sounds: [],
      embedded_activities: [],
      activity_instances: [],
      version: Date.now(),
    };
  }
}

type AutocompleteChoiceLike = { name: string; value: string | number; name_localizations?: Record<string, string> | null };

/** Start the fake Discord API on 127.0.0.1 (random port). Always `await server.close()` when done. */
export async function startDiscordServer(options: DiscordServerOptions = {}): Promise<DiscordServer> {
  const server = new FakeDiscordServer(options);
  await server.listen();
  return server;
}

// Re-exported for tests that want to describe events the same way timeout messages do.
export { describeEvent } from './discord-interactions.ts';
