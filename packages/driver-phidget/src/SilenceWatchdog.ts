/**
 * Calls `onSilent` once when {@link kick} has not been called for `silentMs` since
 * {@link start} or the last kick. Stopped by {@link stop}; a fired watchdog stays stopped.
 *
 * @example
 * const dog = new SilenceWatchdog(3000, () => subscriber.error(new Error('stale')));
 * dog.start();
 * channel.onValue = () => dog.kick();
 */
export class SilenceWatchdog {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running = false;

  constructor(
    private readonly silentMs: number,
    private readonly onSilent: (silentMs: number) => void,
  ) {}

  /** Starts (or restarts) the countdown. */
  start(): void {
    this.running = true;
    this.arm();
  }

  /** A sign of life: restarts the countdown if started. */
  kick(): void {
    if (this.running) this.arm();
  }

  /** Stops without firing. */
  stop(): void {
    this.running = false;
    clearTimeout(this.timer);
  }

  private arm(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.running = false;
      this.onSilent(this.silentMs);
    }, this.silentMs);
  }
}
