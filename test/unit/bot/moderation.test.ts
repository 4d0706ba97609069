/**
 * Moderators: the permission check, the pending-confirmation store (expiry, the wrong user), the
 * buttons' custom ids, and the log channel's message.
 */
import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { auditMessage } from '../../../src/bot/audit-channel.ts';
import {
  CONFIRM_TTL_MS,
  confirmButtons,
  confirmCustomId,
  isModerator,
  parseConfirmCustomId,
  PendingConfirmations,
} from '../../../src/bot/moderation.ts';
import { DEFAULT_MEMBER_PERMISSIONS } from '../../support/discord-server.ts';

const ROLE = '1300000000000000077';

describe('isModerator', () => {
  const member = (permissions: bigint | null, roles: string[] = [], inGuild = true) => ({ inGuild, permissions, roles });

  it('accepts Manage Server, and Administrator (which implies it)', () => {
    expect(isModerator(member(DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild), undefined)).toBe(true);
    expect(isModerator(member(PermissionFlagsBits.Administrator), undefined)).toBe(true);
  });

  it('accepts the moderator role when one is configured', () => {
    expect(isModerator(member(DEFAULT_MEMBER_PERMISSIONS, [ROLE]), ROLE)).toBe(true);
    expect(isModerator(member(DEFAULT_MEMBER_PERMISSIONS, ['1300000000000000078', ROLE]), ROLE)).toBe(true);
  });

  it('refuses an ordinary member, a member with another role, and a member with the role when none is configured', () => {
    expect(isModerator(member(DEFAULT_MEMBER_PERMISSIONS), ROLE)).toBe(false);
    expect(isModerator(member(DEFAULT_MEMBER_PERMISSIONS, ['1300000000000000078']), ROLE)).toBe(false);
    expect(isModerator(member(DEFAULT_MEMBER_PERMISSIONS, [ROLE]), undefined)).toBe(false);
    // Manage Messages, Kick Members and the like are not Manage Server.
    expect(isModerator(member(DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageMessages | PermissionFlagsBits.KickMembers), ROLE)).toBe(false);
  });

  it('refuses outside a server (a DM), whatever the permissions say', () => {
    expect(isModerator(member(PermissionFlagsBits.Administrator, [ROLE], false), ROLE)).toBe(false);
    expect(isModerator(member(null, [ROLE], false), ROLE)).toBe(false);
  });
});

describe('PendingConfirmations', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => void (now += ms) };
  };

  it('gives short, distinct ids that fit a button custom id', () => {
    const store = new PendingConfirmations<string>();
    const ids = new Set(Array.from({ length: 200 }, (_, i) => store.add('u1', `change ${i}`)));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(/^[\w-]{10}$/);
      expect(confirmCustomId('sources', 'confirm', id).length).toBeLessThanOrEqual(100);
    }
    expect(store.size).toBe(200);
  });

  it('gives the change to the member who asked, once', () => {
    const store = new PendingConfirmations<string>();
    const id = store.add('u1', 'add x');
    expect(store.take(id, 'u1')).toEqual({ ok: true, value: 'add x' });
    expect(store.take(id, 'u1')).toEqual({ ok: false, reason: 'unknown' });
    expect(store.size).toBe(0);
  });

  it('refuses another member and keeps the change for the one who asked', () => {
    const store = new PendingConfirmations<string>();
    const id = store.add('u1', 'remove y');
    expect(store.take(id, 'u2')).toEqual({ ok: false, reason: 'wrong-user' });
    expect(store.take(id, 'u2')).toEqual({ ok: false, reason: 'wrong-user' });
    expect(store.take(id, 'u1')).toEqual({ ok: true, value: 'remove y' });
  });

  it('forgets a change after 10 minutes', () => {
    const c = clock();
    const store = new PendingConfirmations<string>(CONFIRM_TTL_MS, c.now);
    expect(CONFIRM_TTL_MS).toBe(600_000);
    const early = store.add('u1', 'early');
    c.advance(CONFIRM_TTL_MS - 1);
    const late = store.add('u1', 'late');
    expect(store.take(early, 'u1')).toEqual({ ok: true, value: 'early' });
    c.advance(1);
    expect(store.take(late, 'u1')).toEqual({ ok: true, value: 'late' });
    const expiring = store.add('u1', 'expiring');
    c.advance(CONFIRM_TTL_MS);
    expect(store.take(expiring, 'u1')).toEqual({ ok: false, reason: 'unknown' });
    // Even the member who asked, and even someone else, only learn it is gone.
    const other = store.add('u1', 'other');
    c.advance(CONFIRM_TTL_MS + 5);
    expect(store.take(other, 'u2')).toEqual({ ok: false, reason: 'unknown' });
    expect(store.size).toBe(0);
  });

  it('knows nothing of an id it never gave', () => {
    const store = new PendingConfirmations<string>();
    expect(store.take('nope', 'u1')).toEqual({ ok: false, reason: 'unknown' });
  });
});

