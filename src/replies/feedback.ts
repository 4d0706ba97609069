/** What the bot says about feedback on `/ask` answers, on Discord and in the console alike. */

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
