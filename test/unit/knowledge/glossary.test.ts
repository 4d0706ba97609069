/**
 * The glossary as the bot loads it: `glossary.yml` read and checked with the file and field of every
 * problem, its aliases reaching the engine (on the real knowledge base, retrieval measured with and
 * without them), the index cache, and a reload that keeps the previous glossary when the file breaks.
 */
import { cp, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { refreshReport } from '../../../commands/refresh.ts';
import { termsLine } from '../../../src/replies/glossary.ts';
import { describeChanges, KnowledgeBase } from '../../../src/knowledge/live.ts';
import { defaultKnowledgeDir } from '../../../src/cli/paths.ts';
import type { Engine } from '../../../src/core/engine.ts';
import { emptyGlossary, namesOf, termsIn, type GlossaryEntry } from '../../../src/core/glossary.ts';
import { words } from '../../../src/core/text.ts';
import { GLOSSARY_FILE, loadKnowledge, type KnowledgeSnapshot } from '../../../src/knowledge/load.ts';
import { buildEngine, openKnowledge } from '../../../src/knowledge/open.ts';
import { openCachedKnowledge } from '../../../src/knowledge/index-cache.ts';

const FIXTURE = fileURLToPath(new URL('../../fixtures/glossary/knowledge/', import.meta.url));

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'glossary-test-'));
  await cp(FIXTURE, dir, { recursive: true });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});
const writeGlossary = (text: string): Promise<void> => writeFile(join(dir, GLOSSARY_FILE), text);

describe('loading glossary.yml', () => {
  it('reads the glossary beside the sources and the vocabulary', async () => {
    const snapshot = await loadKnowledge(dir);
    expect(snapshot.issues).toEqual([]);
    expect(snapshot.glossary.entries.map((e) => e.term)).toEqual(['speech and language therapy', 'Cllr', 'SEND', 'school transport']);
    expect(snapshot.glossary.entries[2]?.link).toBe('https://www.gov.uk/children-with-special-educational-needs');
  });

  it('a folder without glossary.yml has an empty glossary and no problem', async () => {
    await rm(join(dir, GLOSSARY_FILE));
    const snapshot = await loadKnowledge(dir);
    expect(snapshot.issues).toEqual([]);
    expect(snapshot.glossary).toEqual(emptyGlossary);
  });

  it('reports each problem with the file and the field, and keeps the valid entries', async () => {
    await writeGlossary([
      'terms:',
      '  - term: SEND',
      '    meaning: Special educational needs and disabilities.',
      '  - term: EHC plan',
      '  - term: Cllr',
      '    meaning: A councillor.',
      '    aliases: [councillor, 7]',
      '    link: not a link',
      '    colour: red',
      '  - term: send',
      '    meaning: The same name as the first entry.',
    ].join('\n'));
    const snapshot = await loadKnowledge(dir);
    expect(snapshot.issues.map((i) => [i.file, i.field])).toEqual([
      ['glossary.yml', 'terms[1].meaning'],
      ['glossary.yml', 'terms[2].colour'],
      ['glossary.yml', 'terms[2].aliases[1]'],
      ['glossary.yml', 'terms[2].link'],
      ['glossary.yml', 'terms[3].term'],
    ]);
    expect(snapshot.glossary.entries.map((e) => e.term)).toEqual(['SEND', 'Cllr']);
  });

  it('reports invalid YAML at the root of the file', async () => {
    await writeGlossary('terms: [unclosed\n');
    const snapshot = await loadKnowledge(dir);
    expect(snapshot.issues).toEqual([{ file: 'glossary.yml', field: '(root)', message: expect.stringMatching(/invalid YAML/) }]);
    expect(snapshot.glossary).toEqual(emptyGlossary);
  });

  it('reports an entry whose names the vocabulary keeps apart, naming its place in the file, and does not merge it', async () => {
    await writeGlossary([
      'terms:',
      '  - term: broken entry',
      '  - term: buses',
      '    meaning: Not a synonym of speech therapy.',
      '    aliases: [speech therapy, coaches]',
    ].join('\n'));
    const snapshot = await loadKnowledge(dir);
    const join = snapshot.issues.find((i) => i.field === 'terms[1]');
    expect(join).toEqual({ file: 'glossary.yml', field: 'terms[1]', message: expect.stringMatching(/"buses".*different groups of vocabulary\.yml/) });
    const engine = buildEngine(snapshot);
    expect(engine.vocabulary.synonyms.flat()).not.toContain('coaches');
  });
});

