/**
 * Topics over the real knowledge base (knowledge/), plus a source added inline to show that new
 * content appears without a code change.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/core/engine.ts';
import {
  findService,
  progressTimeline,
  servicesAnswered,
  sourcesOverview,
  statementChoices,
  statementsByPartner,
  statementsFor,
  waitingAnswer,
} from '../../src/core/topics.ts';
import type { Source } from '../../src/core/types.ts';
import { openKnowledge } from '../../src/knowledge/open.ts';
import { parseKnowledgeFile } from '../../src/knowledge/parse.ts';
import { defaultKnowledgeDir } from '../../src/cli/paths.ts';

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
  return new Engine([...sources, parsed.source], engine.vocabulary);
}

const EXTRA = `---
id: extra-2026-monitoring
title: Monitoring visit finds waiting lists still long
publisher: Example News
published: 2026-02-10
url: https://example.org/news/monitoring
kind: news
events:
  - date: 2026-01-20
    label: Monitoring inspection by Ofsted and the CQC
---

The monitoring inspection by Ofsted and the CQC in January 2026 found that waiting lists for speech and language therapy were still long.

Jo Bloggs, a spokesperson for the county council, said: "We are recruiting more speech and language therapists."
`;

describe('progressTimeline', () => {
  it('lists every event of every source, oldest first, the due one marked upcoming', () => {
    const steps = progressTimeline(engine);
    expect(steps.map((s) => [s.event.date, s.source.id, s.upcoming])).toEqual([
      ['2018', WCC, false],
      ['2021-11-01', WCC, false],
      ['2024-04', BBC, false],
      ['2026-01', BBC, true],
    ]);
    expect(steps.map((s) => s.event.label)).toEqual(sources.flatMap((s) => s.meta.events).sort((a, b) => (a.date < b.date ? -1 : 1)).map((e) => e.label));
  });

  it('cites for each step a passage of the source that reports the event', () => {
    for (const step of progressTimeline(engine)) {
      expect(step.excerpt, step.event.label).toBeDefined();
      expect(step.excerpt?.passage.sourceId).toBe(step.source.id);
      expect(step.excerpt?.source.id).toBe(step.source.id);
      expect(step.excerpt?.passage.text).toContain(step.excerpt?.highlight);
    }
    const byDate = new Map(progressTimeline(engine).map((s) => [s.event.date, s.excerpt?.passage.text ?? '']));
    expect(byDate.get('2018')).toContain('initial inspection in 2018');
    expect(byDate.get('2026-01')).toBe('A monitoring inspection will be carried out within 18 months.');
  });

  it('does not cite the same passage for two steps when another passage answers', () => {
    const ids = progressTimeline(engine).map((s) => s.excerpt?.passage.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('shows a new source\'s events after a rebuild, without a code change', () => {
    const steps = progressTimeline(withExtraSource(EXTRA));
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
    expect(progressTimeline(new Engine([parsed.source], engine.vocabulary))).toEqual([]);
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
    const names = servicesAnswered(new Engine(sources, vocabulary)).map((s) => s.name);
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
