/**
 * The glossary: the jargon parents meet in the reports ("EHC plan", "local area partnership",
 * "priority action plan"), each with a plain-English meaning, the other names it goes by, and a link
 * to an official explanation. Kept in a data file (`knowledge/glossary.yml`) that moderators extend
 * without code.
 *
 * One list serves two purposes: `/glossary` and the "Terms in this answer" line explain the words,
 * and the aliases join the engine's vocabulary (see {@link mergeGlossary}), so a question that uses
 * any name of a thing finds the passages that use another.
 */
import { stem } from './analyzer.ts';
import { editDistance } from './spelling.ts';
import { isHttpUrl, words } from './text.ts';
import type { Vocabulary } from './vocabulary.ts';

export interface GlossaryEntry {
  /** The name shown in bold: "EHC plan". */
  readonly term: string;
  /** One or two plain-English sentences. */
  readonly meaning: string;
  /** Other names of the same thing: "EHCP", "education, health and care plan", ... */
  readonly aliases: readonly string[];
  /** An https (or http) link to an official explanation. */
  readonly link?: string;
}

export interface Glossary {
  readonly entries: readonly GlossaryEntry[];
}

export const emptyGlossary: Glossary = Object.freeze({ entries: Object.freeze([]) });

/** A problem found in a glossary document, with the path of the field at fault (`terms[3].meaning`). */
export interface GlossaryIssue {
  readonly field: string;
  readonly message: string;
}

/** Longest term or alias: it must fit a Discord autocomplete choice (100 characters). */
export const MAX_TERM_LENGTH = 100;
/** Longest meaning: "one or two sentences", and it must fit a message with its term and aliases. */
export const MAX_MEANING_LENGTH = 600;

const ENTRY_FIELDS = new Set(['term', 'meaning', 'aliases', 'link']);

/**
 * Checks a parsed glossary document (from YAML or JSON) and returns the entries that are usable,
 * with every problem found and the path of its field. An entry without a term or meaning is left
 * out; a bad alias or link is left out of its entry; a term or alias that an earlier entry already
 * uses (any case, punctuation or plural) is left out of the later one, so every name leads to one entry.
 */
export function validateGlossary(doc: unknown): { glossary: Glossary; issues: GlossaryIssue[] } {
  const issues: GlossaryIssue[] = [];
  if (doc === null || doc === undefined) return { glossary: emptyGlossary, issues };
  if (typeof doc !== 'object' || Array.isArray(doc)) {
    return { glossary: emptyGlossary, issues: [{ field: '(root)', message: 'expected a mapping with a `terms:` list' }] };
  }
  const d = doc as Record<string, unknown>;
  for (const key of Object.keys(d)) if (key !== 'terms') issues.push({ field: key, message: 'unknown field (known: terms)' });
  if (d.terms === undefined || d.terms === null) return { glossary: emptyGlossary, issues };
  if (!Array.isArray(d.terms)) {
    issues.push({ field: 'terms', message: 'expected a list of { term, meaning, aliases?, link? }' });
    return { glossary: emptyGlossary, issues };
  }

  /** Which entry uses each name, by the stems of its words (as the engine matches it: "EHC plans" is "EHC plan"). */
  const owners = new Map<string, { index: number; term: string }>();
  const entries: GlossaryEntry[] = [];
  d.terms.forEach((raw: unknown, i) => {
    const at = `terms[${i}]`;
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      issues.push({ field: at, message: 'expected { term, meaning, aliases?, link? }' });
      return;
    }
    const e = raw as Record<string, unknown>;
    for (const key of Object.keys(e)) {
      if (!ENTRY_FIELDS.has(key)) issues.push({ field: `${at}.${key}`, message: `unknown field (known: ${[...ENTRY_FIELDS].join(', ')})` });
    }
    const term = name(e.term, `${at}.term`, issues);
    const meaning = text(e.meaning, `${at}.meaning`, issues);
    if (term === undefined || meaning === undefined) return;
    const owner = owners.get(stemKey(term));
    if (owner !== undefined) {
      issues.push({ field: `${at}.term`, message: `"${term}" is already used by terms[${owner.index}] (${owner.term})` });
      return;
    }

    const aliases: string[] = [];
    const own = new Set([stemKey(term)]);
    if (e.aliases !== undefined && e.aliases !== null && !Array.isArray(e.aliases)) {
      issues.push({ field: `${at}.aliases`, message: 'expected a list of other names' });
    } else {
      ((e.aliases as unknown[] | undefined) ?? []).forEach((a, j) => {
        const alias = name(a, `${at}.aliases[${j}]`, issues);
        if (alias === undefined) return;
        const key = stemKey(alias);
        const other = owners.get(key);
        if (other !== undefined) issues.push({ field: `${at}.aliases[${j}]`, message: `"${alias}" is already used by terms[${other.index}] (${other.term})` });
        // The same name twice in one entry ("SENCo", "SENCO") is kept as written: capitals matter when matching.
        else if (!aliases.includes(alias) && alias !== term) {
          aliases.push(alias);
          own.add(key);
        }
      });
    }

    let link: string | undefined;
    if (e.link !== undefined && e.link !== null) {
      if (typeof e.link === 'string' && isHttpUrl(e.link.trim())) link = e.link.trim();
      else issues.push({ field: `${at}.link`, message: `${JSON.stringify(e.link)} is not an http(s) link` });
    }
    for (const key of own) owners.set(key, { index: i, term });
    entries.push({ term, meaning, aliases, ...(link !== undefined && { link }) });
  });
  return { glossary: { entries }, issues };
}

