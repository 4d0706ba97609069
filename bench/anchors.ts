/**
 * Anchors for the benchmark: off-the-shelf full-text search over the same passages, with no tuning.
 *   - plain MiniSearch: `fields: ['text']`, default tokenizer and search options (OR, no prefix, no
 *     fuzzy, no stemming, no stop words);
 *   - lunr: default pipeline (trimmer, English stop words, Porter stemmer), queried with
 *     `idx.search(question)` as typed.
 * An anchor has no abstention logic: "no hits" counts as abstaining, anything else as answered.
 */
import lunr from 'lunr';
import MiniSearch from 'minisearch';
import type { Passage } from '../src/core/types.ts';
import type { Retrieved } from '../eval/metrics.ts';

/** A built index: the ids of the passages that match a question, best first. */
export type Search = (question: string) => string[];

export const ANCHORS = ['minisearch', 'lunr'] as const;
export type AnchorName = (typeof ANCHORS)[number];

export const anchorLabel: Readonly<Record<AnchorName, string>> = {
  minisearch: 'plain MiniSearch (defaults)',
  lunr: 'lunr (defaults)',
};

export function buildMiniSearch(passages: readonly Passage[]): Search {
  const index = new MiniSearch<{ id: string; text: string }>({ fields: ['text'] });
  index.addAll(passages.map((p) => ({ id: p.id, text: p.text })));
  return (q) => index.search(q).map((r) => String(r.id));
}

/** Questions that lunr's query syntax rejects (`note: ...`, `-word`); answered by plain terms instead. */
export const lunrParseErrors = new Set<string>();

/**
 * lunr with its defaults. `idx.search` parses the question as lunr query syntax and stems the words
 * without the index's trimmer, so a trailing "?" keeps the last word from matching ("better?"):
 * that is lunr's default behaviour and is kept. With `trimQuery`, every query word goes through
 * `lunr.trimmer` first (a quality-only variant that shows how much that costs).
 */
export function buildLunr(passages: readonly Passage[], options: { trimQuery?: boolean } = {}): Search {
  const index = lunr(function () {
    this.ref('id');
    this.field('text');
    for (const p of passages) this.add({ id: p.id, text: p.text });
  });
  const terms = (q: string): string[] => {
    const tokens = lunr.tokenizer(q);
    return (options.trimQuery ? tokens.map((t) => lunr.trimmer(t)) : tokens).map(String).filter(Boolean);
  };
  const plain = (q: string): lunr.Index.Result[] => index.query((query) => void query.term(terms(q), {}));
  return (q) => {
    let results: lunr.Index.Result[];
    if (options.trimQuery) results = plain(q);
    else {
      try {
        results = index.search(q);
      } catch (e) {
        if (!(e instanceof lunr.QueryParseError)) throw e;
        lunrParseErrors.add(q);
        results = plain(q);
      }
    }
    return results.map((r) => r.ref);
  };
}

export function buildAnchor(name: AnchorName, passages: readonly Passage[]): Search {
  return name === 'minisearch' ? buildMiniSearch(passages) : buildLunr(passages);
}

/** An anchor as the evaluation sees it: the first 3 hits shown, the first 10 ranked, no hits = abstained. */
export function anchorRetriever(search: Search, passages: readonly Passage[]): (q: string) => Retrieved {
  const byId = new Map(passages.map((p) => [p.id, p]));
  return (q) => {
    const hits = search(q).flatMap((id) => {
      const p = byId.get(id);
      return p ? [{ text: p.text, sourceId: p.sourceId }] : [];
    });
    return { answered: hits.length > 0, top: hits.slice(0, 3), ranked: hits.slice(0, 10) };
  };
}
