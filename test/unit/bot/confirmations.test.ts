/** The pending-confirmation store: expiry, the wrong user. */
import { describe, expect, it } from 'vitest';
import { CONFIRM_TTL_MS, PendingConfirmations } from '../../../src/bot/confirmations.ts';
import { confirmCustomId } from '../../../src/bot/moderation.ts';

describe('PendingConfirmations', () => {
  const clock = () => {
    let now = 1_000_000;
    return { now: () => now, advance: (ms: number) => void (now += ms) };
  };

  it('gives short, distinct ids that fit a button custom id', () => {
    const store = new PendingConfirmations<string>();
    const ids = new Set(Array.from({ length: 200 }, (_, i) => store.add('u1', `change ${i}`)));
    expect(ids.size).toBe(200);
    for (const id of ids) {
      expect(id).toMatch(/^[\w-]{10}$/);
      expect(confirmCustomId('sources', 'confirm', id).length).toBeLessThanOrEqual(100);
    }
    expect(store.size).toBe(200);
  });

  it('gives the change to the member who asked, once', () => {
    const store = new PendingConfirmations<string>();
    const id = store.add('u1', 'add x');
    expect(store.take(id, 'u1')).toEqual({ ok: true, value: 'add x' });
    expect(store.take(id, 'u1')).toEqual({ ok: false, reason: 'unknown' });
    expect(store.size).toBe(0);
  });

  it('refuses another member and keeps the change for the one who asked', () => {
    const store = new PendingConfirmations<string>();
    const id = store.add('u1', 'remove y');
    expect(store.take(id, 'u2')).toEqual({ ok: false, reason: 'wrong-user' });
    expect(store.take(id, 'u2')).toEqual({ ok: false, reason: 'wrong-user' });
    expect(store.take(id, 'u1')).toEqual({ ok: true, value: 'remove y' });
  });

  it('forgets a change after 10 minutes', () => {
    const c = clock();
    const store = new PendingConfirmations<string>(CONFIRM_TTL_MS, c.now);
    expect(CONFIRM_TTL_MS).toBe(600_000);
    const early = store.add('u1', 'early');
    c.advance(CONFIRM_TTL_MS - 1);
    const late = store.add('u1', 'late');
    expect(store.take(early, 'u1')).toEqual({ ok: true, value: 'early' });
    c.advance(1);
    expect(store.take(late, 'u1')).toEqual({ ok: true, value: 'late' });
    const expiring = store.add('u1', 'expiring');
    c.advance(CONFIRM_TTL_MS);
    expect(store.take(expiring, 'u1')).toEqual({ ok: false, reason: 'unknown' });
    // Even the member who asked, and even someone else, only learn it is gone.
    const other = store.add('u1', 'other');
    c.advance(CONFIRM_TTL_MS + 5);
    expect(store.take(other, 'u2')).toEqual({ ok: false, reason: 'unknown' });
    expect(store.size).toBe(0);
  });

  it('knows nothing of an id it never gave', () => {
    const store = new PendingConfirmations<string>();
    expect(store.take('nope', 'u1')).toEqual({ ok: false, reason: 'unknown' });
  });
});
