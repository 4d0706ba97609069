/**
 * Shapes shared by the fake Discord server (test/support/discord-server.ts).
 *
 * These are deliberately loose, JSON-level types that mirror the Discord API v10 payloads
 * (snake_case, as on the wire), so tests can assert on exactly what the bot sent.
 */

export type JsonObject = Record<string, unknown>;

export interface ApiUser {
  id: string;
  username: string;
  discriminator: string;
  global_name: string | null;
  avatar: string | null;
  bot?: boolean;
  [key: string]: unknown;
}

export interface ApiEmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface ApiEmbed {
  type?: string;
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  timestamp?: string;
  fields?: ApiEmbedField[];
  footer?: { text: string; icon_url?: string };
  author?: { name: string; url?: string; icon_url?: string };
  image?: { url: string };
  thumbnail?: { url: string };
  [key: string]: unknown;
}

export interface ApiAttachment {
  id: string;
  filename: string;
  size: number;
  url: string;
  proxy_url: string;
  content_type?: string;
  description?: string;
  [key: string]: unknown;
}

/** A message as Discord would return it (and as the bot's users would see it). */
export interface ApiMessage {
  id: string;
  type: number;
  channel_id: string;
  guild_id?: string;
  author: ApiUser;
  content: string;
  timestamp: string;
  edited_timestamp: string | null;
  tts: boolean;
  mention_everyone: boolean;
  mentions: ApiUser[];
  mention_roles: string[];
  attachments: ApiAttachment[];
  embeds: ApiEmbed[];
  components: JsonObject[];
  pinned: boolean;
  flags: number;
  [key: string]: unknown;
}

/** A file the bot uploaded (multipart/form-data `files[n]`). */
export interface UploadedFile {
  field: string;
  name: string;
  contentType: string;
  data: Buffer;
}

export interface AutocompleteChoice {
  name: string;
  value: string | number;
  name_localizations?: Record<string, string> | null;
}

export interface ModalData {
  custom_id: string;
  title: string;
  components: JsonObject[];
  [key: string]: unknown;
}

export type InteractionEvent =
  | {
      kind: 'callback';
      /** Interaction callback type: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 8 autocomplete, 9 modal. */
      type: number;
      data: JsonObject | undefined;
      files: UploadedFile[];
      withResponse: boolean;
      at: number;
    }
  | { kind: 'edit'; target: 'original' | string; messageId: string; data: JsonObject; files: UploadedFile[]; at: number }
  | {
      kind: 'followUp';
      messageId: string;
      data: JsonObject;
      files: UploadedFile[];
      ephemeral: boolean;
      /** True when this was the first follow-up after a deferred reply: Discord uses it to fill the "thinking…" message. */
      replacedDeferred: boolean;
      at: number;
    }
  | { kind: 'delete'; target: 'original' | string; messageId: string; at: number }
  | { kind: 'fetch'; target: 'original' | string; at: number }
  | {
      kind: 'rejected';
      method: string;
      path: string;
      status: number;
      code: number;
      message: string;
      body: unknown;
      at: number;
    };

export interface RecordedRequest {
  method: string;
  /** Path below the API version, e.g. `/interactions/123/abc/callback`. */
  path: string;
  query: string;
  status: number;
  at: number;
  body?: unknown;
  interactionId?: string;
}

export interface ViolationIssue {
  /** Dotted path of the offending field, e.g. `data.embeds.0.title`. */
  path: string;
  code: string;
  message: string;
}

export interface Violation {
  at: number;
  method: string;
  path: string;
  status: number;
  /** Discord JSON error code, e.g. 50035 Invalid Form Body, 40060 already acknowledged. */
  code: number;
  message: string;
  issues: ViolationIssue[];
  interactionId?: string;
}

export interface RegisteredCommand {
  id: string;
  application_id: string;
  version: string;
  type: number;
  name: string;
  description: string;
  options?: JsonObject[];
  guild_id?: string;
  default_member_permissions: string | null;
  [key: string]: unknown;
}

export interface DiscordServerStats {
  /** Gateway connections accepted. */
  connections: number;
  identifies: number;
  resumes: number;
  /** RESUME attempts answered with op 9 (invalid session). */
  invalidSessions: number;
  heartbeats: number;
  /** Dispatches sent (including replays). */
  dispatches: number;
  /** Dispatches re-sent because of a RESUME. */
  replayed: number;
  restRequests: number;
  interactions: number;
  commandRegistrations: number;
}
