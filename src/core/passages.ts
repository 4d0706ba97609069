import { shortHash } from './hash.ts';
import { sentences } from './text.ts';
import type { Passage, Speaker } from './types.ts';

/** A block of a cleaned body: a paragraph, a bullet or a heading. */
export interface Block {
  readonly kind: 'paragraph' | 'bullet' | 'heading';
  readonly text: string;
}

/**
 * Splits a Markdown-lite body into blocks. Paragraphs are separated by blank lines (lines of one
 * paragraph are joined with a space); `- `, `* ` and `• ` lines are bullets; `#` lines are headings.
 */
export function splitBlocks(body: string): Block[] {
  const blocks: Block[] = [];
  let para: string[] = [];
  const flush = (): void => {
    if (para.length) blocks.push({ kind: 'paragraph', text: para.join(' ') });
    para = [];
  };
  for (const rawLine of body.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.replace(/\s+/g, ' ').trim();
    if (line === '') {
      flush();
      continue;
    }
    const heading = /^#{1,6}\s+(.*)$/.exec(line);
    const bullet = /^(?:[-*•])\s+(.*)$/.exec(line);
    if (heading?.[1]) {
      flush();
      blocks.push({ kind: 'heading', text: heading[1] });
    } else if (bullet?.[1]) {
      flush();
      blocks.push({ kind: 'bullet', text: bullet[1] });
    } else {
      para.push(line);
    }
  }
  flush();
  return blocks;
}

const VERBS = 'said|says|added|adds|told|explained|explains|commented|continued|stated|acknowledged|insisted|warned|apologised|accepted';
/** "Cllr Marcus Hart, Cabinet Member for Education said: “..." / "Dr Louise Bramble, ..., added: “..." */
const LEAD_ATTRIBUTION = new RegExp(`^([A-Z][^.“”"]{1,200}?),?\\s+(?:also\\s+)?(?:${VERBS})\\b\\s*(?::|,)?\\s*(?=\\S)`, '');
/** Words that open a sentence without naming who speaks ("Following the inspection, inspectors said..."). */
const NOT_A_SUBJECT = /^(?:\w+ly|\w+ing|after|before|during|despite|since|while|whilst|when|although|however|in|on|at|for|from|with|by|as|if|but|and|so|this|these|there)\b/i;
/** "“..., ” it said." / "..., said Cllr Hart." */
const TRAILING_ATTRIBUTION = new RegExp(`[”"],?\\s+(it|he|she|they|[A-Za-z][\\w .'-]{1,80}?)\\s+(?:${VERBS})\\.?$`);
const TRAILING_INVERTED = new RegExp(`[”"],?\\s+(?:${VERBS})\\s+([A-Z][\\w .'-]{1,80}?)\\.?$`);
const PRONOUNS = /^(it|he|she|they)$/i;

