/**
 * `/glossary` and the "Terms in this answer" line, on the real knowledge base: what the replies say,
 * that they fit Discord and cite nothing, and the command module with fake interactions.
 */
import { MessageFlags, type ApplicationCommandOptionChoiceData, type AutocompleteInteraction, type ChatInputCommandInteraction } from 'discord.js';
import { beforeAll, describe, expect, it } from 'vitest';
import glossaryCommand from '../../../commands/glossary.ts';
import { glossaryChoices, glossaryReply, termsLine, TERMS_LINE_MAX_LENGTH, TERMS_LINE_MAX_TERMS } from '../../../src/replies/glossary.ts';
import { KnowledgeBase } from '../../../src/knowledge/live.ts';
import { toDiscordMessages } from '../../../src/bot/messages.ts';
import type { Reply } from '../../../src/replies/reply.ts';
import type { CommandContext } from '../../../src/bot/types.ts';
import { defaultKnowledgeDir } from '../../../src/cli/paths.ts';
import type { Engine } from '../../../src/core/engine.ts';
import { engineOver } from '../core/helpers.ts';
import { validateGlossary, type Glossary } from '../../../src/core/glossary.ts';
import { emptyVocabulary } from '../../../src/core/vocabulary.ts';
import { openKnowledge, type OpenKnowledge } from '../../../src/knowledge/open.ts';
import { contractProblems, limitProblems, unrender } from './helpers.ts';

let opened: OpenKnowledge;
let engine: Engine;
beforeAll(async () => {
  opened = await openKnowledge(defaultKnowledgeDir());
  engine = opened.engine;
});

/** The one message of a reply, checked against Discord's limits and the no-citation contract. */
function message(reply: Reply): string {
  const messages = toDiscordMessages(reply);
  expect(messages).toHaveLength(1);
  const m = messages[0] ?? { embeds: [] };
  expect(limitProblems(m)).toEqual([]);
  expect(m.embeds).toEqual([]);
  expect(contractProblems({ ...m, content: (m.content ?? '').replace(/<https:\/\/[^>]+>/g, '') }, engine, { cites: false })).toEqual([]);
  return m.content ?? '';
}

