/**
 * Topics over the real knowledge base (knowledge/), plus a source added inline to show that new
 * content appears without a code change: the dated timeline on several days, a new report moving
 * it on, and later reports that also cover an older excerpt's question.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../../../src/core/engine.ts';
import { engineOver, MONITORING_VISIT } from './helpers.ts';
import {
  findService,
  laterCoverage,
  progressTimeline,
  servicesAnswered,
  sourcesOverview,
  statementChoices,
  statementsByPartner,
  statementsFor,
  waitingAnswer,
} from '../../../src/core/topics/index.ts';
import type { Source } from '../../../src/core/types.ts';
import { loadKnowledge, type KnowledgeSnapshot } from '../../../src/knowledge/load.ts';
import { buildEngine, openKnowledge } from '../../../src/knowledge/open.ts';
import { parseKnowledgeFile } from '../../../src/knowledge/parse.ts';
import { defaultKnowledgeDir } from '../../../src/cli/paths.ts';

let engine: Engine;
let sources: Source[];

beforeAll(async () => {
  const kb = await openKnowledge(defaultKnowledgeDir());
  engine = kb.engine;
  sources = kb.snapshot.sources;
});

const BBC = 'bbc-2024-send-inspection';
const WCC = 'wcc-2022-send-progress';

/** The real knowledge base plus one more source. */
function withExtraSource(markdown: string): Engine {
  const parsed = parseKnowledgeFile('extra.md', markdown);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
  return engineOver([...sources, parsed.source], engine.vocabulary);
}

const EXTRA = `${MONITORING_VISIT}
Jo Bloggs, a spokesperson for the county council, said: "We are recruiting more speech and language therapists."
`;

/** The day the tests look at the timeline, after the January 2026 due date. */
const TODAY = '2026-11-23';

