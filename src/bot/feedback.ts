/**
 * Feedback on `/ask` answers: a "Helpful" and a "Not helpful" button under every answer, and the
 * anonymised review queue fed by them and by the questions the reports do not cover.
 *
 * What is kept, and where:
 * - In memory only, for 24 hours (and forgotten on restart): for each answer with buttons, a short
 *   random token, the question with personal details replaced ("[name]", "[email]", …) and the
 *   answer's sources. Never who asked.
 * - In memory only: for each rating, a salted hash of the member's id and the token (the salt is random
 *   and never leaves this process), so that one member rates one answer once. It cannot be turned back
 *   into the member's id, and it goes when the answer's token goes.
 * - In the review queue (REVIEW_FILE): "Helpful" adds to a count of the sources; "Not helpful" adds the
 *   redacted question, the member's optional reason (redacted too) and the sources; a question the
 *   reports do not cover is added as "abstained". Never who asked or who rated.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
} from 'discord.js';
import type { APIActionRowComponent, APIComponentInMessageActionRow, ButtonInteraction, ModalSubmitInteraction } from 'discord.js';
import type { Engine } from '../core/engine.ts';
import { findPersonalDetails, publicNames } from '../core/privacy.ts';
import type { Answer } from '../core/types.ts';
import { Expiring } from '../expiring.ts';
import type { ReviewItem } from '../review/queue.ts';
import { UserError } from './errors.ts';
import type { Reply } from './reply.ts';
import { NO_MENTIONS } from './send.ts';
import type { CommandContext } from './types.ts';

/** How long an answer can be rated: a day covers a conversation, and nothing is kept much longer. */
export const FEEDBACK_TTL_MS = 24 * 60 * 60 * 1000;
/** Most answers remembered for rating at once; beyond it the oldest is forgotten first. */
export const FEEDBACK_MAX_ANSWERS = 5000;
/** Longest "Not helpful" reason (Discord enforces it in the form too). */
export const REASON_MAX_LENGTH = 300;
/** Custom id of the reason's text input in the "Not helpful" form. */
export const REASON_INPUT_ID = 'reason';

export const HELPFUL_LABEL = 'Helpful';
export const NOT_HELPFUL_LABEL = 'Not helpful';
export const ALREADY_RATED = "You've already rated this answer. Thank you!";
export const RATING_EXPIRED =
  'Thank you, but this answer can no longer be rated: answers can be rated for 24 hours, and I forget them when I restart. ' +
  'If it still matters to you, please ask again and rate the new answer.';
export const THANKS_HELPFUL = "Thank you! I've counted this answer as helpful. Only the count is kept: not your name, not the question.";
/** The last line of an answer to a question the reports do not cover, once it is in the review queue. */
export const NOTED_FOR_MODERATORS = "I've noted this question for the moderators, without your name (see `/privacy`).";

/** Thanks for a "Not helpful", saying what the moderators will see. */
export function thanksNotHelpful(withReason: boolean): string {
  return `Thank you. The moderators will see your question${withReason ? ', your reason' : ''} and the sources I used, without your name, so they can fill the gap.`;
}

/** A rated answer's sources, as the review queue keeps them. */
export type FeedbackSources = ReviewItem['sources'];

/** What an answer's buttons refer to. Never who asked. */
export interface RateableAnswer {
  /** The question with personal details replaced ("[name]", "[email]", …). */
  readonly question: string;
  /** The sources the answer cited (id and title), in the answer's order. */
  readonly sources: FeedbackSources;
  readonly answered: boolean;
}

export type RateResult =
  | { readonly ok: true; readonly answer: RateableAnswer }
  | { readonly ok: false; readonly reason: 'unknown' | 'already' };

export interface FeedbackStoreOptions {
  /** Default {@link FEEDBACK_TTL_MS}. */
  readonly ttlMs?: number;
  /** Default {@link FEEDBACK_MAX_ANSWERS}. */
  readonly maxAnswers?: number;
  /** Clock in milliseconds (tests pass their own). */
  readonly now?: () => number;
}

interface Entry {
  readonly answer: RateableAnswer;
  /** Salted hashes of member id and token: who rated, unrecoverably. */
  readonly raters: Set<string>;
}

/**
 * What the store keeps of a rating: SHA-256 of the process's random salt, the member id and the token.
 * Without the salt (which never leaves the process) it cannot be linked to the member.
 */
export function raterHash(salt: Uint8Array, memberId: string, token: string): string {
  return createHash('sha256').update(salt).update(`${memberId}\u0000${token}`).digest('base64url');
}

/**
 * The answers that can still be rated, by token, in memory only. Entries expire after the TTL and
 * the oldest is evicted when there are too many; both are forgotten with the process.
 */
export class FeedbackStore {
  readonly #entries: Expiring<Entry>;
  /** Random per process: the rater hashes mean nothing outside it, and nothing after a restart. */
  readonly #salt = randomBytes(32);

