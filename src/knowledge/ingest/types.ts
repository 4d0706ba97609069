/**
 * The types the ingest layer shares: what an extractor returns and what the dispatcher
 * (extract.ts) is given. Kept apart so the extractors need not import their dispatcher.
 */

export interface DraftSource {
  /** Only set when the input already carried one (Markdown front matter). */
  id?: string;
  title: string;
  publisher?: string;
  /** YYYY-MM-DD, or YYYY-MM when only the month is known. */
  published?: string;
  /** Canonical URL when the page declares one, else the URL it was fetched from. */
  url?: string;
  /** news | press-release | inspection-report | letter | action-plan | other */
  kind: string;
  /** Verbatim paragraphs; list items start with "- ", headings (section titles) with "## ". */
  paragraphs: string[];
  /**
   * Values the page does not state in its metadata but suggests, for the moderator to confirm; never
   * saved unconfirmed (see `prepareAdd`'s `acceptProposals`).
   */
  proposed?: Proposals;
}

/** A value proposed to the moderator, with where it was found. */
export interface Proposal {
  readonly value: string;
  /** Where it comes from, in the page's words: `the text says "Published Monday, 8th July 2019"`. */
  readonly from: string;
}

export interface Proposals {
  /** A date found in the text, when the page has no machine-readable date. */
  published?: Proposal;
  /** The site's name (og:site_name, the host's known name, the <title> suffix), when no publisher is stated. */
  publisher?: Proposal;
  /** The page's own heading, when its title is generic for the site ("Latest news", "Home", the site's name). */
  title?: Proposal;
}

export interface ExtractInput {
  body: Buffer;
  /** Content-Type header or upload MIME type, if known. */
  contentType?: string;
  /** Upload file name, if any (its extension helps detect the type). */
  filename?: string;
  /** URL the document was fetched from (final URL after redirects). */
  url?: string;
}
