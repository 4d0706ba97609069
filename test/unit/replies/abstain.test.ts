import { describe, expect, it } from 'vitest';
import type { AbstainReason } from '../../../src/core/types.ts';
import { abstainMessage } from '../../../src/replies/abstain.ts';

describe('abstainMessage', () => {
  it('says why, and what the bot can answer about, with the number of sources', () => {
    const reasons: AbstainReason[] = ['empty', 'too-long', 'no-words', 'out-of-scope'];
    const messages = reasons.map((r) => abstainMessage(r, 2));
    expect(new Set(messages).size).toBe(4);
    for (const m of messages) {
      expect(m).toMatch(/SEND/);
      expect(m).toMatch(/from 2 reports and articles\.$/);
    }
    expect(abstainMessage('empty', 1)).toMatch(/from 1 report and article\.$/);
    expect(abstainMessage('empty', 0)).not.toMatch(/from 0/);
  });
});
