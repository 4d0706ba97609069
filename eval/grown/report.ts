/**
 * `npm run eval`, second part: the engine beside plain BM25 anchors (bench/anchors.ts: MiniSearch
 * and lunr with their defaults) over the same passages, on the starting knowledge base and on the
 * grown one (./build.ts: the starting articles plus the eleven growth articles, imported as a
 * moderator would). An anchor never abstains when any word matches, so its abstention columns mean
 * little: compare its recall and MRR.
 */
import { fileURLToPath } from 'node:url';
import { ANCHORS, anchorLabel, anchorRetriever, buildAnchor } from '../../bench/anchors.ts';
import { engineRetriever } from '../engine-retriever.ts';
import { evaluate, loadFurniture, loadQuestionSet, reportTable, type QuestionSet, type Report } from '../metrics.ts';
import { buildGrownKnowledge, START_KNOWLEDGE, type ImportNote } from './build.ts';
import { describeRegressions, explainScope, growthRegressions } from './growth.ts';
import { openKnowledge, type Engine, type Passage } from './kb.ts';

const evalFile = (name: string): string => fileURLToPath(new URL(`../${name}`, import.meta.url));

/** The question sets by name: the three starting sets and the grown ones (development, then held out). */
export function questionSets(): { start: [string, QuestionSet][]; grown: [string, QuestionSet][] } {
  return {
    start: [
      ['development set 1', loadQuestionSet(evalFile('questions.json'))],
      ['development set 2', loadQuestionSet(evalFile('questions-holdout.json'))],
      ['held-out set', loadQuestionSet(evalFile('questions-holdout-2.json'))],
    ],
    grown: [
      ['grown development set', loadQuestionSet(evalFile('questions-grown.json'))],
      ['grown development set 2', loadQuestionSet(evalFile('questions-grown-dev-2.json'))],
      ['grown held-out set (never tuned on)', loadQuestionSet(evalFile('questions-grown-holdout.json'))],
      ['grown held-out set 2 (never tuned on)', loadQuestionSet(evalFile('questions-grown-holdout-2.json'))],
      ['grown held-out set 3 (never tuned on)', loadQuestionSet(evalFile('questions-grown-holdout-3.json'))],
      ['grown held-out set 4 (never tuned on)', loadQuestionSet(evalFile('questions-grown-holdout-4.json'))],
    ],
  };
}

/** Page furniture to look for in cited passages: the starting list and the grown pages' list. */
export function grownFurniture(): string[] {
  return [...loadFurniture(), ...loadFurniture(fileURLToPath(new URL('./furniture.json', import.meta.url)))];
}

/** One row for the engine and one per anchor, for each set, over one knowledge base. */
function rows(engine: Engine, passages: readonly Passage[], sets: [string, QuestionSet][], furniture: readonly string[]): { table: [string, Report][]; engineReports: Report[] } {
  const retrievers: [string, ReturnType<typeof engineRetriever>][] = [
    ['engine', engineRetriever(engine)],
    ...ANCHORS.map((name): [string, ReturnType<typeof engineRetriever>] => [anchorLabel[name], anchorRetriever(buildAnchor(name, passages), passages)]),
  ];
  const table: [string, Report][] = [];
  const engineReports: Report[] = [];
  for (const [setName, set] of sets) {
    for (const [name, retrieve] of retrievers) {
      const report = evaluate(set, retrieve, furniture);
      if (name === 'engine') engineReports.push(report);
      table.push([`${setName}: ${name}`, report]);
    }
  }
  return { table, engineReports };
}

