/** The `/help` reply. */
import { escapeText } from './format.ts';
import type { Engine } from '../core/engine.ts';
import { servicesAnswered, statementsByPartner } from '../core/topics/index.ts';
import type { Reply } from './reply.ts';

/**
 * What the bot does, in plain words, with example questions; for a moderator, also the moderator
 * commands. `moderators`: a moderators' channel is set, so answers have Ask a moderator.
 */
export function helpReply(engine: Engine, options: { moderator?: boolean; answerChannelIds?: readonly string[]; moderators?: boolean } = {}): Reply {
  const sources = engine.sources.length;
  const service = servicesAnswered(engine)[0];
  const partners = statementsByPartner(engine).filter((g) => g.known).map((g) => escapeText(g.partner));
  const examples = [
    'What did the inspectors find?',
    'Has it got better since 2018?',
    service ? `How long is the wait for ${service.name.toLowerCase()}?` : 'How long are the waiting times?',
    'When is the next inspection?',
  ];
  return {
    lead: [
      '**What I do**',
      'I answer questions about the inspections of SEND (special educational needs and disabilities) services in Worcestershire. ' +
        `I reply with the exact words of the reports and news articles I have (${sources} right now), each with a link to where it comes from. ` +
        "I don't give advice and I don't guess: if the reports don't cover something, I say so.",
      '',
      '**Commands**',
      '`/ask` – ask a question in your own words (set `private` to True so only you see the answer)',
      '`/progress` – the inspections at a glance: when each was, which is current, when the next is due',
      '`/waiting` – what the reports say about waiting times, by service',
      `\`/statements\` – what each partner said${partners.length > 0 ? ` (${partners.join(', ')})` : ''}`,
      '`/sources list` – the reports and articles I answer from',
      '`/glossary` – what words like EHCP, SENCo or local area partnership mean',
      '`/privacy` – what I keep (never who asked), and why to leave names out of questions',
      '`/help` – this message',
      '*Apps → Ask the reports* on any message – I answer it privately; you may share the answer',
      ...(options.answerChannelIds !== undefined && options.answerChannelIds.length > 0
        ? [`Post in ${options.answerChannelIds.map((id) => `<#${id}>`).join(', ')}: I answer in a thread when the reports cover it`]
        : []),
      'In Discord, press **Helpful** or **Not helpful** under an answer: moderators see what needs improving.',
      '**Ask a follow-up** under an answer: I answer it in a thread, with your first question in mind ("and for OT?")',
      ...(options.moderators === true
        ? ["**Ask a moderator** under an answer: when I can't help, your question goes to the moderators (you see first what they will see, and agree)"]
        : []),
      '',
      '**Questions you could ask**',
      ...examples.map((q) => `• ${escapeText(q)}`),
    ].join('\n'),
    // Its own message when the whole is too long for one.
    ...(options.moderator === true && {
      footnote: [
        '**For moderators**',
        '`/sources add` – add an article or report from a link (`url:`) or a file (`file:`); you see it first and confirm',
        '`/sources edit` – correct a source\'s title, publisher, date or link',
        '`/sources remove` – stop answering from a source (its file is kept aside)',
        '`/refresh` – read the knowledge folder again after editing files, and see any problems',
        '`/review` – questions I could not answer and answers marked not helpful (redacted; never who asked); dismiss them or note a source to add',
        'A weekly summary of the review queue goes to the log channel when `REVIEW_DIGEST=weekly`.',
      ].join('\n'),
    }),
    cards: [],
  };
}