describe('the glossary in the engine', () => {
  it('a question using only an alias that vocabulary.yml lacks finds the passage (and does not without the glossary)', async () => {
    const snapshot = await loadKnowledge(dir);
    expect(snapshot.vocabulary.synonyms.flat().map((p) => p.toLowerCase())).not.toContain('slt');
    const withGlossary = buildEngine(snapshot);
    const without = buildEngine({ ...snapshot, glossary: emptyGlossary });
    const answer = withGlossary.ask('SLT waiting list');
    expect(answer.results[0]?.passage.text).toMatch(/speech and language therapy/);
    expect(without.ask('SLT').answered).toBe(false);
    expect(withGlossary.ask('SLT').results[0]?.passage.text).toMatch(/speech and language therapy/);
    expect(withGlossary.glossary).toBe(snapshot.glossary);
  });

  it('the index cache keys on glossary.yml: a change rebuilds with the new glossary, no change restores it', async () => {
    const cacheFile = join(dir, '..', `${dir.split('/').pop() ?? 'x'}-index.json`);
    try {
      const problems: string[] = [];
      const open = () => openCachedKnowledge(dir, {}, { cacheFile, onCacheProblem: (m) => problems.push(m) });
      const first = await open();
      expect(first.from).toBe('built');
      const again = await open();
      expect(again.from).toBe('cache');
      expect(again.engine.glossary).toEqual(first.engine.glossary);
      await again.engine.indexReady;
      expect(again.engine.ask('SLT').results[0]?.passage.id).toBe(first.engine.ask('SLT').results[0]?.passage.id);

      await writeGlossary('terms:\n  - term: Cllr\n    meaning: A councillor.\n');
      const changed = await open();
      expect(changed.from).toBe('built');
      expect(problems.some((p) => /stale/.test(p))).toBe(true);
      expect(changed.engine.glossary.entries.map((e) => e.term)).toEqual(['Cllr']);
      expect(changed.engine.ask('SLT').answered).toBe(false);
    } finally {
      await rm(cacheFile, { force: true });
    }
  });
});

describe('reloading', () => {
  it('keeps the previous glossary serving when glossary.yml breaks, and says so', async () => {
    const kb = await KnowledgeBase.open(dir);
    const glossary = kb.engine.glossary;
    expect(glossary.entries).toHaveLength(4);
    await writeGlossary('terms:\n  - term: SEND\n');
    const result = await kb.reload();
    expect(result.changes.keptGlossary).toBe(true);
    expect(result.issues).toEqual([expect.objectContaining({ file: 'glossary.yml', field: 'terms[0].meaning' })]);
    expect(kb.engine.glossary).toEqual(glossary);
    expect(kb.engine.ask('SLT').answered).toBe(true);
    expect(describeChanges(result.changes)).toContain('still using the previous glossary (glossary.yml broken)');
    // The moderator's /refresh report names the file and field, and says the old glossary still serves.
    expect(refreshReport(result).split('\n')).toContain('• glossary.yml: terms\\[0].meaning: missing; still using the previous glossary');

    await writeGlossary('terms:\n  - term: SEND\n    meaning: Special educational needs and disabilities.\n');
    const fixed = await kb.reload();
    expect(fixed.changes.keptGlossary).toBe(false);
    expect(kb.engine.glossary.entries.map((e) => e.term)).toEqual(['SEND']);
  });
});

// ---------------------------------------------------------------------------------------------
// The real knowledge base
// ---------------------------------------------------------------------------------------------

let real: KnowledgeSnapshot;
let engine: Engine;
beforeAll(async () => {
  const opened = await openKnowledge(defaultKnowledgeDir());
  real = opened.snapshot;
  engine = opened.engine;
});

/**
 * Whether a name is really in a text, checked independently of `termsIn`: its words in a row, a word
 * in capitals as written (plural "s" allowed), other words by their first five letters (or all of a
 * shorter word) in any case ("home educate" is "home education", "bases" is "base").
 */
