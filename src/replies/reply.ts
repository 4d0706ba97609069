/**
 * A reply, independent of where it is shown: the Discord renderer (render.ts) turns it into messages
 * with embeds within Discord's limits, the console renderer (text.ts) into plain text. Commands and
 * the console build replies with the same functions (replies.ts).
 */
import type { SourceMeta, Speaker } from '../core/types.ts';

/** One source shown in a reply: an excerpt with its citation, or the source itself (/sources). */
export interface Card {
  readonly source: SourceMeta;
  /** A short line above the title: the date, the inspection step, the partner. Plain text. */
  readonly heading?: string;
  /** Verbatim passages of `source` (one, or a quote continued over several paragraphs). */
  readonly excerpt?: {
    readonly passages: readonly string[];
    /** A sentence of the passages to show in bold. */
    readonly highlight?: string;
  };
  readonly speaker?: Speaker;
  /** Facts about the source (not excerpts): name and plain-text value. */
  readonly facts?: readonly { readonly name: string; readonly value: string }[];
  /**
   * A line of the bot's own about the excerpt, plain text, shown apart from the verbatim words (e.g.
   * "A later report, July 2024, also covers this: …").
   */
  readonly note?: string;
}

export interface Reply {
  /** What the member asked, echoed back (escaped and with mentions neutralised by the renderer). */
  readonly echo?: string;
  /**
   * The opening lines: Markdown written by the bot. Anything in it that came from a member or from
   * the knowledge base must already be escaped (`escapeText`, `escapeUserText`).
   */
  readonly lead?: string;
  readonly cards: readonly Card[];
  /** A closing line after the cards, Markdown like `lead`. */
  readonly footnote?: string;
  /** Only the member who asked sees it. */
  readonly ephemeral?: boolean;
  /** Most messages to spread the cards over (default 1); cards that do not fit are left out with a note. */
  readonly maxMessages?: number;
}

/** "Cllr Marcus Hart, Cabinet Member for Education" */
export function speakerLine(speaker: Speaker): string {
  return speaker.role ? `${speaker.name}, ${speaker.role}` : speaker.name;
}
