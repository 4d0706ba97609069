/**
 * What an add preview says beside the source's fields and passages, in one wording for both faces
 * (`kb add`, `/sources add`): the values the page only suggests (a generic title's better heading, a
 * date found in the text, the site's name), and the passages other sources already have. Each face
 * adds its own way to act on them (flags on the terminal, buttons on Discord).
 */
import { formatDate } from '../core/dates.ts';
import { describeOverlap, type Overlap } from './overlaps.ts';
import type { PreparedAdd, ShownProposal } from './store.ts';

export { describeOverlap, type Overlap } from './overlaps.ts';

/** `Title "Latest news" looks generic for this site; proposed: "One year into …" (the page's heading)`, and the like. */
export function describeProposal(p: ShownProposal): string {
  switch (p.field) {
    case 'title':
      return `Title "${p.instead ?? ''}" looks generic for this site; proposed: "${p.value}" (the page's heading)`;
    case 'published':
      return `Date not in the page's metadata; proposed: ${formatDate(p.value)} (${p.value}), because ${p.from}`;
    case 'publisher':
      return `Publisher not in the page's metadata; proposed: "${p.value}", because ${p.from}`;
  }
}

/** The preview's notes: each proposal (whether it will be saved) and each overlap with an existing source. */
export function previewNotes(prepared: Pick<PreparedAdd, 'proposals' | 'overlaps'>): { proposals: { text: string; used: boolean; field: ShownProposal['field']; value: string }[]; overlaps: { text: string; example: string; overlap: Overlap }[] } {
  return {
    proposals: (prepared.proposals ?? []).map((p) => ({ text: describeProposal(p), used: p.used, field: p.field, value: p.value })),
    overlaps: (prepared.overlaps ?? []).map((o) => ({ text: describeOverlap(o), example: o.example, overlap: o })),
  };
}