function mentions(text: string, name: string): boolean {
  const own = name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const written = text.replace(/[’']s\b/g, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const same = (n: string, t: string): boolean =>
    /^\p{Lu}{2,}$/u.test(n) ? t === n || t === `${n}s` : t.toLowerCase().startsWith(n.toLowerCase().slice(0, 5)) && Math.abs(t.length - n.length) <= 3;
  for (let i = 0; i + own.length <= written.length; i++) if (own.every((n, j) => same(n, written[i + j] ?? ''))) return true;
  return false;
}
const mentioned = (entry: GlossaryEntry, texts: readonly string[]): boolean => texts.some((t) => namesOf(entry).some((n) => mentions(t, n)));

describe('the real glossary', () => {
  it('loads without problems, with the jargon the reports use', () => {
    expect(real.issues).toEqual([]);
    expect(real.glossary.entries.length).toBeGreaterThanOrEqual(20);
    const passages = real.sources.flatMap((s) => s.passages.map((p) => p.text));
    const used = real.glossary.entries.filter((e) => mentioned(e, passages));
    expect(used.length).toBeGreaterThanOrEqual(20);
  });

  it('links only to official pages, over https', () => {
    for (const e of real.glossary.entries) {
      if (e.link === undefined) continue;
      const url = new URL(e.link);
      expect(url.protocol, e.term).toBe('https:');
      expect(url.hostname, e.term).toMatch(/(^|\.)(gov\.uk|nhs\.uk|cqc\.org\.uk)$/);
    }
  });

  it('keeps meanings to one or two sentences', () => {
    for (const e of real.glossary.entries) expect(e.meaning.split(/(?<=[.?!])\s+(?=[A-Z])/).length, e.term).toBeLessThanOrEqual(2);
  });
});

describe('the terms of real answers', () => {
  const QUESTIONS = [
    'how long is the wait for an autism assessment',
    'what did the inspectors find',
    'has the local offer got better',
    'are EHC plans any good',
    'who is responsible for SEND in Worcestershire',
    'what happens next, when is the monitoring inspection',
    'what did the council say about parent carers',
  ];

  it.each(QUESTIONS)('%s: the terms line names jargon that is in the excerpts, and nothing that is not', (q) => {
    const answer = engine.ask(q);
    expect(answer.answered).toBe(true);
    const texts = answer.results.map((r) => r.passage.text);
    const found = termsIn(engine.glossary, texts);
    for (const entry of found) expect(mentioned(entry, texts), `${entry.term} is not in the excerpts`).toBe(true);
    // Every entry the excerpts mention is found, unless its name only occurs inside a longer one found.
    const longer = found.flatMap(namesOf).map((n) => words(n).join(' '));
    const missed = engine.glossary.entries.filter((e) => !found.includes(e) && mentioned(e, texts))
      .filter((e) => !namesOf(e).some((n) => longer.some((l) => l !== words(n).join(' ') && l.includes(words(n).join(' ')))));
    expect(missed.map((e) => e.term)).toEqual([]);

    const line = termsLine(engine.glossary, texts);
    expect(line).toBeDefined();
    const named = [...(line ?? '').matchAll(/^\*\*(.+?)\*\*: /gm)].map((m) => m[1]?.replace(/\\(.)/g, '$1'));
    expect(named).toEqual(found.slice(0, named.length).map((e) => e.term));
    expect(named.length).toBeGreaterThan(0);
  });

  it('an answer about EHC plans explains the EHC plan, and none about lowercase "send"', () => {
    const texts = engine.ask('are EHC plans any good').results.map((r) => r.passage.text);
    expect(termsIn(engine.glossary, texts).map((e) => e.term)).toContain('EHC plan');
    expect(termsIn(engine.glossary, ['Please send the form to the office, la la.'])).toEqual([]);
  });
});

describe('the glossary\'s aliases on the real knowledge base', () => {
  it('a question that is only an alias vocabulary.yml lacks is answered with a passage using the term; at least one only thanks to the glossary', () => {
    const vocabularyNames = new Set(real.vocabulary.synonyms.flat().map((p) => words(p).join(' ')));
    const without = buildEngine({ ...real, glossary: emptyGlossary });
    const passages = real.sources.flatMap((s) => s.passages.map((p) => p.text));
    let tried = 0;
    let onlyWithGlossary = 0;
    for (const entry of real.glossary.entries) {
      if (!passages.some((p) => termsIn({ entries: [entry] }, [p]).length > 0)) continue;
      for (const alias of entry.aliases) {
        if (vocabularyNames.has(words(alias).join(' ')) || passages.some((p) => mentions(p, alias))) continue;
        tried++;
        const uses = (engineUsed: Engine): boolean => engineUsed.ask(alias).results.some((r) => termsIn({ entries: [entry] }, [r.passage.text]).length > 0);
        expect(uses(engine), `"${alias}" should find a passage using "${entry.term}"`).toBe(true);
        if (!uses(without)) onlyWithGlossary++;
      }
    }
    expect(tried).toBeGreaterThan(0);
    expect(onlyWithGlossary).toBeGreaterThan(0);
  });
});
