/**
 * Renders a draft source as a knowledge file (YAML front matter + verbatim paragraphs) and
 * suggests an id for it.
 */
import { Document } from 'yaml';
import type { DraftSource } from './extract.ts';
import { SOURCE_KINDS, normalizeSpace } from './text-rules.ts';

const ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
export const MAX_ID_LENGTH = 60;

/** True for ids the knowledge base accepts: lowercase a-z, 0-9 and single dashes, ≤ 60 chars. */
export function isValidId(id: string): boolean {
  return id.length <= MAX_ID_LENGTH && ID_PATTERN.test(id);
}

export function toKnowledgeFile(draft: DraftSource & { id: string }): string {
  if (!isValidId(draft.id)) {
    throw new RangeError(`Invalid knowledge id "${draft.id}": use lowercase letters, digits and dashes (at most ${MAX_ID_LENGTH} characters).`);
  }
  const kind = (SOURCE_KINDS as readonly string[]).includes(draft.kind) ? draft.kind : 'other';
  const front: Record<string, string> = { id: draft.id, title: normalizeSpace(draft.title) };
  const publisher = draft.publisher ? normalizeSpace(draft.publisher) : '';
  if (publisher) front['publisher'] = publisher;
  if (draft.published && /^\d{4}-\d{2}(?:-\d{2})?$/.test(draft.published)) front['published'] = draft.published;
  if (draft.url) front['url'] = draft.url;
  front['kind'] = kind;

  // yaml quotes whatever needs quoting (colons, leading quotes, "yes", "#"...); no line folding.
  const yaml = new Document(front).toString({ lineWidth: 0 });
  return `---\n${yaml}---\n${renderBody(draft.paragraphs)}\n`;
}

/** Paragraphs separated by one blank line; consecutive "- " items form one list (one per line). */
function renderBody(paragraphs: readonly string[]): string {
  let out = '';
  let previousWasItem = false;
  for (const raw of paragraphs) {
    const paragraph = normalizeSpace(raw);
    if (paragraph === '' || paragraph === '-') continue;
    const isItem = paragraph.startsWith('- ');
    if (out !== '') out += isItem && previousWasItem ? '\n' : '\n\n';
    out += paragraph;
    previousWasItem = isItem;
  }
  return out;
}

const TITLE_STOP_WORDS = new Set([
  'a', 'an', 'the', 'of', 'on', 'in', 'for', 'to', 'and', 'or', 'with', 'by', 'at', 'from', 'as', 'is', 'are', 'was',
  'were', 'be', 'been', 'its', 'it', 'this', 'that', 'these', 'into', 'over', 'after', 'about', 'says', 'said', 'has',
  'have', 'had', 'will', 'would', 'can', 'could', 'their', 'our', 'your', 'we', 'they', 'but', 'not', 'than',
]);
const PUBLISHER_NOISE = new Set([
  'the', 'news', 'online', 'ltd', 'limited', 'plc', 'website', 'uk', 'gov', 'county', 'city', 'borough', 'district',
  'metropolitan', 'of', 'and', 'www', 'com', 'org', 'net', 'co', 'nhs', 'ac', 'sch',
]);

/** Suggests an id such as "bbc-2024-inspectors-demand-action-special-needs" (≤ 60 characters). */
export function suggestId(draft: DraftSource): string {
  if (draft.id && isValidId(draft.id)) return draft.id;
  let publisherWords = slugWords(draft.publisher ?? '').filter((w) => !PUBLISHER_NOISE.has(w)).slice(0, 2);
  if (publisherWords.length === 0) publisherWords = hostWords(draft.url).slice(0, 1);
  const year = draft.published && /^\d{4}/.test(draft.published) ? [draft.published.slice(0, 4)] : [];
  const titleWords = slugWords(draft.title).filter((w) => !TITLE_STOP_WORDS.has(w));

  const parts: string[] = [];
  const push = (word: string): boolean => {
    const candidate = [...parts, word].join('-');
    if (candidate.length > MAX_ID_LENGTH) return false;
    parts.push(word);
    return true;
  };
  for (const word of [...publisherWords, ...year]) push(word);
  for (const word of titleWords) if (!push(word)) break;
  const id = parts.join('-');
  return id === '' || /^\d+$/.test(id) ? (id ? `source-${id}` : 'source') : id;
}

function slugWords(text: string): string[] {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’‘`]/g, '')
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function hostWords(url: string | undefined): string[] {
  if (!url) return [];
  try {
    return new URL(url).hostname
      .toLowerCase()
      .split('.')
      .filter((label) => label && !PUBLISHER_NOISE.has(label))
      .flatMap(slugWords);
  } catch {
    return [];
  }
}
