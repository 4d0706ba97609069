import { readFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { emptyGlossary, mergeGlossary, validateGlossary, type Glossary } from '../core/glossary.ts';
import type { Source } from '../core/types.ts';
import { emptyVocabulary, validateVocabulary, type Vocabulary } from '../core/vocabulary.ts';
import { KnowledgeError } from './errors.ts';
import { isBinary, parseKnowledgeFile, type KnowledgeIssue } from './parse.ts';

/** The vocabulary file inside a knowledge folder. */
export const VOCABULARY_FILE = 'vocabulary.yml';
/** The glossary file inside a knowledge folder. */
export const GLOSSARY_FILE = 'glossary.yml';

/** Everything read from a knowledge folder: the valid sources, the vocabulary, the glossary, and every problem found. */
export interface KnowledgeSnapshot {
  readonly dir: string;
  readonly sources: Source[];
  readonly vocabulary: Vocabulary;
  /** The jargon explained to parents (`glossary.yml`); empty when there is no such file. */
  readonly glossary: Glossary;
  readonly issues: KnowledgeIssue[];
  /** File name of each loaded source, by source id. */
  readonly files: ReadonlyMap<string, string>;
}

/** The knowledge folder is missing or unreadable: nothing can be answered from it. */
export class KnowledgeDirError extends KnowledgeError<'knowledge-dir'> {
  readonly code = 'knowledge-dir';
  readonly dir: string;
  readonly reason: string;

  constructor(dir: string, reason: string) {
    super(`Cannot read the knowledge folder "${dir}": ${reason}`);
    this.dir = dir;
    this.reason = reason;
    this.name = 'KnowledgeDirError';
  }
}

/**
 * Refuses a folder with no knowledge file (`*.md`) at all: a wrong KNOWLEDGE_DIR, or a volume not
 * mounted, must stop the start with a clear error rather than serve a bot that knows nothing.
 */
export function requireKnowledgeFiles(raw: KnowledgeFiles): KnowledgeFiles {
  if (raw.files.length === 0) {
    throw new KnowledgeDirError(raw.dir, 'it has no knowledge files (*.md). Point KNOWLEDGE_DIR (or --knowledge) at the folder of articles, or add one with `npm run kb -- add`');
  }
  return raw;
}

/** The raw contents of a knowledge folder, before parsing. */
export interface KnowledgeFiles {
  readonly dir: string;
  /** Top-level `*.md` files, by name order. `bytes` is undefined when the file could not be read. */
  readonly files: readonly { name: string; bytes?: Buffer; error?: string }[];
  /** `vocabulary.yml`, if present. */
  readonly vocabulary?: { bytes?: Buffer; error?: string };
  /** `glossary.yml`, if present. */
  readonly glossary?: { bytes?: Buffer; error?: string };
}

/** Reads the files of a knowledge folder; throws `KnowledgeDirError` if the folder cannot be read. */
export async function readKnowledgeFiles(dir: string): Promise<KnowledgeFiles> {
  let names: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new KnowledgeDirError(dir, 'not a folder');
    names = (await readdir(dir)).sort();
  } catch (e) {
    if (e instanceof KnowledgeDirError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new KnowledgeDirError(dir, code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : (e as Error).message);
  }
  // Synchronous reads: for thousands of small files they are several times faster than as many
  // promises through libuv's small thread pool, and the folder is read once per refresh.
  const read = (name: string): { bytes?: Buffer; error?: string } => {
    try {
      return { bytes: readFileSync(join(dir, name)) };
    } catch (e) {
      return { error: (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'ENOENT' : (e as Error).message };
    }
  };
  const files = names.filter((n) => n.endsWith('.md') && !n.startsWith('.') && n.toLowerCase() !== 'readme.md').map((name) => ({ name, ...read(name) }));
  const vocabulary = read(VOCABULARY_FILE);
  const glossary = read(GLOSSARY_FILE);
  return { dir, files, ...(vocabulary.error !== 'ENOENT' && { vocabulary }), ...(glossary.error !== 'ENOENT' && { glossary }) };
}

/**
 * Parses and validates what `readKnowledgeFiles` read. A broken file is reported with its name
 * and the field at fault, and the other files still load. Duplicate ids: the first file (by name)
 * keeps the id, later ones are reported.
 */
export function parseKnowledgeFiles(raw: KnowledgeFiles): KnowledgeSnapshot {
  const issues: KnowledgeIssue[] = [];
  const sources: Source[] = [];
  const files = new Map<string, string>();
  for (const { name, bytes, error } of raw.files) {
    if (!bytes) {
      issues.push({ file: name, field: 'content', message: `cannot read: ${error ?? 'unknown error'}` });
      continue;
    }
    if (isBinary(bytes)) {
      issues.push({ file: name, field: 'content', message: 'binary content: a knowledge file must be UTF-8 text' });
      continue;
    }
    const result = parseKnowledgeFile(name, bytes.toString('utf8'));
    if (!result.ok) {
      issues.push(...result.issues);
      continue;
    }
    const other = files.get(result.source.meta.id);
    if (other !== undefined) {
      issues.push({ file: name, field: 'id', message: `duplicate id "${result.source.meta.id}" (already used by ${other})` });
      continue;
    }
    files.set(result.source.meta.id, name);
    sources.push(result.source);
  }
  const vocabulary = parseVocabulary(raw.vocabulary, issues);
  const glossary = parseGlossary(raw.glossary, vocabulary, issues);
  return { dir: raw.dir, sources, vocabulary, glossary, issues, files };
}

/** Reads and parses every `*.md` file of a knowledge folder, its `vocabulary.yml` and its `glossary.yml`. */
export async function loadKnowledge(dir: string): Promise<KnowledgeSnapshot> {
  return parseKnowledgeFiles(await readKnowledgeFiles(dir));
}

function parseVocabulary(raw: { bytes?: Buffer; error?: string } | undefined, issues: KnowledgeIssue[]): Vocabulary {
  const file = VOCABULARY_FILE;
  const doc = readYaml(file, raw, issues);
  if (doc === NOT_READ) return emptyVocabulary;
  const { vocabulary, issues: vocabIssues } = validateVocabulary(doc);
  issues.push(...vocabIssues.map((i) => ({ file, ...i })));
  return vocabulary;
}

/**
 * Parses `glossary.yml`. Besides its own problems, an entry whose names belong to two different
 * groups of the vocabulary is reported: a term and its aliases must be true synonyms, and the
 * vocabulary says those are different things (the entry still explains its term, but its names do
 * not join the vocabulary).
 */
function parseGlossary(raw: { bytes?: Buffer; error?: string } | undefined, vocabulary: Vocabulary, issues: KnowledgeIssue[]): Glossary {
  const file = GLOSSARY_FILE;
  const doc = readYaml(file, raw, issues);
  if (doc === NOT_READ) return emptyGlossary;
  const { glossary, issues: glossaryIssues } = validateGlossary(doc);
  issues.push(...glossaryIssues.map((i) => ({ file, ...i })));
  // Entries left out by validation shift the indexes: name the entry by its place in the file.
  const listed: unknown[] = Array.isArray((doc as { terms?: unknown } | null)?.terms) ? (doc as { terms: unknown[] }).terms : [];
  for (const join of mergeGlossary(vocabulary, glossary).joins) {
    const entry = glossary.entries[join.entry];
    const at = listed.findIndex((t) => typeof (t as { term?: unknown } | null)?.term === 'string' && (t as { term: string }).term.trim().replace(/\s+/g, ' ') === entry?.term);
    issues.push({
      file,
      field: `terms[${at < 0 ? join.entry : at}]`,
      message: `the names of "${entry?.term ?? '?'}" belong to different groups of ${VOCABULARY_FILE} (${join.groups.map((g) => `"${g}"`).join(', ')}): ` +
        'a term and its aliases must mean the same thing, so they were not added to the vocabulary',
    });
  }
  return glossary;
}

const NOT_READ = Symbol('not read');

/** The parsed YAML of an optional data file, or NOT_READ (absent, unreadable or invalid: reported). */
function readYaml(file: string, raw: { bytes?: Buffer; error?: string } | undefined, issues: KnowledgeIssue[]): unknown {
  if (!raw) return NOT_READ;
  if (!raw.bytes) {
    issues.push({ file, field: 'content', message: `cannot read: ${raw.error ?? 'unknown error'}` });
    return NOT_READ;
  }
  try {
    return parseYaml(raw.bytes.toString('utf8')) as unknown;
  } catch (e) {
    issues.push({ file, field: '(root)', message: `invalid YAML: ${(e as Error).message.split('\n')[0]}` });
    return NOT_READ;
  }
}
