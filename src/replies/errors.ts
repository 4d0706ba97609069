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

/** What the member sees for a command the bot no longer has (registered, but not loaded). */
export const UNKNOWN_COMMAND = "Sorry, I don't know that command any more. Type /help to see what I can do.";

/** What the member sees for a button or a form the bot no longer knows (from an older message or version). */
export const UNKNOWN_COMPONENT = "Sorry, I don't know that button any more: it may be from an older message. Ask again to get fresh buttons.";

/** What the member sees when a command's options do not match its definition (Discord has an older one). */
export const MALFORMED_COMMAND = "Sorry, I couldn't read that command: Discord may still have an older version of it. Please try again in a few minutes, or type /help.";
