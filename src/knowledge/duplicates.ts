/**
 * What makes two sources the same: the same page (a link normalised to what identifies it) or the
 * same text (a hash of the passages). The store refuses such a duplicate; `kb check` reports them.
 */
import { createHash } from 'node:crypto';
import { loadKnowledge } from './load.ts';
import type { KnowledgeIssue } from './parse.ts';

/**
 * Validates the whole folder as the bot would load it (every knowledge file and vocabulary.yml),
 * plus what only shows across files: two sources with the same link or the same text.
 * `ok` is false on any issue.
 */
export async function checkKnowledge(dir: string): Promise<{ ok: boolean; sources: number; issues: KnowledgeIssue[] }> {
  const snapshot = await loadKnowledge(dir);
  const issues = [...snapshot.issues];
  const byUrl = new Map<string, string>();
  const byText = new Map<string, string>();
  for (const source of snapshot.sources) {
    const file = snapshot.files.get(source.meta.id) ?? `${source.meta.id}.md`;
    const url = normaliseUrl(source.meta.url);
    const sameUrl = byUrl.get(url);
    if (sameUrl !== undefined) issues.push({ file, field: 'url', message: `same link as ${sameUrl}: one of the two should be removed` });
    else byUrl.set(url, file);
    const hash = contentHash(source.passages.map((p) => p.text));
    const sameText = byText.get(hash);
    if (sameText !== undefined) issues.push({ file, field: 'body', message: `same text as ${sameText}: one of the two should be removed` });
    else byText.set(hash, file);
  }
  return { ok: issues.length === 0, sources: snapshot.sources.length, issues };
}

const TRACKING = /^(?:utm_.*|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|at_medium|at_campaign|at_custom\d*|ocid|cmpid|ns_mchannel|ns_source|ns_campaign|ns_linkname|ns_fee)$/i;

/**
 * A link reduced to what identifies the page: http and https, `www.` or not, a trailing slash, the
 * fragment, default ports, tracking parameters (`utm_*`, `fbclid`, ...) and the order of the other
 * parameters do not matter. A string that is not a URL is returned trimmed.
 */
export function normaliseUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url.trim());
  } catch {
    return url.trim();
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return u.href;
  const host = u.hostname.toLowerCase().replace(/^www\./, '').replace(/\.$/, '');
  const port = u.port === '' || u.port === '80' || u.port === '443' ? '' : `:${u.port}`;
  const path = u.pathname.replace(/\/+$/, '') || '/';
  const params = [...u.searchParams.entries()].filter(([k]) => !TRACKING.test(k)).sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : x > y ? 1 : 0) : a < b ? -1 : 1));
  const query = params.length > 0 ? `?${new URLSearchParams(params).toString()}` : '';
  return `//${host}${port}${path}${query}`;
}

/**
 * A hash of a source's text: its passages in order, compared without regard to case, spacing,
 * Unicode forms, quote and dash styles (a syndicated copy often differs only in those).
 */
export function contentHash(passages: readonly string[]): string {
  const norm = passages.map((p) =>
    p
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[‘’‚‛′]/g, "'")
      .replace(/[“”„‟″]/g, '"')
      .replace(/[‐‑‒–—―]/g, '-')
      .replace(/\s+/g, ' ')
      .trim(),
  );
  return sha256(norm.join('\n'));
}

export function sha256(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
