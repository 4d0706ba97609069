/**
 * Metadata a moderator can trust: what to propose when a page's own metadata is missing or generic.
 * Proposals are shown in the preview for the moderator to confirm; they are never saved unconfirmed.
 */
import type { Proposal, Proposals } from './types.ts';
import { comparableText, normalizeSpace } from './text-rules.ts';

/** Titles that name a section of a site rather than an article. */
const GENERIC_TITLES =
  /^(?:(?:latest|recent|all|our)\s+)?(?:news|news\s+(?:and|&)\s+(?:events|media|updates)|press\s+releases?|press|media(?:\s+centre)?|newsroom|stories|articles?|blog|updates?|reports?|publications?|documents?|home(?:\s*page)?|welcome|index|untitled(?:\s+document)?|page\s+not\s+found|404)$/i;

/**
 * True when a title is generic for its site: a section name ("Latest news", "News", "Home") or the
 * site's own name (the publisher, or the `<title>` suffix).
 */
export function genericTitle(title: string, siteNames: readonly (string | undefined)[] = []): boolean {
  const key = comparableText(title);
  if (key === '' || GENERIC_TITLES.test(key)) return true;
  return siteNames.some((name) => name !== undefined && comparableText(name) === key);
}

/**
 * The site's name from a `<title>` such as "Latest news | Worcestershire County Council": the part
 * after the last separator, when it is not the article's own title.
 */
export function siteNameFromTitle(documentTitle: string, articleTitle: string): string | undefined {
  const parts = normalizeSpace(documentTitle).split(/\s+[|\-–—·•]\s+/);
  if (parts.length < 2) return undefined;
  const last = parts[parts.length - 1] ?? '';
  if (comparableText(last) === '' || comparableText(last) === comparableText(articleTitle) || GENERIC_TITLES.test(comparableText(last))) return undefined;
  return last.length <= 80 ? last : undefined;
}

/** The proposals that are set, or undefined when there are none. */
export function proposals(found: { published?: Proposal | undefined; publisher?: Proposal | undefined; title?: Proposal | undefined }): Proposals | undefined {
  const out: Proposals = {
    ...(found.published && { published: found.published }),
    ...(found.publisher && { publisher: found.publisher }),
    ...(found.title && { title: found.title }),
  };
  return Object.keys(out).length > 0 ? out : undefined;
}
