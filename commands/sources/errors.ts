import { UserError } from '../../src/replies/errors.ts';
import { escapeText, escapeUserText } from '../../src/replies/format.ts';
import type { CommandContext } from '../../src/bot/types.ts';
import { isKnowledgeError, isStoreError } from '../../src/knowledge/errors.ts';
import { DATE_HELP } from './shared.ts';

/** What the moderator can type to fix each field. */
const HOW_TO_FIX: Readonly<Record<string, string>> = {
  title: '`title:`',
  publisher: '`publisher:` (who published it)',
  published: `\`published:\` (${DATE_HELP})`,
  url: '`url:` (the link to cite)',
  'event.date': '`event:` as DATE|LABEL[|due] (DATE: YYYY, YYYY-MM or YYYY-MM-DD)',
  'event.label': '`event:` as DATE|LABEL[|due]',
  'event.status': '`event:` ending in |due or |done',
  'remove-event': '`remove-event:` (the event\'s DATE, or DATE|LABEL)',
};

/**
 * An expected failure as what the moderator sees (a {@link UserError}); anything else is returned as
 * it is, to be reported as a bug. Import and store messages are written for moderators. The one place
 * `/sources` words the knowledge base's errors (`kb` words them in src/cli/kb.ts).
 */
export function asUserError(error: unknown, action: 'add' | 'edit' | 'remove', ctx: CommandContext, about: { upload?: boolean; title?: string } = {}): unknown {
  const nothing = action === 'add' ? 'Nothing was added.' : 'Nothing was changed.';
  if (!isKnowledgeError(error)) return error;
  if (!isStoreError(error)) return new UserError(`I could not import that: ${escapeText(error.message)} ${nothing}`);
  const message = escapeText(error.message);
  switch (error.code) {
    case 'duplicate-url':
    case 'duplicate-content':
    case 'duplicate-id':
      return new UserError(`That is already in the knowledge base. ${message} ${nothing}`);
    case 'not-found':
      return new UserError(`${message} Pick a source from the list that shows as you type. ${nothing}`);
    case 'invalid': {
      const issues = error.issues ?? [{ field: error.field ?? 'content', message: error.message }];
      const fixes = issues.map((i) => i.field).filter((f, i, all) => HOW_TO_FIX[f] !== undefined && all.indexOf(f) === i);
      const noDate = action === 'add' && issues.some((i) => i.field === 'published' && /^missing/.test(i.message));
      const what = about.title ? `“${escapeUserText(about.title, 120)}”` : 'this';
      const head = noDate ? `I could not find when ${what} was published.` : action === 'add' ? `I cannot add ${what} as it is:` : 'That change would break the file:';
      const lines = issues.map((i) => `• ${escapeText(`${i.field}: ${i.message}`)}`);
      const again = fixes.length > 0
        ? `Please run \`/sources ${action}\` again${about.upload === true && fixes.includes('url') ? ' with the same `file:`' : ''} and give ${fixes.map((f) => HOW_TO_FIX[f]).join(', ')}.`
        : '';
      return new UserError([head, ...lines, `${again} ${nothing}`.trim()].join('\n'));
    }
    case 'write-failed':
      ctx.logger.error('could not write to the knowledge folder', { action, error });
      return new UserError(`I could not save the change: ${message} ${nothing}`);
    default:
      return error;
  }
}
