import { filter, map, type MonoTypeOperatorFunction } from 'rxjs';
import type { FieldValue, Reading } from '../Reading.js';

/**
 * Removes numeric fields that are NaN or ±Infinity, so garbage never reaches the database
 * as a number. A reading left without fields is dropped. `onDrop` is told what went and why.
 *
 * @example
 * source.pipe(dropNonFinite((r, field, v) => log.warn(`${r.measurement}.${field} = ${v} dropped`)));
 */
export function dropNonFinite(
  onDrop?: (reading: Reading, field: string, value: number) => void,
): MonoTypeOperatorFunction<Reading> {
  return (source) =>
    source.pipe(
      map((reading) => {
        let fields: Record<string, FieldValue> | undefined;
        for (const [k, v] of Object.entries(reading.fields)) {
          if (typeof v === 'number' && !Number.isFinite(v)) {
            fields ??= { ...reading.fields };
            delete fields[k];
            onDrop?.(reading, k, v);
          }
        }
        return fields ? { ...reading, fields } : reading;
      }),
      filter((reading) => Object.keys(reading.fields).length > 0),
    );
}
