/**
 * Interaction payloads (what Discord sends in INTERACTION_CREATE) and the handle a test uses to
 * observe what the bot did in response. Used by test/support/discord-server.ts.
 */
import { randomBytes } from 'node:crypto';
import type {
  ApiMessage,
  ApiUser,
  AutocompleteChoice,
  InteractionEvent,
  JsonObject,
  ModalData,
  RegisteredCommand,
} from './discord-types.ts';
import { MessageFlag, isObject } from './discord-validation.ts';

// ---------------------------------------------------------------------------------------------
// Snowflakes & permissions
// ---------------------------------------------------------------------------------------------

const DISCORD_EPOCH = 1420070400000n;
let increment = 0n;

/** A snowflake for "now" (so discord.js' createdTimestamp is realistic). */
export function snowflake(): string {
  increment = (increment + 1n) & 0xfffn;
  const worker = BigInt(process.pid & 0x3ff) << 12n;
  return (((BigInt(Date.now()) - DISCORD_EPOCH) << 22n) | worker | increment).toString();
}

const bit = (n: number): bigint => 1n << BigInt(n);

/**
 * What an ordinary member without any special role gets from @everyone in a text channel:
 * create invite, add reactions, view channel, send messages, embed links, attach files, read history,
 * external emojis, connect/speak, change nickname, use application commands, threads, stickers,
 * activities, voice messages, polls, external apps.
 */
export const DEFAULT_MEMBER_PERMISSIONS: bigint = [0, 6, 10, 11, 14, 15, 16, 18, 20, 21, 25, 26, 31, 35, 36, 37, 38, 39, 46, 49, 50]
  .reduce((acc, n) => acc | bit(n), 0n);

/** What the bot typically has in the channel (invited with "send messages, embed links, attach files, read history"). */
export const DEFAULT_APP_PERMISSIONS: bigint = [10, 11, 14, 15, 16, 18, 38].reduce((acc, n) => acc | bit(n), 0n);

// ---------------------------------------------------------------------------------------------
// Inputs
// ---------------------------------------------------------------------------------------------

export interface InteractionUserInput {
  id?: string;
  username?: string;
  global_name?: string | null;
  avatar?: string | null;
}

export interface InteractionBaseInput {
  user?: InteractionUserInput;
  /**
   * The member's computed permissions in the channel, exactly as Discord sends them (decimal string or bigint,
   * e.g. `PermissionFlagsBits.ManageGuild | DEFAULT_MEMBER_PERMISSIONS`). Default: DEFAULT_MEMBER_PERMISSIONS.
   */
  permissions?: string | bigint;
  /** Role ids of the member. Default: none. */
  roles?: string[];
  nick?: string | null;
  /** The guild the interaction comes from; `null` means the user's DM with the bot. Default: the server's guild. */
  guildId?: string | null;
  channelId?: string;
  /** The user's client locale. Default 'en-GB'. */
  locale?: string;
  guildLocale?: string;
  /** The bot's permissions in the channel. Default DEFAULT_APP_PERMISSIONS. */
  appPermissions?: string | bigint;
}

export interface AttachmentInput {
  id?: string;
  filename: string;
  url: string;
  proxy_url?: string;
  content_type?: string;
  size?: number;
  description?: string;
  width?: number;
  height?: number;
}

export type OptionValue = string | number | boolean;

export interface CommandOptionInput {
  name: string;
  /** Application command option type (1 subcommand, 2 group, 3 string, 4 integer, 5 boolean, 10 number, 11 attachment…). Inferred from the registered command or the value when omitted. */
  type?: number;
  value?: OptionValue;
  options?: CommandOptionInput[];
  focused?: boolean;
  /** For attachment options: put into `data.resolved.attachments` and use its id as the value. */
  attachment?: AttachmentInput;
}

/** Options as an array (full control, subcommands) or a `{ name: value }` shorthand for flat options. */
export type CommandOptionsInput = CommandOptionInput[] | Record<string, OptionValue | AttachmentInput>;

