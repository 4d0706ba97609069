import MiniSearch from 'minisearch';
import { Analyzer, type QueryAnalysis, type QueryTerm } from './analyzer.ts';
import { compareDates, formatDate } from './dates.ts';
import { defaultEngineOptions, type EngineOptions } from './options.ts';
import { Lexicon } from './spelling.ts';
import { sentences, words } from './text.ts';
import type { AbstainReason, Answer, AnswerResult, Passage, Source, SourceMeta } from './types.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Options of one question. */
export interface AskOptions {
  /** How many excerpts (1..maxK). Default: the engine's `k`. */
  k?: number;
  /** Answer only from these sources. Default: all. */
  sourceIds?: readonly string[];
}

interface IndexedPassage {
  id: string;
  text: string;
  speaker: string;
  section: string;
  source: string;
}

const FIELDS = ['text', 'speaker', 'section', 'source'] as const;

/** Recursively partial options, so callers can override one boost without restating the others. */
export type EngineSettings = { [K in keyof EngineOptions]?: EngineOptions[K] extends object ? Partial<EngineOptions[K]> : EngineOptions[K] };

/** Resolves settings against the defaults. */
export function resolveOptions(settings: EngineSettings = {}): EngineOptions {
  const d = defaultEngineOptions;
  return {
    ...d,
    ...settings,
    boost: { ...d.boost, ...settings.boost },
    perspective: { ...d.perspective, ...settings.perspective },
  } as EngineOptions;
}

/**
 * The answer engine: an index over the passages of a set of sources that answers questions with
 * verbatim, cited passages, shows several sources side by side when they differ, and abstains when
 * the collection does not cover a question. Pure: no I/O, no Discord, no environment.
 */
export class Engine {
  readonly options: EngineOptions;
  readonly analyzer: Analyzer;
  readonly vocabulary: Vocabulary;
  readonly sources: readonly Source[];
  readonly #passages = new Map<string, Passage>();
  readonly #meta = new Map<string, SourceMeta>();
  readonly #df = new Map<string, number>();
  readonly #lexicon = new Lexicon();
  /** 0 for the oldest source .. 1 for the newest. */
  readonly #recency = new Map<string, number>();
  readonly #index: MiniSearch<IndexedPassage>;

