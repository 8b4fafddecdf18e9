import { exhaustMap, mergeMap, Observable, timer } from 'rxjs';
import type { Reading, Source } from '@expmon/source-kit';

/**
 * The readings of any source as one Observable, for scripts: a push source's own stream,
 * or a polled source read at once and then every `intervalMs` (default 5000; a read still
 * running when the next is due is not stacked). Unsubscribing aborts a read in progress
 * through its `signal`. Errors end the stream; the runner adds logging, retries and backoff.
 *
 * @example
 * observeSource(new SimulatedSource({ name: 't' }), { intervalMs: 1000 })
 *   .subscribe((r) => console.log(r.fields.value));
 */
export function observeSource(source: Source, options: { intervalMs?: number } = {}): Observable<Reading> {
  if (source.kind === 'push') return source.readings();
  const interval = options.intervalMs ?? 5000;
  return timer(0, interval).pipe(
    exhaustMap(
      () =>
        new Observable<Reading[]>((subscriber) => {
          const controller = new AbortController();
          let settled = false;
          source.read({ signal: controller.signal }).then(
            (readings) => {
              settled = true;
              subscriber.next(readings);
              subscriber.complete();
            },
            (error: unknown) => {
              settled = true;
              subscriber.error(error);
            },
          );
          // Only a read still in progress is aborted; a finished one is left alone.
          return () => {
            if (!settled) controller.abort();
          };
        }),
    ),
    mergeMap((readings) => readings),
  );
}