export interface CommandInteractionInput extends InteractionBaseInput {
  type: 'command';
  name: string;
  options?: CommandOptionsInput;
  /** Extra `data.resolved` entries (users, members, roles, channels, attachments) merged in. */
  resolved?: JsonObject;
  /**
   * For a message context-menu command (Apps → …): the message it was used on (e.g. from
   * `server.channels.post(...)`). The interaction then has `data.type` 3, `data.target_id` and the
   * message in `data.resolved.messages`, with its content, as Discord sends it whatever the intents.
   */
  targetMessage?: ApiMessage;
}

export interface AutocompleteInteractionInput extends InteractionBaseInput {
  type: 'autocomplete';
  name: string;
  options?: CommandOptionsInput;
  /** Name of the focused option (default: an option already marked focused, else the last one). */
  focused?: string;
}

export interface ButtonInteractionInput extends InteractionBaseInput {
  type: 'button';
  customId: string;
  /** Id of the message the button is on (default: `message.id` or a new id). */
  messageId?: string;
  /** The message the button is on, e.g. a previous `handle.reply()` result. Missing fields are filled in. */
  message?: Partial<ApiMessage> | JsonObject;
}

export interface SelectInteractionInput extends InteractionBaseInput {
  type: 'select';
  customId: string;
  values: string[];
  /** 3 string select (default), 5 user, 6 role, 7 mentionable, 8 channel. */
  componentType?: number;
  messageId?: string;
  message?: Partial<ApiMessage> | JsonObject;
}

export interface ModalSubmitInteractionInput extends InteractionBaseInput {
  type: 'modal';
  customId: string;
  /** Text input values by custom id. */
  fields?: Record<string, string>;
  /** The chosen values of the form's select menus (in labels), by custom id. */
  selects?: Record<string, string[]>;
  /**
   * The modal the bot showed (`await handle.modal()`): the submission mirrors its layout (action rows or
   * labels), and is checked as the Discord client checks it (required inputs, min and max lengths):
   * `interact()` throws for a submission no member could make.
   */
  modal?: ModalData;
  /** Raw `data.components` (overrides `fields`). */
  components?: JsonObject[];
  /** Set when the modal was opened from a message component. */
  message?: Partial<ApiMessage> | JsonObject;
}

export type InteractionInput =
  | CommandInteractionInput
  | AutocompleteInteractionInput
  | ButtonInteractionInput
  | SelectInteractionInput
  | ModalSubmitInteractionInput;

export type InteractionKind = InteractionInput['type'];

// ---------------------------------------------------------------------------------------------
// Payload construction
// ---------------------------------------------------------------------------------------------

export interface PayloadContext {
  applicationId: string;
  guildId: string;
  guildLocale: string;
  channel: JsonObject;
  botUser: ApiUser;
  defaultUser: ApiUser;
  /** The registered command of that name and type (1 slash, the default; 3 message context menu). */
  findCommand(name: string, guildId: string | null, type?: number): RegisteredCommand | undefined;
  /** Remember a user so mentions of them can be resolved later. */
  rememberUser(user: ApiUser): void;
}

function perms(value: string | bigint | undefined, fallback: bigint): string {
  if (value === undefined) return fallback.toString();
  return typeof value === 'bigint' ? value.toString() : BigInt(value).toString();
}

function isAttachmentInput(value: unknown): value is AttachmentInput {
  return isObject(value) && typeof value['url'] === 'string' && typeof value['filename'] === 'string';
}

function attachmentObject(input: AttachmentInput): JsonObject {
  const id = input.id ?? snowflake();
  const out: JsonObject = {
    id,
    filename: input.filename,
    size: input.size ?? 0,
    url: input.url,
    proxy_url: input.proxy_url ?? input.url,
    ephemeral: true,
  };
  if (input.content_type !== undefined) out['content_type'] = input.content_type;
  if (input.description !== undefined) out['description'] = input.description;
  if (input.width !== undefined) out['width'] = input.width;
  if (input.height !== undefined) out['height'] = input.height;
  return out;
}