  constructor(options: FeedbackStoreOptions = {}) {
    this.#entries = new Expiring({
      ttlMs: options.ttlMs ?? FEEDBACK_TTL_MS,
      maxEntries: Math.max(1, options.maxAnswers ?? FEEDBACK_MAX_ANSWERS),
      ...(options.now !== undefined && { now: options.now }),
    });
  }

  /** Remembers an answer; returns its token (8 characters of [A-Za-z0-9_-]). */
  add(answer: RateableAnswer): string {
    const frozen: RateableAnswer = Object.freeze({ question: answer.question, sources: Object.freeze(answer.sources.map((s) => Object.freeze({ id: s.id, title: s.title }))), answered: answer.answered });
    return this.#entries.add({ answer: frozen, raters: new Set() }, 8);
  }

  /** The answer of a live token, or undefined when it is unknown, expired or evicted. */
  get(token: string): RateableAnswer | undefined {
    return this.#entries.get(token)?.answer;
  }

  /** Whether the member has rated this answer already. */
  hasRated(token: string, memberId: string): boolean {
    return this.#entries.get(token)?.raters.has(this.#rater(token, memberId)) === true;
  }

  /** Records the member's rating of the answer: `already` on a second rating, `unknown` when the token is not live. */
  rate(token: string, memberId: string): RateResult {
    const entry = this.#entries.get(token);
    if (entry === undefined) return { ok: false, reason: 'unknown' };
    const rater = this.#rater(token, memberId);
    if (entry.raters.has(rater)) return { ok: false, reason: 'already' };
    entry.raters.add(rater);
    return { ok: true, answer: entry.answer };
  }

  /** Takes a rating back (it could not be saved), so the member can try again. */
  unrate(token: string, memberId: string): void {
    this.#entries.get(token)?.raters.delete(this.#rater(token, memberId));
  }

  /** Answers that can be rated now. */
  get size(): number {
    return this.#entries.size;
  }

  #rater(token: string, memberId: string): string {
    return raterHash(this.#salt, memberId, token);
  }
}

// ---------------------------------------------------------------------------------------------
// Custom ids, buttons and the form
// ---------------------------------------------------------------------------------------------

export type Rating = 'up' | 'down';
const TOKEN = '[\\w-]{1,32}';
const BUTTON_ID = new RegExp(`^ask:fb:(${TOKEN}):(up|down)$`);
const MODAL_ID = new RegExp(`^ask:fbm:(${TOKEN})$`);

/** `ask:fb:<token>:up` or `:down`. */
export function feedbackButtonId(token: string, rating: Rating): string {
  return `ask:fb:${token}:${rating}`;
}

/** `ask:fbm:<token>`: the "Not helpful" form. */
export function feedbackModalId(token: string): string {
  return `ask:fbm:${token}`;
}

/** The token and rating of a feedback button's custom id, or undefined. */
export function parseFeedbackButtonId(customId: string): { token: string; rating: Rating } | undefined {
  const m = BUTTON_ID.exec(customId);
  return m ? { token: m[1] ?? '', rating: m[2] as Rating } : undefined;
}

/** The token of a "Not helpful" form's custom id, or undefined. */
export function parseFeedbackModalId(customId: string): string | undefined {
  return MODAL_ID.exec(customId)?.[1];
}

/** The row under an answer: "Helpful" and "Not helpful", in words (no meaning carried by colour or emoji). */
export function feedbackButtons(token: string): APIActionRowComponent<APIComponentInMessageActionRow> {
  return new ActionRowBuilder<ButtonBuilder>()
    .addComponents(
      new ButtonBuilder().setCustomId(feedbackButtonId(token, 'up')).setLabel(HELPFUL_LABEL).setStyle(ButtonStyle.Secondary),
      new ButtonBuilder().setCustomId(feedbackButtonId(token, 'down')).setLabel(NOT_HELPFUL_LABEL).setStyle(ButtonStyle.Secondary),
    )
    .toJSON();
}

/** The "Not helpful" form: one optional short paragraph. */
export function feedbackModal(token: string): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(feedbackModalId(token))
    .setTitle('Not helpful')
    .addLabelComponents(
      new LabelBuilder()
        .setLabel('What were you hoping to find?')
        .setDescription('Optional. Please leave out names and contact details.')
        .setTextInputComponent(
          new TextInputBuilder()
            .setCustomId(REASON_INPUT_ID)
            .setStyle(TextInputStyle.Paragraph)
            .setRequired(false)
            .setMaxLength(REASON_MAX_LENGTH),
        ),
    );
}

// ---------------------------------------------------------------------------------------------
// Answering: the buttons, and abstentions into the queue
// ---------------------------------------------------------------------------------------------

/** The distinct sources an answer cites (id and title), in the answer's order. */
export function answerSources(answer: Answer): FeedbackSources {
  const seen = new Set<string>();
  const sources: { id: string; title: string }[] = [];
  for (const r of answer.results) {
    if (seen.has(r.source.id)) continue;
    seen.add(r.source.id);
    sources.push({ id: r.source.id, title: r.source.title });
  }
  return sources;
}

