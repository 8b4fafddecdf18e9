import { DeviceTimeoutError } from '@expmon/core';

/**
 * One tick of a poll interval, shared by every polled source of that interval (and read
 * timeout): one `AbortSignal` and one deadline timer for all the reads it starts, instead of
 * a controller, a timer and a `Promise.race` per read. At the deadline the signal is aborted
 * (drivers stop waiting) and every read of this tick still running is called back, so that
 * {@link pollSource} can count it as timed out. When every read has settled before the
 * deadline, the timer is cleared and the signal is never aborted.
 *
 * @example
 * const tick = new PollTick(42, 800);
 * tick.track((t) => console.log(`tick ${t.n}: deadline passed`));
 * await source.read({ signal: tick.signal });
 * tick.settled();
 */
export class PollTick {
  /** Aborted at the deadline, with a {@link DeviceTimeoutError} as its reason. */
  readonly signal: AbortSignal;
  /** `performance.now()` when the tick started. */
  readonly startedAt = performance.now();
  private readonly controller = new AbortController();
  private onDeadline: Array<(tick: PollTick) => void> = [];
  private open = 0;
  private timer: NodeJS.Timeout | undefined;

  /**
   * @param n the tick's number (time / interval, see alignedTicks)
   * @param timeoutMs how long the reads of this tick may take
   * @param atStart the extra tick at start (before the first aligned boundary)
   */
  constructor(
    readonly n: number,
    readonly timeoutMs: number,
    readonly atStart = false,
  ) {
    this.signal = this.controller.signal;
  }

  /** Registers a read of this tick: `onDeadline` is called if the deadline comes first. */
  track(onDeadline: (tick: PollTick) => void): void {
    this.onDeadline.push(onDeadline);
    this.open++;
    this.timer ??= setTimeout(() => this.expire(), this.timeoutMs);
  }

  /** A tracked read settled (answered or failed) before the deadline. */
  settled(): void {
    if (--this.open === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.onDeadline = [];
    }
  }

  private expire(): void {
    this.controller.abort(new DeviceTimeoutError(this.timeoutMs, {}, `read deadline of tick ${this.n}: no answer`));
    const callbacks = this.onDeadline;
    this.onDeadline = [];
    for (const cb of callbacks) cb(this);
  }
}
