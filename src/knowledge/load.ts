import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { Source } from '../core/types.ts';
import { emptyVocabulary, validateVocabulary, type Vocabulary } from '../core/vocabulary.ts';
import { isBinary, parseKnowledgeFile, type KnowledgeIssue } from './parse.ts';

/** The vocabulary file inside a knowledge folder. */
export const VOCABULARY_FILE = 'vocabulary.yml';

/** Everything read from a knowledge folder: the valid sources, the vocabulary, and every problem found. */
export interface KnowledgeSnapshot {
  readonly dir: string;
  readonly sources: Source[];
  readonly vocabulary: Vocabulary;
  readonly issues: KnowledgeIssue[];
  /** File name of each loaded source, by source id. */
  readonly files: ReadonlyMap<string, string>;
}

/** The knowledge folder is missing or unreadable: nothing can be answered from it. */
export class KnowledgeDirError extends Error {
  constructor(readonly dir: string, reason: string) {
    super(`Cannot read the knowledge folder "${dir}": ${reason}`);
    this.name = 'KnowledgeDirError';
  }
}

/**
 * Reads every `*.md` file of a knowledge folder (and its `vocabulary.yml`). A broken file is
 * reported with its name and the field at fault, and the other files still load. Duplicate ids:
 * the first file (by name) keeps the id, later ones are reported.
 */
export async function loadKnowledge(dir: string): Promise<KnowledgeSnapshot> {
  let names: string[];
  try {
    if (!(await stat(dir)).isDirectory()) throw new KnowledgeDirError(dir, 'not a folder');
    names = (await readdir(dir)).sort();
  } catch (e) {
    if (e instanceof KnowledgeDirError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new KnowledgeDirError(dir, code === 'ENOENT' ? 'it does not exist' : code === 'EACCES' ? 'permission denied' : (e as Error).message);
  }
  const issues: KnowledgeIssue[] = [];
  const sources: Source[] = [];
  const files = new Map<string, string>();
  for (const name of names.filter((n) => n.endsWith('.md') && !n.startsWith('.') && n.toLowerCase() !== 'readme.md')) {
    let bytes: Buffer;
    try {
      bytes = await readFile(join(dir, name));
    } catch (e) {
      issues.push({ file: name, field: 'content', message: `cannot read: ${(e as Error).message}` });
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
  const vocabulary = await loadVocabulary(join(dir, VOCABULARY_FILE), issues);
  return { dir, sources, vocabulary, issues, files };
}

async function loadVocabulary(path: string, issues: KnowledgeIssue[]): Promise<Vocabulary> {
  const file = basename(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') issues.push({ file, field: 'content', message: `cannot read: ${(e as Error).message}` });
    return emptyVocabulary;
  }
  let doc: unknown;
  try {
    doc = parseYaml(text);
  } catch (e) {
    issues.push({ file, field: '(root)', message: `invalid YAML: ${(e as Error).message.split('\n')[0]}` });
    return emptyVocabulary;
  }
  const { vocabulary, issues: vocabIssues } = validateVocabulary(doc);
  issues.push(...vocabIssues.map((i) => ({ file, ...i })));
  return vocabulary;
}