function inferType(value: unknown, hasOptions: boolean): number {
  if (hasOptions) return 1;
  if (typeof value === 'boolean') return 5;
  if (typeof value === 'number') return Number.isInteger(value) ? 4 : 10;
  return 3;
}

function normaliseOptions(input: CommandOptionsInput | undefined): CommandOptionInput[] {
  if (!input) return [];
  if (Array.isArray(input)) return input;
  return Object.entries(input).map(([name, value]) =>
    isAttachmentInput(value) ? { name, type: 11, attachment: value } : { name, value });
}

function buildOptions(
  inputs: CommandOptionInput[],
  defs: JsonObject[] | undefined,
  resolvedAttachments: JsonObject,
  autocomplete: boolean,
): JsonObject[] {
  return inputs.map((input) => {
    const def = defs?.find((d) => d['name'] === input.name);
    const type = input.type ?? (typeof def?.['type'] === 'number' ? def['type'] : undefined)
      ?? (input.attachment ? 11 : inferType(input.value, input.options !== undefined));
    const out: JsonObject = { name: input.name, type };
    if (type === 1 || type === 2) {
      const childDefs = Array.isArray(def?.['options']) ? (def['options'] as JsonObject[]) : undefined;
      out['options'] = buildOptions(input.options ?? [], childDefs, resolvedAttachments, autocomplete);
      return out;
    }
    if (input.attachment) {
      const attachment = attachmentObject(input.attachment);
      resolvedAttachments[attachment['id'] as string] = attachment;
      out['value'] = attachment['id'];
    } else if (input.value !== undefined) {
      // Autocomplete sends what the user has typed so far for the focused option: always a string.
      out['value'] = autocomplete && input.focused ? String(input.value) : input.value;
    }
    if (input.focused) out['focused'] = true;
    return out;
  });
}

function hasFocused(list: CommandOptionInput[]): boolean {
  return list.some((o) => o.focused === true || (o.options ? hasFocused(o.options) : false));
}

/** Mark the option the user is typing in. Discord always sends it, as a string, possibly empty. */
function markFocused(options: CommandOptionInput[], name: string | undefined): CommandOptionInput[] {
  if (name === undefined && hasFocused(options)) return options;
  const leafLevel = (list: CommandOptionInput[]): CommandOptionInput[] => {
    const sub = list.find((o) => o.options !== undefined || o.type === 1 || o.type === 2);
    if (sub) return list.map((o) => (o === sub ? { ...o, options: leafLevel(o.options ?? []) } : o));
    if (name === undefined) {
      const last = list[list.length - 1];
      return last ? [...list.slice(0, -1), { ...last, focused: true, value: last.value ?? '' }] : list;
    }
    const found = list.some((o) => o.name === name);
    if (!found) return [...list, { name, focused: true, value: '' }];
    return list.map((o) => (o.name === name ? { ...o, focused: true, value: o.value ?? '' } : o));
  };
  return leafLevel(options);
}

function fillMessage(ctx: PayloadContext, message: Partial<ApiMessage> | JsonObject | undefined, messageId: string | undefined,
  defaultComponent: JsonObject | undefined, channelId: string, guildId: string | null): JsonObject {
  const base: JsonObject = {
    id: messageId ?? snowflake(),
    type: 0,
    channel_id: channelId,
    author: ctx.botUser,
    content: '',
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: defaultComponent ? [{ type: 1, components: [defaultComponent] }] : [],
    pinned: false,
    flags: 0,
    webhook_id: ctx.applicationId,
    application_id: ctx.applicationId,
  };
  if (guildId !== null) base['guild_id'] = guildId;
  const merged: JsonObject = { ...base, ...(message ? structuredClone(message) as JsonObject : {}) };
  if (messageId !== undefined) merged['id'] = messageId;
  return merged;
}

/** The text inputs of a modal the bot showed, in action rows or labels. */
function modalTextInputs(modal: ModalData): JsonObject[] {
  return modal.components.flatMap((component) => {
    if (component['type'] === 1 && Array.isArray(component['components'])) return (component['components'] as JsonObject[]).filter((c) => c['type'] === 4);
    if (component['type'] === 18 && isObject(component['component']) && component['component']['type'] === 4) return [component['component']];
    return [];
  });
}

