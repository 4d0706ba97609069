/**
 * Proves test/support/discord-server.ts against the real discord.js Client: login, interactions of every
 * kind, command registration, limits, resume after a dropped gateway connection and a bad token.
 */
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  ModalBuilder,
  PermissionFlagsBits,
  REST,
  Routes,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import type { Interaction } from 'discord.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MEMBER_PERMISSIONS, startDiscordServer } from '../support/discord-server.ts';
import type { DiscordServer } from '../support/discord-server.ts';

type Handler = (interaction: Interaction) => Promise<void>;

function once<T>(register: (resolve: (value: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve) => register(resolve));
}

async function loggedInClient(server: DiscordServer): Promise<Client> {
  const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: server.apiUrl } });
  const ready = once<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  await client.login(server.token);
  await ready;
  await server.waitForSession();
  return client;
}

describe('fake Discord server with the real discord.js client', () => {
  let server: DiscordServer;
  let client: Client;
  let handler: Handler = async () => {};
  const handlerErrors: unknown[] = [];

  beforeAll(async () => {
    server = await startDiscordServer();
    client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: server.apiUrl } });
    client.on(Events.InteractionCreate, (interaction) => {
      handler(interaction).catch((error: unknown) => handlerErrors.push(error));
    });
    const ready = once<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
    await client.login(server.token);
    await ready;
    await server.waitForSession();
  });

  afterEach(() => {
    handler = async () => {};
    const errors = handlerErrors.splice(0);
    expect(errors).toEqual([]);
    expect(server.problems()).toEqual([]);
  });

  afterAll(async () => {
    await client?.destroy();
    await server?.close();
  });

  it('logs in: READY + GUILD_CREATE give a ready client with the guild, its channel and the bot member', () => {
    expect(client.isReady()).toBe(true);
    expect(client.user?.id).toBe(server.applicationId);
    expect(client.user?.bot).toBe(true);
    expect(client.application?.id).toBe(server.applicationId);
    const guild = client.guilds.cache.get(server.guildId);
    expect(guild?.available).toBe(true);
    expect(guild?.channels.cache.get(server.channelId)?.isTextBased()).toBe(true);
    expect(guild?.roles.everyone.id).toBe(server.guildId);
    expect(guild?.members.me?.id).toBe(server.applicationId);
    expect(server.stats.identifies).toBe(1);
    expect(server.identifies[0]?.intents).toBe(GatewayIntentBits.Guilds);
  });

  it('reply() with content, an embed and allowedMentions', async () => {
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const question = interaction.options.getString('question', true);
      await interaction.reply({
        content: `<@${interaction.user.id}> asked: ${question} @everyone`,
        embeds: [new EmbedBuilder().setTitle('Answer').setDescription('Verbatim excerpt.').addFields({ name: 'Source', value: 'Report, p. 3' })],
        allowedMentions: { parse: [] },
      });
    };
    const h = server.interact({ type: 'command', name: 'ask', options: { question: 'What did Ofsted find?' } });
    const reply = await h.reply();
    expect(reply.content).toBe(`<@${server.defaultUser.id}> asked: What did Ofsted find? @everyone`);
    expect(reply.embeds).toHaveLength(1);
    expect(reply.embeds[0]).toMatchObject({ title: 'Answer', description: 'Verbatim excerpt.', fields: [{ name: 'Source', value: 'Report, p. 3' }] });
    expect(reply.mentions).toEqual([]);
    expect(reply.mention_everyone).toBe(false);
    expect(h.isEphemeral()).toBe(false);
    expect(h.deferred).toBe(false);
    expect(h.callbackType).toBe(4);
    const callback = await h.acknowledgement();
    expect(callback.data?.['allowed_mentions']).toEqual({ parse: [] });
    expect(h.ackLatencyMs).toBeLessThan(3000);
  });

  it('without allowedMentions the same content would ping (mentions are computed like Discord does)', async () => {
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply(`<@${interaction.user.id}> hi @everyone`);
    };
    const reply = await server.interact({ type: 'command', name: 'ping' }).reply();
    expect(reply.mentions.map((u) => u.id)).toEqual([server.defaultUser.id]);
    expect(reply.mention_everyone).toBe(true);
  });

  it('deferReply (ephemeral) + editReply', async () => {
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply('Searching…');
      await interaction.editReply({ content: 'Found 3 excerpts.' });
    };
    const h = server.interact({ type: 'command', name: 'ask', options: { question: 'x' } });
    const final = await h.reply({ match: (m) => m.content.startsWith('Found') });
    expect(final.content).toBe('Found 3 excerpts.');
    expect(h.deferred).toBe(true);
    expect(h.isEphemeral()).toBe(true);
    expect(final.flags & MessageFlags.Loading).toBe(0);
    expect(h.events.map((e) => e.kind)).toEqual(['callback', 'edit', 'edit']);
  });

  it('followUp after deferReply fills the deferred message; later follow-ups are new messages (ephemeral honoured)', async () => {
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.deferReply();
      await interaction.followUp('The answer.');
      await interaction.followUp({ content: 'Only you can see this.', flags: MessageFlags.Ephemeral });
    };
    const h = server.interact({ type: 'command', name: 'ask' });
    const followUps = await h.followUps();
    expect(followUps).toHaveLength(1);
    expect(followUps[0]?.content).toBe('Only you can see this.');
    expect((followUps[0]?.flags ?? 0) & MessageFlags.Ephemeral).toBe(MessageFlags.Ephemeral);
    expect((await h.reply()).content).toBe('The answer.');
    const first = h.events.find((e) => e.kind === 'followUp');
    expect(first).toMatchObject({ kind: 'followUp', replacedDeferred: true, ephemeral: false });
  });

  it('reply + ephemeral followUp, fetchReply and deleteReply', async () => {
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply('Public answer');
      const follow = await interaction.followUp({ content: 'Private note', flags: MessageFlags.Ephemeral });
      expect(follow.flags.has(MessageFlags.Ephemeral)).toBe(true);
      const fetched = await interaction.fetchReply();
      expect(fetched.content).toBe('Public answer');
      await interaction.deleteReply();
    };
    const h = server.interact({ type: 'command', name: 'ask' });
    await h.waitFor((e) => e.kind === 'delete');
    expect(h.original).toBeNull();
    expect(h.currentFollowUps.map((m) => m.content)).toEqual(['Private note']);
    expect(h.events.map((e) => e.kind)).toEqual(['callback', 'followUp', 'fetch', 'delete']);
  });

  it('reply with withResponse: true gets the callback response resource', async () => {
    let content: string | undefined;
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const response = await interaction.reply({ content: 'with response', withResponse: true });
      content = response.resource?.message?.content;
    };
    const h = server.interact({ type: 'command', name: 'ask' });
    await h.reply();
    await h.waitFor((e) => e.kind === 'callback' && e.withResponse);
    await expect.poll(() => content).toBe('with response');
  });

  it('autocomplete respond() with choices', async () => {
    handler = async (interaction) => {
      if (!interaction.isAutocomplete()) return;
      const focused = interaction.options.getFocused(true);
      const schools = ['Abbey School', 'Abbots Grove', 'Bramley Academy'];
      await interaction.respond(schools.filter((s) => s.toLowerCase().startsWith(focused.value.toLowerCase())).map((s) => ({ name: s, value: s })));
    };
    const h = server.interact({ type: 'autocomplete', name: 'school', options: { name: 'ab' }, focused: 'name' });
    expect(await h.autocompleteChoices()).toEqual([
      { name: 'Abbey School', value: 'Abbey School' },
      { name: 'Abbots Grove', value: 'Abbots Grove' },
    ]);
    const data = h.payload['data'] as { options: { focused?: boolean; value: unknown }[] };
    expect(data.options[0]).toMatchObject({ focused: true, value: 'ab' });
  });

  it('button update() edits the message the button is on', async () => {
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.reply({
          content: 'Page 1',
          components: [new ActionRowBuilder<ButtonBuilder>().addComponents(new ButtonBuilder().setCustomId('page:2').setLabel('Next').setStyle(ButtonStyle.Primary))],
        });
      } else if (interaction.isButton()) {
        expect(interaction.message.content).toBe('Page 1');
        await interaction.update({ content: `Page ${interaction.customId.split(':')[1]}`, components: [] });
      }
    };
    const first = await server.interact({ type: 'command', name: 'ask' }).reply();
    const button = server.interact({ type: 'button', customId: 'page:2', message: first });
    const updated = await button.reply();
    expect(updated.id).toBe(first.id);
    expect(updated.content).toBe('Page 2');
    expect(updated.components).toEqual([]);
    expect(button.callbackType).toBe(7);
  });

  it('showModal, then a modal submit is answered', async () => {
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.showModal(new ModalBuilder().setCustomId('feedback').setTitle('Feedback').addComponents(
          new ActionRowBuilder<TextInputBuilder>().addComponents(
            new TextInputBuilder().setCustomId('comment').setLabel('Your comment').setStyle(TextInputStyle.Paragraph),
          ),
        ));
      } else if (interaction.isModalSubmit()) {
        await interaction.reply({ content: `Thanks: ${interaction.fields.getTextInputValue('comment')}`, flags: MessageFlags.Ephemeral });
      }
    };
    const modal = await server.interact({ type: 'command', name: 'feedback' }).modal();
    expect(modal.custom_id).toBe('feedback');
    expect(modal.title).toBe('Feedback');
    const submit = server.interact({ type: 'modal', customId: modal.custom_id, modal, fields: { comment: 'Very helpful' } });
    expect((await submit.reply()).content).toBe('Thanks: Very helpful');
    expect(submit.isEphemeral()).toBe(true);
  });

  it('registers commands through client.application.commands.set and REST PUT; interactions carry the registered id', async () => {
    const defs = [
      { name: 'ask', description: 'Ask a question', options: [{ type: 3, name: 'question', description: 'Your question', required: true }] },
      { name: 'school', description: 'Look up a school', options: [{ type: 3, name: 'name', description: 'School', required: true, autocomplete: true }] },
    ];
    const guildCommands = await client.application?.commands.set(defs, server.guildId);
    expect(guildCommands?.size).toBe(2);
    expect(server.registeredCommands(server.guildId).map((c) => c.name)).toEqual(['ask', 'school']);

    const rest = new REST({ api: server.apiUrl }).setToken(server.token);
    await rest.put(Routes.applicationCommands(server.applicationId), { body: [{ name: 'help', description: 'Help' }] });
    expect(server.registeredCommands('global').map((c) => c.name)).toEqual(['help']);
    expect(server.registeredCommands().map((c) => c.name).sort()).toEqual(['ask', 'help', 'school']);
    expect(server.stats.commandRegistrations).toBe(2);

    let seen: { commandId: string; commandGuildId: string | null; question: string } | undefined;
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      seen = { commandId: interaction.commandId, commandGuildId: interaction.commandGuildId, question: interaction.options.getString('question', true) };
      await interaction.reply('ok');
    };
    await server.interact({ type: 'command', name: 'ask', options: { question: 'typed from the registration' } }).reply();
    const registeredAsk = server.registeredCommands(server.guildId).find((c) => c.name === 'ask');
    expect(seen).toEqual({ commandId: registeredAsk?.id, commandGuildId: server.guildId, question: 'typed from the registration' });

    // Re-registering keeps ids; an invalid definition is rejected like Discord does.
    await client.application?.commands.set(defs, server.guildId);
    expect(server.registeredCommands(server.guildId).find((c) => c.name === 'ask')?.id).toBe(registeredAsk?.id);
    await expect(rest.put(Routes.applicationCommands(server.applicationId), { body: [{ name: 'Bad Name', description: 'x' }] }))
      .rejects.toMatchObject({ code: 50035 });
    expect(server.violations).toHaveLength(1);
    expect(server.violations[0]?.issues[0]).toMatchObject({ path: '0.name', code: 'APPLICATION_COMMAND_INVALID_NAME' });
    server.clearRecords();
  });

  it('subcommands, attachment options, member permissions, locale and DMs reach discord.js correctly', async () => {
    const attachment = server.serveAttachment('report.txt', 'Inspection report text', 'text/plain');
    let seen: Record<string, unknown> = {};
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const file = interaction.options.getAttachment('file');
      const body = file ? await (await fetch(file.url)).text() : null;
      seen = {
        sub: interaction.options.getSubcommand(false),
        file: file?.name,
        body,
        manageGuild: interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild) ?? null,
        inGuild: interaction.inGuild(),
        locale: interaction.locale,
        user: interaction.user.username,
      };
      await interaction.reply('ok');
    };
    await server.interact({
      type: 'command',
      name: 'admin',
      options: [{ name: 'upload', type: 1, options: [{ name: 'file', attachment }] }],
      permissions: DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild,
      locale: 'cy',
    }).reply();
    expect(seen).toEqual({ sub: 'upload', file: 'report.txt', body: 'Inspection report text', manageGuild: true, inGuild: true, locale: 'cy', user: server.defaultUser.username });

    await server.interact({ type: 'command', name: 'admin', guildId: null, user: { id: '1300000000000000099', username: 'dm.user' } }).reply();
    expect(seen).toMatchObject({ sub: null, manageGuild: null, inGuild: false, user: 'dm.user' });

    await server.interact({ type: 'command', name: 'admin' }).reply();
    expect(seen).toMatchObject({ manageGuild: false });
  });

  it('multipart uploads become attachments served by the server', async () => {
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        await interaction.reply({ content: 'Here is the excerpt', files: [{ attachment: Buffer.from('excerpt text'), name: 'excerpt.txt' }] });
      }
    };
    const h = server.interact({ type: 'command', name: 'ask' });
    const reply = await h.reply();
    expect(reply.attachments).toHaveLength(1);
    expect(reply.attachments[0]).toMatchObject({ filename: 'excerpt.txt', size: 12 });
    const url = reply.attachments[0]?.url ?? '';
    expect(server.file(url)?.body.toString()).toBe('excerpt text');
    expect(await (await fetch(url)).text()).toBe('excerpt text');
    const callback = await h.acknowledgement();
    expect(callback.files.map((f) => f.name)).toEqual(['excerpt.txt']);
  });

  it('messages breaking Discord limits are rejected with 50035 and recorded as violations', async () => {
    const errors: unknown[] = [];
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) {
        const embeds = Array.from({ length: 11 }, (_, i) => new EmbedBuilder().setDescription(`Excerpt ${i}`));
        try {
          await interaction.reply({ embeds });
        } catch (error) {
          errors.push(error);
          await interaction.reply({ content: 'x'.repeat(2001) }).catch((e: unknown) => errors.push(e));
          await interaction.reply({ content: 'Too many results; showing the first 10.', embeds: embeds.slice(0, 10) });
        }
      } else if (interaction.isAutocomplete()) {
        await interaction.respond(Array.from({ length: 26 }, (_, i) => ({ name: `Choice ${i}`, value: `c${i}` }))).catch((e: unknown) => errors.push(e));
      }
    };
    const h = server.interact({ type: 'command', name: 'ask' });
    const reply = await h.reply();
    expect(reply.embeds).toHaveLength(10);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBeInstanceOf(DiscordAPIError);
    expect(errors[0]).toMatchObject({ code: 50035, status: 400, rawError: { errors: { data: { embeds: { _errors: [{ code: 'BASE_TYPE_MAX_LENGTH' }] } } } } });
    expect(errors[1]).toMatchObject({ code: 50035, rawError: { errors: { data: { content: { _errors: [{ message: 'Must be 2000 or fewer in length.' }] } } } } });
    expect(h.events.filter((e) => e.kind === 'rejected')).toHaveLength(2);

    const auto = server.interact({ type: 'autocomplete', name: 'school', options: { name: 'a' } });
    await auto.waitFor((e) => e.kind === 'rejected');
    await expect.poll(() => errors.length).toBe(3);
    expect(errors[2]).toMatchObject({ code: 50035 });

    expect(server.violations.map((v) => v.issues[0]?.path)).toEqual(['data.embeds', 'data.content', 'data.choices']);
    expect(server.violations.every((v) => v.code === 50035)).toBe(true);
    server.clearRecords();
  });

  it('a second initial response is rejected with 40060', async () => {
    let error: unknown;
    handler = async (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      await interaction.reply('first');
      // discord.js refuses a second reply() itself, so go straight to the API like a buggy bot could.
      await client.rest.post(Routes.interactionCallback(interaction.id, interaction.token), { body: { type: 4, data: { content: 'second' } }, auth: false })
        .catch((e: unknown) => {
          error = e;
        });
    };
    const h = server.interact({ type: 'command', name: 'ask' });
    await h.waitFor((e) => e.kind === 'rejected');
    expect((await h.reply()).content).toBe('first');
    await expect.poll(() => error).toMatchObject({ code: 40060 });
    expect(server.violations).toMatchObject([{ code: 40060, interactionId: h.id }]);
    server.clearRecords();
  });

  it('calls to routes the server does not know are answered 404 and recorded', async () => {
    await expect(client.channels.fetch('1300000000000000999')).rejects.toMatchObject({ status: 404 });
    expect(server.unexpectedRequests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /channels/1300000000000000999']);
    server.clearRecords();
  });

  it('timeouts explain what the bot did', async () => {
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.deferReply();
    };
    const h = server.interact({ type: 'command', name: 'ask' });
    await h.acknowledgement();
    const error = await h.reply({ timeoutMs: 300 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toMatch(/Timed out after 300ms waiting for reply\(\) of interaction \d+ \(command \/ask\)/);
    expect((error as Error).message).toMatch(/callback type 5 \(deferred reply\)/);
  });

  it('a dropped gateway connection is resumed and interactions sent meanwhile are replayed and answered', async () => {
    handler = async (interaction) => {
      if (interaction.isChatInputCommand()) await interaction.reply('still here');
    };
    for (const code of [4000, 1006]) {
      const resumesBefore = server.stats.resumes;
      const resumed = once<void>((resolve) => client.once(Events.ShardResume, () => resolve()));
      expect(server.dropConnections(code)).toBe(1);
      expect(server.connected).toBe(false);
      const h = server.interact({ type: 'command', name: 'ask' });
      await resumed;
      expect((await h.reply({ timeoutMs: 15_000 })).content).toBe('still here');
      expect(server.stats.resumes).toBe(resumesBefore + 1);
      expect(server.connected).toBe(true);
    }
    expect(server.stats.resumes).toBeGreaterThanOrEqual(2);
    expect(server.stats.replayed).toBeGreaterThanOrEqual(2);
    expect(server.stats.identifies).toBe(1);
  });
});

