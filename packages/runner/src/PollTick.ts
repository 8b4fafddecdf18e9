/**
 * One tick of a poll interval, shared by every polled source of that interval (and read
 * timeout): one deadline timer for all the reads it starts, instead of a timer and a
 * `Promise.race` per read. At the deadline every read of this tick still running is called
 * back, so that {@link pollSource} can abort it and count it as timed out. When every read
 * has settled before the deadline, the timer is cleared.
 *
 * (The abort signals stay per source, not per tick: Node's `addEventListener` walks the
 * listener list, so 10,000 drivers listening on one shared signal cost O(n²) per tick.)
 *
 * @example
 * const tick = new PollTick(42, 800);
 * tick.track((t) => console.log(`tick ${t.n}: deadline passed`));
 * await source.read();
 * tick.settled();
 */
export class PollTick {
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
  ) {}

  /** Registers a read of this tick: `onDeadline` is called if the deadline comes first. */
  track(onDeadline: (tick: PollTick) => void): void {
    this.onDeadline.push(onDeadline);
    this.open++;
    this.timer ??= setTimeout(() => this.expire(), this.timeoutMs);
  }

  /** A tracked read settled (answered or failed). */
  settled(): void {
    if (--this.open === 0 && this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.onDeadline = [];
    }
  }

  private expire(): void {
    this.timer = undefined;
    const callbacks = this.onDeadline;
    this.onDeadline = [];
    for (const cb of callbacks) cb(this);
  }
}
