/**
 * Suggests an id for a draft source, from its publisher, year and title. (Writing the draft as a
 * knowledge file is `toKnowledgeFile` in ../file-format.ts.)
 */
import { isValidId, MAX_ID_LENGTH } from '../file-format.ts';
import type { DraftSource } from './types.ts';

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
