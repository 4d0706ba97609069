/**
 * replyWhenReady: one REST call (the interaction's own response) when the answer is ready in time,
 * a deferral then an edit when it is not. Ordering only: no wall-clock limits.
 */
import { MessageFlags, type ChatInputCommandInteraction } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { replyWhenReady } from '../../../src/bot/send.ts';
import type { Reply } from '../../../src/replies/reply.ts';

/** What replyWhenReady and sendReply use of an interaction, recording each call in order. */
function fakeInteraction(): { interaction: ChatInputCommandInteraction; calls: { call: string; flags?: unknown }[]; deferred: Promise<void> } {
  const calls: { call: string; flags?: unknown }[] = [];
  let resolveDeferred: () => void = () => {};
  const deferred = new Promise<void>((resolve) => (resolveDeferred = resolve));
  const state = { deferred: false, replied: false };
  const interaction = {
    get deferred() {
      return state.deferred;
    },
    get replied() {
      return state.replied;
    },
    deferReply: async (options: { flags?: unknown }) => {
      calls.push({ call: 'deferReply', flags: options.flags });
      state.deferred = true;
      resolveDeferred();
    },
    reply: async (body: { flags?: unknown }) => {
      calls.push({ call: 'reply', flags: body.flags });
      state.replied = true;
    },
    editReply: async () => {
      calls.push({ call: 'editReply' });
      state.replied = true;
    },
    followUp: async () => void calls.push({ call: 'followUp' }),
  } as unknown as ChatInputCommandInteraction;
  return { interaction, calls, deferred };
}

const reply = (ephemeral = false): Reply => ({ lead: 'an answer', cards: [], ...(ephemeral && { ephemeral: true }) });

describe('replyWhenReady', () => {
  it('answers in the interaction\'s own response, without deferring, when the answer is ready in time', async () => {
    const { interaction, calls } = fakeInteraction();
    await replyWhenReady(interaction, async () => ({ reply: reply() }), { ephemeral: false, deferAfterMs: 60_000 });
    expect(calls).toEqual([{ call: 'reply', flags: undefined }]);
  });

  it('answers privately in its own response when the reply is private', async () => {
    const { interaction, calls } = fakeInteraction();
    await replyWhenReady(interaction, async () => ({ reply: reply(true) }), { ephemeral: true, deferAfterMs: 60_000 });
    expect(calls).toEqual([{ call: 'reply', flags: MessageFlags.Ephemeral }]);
  });

  it('defers (privately when asked) while the answer is not ready, then edits it in', async () => {
    const { interaction, calls, deferred } = fakeInteraction();
    // The work finishes only once the deferral has been sent: the deferral must come first.
    await replyWhenReady(interaction, async () => {
      await deferred;
      return { reply: reply(true) };
    }, { ephemeral: true, deferAfterMs: 0 });
    expect(calls).toEqual([{ call: 'deferReply', flags: MessageFlags.Ephemeral }, { call: 'editReply' }]);
  });

  it('still defers when the work fails late, so the error boundary answers in place of "thinking…"', async () => {
    const { interaction, calls, deferred } = fakeInteraction();
    await expect(replyWhenReady(interaction, async () => {
      await deferred;
      throw new Error('bug');
    }, { ephemeral: false, deferAfterMs: 0 })).rejects.toThrow('bug');
    expect(calls).toEqual([{ call: 'deferReply', flags: undefined }]);
    expect(interaction.deferred).toBe(true);
  });
});
