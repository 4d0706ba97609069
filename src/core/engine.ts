import MiniSearch, { type AsPlainObject } from 'minisearch';
import { Analyzer, CONCEPT_PREFIX, withContext, type QueryAnalysis, type QueryTerm } from './analyzer.ts';
import { matchedBy, pairsFound, scopeFeatures, scopeProbability, type ScopeEvidence } from './abstention.ts';
import { SCOPE_MODEL } from './abstention-model.ts';
import { compareDates, formatDate, mentionsDate, mentionsFuture, mentionsTime } from './dates.ts';
import { mergeGlossary, type Glossary } from './glossary.ts';
import { resolveOptions, type EngineOptions, type EngineSettings } from './options.ts';
import { bm25Impacts, ImpactLists } from './impact.ts';
import { containment, NEAR_DUPLICATE_THRESHOLD, shingles } from './near-duplicates.ts';
import { relatedTerms, type RelatedTerm, type RelatedWords } from './related-words.ts';
import { creditApart, creditStory } from './select.ts';
import { changeSides, type Ranked, type Shown } from './sides.ts';
import { givesProcedure } from './procedure.ts';
import { Lexicon } from './spelling.ts';
import { clamp, mentionsNumber, sentences, words } from './text.ts';
import type { Abstained, AbstainReason, Answer, AnswerResult, AskOptions, Collection, EngineState, Passage, Source, SourceMeta, WordFrequency } from './types.ts';
import type { Vocabulary } from './vocabulary.ts';

/** Bump when analysis or index layout changes, so that saved snapshots of older engines are rebuilt rather than trusted. */
export const ENGINE_STATE_VERSION = 4;

export type { Collection, WordFrequency, EngineState, AskOptions } from './types.ts';
export { resolveOptions, type EngineSettings } from './options.ts';

const FIELDS = ['text', 'speaker', 'section', 'listContext', 'source'] as const;
type IndexedPassage = Record<'id' | (typeof FIELDS)[number], string>;

const splitTerms = (text: string): string[] => (text === '' ? [] : text.split(' '));

/** The searchable fields of a passage, as text. */
function passageFields(p: Passage): { text: string; speaker: string; section: string; listContext: string } {
  return { text: p.text, speaker: p.speaker ? [p.speaker.name, p.speaker.role ?? ''].join(' ') : '', section: p.section ?? '', listContext: p.listContext ?? '' };
}

/**
 * The answer engine: an index over the passages of a set of sources that answers questions with
 * verbatim, cited passages, shows several sources side by side when they differ, and abstains when
 * the collection does not cover a question. Pure: no I/O, no Discord, no environment.
 */
export class Engine {
  readonly options: EngineOptions;
  readonly analyzer: Analyzer;
  /** The vocabulary the engine analyses with: the one it was given, with the glossary's names merged in. */
  readonly vocabulary: Vocabulary;
  /** The glossary it was built with: `/glossary` and the "Terms in this answer" line read it. */
  readonly glossary: Glossary;
  readonly sources: readonly Source[];
  readonly #passages = new Map<string, Passage>();
  readonly #meta = new Map<string, SourceMeta>();
  /** Passages each term occurs in (a source's title, publisher and dates count for each of its passages). */
  readonly #df = new Map<string, number>();
  readonly #sourceTerms = new Map<string, ReadonlySet<string>>();
  /** Passages in index order, for the impact lists. */
  readonly #order: Passage[] = [];
  readonly #impact: ImpactLists;
  /** Index terms of recently re-scored passages (bounded). */
  readonly #termCache = new Map<string, ReadonlySet<string>>();
  /** Each sentence of recently quoted passages with its index terms, for the highlight (bounded). */
  readonly #sentenceCache = new Map<string, readonly { sentence: string; terms: ReadonlySet<string> }[]>();
  /** Word shingles of recently compared passages, for near-duplicate statements (bounded). */
  readonly #shingleCache = new Map<string, ReadonlySet<number>>();
  readonly #lexicon = new Lexicon();
  /** What a candidate passage gives (`#factsOf`), read the first time it is a candidate, never at build or restore. */
  readonly #facts = new Map<string, { dated: boolean; numeric: boolean; eventDated: boolean; future: boolean }>();
  /** 0 for the oldest source .. 1 for the newest. */
  readonly #recency = new Map<string, number>();
  /** Undefined while a restored index is still loading: questions then use the impact lists. */
  #index: MiniSearch<IndexedPassage> | undefined;
  #indexReady: Promise<void> = Promise.resolve();

