/** What each partner said (`/statements`): the passages with a speaker, grouped by partner. Memoised per engine. */
import { compareDates } from '../dates.ts';
import { derived, type Engine } from '../engine.ts';
import { words } from '../text.ts';
import type { Passage, SourceMeta, Speaker } from '../types.ts';

/** A statement: consecutive passages of one source attributed to the same speaker. */
export interface Statement {
  readonly source: SourceMeta;
  readonly speaker: Speaker;
  /** Verbatim passages, in reading order (a quote continued over several paragraphs). */
  readonly passages: readonly Passage[];
}

/** The statements of one partner (or of one speaker no partner's words match). */
export interface PartnerStatements {
  /** A `vocabulary.partners` name, or the speaker's own name when no partner matches. */
  readonly partner: string;
  /** True when `partner` is a vocabulary partner. */
  readonly known: boolean;
  /** Newest source first, then reading order. */
  readonly statements: readonly Statement[];
}

/**
 * Every passage with a speaker, grouped by partner: a partner's terms are matched (whole words, any
 * case) against the speaker's name and role first, then against the passage's text (the partner
 * named earliest wins). Groups follow the vocabulary order; speakers no partner matches come last,
 * each as a group of its own.
 */
export function statementsByPartner(engine: Engine): readonly PartnerStatements[] {
  return engine.derived(STATEMENT_GROUPS);
}

const STATEMENT_GROUPS = derived('statements by partner', (engine): readonly PartnerStatements[] => {
  const partners = engine.vocabulary.partners.map((p) => ({ name: p.name, terms: p.terms.map((t) => words(t)).filter((t) => t.length > 0) }));
  const byGroup = new Map<string, { known: boolean; statements: Statement[] }>();
  const newestFirst = [...engine.sources].sort((a, b) => compareDates(b.meta.published, a.meta.published));
  for (const source of newestFirst) {
    let last: { speaker: Speaker; passages: Passage[]; group: string; position: number } | undefined;
    for (const passage of source.passages) {
      const speaker = passage.speaker;
      if (!speaker) continue;
      if (last && sameSpeaker(last.speaker, speaker) && passage.position === last.position + 1) {
        last.passages.push(passage);
        last.position = passage.position;
        continue;
      }
      const partner = matchPartner(partners, [speaker.name, speaker.role ?? ''].join(' ')) ?? matchPartner(partners, passage.text);
      const group = partner ?? speaker.name;
      const entry = byGroup.get(group) ?? { known: partner !== undefined, statements: [] };
      byGroup.set(group, entry);
      last = { speaker, passages: [passage], group, position: passage.position };
      entry.statements.push({ source: source.meta, speaker, passages: last.passages });
    }
  }
  const known = partners.map((p) => p.name).filter((name) => byGroup.get(name)?.known);
  const others = [...byGroup.keys()].filter((name) => !byGroup.get(name)?.known);
  return [...known, ...others].map((partner) => {
    const entry = byGroup.get(partner);
    return { partner, known: entry?.known ?? false, statements: entry?.statements ?? [] };
  });
});

/**
 * What `/statements who:` offers: the partners that have statements, then the speakers' own names
 * (each once, in the order first met), without names already offered.
 */
export function statementChoices(engine: Engine): readonly string[] {
  return engine.derived(STATEMENT_CHOICES);
}

const STATEMENT_CHOICES = derived('statement choices', (engine): readonly string[] => {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (name: string): void => {
    const key = name.toLowerCase();
    if (!seen.has(key)) {
      seen.add(key);
      out.push(name);
    }
  };
  const groups = statementsByPartner(engine);
  for (const g of groups) if (g.known) add(g.partner);
  for (const g of groups) for (const s of g.statements) add(s.speaker.name);
  return out;
});

/**
 * The statements of a partner or speaker the user picked or typed (any case): a partner name, a
 * speaker name, a partner's term ("NHS", "Cllr"), or part of a speaker's or partner's name. Without
 * `who`, every group. Undefined when `who` matches nothing.
 */
export function statementsFor(engine: Engine, who?: string): readonly PartnerStatements[] | undefined {
  const groups = statementsByPartner(engine);
  if (who === undefined || who.trim() === '') return groups;
  const key = words(who).join(' ');
  if (key === '') return undefined;
  const norm = (s: string): string => words(s).join(' ');
  const byPartner = groups.find((g) => norm(g.partner) === key);
  if (byPartner) return [byPartner];
  const bySpeaker = speakerGroup(groups, (s) => norm(s.name) === key);
  if (bySpeaker) return [bySpeaker];
  const partner = engine.vocabulary.partners.find((p) => p.terms.some((t) => norm(t) === key));
  const byTerm = partner && groups.find((g) => g.partner === partner.name);
  if (byTerm) return [byTerm];
  const partial = speakerGroup(groups, (s) => ` ${norm(s.name)} `.includes(` ${key} `));
  if (partial) return [partial];
  const partialPartner = groups.filter((g) => ` ${norm(g.partner)} `.includes(` ${key} `));
  return partialPartner.length > 0 ? partialPartner : undefined;
}

function speakerGroup(groups: readonly PartnerStatements[], match: (speaker: Speaker) => boolean): PartnerStatements | undefined {
  const statements = groups.flatMap((g) => g.statements).filter((s) => match(s.speaker));
  const first = statements[0];
  if (!first) return undefined;
  const names = new Set(statements.map((s) => s.speaker.name));
  return { partner: names.size === 1 ? first.speaker.name : [...names].join(', '), known: false, statements };
}

function sameSpeaker(a: Speaker, b: Speaker): boolean {
  return a.name === b.name && (a.role ?? '') === (b.role ?? '');
}

/** The partner whose term occurs first in the text (whole words), or undefined. */
function matchPartner(partners: readonly { name: string; terms: readonly (readonly string[])[] }[], text: string): string | undefined {
  const tokens = words(text);
  let best: { name: string; at: number } | undefined;
  for (const partner of partners) {
    for (const term of partner.terms) {
      const at = indexOfSequence(tokens, term);
      if (at >= 0 && (!best || at < best.at)) best = { name: partner.name, at };
    }
  }
  return best?.name;
}

function indexOfSequence(tokens: readonly string[], seq: readonly string[]): number {
  outer: for (let i = 0; i + seq.length <= tokens.length; i++) {
    for (let j = 0; j < seq.length; j++) if (tokens[i + j] !== seq[j]) continue outer;
    return i;
  }
  return -1;
}
