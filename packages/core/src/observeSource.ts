import { defer, exhaustMap, from, mergeMap, timer, type Observable } from 'rxjs';
import type { Reading } from './Reading.js';
import type { Source } from './Source.js';

/**
 * The readings of any source as one Observable, for scripts: a push source's own stream,
 * or a polled source read every `intervalMs` (a read still running when the next is due
 * is not stacked). Errors end the stream; the runner adds logging, retries and backoff.
 *
 * @example
 * observeSource(new SimulatedSource({ name: 't' }), { intervalMs: 1000 })
 *   .subscribe((r) => console.log(r.fields.value));
 */
export function observeSource(source: Source, options: { intervalMs?: number } = {}): Observable<Reading> {
  if (source.kind === 'push') return source.readings();
  const interval = options.intervalMs ?? 5000;
  return timer(0, interval).pipe(
    exhaustMap(() => defer(() => source.read())),
    mergeMap((readings) => from(readings)),
  );
}
