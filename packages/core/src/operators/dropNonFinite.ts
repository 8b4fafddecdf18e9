import { Observable, type MonoTypeOperatorFunction } from 'rxjs';
import type { FieldValue, Reading } from '@expmon/source-kit';

/**
 * Removes numeric fields that are NaN or ±Infinity, so garbage never reaches the database
 * as a number. A reading left without fields is dropped. `onDrop` is told what went and why.
 * One operator (not `map` + `filter`): it runs once per reading of every source.
 *
 * @example
 * source.pipe(dropNonFinite((r, field, v) => log.warn(`${r.measurement}.${field} = ${v} dropped`)));
 */
export function dropNonFinite(
  onDrop?: (reading: Reading, field: string, value: number) => void,
): MonoTypeOperatorFunction<Reading> {
  return (source) =>
    new Observable<Reading>((subscriber) =>
      source.subscribe({
        next(reading) {
          let kept: Reading | undefined;
          try {
            kept = withoutNonFinite(reading, onDrop);
          } catch (e) {
            subscriber.error(e);
            return;
          }
          if (kept !== undefined) subscriber.next(kept);
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      }),
    );
}

/**
 * What {@link dropNonFinite} does to one reading, for callers without an RxJS pipeline (the
 * runner's plain path for polled sources without operators): the reading itself when all its
 * numbers are finite, a copy without the NaN/±Infinity fields otherwise, and `undefined` when
 * no field is left.
 *
 * @example
 * withoutNonFinite({ measurement: 't', fields: { a: 1, b: NaN }, tags: {}, time: 1 }); // fields: { a: 1 }
 */
export function withoutNonFinite(
  reading: Reading,
  onDrop?: (reading: Reading, field: string, value: number) => void,
): Reading | undefined {
  let fields: Record<string, FieldValue> | undefined;
  let any = false;
  for (const k in reading.fields) {
    if (!Object.hasOwn(reading.fields, k)) continue;
    any = true;
    const v = reading.fields[k];
    if (typeof v === 'number' && !Number.isFinite(v)) {
      fields ??= { ...reading.fields };
      delete fields[k];
      onDrop?.(reading, k, v);
    }
  }
  if (fields === undefined) return any ? reading : undefined;
  return Object.keys(fields).length > 0 ? { ...reading, fields } : undefined;
}
