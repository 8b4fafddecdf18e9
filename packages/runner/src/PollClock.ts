import { asyncScheduler, last, type Observable, share, Subject, type Subscription, take } from 'rxjs';
import { alignedTicks } from './alignedTicks.js';
import { PollTick } from './PollTick.js';

/** Sources per shard of a tick (see {@link PollClock.start}). */
const SHARD_SIZE = 250;

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
  /** interval → read timeout → shards of at most {@link SHARD_SIZE} sources. */
  private readonly hubs = new Map<number, Map<number, Array<{ subject: Subject<PollTick>; sources: number }>>>();
  private readonly subscriptions: Subscription[] = [];
  private end: Observable<unknown> | undefined;
  private stopped = false;
  private fanningOut = 0;

  constructor(private readonly options: { cycles?: number } = {}) {}

  /** The ticks of one interval for one source, each with a deadline `timeoutMs` after it. */
  ticks(intervalMs: number, timeoutMs: number): Observable<PollTick> {
    let byTimeout = this.hubs.get(intervalMs);
    if (!byTimeout) this.hubs.set(intervalMs, (byTimeout = new Map()));
    let shards = byTimeout.get(timeoutMs);
    if (!shards) byTimeout.set(timeoutMs, (shards = []));
    let shard = shards.at(-1);
    if (!shard || shard.sources >= SHARD_SIZE) shards.push((shard = { subject: new Subject<PollTick>(), sources: 0 }));
    shard.sources++;
    return shard.subject;
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

  /**
   * Starts the timers: the first tick of every interval is emitted now. A tick reaches the
   * first shard of sources at once and the next shards one macrotask later each, so that the
   * readings of one shard are stored (and their garbage is young) before the next starts.
   */
  start(): void {
    for (const [intervalMs, byTimeout] of this.hubs) {
      const groups = [...byTimeout.entries()];
      let first = true;
      const ticks = alignedTicks(intervalMs, asyncScheduler, { atStart: true });
      this.subscriptions.push(
        (this.options.cycles ? ticks.pipe(take(this.options.cycles)) : ticks).subscribe({
          next: (n) => {
            for (const [timeoutMs, shards] of groups) this.emit(shards, new PollTick(n, timeoutMs, first), 0);
            first = false;
          },
          complete: () => {
            for (const [, shards] of groups) this.emit(shards, undefined, 0);
          },
        }),
      );
    }
  }

  /**
   * True while a tick is still being handed to its later shards (one macrotask each): the
   * runner waits for the last shard before appending to the local log, so that one tick
   * makes one frame (one write, one fsync, one request) rather than one per pair of shards.
   */
  get busy(): boolean {
    return this.fanningOut > 0;
  }

  /** Stops the timers and completes every tick stream (reads in flight finish or time out). */
  stop(): void {
    this.stopped = true;
    for (const s of this.subscriptions) s.unsubscribe();
    for (const byTimeout of this.hubs.values()) for (const shards of byTimeout.values()) for (const s of shards) s.subject.complete();
  }

  /** Emits a tick (or completion) to shard `i` now and to the next ones in later macrotasks. */
  private emit(shards: Array<{ subject: Subject<PollTick> }>, tick: PollTick | undefined, i: number): void {
    if (i > 0) this.fanningOut--;
    if (this.stopped) return;
    const shard = shards[i];
    if (!shard) return;
    if (tick) shard.subject.next(tick);
    else shard.subject.complete();
    if (i + 1 < shards.length) {
      this.fanningOut++;
      setImmediate(() => this.emit(shards, tick, i + 1));
    }
  }
}
