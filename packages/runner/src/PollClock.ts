import { asyncScheduler, last, type Observable, share, Subject, type Subscription, take } from 'rxjs';
import { alignedTicks } from './alignedTicks.js';
import { PollTick } from './PollTick.js';

/**
 * The runner's clock: one {@link alignedTicks} timer per poll interval, fanned out as
 * {@link PollTick}s to every polled source of that interval (one tick object, one
 * `AbortSignal` and one deadline per interval and read timeout). The first tick comes at
 * {@link PollClock.start} (the first poll happens at start), then on aligned boundaries.
 * Sources subscribe before `start()`, so that none misses the tick at start.
 *
 * @example
 * const clock = new PollClock({ cycles: 3 });
 * clock.ticks(1000, 800).pipe(pollSource(source)).subscribe(store);
 * clock.start();
 */
export class PollClock {
  private readonly hubs = new Map<number, Map<number, Subject<PollTick>>>();
  private readonly subscriptions: Subscription[] = [];
  private end: Observable<unknown> | undefined;

  constructor(private readonly options: { cycles?: number } = {}) {}

  /** The ticks of one interval, each with a deadline `timeoutMs` after it. */
  ticks(intervalMs: number, timeoutMs: number): Observable<PollTick> {
    let byTimeout = this.hubs.get(intervalMs);
    if (!byTimeout) this.hubs.set(intervalMs, (byTimeout = new Map()));
    let hub = byTimeout.get(timeoutMs);
    if (!hub) byTimeout.set(timeoutMs, (hub = new Subject<PollTick>()));
    return hub;
  }

  /**
   * With `cycles`: emits once and completes when `cycles` periods of `intervalMs` since start
   * have passed (the end of a `--cycles` run for push sources). Without: never.
   */
  endOfRun(intervalMs: number): Observable<unknown> | undefined {
    const cycles = this.options.cycles;
    if (!cycles) return undefined;
    this.end ??= alignedTicks(intervalMs, asyncScheduler).pipe(take(cycles), last(undefined, 0), share());
    return this.end;
  }

  /** Starts the timers: the first tick of every interval is emitted now. */
  start(): void {
    for (const [intervalMs, byTimeout] of this.hubs) {
      const hubs = [...byTimeout.entries()];
      let first = true;
      const ticks = alignedTicks(intervalMs, asyncScheduler, { atStart: true });
      this.subscriptions.push(
        (this.options.cycles ? ticks.pipe(take(this.options.cycles)) : ticks).subscribe({
          next: (n) => {
            for (const [timeoutMs, hub] of hubs) hub.next(new PollTick(n, timeoutMs, first));
            first = false;
          },
          complete: () => {
            for (const [, hub] of hubs) hub.complete();
          },
        }),
      );
    }
  }

  /** Stops the timers and completes every tick stream (reads in flight finish or time out). */
  stop(): void {
    for (const s of this.subscriptions) s.unsubscribe();
    for (const byTimeout of this.hubs.values()) for (const hub of byTimeout.values()) hub.complete();
  }
}