/** The import problems a moderator would meet (for issue 13), one line each. */
export function describeNotes(notes: readonly ImportNote[], furniture: readonly string[]): string[] {
  const out: string[] = [];
  const short = (s: string): string => JSON.stringify(s.length > 60 ? `${s.slice(0, 60)}…` : s);
  for (const n of notes) {
    const stray = new Set(n.strayPassages);
    const furnished = n.stored.filter((p) => !stray.has(p) && !n.headingLike.includes(p) && furniture.some((f) => p.includes(f)));
    const problems = [
      ...n.typed.map((t) => `${t.field} typed (page gave ${t.page === undefined ? 'nothing' : short(t.page)})`),
      ...n.strayPassages.map((p) => `page chrome stored ${short(p)}`),
      ...n.headingLike.filter((p) => !stray.has(p)).map((p) => `heading/label stored ${short(p)}`),
      ...furnished.map((p) => `furniture stored ${short(p)}`),
      ...(n.events === 0 ? ['no events'] : []),
    ];
    out.push(`- ${n.file} → ${n.sourceId} (${n.passages} passages)${problems.length ? `: ${problems.join('; ')}` : ': ok'}`);
  }
  return out;
}

/**
 * Prints the engine and the anchors on the starting sets (starting knowledge base), then on every
 * set over the grown knowledge base, the grown development set's misses, and the import notes.
 * `start` is the engine already open over the starting knowledge (opened again if not given).
 */
export async function grownReport(start?: Engine): Promise<void> {
  const furniture = grownFurniture();
  const sets = questionSets();
  const opened = await openKnowledge(START_KNOWLEDGE);
  const startEngine = start ?? opened.engine;
  const startPassages = opened.snapshot.sources.flatMap((s) => s.passages);
  console.log('\n## The engine beside plain BM25 anchors (an anchor never abstains when a word matches: compare recall and MRR)\n');
  console.log(`Starting knowledge base: ${opened.snapshot.sources.length} sources, ${startPassages.length} passages\n`);
  console.log(reportTable(rows(startEngine, startPassages, sets.start, furniture).table));

  const grown = await buildGrownKnowledge();
  try {
    const passages = grown.snapshot.sources.flatMap((s) => s.passages);
    const counts = (pick: (s: QuestionSet) => unknown[]): string => sets.grown.map(([, s]) => pick(s).length).join(' + ');
    console.log(`\nGrown knowledge base: ${grown.snapshot.sources.length} sources, ${passages.length} passages; grown sets: ${counts((s) => s.inScope)} in-scope, ${counts((s) => s.outOfScope)} out-of-scope\n`);
    const { table, engineReports } = rows(grown.engine, passages, [...sets.grown, ...sets.start.map(([n, s]): [string, QuestionSet] => [`${n} (grown KB)`, s])], furniture);
    console.log(reportTable(table));
    const devReport = engineReports[0];
    if (devReport?.misses.length) {
      console.log(`\nGrown development set, not in the engine's top 3 (${devReport.misses.length}):`);
      for (const m of devReport.misses) console.log(`- ${m.q}\n${m.got.map((g) => `    · ${g}`).join('\n') || '    (abstained)'}`);
    }
    if (devReport?.answeredOutOfScope.length) {
      console.log(`\nGrown development set, out-of-scope questions answered (${devReport.answeredOutOfScope.length}):`);
      for (const q of devReport.answeredOutOfScope) console.log(`- ${q}  → ${grown.engine.ask(q).results[0]?.passage.text.slice(0, 80) ?? ''}\n${explainScope(grown.engine, q).map((l) => `    ${l}`).join('\n')}`);
    }
    // Development sets only: the held-out sets are never read question by question.
    const regressions = growthRegressions(startEngine, grown.engine, sets.start.slice(0, 2));
    const offTopic = sets.start.slice(0, 2).reduce((n, [, s]) => n + s.outOfScope.length, 0);
    console.log(`
Development sets 1 and 2, out-of-scope questions the grown knowledge base answers and the starting one declines (${regressions.length} of ${offTopic}; positions are the top passages, 0 the best; * the asker's story, ? a word the collection never uses):`);
    console.log(describeRegressions(grown.engine, regressions).join('\n'));
    console.log('\nImporting the growth pages (what the moderator had to type, and text stored that is not the article):');
    console.log(describeNotes(grown.notes, furniture).join('\n'));
  } finally {
    await grown.dispose();
  }
}
