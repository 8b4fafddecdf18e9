import { asyncScheduler, connect, interval, last, merge, mergeMap, type OperatorFunction, type SchedulerLike, takeUntil } from 'rxjs';
import type { Reading } from '@expmon/core';
import type { AlertEngine, AlertEvent } from './AlertEngine.js';

/**
 * Runs an {@link AlertEngine} over a stream of readings: every reading is evaluated, and
 * every `checkEveryMs` the no-data rules are checked at `scheduler.now()`. Completes when
 * the readings complete.
 *
 * @example
 * readings$.pipe(evaluateAlerts(engine, { checkEveryMs: 1000 })).subscribe((e) => notify(e));
 */
export function evaluateAlerts(
  engine: AlertEngine,
  options: { checkEveryMs: number },
  scheduler: SchedulerLike = asyncScheduler,
): OperatorFunction<Reading, AlertEvent> {
  return connect((shared) =>
    merge(
      shared.pipe(mergeMap((r) => engine.observe(r))),
      interval(options.checkEveryMs, scheduler).pipe(
        takeUntil(shared.pipe(last(undefined, null))),
        mergeMap(() => engine.tick(scheduler.now())),
      ),
    ),
  );
}
