import { describe, expect, it } from 'vitest';
import { Cooldown } from '../../../src/bot/cooldown.ts';

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
