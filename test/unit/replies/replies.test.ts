/**
 * The replies that carry dates and notes: /progress on several days (the lead, each step's heading
 * in words), and /ask saying when a later report also covers an older excerpt's question, in the
 * console text too. Over the real knowledge base, plus sources added inline.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { MONITORING_VISIT } from '../core/helpers.ts';
import { askReply } from '../../../src/replies/ask.ts';
import { progressReply, todayUtc } from '../../../src/replies/progress.ts';
import { sourcesReply } from '../../../src/replies/sources.ts';
import { toText } from '../../../src/cli/text.ts';
import { defaultKnowledgeDir } from '../../../src/cli/paths.ts';
import type { Engine } from '../../../src/core/engine.ts';
import type { Answer, Source } from '../../../src/core/types.ts';
import { loadKnowledge } from '../../../src/knowledge/load.ts';
import { buildEngine } from '../../../src/knowledge/open.ts';
import { parseKnowledgeFile } from '../../../src/knowledge/parse.ts';

let engine: Engine;
let sources: Source[];
let rebuiltWith: (markdown: string) => Engine;

beforeAll(async () => {
  const snapshot = await loadKnowledge(defaultKnowledgeDir());
  sources = snapshot.sources;
  engine = buildEngine(snapshot);
  rebuiltWith = (markdown) => {
    const parsed = parseKnowledgeFile('extra.md', markdown);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return buildEngine({ ...snapshot, sources: [...snapshot.sources, parsed.source] });
  };
});

const BBC = 'bbc-2024-send-inspection';
const WCC = 'wcc-2022-send-progress';
const TODAY = '2026-11-23';

const MONITORING = MONITORING_VISIT;

describe('progressReply', () => {
  it('leads with the latest inspection and, after its date, says the reports do not say whether the due one happened', () => {
    const reply = progressReply(engine, TODAY);
    expect(reply.lead).toBe([
      '**Inspections at a glance**',
      'The newest report I have is from July 2024, more than six months ago, so there may be news I do not have yet.',
      'Latest: Inspection of the local area partnership by Ofsted and the CQC, April 2024 (reported by BBC News, July 2024).',
      'Next: Monitoring inspection due (within 18 months of the report) (reported by BBC News, July 2024). It was due January 2026; the reports I have do not say whether it has happened yet.',
      '',
      'Every step, newest first:',
    ].join('\n'));
  });

  it('heads each step, newest first, with its date, its label and where it stands, in words', () => {
    expect(progressReply(engine, TODAY).cards.map((c) => c.heading)).toEqual([
      'was due January 2026 · Monitoring inspection due (within 18 months of the report) · The reports I have do not say whether it has happened yet',
      'April 2024 · Inspection of the local area partnership by Ofsted and the CQC · Latest',
      '1 to 3 November 2021 · Revisit inspection by Ofsted and the CQC · Superseded by: Inspection of the local area partnership by Ofsted and the CQC (April 2024)',
      '2018 · Initial inspection of SEND services by Ofsted and the CQC · Superseded by: Revisit inspection by Ofsted and the CQC (November 2021)',
    ]);
  });

  it('before the due date, says when it is due', () => {
    const reply = progressReply(engine, '2025-12-01');
    expect(reply.lead).toContain('Next: Monitoring inspection due (within 18 months of the report) (reported by BBC News, July 2024). Due January 2026.');
    expect(reply.lead).not.toContain('do not say');
    expect(reply.cards[0]?.heading).toBe('due January 2026 · Monitoring inspection due (within 18 months of the report) · Still to come');
  });

  it('cites one excerpt of the reporting source on every card', () => {
    for (const card of progressReply(engine, TODAY).cards) {
      const own = sources.find((s) => s.meta.id === card.source.id);
      expect(card.excerpt?.passages).toHaveLength(1);
      expect(own?.passages.map((p) => p.text)).toContain(card.excerpt?.passages[0]);
    }
  });

  it('moves on when a new report says the monitoring inspection happened', () => {
    const reply = progressReply(rebuiltWith(MONITORING), TODAY);
    expect(reply.lead).toBe([
      '**Inspections at a glance**',
      'The newest report I have is from 10 February 2026, more than six months ago, so there may be news I do not have yet.',
      'Latest: Monitoring inspection by Ofsted and the CQC, 20 January 2026 (reported by Example News, 10 February 2026).',
      'Next: nothing further is announced in the reports I have.',
      'Update: BBC News (July 2024) said Monitoring inspection due (within 18 months of the report) was due January 2026; Example News (10 February 2026) reports: Monitoring inspection by Ofsted and the CQC, 20 January 2026.',
      '',
      'Every step, newest first:',
    ].join('\n'));
    expect(reply.cards.map((c) => c.heading).slice(0, 3)).toEqual([
      '20 January 2026 · Monitoring inspection by Ofsted and the CQC · Latest',
      'was due January 2026 · Monitoring inspection due (within 18 months of the report) · Superseded by: Monitoring inspection by Ofsted and the CQC (January 2026)',
      'April 2024 · Inspection of the local area partnership by Ofsted and the CQC · Superseded by: Monitoring inspection by Ofsted and the CQC (January 2026)',
    ]);
  });

  it('writes ranges out, saying a shared month or year once', () => {
    const ranges = MONITORING.replace(/events:[\s\S]*?---/, `events:
  - date: 2021-11-30
    end: 2021-12-02
    label: Visit across two months
  - date: 2021-12-28
    end: 2022-01-03
    label: Visit across two years
  - date: 2022-03
    end: 2022-05
    label: Months only
---`);
    const reply = sourcesReply(rebuiltWith(ranges));
    const facts = reply.cards.find((c) => c.source.id === 'extra-2026-monitoring')?.facts?.find((f) => f.name === 'Reports on')?.value;
    expect(facts).toBe([
      '30 November to 2 December 2021: Visit across two months',
      '28 December 2021 to 3 January 2022: Visit across two years',
      'March to May 2022: Months only',
    ].join('\n'));
  });

  it('escapes Markdown in the lead: a label is shown as written', () => {
    const marked = MONITORING.replace('label: Monitoring inspection by Ofsted and the CQC', 'label: "*Monitoring* inspection"');
    expect(progressReply(rebuiltWith(marked), TODAY).lead).toContain('Latest: \\*Monitoring\\* inspection, 20 January 2026 (');
  });

  it('takes today in UTC by default', () => {
    expect(todayUtc(new Date('2026-01-31T23:30:00-02:00'))).toBe('2026-02-01');
    expect(progressReply(engine).cards.map((c) => c.heading)).toEqual(progressReply(engine, todayUtc()).cards.map((c) => c.heading));
  });
});

describe('askReply: a later report also covers this', () => {
  it('names the later report under a 2022 excerpt when that report is not shown', () => {
    const q = 'co-production with parents';
    // One excerpt, so the later report is not shown (with three, its co-production passage is).
    const answer = engine.ask(q, { k: 1 });
    expect(answer.results.map((r) => r.source.id)).toEqual([WCC]);
    const [card] = askReply(answer, q, { engine }).cards;
    expect(card?.source.id).toBe(WCC);
    expect(card?.note).toBe('A later report, July 2024, also covers this: Inspectors demand action on special needs care (BBC News).');
  });

  it('points to the later report\'s excerpt when it is shown, above or below', () => {
    const q = 'specialist school places';
    const both = engine.ask(q, { k: 3 });
    expect(both.perspectives).toBe(true);
    const cards = askReply(both, q, { engine }).cards;
    expect(cards.map((c) => [c.source.id, c.note])).toEqual([
      [BBC, undefined],
      [WCC, 'A later report (July 2024) also covers this; its excerpt is shown above.'],
    ]);
    // The same excerpts, best match first with the older one first.
    const [wcc] = engine.ask(q, { sourceIds: [WCC], k: 1 }).results;
    const [bbc] = engine.ask(q, { sourceIds: [BBC], k: 1 }).results;
    if (!wcc || !bbc) throw new Error('both sources answer');
    const olderFirst: Answer = { question: q, answered: true, perspectives: false, results: [wcc, bbc] };
    expect(askReply(olderFirst, q, { engine }).cards.map((c) => c.note)).toEqual(['A later report (July 2024) also covers this; its excerpt is shown below.', undefined]);
  });

  it('adds no note without the engine, to the newest source, or when no later report answers', () => {
    const q = 'co-production with parents';
    expect(askReply(engine.ask(q, { k: 1 }), q).cards.map((c) => c.note)).toEqual([undefined]);
    const localOffer = 'what about the local offer';
    const answer = engine.ask(localOffer, { k: 3 });
    expect(answer.answered).toBe(true);
    expect(askReply(answer, localOffer, { engine }).cards.every((c) => c.note === undefined)).toBe(true);
    const abstained = engine.ask('what is the best pizza in town?');
    expect(askReply(abstained, 'pizza', { engine }).cards).toEqual([]);
  });

  it('names the other outlets of the same statement under its excerpt', () => {
    const q = 'co-production with parents';
    const answer = engine.ask(q, { k: 3 });
    if (!answer.answered) throw new Error('answered');
    const bbc = engine.source(BBC);
    if (!bbc) throw new Error('the BBC source');
    const [first, ...rest] = answer.results;
    const folded: Answer = { ...answer, results: [{ ...first, alsoReportedBy: [bbc] }, ...rest] };
    expect(askReply(folded, q).cards[0]?.note).toBe('Also reported by BBC News (July 2024).');
    expect(askReply(answer, q).cards[0]?.note).toBeUndefined();
  });

  it('shows the note in the console text after the citation', () => {
    const q = 'co-production with parents';
    const lines = toText(askReply(engine.ask(q, { k: 1 }), q, { engine })).split('\n');
    const at = lines.findIndex((l) => l.includes('A later report, July 2024, also covers this'));
    expect(at).toBeGreaterThan(0);
    expect(lines[at]).toBe('   A later report, July 2024, also covers this: Inspectors demand action on special needs care (BBC News).');
    expect(lines[at - 1]).toBe(`   ${sources.find((s) => s.meta.id === WCC)?.meta.url}`);
  });
});

describe('askReply: the terms in this answer', () => {
  it('explains, under the excerpts, the glossary terms they use, in the console text too', () => {
    const q = 'what did the inspectors find about SEND?';
    const answer = engine.ask(q, { k: 3 });
    expect(answer.answered).toBe(true);
    const reply = askReply(answer, q, { engine });
    expect(reply.footnote).toBeDefined();
    const lines = reply.footnote?.split('\n') ?? [];
    expect(lines[0]).toBe('**Terms in this answer:**');
    expect(lines.at(-1)).toBe('Use `/glossary` to look up these and other terms.');
    // Each term named is the glossary's own and appears in an excerpt.
    const excerpts = answer.results.map((r) => r.passage.text).join('\n');
    const named = lines.slice(1, -1).map((l) => /^\*\*(.+?)\*\*: /.exec(l)?.[1]);
    expect(named.length).toBeGreaterThan(0);
    for (const term of named) {
      const entry = engine.glossary.entries.find((e) => e.term === term);
      expect(entry, term).toBeDefined();
      expect([entry?.term, ...(entry?.aliases ?? [])].some((n) => n !== undefined && excerpts.toLowerCase().includes(n.toLowerCase())), term).toBe(true);
    }
    expect(named).toContain('SEND');
    expect(toText(reply)).toContain('Terms in this answer:');
  });

  it('adds no terms line without the engine, or when the answer is an abstention', () => {
    const q = 'what did the inspectors find about SEND?';
    expect(askReply(engine.ask(q, { k: 3 }), q).footnote).toBeUndefined();
    expect(askReply(engine.ask('what is the best pizza in town?'), 'pizza', { engine }).footnote).toBeUndefined();
  });
});