describe('progressTimeline', () => {
  it('lists every event of every source, oldest first, each with where it stands', () => {
    const steps = progressTimeline(engine, TODAY);
    expect(steps.map((s) => [s.event.date, s.source.id, s.status])).toEqual([
      ['2018', WCC, 'superseded'],
      ['2021-11-01', WCC, 'superseded'],
      ['2024-04', BBC, 'current'],
      ['2026-01', BBC, 'overdue'],
    ]);
    expect(steps.map((s) => s.event.label)).toEqual(sources.flatMap((s) => s.meta.events).sort((a, b) => (a.date < b.date ? -1 : 1)).map((e) => e.label));
  });

  it('marks each superseded step with the next event that happened', () => {
    const [initial, revisit, partnership, monitoring] = progressTimeline(engine, TODAY);
    expect(initial?.supersededBy).toBe(revisit);
    expect(revisit?.supersededBy).toBe(partnership);
    expect(partnership?.supersededBy).toBeUndefined();
    expect(monitoring?.supersededBy).toBeUndefined();
  });

  it('calls the announced monitoring inspection due until its month is over, then overdue', () => {
    const monitoring = (today: string) => progressTimeline(engine, today).find((s) => s.event.status === 'due')?.status;
    expect(monitoring('2024-08-01')).toBe('due');
    expect(monitoring('2025-12-31')).toBe('due');
    expect(monitoring('2026-01-01')).toBe('due');
    expect(monitoring('2026-01-31')).toBe('due');
    expect(monitoring('2026-02-01')).toBe('overdue');
    expect(monitoring(TODAY)).toBe('overdue');
    // The day does not change what happened.
    for (const today of ['2024-08-01', '2026-02-01', '2030-01-01']) {
      expect(progressTimeline(engine, today).map((s) => s.status).slice(0, 3)).toEqual(['superseded', 'superseded', 'current']);
    }
  });

  it('is memoised per engine and day; the excerpts are found once per engine', () => {
    const a = progressTimeline(engine, TODAY);
    expect(progressTimeline(engine, TODAY)).toBe(a);
    const b = progressTimeline(engine, '2025-06-01');
    expect(b).not.toBe(a);
    expect(b.map((s) => s.excerpt)).toEqual(a.map((s) => s.excerpt));
    b.forEach((s, i) => expect(s.excerpt).toBe(a[i]?.excerpt));
  });

  it('refuses a day that is not a whole date', () => {
    for (const bad of ['2026-11', '2026-02-30', 'today', '']) expect(() => progressTimeline(engine, bad)).toThrow(RangeError);
  });

  it('cites for each step a passage of the source that reports the event', () => {
    for (const step of progressTimeline(engine, TODAY)) {
      expect(step.excerpt, step.event.label).toBeDefined();
      expect(step.excerpt?.passage.sourceId).toBe(step.source.id);
      expect(step.excerpt?.source.id).toBe(step.source.id);
      expect(step.excerpt?.passage.text).toContain(step.excerpt?.highlight);
    }
    const byDate = new Map(progressTimeline(engine, TODAY).map((s) => [s.event.date, s.excerpt?.passage.text ?? '']));
    expect(byDate.get('2018')).toContain('initial inspection in 2018');
    expect(byDate.get('2026-01')).toBe('A monitoring inspection will be carried out within 18 months.');
  });

  it('does not cite the same passage for two steps when another passage answers', () => {
    const ids = progressTimeline(engine, TODAY).map((s) => s.excerpt?.passage.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows a new source\'s events after a rebuild, without a code change', () => {
    const steps = progressTimeline(withExtraSource(EXTRA), TODAY);
    expect(steps).toHaveLength(5);
    const last = steps[steps.length - 1];
    expect(last?.event.label).toBe('Monitoring inspection by Ofsted and the CQC');
    expect(last?.source.id).toBe('extra-2026-monitoring');
    expect(last?.excerpt?.passage.text).toMatch(/^The monitoring inspection by Ofsted and the CQC in January 2026/);
    expect(steps.map((s) => s.event.date)).toEqual(['2018', '2021-11-01', '2024-04', '2026-01', '2026-01-20']);
  });

  it('is empty for a knowledge base without events', () => {
    const parsed = parseKnowledgeFile('x.md', EXTRA.replace(/events:[\s\S]*?---/, '---'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    expect(progressTimeline(engineOver([parsed.source], engine.vocabulary), TODAY)).toEqual([]);
  });
});

describe('progressTimeline after a new dated source is added', () => {
  let snapshot: KnowledgeSnapshot;

  beforeAll(async () => {
    snapshot = await loadKnowledge(defaultKnowledgeDir());
  });

  /** The real knowledge folder plus one source, built as the bot builds it. */
  function rebuiltWith(markdown: string): Engine {
    const parsed = parseKnowledgeFile('extra.md', markdown);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    return buildEngine({ ...snapshot, sources: [...snapshot.sources, parsed.source] });
  }

  /** A news report of one done event. */
  function report(date: string, label: string, published = '2026-03-02'): string {
    return EXTRA.replace('published: 2026-02-10', `published: ${published}`)
      .replace('  - date: 2026-01-20\n    label: Monitoring inspection by Ofsted and the CQC', `  - date: ${date}\n    label: ${label}`);
  }

  it('the monitoring inspection reported done: the due step and the April 2024 step are superseded by it', () => {
    const steps = progressTimeline(rebuiltWith(EXTRA), TODAY);
    const reported = steps.find((s) => s.source.id === 'extra-2026-monitoring');
    expect(steps.map((s) => [s.event.date, s.status])).toEqual([
      ['2018', 'superseded'],
      ['2021-11-01', 'superseded'],
      ['2024-04', 'superseded'],
      ['2026-01', 'superseded'],
      ['2026-01-20', 'current'],
    ]);
    expect(steps[2]?.supersededBy).toBe(reported);
    expect(steps[3]?.supersededBy).toBe(reported);
    expect(steps.some((s) => s.status === 'overdue')).toBe(false);
  });

  it('a monitoring inspection earlier than the due date fulfils it too, before and after that date', () => {
    const early = rebuiltWith(report('2025-10-14', 'Monitoring inspection by Ofsted and the CQC', '2025-11-20'));
    for (const today of ['2025-12-01', TODAY]) {
      const steps = progressTimeline(early, today);
      const due = steps.find((s) => s.event.status === 'due');
      expect(due?.status, today).toBe('superseded');
      expect(due?.supersededBy?.event.date).toBe('2025-10-14');
      expect(steps.find((s) => s.event.date === '2025-10-14')?.status).toBe('current');
    }
  });

  it('another kind of inspection before the due date does not fulfil it; one on or after its month does', () => {
    const other = (date: string) => rebuiltWith(report(date, 'Inspection of children\'s services by Ofsted'));
    const before = progressTimeline(other('2025-05-06'), TODAY);
    expect(before.find((s) => s.event.status === 'due')?.status).toBe('overdue');
    expect(before.find((s) => s.event.date === '2025-05-06')?.status).toBe('current');
    expect(progressTimeline(other('2025-05-06'), '2025-12-01').find((s) => s.event.status === 'due')?.status).toBe('due');
    const after = progressTimeline(other('2026-01-12'), TODAY);
    expect(after.find((s) => s.event.status === 'due')?.supersededBy?.event.date).toBe('2026-01-12');
  });

  it('a report dated before the latest step does not change which step is latest', () => {
    const steps = progressTimeline(rebuiltWith(report('2019-06', 'Written statement of action accepted by Ofsted')), TODAY);
    expect(steps.map((s) => [s.event.date, s.status])).toEqual([
      ['2018', 'superseded'],
      ['2019-06', 'superseded'],
      ['2021-11-01', 'superseded'],
      ['2024-04', 'current'],
      ['2026-01', 'overdue'],
    ]);
    expect(steps[0]?.supersededBy?.event.date).toBe('2019-06');
    expect(steps[1]?.supersededBy?.event.date).toBe('2021-11-01');
  });
});

describe('laterCoverage', () => {
  it('names the July 2024 report for a 2022 excerpt it also answers, with its own best passage', () => {
    // Found by trying: only the 2022 press release is shown, but the BBC article answers too.
    const answer = engine.ask('co-production with parents', { k: 1 });
    expect(answer.results.map((r) => r.source.id)).toEqual([WCC]);
    const [later] = laterCoverage(engine, answer);
    expect(later?.source.id).toBe(BBC);
    expect(later?.excerpt.source.id).toBe(BBC);
    expect(later?.excerpt.passage.text).toContain('co-production of services');
    expect(engine.ask(answer.question, { sourceIds: [BBC] }).answered).toBe(true);
  });

  it('gives nothing for an excerpt of the newest source, or when no later source answers', () => {
    const both = engine.ask('specialist school places', { k: 3 });
    expect(both.results.map((r) => r.source.id)).toEqual([BBC, WCC]);
    expect(laterCoverage(engine, both).map((l) => l?.source.id)).toEqual([undefined, BBC]);

    const localOffer = engine.ask('what about the local offer', { k: 3 });
    expect(localOffer.answered).toBe(true);
    expect(localOffer.results.every((r) => r.source.id === WCC)).toBe(true);
    expect(engine.ask(localOffer.question, { sourceIds: [BBC] }).answered).toBe(false);
    expect(laterCoverage(engine, localOffer).every((l) => l === undefined)).toBe(true);
  });

  it('gives the newest of several later sources that answer', () => {
    const newer = withExtraSource(EXTRA.replace('waiting lists for speech and language therapy were still long', 'co-production with parents had improved'));
    const answer = newer.ask('co-production with parents', { sourceIds: [WCC] });
    expect(laterCoverage(newer, answer).map((l) => l?.source.id)).toEqual(answer.results.map(() => 'extra-2026-monitoring'));
    // Without the 2026 report answering, the 2024 one.
    const unrelated = withExtraSource(EXTRA);
    expect(laterCoverage(unrelated, unrelated.ask('co-production with parents', { sourceIds: [WCC] })).map((l) => l?.source.id)).toEqual([BBC]);
  });

  it('in a larger collection, still finds a later source that answers behind many newer ones that do not', () => {
    /** `n` news items about other things, published after both real sources. */
    const unrelated = (n: number): Source[] => Array.from({ length: n }, (_, i) => {
      const parsed = parseKnowledgeFile(`n${i}.md`, `---
id: unrelated-${i}
title: Town news ${i}
publisher: Example News
published: 2025-${String(1 + (i % 12)).padStart(2, '0')}-${String(1 + i).padStart(2, '0')}
url: https://example.org/town/${i}
kind: news
---

The bridge over the river was closed for repairs on day ${i}, and the bus was diverted.
`);
      if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
      return parsed.source;
    });
    const coProduction = EXTRA.replace('waiting lists for speech and language therapy were still long', 'co-production with parents had improved')
      .replace('published: 2026-02-10', 'published: 2024-09-01');
    const parsed = parseKnowledgeFile('extra.md', coProduction);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.issues));
    const large = engineOver([...sources, ...unrelated(20), parsed.source], engine.vocabulary);
    const answer = large.ask('co-production with parents', { sourceIds: [WCC] });
    expect(laterCoverage(large, answer).map((l) => l?.source.id)).toEqual(answer.results.map(() => 'extra-2026-monitoring'));
    const withoutIt = engineOver([...sources, ...unrelated(20)], engine.vocabulary);
    expect(laterCoverage(withoutIt, withoutIt.ask('co-production with parents', { sourceIds: [WCC] })).map((l) => l?.source.id)).toEqual([BBC]);
    const localOffer = withoutIt.ask('what about the local offer', { sourceIds: [WCC] });
    expect(localOffer.answered).toBe(true);
    expect(laterCoverage(withoutIt, localOffer).every((l) => l === undefined)).toBe(true);
  });

  it('is empty for an abstention', () => {
    const answer = engine.ask('what is the best pizza in town?');
    expect(answer.answered).toBe(false);
    expect(laterCoverage(engine, answer)).toEqual([]);
  });
});

describe('servicesAnswered, findService and waitingAnswer', () => {
  it('offers the vocabulary services the knowledge base answers about', () => {
    expect(servicesAnswered(engine).map((s) => s.name)).toEqual(['Autism diagnosis', 'Community paediatrics', 'Occupational therapy', 'Specialist school places', 'EHC plans']);
    for (const service of servicesAnswered(engine)) expect(engine.vocabulary.services).toContain(service);
  });

  it('leaves out a service the reports never mention', () => {
    const parsed = parseKnowledgeFile('x.md', EXTRA);
    if (!parsed.ok) throw new Error('fixture');
    const vocabulary = { ...engine.vocabulary, services: [...engine.vocabulary.services, { name: 'Hydrotherapy', terms: ['hydrotherapy', 'hydro pool'] }] };
    const names = servicesAnswered(engineOver(sources, vocabulary)).map((s) => s.name);
    expect(names).not.toContain('Hydrotherapy');
    expect(names).toContain('Autism diagnosis');
  });

  it('finds a service by name or by one of its terms, in any case', () => {
    expect(findService(engine, 'autism diagnosis')?.name).toBe('Autism diagnosis');
    expect(findService(engine, 'OT')?.name).toBe('Occupational therapy');
    expect(findService(engine, 'EHCP')?.name).toBe('EHC plans');
    expect(findService(engine, 'hydrotherapy')).toBeUndefined();
    expect(findService(engine, '  ')).toBeUndefined();
  });

  it('answers waiting times for every offered service, from passages that name it', () => {
    for (const service of servicesAnswered(engine)) {
      const answer = waitingAnswer(engine, service, 3);
      expect(answer.answered, service.name).toBe(true);
      expect(answer.results.length).toBeGreaterThan(0);
    }
    const ot = waitingAnswer(engine, findService(engine, 'OT'));
    expect(ot.results[0]?.passage.text).toContain('occupational therapy');
    expect(ot.results[0]?.passage.text).toContain('long waiting times');
  });

  it('answers waiting times in general without a service', () => {
    const answer = waitingAnswer(engine);
    expect(answer.answered).toBe(true);
    expect(answer.results.every((r) => /wait/i.test(r.passage.text))).toBe(true);
  });

  it('abstains for typed words the reports do not cover', () => {
    expect(waitingAnswer(engine, 'hydrotherapy pools').answered).toBe(false);
  });
});

describe('statementsByPartner', () => {
  it('groups every passage with a speaker by the vocabulary partners, in vocabulary order', () => {
    const groups = statementsByPartner(engine);
    expect(groups.map((g) => g.partner)).toEqual(['Worcestershire County Council', 'NHS', 'Local area partnership', 'Inspectors (Ofsted and CQC)']);
    expect(groups.every((g) => g.known)).toBe(true);
    const withSpeaker = engine.passages().filter((p) => p.speaker).map((p) => p.id).sort();
    const grouped = groups.flatMap((g) => g.statements.flatMap((s) => s.passages.map((p) => p.id))).sort();
    expect(grouped).toEqual(withSpeaker);
  });

  it('matches speakers by name and role: a councillor to the council, a clinical lead of the CCG to the NHS', () => {
    const partnerOf = (name: string): string | undefined => statementsByPartner(engine).find((g) => g.statements.some((s) => s.speaker.name === name))?.partner;
    expect(partnerOf('Cllr Marcus Hart')).toBe('Worcestershire County Council');
    expect(partnerOf('Dr Louise Bramble')).toBe('NHS');
    expect(partnerOf('The partnership')).toBe('Local area partnership');
    expect(partnerOf('Inspectors')).toBe('Inspectors (Ofsted and CQC)');
  });

  it('keeps a quote continued over several paragraphs together, in reading order', () => {
    const council = statementsByPartner(engine).find((g) => g.partner === 'Worcestershire County Council');
    expect(council?.statements).toHaveLength(1);
    const hart = council?.statements[0];
    expect(hart?.passages.map((p) => p.position)).toEqual([13, 14, 15]);
    expect(hart?.passages[0]?.text).toMatch(/^Cllr Marcus Hart, Cabinet Member for Education said:/);
  });

  it('puts newer sources first within a partner', () => {
    for (const group of statementsByPartner(engine)) {
      const dates = group.statements.map((s) => s.source.published);
      expect([...dates].sort().reverse()).toEqual(dates);
    }
  });

  it('includes a new source\'s statements, matched by the role\'s words', () => {
    const council = statementsByPartner(withExtraSource(EXTRA)).find((g) => g.partner === 'Worcestershire County Council');
    expect(council?.statements.map((s) => s.speaker.name)).toEqual(['Jo Bloggs', 'Cllr Marcus Hart']);
  });
});

describe('statementChoices and statementsFor', () => {
  it('offers the partners with statements, then each speaker once', () => {
    const choices = statementChoices(engine);
    expect(choices.slice(0, 4)).toEqual(['Worcestershire County Council', 'NHS', 'Local area partnership', 'Inspectors (Ofsted and CQC)']);
    expect(choices).toContain('Cllr Marcus Hart');
    expect(choices).toContain('Dr Louise Bramble');
    expect(new Set(choices.map((c) => c.toLowerCase())).size).toBe(choices.length);
  });

  it('finds statements by partner name, speaker name, partner term or part of a name', () => {
    const partners = (who: string): string[] | undefined => statementsFor(engine, who)?.map((g) => g.partner);
    expect(partners('nhs')).toEqual(['NHS']);
    expect(partners('Cllr Marcus Hart')).toEqual(['Cllr Marcus Hart']);
    expect(partners('bramble')).toEqual(['Dr Louise Bramble']);
    expect(partners('CCG')).toEqual(['NHS']);
    expect(partners('county council')).toEqual(['Worcestershire County Council']);
    expect(partners('nobody at all')).toBeUndefined();
    expect(statementsFor(engine)).toBe(statementsByPartner(engine));
    expect(statementsFor(engine, ' ')).toBe(statementsByPartner(engine));
  });
});

describe('sourcesOverview', () => {
  it('lists every source newest first with its passage count', () => {
    expect(sourcesOverview(engine).map((s) => [s.source.id, s.passages])).toEqual(
      [BBC, WCC].map((id) => [id, sources.find((s) => s.meta.id === id)?.passages.length]),
    );
  });
});