  readonly #general: WordFrequency | undefined;
  readonly #nonNouns: ReadonlySet<string>;
  readonly #relatedWords: RelatedWords | undefined;
  #sortedTerms: string[] | undefined;
  /** Values derived from this engine, computed once on first use (see {@link Engine.derived}). */
  readonly #derived = new Map<Derived<unknown>, unknown>();

  /**
   * An engine over a collection, built now (a few hundred milliseconds for a thousand passages).
   * The one way to make an engine from sources, besides {@link Engine.restore}.
   */
  static build(collection: Collection, settings: EngineSettings = {}): Engine {
    return new Engine(collection, settings);
  }

  /**
   * An engine over a saved {@link EngineState} (see {@link Engine.state}), given the same collection
   * and settings it was built with; throws if the state is not of this engine version.
   */
  static restore(collection: Collection, state: EngineState, settings: EngineSettings = {}): Engine {
    if (state.version !== ENGINE_STATE_VERSION) throw new Error(`engine snapshot version ${String(state.version)}, expected ${ENGINE_STATE_VERSION}`);
    return new Engine(collection, settings, state);
  }

  /** Use {@link Engine.build} or {@link Engine.restore}. */
  private constructor(collection: Collection, settings: EngineSettings, state?: EngineState) {
    const { sources, vocabulary, glossary, wordFrequency: general } = collection;
    this.#general = general;
    this.#nonNouns = collection.nonNouns ?? new Set();
    this.#relatedWords = collection.relatedWords;
    this.options = resolveOptions(settings);
    this.glossary = glossary;
    this.vocabulary = mergeGlossary(vocabulary, glossary).vocabulary;
    this.analyzer = new Analyzer(this.vocabulary);
    this.sources = sources;
    const analyzer = this.analyzer;
    // Fields are analysed once here and handed to MiniSearch as space-separated terms.
    const indexOptions = {
      fields: [...FIELDS],
      idField: 'id',
      tokenize: splitTerms,
      processTerm: (term: string) => term,
      searchOptions: {
        tokenize: splitTerms,
        processTerm: (term: string) => term,
        boost: { ...this.options.boost },
      },
    };
    const byDate = [...sources].sort((a, b) => compareDates(a.meta.published, b.meta.published));
    byDate.forEach((s, i) => this.#recency.set(s.meta.id, byDate.length > 1 ? i / (byDate.length - 1) : 1));
    if (state) {
      for (const source of sources) {
        this.#meta.set(source.meta.id, source.meta);
        for (const p of source.passages) {
          this.#passages.set(p.id, p);
          this.#order.push(p);
        }
      }
      const index = state.index;
      if (typeof index === 'function') {
        // The full-text index loads in the background; until then the impact lists answer.
        this.#index = undefined;
        this.#indexReady = index().then(async (plain) => {
          if (plain.documentCount !== this.#order.length) throw new Error('engine snapshot does not match its sources');
          this.#index = await MiniSearch.loadJSAsync<IndexedPassage>(plain, indexOptions);
        });
      } else {
        if (index.documentCount !== this.#order.length) throw new Error('engine snapshot does not match its sources');
        this.#index = MiniSearch.loadJS<IndexedPassage>(index, indexOptions);
      }
      this.#impact = ImpactLists.fromJSON(state.impact);
      for (const [t, n] of state.df) this.#df.set(t, n);
      for (const [id, terms] of state.sourceTerms) this.#sourceTerms.set(id, new Set(terms));
      for (const [w, n] of state.lexicon) this.#lexicon.add(w, n);
      return;
    }
    this.#index = new MiniSearch<IndexedPassage>(indexOptions);
    this.#impact = new ImpactLists(this.options.impactListSize);
    let totalLength = 0;
    const docs: IndexedPassage[] = [];
    const lists = new Set<string>();
    const wordCounts = new Map<string, number>();
    const countWords = (text: string): void => {
      for (const w of words(text)) wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
    };
    for (const source of sources) {
      this.#meta.set(source.meta.id, source.meta);
      // Dates are metadata, not text: index them so "the 2024 inspection" finds the source about it.
      const dates = [source.meta.published, ...source.meta.events.flatMap((e) => [e.date, e.end ?? ''])].filter(Boolean).map(formatDate);
      const sourceField = [source.meta.title, source.meta.publisher, ...dates].join(' ');
      const sourceList = analyzer.indexTerms(sourceField);
      const sourceTerms = new Set(sourceList);
      const sourceDoc = sourceList.join(' ');
      this.#sourceTerms.set(source.meta.id, sourceTerms);
      countWords(sourceField);
      for (const p of source.passages) {
        this.#passages.set(p.id, p);
        const fields = passageFields(p);
        const text = analyzer.indexTerms(fields.text);
        const speaker = analyzer.indexTerms(fields.speaker);
        const [section, listContext] = [analyzer.indexTerms(fields.section), analyzer.indexTerms(fields.listContext)];
        docs.push({ id: p.id, text: text.join(' '), speaker: speaker.join(' '), section: section.join(' '), listContext: listContext.join(' '), source: sourceDoc });
        for (const [t, impact] of bm25Impacts({ text, speaker, section, listContext }, this.options.boost, (totalLength += text.length) / (this.#order.length + 1))) this.#impact.offer(t, this.#order.length, impact);
        this.#order.push(p);
        // A list's context is one text however many of its items carry it: its words count once.
        const own = new Set([...text, ...speaker, ...section, ...(lists.has(`${p.sourceId}\n${fields.listContext}`) ? [] : listContext), ...sourceTerms]);
        lists.add(`${p.sourceId}\n${fields.listContext}`);
        for (const t of own) this.#df.set(t, (this.#df.get(t) ?? 0) + 1);
        countWords(p.text);
      }
    }
    for (const [w, n] of wordCounts) this.#lexicon.add(w, n);
    for (const w of [...analyzer.vocabularyWords, ...analyzer.stopwords]) if (!this.#lexicon.has(w)) this.#lexicon.add(w, 0);
    this.#index.addAll(docs);
  }

  /**
   * The built index as plain data, so a restart with unchanged knowledge can skip building.
   * Restore it with {@link Engine.restore} and the same sources, vocabulary, glossary and settings.
   */
  state(): EngineState & { index: AsPlainObject } {
    if (!this.#index) throw new Error('the index is still loading');
    return {
      version: ENGINE_STATE_VERSION,
      index: this.#index.toJSON(),
      impact: this.#impact.toJSON(),
      df: [...this.#df],
      sourceTerms: [...this.#sourceTerms].map(([id, terms]) => [id, [...terms]]),
      lexicon: this.#lexicon.entries(),
    };
  }

  /**
   * A value derived from this engine (the public names, the timeline, the services...), computed
   * on first use and kept as long as the engine: an engine never changes, so neither does it.
   */
  derived<T>(value: Derived<T>): T {
    if (this.#derived.has(value)) return this.#derived.get(value) as T;
    const computed = value.compute(this);
    this.#derived.set(value, computed);
    return computed;
  }

  /** Resolves when the full-text index is loaded (at once, unless restored with a lazy index). */
  get indexReady(): Promise<void> {
    return this.#indexReady;
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

  /**
   * How informative a term is in this collection (inverse document frequency), a little less for an
   * everyday English word (see `everydayDiscount`); unseen terms weigh most.
   */
  weight(term: string, asTyped: readonly string[] = []): number {
    const n = this.#passages.size;
    const df = this.#df.get(term);
    if (df !== undefined) {
      // A small collection's counts alone make an everyday word it happens to use once ("year",
      // "seen") look as telling as its rarest jargon; English at large says otherwise. Vocabulary
      // concepts are the collection's own topics and keep their weight.
      const discount = term.startsWith(CONCEPT_PREFIX) ? 0 : this.options.everydayDiscount * (1 - this.#generality(asTyped));
      return Math.log(1 + n / df) * (1 - discount);
    }
    return this.options.unknownWeight * Math.log(1 + n) * this.#generality(asTyped);
  }

  /**
   * For a word the collection never uses: 1 when it is rare in everyday English (what an off-topic question
   * is about: "pothole", "flapjack"), down to `generalWordWeight` for everyday words ("feel", "everything")
   * that say little about the topic; `nonNounWeight` of that for a word English never uses as a noun.
   */
  #generality(asTyped: readonly string[]): number {
    const zipf = this.#general;
    if (!zipf || asTyped.length === 0) return 1;
    const { generalWordWeight: floor, everydayZipf: hi, rareZipf: lo } = this.options;
    let g = 1;
    for (const w of asTyped) {
      const z = zipf(w);
      if (z !== undefined) g = Math.min(g, Math.max(floor, Math.min(1, (hi - z) / (hi - lo))) * (this.#nonNouns.has(w) ? this.options.nonNounWeight : 1));
    }
    return g;
  }

  /** Analyses a question against this collection (spelling, vocabulary, change cues). */
  analyse(question: string): QueryAnalysis {
    return this.analyzer.analyse(question, this.#lexicon, (term) => this.#df.has(term), this.#general, this.#related);
  }

  /** The collection's terms related to a question's term it lacks (lazily: the sorted terms are built on first use). */
  readonly #related = (term: string, typed: string): RelatedTerm[] => {
    this.#sortedTerms ??= [...this.#df.keys()].filter((t) => !t.startsWith(CONCEPT_PREFIX)).sort();
    const isIndexed = (t: string): boolean => this.#df.has(t);
    return relatedTerms(term, typed, this.#relatedWords, this.options.relatedCredit, { isIndexed, sortedTerms: this.#sortedTerms, ...(this.#general && { english: this.#general }) });
  };

  /**
   * What each of a question's own terms weighs towards answering it ({@link Engine.weight} × confidence,
   * less for the asker's story), their total, and the terms. Change cues ("better", "since") weigh nothing
   * unless the question has nothing else; a related word earns a share of its word's weight (not in the total).
   */
  topicWeights(analysis: QueryAnalysis): { weights: Map<string, number>; total: number; content: QueryTerm[] } {
    const primary = analysis.terms.filter((t) => !t.secondary && !t.carried);
    const content = primary.some((t) => !t.cue) ? primary.filter((t) => !t.cue) : primary;
    const weights = new Map(content.filter((t) => !t.related).map((t) => [t.term, this.weight(t.term, t.words) * t.confidence * (t.aside ? this.options.asideWeight : 1)]));
    const total = [...weights.values()].reduce((a, b) => a + b, 0);
    for (const t of content) if (t.related && !weights.has(t.term)) weights.set(t.term, (weights.get(t.related.for) ?? 0) * t.related.credit);
    return { weights, total, content };
  }

  /** Answers a question with verbatim passages, or abstains with a reason (each face words it: `src/replies/abstain.ts`). */
  ask(question: string, options: AskOptions = {}): Answer {
    return this.askAnalysed(question, options).answer;
  }

  /** {@link Engine.ask}, with the analysis of the question's own words (context left out): a follow-up's topic (core/context.ts). */
  askAnalysed(question: string, options: AskOptions = {}): { answer: Answer; analysis?: QueryAnalysis } {
    const k = clamp(Math.trunc(options.k ?? this.options.k), 1, this.options.maxK, this.options.k);
    const cleaned = question.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim();
    if (cleaned === '') return { answer: this.#abstain(question, 'empty') };
    if (cleaned.length > this.options.maxQuestionLength) return { answer: this.#abstain(question, 'too-long') };
    const own = this.analyse(cleaned);
    if (own.terms.length === 0) return { answer: this.#abstain(question, 'no-words'), analysis: own };
    const analysis = withContext(own, options.context);

    const { ranked, coverage, evidence } = this.#rank(analysis, options.sourceIds);
    const best = ranked[0];
    if (!best || !this.#covers(coverage, best.answers, evidence) || (analysis.procedure && !ranked.slice(0, this.options.k).some((r) => givesProcedure(r.passage.text)))) return { answer: this.#abstain(question, 'out-of-scope'), analysis: own };

    const topic = this.topicWeights(analysis);
    const shownRanking = creditStory(creditApart(ranked, analysis, topic, this.options.apartCredit), analysis, topic, this.options.asideWeight, this.options.shownAsideWeight);
    const { picked, perspectives } = this.#select(shownRanking, analysis, k);
    const [first, ...rest] = picked.map((r) => this.#result(r, analysis));
    // #select always keeps the top passage; the guard only satisfies the type.
    if (!first) return { answer: this.#abstain(question, 'out-of-scope'), analysis: own };
    return { answer: { question, answered: true, perspectives, results: [first, ...rest] }, analysis: own };
  }

  /**
   * Whether the collection covers the question: by the fitted model (`abstention: 'model'`, see
   * `./abstention.ts`), or by fixed shares of coverage (`'coverage'`: `minCoverage`, `minPassageCoverage`).
   */
  #covers(coverage: number, bestCoverage: number, evidence: () => ScopeEvidence): boolean {
    if (this.options.abstention === 'coverage') return coverage >= this.options.minCoverage && bestCoverage >= this.options.minPassageCoverage;
    return scopeProbability(SCOPE_MODEL, scopeFeatures(evidence())) >= SCOPE_MODEL.threshold;
  }

  /**
   * What the ranking says about a question's scope (`./abstention.ts`), or undefined when nothing
   * matches it; for refitting the model (`eval/fit-abstention.ts`) and explaining (`eval/grown/growth.ts`).
   */
  scopeEvidence(question: string): ScopeEvidence | undefined {
    const analysis = this.analyse(question.replace(/[\p{Cc}\p{Cf}]/gu, ' ').trim());
    if (analysis.terms.length === 0) return undefined;
    const { ranked, evidence } = this.#rank(analysis);
    return ranked[0] ? evidence() : undefined;
  }

  /**
   * Candidates with score and coverage, best first, the coverage of the question by the top
   * passages together (a question can be answered by two passages that each match half of it),
   * and the evidence the abstention model reads (computed on demand).
   */
  #rank(analysis: QueryAnalysis, sourceIds?: readonly string[]): { ranked: Ranked[]; coverage: number; evidence: () => ScopeEvidence } {
    const { weights, total, content } = this.topicWeights(analysis);
    // Terms carried from an earlier question rank passages at their share of weight, but only the
    // question's own terms count towards answering it (`answers`).
    const ranking = new Map(weights);
    let rankingTotal = total;
    for (const t of analysis.terms) {
      if (!t.carried || ranking.has(t.term)) continue;
      const weight = this.weight(t.term) * t.confidence;
      ranking.set(t.term, weight);
      rankingTotal += weight;
    }
    const aside = (t: QueryTerm): number => (t.aside ? this.options.asideWeight : 1);
    const confidence = new Map(analysis.terms.map((t) => [t.term, t.confidence * (t.secondary ? this.options.secondaryBoost : 1) * aside(t)]));
    // A recency cue ("latest", "last") is served by preferring newer sources, not matched as a word.
    const matchable = analysis.terms.some((t) => !t.recency) ? analysis.terms.filter((t) => !t.recency) : analysis.terms;
    const queryTerms = matchable.map((t) => t.term);
    const only = sourceIds && new Set(sourceIds);

    // Candidates come from the question's rarest terms, within a budget of postings: a large
    // collection's common words would otherwise make every question score most of the index.
    // Every candidate is then scored for coverage against all the question's terms.
    const searchable = queryTerms.filter((t) => this.#df.has(t)).sort((a, b) => (this.#df.get(a) ?? 0) - (this.#df.get(b) ?? 0));
    const chosen: string[] = [];
    let postings = 0;
    for (const t of searchable) {
      const df = this.#df.get(t) ?? 0;
      if (chosen.length > 0 && postings + df > this.options.postingsBudget) break;
      chosen.push(t);
      postings += df;
    }
    const pruned = chosen.length < searchable.length;
    // While a restored index loads, or when even the rarest term is common, score each term's best
    // passages only (impact lists).
    const index = this.#index;
    const large = (this.#df.get(searchable[0] ?? '') ?? 0) > this.options.postingsBudget;
    const hits =
      !index || large
        ? this.#impactSearch(searchable, confidence, only)
        : chosen.length
        ? index.search(chosen.join(' '), {
            boostTerm: (term) => confidence.get(term) ?? 1,
            ...(only && { filter: (hit) => only.has(this.#passages.get(String(hit.id))?.sourceId ?? '') }),
          })
        : [];

    const ranked: Ranked[] = [];
    for (const hit of hits.slice(0, this.options.candidates)) {
      const passage = this.#passages.get(String(hit.id));
      const source = passage && this.#meta.get(passage.sourceId);
      if (!passage || !source) continue;
      // MiniSearch names the terms it matched; otherwise look at the passage's own terms.
      const own = pruned || large || !index ? this.#termsOf(passage) : undefined;
      // A word only in a list item's context earns a share of its weight (the impact lists can't tell).
      const onlyInList = (t: string): boolean => 'match' in hit && hit.match[t] !== undefined && hit.match[t].every((f) => f === 'listContext');
      const terms = own ? queryTerms.filter((t) => own.has(t)) : hit.queryTerms;
      const credit = (t: string): number => (onlyInList(t) ? this.options.listContextCredit : 1);
      const matched = terms.reduce((sum, t) => sum + (weights.get(t) ?? 0) * credit(t), 0);
      const answers = total > 0 ? matched / total : 0;
      // A passage that matches only carried terms does not answer the follow-up at all.
      if (answers === 0 && rankingTotal > total) continue;
      const coverage = rankingTotal > 0 ? terms.reduce((sum, t) => sum + (ranking.get(t) ?? 0) * credit(t), 0) / rankingTotal : 0;
      const recency = analysis.recent ? 0.5 + (this.#recency.get(source.id) ?? 0) : 1;
      // A question that asks when is answered by a passage that gives a date, best the date of an
      // event its source reports on (from the source's metadata).
      const facts = analysis.quantity || analysis.when ? this.#factsOf(passage, source) : undefined;
      const quantity = facts?.numeric && analysis.quantity ? this.options.quantityBoost : 1;
      const when = !analysis.when ? 1 : (analysis.future ? facts?.future : facts?.eventDated) ? this.options.whenBoost * this.options.eventBoost : facts?.dated ? this.options.whenBoost : 1;
      // Whether things changed is a verdict, and a report or article gives its verdict first.
      const lead = analysis.change ? 1 + this.options.changeLeadBoost / (1 + passage.position) : 1;
      // MiniSearch multiplies a hit's BM25 sum by how many query terms it matched, so the asker's own
      // word forms (a concept and its words) count twice; coverage already rewards matching more.
      const bm25 = hit.score / Math.max(1, hit.queryTerms.length);
      ranked.push({ passage, source, score: bm25 * coverage ** this.options.coverageExponent * recency * when * quantity * lead, coverage, answers, terms });
    }
    ranked.sort((a, b) => b.score - a.score);
    const together = new Set(ranked.slice(0, this.options.k).flatMap((r) => r.terms));
    const matched = [...together].reduce((sum, t) => sum + (weights.get(t) ?? 0), 0);
    const coverage = total > 0 ? matched / total : 0;
    const evidence = (): ScopeEvidence => {
      const standIns = content.filter((t) => t.related && together.has(t.term)).map((t) => t.related?.for);
      const top = ranked.slice(0, this.options.k);
      const standFor = new Map(content.flatMap((c): [string, string][] => (c.related ? [[c.term, c.related.for]] : [])));
      const terms = content
        .filter((t) => !t.related)
        .map((t) => ({ term: t.term, words: t.words, weight: weights.get(t.term) ?? 0, matched: together.has(t.term) || standIns.includes(t.term), matchedBy: matchedBy(t.term, top.map((r) => r.terms), standFor), indexed: this.#df.has(t.term), concept: t.term.startsWith(CONCEPT_PREFIX), aside: t.aside, rarity: this.#generality(t.words) }));
      return { terms, top: top.map((r) => ({ passageId: r.passage.id, sourceId: r.source.id, coverage: r.answers })), coverage, bestCoverage: ranked[0]?.answers ?? 0, best: ranked[0]?.score ?? 0, second: ranked[1]?.score ?? 0, pairs: pairsFound(analysis.pairs, top.map((r) => this.analyzer.contentStems(r.passage.text))) };
    };
    return { ranked: ranked.slice(0, this.options.candidates), coverage, evidence };
  }

  /** A time (`mentionsTime`), a number other than a year (`mentionsNumber`), the date of one of its source's events ("in April", for 2024-04). */
  #factsOf(p: Passage, source: SourceMeta): { dated: boolean; numeric: boolean; eventDated: boolean; future: boolean } {
    let facts = this.#facts.get(p.id);
    if (!facts) {
      facts = { dated: mentionsTime(p.text), numeric: mentionsNumber(p.text), eventDated: source.events.some((e) => mentionsDate(p.text, e.date)), future: mentionsFuture(p.text) };
      if (this.#facts.size >= 10_000) this.#facts.clear();
      this.#facts.set(p.id, facts);
    }
    return facts;
  }

  /** Top candidates from the impact lists, shaped like MiniSearch results. */
  #impactSearch(terms: readonly string[], confidence: ReadonlyMap<string, number>, only?: ReadonlySet<string>): { id: string; score: number; queryTerms: string[] }[] {
    const acc = new Map<number, number>();
    for (const t of terms) this.#impact.accumulate(t, this.weight(t) * (confidence.get(t) ?? 1), acc);
    const out: { id: string; score: number; queryTerms: string[] }[] = [];
    for (const [doc, score] of acc) {
      const p = this.#order[doc];
      if (p && (!only || only.has(p.sourceId))) out.push({ id: p.id, score, queryTerms: [] });
    }
    return out.sort((a, b) => b.score - a.score).slice(0, this.options.candidates);
  }

  /** All index terms of a passage (its fields and its source's metadata), cached for re-scoring. */
  #termsOf(p: Passage): ReadonlySet<string> {
    let terms = this.#termCache.get(p.id);
    if (!terms) {
      const f = passageFields(p);
      terms = new Set([f.text, f.speaker, f.section, f.listContext].flatMap((t) => this.analyzer.indexTerms(t)).concat([...(this.#sourceTerms.get(p.sourceId) ?? [])]));
      if (this.#termCache.size >= 10_000) this.#termCache.clear();
      this.#termCache.set(p.id, terms);
    }
    return terms;
  }

  /**
   * The passages to show, best first; or, when several sources genuinely answer (each scores near
   * the best), those sources' answers newest first. The same statement reported by two outlets is
   * one excerpt that names the others. A question about change over time shows what an earlier
   * source and the newest source on the same topic say (see `changeSides`).
   */
  #select(ranked: readonly Ranked[], analysis: QueryAnalysis, k: number): { picked: Shown[]; perspectives: boolean } {
    const top = ranked[0];
    if (!top) return { picked: [], perspectives: false };
    const bestPerSource = new Map<string, Ranked>();
    for (const r of ranked) if (!bestPerSource.has(r.source.id)) bestPerSource.set(r.source.id, r);
    const { perspective } = this.options;
    /** Answers about as well as the best: may be shown beside it, by date. */
    const comparable = (r: Ranked): boolean => r === top || (r.score >= top.score * perspective.score && r.coverage >= top.coverage * perspective.coverage);
    const change = analysis.change && k > 1;
    const sides = change ? changeSides(ranked, bestPerSource, analysis, { least: this.options.changeMinCoverage, relative: this.options.changeRelativeCoverage }) : [...bestPerSource.values()].filter(comparable);
    const several = new Set(sides.map((r) => r.source.id)).size > 1;
    const shown: Shown[] = [];
    /** Adds a passage unless it restates one already shown (then its outlet is named there). */
    const offer = (r: Ranked): void => {
      if (shown.length >= k || shown.some((s) => s.passage.id === r.passage.id)) return;
      const same = shown.find((s) => this.#sameStatement(s.passage, r.passage));
      if (!same) shown.push({ ...r, also: [] });
      else if (same.source.id !== r.source.id && !same.also.some((m) => m.id === r.source.id)) same.also.push(r.source);
    };
    if (several) {
      for (const r of sides.slice().sort((a, b) => b.score - a.score)) offer(r);
      // Shown by date beside the sides: only passages that answer as well (for a change question,
      // those good beside the best), so that a weak passage never comes first for being newer.
      for (const r of ranked) if (change ? this.#goodBeside(r, top) : comparable(r)) offer(r);
      shown.sort((a, b) => compareDates(b.source.published, a.source.published) || b.score - a.score);
    } else {
      for (const r of ranked) if (r === top || this.#goodBeside(r, top)) offer(r);
    }
    // Outlets that report a shown statement further down the ranking are named beside it too.
    const shownIds = new Set(shown.map((s) => s.passage.id));
    for (const r of ranked) {
      if (shownIds.has(r.passage.id)) continue;
      const same = shown.find((s) => s.source.id !== r.source.id && this.#sameStatement(s.passage, r.passage));
      if (same && !same.also.some((m) => m.id === r.source.id)) same.also.push(r.source);
    }
    return { picked: shown, perspectives: several && new Set(shown.map((s) => s.source.id)).size > 1 };
  }

  /** Whether two passages make the same statement (one quotes or retells the other: see near-duplicates.ts). */
  #sameStatement(a: Passage, b: Passage): boolean {
    return containment(this.#shinglesOf(a), this.#shinglesOf(b)) >= NEAR_DUPLICATE_THRESHOLD;
  }

  /** A passage's word shingles, cached (bounded) like its sentences. */
  #shinglesOf(p: Passage): ReadonlySet<number> {
    let set = this.#shingleCache.get(p.id);
    if (!set) {
      set = shingles(p.text);
      if (this.#shingleCache.size >= 10_000) this.#shingleCache.clear();
      this.#shingleCache.set(p.id, set);
    }
    return set;
  }

  /**
   * A passage is shown beside the best one when it is good relative to it (score and coverage),
   * not by a fixed coverage of its own: the question was already judged answerable.
   */
  #goodBeside(r: Ranked, top: Ranked): boolean {
    return r.score >= top.score * this.options.minRelativeScore && r.coverage >= top.coverage * this.options.minRelativeCoverage;
  }

  #result(r: Shown, analysis: QueryAnalysis): AnswerResult {
    return {
      passage: r.passage,
      source: r.source,
      alsoReportedBy: r.also,
      score: Math.round(r.score * 1000) / 1000,
      coverage: Math.round(r.coverage * 1000) / 1000,
      highlight: this.#highlight(r.passage, analysis.terms),
    };
  }

  /** The sentence that carries the most of the question's weight. */
  #highlight(passage: Passage, terms: readonly QueryTerm[]): string {
    let best = passage.text;
    let bestWeight = -1;
    for (const { sentence, terms: own } of this.#sentencesOf(passage)) {
      const w = terms.reduce((sum, t) => sum + (own.has(t.term) ? this.weight(t.term) : 0), 0);
      if (w > bestWeight) {
        best = sentence;
        bestWeight = w;
      }
    }
    return best;
  }

  /** A passage's sentences with their index terms, cached: the same passages answer many questions. */
  #sentencesOf(passage: Passage): readonly { sentence: string; terms: ReadonlySet<string> }[] {
    let list = this.#sentenceCache.get(passage.id);
    if (!list) {
      list = sentences(passage.text).map((sentence) => ({ sentence, terms: new Set(this.analyzer.indexTerms(sentence)) }));
      if (this.#sentenceCache.size >= 10_000) this.#sentenceCache.clear();
      this.#sentenceCache.set(passage.id, list);
    }
    return list;
  }

  #abstain(question: string, reason: AbstainReason): Abstained {
    return { question, answered: false, reason, perspectives: false, results: [] };
  }
}

/**
 * A value derived from an engine, computed once per engine by {@link Engine.derived}: the one
 * memo for everything read off an engine (public names, timeline, services, statements...).
 * Make one per kind of value, at module level; the object itself is the key.
 */
export interface Derived<T> {
  /** For debugging: what the value is. */
  readonly name: string;
  readonly compute: (engine: Engine) => T;
}

/** Declares a value derived from an engine (see {@link Derived}). */
export function derived<T>(name: string, compute: (engine: Engine) => T): Derived<T> {
  return { name, compute };
}