/**
 * What the Discord client enforces before it submits a form: a required input (the default) filled
 * in, lengths within min_length and max_length, and no field the form does not have. A test
 * submitting what no member could is a mistake in the test: it throws.
 */
function checkModalFields(modal: ModalData, fields: Record<string, string>): void {
  const inputs = modalTextInputs(modal);
  for (const key of Object.keys(fields)) {
    if (!inputs.some((i) => i['custom_id'] === key)) throw new Error(`The modal "${modal.custom_id}" has no text input "${key}".`);
  }
  for (const input of inputs) {
    const id = String(input['custom_id']);
    const value = fields[id] ?? '';
    const length = [...value].length;
    const max = typeof input['max_length'] === 'number' ? input['max_length'] : 4000;
    const min = typeof input['min_length'] === 'number' ? input['min_length'] : 0;
    if (input['required'] !== false && value === '') throw new Error(`Discord would not submit the modal "${modal.custom_id}": "${id}" is required.`);
    if (length > max) throw new Error(`Discord would not submit the modal "${modal.custom_id}": "${id}" is ${length} characters, more than its max_length ${max}.`);
    if (value !== '' && length < min) throw new Error(`Discord would not submit the modal "${modal.custom_id}": "${id}" is ${length} characters, less than its min_length ${min}.`);
  }
}

/**
 * What the Discord client enforces for a form's string selects (in labels): a required one (the
 * default) chosen, between min_values and max_values, each value one of its options. A test
 * submitting what no member could throws.
 */
function checkModalSelects(modal: ModalData, selects: Record<string, string[]>): void {
  const menus = modal.components.flatMap((c) => (c['type'] === 18 && isObject(c['component']) && c['component']['type'] === 3 ? [c['component']] : []));
  for (const key of Object.keys(selects)) {
    if (!menus.some((m) => m['custom_id'] === key)) throw new Error(`The modal "${modal.custom_id}" has no select "${key}".`);
  }
  for (const menu of menus) {
    const id = String(menu['custom_id']);
    const values = selects[id] ?? [];
    const options = Array.isArray(menu['options']) ? (menu['options'] as JsonObject[]).map((o) => o['value']) : [];
    const min = typeof menu['min_values'] === 'number' ? menu['min_values'] : 1;
    const max = typeof menu['max_values'] === 'number' ? menu['max_values'] : 1;
    if (values.length === 0 && menu['required'] === false) continue;
    if (values.length < Math.max(1, min) || values.length > max) throw new Error(`Discord would not submit the modal "${modal.custom_id}": "${id}" needs ${min} to ${max} choices, got ${values.length}.`);
    for (const v of values) if (!options.includes(v)) throw new Error(`The select "${id}" of the modal "${modal.custom_id}" has no option "${v}".`);
  }
}

