/**
 * Rendering replies for Discord: limits, escaping, highlights, packing into messages, and the
 * citation contract, over the real knowledge base and over sources made to break every limit.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { NOTE_FIELD, toDiscordMessages } from '../../../src/bot/messages.ts';
import { askReply } from '../../../src/replies/ask.ts';
import { helpReply } from '../../../src/replies/help.ts';
import { progressReply } from '../../../src/replies/progress.ts';
import { sourcesReply } from '../../../src/replies/sources.ts';
import { statementsReply } from '../../../src/replies/statements.ts';
import { waitingReply } from '../../../src/replies/waiting.ts';
import type { Card, Reply } from '../../../src/replies/reply.ts';
import { defaultKnowledgeDir } from '../../../src/cli/paths.ts';
import type { Engine } from '../../../src/core/engine.ts';
import type { SourceMeta } from '../../../src/core/types.ts';
import { openKnowledge } from '../../../src/knowledge/open.ts';
import { boldParts, contractProblems, limitProblems, unrender } from './helpers.ts';

let engine: Engine;
/** The day /progress is looked at, after the monitoring inspection's due month. */
const TODAY = '2026-11-23';

beforeAll(async () => {
  engine = (await openKnowledge(defaultKnowledgeDir())).engine;
});

function source(overrides: Partial<SourceMeta> = {}): SourceMeta {
  return {
    id: 'example', title: 'An example report', publisher: 'Example News', published: '2024-07', url: 'https://example.org/report', kind: 'news', events: [],
    ...overrides,
  };
}

const LONG = 'Inspectors said the waiting times were too long for many families across the area. '.repeat(80);

