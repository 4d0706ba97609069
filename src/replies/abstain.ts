import type { AbstainReason } from '../core/types.ts';

/**
 * What the bot and the command line say when the engine does not answer (see `Abstained`), naming
 * what they can answer about. The engine gives only the reason; the words live here, once, for
 * every face (Discord replies, the terminal, `ask --json`'s `message`).
 *
 * @param sourceCount how many reports and articles the knowledge base holds, named in the scope
 *   sentence; 0 (the default) leaves the count out.
 */
export function abstainMessage(reason: AbstainReason, sourceCount = 0): string {
  const scope =
    'I can answer questions about inspections of SEND (special educational needs and disabilities) services in Worcestershire: ' +
    'what the inspections found, progress since earlier inspections, waiting times, EHC plans, and what the council, the NHS and the local area partnership said' +
    (sourceCount > 0 ? `, from ${sourceCount} report${sourceCount === 1 ? '' : 's'} and article${sourceCount === 1 ? '' : 's'}.` : '.');
  switch (reason) {
    case 'empty':
      return `Please type a question. ${scope}`;
    case 'too-long':
      return `That question is too long for me. Please ask it in a sentence or two. ${scope}`;
    case 'no-words':
      return `I could not find a question in that. ${scope}`;
    case 'out-of-scope':
      return `The reports I have don't cover that. ${scope}`;
  }
}
