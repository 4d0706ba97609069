import { formatDate } from '../core/dates.ts';
import type { Answer } from '../core/types.ts';
import { abstainMessage } from '../replies/abstain.ts';

/**
 * Renders an answer for a terminal: each excerpt verbatim, then its source, date and link.
 * `sourceCount` is named when the engine abstains (see `abstainMessage`).
 */
export function renderAnswerText(answer: Answer, sourceCount = 0): string {
  if (!answer.answered) return abstainMessage(answer.reason, sourceCount);
  const lines: string[] = [];
  if (answer.perspectives) lines.push('These sources differ in date; newest first:', '');
  answer.results.forEach((r, i) => {
    lines.push(`${i + 1}. "${r.passage.text}"`);
    const who = r.passage.speaker ? `${r.passage.speaker.name}${r.passage.speaker.role ? `, ${r.passage.speaker.role}` : ''} · ` : '';
    lines.push(`   ${who}${r.source.publisher} · ${formatDate(r.source.published)} · ${r.source.title}`);
    lines.push(`   ${r.source.url}`, '');
  });
  return lines.join('\n').trimEnd();
}