export function buildInteractionPayload(input: InteractionInput, ctx: PayloadContext): { id: string; token: string; payload: JsonObject } {
  const id = snowflake();
  // Real tokens are long opaque base64url strings.
  const token = `aW50ZXJhY3Rpb246${Buffer.from(id).toString('base64url')}${randomBytes(96).toString('base64url')}`;
  const guildId = input.guildId === undefined ? ctx.guildId : input.guildId;
  const inGuild = guildId !== null;
  const channelId = input.channelId ?? (inGuild ? (ctx.channel['id'] as string) : snowflake());
  const userId = input.user?.id ?? ctx.defaultUser.id;
  const user: ApiUser = {
    id: userId,
    username: input.user?.username ?? (userId === ctx.defaultUser.id ? ctx.defaultUser.username : `user_${userId.slice(-6)}`),
    discriminator: '0',
    global_name: input.user?.global_name ?? null,
    avatar: input.user?.avatar ?? null,
    public_flags: 0,
    flags: 0,
    banner: null,
    accent_color: null,
    avatar_decoration_data: null,
    collectibles: null,
    primary_guild: null,
    clan: null,
  };
  ctx.rememberUser(user);
  const memberPermissions = perms(input.permissions, DEFAULT_MEMBER_PERMISSIONS);
  const appPermissions = perms(input.appPermissions, DEFAULT_APP_PERMISSIONS);

  let type: number;
  let data: JsonObject;
  let message: JsonObject | undefined;
  switch (input.type) {
    case 'command':
    case 'autocomplete': {
      type = input.type === 'command' ? 2 : 4;
      const target = input.type === 'command' ? input.targetMessage : undefined;
      const command = ctx.findCommand(input.name, guildId, target === undefined ? 1 : 3);
      const resolvedAttachments: JsonObject = {};
      let optionInputs = normaliseOptions(input.options);
      if (input.type === 'autocomplete') optionInputs = markFocused(optionInputs, input.focused);
      const options = buildOptions(optionInputs, command?.options, resolvedAttachments, input.type === 'autocomplete');
      data = { id: command?.id ?? snowflake(), name: input.name, type: command?.type ?? (target === undefined ? 1 : 3) };
      if (options.length > 0) data['options'] = options;
      if (target !== undefined) {
        data['target_id'] = target.id;
        data['resolved'] = { messages: { [target.id]: structuredClone(target) } };
      }
      if (command?.guild_id !== undefined) data['guild_id'] = command.guild_id;
      const extraResolved = input.type === 'command' ? input.resolved : undefined;
      if (Object.keys(resolvedAttachments).length > 0 || extraResolved) {
        const resolved: JsonObject = { ...(isObject(data['resolved']) ? data['resolved'] : {}), ...(extraResolved ?? {}) };
        if (Object.keys(resolvedAttachments).length > 0) {
          const existing = isObject(resolved['attachments']) ? resolved['attachments'] : {};
          resolved['attachments'] = { ...existing, ...resolvedAttachments };
        }
        data['resolved'] = resolved;
      }
      break;
    }
    case 'button':
    case 'select': {
      type = 3;
      const componentType = input.type === 'button' ? 2 : (input.componentType ?? 3);
      data = { custom_id: input.customId, component_type: componentType };
      if (input.type === 'select') data['values'] = input.values;
      const defaultComponent: JsonObject = input.type === 'button'
        ? { type: 2, style: 1, custom_id: input.customId, label: 'Button' }
        : { type: componentType, custom_id: input.customId, options: input.values.map((v) => ({ label: v, value: v })), min_values: 1, max_values: Math.max(1, input.values.length) };
      message = fillMessage(ctx, input.message, input.messageId, defaultComponent, channelId, guildId);
      break;
    }
    case 'modal': {
      type = 5;
      let components: JsonObject[];
      if (input.components) components = input.components;
      else {
        const fields = input.fields ?? {};
        const layout = input.modal?.components;
        if (input.modal) checkModalFields(input.modal, fields);
        if (input.modal) checkModalSelects(input.modal, input.selects ?? {});
        if (layout && layout.length > 0) {
          components = layout.map((component) => {
            if (component['type'] === 1 && Array.isArray(component['components'])) {
              return {
                type: 1,
                ...(component['id'] !== undefined ? { id: component['id'] } : {}),
                components: (component['components'] as JsonObject[]).map((child) => ({
                  type: child['type'],
                  ...(child['id'] !== undefined ? { id: child['id'] } : {}),
                  custom_id: child['custom_id'],
                  value: fields[child['custom_id'] as string] ?? '',
                })),
              };
            }
            if (component['type'] === 18 && isObject(component['component'])) {
              const child = component['component'];
              const submitted: JsonObject = { type: child['type'], ...(child['id'] !== undefined ? { id: child['id'] } : {}), custom_id: child['custom_id'] };
              if (child['type'] === 4) submitted['value'] = fields[child['custom_id'] as string] ?? '';
              else submitted['values'] = input.selects?.[child['custom_id'] as string] ?? [];
              return { type: 18, ...(component['id'] !== undefined ? { id: component['id'] } : {}), component: submitted };
            }
            return { type: component['type'], ...(component['id'] !== undefined ? { id: component['id'] } : {}) };
          });
        } else {
          components = Object.entries(fields).map(([customId, value]) => ({ type: 1, components: [{ type: 4, custom_id: customId, value }] }));
        }
      }
      data = { custom_id: input.customId, components };
      if (input.message) message = fillMessage(ctx, input.message, undefined, undefined, channelId, guildId);
      break;
    }
  }

  const payload: JsonObject = {
    id,
    application_id: ctx.applicationId,
    type,
    data,
    token,
    version: 1,
    app_permissions: appPermissions,
    locale: input.locale ?? 'en-GB',
    entitlements: [],
    authorizing_integration_owners: { '0': inGuild ? guildId : '0' },
    context: inGuild ? 0 : 1,
    attachment_size_limit: 10 * 1024 * 1024,
    channel_id: channelId,
  };
  if (inGuild) {
    payload['guild_id'] = guildId;
    payload['guild'] = { id: guildId, locale: input.guildLocale ?? ctx.guildLocale, features: [] };
    payload['guild_locale'] = input.guildLocale ?? ctx.guildLocale;
    payload['channel'] = { ...ctx.channel, ...(input.channelId ? { id: input.channelId, name: `channel-${input.channelId.slice(-4)}` } : {}), guild_id: guildId, permissions: memberPermissions };
    payload['member'] = {
      user,
      roles: input.roles ?? [],
      premium_since: null,
      permissions: memberPermissions,
      pending: false,
      nick: input.nick ?? null,
      mute: false,
      deaf: false,
      joined_at: new Date(Date.now() - 30 * 24 * 3600 * 1000).toISOString(),
      flags: 0,
      communication_disabled_until: null,
      avatar: null,
      banner: null,
      unusual_dm_activity_until: null,
      collectibles: null,
    };
  } else {
    payload['user'] = user;
    payload['channel'] = { id: channelId, type: 1, last_message_id: null, flags: 0, recipients: [user] };
  }
  if (message) payload['message'] = message;
  return { id, token, payload };
}

