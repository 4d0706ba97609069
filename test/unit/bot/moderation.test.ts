/**
 * Moderators: the permission check, the buttons' custom ids, and the log channel's message.
 */
import { PermissionFlagsBits } from 'discord.js';
import { describe, expect, it } from 'vitest';
import { auditMessage } from '../../../src/bot/audit-channel.ts';
import {
  confirmButtons,
  isModerator,
  parseConfirmCustomId,
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
