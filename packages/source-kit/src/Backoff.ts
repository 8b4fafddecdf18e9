/**
 * Exponential backoff with jitter: `next()` gives the delay before the next try,
 * `reset()` after a success.
 *
 * @example
 * const b = new Backoff({ initialMs: 1000, maxMs: 60_000 });
 * await sleep(b.next()); // 1 s, 2 s, 4 s ... 60 s
 */
export class Backoff {
  private attempt = 0;
  constructor(private readonly options: { initialMs: number; maxMs: number; jitter?: number }) {}

  get failures(): number {
    return this.attempt;
  }

  next(): number {
    const base = Math.min(this.options.maxMs, this.options.initialMs * 2 ** this.attempt);
    this.attempt++;
    const jitter = this.options.jitter ?? 0.1;
    return Math.round(base * (1 - jitter + Math.random() * 2 * jitter));
  }

  reset(): void {
    this.attempt = 0;
  }
}