/** Counts quotation marks to tell whether a quote is still open at the end of a paragraph. */
function quoteBalance(text: string): number {
  const opens = (text.match(/“/g) ?? []).length;
  const closes = (text.match(/”/g) ?? []).length;
  const straight = (text.match(/"/g) ?? []).length;
  // Mixed styles occur ("... need," it said with a straight opening quote): count straight marks as pairs.
  return opens - closes + (straight % 2);
}

function parseSpeaker(subject: string): Speaker | undefined {
  if (NOT_A_SUBJECT.test(subject)) return undefined;
  // "A joint statement from X, Y and Z": the commas list organisations, not a name and a role.
  if (/^(a|an|the)\s/i.test(subject)) return subject.split(/\s+/).length <= 24 ? { name: subject } : undefined;
  const parts = subject.split(/,\s*/).map((s) => s.trim()).filter(Boolean);
  const name = parts[0] ?? subject;
  if (name.split(/\s+/).length > 8) return undefined;
  const role = parts.slice(1).join(', ');
  return role ? { name, role } : { name };
}

/**
 * The context of the list that starts after `blocks[i]`: its lead-in ("Key changes include:", the
 * last sentence of a paragraph ending with ":") and the sentence before that (in the same paragraph,
 * or the last sentence of the paragraph above, never across a heading). Returns whether the lead-in
 * paragraph is only the lead-in (then it is not a passage of its own).
 */
function listContextOf(blocks: readonly Block[], i: number): { context: string | undefined; bare: boolean } {
  const block = blocks[i];
  if (block?.kind !== 'paragraph') return { context: undefined, bare: false };
  const own = sentences(block.text);
  const leadIn = block.text.endsWith(':') ? own.pop() : undefined;
  const before = own.length > 0 ? own[own.length - 1] : blocks[i - 1]?.kind === 'paragraph' ? sentences(blocks[i - 1]?.text ?? '').pop() : undefined;
  const parts = [before, leadIn?.replace(/:$/, '')].filter((t): t is string => t !== undefined && t !== '');
  return { context: parts.length > 0 ? parts.join(' ') : undefined, bare: leadIn !== undefined && own.length === 0 };
}

/**
 * Turns a source body into passages: one per paragraph or bullet, verbatim, each with the heading
 * above it and, for quoted statements, who is speaking. A list item also keeps what the list is a
 * list of (`listContext`: the sentence before the list and its lead-in, see `listContextOf`); a bare
 * lead-in ("These are:") is not a passage of its own. A statement continued over several
 * paragraphs (a paragraph opening with a quotation mark after an unclosed quote, or attributed to
 * "it"/"he"/"she") keeps the speaker named earlier. Ids are stable: source id plus a hash of the text.
 */
export function toPassages(sourceId: string, body: string): Passage[] {
  const passages: Passage[] = [];
  const seen = new Map<string, number>();
  let section: string | undefined;
  let current: Speaker | undefined;
  let quoteOpen = false;
  const blocks = splitBlocks(body);
  let list: string | undefined;
  for (const [i, block] of blocks.entries()) {
    if (block.kind !== 'bullet') list = undefined;
    if (block.kind === 'heading') {
      section = block.text;
      current = undefined;
      quoteOpen = false;
      continue;
    }
    if (block.kind === 'paragraph' && blocks[i + 1]?.kind === 'bullet') {
      const found = listContextOf(blocks, i);
      list = found.context;
      // "Other highlights in the report included:" alone introduces the bullets after it: it is their
      // context rather than a passage of its own.
      if (found.bare) continue;
    }
    const text = block.text;
    let speaker: Speaker | undefined;
    const lead = LEAD_ATTRIBUTION.exec(text);
    const trailing = TRAILING_ATTRIBUTION.exec(text);
    const inverted = TRAILING_INVERTED.exec(text);
    const startsWithQuote = /^[“"]/.test(text);
    const named = lead?.[1] && !PRONOUNS.test(lead[1]) ? parseSpeaker(lead[1]) : undefined;
    if (named) {
      speaker = named;
    } else if ((lead?.[1] && PRONOUNS.test(lead[1])) || (trailing?.[1] && PRONOUNS.test(trailing[1]))) {
      speaker = current;
    } else if (trailing?.[1]) {
      speaker = parseSpeaker(trailing[1]);
    } else if (inverted?.[1]) {
      speaker = parseSpeaker(inverted[1]);
    } else if (startsWithQuote && (quoteOpen || current)) {
      speaker = current;
    }
    current = speaker;
    quoteOpen = speaker !== undefined && quoteBalance(text) > 0;

    const base = `${sourceId}#${shortHash(text)}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    passages.push({
      id: n === 1 ? base : `${base}-${n}`,
      sourceId,
      position: passages.length,
      text,
      kind: block.kind,
      ...(section !== undefined && { section }),
      ...(block.kind === 'bullet' && list !== undefined && { listContext: list }),
      ...(speaker !== undefined && { speaker }),
    });
  }
  return passages;
}