describe('fake Discord server: login failures, latency and heartbeats', () => {
  let server: DiscordServer;
  const clients: Client[] = [];

  beforeAll(async () => {
    server = await startDiscordServer({ latencyMs: 25, heartbeatIntervalMs: 250 });
  });

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.destroy()));
    await server?.close();
  });

  it('an invalid token makes client.login reject with TokenInvalid', async () => {
    const client = new Client({ intents: [GatewayIntentBits.Guilds], rest: { api: server.apiUrl } });
    clients.push(client);
    await expect(client.login('not-the-token')).rejects.toMatchObject({ code: 'TokenInvalid' });
    expect(server.stats.identifies).toBe(0);
    expect(server.requests.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(['GET /gateway/bot 401']);
    expect(() => server.interact({ type: 'command', name: 'ask' })).toThrow(/No bot session/);
  });

  it('works with simulated latency and answers heartbeats', async () => {
    const client = await loggedInClient(server);
    clients.push(client);
    const acked = once<void>((resolve) => {
      const listener = (message: string): void => {
        if (message.includes('Heartbeat acknowledged')) {
          client.off(Events.Debug, listener);
          resolve();
        }
      };
      client.on(Events.Debug, listener);
    });
    client.on(Events.InteractionCreate, (interaction) => {
      if (interaction.isChatInputCommand()) void interaction.reply('slow but fine').catch(() => {});
    });
    const started = Date.now();
    const h = server.interact({ type: 'command', name: 'ask' });
    expect((await h.reply()).content).toBe('slow but fine');
    expect(Date.now() - started).toBeGreaterThanOrEqual(20);
    await acked;
    expect(server.stats.heartbeats).toBeGreaterThanOrEqual(1);
    expect(server.problems()).toEqual([]);
  });

  it('a non-resumable drop makes RESUME fail with op 9; the client identifies again and keeps answering', async () => {
    const client = clients[clients.length - 1];
    if (!client) throw new Error('previous test did not log in');
    const identifiesBefore = server.stats.identifies;
    server.dropConnections(4000, { resumable: false });
    // discord.js throttles identifies to one per 5 s per bucket, so this can take ~6.5 s.
    await server.waitForSession(20_000);
    expect(server.stats.invalidSessions).toBe(1);
    expect(server.stats.identifies).toBe(identifiesBefore + 1);
    const h = server.interact({ type: 'command', name: 'ask' });
    expect((await h.reply({ timeoutMs: 15_000 })).content).toBe('slow but fine');
    expect(server.problems()).toEqual([]);
  }, 40_000);
});
