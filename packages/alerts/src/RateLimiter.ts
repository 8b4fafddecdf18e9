import type { ResolvedLimit } from './resolveAlerts.js';

/**
 * A sliding-window message budget: at most `count` messages within any `perMs`.
 * Keeps the send times, which survive a restart (`sent`), so a runner restarted in a loop
 * by systemd can't exceed the budget either.
 *
 * @example
 * const limit = new RateLimiter({ count: 12, perMs: 3_600_000 });
 * if (limit.allows(Date.now())) { send(); limit.record(Date.now()); }
 */
export class RateLimiter {
  private times: number[];

  constructor(
    readonly limit: ResolvedLimit,
    sent: readonly number[] = [],
  ) {
    this.times = [...sent].sort((a, b) => a - b);
  }

  /** Whether one more message fits in the window ending at `now`. */
  allows(now: number): boolean {
    this.prune(now);
    return this.times.length < this.limit.count;
  }

  /** Counts a message sent at `now`. */
  record(now: number): void {
    this.times.push(now);
  }

  /** When the next message will fit (`now` if it fits now). */
  nextFree(now: number): number {
    this.prune(now);
    if (this.times.length < this.limit.count) return now;
    return this.times[this.times.length - this.limit.count]! + this.limit.perMs;
  }

  /** Send times still inside the window (to persist). */
  sent(now: number): number[] {
    this.prune(now);
    return [...this.times];
  }

  private prune(now: number): void {
    const from = now - this.limit.perMs;
    let i = 0;
    while (i < this.times.length && this.times[i]! <= from) i++;
    if (i > 0) this.times.splice(0, i);
  }
}