// ---------------------------------------------------------------------------------------------
// The handle
// ---------------------------------------------------------------------------------------------

export interface ReplyOptions {
  timeoutMs?: number;
  /** Keep waiting until the visible original response satisfies this (e.g. the final edit after "Searching…"). */
  match?: (message: ApiMessage) => boolean;
}

export interface FollowUpOptions {
  /** Resolve once at least this many (non-deleted) follow-ups exist. Default 1. */
  count?: number;
  timeoutMs?: number;
}

/** What a test gets back from `server.interact()`. */
export interface InteractionHandle {
  readonly id: string;
  readonly token: string;
  readonly kind: InteractionKind;
  /** The INTERACTION_CREATE `d` payload that was dispatched. */
  readonly payload: JsonObject;
  /** Everything the bot did for this interaction, in order (including rejected requests). */
  readonly events: readonly InteractionEvent[];
  /** Initial callback type (4, 5, 6, 7, 8, 9) or null while unacknowledged. */
  readonly callbackType: number | null;
  readonly acknowledged: boolean;
  /** True when the initial response was a deferral (5 deferred reply, 6 deferred update). */
  readonly deferred: boolean;
  /** Milliseconds between dispatch and the accepted initial callback (Discord allows 3000). */
  readonly ackLatencyMs: number | null;
  /** Current state of the original response (null before any, or after delete). */
  readonly original: ApiMessage | null;
  /** Current follow-up messages (deleted ones excluded). */
  readonly currentFollowUps: readonly ApiMessage[];
  /** Resolves with the first event (existing or future) matching the predicate. */
  waitFor(predicate: (event: InteractionEvent, events: readonly InteractionEvent[]) => boolean, timeoutMs?: number): Promise<InteractionEvent>;
  /** Resolves with the initial callback event. */
  acknowledgement(timeoutMs?: number): Promise<Extract<InteractionEvent, { kind: 'callback' }>>;
  /**
   * The visible original response once it is a real message: a type 4 reply, a type 7 update, or a deferral
   * (5/6) followed by an edit of @original (or, for 5, the first follow-up). Edits are merged in.
   */
  reply(options?: ReplyOptions): Promise<ApiMessage>;
  followUps(options?: FollowUpOptions): Promise<ApiMessage[]>;
  /** Resolves on a type 8 callback. */
  autocompleteChoices(timeoutMs?: number): Promise<AutocompleteChoice[]>;
  /** Resolves on a type 9 callback. */
  modal(timeoutMs?: number): Promise<ModalData>;
  /** Whether the original response is ephemeral (flags & 64). */
  isEphemeral(): boolean;
}