/** A term or alias: non-empty text (a bare number in YAML is reported: quote it) with words in it, not too long for an autocomplete choice. */
function name(value: unknown, field: string, issues: GlossaryIssue[]): string | undefined {
  const t = value;
  if (typeof t !== 'string' || t.trim() === '') {
    issues.push({ field, message: t === undefined || t === null || t === '' ? 'missing' : `expected text, got ${describe(t)}` });
    return undefined;
  }
  const trimmed = t.trim().replace(/\s+/g, ' ');
  if (words(trimmed).length === 0) issues.push({ field, message: `"${trimmed}" has no words in it` });
  else if (trimmed.length > MAX_TERM_LENGTH) issues.push({ field, message: `longer than ${MAX_TERM_LENGTH} characters` });
  else return trimmed;
  return undefined;
}

function text(value: unknown, field: string, issues: GlossaryIssue[]): string | undefined {
  if (typeof value !== 'string' || value.trim() === '') {
    issues.push({ field, message: value === undefined || value === null || value === '' ? 'missing' : `expected text, got ${describe(value)}` });
    return undefined;
  }
  const trimmed = value.trim().replace(/\s+/g, ' ');
  if (trimmed.length > MAX_MEANING_LENGTH) {
    issues.push({ field, message: `longer than ${MAX_MEANING_LENGTH} characters: keep it to one or two sentences` });
    return undefined;
  }
  return trimmed;
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v instanceof Date) return 'a date';
  if (typeof v === 'number' || typeof v === 'boolean') return `${String(v)} (put it in quotes if it is meant as text)`;
  return typeof v === 'object' ? 'a mapping' : typeof v;
}

/** A name's identity: its words, any case and punctuation ("EHC-plan" and "ehc plan" are one name). */
function nameKey(phrase: string): string {
  return words(phrase).join(' ');
}

/** Every name of an entry: its term first, then its aliases. */
export function namesOf(entry: GlossaryEntry): string[] {
  return [entry.term, ...entry.aliases];
}

/**
 * The entries as synonym groups for the engine's vocabulary, `[term, ...aliases]`. An entry without
 * aliases makes no group: one name alone has nothing to be a synonym of.
 */
export function synonymGroups(glossary: Glossary): string[][] {
  return glossary.entries.filter((e) => e.aliases.length > 0).map(namesOf);
}

