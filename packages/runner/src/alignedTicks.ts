import { asyncScheduler, Observable, type SchedulerLike } from 'rxjs';

/**
 * Emits at every multiple of `periodMs` since the Unix epoch (like Telegraf's
 * `round_interval`), so that polls line up across sources and restarts. Each value is the
 * tick's number (time / period). Targets are computed from the clock, so there is no drift;
 * ticks missed while the process was stalled are skipped, not stacked.
 *
 * @example
 * alignedTicks(5000).subscribe((n) => console.log(new Date(n * 5000)));
 */
export function alignedTicks(periodMs: number, scheduler: SchedulerLike = asyncScheduler): Observable<number> {
  return new Observable<number>((subscriber) => {
    let next = Math.floor(scheduler.now() / periodMs) + 1;
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
