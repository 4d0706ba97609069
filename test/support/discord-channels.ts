/**
 * Channels, messages and threads of the local Discord-compatible server (test/support/discord-server.ts):
 * what members post (dispatched over the Gateway as MESSAGE_CREATE, only to a session with the intents
 * Discord requires), and what the bot posts with REST:
 * - `POST /channels/:id/messages` (Create Message), with `message_reference` replies;
 * - `POST /channels/:id/messages/:mid/threads` (Start Thread from Message: the thread has the
 *   message's id, one per message, not in a forum channel; THREAD_CREATE is dispatched). The message
 *   may be a member's, the bot's, or a public interaction response in the channel.
 * Bodies are validated like the interaction routes (limits, allowed_mentions), and every message is
 * kept, so tests can read what a channel or a thread holds.
 * Shapes follow discord.com/developers/docs/resources/message#create-message and
 * /resources/channel#start-thread-from-message.
 */
import type { ApiMessage, ApiUser, JsonObject, ViolationIssue } from './discord-types.ts';
import { snowflake } from './discord-interactions.ts';
import { Issues, isEmptyMessage, isObject, validateMessageBody } from './discord-validation.ts';

/** Gateway intents (discord.com/developers/docs/events/gateway#gateway-intents). */
export const Intent = { Guilds: 1 << 0, GuildMessages: 1 << 9, MessageContent: 1 << 15 } as const;
/** Channel types used here. */
export const ChannelKind = { Text: 0, Announcement: 5, PublicThread: 11, Forum: 15 } as const;

/** A REST error as Discord answers it; the server turns it into its HTTP error (a violation). */
export class ChannelRouteError extends Error {
  readonly error: { status: number; code: number; message: string };
  readonly issues: ViolationIssue[];
  /** 'unexpected': a route this server does not serve (recorded as such, like the server's other unknown routes). */
  readonly kind: 'violation' | 'unexpected';

  constructor(error: { status: number; code: number; message: string }, issues: ViolationIssue[] = [], kind: 'violation' | 'unexpected' = 'violation') {
    super(error.message);
    this.error = error;
    this.issues = issues;
    this.kind = kind;
  }
}

const UNKNOWN_CHANNEL = { status: 404, code: 10003, message: 'Unknown Channel' };
const UNKNOWN_MESSAGE = { status: 404, code: 10008, message: 'Unknown Message' };
const INVALID_FORM = { status: 400, code: 50035, message: 'Invalid Form Body' };
const EMPTY_MESSAGE = { status: 400, code: 50006, message: 'Cannot send an empty message' };
const THREAD_EXISTS = { status: 400, code: 160004, message: 'A thread has already been created for this message' };
const NOT_IN_FORUM = { status: 400, code: 50024, message: 'Cannot execute action on this channel type' };
const AUTO_ARCHIVE = [60, 1440, 4320, 10080];

/** What the channel store needs of the server. */
export interface ChannelHost {
  readonly guildId: string;
  readonly botUser: ApiUser;
  /** The intents of the live bot session, or undefined when none. */
  sessionIntents(): number | undefined;
  /** Sends a dispatch to the live bot session. */
  dispatch(event: string, data: unknown): void;
  /** Fills `mentions`, `mention_roles` and `mention_everyone` from the content and `allowed_mentions`. */
  computeMentions(message: ApiMessage, allowed: unknown): void;
  /** Remembers a user so mentions of them resolve. */
  rememberUser(user: ApiUser): void;
  /** A public interaction response in the channel (a message of it too), or undefined. */
  interactionMessage?(channelId: string, messageId: string): ApiMessage | undefined;
}

export interface PostInput {
  content: string;
  author?: Partial<ApiUser> & { id: string };
  /** Reply to this message of the channel. */
  replyTo?: string;
}

/** The channels of the guild and what they hold. */
export class FakeChannels {
  readonly #host: ChannelHost;
  readonly #channels = new Map<string, JsonObject>();
  readonly #messages = new Map<string, ApiMessage[]>();

  constructor(host: ChannelHost) {
    this.#host = host;
  }

  /** Registers a channel that already exists (the guild's default channel, sent in GUILD_CREATE). */
  register(channel: JsonObject): void {
    this.#channels.set(String(channel['id']), channel);
  }

  /** Creates a text (0), announcement (5) or forum (15) channel, as an admin does: CHANNEL_CREATE is dispatched. Returns its id. */
  create(type: number, name: string): string {
    const id = snowflake();
    const channel: JsonObject = {
      id, type, guild_id: this.#host.guildId, name, position: this.#channels.size, parent_id: null, topic: null, nsfw: false,
      last_message_id: null, rate_limit_per_user: 0, flags: 0, permission_overwrites: [],
      ...(type === ChannelKind.Forum && { available_tags: [], default_reaction_emoji: null, default_sort_order: null, default_forum_layout: 0, default_thread_rate_limit_per_user: 0 }),
    };
    this.register(channel);
    this.#host.dispatch('CHANNEL_CREATE', channel);
    return id;
  }