describe('toDiscordMessages', () => {
  it('renders an excerpt as one embed: title and link of the source, excerpt with the highlight in bold, footer with speaker, publisher and date', () => {
    const [message] = toDiscordMessages({
      lead: 'Here:',
      cards: [{
        source: source(),
        excerpt: { passages: ['First part. The *important* sentence. Last part.'], highlight: 'The *important* sentence.' },
        speaker: { name: 'Cllr A', role: 'Cabinet Member' },
      }],
    });
    expect(message?.content).toBe('Here:');
    expect(message?.embeds).toEqual([{
      title: 'An example report',
      url: 'https://example.org/report',
      color: expect.any(Number),
      footer: { text: 'Cllr A, Cabinet Member · Example News · July 2024' },
      description: 'First part. **The \\*important\\* sentence.** Last part.',
    }]);
  });

  it('echoes the question escaped, on one line, with mentions neutralised', () => {
    const [message] = toDiscordMessages({ echo: '@everyone **why**\n<@123456789012345678>?', lead: 'Lead', cards: [] });
    expect(message?.content).toBe('**You asked:** @\u200beveryone \\*\\*why\\*\\* \\<@\u200b123456789012345678>?\nLead');
  });

  it('truncates a long title safely and keeps the link', () => {
    const [message] = toDiscordMessages({ cards: [{ source: source({ title: 'Word '.repeat(100) }), excerpt: { passages: ['Text.'] } }] });
    const embed = message?.embeds[0];
    expect(embed?.title?.length).toBeLessThanOrEqual(256);
    expect(embed?.title?.endsWith('…')).toBe(true);
    expect(embed?.url).toBe('https://example.org/report');
  });

  it('shortens a very long excerpt with "…" and keeps the highlight and the citation', () => {
    const highlight = 'This is the sentence that answers the question.';
    const text = `${LONG}${highlight} ${LONG}`;
    const messages = toDiscordMessages({ cards: [{ source: source(), excerpt: { passages: [text], highlight } }] });
    expect(messages).toHaveLength(1);
    const embed = messages[0]?.embeds[0];
    expect(embed?.description?.length).toBeLessThanOrEqual(4096);
    expect(embed?.description).toMatch(/^….*…$/s);
    expect(boldParts(embed?.description ?? '')).toEqual([highlight]);
    expect(embed?.title).toBe('An example report');
    expect(embed?.footer?.text).toBe('Example News · July 2024');
    for (const piece of unrender(embed?.description ?? '')) expect(text).toContain(piece);
  });

  it('keeps ten long excerpts within the 6,000 total of one message, every citation kept', () => {
    const cards: Card[] = Array.from({ length: 10 }, (_, i) => ({
      source: source({ id: `s${i}`, title: `Report ${i} ${'x'.repeat(200)}`, url: `https://example.org/${i}` }),
      heading: `Heading ${i}`,
      excerpt: { passages: [LONG], highlight: 'Inspectors said the waiting times were too long for many families across the area.' },
    }));
    const messages = toDiscordMessages({ cards });
    expect(messages).toHaveLength(1);
    const message = messages[0];
    expect(message?.embeds).toHaveLength(10);
    expect(limitProblems({ embeds: message?.embeds ?? [] })).toEqual([]);
    message?.embeds.forEach((e, i) => {
      expect(e.url).toBe(`https://example.org/${i}`);
      expect(e.description?.length).toBeGreaterThan(50);
      expect(e.author?.name).toBe(`Heading ${i}`);
    });
  });

  it('spreads many cards over several messages when allowed, each within the limits', () => {
    const cards: Card[] = Array.from({ length: 25 }, (_, i) => ({
      source: source({ id: `s${i}`, url: `https://example.org/${i}` }),
      excerpt: { passages: ['A statement of a few hundred characters. '.repeat(12)] },
    }));
    const messages = toDiscordMessages({ lead: 'Lead', footnote: 'Footnote', cards, maxMessages: 5 });
    expect(messages.length).toBeGreaterThan(2);
    expect(messages.flatMap((m) => m.embeds).map((e) => e.url)).toEqual(cards.map((c) => c.source.url));
    expect(messages[0]?.content).toBe('Lead');
    expect(messages[messages.length - 1]?.content).toBe('Footnote');
    for (const m of messages) expect(limitProblems({ ...(m.content !== undefined && { content: m.content }), embeds: m.embeds })).toEqual([]);
  });

  it('says how many cards were left out when they do not fit the messages allowed', () => {
    const cards: Card[] = Array.from({ length: 30 }, (_, i) => ({ source: source({ url: `https://example.org/${i}` }), excerpt: { passages: [LONG] } }));
    const messages = toDiscordMessages({ cards, maxMessages: 2 });
    expect(messages).toHaveLength(2);
    const shown = messages.flatMap((m) => m.embeds).length;
    expect(shown).toBe(20);
    expect(messages[1]?.content).toBe('…and 10 more not shown.');
  });

  it('keeps the content within 2,000 characters', () => {
    const [message] = toDiscordMessages({ echo: 'q'.repeat(1000), lead: 'L'.repeat(3000), cards: [] });
    expect(message?.content?.length).toBeLessThanOrEqual(2000);
  });

  it('shows a card\'s note in a field of its own, escaped, after the facts', () => {
    const [message] = toDiscordMessages({ cards: [{ source: source(), excerpt: { passages: ['Text.'] }, facts: [{ name: 'Passages', value: '3' }], note: 'A later report, July 2024, also covers this: *Big* news <@123> (Example).' }] });
    const embed = message?.embeds[0];
    expect(embed?.description).toBe('Text.');
    expect(embed?.fields).toEqual([
      { name: 'Passages', value: '3', inline: true },
      { name: NOTE_FIELD, value: 'A later report, July 2024, also covers this: \\*Big\\* news \\<@123> (Example).' },
    ]);
    expect(unrender(embed?.fields?.[1]?.value ?? '')).toEqual(['A later report, July 2024, also covers this: *Big* news <@123> (Example).']);
  });

  it('keeps long notes within the field limit and ten noted cards within the 6,000 total', () => {
    const note = `A later report, July 2024, also covers this: ${'Very long title '.repeat(100)}(Example).`;
    const cards: Card[] = Array.from({ length: 10 }, (_, i) => ({
      source: source({ id: `s${i}`, url: `https://example.org/${i}` }),
      heading: `Heading ${i}`,
      excerpt: { passages: [LONG], highlight: 'Inspectors said the waiting times were too long for many families across the area.' },
      note,
    }));
    const messages = toDiscordMessages({ cards, maxMessages: 3 });
    expect(messages.flatMap((m) => m.embeds).map((e) => e.url)).toEqual(cards.map((c) => c.source.url));
    for (const m of messages) {
      expect(limitProblems({ embeds: m.embeds })).toEqual([]);
      for (const e of m.embeds) {
        const value = e.fields?.[0]?.value ?? '';
        expect(value.length).toBeLessThanOrEqual(1024);
        expect(value).toMatch(/^A later report, July 2024, also covers this: Very long title .*…$/);
        expect((e.description ?? '').length).toBeGreaterThan(50);
      }
    }
  });

  it('shows fact fields within their limits', () => {
    const [message] = toDiscordMessages({ cards: [{ source: source(), facts: [{ name: 'Passages', value: '12' }, { name: 'Reports on', value: 'x'.repeat(5000) }] }] });
    const fields = message?.embeds[0]?.fields ?? [];
    expect(fields.map((f) => f.name)).toEqual(['Passages', 'Reports on']);
    expect(fields[1]?.value.length).toBeLessThanOrEqual(1024);
    expect(message?.embeds[0]?.description).toBeUndefined();
  });
});

