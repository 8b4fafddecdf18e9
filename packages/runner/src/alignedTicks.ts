import { asyncScheduler, Observable, type SchedulerLike } from 'rxjs';

/**
 * Options of {@link alignedTicks}.
 *
 * @example
 * const options: AlignedTicksOptions = { atStart: true };
 */
export interface AlignedTicksOptions {
  /**
   * Emit once at subscription (the current period's number) before the first boundary, so
   * that the first poll happens at start rather than up to one period later. Default false.
   */
  atStart?: boolean;
}

/**
 * Emits at every multiple of `periodMs` since the Unix epoch (like Telegraf's
 * `round_interval`), so that polls line up across sources and restarts. Each value is the
 * tick's number (time / period). Targets are computed from the clock, so there is no drift;
 * ticks missed while the process was stalled are skipped, not stacked. With `atStart`, the
 * current period's number is emitted at once on subscription, then the aligned ticks follow,
 * the first of them at least half a period after the start.
 * One scheduled action (one timer) per tick, whatever the number of subscribers of a
 * `share()`d stream.
 *
 * @example
 * alignedTicks(5000, asyncScheduler, { atStart: true }).subscribe((n) => console.log(new Date(n * 5000)));
 */
export function alignedTicks(
  periodMs: number,
  scheduler: SchedulerLike = asyncScheduler,
  options: AlignedTicksOptions = {},
): Observable<number> {
  return new Observable<number>((subscriber) => {
    let next = Math.floor(scheduler.now() / periodMs) + 1;
    if (options.atStart) {
      subscriber.next(next - 1);
      if (subscriber.closed) return undefined;
      // A subscriber that blocked past the boundary does not get a burst of ticks.
      next = Math.max(next, Math.floor(scheduler.now() / periodMs) + 1);
      // A boundary less than half a period after the poll at start would find that poll
      // still running (a skipped cycle): the first aligned tick is the one after it.
      if (next * periodMs - scheduler.now() < periodMs / 2) next++;
    }
    return scheduler.schedule(function tick() {
      const current = Math.floor(scheduler.now() / periodMs);
      if (current >= next) {
        // Late (the process was stalled)? Emit the latest boundary, skip the missed ones.
        subscriber.next(current);
        // A subscriber that blocked for longer than a period skips those ticks too.
        next = Math.max(current, Math.floor(scheduler.now() / periodMs)) + 1;
      }
      this.schedule(undefined, Math.max(0, next * periodMs - scheduler.now()));
    }, Math.max(0, next * periodMs - scheduler.now()));
  });
}
