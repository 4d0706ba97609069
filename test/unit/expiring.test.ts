import { describe, expect, it } from 'vitest';
import { Cooldown, Expiring } from '../../src/expiring.ts';

describe('Cooldown', () => {
  it('lets a member go once, then says how many seconds are left, until the time is up', () => {
    let now = 1_000_000;
    const cooldown = new Cooldown(10, () => now);
    expect(cooldown.take('a')).toBe(0);
    now += 2_500;
    expect(cooldown.take('a')).toBe(8);
    now += 7_400;
    expect(cooldown.take('a')).toBe(1);
    now += 100;
    expect(cooldown.take('a')).toBe(0);
  });

  it('keeps members apart', () => {
    const cooldown = new Cooldown(10, () => 0);
    expect(cooldown.take('a')).toBe(0);
    expect(cooldown.take('b')).toBe(0);
    expect(cooldown.take('a')).toBe(10);
  });

  it('does nothing when disabled (0 seconds)', () => {
    const cooldown = new Cooldown(0, () => 0);
    for (let i = 0; i < 5; i++) expect(cooldown.take('a')).toBe(0);
    expect(cooldown.size).toBe(0);
  });

  it('forgets members once their cooldown has ended', () => {
    let now = 0;
    const cooldown = new Cooldown(1, () => now);
    for (let i = 0; i < 2000; i++) cooldown.take(`member-${i}`);
    expect(cooldown.size).toBe(2000);
    now += 1_000;
    expect(cooldown.size).toBe(0);
  });
});

describe('Expiring', () => {
  it('forgets an entry once its time is up, and restarts the time when set again', () => {
    let now = 0;
    const store = new Expiring<string>({ ttlMs: 1000, now: () => now });
    store.set('a', 'one');
    now = 999;
    expect(store.get('a')).toBe('one');
    expect(store.remainingMs('a')).toBe(1);
    store.set('a', 'two');
    now = 1500;
    expect(store.get('a')).toBe('two');
    now = 1999;
    expect(store.size).toBe(0);
    expect(store.get('a')).toBeUndefined();
    expect(store.remainingMs('a')).toBe(0);
  });

  it('forgets the oldest entry first beyond maxEntries', () => {
    const store = new Expiring<number>({ ttlMs: 1000, maxEntries: 2, now: () => 0 });
    store.set('a', 1);
    store.set('b', 2);
    store.set('c', 3);
    expect([store.get('a'), store.get('b'), store.get('c')]).toEqual([undefined, 2, 3]);
  });

  it('adds under new random keys of the length asked for, and deletes', () => {
    const store = new Expiring<number>({ ttlMs: 1000, now: () => 0 });
    const keys = new Set(Array.from({ length: 50 }, (_, i) => store.add(i, 10)));
    expect(keys.size).toBe(50);
    for (const key of keys) expect(key).toMatch(/^[\w-]{10}$/);
    const [first] = keys;
    expect(store.delete(first ?? '')).toBe(true);
    expect(store.delete(first ?? '')).toBe(false);
    expect(store.size).toBe(49);
  });
});