describe('the replies over the real knowledge base', () => {
  const all = (reply: Reply) => toDiscordMessages(reply);

  it('/ask: up to three cited excerpts, verbatim, each with its source\'s title and link', () => {
    for (const q of ['how long is the wait for an autism assessment?', 'what did the council say?', 'has it got better since 2018?', 'what about home education']) {
      const messages = all(askReply(engine.ask(q, { k: 3 }), q));
      expect(messages).toHaveLength(1);
      const message = messages[0];
      if (!message) throw new Error('no message');
      expect(message.embeds.length).toBeGreaterThan(0);
      expect(message.embeds.length).toBeLessThanOrEqual(3);
      expect(contractProblems(message, engine, { cites: true })).toEqual([]);
      expect(limitProblems(message)).toEqual([]);
      for (const e of message.embeds) expect(boldParts(e.description ?? '')).toHaveLength(1);
    }
  });

  it('/ask: sources that differ are dated and shown newest first, with a lead line saying so', () => {
    const q = 'specialist school places';
    const answer = engine.ask(q, { k: 3 });
    expect(answer.perspectives).toBe(true);
    const [message] = all(askReply(answer, q));
    expect(message?.content).toContain('newest first');
    const dates = answer.results.map((r) => r.source.published).sort().reverse();
    const bySource = new Map(engine.sources.map((s) => [s.meta.url, s.meta.published]));
    expect(message?.embeds.map((e) => bySource.get(e.url ?? ''))).toEqual(dates);
    expect(message?.embeds.every((e) => e.author?.name !== undefined)).toBe(true);
  });

  it('/ask: an abstention cites nothing: no embed, no link, no source title', () => {
    const q = 'what is the best pizza in town?';
    const answer = engine.ask(q);
    expect(answer.answered).toBe(false);
    const messages = all(askReply(answer, q));
    expect(messages).toHaveLength(1);
    const message = messages[0];
    if (!message) throw new Error('no message');
    expect(message.content).toContain("The reports I have don't cover that.");
    expect(contractProblems(message, engine, { cites: false })).toEqual([]);
  });

  it('/progress, /waiting, /statements and /sources keep the contract and the limits', () => {
    const replies = [progressReply(engine, TODAY), progressReply(engine, '2025-06-01'), askReply(engine.ask('co-production with parents', { k: 3 }), 'co-production with parents', { engine }), waitingReply(engine), waitingReply(engine, 'Autism diagnosis'), waitingReply(engine, 'OT'), statementsReply(engine), statementsReply(engine, 'NHS'), sourcesReply(engine)];
    for (const reply of replies) {
      for (const message of all(reply)) {
        expect(contractProblems(message, engine, { cites: true })).toEqual([]);
        expect(limitProblems(message)).toEqual([]);
      }
    }
  });

  it('/progress: a short lead, then one embed per step, dated, where it stands said in words', () => {
    const [message] = all(progressReply(engine, TODAY));
    expect(message?.content).toMatch(/^\*\*Inspections at a glance\*\*\nThe newest report I have is from July 2024, .*\nLatest: Inspection of the local area partnership by Ofsted and the CQC, April 2024 \(reported by BBC News, July 2024\)\.\n/);
    expect(message?.content).toContain('It was due January 2026; the reports I have do not say whether it has happened yet.');
    expect(message?.embeds.map((e) => e.author?.name)).toEqual([
      'was due January 2026 · Monitoring inspection due (within 18 months of the report) · The reports I have do not say whether it has happened yet',
      'April 2024 · Inspection of the local area partnership by Ofsted and the CQC · Latest',
      '1 to 3 November 2021 · Revisit inspection by Ofsted and the CQC · Superseded by: Inspection of the local area partnership by Ofsted and the CQC (April 2024)',
      '2018 · Initial inspection of SEND services by Ofsted and the CQC · Superseded by: Revisit inspection by Ofsted and the CQC (November 2021)',
    ]);
    expect(message?.embeds.every((e) => (e.description ?? '').length > 0)).toBe(true);
  });

  it('/ask: a 2022 excerpt says, apart from the quoted words, that a later report also covers it', () => {
    const q = 'co-production with parents';
    const [message] = all(askReply(engine.ask(q, { k: 1 }), q, { engine }));
    if (!message) throw new Error('no message');
    expect(message.embeds).toHaveLength(1);
    expect(message.embeds[0]?.fields).toEqual([{ name: NOTE_FIELD, value: 'A later report, July 2024, also covers this: Inspectors demand action on special needs care (BBC News).' }]);
    // The excerpt itself stays verbatim: the note is not in the description.
    expect(message.embeds[0]?.description).not.toContain('later report');
    expect(contractProblems(message, engine, { cites: true })).toEqual([]);
    expect(limitProblems(message)).toEqual([]);
  });

  it('/waiting for a service the reports do not mention names the ones they do, citing nothing', () => {
    const [message] = all(waitingReply(engine, 'hydrotherapy'));
    expect(message?.content).toContain('don\'t mention waiting times for “hydrotherapy”');
    expect(message?.content).toContain('Autism diagnosis');
    if (message) expect(contractProblems(message, engine, { cites: false })).toEqual([]);
  });

  it('/statements: a quote over several paragraphs stays in one embed, paragraph by paragraph', () => {
    const [message] = all(statementsReply(engine, 'Cllr Marcus Hart'));
    expect(message?.embeds).toHaveLength(1);
    expect(unrender(message?.embeds[0]?.description ?? '')).toHaveLength(3);
    expect(message?.embeds[0]?.footer?.text).toBe('Cllr Marcus Hart, Cabinet Member for Education · Worcestershire County Council · 7 January 2022');
  });

  it('/statements for nobody known is a user error naming who has statements', () => {
    expect(() => statementsReply(engine, '**nobody**')).toThrow(/I have no statements from “\\\*\\\*nobody\\\*\\\*”\. Try one of: Worcestershire County Council/);
  });

  it('/sources: one embed per source with publisher, date, link and passage count', () => {
    const [message] = all(sourcesReply(engine));
    expect(message?.embeds.map((e) => [e.title, e.url, e.footer?.text, e.fields?.[1]])).toEqual(
      engine.sources.map((s) => s.meta).sort((a, b) => (a.published < b.published ? 1 : -1)).map((m) => [
        m.title, m.url, expect.stringMatching(new RegExp(`^${m.publisher} · `)), { name: 'Passages', value: String(engine.sources.find((s) => s.meta.id === m.id)?.passages.length), inline: true },
      ]),
    );
  });

  it('/help: plain words and example questions, no links, no source titles', () => {
    const [message] = all(helpReply(engine));
    expect(message?.content).toContain('/ask');
    expect(message?.content).toContain('How long is the wait for autism diagnosis?');
    if (message) expect(contractProblems(message, engine, { cites: false })).toEqual([]);
  });

  it('/help lists every command a member can use, and the moderators\' ones only to moderators', () => {
    const member = all(helpReply(engine)).map((m) => m.content).join('\n');
    const moderator = all(helpReply(engine, { moderator: true })).map((m) => m.content).join('\n');
    for (const command of ['/ask', '/progress', '/waiting', '/statements', '/sources list', '/glossary', '/privacy', '/help']) {
      expect(member, command).toContain(`\`${command}\``);
    }
    expect(member).toContain('**Helpful** or **Not helpful**');
    for (const command of ['/review', '/refresh', '/sources add', '/sources remove']) {
      expect(member, command).not.toContain(`\`${command}`);
      expect(moderator, command).toContain(`\`${command}`);
    }
    expect(moderator).toContain('REVIEW_DIGEST=weekly');
  });
});