describe('confirm buttons', () => {
  it('carry the command, the action and the pending id, and parse back', () => {
    const row = confirmButtons('sources', 'AbC-12_xyz', 'Add it');
    expect(row.type).toBe(1);
    expect(row.components.map((b) => ('custom_id' in b ? b.custom_id : undefined))).toEqual(['sources:confirm:AbC-12_xyz', 'sources:cancel:AbC-12_xyz']);
    expect(row.components.map((b) => ('label' in b ? b.label : undefined))).toEqual(['Add it', 'Cancel']);
    expect(parseConfirmCustomId('sources:confirm:AbC-12_xyz')).toEqual({ command: 'sources', action: 'confirm', pendingId: 'AbC-12_xyz' });
    expect(parseConfirmCustomId('sources:cancel:AbC-12_xyz')).toEqual({ command: 'sources', action: 'cancel', pendingId: 'AbC-12_xyz' });
    for (const bad of ['sources:delete:abc', 'sources:confirm:', 'sources:confirm:a b', 'confirm:abc', '']) expect(parseConfirmCustomId(bad), bad).toBeUndefined();
  });
});

describe('the log channel message', () => {
  it('says who did what, with before and after, and allows no mentions', () => {
    const message = auditMessage({
      at: '2026-01-02T03:04:05.000Z',
      actor: 'mod_one (1300000000000000050)',
      action: 'edit',
      sourceId: 'bbc-2024-send-inspection',
      before: { id: 'bbc-2024-send-inspection', title: 'Old *title*', publisher: 'BBC News', published: '2024-07', url: 'https://www.bbc.co.uk/x', passages: 18 },
      after: { id: 'bbc-2024-send-inspection', title: 'New title', publisher: 'BBC News', published: '2024-07-19', url: 'https://www.bbc.co.uk/x', passages: 18 },
      detail: 'changed title, published',
    }, '1300000000000000050');
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.content).toBe('<@1300000000000000050> edited a source: `bbc-2024-send-inspection`');
    const embed = message.embeds[0];
    expect(embed?.fields?.map((f) => f.name)).toEqual(['Before', 'After']);
    expect(embed?.fields?.[0]?.value).toContain('title: Old \\*title\\*');
    expect(embed?.fields?.[1]?.value).toContain('published: 19 July 2024 (2024-07-19)');
    expect(embed?.timestamp).toBe('2026-01-02T03:04:05.000Z');
    expect(embed?.description).toBe('changed title, published');
  });

  it('names the actor in text when there is no user id (the file watcher)', () => {
    const message = auditMessage({ at: '2026-01-02T03:04:05.000Z', actor: 'KNOWLEDGE_WATCH', action: 'refresh', detail: 'a.md: added a' });
    expect(message.content).toBe('KNOWLEDGE\\_WATCH refreshed the knowledge base');
  });
});