/** A reply with one more closing line. */
function withFootnote(reply: Reply, line: string): Reply {
  return { ...reply, footnote: reply.footnote !== undefined && reply.footnote !== '' ? `${reply.footnote}\n\n${line}` : line };
}

/**
 * What goes with an `/ask` reply: an answer gets the Helpful / Not helpful buttons (its token
 * remembered with the redacted question and its sources); a question the reports do not cover is
 * added to the review queue as "abstained" and the reply says so in one line. Empty, too long and
 * wordless questions get neither. `redactedQuestion` must already have personal details replaced.
 * A queue that cannot be written is logged (without the question) and the reply goes out without the line.
 */
export async function withFeedback(
  reply: Reply,
  answer: Answer,
  redactedQuestion: string,
  ctx: Pick<CommandContext, 'feedback' | 'review' | 'logger'>,
): Promise<{ reply: Reply; components: APIActionRowComponent<APIComponentInMessageActionRow>[] }> {
  if (answer.answered) {
    const token = ctx.feedback.add({ question: redactedQuestion, sources: answerSources(answer), answered: true });
    return { reply, components: [feedbackButtons(token)] };
  }
  if (answer.reason !== 'out-of-scope' || redactedQuestion.trim() === '') return { reply, components: [] };
  try {
    await ctx.review.add({ kind: 'abstained', question: redactedQuestion, sources: [] });
  } catch (error) {
    ctx.logger.warn('could not add an unanswered question to the review queue', { error });
    return { reply, components: [] };
  }
  return { reply: withFootnote(reply, NOTED_FOR_MODERATORS), components: [] };
}

// ---------------------------------------------------------------------------------------------
// The buttons and the form
// ---------------------------------------------------------------------------------------------

/** A member's reason with personal details replaced, one paragraph, at most {@link REASON_MAX_LENGTH}; empty when none. */
export function redactReason(reason: string, engine: Engine): string {
  const text = reason.replace(/\s+/g, ' ').trim().slice(0, REASON_MAX_LENGTH);
  if (text === '') return '';
  return findPersonalDetails(text, publicNames(engine)).redacted;
}

/**
 * A click on Helpful or Not helpful. Helpful is counted for the answer's sources (privately thanked);
 * Not helpful opens the form. One rating per member per answer; an answer no longer remembered gets
 * a polite note. Refusals are {@link UserError}s, shown privately.
 */
export async function handleFeedbackButton(interaction: ButtonInteraction, ctx: CommandContext): Promise<void> {
  const parsed = parseFeedbackButtonId(interaction.customId);
  if (parsed === undefined) throw new UserError(RATING_EXPIRED);
  const { token, rating } = parsed;
  const memberId = interaction.user.id;
  if (rating === 'down') {
    if (ctx.feedback.get(token) === undefined) throw new UserError(RATING_EXPIRED);
    if (ctx.feedback.hasRated(token, memberId)) throw new UserError(ALREADY_RATED);
    await interaction.showModal(feedbackModal(token));
    return;
  }
  const taken = ctx.feedback.rate(token, memberId);
  if (!taken.ok) throw new UserError(taken.reason === 'already' ? ALREADY_RATED : RATING_EXPIRED);
  // Acknowledge at once: the count is written to disk.
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  try {
    await ctx.review.recordHelpful(taken.answer.sources);
  } catch (error) {
    ctx.feedback.unrate(token, memberId);
    throw error;
  }
  await interaction.editReply({ content: THANKS_HELPFUL, allowedMentions: NO_MENTIONS });
}

/**
 * The "Not helpful" form, submitted: the redacted question, the redacted reason (if any) and the
 * answer's sources go to the review queue; the member is thanked privately.
 */
export async function handleFeedbackModal(interaction: ModalSubmitInteraction, ctx: CommandContext): Promise<void> {
  const token = parseFeedbackModalId(interaction.customId);
  if (token === undefined) throw new UserError(RATING_EXPIRED);
  const memberId = interaction.user.id;
  const taken = ctx.feedback.rate(token, memberId);
  if (!taken.ok) throw new UserError(taken.reason === 'already' ? ALREADY_RATED : RATING_EXPIRED);
  let typed = '';
  try {
    typed = interaction.fields.getTextInputValue(REASON_INPUT_ID);
  } catch {
    // Left out of the submission: no reason given.
  }
  await interaction.deferReply({ flags: MessageFlags.Ephemeral });
  const reason = redactReason(typed, ctx.knowledge.engine);
  try {
    await ctx.review.add({
      kind: 'not-helpful',
      question: taken.answer.question,
      ...(reason !== '' && { reason }),
      sources: taken.answer.sources,
    });
  } catch (error) {
    ctx.feedback.unrate(token, memberId);
    throw error;
  }
  await interaction.editReply({ content: thanksNotHelpful(reason !== ''), allowedMentions: NO_MENTIONS });
}
