/**
 * Retrieval quality on our own question set: recall@1, recall@3, MRR@10, abstention, both sides for
 * change questions, and page furniture. Works on any retriever (our engine, or an anchor such as
 * plain MiniSearch or lunr), so the figures are comparable.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface InScopeQuestion {
  q: string;
  expect: string[];
  both?: boolean;
  tags: string[];
}
export interface OutOfScopeQuestion {
  q: string;
  tags: string[];
}
export interface QuestionSet {
  inScope: InScopeQuestion[];
  outOfScope: OutOfScopeQuestion[];
}

/** What a retriever returns for one question: whether it answered, and the cited passages in order. */
export interface Retrieved {
  answered: boolean;
  /** Passages shown (k = 3), in order. */
  top: { text: string; sourceId: string }[];
  /** Ranked list for MRR@10 (k = 10). */
  ranked: { text: string; sourceId: string }[];
}

export interface Report {
  questions: number;
  outOfScope: number;
  recallAt1: number;
  recallAt3: number;
  mrrAt10: number;
  /** In-scope questions wrongly abstained. */
  falseAbstentions: number;
  /** Share of out-of-scope questions abstained. */
  abstentionRate: number;
  /** Share of `both` questions whose shown answer cites more than one source. */
  bothSides: number;
  furnitureCited: string[];
  misses: { q: string; got: string[] }[];
  answeredOutOfScope: string[];
}

export function loadQuestionSet(path = fileURLToPath(new URL('./questions.json', import.meta.url))): QuestionSet {
  return JSON.parse(readFileSync(path, 'utf8')) as QuestionSet;
}

export function loadFurniture(path = fileURLToPath(new URL('./furniture.json', import.meta.url))): string[] {
  return (JSON.parse(readFileSync(path, 'utf8')) as { snippets: string[] }).snippets;
}

const norm = (s: string): string => s.replace(/[\u2018\u2019]/g, "'").replace(/[\u201c\u201d]/g, '"').replace(/\s+/g, ' ');

export function isExpected(text: string, expect: readonly string[]): boolean {
  const t = norm(text);
  return expect.some((e) => t.includes(norm(e)));
}

export function evaluate(set: QuestionSet, retrieve: (q: string) => Retrieved, furniture: readonly string[] = []): Report {
  let r1 = 0;
  let r3 = 0;
  let mrr = 0;
  let falseAbstentions = 0;
  let both = 0;
  let bothTotal = 0;
  const furnitureCited = new Set<string>();
  const misses: Report['misses'] = [];
  const checkFurniture = (texts: { text: string }[]): void => {
    for (const { text } of texts) for (const f of furniture) if (text.includes(f)) furnitureCited.add(f);
  };
  for (const item of set.inScope) {
    const got = retrieve(item.q);
    checkFurniture(got.top);
    checkFurniture(got.ranked);
    if (!got.answered) falseAbstentions++;
    const top = got.answered ? got.top : [];
    const ranked = got.answered ? got.ranked : [];
    if (top[0] && isExpected(top[0].text, item.expect)) r1++;
    if (top.slice(0, 3).some((p) => isExpected(p.text, item.expect))) r3++;
    else misses.push({ q: item.q, got: top.slice(0, 3).map((p) => p.text.slice(0, 90)) });
    const rank = ranked.slice(0, 10).findIndex((p) => isExpected(p.text, item.expect));
    if (rank >= 0) mrr += 1 / (rank + 1);
    if (item.both) {
      bothTotal++;
      if (new Set(top.map((p) => p.sourceId)).size > 1) both++;
    }
  }
  const answeredOutOfScope: string[] = [];
  for (const item of set.outOfScope) {
    const got = retrieve(item.q);
    checkFurniture(got.top);
    if (got.answered) answeredOutOfScope.push(item.q);
  }
  const n = set.inScope.length;
  return {
    questions: n,
    outOfScope: set.outOfScope.length,
    recallAt1: r1 / n,
    recallAt3: r3 / n,
    mrrAt10: mrr / n,
    falseAbstentions,
    abstentionRate: set.outOfScope.length ? (set.outOfScope.length - answeredOutOfScope.length) / set.outOfScope.length : 1,
    bothSides: bothTotal ? both / bothTotal : 1,
    furnitureCited: [...furnitureCited],
    misses,
    answeredOutOfScope,
  };
}

const pct = (x: number): string => x.toFixed(3);

/** One Markdown table row per named report. */
export function reportTable(rows: [string, Report][]): string {
  const head = '| retriever | recall@1 | recall@3 | MRR@10 | out-of-scope abstained | in-scope abstained | both sides | furniture cited |\n|---|---|---|---|---|---|---|---|';
  const body = rows.map(([name, r]) =>
    `| ${name} | ${pct(r.recallAt1)} | ${pct(r.recallAt3)} | ${pct(r.mrrAt10)} | ${pct(r.abstentionRate)} | ${r.falseAbstentions}/${r.questions} | ${pct(r.bothSides)} | ${r.furnitureCited.length ? r.furnitureCited.join('; ') : 'none'} |`,
  );
  return [head, ...body].join('\n');
}