  /** The guild's channels (not threads), as GUILD_CREATE lists them. */
  guildChannels(): JsonObject[] {
    return [...this.#channels.values()].filter((c) => c['type'] !== ChannelKind.PublicThread).map((c) => structuredClone(c));
  }

  /** The channel object, or undefined. */
  channel(id: string): JsonObject | undefined {
    return this.#channels.get(id);
  }

  /** Every message of a channel or thread, oldest first (members' and the bot's). */
  messagesIn(channelId: string): ApiMessage[] {
    return [...(this.#messages.get(channelId) ?? [])];
  }

  /** The threads of a channel. */
  threadsOf(parentId: string): JsonObject[] {
    return [...this.#channels.values()].filter((c) => c['parent_id'] === parentId && c['type'] === ChannelKind.PublicThread);
  }

  /**
   * A member posts in a channel or thread: the message is kept and MESSAGE_CREATE is dispatched, only
   * if the bot's session has the Guild Messages intent, and with the content, embeds, attachments and
   * components emptied unless it has Message Content (or the bot is mentioned), as Discord does.
   */
  post(channelId: string, input: PostInput): ApiMessage {
    return this.#post(channelId, input, snowflake());
  }

  #post(channelId: string, input: PostInput, id: string): ApiMessage {
    if (!this.#channels.has(channelId)) throw new Error(`No channel ${channelId} on the fake server: create it first.`);
    const author: ApiUser = { username: `user_${input.author?.id.slice(-6) ?? 'member'}`, discriminator: '0', global_name: null, avatar: null, public_flags: 0, flags: 0, ...input.author, id: input.author?.id ?? '1300000000000000010' };
    this.#host.rememberUser(author);
    const message: ApiMessage = { ...this.#newMessage(channelId, author, input.content), id };
    if (input.replyTo !== undefined) {
      message.type = 19;
      message['message_reference'] = { type: 0, message_id: input.replyTo, channel_id: channelId, guild_id: this.#host.guildId };
    }
    this.#host.computeMentions(message, undefined);
    this.#keep(message);
    this.#dispatchMessage(message);
    return message;
  }

  /**
   * A member opens a new forum thread: THREAD_CREATE (newly created) is dispatched, then its first
   * message, which has the thread's id, as MESSAGE_CREATE. Returns the thread and the message.
   */
  startForumPost(forumId: string, title: string, input: PostInput): { thread: JsonObject; message: ApiMessage } {
    const forum = this.#channels.get(forumId);
    if (forum?.['type'] !== ChannelKind.Forum) throw new Error(`${forumId} is not a forum channel of the fake server.`);
    const id = snowflake();
    const thread = this.#thread(id, forumId, title, input.author?.id ?? '1300000000000000010');
    this.register(thread);
    this.#host.dispatch('THREAD_CREATE', { ...thread, newly_created: true, member: { id, user_id: thread['owner_id'], join_timestamp: new Date().toISOString(), flags: 0 } });
    // The starter message of a forum thread has the thread's id.
    return { thread, message: this.#post(id, input, id) };
  }

  /** REST: the `channels/...` routes (segments after `channels`). */
  route(method: string, s: readonly string[], json: unknown): { status: number; body?: unknown } {
    const [channelId, what, messageId, sub] = s;
    const create = what === 'messages' && s.length === 2 && method === 'POST';
    const thread = what === 'messages' && messageId !== undefined && sub === 'threads' && s.length === 4 && method === 'POST';
    if (!create && !thread) throw new ChannelRouteError({ status: 404, code: 0, message: '404: Not Found' }, [], 'unexpected');
    const channel = channelId === undefined ? undefined : this.#channels.get(channelId);
    if (channelId === undefined || channel === undefined) throw new ChannelRouteError(UNKNOWN_CHANNEL);
    if (create) return { status: 200, body: this.#createMessage(channelId, json) };
    return { status: 201, body: this.#startThread(channel, messageId ?? '', json) };
  }

  #createMessage(channelId: string, json: unknown): ApiMessage {
    if (!isObject(json)) throw new ChannelRouteError(INVALID_FORM, [{ path: '', code: 'MODEL_TYPE_CONVERT', message: 'Only dictionaries may be used in a ModelType' }]);
    if (this.#channels.get(channelId)?.['type'] === ChannelKind.Forum) throw new ChannelRouteError(NOT_IN_FORUM);
    const issues = new Issues();
    validateMessageBody(json, '', issues, { files: 0 });
    const reference = json['message_reference'];
    let referenced: ApiMessage | undefined;
    if (reference !== undefined) {
      if (!isObject(reference) || typeof reference['message_id'] !== 'string') issues.add('message_reference.message_id', 'BASE_TYPE_REQUIRED', 'This field is required');
      else {
        const refChannel = typeof reference['channel_id'] === 'string' ? reference['channel_id'] : channelId;
        referenced = this.#messages.get(refChannel)?.find((m) => m.id === reference['message_id']);
        if (referenced === undefined && reference['fail_if_not_exists'] !== false) {
          issues.add('message_reference', 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE', 'Unknown message');
        }
      }
    }
    if (!issues.empty) throw new ChannelRouteError(INVALID_FORM, issues.list);
    if (isEmptyMessage({ ...json, attachments: [] })) throw new ChannelRouteError(EMPTY_MESSAGE);
    const message = this.#newMessage(channelId, this.#host.botUser, typeof json['content'] === 'string' ? json['content'] : '');
    message.embeds = Array.isArray(json['embeds']) ? (json['embeds'] as JsonObject[]).map((e) => ({ type: 'rich', ...structuredClone(e) })) : [];
    message.components = Array.isArray(json['components']) ? structuredClone(json['components'] as JsonObject[]) : [];
    message['allowed_mentions'] = json['allowed_mentions'];
    this.#host.computeMentions(message, json['allowed_mentions']);
    if (referenced !== undefined) {
      message.type = 19;
      message['message_reference'] = { type: 0, message_id: referenced.id, channel_id: referenced.channel_id, guild_id: this.#host.guildId };
      message['referenced_message'] = referenced;
      // A reply pings its author unless allowed_mentions says replied_user: false (the default when allowed_mentions is given).
      const allowed = json['allowed_mentions'];
      const pings = allowed === undefined || (isObject(allowed) && allowed['replied_user'] === true);
      if (pings && !message.mentions.some((u) => u.id === referenced.author.id)) message.mentions.push(referenced.author);
    }
    this.#keep(message);
    this.#dispatchMessage(message);
    return message;
  }

  #startThread(channel: JsonObject, messageId: string, json: unknown): JsonObject {
    const channelId = String(channel['id']);
    if (channel['type'] !== ChannelKind.Text && channel['type'] !== ChannelKind.Announcement) throw new ChannelRouteError(NOT_IN_FORUM);
    const message = this.#messages.get(channelId)?.find((m) => m.id === messageId) ?? this.#host.interactionMessage?.(channelId, messageId);
    if (message === undefined) throw new ChannelRouteError(UNKNOWN_MESSAGE);
    const issues = new Issues();
    const body = isObject(json) ? json : {};
    issues.between('name', body['name'], 1, 100);
    if (body['auto_archive_duration'] !== undefined && !AUTO_ARCHIVE.includes(body['auto_archive_duration'] as number)) {
      issues.add('auto_archive_duration', 'BASE_TYPE_CHOICES', `Value must be one of {${AUTO_ARCHIVE.join(', ')}}.`);
    }
    if (!issues.empty) throw new ChannelRouteError(INVALID_FORM, issues.list);
    // The thread has the message's id: one thread per message.
    if (this.#channels.has(messageId)) throw new ChannelRouteError(THREAD_EXISTS);
    const thread = this.#thread(messageId, channelId, String(body['name']), this.#host.botUser.id, body['auto_archive_duration'] as number | undefined);
    this.register(thread);
    message['thread'] = thread;
    this.#host.dispatch('THREAD_CREATE', { ...thread, newly_created: true });
    return thread;
  }

  #thread(id: string, parentId: string, name: string, ownerId: string, autoArchive = 4320): JsonObject {
    return {
      id, type: ChannelKind.PublicThread, guild_id: this.#host.guildId, parent_id: parentId, owner_id: ownerId, name,
      last_message_id: null, message_count: 0, member_count: 1, total_message_sent: 0, rate_limit_per_user: 0, flags: 0,
      thread_metadata: { archived: false, auto_archive_duration: autoArchive, archive_timestamp: new Date().toISOString(), locked: false, create_timestamp: new Date().toISOString() },
    };
  }

  #newMessage(channelId: string, author: ApiUser, content: string): ApiMessage {
    return {
      id: snowflake(), type: 0, channel_id: channelId, guild_id: this.#host.guildId, author, content,
      timestamp: new Date().toISOString(), edited_timestamp: null, tts: false, mention_everyone: false, mentions: [], mention_roles: [],
      attachments: [], embeds: [], components: [], pinned: false, flags: 0,
    };
  }

  #keep(message: ApiMessage): void {
    const list = this.#messages.get(message.channel_id) ?? [];
    list.push(message);
    this.#messages.set(message.channel_id, list);
  }

  /** MESSAGE_CREATE as Discord sends it: only with Guild Messages; content only with Message Content (or a mention of the bot, or the bot's own). */
  #dispatchMessage(message: ApiMessage): void {
    const intents = this.#host.sessionIntents();
    if (intents === undefined || (intents & Intent.GuildMessages) === 0) return;
    const readable = (intents & Intent.MessageContent) !== 0 || message.author.id === this.#host.botUser.id || message.mentions.some((u) => u.id === this.#host.botUser.id);
    const visible: JsonObject = { ...message };
    delete visible['allowed_mentions'];
    const payload = readable ? visible : { ...visible, content: '', embeds: [], attachments: [], components: [] };
    this.#host.dispatch('MESSAGE_CREATE', { ...payload, member: { roles: [], joined_at: new Date().toISOString(), deaf: false, mute: false, flags: 0 } });
  }
}