export interface HandleContext {
  defaultTimeoutMs: number;
  /** One line about the server (unexpected requests, violations, gateway state) for timeout messages. */
  describeServer(): string;
}

interface Waiter {
  check(): void;
  fail(error: Error): void;
}

const CALLBACK_NAMES: Record<number, string> = {
  1: 'pong',
  4: 'reply',
  5: 'deferred reply',
  6: 'deferred update',
  7: 'update message',
  8: 'autocomplete result',
  9: 'modal',
  10: 'premium required',
  12: 'launch activity',
};

function short(value: unknown, max = 300): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = String(value);
  }
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

export function describeEvent(event: InteractionEvent, since: number): string {
  const t = `+${event.at - since}ms`;
  switch (event.kind) {
    case 'callback':
      return `${t} callback type ${event.type} (${CALLBACK_NAMES[event.type] ?? 'unknown'}) ${short(event.data)}${event.files.length ? ` +${event.files.length} file(s)` : ''}`;
    case 'edit':
      return `${t} edit ${event.target} ${short(event.data)}`;
    case 'followUp':
      return `${t} follow-up ${event.messageId}${event.ephemeral ? ' (ephemeral)' : ''}${event.replacedDeferred ? ' (filled the deferred reply)' : ''} ${short(event.data)}`;
    case 'delete':
      return `${t} delete ${event.target}`;
    case 'fetch':
      return `${t} fetch ${event.target}`;
    case 'rejected':
      return `${t} REJECTED ${event.method} ${event.path.split('/').map((p) => (p.length > 40 ? `${p.slice(0, 12)}…` : p)).join('/')} → ${event.status} ${event.code} ${event.message} ${short(event.body, 600)}`;
  }
}

export class InteractionRecord implements InteractionHandle {
  readonly events: InteractionEvent[] = [];
  callbackType: number | null = null;
  ackLatencyMs: number | null = null;
  /** Current original response, including deferred "thinking" state. */
  originalMessage: ApiMessage | null = null;
  /** The original response has become a real message (see reply()). */
  originalRealized = false;
  originalDeleted = false;
  readonly followUpMessages = new Map<string, { message: ApiMessage; deleted: boolean }>();
  choices: AutocompleteChoice[] | null = null;
  modalData: ModalData | null = null;
  readonly createdAt = Date.now();
  private readonly waiters = new Set<Waiter>();
  private closedError: Error | null = null;

  readonly id: string;
  readonly token: string;
  readonly kind: InteractionKind;
  readonly label: string;
  readonly payload: JsonObject;
  private readonly ctx: HandleContext;

  constructor(id: string, token: string, kind: InteractionKind, label: string, payload: JsonObject, ctx: HandleContext) {
    this.id = id;
    this.token = token;
    this.kind = kind;
    this.label = label;
    this.payload = payload;
    this.ctx = ctx;
  }

  get interactionType(): number {
    return this.payload['type'] as number;
  }

  get acknowledged(): boolean {
    return this.callbackType !== null;
  }

  get deferred(): boolean {
    return this.callbackType === 5 || this.callbackType === 6;
  }

  get original(): ApiMessage | null {
    return this.originalMessage && !this.originalDeleted ? structuredClone(this.originalMessage) : null;
  }

