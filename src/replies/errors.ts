/**
 * Two kinds of error: a {@link UserError} is expected (nothing to show for that name, a cooldown) and
 * its message is shown to the member, privately; anything else is a bug, logged, and the member gets a
 * short apology.
 */
export class UserError extends Error {
  /** @param message Markdown shown to the member as is: escape anything they typed. */
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

/** What the member sees when a command fails because of a bug. */
export const APOLOGY = 'Sorry, something went wrong on my side while answering that. Please try again in a moment.';