describe('glossaryReply', () => {
  it('shows an entry picked by its term: the term in bold, its meaning, its other names and its link', () => {
    const entry = engine.glossary.entries.find((e) => e.term === 'EHC plan');
    expect(entry?.link).toBeDefined();
    const text = message(glossaryReply(engine, 'EHC plan'));
    const lines = text.split('\n');
    expect(lines[0]).toBe('**EHC plan**');
    expect(unrender(lines[1] ?? '')).toEqual([entry?.meaning]);
    expect(lines[2]).toBe(`Also called: ${unrender(lines[2] ?? '')[0]?.replace('Also called: ', '')}`);
    for (const alias of entry?.aliases ?? []) expect(unrender(lines[2] ?? '')[0]).toContain(alias);
    expect(lines[3]).toBe(`More: <${entry?.link}>`);
    expect(glossaryReply(engine, 'EHC plan').ephemeral).toBeUndefined();
  });

  it.each([['ehcp'], ['EHCPs'], ['Education, Health and Care Plan'], ['ehc plann']])('finds the same entry from %j', (typed) => {
    expect(message(glossaryReply(engine, typed)).split('\n')[0]).toBe('**EHC plan**');
  });

  it('without a term, lists every term alphabetically in plain text', () => {
    const text = message(glossaryReply(engine));
    expect(text.split('\n')[0]).toBe('**Glossary**');
    const list = unrender(text.split('\n').at(-1) ?? '')[0]?.replace(/\.$/, '').split(', ') ?? [];
    expect([...list].sort()).toEqual(engine.glossary.entries.map((e) => e.term).sort());
    expect(list).toEqual([...list].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' })));
  });

  it('for a term it does not have, says so privately, escaping what was typed, with close terms', () => {
    const reply = glossaryReply(engine, 'inspection @everyone **now**');
    expect(reply.ephemeral).toBe(true);
    const text = message(reply);
    expect(text).toMatch(/^I don't have “inspection @\u200beveryone \\\*\\\*now\\\*\\\*” in my glossary\./);
    expect(text).toMatch(/Did you mean .*monitoring inspection/);
    expect(message(glossaryReply(engine, 'flapjack'))).toBe("I don't have “flapjack” in my glossary. Use `/glossary` without a term to see every term I have.");
  });

  it('says so when there is no glossary at all', () => {
    const bare = engineOver([], emptyVocabulary);
    expect(glossaryReply(bare).lead).toBe('I have no glossary yet.');
    expect(glossaryReply(bare, 'EHCP').lead).toBe("I don't have “EHCP” in my glossary.");
  });

  it('writes a link without angle brackets or spaces that could break it', () => {
    const glossary: Glossary = { entries: [{ term: 'X', meaning: 'M.', aliases: [], link: 'https://example.org/a b>c' }] };
    const text = glossaryReply(engineOver([], emptyVocabulary, {}, { glossary }), 'x').lead ?? '';
    expect(text).toContain('More: <https://example.org/a%20b%3Ec>');
  });
});

describe('glossaryChoices', () => {
  it('offers terms whose name or alias contains what was typed, by their term', () => {
    expect(glossaryChoices(engine, 'ehcp')).toEqual(['EHC plan']);
    expect(glossaryChoices(engine, 'OT')).toContain('occupational therapy');
    expect(glossaryChoices(engine, 'plan')).toEqual(expect.arrayContaining(['EHC plan', 'priority action plan']));
    expect(glossaryChoices(engine, '').length).toBe(Math.min(25, engine.glossary.entries.length));
  });

  it('still offers a term for a typo', () => {
    expect(glossaryChoices(engine, 'ofstead')).toEqual(['Ofsted']);
    expect(glossaryChoices(engine, 'zzzz')).toEqual([]);
  });

  it('every choice, picked, shows that entry', () => {
    for (const choice of glossaryChoices(engine, '')) expect(message(glossaryReply(engine, choice)).split('\n')[0]).toMatch(/^\*\*.+\*\*$/);
  });
});

describe('termsLine', () => {
  it('names the terms of the excerpts with the first sentence of each meaning, and points to /glossary', () => {
    const texts = engine.ask('are EHC plans any good').results.map((r) => r.passage.text);
    const line = termsLine(engine.glossary, texts) ?? '';
    const lines = line.split('\n');
    expect(lines[0]).toBe('**Terms in this answer:**');
    expect(lines).toContain('**EHC plan**: An education, health and care plan: a legal document, written by the council, for a child or young person up to 25 who needs more support than their school or college can usually give.');
    expect(lines.at(-1)).toBe('Use `/glossary` to look up these and other terms.');
    expect(line).not.toMatch(/\p{Extended_Pictographic}/u);
  });

  it('is undefined when the excerpts use no term', () => {
    expect(termsLine(engine.glossary, ['The council will publish its next update in the spring.'])).toBeUndefined();
    expect(termsLine(engine.glossary, [])).toBeUndefined();
  });

  it('shows at most five terms and stays within its length, escaping the glossary text', () => {
    const many = validateGlossary({
      terms: Array.from({ length: 8 }, (_, i) => ({ term: `T${'a'.repeat(i)}x`, meaning: `${'*Long* meaning '.repeat(30)}end. Second sentence.` })),
    }).glossary;
    const text = many.entries.map((e) => e.term).join(' and ');
    const line = termsLine(many, [text]) ?? '';
    expect(line.length).toBeLessThanOrEqual(TERMS_LINE_MAX_LENGTH);
    const named = line.split('\n').filter((l) => l.startsWith('**T'));
    expect(named.length).toBeGreaterThan(0);
    expect(named.length).toBeLessThanOrEqual(TERMS_LINE_MAX_TERMS);
    expect(line).not.toContain('Second sentence');
    expect(line).toContain('\\*Long\\*');
  });

  it('fits a Discord message beside the lead', () => {
    const answer = engine.ask('what did the inspectors find');
    const footnote = termsLine(engine.glossary, answer.results.map((r) => r.passage.text));
    expect(footnote).toBeDefined();
    const messages = toDiscordMessages({ lead: 'Here is what the reports say:', cards: [], ...(footnote !== undefined && { footnote }) });
    for (const m of messages) expect(limitProblems(m)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// The command module
// ---------------------------------------------------------------------------------------------

interface Sent {
  content?: string;
  flags?: number;
  allowedMentions?: unknown;
}

function fakeCommand(term: string | null): { interaction: ChatInputCommandInteraction; sent: Sent[] } {
  const sent: Sent[] = [];
  const interaction = {
    deferred: false,
    replied: false,
    options: { getString: (name: string) => (name === 'term' ? term : null) },
    reply: async (body: Sent) => {
      sent.push(body);
      interaction.replied = true;
    },
    editReply: async (body: Sent) => void sent.push(body),
    followUp: async (body: Sent) => void sent.push(body),
    deferReply: async () => {
      interaction.deferred = true;
    },
  };
  return { interaction: interaction as unknown as ChatInputCommandInteraction, sent };
}

function context(): CommandContext {
  return { knowledge: KnowledgeBase.of(opened) } as unknown as CommandContext;
}

describe('/glossary', () => {
  it('is a valid command with an optional, autocompleted term', () => {
    const json = glossaryCommand.data.toJSON();
    expect(json.name).toBe('glossary');
    expect(json.options).toEqual([expect.objectContaining({ name: 'term', type: 3, autocomplete: true, max_length: 100 })]);
    expect(json.options?.[0]?.required ?? false).toBe(false);
  });

  it('answers a term publicly, mentioning nobody', async () => {
    const { interaction, sent } = fakeCommand('ofsted');
    await glossaryCommand.execute(interaction, context());
    expect(sent).toHaveLength(1);
    expect(sent[0]?.content?.split('\n')[0]).toBe('**Ofsted**');
    expect(sent[0]?.flags).toBeUndefined();
    expect(sent[0]?.allowedMentions).toEqual({ parse: [] });
  });

  it('answers an unknown term privately, and the list without a term', async () => {
    const unknown = fakeCommand('bin collections');
    await glossaryCommand.execute(unknown.interaction, context());
    expect(unknown.sent[0]?.flags).toBe(MessageFlags.Ephemeral);
    expect(unknown.sent[0]?.content).toMatch(/^I don't have “bin collections” in my glossary/);

    const list = fakeCommand(null);
    await glossaryCommand.execute(list.interaction, context());
    expect(list.sent[0]?.content?.split('\n')[0]).toBe('**Glossary**');
  });

  it('autocompletes terms from what was typed', async () => {
    let choices: readonly ApplicationCommandOptionChoiceData[] = [];
    const interaction = {
      options: { getFocused: () => 'ehcp' },
      respond: async (c: readonly ApplicationCommandOptionChoiceData[]) => {
        choices = c;
      },
    } as unknown as AutocompleteInteraction;
    await glossaryCommand.autocomplete?.(interaction, context());
    expect(choices).toEqual([{ name: 'EHC plan', value: 'EHC plan' }]);
  });
});