  get currentFollowUps(): ApiMessage[] {
    return [...this.followUpMessages.values()].filter((f) => !f.deleted).map((f) => structuredClone(f.message));
  }

  isEphemeral(): boolean {
    return ((this.originalMessage?.flags ?? 0) & MessageFlag.Ephemeral) !== 0;
  }

  /** Record an event and wake waiters. */
  push(event: InteractionEvent): void {
    this.events.push(event);
    this.notify();
  }

  notify(): void {
    for (const waiter of [...this.waiters]) waiter.check();
  }

  close(reason: string): void {
    this.closedError = new Error(reason);
    for (const waiter of [...this.waiters]) waiter.fail(new Error(`${reason} while waiting on interaction ${this.label}.\n${this.describeEvents()}`));
  }

  describeEvents(): string {
    if (this.events.length === 0) return 'Events so far: none (the bot did not call the API for this interaction).';
    return `Events so far (${this.events.length}):\n${this.events.map((e, i) => `  ${i + 1}. ${describeEvent(e, this.createdAt)}`).join('\n')}`;
  }

  private until<T>(check: () => T | undefined, timeoutMs: number | undefined, what: string): Promise<T> {
    const stackHolder = new Error();
    const first = check();
    if (first !== undefined) return Promise.resolve(first);
    if (this.closedError) return Promise.reject(this.closedError);
    const ms = timeoutMs ?? this.ctx.defaultTimeoutMs;
    return new Promise<T>((resolve, reject) => {
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter = {
        check: () => {
          let value: T | undefined;
          try {
            value = check();
          } catch (error) {
            finish();
            reject(error instanceof Error ? error : new Error(String(error)));
            return;
          }
          if (value !== undefined) {
            finish();
            resolve(value);
          }
        },
        fail: (error) => {
          finish();
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        finish();
        stackHolder.message = `Timed out after ${ms}ms waiting for ${what} of interaction ${this.label}.\n${this.describeEvents()}\n${this.ctx.describeServer()}`;
        stackHolder.name = 'DiscordServerTimeout';
        reject(stackHolder);
      }, ms);
      this.waiters.add(waiter);
    });
  }

  waitFor(predicate: (event: InteractionEvent, events: readonly InteractionEvent[]) => boolean, timeoutMs?: number): Promise<InteractionEvent> {
    let index = 0;
    return this.until(() => {
      for (; index < this.events.length; index++) {
        const event = this.events[index];
        if (event && predicate(event, this.events)) return event;
      }
      return undefined;
    }, timeoutMs, 'waitFor(predicate)');
  }

  acknowledgement(timeoutMs?: number): Promise<Extract<InteractionEvent, { kind: 'callback' }>> {
    return this.until(() => this.events.find((e): e is Extract<InteractionEvent, { kind: 'callback' }> => e.kind === 'callback'),
      timeoutMs, 'the initial response (acknowledgement)');
  }

  reply(options: ReplyOptions = {}): Promise<ApiMessage> {
    const { match } = options;
    return this.until(() => {
      if (!this.originalRealized || !this.originalMessage || this.originalDeleted) return undefined;
      const snapshot = structuredClone(this.originalMessage);
      if (match && !match(snapshot)) return undefined;
      return snapshot;
    }, options.timeoutMs, match ? 'reply() matching the predicate' : 'reply()');
  }

  followUps(options: FollowUpOptions = {}): Promise<ApiMessage[]> {
    const count = options.count ?? 1;
    return this.until(() => {
      const current = this.currentFollowUps;
      return current.length >= count ? current : undefined;
    }, options.timeoutMs, `followUps() (at least ${count})`);
  }

  autocompleteChoices(timeoutMs?: number): Promise<AutocompleteChoice[]> {
    return this.until(() => (this.choices ? structuredClone(this.choices) : undefined), timeoutMs, 'autocompleteChoices()');
  }

  modal(timeoutMs?: number): Promise<ModalData> {
    return this.until(() => (this.modalData ? structuredClone(this.modalData) : undefined), timeoutMs, 'modal()');
  }
}