// ---------------------------------------------------------------------------------------------
// Finding terms in text
// ---------------------------------------------------------------------------------------------

/**
 * One word of a name, as a text word must be to match it. A word written in capitals in the
 * glossary ("LA", "OT", "SEND") is an abbreviation: it matches only in capitals (plural "s"
 * allowed: "EHCPs"), so "la", "ot" and "send" in ordinary prose do not. Other words match by stem
 * in any case ("plans" matches "plan").
 */
type WordPattern = { readonly caps: string } | { readonly stem: string };

interface NamePattern {
  readonly entry: GlossaryEntry;
  readonly words: readonly WordPattern[];
}

/** A word of a text: lower case as `words` gives it, and as written. */
interface TextWord {
  readonly lower: string;
  readonly written: string;
}

const patternCache = new WeakMap<Glossary, Map<string, NamePattern[]>>();

/** The glossary's names as patterns, by their first word's key, longest first (built once per glossary). */
function patterns(glossary: Glossary): Map<string, NamePattern[]> {
  let byFirst = patternCache.get(glossary);
  if (byFirst) return byFirst;
  byFirst = new Map();
  for (const entry of glossary.entries) {
    for (const n of namesOf(entry)) {
      const ws: WordPattern[] = writtenWords(n).map((w) => (isAbbreviation(w.written) ? { caps: w.written } : { stem: stem(w.lower) }));
      const first = ws[0];
      if (!first) continue;
      const key = 'caps' in first ? first.caps.toLowerCase() : first.stem;
      const list = byFirst.get(key) ?? [];
      list.push({ entry, words: ws });
      byFirst.set(key, list);
    }
  }
  for (const list of byFirst.values()) list.sort((a, b) => b.words.length - a.words.length);
  patternCache.set(glossary, byFirst);
  return byFirst;
}

/** Two or more letters, all capitals (digits allowed): "LA", "OT", "SEND", "COVID". */
function isAbbreviation(word: string): boolean {
  const letters = word.replace(/[^\p{L}]/gu, '');
  return letters.length >= 2 && letters === letters.toUpperCase() && letters !== letters.toLowerCase();
}

/**
 * The words of a text as `words` (src/core/text.ts) finds them, each also as written, so that
 * capitals can be checked. Same normalisation and word pattern; `words` lower-cases each word.
 */
