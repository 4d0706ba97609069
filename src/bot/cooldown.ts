/**
 * A per-member cooldown, in memory only: member ids are never written anywhere and are forgotten
 * once their cooldown ends.
 */
export class Cooldown {
  readonly #until = new Map<string, number>();
  readonly #ms: number;

  /**
   * @param seconds Time between two uses by one member; 0 disables the cooldown.
   * @param now Clock in milliseconds (tests pass their own).
   */
  private readonly now: () => number;

  constructor(seconds: number, now: () => number = Date.now) {
    this.now = now;
    this.#ms = Math.max(0, seconds) * 1000;
  }

  /**
   * Starts the member's cooldown and returns 0 when they may go ahead; otherwise returns the whole
   * seconds left (at least 1) and changes nothing.
   */
  take(memberId: string): number {
    if (this.#ms === 0) return 0;
    const now = this.now();
    const until = this.#until.get(memberId);
    if (until !== undefined && until > now) return Math.max(1, Math.ceil((until - now) / 1000));
    if (this.#until.size >= 1000) this.#sweep(now);
    this.#until.set(memberId, now + this.#ms);
    return 0;
  }

  /** Members currently cooling down. */
  get size(): number {
    this.#sweep(this.now());
    return this.#until.size;
  }

  #sweep(now: number): void {
    for (const [id, until] of this.#until) if (until <= now) this.#until.delete(id);
  }
}
