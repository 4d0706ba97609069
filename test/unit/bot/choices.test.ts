import type { ApplicationCommandOptionChoiceData, AutocompleteInteraction } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { filterChoices } from '../../../src/replies/choices.ts';
import { statementsReply, statementWhoChoices } from '../../../src/replies/statements.ts';
import { serviceChoices, waitingReply } from '../../../src/replies/waiting.ts';
import { respondChoices } from '../../../src/bot/send.ts';
import { defaultKnowledgeDir } from '../../../src/cli/paths.ts';
import type { Engine } from '../../../src/core/engine.ts';
import { openKnowledge } from '../../../src/knowledge/open.ts';

let engine: Engine;

beforeAll(async () => {
  engine = (await openKnowledge(defaultKnowledgeDir())).engine;
});

/** Just what respondChoices uses of an autocomplete interaction. */
function fakeAutocomplete(): { interaction: AutocompleteInteraction; sent: () => readonly ApplicationCommandOptionChoiceData[] | undefined } {
  let sent: readonly ApplicationCommandOptionChoiceData[] | undefined;
  const interaction = { respond: async (choices: readonly ApplicationCommandOptionChoiceData[]) => { sent = choices; } } as unknown as AutocompleteInteraction;
  return { interaction, sent: () => sent };
}

describe('filterChoices', () => {
  it('keeps names containing what was typed, in any case, those starting with it first', () => {
    expect(filterChoices(['Speech therapy', 'Occupational therapy', 'Autism diagnosis'], 'THER')).toEqual(['Speech therapy', 'Occupational therapy']);
    expect(filterChoices(['Community paediatrics', 'Occupational therapy', 'Autism diagnosis'], 'o')).toEqual(['Occupational therapy', 'Community paediatrics', 'Autism diagnosis']);
    expect(filterChoices(['a', 'b'], '')).toEqual(['a', 'b']);
  });

  it('gives at most 25', () => {
    expect(filterChoices(Array.from({ length: 40 }, (_, i) => `Service ${i}`), 'service')).toHaveLength(25);
  });
});

describe('respondChoices', () => {
  it('sends at most 25 choices, names and values within 100 characters, without duplicates', async () => {
    const { interaction, sent } = fakeAutocomplete();
    const names = ['A'.repeat(150), 'A'.repeat(150), ...Array.from({ length: 40 }, (_, i) => `Name ${i}`)];
    await respondChoices(interaction, names);
    const choices = sent() ?? [];
    expect(choices).toHaveLength(25);
    expect(choices.every((c) => c.name.length <= 100 && String(c.value).length <= 100 && c.name.length > 0)).toBe(true);
    expect(new Set(choices.map((c) => c.value)).size).toBe(25);
  });
});

describe('the choices of /waiting and /statements', () => {
  it('/waiting offers the services the reports answer about, filtered', () => {
    expect(serviceChoices(engine, '')).toEqual(['Autism diagnosis', 'Community paediatrics', 'Occupational therapy', 'Specialist school places', 'EHC plans']);
    expect(serviceChoices(engine, 'school')).toEqual(['Specialist school places']);
  });

  it('/statements offers partners and speakers, filtered', () => {
    expect(statementWhoChoices(engine, 'nhs')[0]).toBe('NHS');
    expect(statementWhoChoices(engine, 'bramble')).toEqual(['Dr Louise Bramble']);
    expect(statementWhoChoices(engine, 'partner')).toEqual(['Local area partnership', 'The partnership']);
  });

  it('every choice offered, as sent to Discord (shortened to 100 characters), finds statements when picked', async () => {
    const { interaction, sent } = fakeAutocomplete();
    await respondChoices(interaction, statementWhoChoices(engine, ''));
    const values = (sent() ?? []).map((c) => String(c.value));
    expect(values.length).toBeGreaterThan(4);
    for (const value of values) expect(() => statementsReply(engine, value), value).not.toThrow();
    for (const value of values) expect(statementsReply(engine, value).cards.length, value).toBeGreaterThan(0);
  });

  it('every service offered, when picked, gets waiting-time excerpts', () => {
    for (const name of serviceChoices(engine, '')) expect(waitingReply(engine, name).cards.length, name).toBeGreaterThan(0);
  });
});
