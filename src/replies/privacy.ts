/**
 * What the bot says about privacy: `/privacy` (what is kept, and for how long), and the line above
 * an answer given privately because the question seemed to include personal details.
 */
import type { PersonalDetailKind } from '../core/privacy/index.ts';
import type { Reply } from './reply.ts';

/** The review queue's retention when the configuration does not say (REVIEW_RETENTION_DAYS). */
export const DEFAULT_RETENTION_DAYS = 90;

/** "90 days", "1 day"; a missing or nonsensical setting reads as the default. */
function days(retentionDays: number): string {
  const n = Number.isFinite(retentionDays) && retentionDays >= 1 ? Math.round(retentionDays) : DEFAULT_RETENTION_DAYS;
  return `${n} day${n === 1 ? '' : 's'}`;
}

/**
 * `/privacy`: in plain words, everything the bot keeps. Only the anonymised review queue is kept
 * (questions it could not answer, and questions whose answer was marked "Not helpful", with personal
 * details removed, the answer's sources and the time), never who asked, for `retentionDays` days.
 */
export function privacyReply(retentionDays: number, options: { readonly answerChannelIds?: readonly string[] } = {}): Reply {
  const channels = options.answerChannelIds ?? [];
  return {
    lead: [
      '**What I keep**',
      'Only a short review list for the moderators, so that gaps in what I can answer get noticed:',
      "• questions I couldn't answer",
      '• questions whose answer someone marked "Not helpful", with the reason if they gave one',
      '• the sources the answer used, and the time',
      'Before anything goes on the list, I take out names, e-mail addresses, phone numbers and mentions. ' +
        'It never says who asked. A "Helpful" click is only counted.',
      `Each entry is deleted after ${days(retentionDays)}. Moderators read the list with \`/review\`.`,
      'For **Ask a follow-up**, I remember what an answer was about (topic words, not the question, not who asked) for 24 hours, in memory only. ' +
        '**Ask a moderator** sends your name and question to the moderators only if you agree, and I keep nothing of it.',
      'Nothing else about you is stored or logged.',
      '',
      '**What I read**',
      channels.length === 0
        ? "I only read what you send me: a command, or a message you choose with **Apps → Ask the reports**. I don't read the server's messages."
        : `I read new posts in ${channels.map((id) => `<#${id}>`).join(', ')} only, to answer them in a thread when the reports cover the question. ` +
          "I don't reply when they don't, I never answer a post with a name, a school or contact details in public, and I keep nothing of a post I don't answer. " +
          'Everywhere else I only read what you send me: a command, or a message you choose with **Apps → Ask the reports**.',
      '',
      '**Asking privately**',
      'Set `private` to True when you use `/ask`, and only you will see the answer. **Apps → Ask the reports** on a message always answers you privately; **Share in channel** then posts the answer as a reply to that message, only if it holds no personal details.',
      "Please ask without names of children or schools, and without contact details: I'll answer just as well. " +
        'If a question seems to include them, I answer it privately anyway.',
    ].join('\n'),
    cards: [],
  };
}

/** How each kind of detail is named to the member, and whether that reads as one thing ("it"). */
const DETAIL_WORDS: Readonly<Record<PersonalDetailKind, { words: string; one: boolean }>> = {
  name: { words: 'a name', one: true },
  school: { words: "a school's name", one: true },
  email: { words: 'contact details', one: false },
  phone: { words: 'contact details', one: false },
  mention: { words: 'a mention of someone', one: true },
  'nhs-number': { words: 'an NHS number', one: true },
  postcode: { words: 'a postcode', one: true },
  'birth-date': { words: 'a date of birth', one: true },
};

/** "a", "a and b", "a, b and c". */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;
}

/**
 * The lead line of an `/ask` answer sent privately because the question seemed to include personal
 * details: says which kinds, and that asking again without them works just as well.
 */
export function privateNotice(kinds: readonly PersonalDetailKind[]): string {
  const phrases = [...new Set(kinds.map((k) => DETAIL_WORDS[k]?.words).filter((w): w is string => w !== undefined))];
  const one = phrases.length === 1 && kinds.every((k) => DETAIL_WORDS[k]?.one !== false);
  const what = phrases.length > 0 ? list(phrases) : 'personal details';
  const it = phrases.length > 0 && one ? 'it' : 'them';
  return `Your question seems to include ${what}, so only you can see this answer. You can ask again without ${it}: I'll answer just as well.`;
}