function writtenWords(text: string): TextWord[] {
  const out: TextWord[] = [];
  const prepared = text.normalize('NFKC').replace(/[\u2018\u2019\u201b\u2032`´]/g, "'");
  for (const m of prepared.matchAll(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu)) {
    const written = m[0].replace(/'s$/i, '').replace(/'/g, '');
    for (const lower of words(m[0])) out.push({ lower, written });
  }
  return out;
}

function wordMatches(p: WordPattern, w: TextWord): boolean {
  if ('caps' in p) return w.written === p.caps || w.written === `${p.caps}s`;
  return stem(w.lower) === p.stem;
}

/** Key under which a text word's patterns are filed (see {@link patterns}). */
function lookupKeys(w: TextWord): string[] {
  const s = stem(w.lower);
  // "EHCPs" is filed under "ehcp" (the abbreviation's own letters, lower case).
  const plural = /^\p{Lu}+s$/u.test(w.written) ? w.written.slice(0, -1).toLowerCase() : undefined;
  return [...new Set([s, w.lower, ...(plural !== undefined ? [plural] : [])])];
}

/**
 * Entries whose term or alias occurs (whole words and phrases) in any of the texts, in order of first
 * occurrence. Where names overlap, the longest wins: "SEND Improvement Board" is that board, not
 * also SEND (unless SEND occurs elsewhere).
 */
export function termsIn(glossary: Glossary, texts: readonly string[]): GlossaryEntry[] {
  if (glossary.entries.length === 0) return [];
  const byFirst = patterns(glossary);
  const found: GlossaryEntry[] = [];
  for (const t of texts) {
    const ws = writtenWords(t);
    for (let i = 0; i < ws.length; i++) {
      const w = ws[i];
      if (!w) continue;
      let best: NamePattern | undefined;
      for (const key of lookupKeys(w)) {
        for (const p of byFirst.get(key) ?? []) {
          if (best && best.words.length >= p.words.length) break;
          if (p.words.every((pw, j) => { const tw = ws[i + j]; return tw !== undefined && wordMatches(pw, tw); })) {
            best = p;
            break;
          }
        }
      }
      if (!best) continue;
      if (!found.includes(best.entry)) found.push(best.entry);
      i += best.words.length - 1;
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Looking up what someone typed
// ---------------------------------------------------------------------------------------------

/** A name squeezed for comparing what people type: lower case, letters and digits only. */
function squeeze(phrase: string): string {
  return words(phrase).join('');
}

/** A name by stems, so "EHC plans" is "EHC plan". */
function stemKey(phrase: string): string {
  return words(phrase).map(stem).join(' ');
}

/**
 * The entry a user picked or typed (term or alias, any case or punctuation), or undefined. A small
 * typo is forgiven ("ofstead", "ehcplan", "local ofer"); short names (3 letters or fewer) must be
 * exact, since too many abbreviations lie one letter apart.
 */
export function findEntry(glossary: Glossary, typed: string): GlossaryEntry | undefined {
  const key = nameKey(typed);
  if (key === '') return undefined;
  const entries = glossary.entries;
  const exact = entries.find((e) => namesOf(e).some((n) => nameKey(n) === key));
  if (exact) return exact;
  const stems = stemKey(typed);
  const byStem = entries.find((e) => namesOf(e).some((n) => stemKey(n) === stems));
  if (byStem) return byStem;
  const squeezed = squeeze(typed);
  let best: { entry: GlossaryEntry; distance: number } | undefined;
  for (const entry of entries) {
    for (const n of namesOf(entry)) {
      const target = squeeze(n);
      const allowed = typoAllowance(Math.min(target.length, squeezed.length));
      if (Math.abs(target.length - squeezed.length) > allowed) continue;
      const distance = editDistance(squeezed, target);
      if (distance <= allowed && (!best || distance < best.distance)) best = { entry, distance };
    }
  }
  return best?.entry;
}

/** Edits forgiven in a name of this many letters. */
function typoAllowance(length: number): number {
  if (length <= 3) return 0;
  if (length <= 7) return 1;
  return 2;
}

/**
 * Up to `max` entries whose names look like what was typed, closest first: for "I don't have that
 * in my glossary, did you mean ...". A name that contains the typed words (or is contained in
 * them) counts as close, as does a name a few edits away.
 */
export function closestEntries(glossary: Glossary, typed: string, max = 5): GlossaryEntry[] {
  const squeezed = squeeze(typed);
  const typedWords = new Set(words(typed).filter((w) => w.length > 2).map(stem));
  if (squeezed === '') return [];
  const scored: { entry: GlossaryEntry; score: number; order: number }[] = [];
  glossary.entries.forEach((entry, order) => {
    let score = Infinity;
    for (const n of namesOf(entry)) {
      const target = squeeze(n);
      // Containment counts for 4 letters or more ("la" is in "local area", but means something else).
      const contains = (a: string, b: string): boolean => b.length > 3 && a.includes(b);
      if (contains(target, squeezed) || contains(squeezed, target)) score = Math.min(score, 0);
      else if (words(n).some((w) => w.startsWith(squeezed))) score = Math.min(score, 0.25);
      const shared = words(n).some((w) => typedWords.has(stem(w)));
      if (shared) score = Math.min(score, 0.5);
      const d = editDistance(squeezed, target) / Math.max(squeezed.length, target.length);
      if (d <= 1 / 3) score = Math.min(score, d);
    }
    if (score < Infinity) scored.push({ entry, score, order });
  });
  return scored.sort((a, b) => a.score - b.score || a.order - b.order).slice(0, max).map((s) => s.entry);
}

// ---------------------------------------------------------------------------------------------
// Feeding the vocabulary
// ---------------------------------------------------------------------------------------------

/** A glossary entry whose names would join vocabulary groups that mean different things. */
export interface GlossaryJoin {
  /** Index of the entry in the glossary. */
  readonly entry: number;
  /** The first phrase of each vocabulary group its names belong to. */
  readonly groups: readonly string[];
}

/**
 * The vocabulary with the glossary's synonym groups merged in, so that every name of a thing finds
 * the passages that use another:
 *
 * - an entry that shares a name (by stems: "EHC plans" is "EHC plan") with a vocabulary group joins
 *   that group, so no phrase is in two groups; the group keeps its first phrase (which names its
 *   concept) and its place; an entry that shares no name makes a new group;
 * - an entry whose names are spread over two or more vocabulary groups is not merged (it is in
 *   `joins`): the vocabulary says those are different things, so its names cannot all be synonyms;
 * - a glossary phrase that contains a phrase of another group ("requires improvement" contains
 *   "improvement", "autism base" contains "autism") is listed in `additive`: it adds its own concept
 *   beside those of the words inside it, and never hides them (see the Analyzer).
 */
export function mergeGlossary(vocabulary: Vocabulary, glossary: Glossary): { vocabulary: Vocabulary; joins: GlossaryJoin[] } {
  const entries = glossary.entries.map((entry, index) => ({ entry, index })).filter(({ entry }) => entry.aliases.length > 0);
  if (entries.length === 0) return { vocabulary, joins: [] };

  const groups: string[][] = vocabulary.synonyms.map((g) => [...g]);
  /** The group of each phrase, by stems. Where the vocabulary itself has a phrase in two groups, the first keeps it (as in the Analyzer). */
  const owner = new Map<string, number>();
  groups.forEach((group, g) => {
    for (const phrase of group) {
      const k = stemKey(phrase);
      if (k !== '' && !owner.has(k)) owner.set(k, g);
    }
  });
  const vocabularyKeys = new Set(owner.keys());

  const joins: GlossaryJoin[] = [];
  const added: { phrase: string; key: string; group: number }[] = [];
  for (const { entry, index } of entries) {
    const names = namesOf(entry).map((phrase) => ({ phrase, key: stemKey(phrase) })).filter((n) => n.key !== '');
    const touched = [...new Set(names.map((n) => owner.get(n.key)).filter((g): g is number => g !== undefined))];
    if (touched.length > 1) {
      joins.push({ entry: index, groups: touched.map((g) => groups[g]?.[0] ?? '') });
      continue;
    }
    const target = touched[0] ?? groups.push([]) - 1;
    for (const { phrase, key } of names) {
      if (owner.has(key)) continue;
      owner.set(key, target);
      groups[target]?.push(phrase);
      added.push({ phrase, key, group: target });
    }
  }

  // A glossary phrase that contains another group's phrase must not hide it.
  const additive = [...(vocabulary.additive ?? [])];
  for (const a of added) {
    if (!vocabularyKeys.has(a.key) && containsOther(a.key.split(' '), a.group, owner)) additive.push(a.phrase);
  }
  const synonyms = groups.filter((g) => g.length >= 2);
  return { vocabulary: { ...vocabulary, synonyms, ...(additive.length > 0 && { additive }) }, joins };
}

/** True when some shorter run of `stems` is a phrase of a group other than `own`. */
function containsOther(stems: readonly string[], own: number, rootOf: ReadonlyMap<string, number>): boolean {
  for (let len = stems.length - 1; len >= 1; len--) {
    for (let i = 0; i + len <= stems.length; i++) {
      const r = rootOf.get(stems.slice(i, i + len).join(' '));
      if (r !== undefined && r !== own) return true;
    }
  }
  return false;
}