  constructor(sources: readonly Source[], vocabulary: Vocabulary, settings: EngineSettings = {}) {
    this.options = resolveOptions(settings);
    this.analyzer = new Analyzer(vocabulary);
    this.vocabulary = vocabulary;
    this.sources = sources;
    const analyzer = this.analyzer;
    this.#index = new MiniSearch<IndexedPassage>({
      fields: [...FIELDS],
      idField: 'id',
      tokenize: (text) => analyzer.indexTerms(text),
      processTerm: (term) => term,
      searchOptions: {
        tokenize: (text) => text.split(' ').filter(Boolean),
        processTerm: (term) => term,
        boost: { ...this.options.boost },
      },
    });
    const docs: IndexedPassage[] = [];
    for (const source of sources) {
      this.#meta.set(source.meta.id, source.meta);
      // Dates are metadata, not text: index them so "the 2024 inspection" finds the source about it.
      const dates = [source.meta.published, ...source.meta.events.flatMap((e) => [e.date, e.end ?? ''])].filter(Boolean).map(formatDate);
      const sourceField = [source.meta.title, source.meta.publisher, ...dates].join(' ');
      for (const p of source.passages) {
        this.#passages.set(p.id, p);
        const doc: IndexedPassage = {
          id: p.id,
          text: p.text,
          speaker: p.speaker ? [p.speaker.name, p.speaker.role ?? ''].join(' ') : '',
          section: p.section ?? '',
          source: sourceField,
        };
        docs.push(doc);
        const terms = new Set<string>();
        for (const f of FIELDS) for (const t of analyzer.indexTerms(doc[f])) terms.add(t);
        for (const t of terms) this.#df.set(t, (this.#df.get(t) ?? 0) + 1);
        for (const w of words(p.text)) this.#lexicon.add(w);
      }
      for (const w of words(sourceField)) this.#lexicon.add(w);
    }
    for (const w of [...analyzer.vocabularyWords, ...analyzer.stopwords]) if (!this.#lexicon.has(w)) this.#lexicon.add(w, 0);
    const byDate = [...sources].sort((a, b) => compareDates(a.meta.published, b.meta.published));
    byDate.forEach((s, i) => this.#recency.set(s.meta.id, byDate.length > 1 ? i / (byDate.length - 1) : 1));
    this.#index.addAll(docs);
  }

  /** Number of passages indexed. */
  get passageCount(): number {
    return this.#passages.size;
  }

  /** Every passage, source by source, in reading order. */
  passages(): Passage[] {
    return this.sources.flatMap((s) => s.passages);
  }

  passage(id: string): Passage | undefined {
    return this.#passages.get(id);
  }

  source(id: string): SourceMeta | undefined {
    return this.#meta.get(id);
  }

  /** How informative a term is in this collection (inverse document frequency); unseen terms weigh most. */
  weight(term: string): number {
    const n = this.#passages.size;
    const df = this.#df.get(term);
    return df === undefined ? this.options.unknownWeight * Math.log(1 + n) : Math.log(1 + n / df);
  }

  /** Analyses a question against this collection (spelling, vocabulary, change cues). */
  analyse(question: string): QueryAnalysis {
    return this.analyzer.analyse(question, this.#lexicon, (term) => this.#df.has(term));
  }

  /**
   * Answers a question with verbatim passages, or abstains with a reason and a message saying what
   * the knowledge base can answer about.
   */
  ask(question: string, options: AskOptions = {}): Answer {
    const k = clamp(Math.trunc(options.k ?? this.options.k), 1, this.options.maxK, this.options.k);
    const cleaned = question.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim();
    if (cleaned === '') return this.#abstain(question, 'empty');
    if (cleaned.length > this.options.maxQuestionLength) return this.#abstain(question, 'too-long');
    const analysis = this.analyse(cleaned);
    if (analysis.terms.length === 0) return this.#abstain(question, 'no-words');

    const { ranked, coverage } = this.#rank(analysis, options.sourceIds);
    const best = ranked[0];
    if (!best || coverage < this.options.minCoverage || best.coverage < this.options.minPassageCoverage) {
      return this.#abstain(question, 'out-of-scope');
    }

    const { picked, perspectives } = this.#select(ranked, analysis, k);
    return { question, answered: true, perspectives, results: picked.map((r) => this.#result(r, analysis)) };
  }

  /**
   * Candidates with score and coverage, best first, and the coverage of the question by the top
   * passages together (a question can be answered by two passages that each match half of it).
   */
  #rank(analysis: QueryAnalysis, sourceIds?: readonly string[]): { ranked: Ranked[]; coverage: number } {
    // Coverage counts what the question is about; change cues ("better", "since") say how to answer.
    const primary = analysis.terms.filter((t) => !t.secondary);
    const content = primary.some((t) => !t.cue) ? primary.filter((t) => !t.cue) : primary;
    const weights = new Map(content.map((t) => [t.term, this.weight(t.term) * t.confidence]));
    const total = [...weights.values()].reduce((a, b) => a + b, 0);
    const confidence = new Map(analysis.terms.map((t) => [t.term, t.confidence * (t.secondary ? this.options.secondaryBoost : 1)]));
    const only = sourceIds && new Set(sourceIds);
    const hits = this.#index.search(analysis.terms.map((t) => t.term).join(' '), {
      boostTerm: (term) => confidence.get(term) ?? 1,
      ...(only && { filter: (hit) => only.has(this.#passages.get(String(hit.id))?.sourceId ?? '') }),
    });
    const ranked: Ranked[] = [];
    for (const hit of hits.slice(0, this.options.candidates)) {
      const passage = this.#passages.get(String(hit.id));
      const source = passage && this.#meta.get(passage.sourceId);
      if (!passage || !source) continue;
      const matched = hit.queryTerms.reduce((sum, t) => sum + (weights.get(t) ?? 0), 0);
      const coverage = total > 0 ? matched / total : 0;
      const recency = analysis.recent ? 0.5 + (this.#recency.get(source.id) ?? 0) : 1;
      ranked.push({ passage, source, score: hit.score * coverage ** this.options.coverageExponent * recency, coverage, terms: hit.queryTerms });
    }
    ranked.sort((a, b) => b.score - a.score);
    const together = new Set(ranked.slice(0, this.options.k).flatMap((r) => r.terms));
    const matched = [...together].reduce((sum, t) => sum + (weights.get(t) ?? 0), 0);
    return { ranked, coverage: total > 0 ? matched / total : 0 };
  }

  /**
   * The top `k` passages, with each other source's best passage beside them when it also answers
   * (or, for a question about change over time, whenever it matches at all), ordered by date.
   */
  #select(ranked: readonly Ranked[], analysis: QueryAnalysis, k: number): { picked: Ranked[]; perspectives: boolean } {
    const top = ranked[0];
    if (!top) return { picked: [], perspectives: false };
    const bestPerSource = new Map<string, Ranked>();
    for (const r of ranked) if (!bestPerSource.has(r.source.id)) bestPerSource.set(r.source.id, r);
    const { minCoverage, perspective, changeMinCoverage } = this.options;
    // A change question ("better than in 2018?") may name only the past; the other side is whatever
    // a newer source says about the change itself, so matching a cue word counts there.
    const cues = new Set(analysis.terms.filter((t) => t.cue).map((t) => t.term));
    const sides = [...bestPerSource.values()].filter((r) =>
      r === top ||
      (analysis.change
        ? r.coverage >= changeMinCoverage || r.terms.some((t) => cues.has(t))
        : r.coverage >= minCoverage * perspective.coverage && r.score >= top.score * perspective.score),
    );
    if (sides.length > 1) {
      const shown = sides.sort((a, b) => b.score - a.score).slice(0, k);
      shown.sort((a, b) => compareDates(b.source.published, a.source.published));
      for (const r of ranked) {
        if (shown.length >= k) break;
        if (!shown.includes(r) && r.coverage >= minCoverage && r.score >= top.score * this.options.minRelativeScore) shown.push(r);
      }
      return { picked: shown, perspectives: new Set(shown.slice(0, sides.length).map((r) => r.source.id)).size > 1 };
    }
    const picked = ranked.filter((r) => r === top || (r.coverage >= minCoverage && r.score >= top.score * this.options.minRelativeScore)).slice(0, k);
    // Passages from several sources are shown newest first, as the product promises.
    const perspectives = new Set(picked.map((r) => r.source.id)).size > 1;
    if (perspectives) picked.sort((a, b) => compareDates(b.source.published, a.source.published) || b.score - a.score);
    return { picked, perspectives };
  }

  #result(r: Ranked, analysis: QueryAnalysis): AnswerResult {
    return {
      passage: r.passage,
      source: r.source,
      score: Math.round(r.score * 1000) / 1000,
      coverage: Math.round(r.coverage * 1000) / 1000,
      highlight: this.#highlight(r.passage.text, analysis.terms),
    };
  }

  /** The sentence that carries the most of the question's weight. */
  #highlight(text: string, terms: readonly QueryTerm[]): string {
    let best = text;
    let bestWeight = -1;
    for (const s of sentences(text)) {
      const own = new Set(this.analyzer.indexTerms(s));
      const w = terms.reduce((sum, t) => sum + (own.has(t.term) ? this.weight(t.term) : 0), 0);
      if (w > bestWeight) {
        best = s;
        bestWeight = w;
      }
    }
    return best;
  }

  #abstain(question: string, reason: AbstainReason): Answer {
    return { question, answered: false, reason, message: abstainMessage(reason, this.sources), perspectives: false, results: [] };
  }
}

interface Ranked {
  passage: Passage;
  source: SourceMeta;
  score: number;
  coverage: number;
  terms: string[];
}

/** What the engine says when it does not answer, naming what it can answer about. */
export function abstainMessage(reason: AbstainReason, sources: readonly Source[]): string {
  const scope =
    'I can answer questions about inspections of SEND (special educational needs and disabilities) services in Worcestershire: ' +
    'what the inspections found, progress since earlier inspections, waiting times, EHC plans, and what the council, the NHS and the local area partnership said' +
    (sources.length ? `, from ${sources.length} report${sources.length === 1 ? '' : 's'} and article${sources.length === 1 ? '' : 's'}.` : '.');
  switch (reason) {
    case 'empty':
      return `Please type a question. ${scope}`;
    case 'too-long':
      return `That question is too long for me. Please ask it in a sentence or two. ${scope}`;
    case 'no-words':
      return `I could not find a question in that. ${scope}`;
    case 'out-of-scope':
      return `The reports I have don't cover that. ${scope}`;
  }
}

function clamp(n: number, lo: number, hi: number, fallback: number): number {
  return Number.isNaN(n) ? fallback : Math.min(hi, Math.max(lo, n));
}
