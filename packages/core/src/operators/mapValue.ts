import { map, type MonoTypeOperatorFunction } from 'rxjs';
import type { FieldValue, Reading } from '@expmon/source-kit';

/**
 * Applies `fn` to the numeric `field` (default `value`) of every reading and optionally
 * sets the unit tag. Readings whose field is not a number pass unchanged.
 * The building block of {@link convert} and {@link calibrate}.
 *
 * @example
 * source.pipe(mapValue((v) => v * 1000, { unit: 'mV', keepRawAs: 'raw' }));
 */
export function mapValue(
  fn: (value: number, reading: Reading) => number,
  options: { field?: string; unit?: string; keepRawAs?: string } = {},
): MonoTypeOperatorFunction<Reading> {
  const field = options.field ?? 'value';
  return map((reading) => {
    const v = reading.fields[field];
    if (typeof v !== 'number') return reading;
    const fields: Record<string, FieldValue> = { ...reading.fields, [field]: fn(v, reading) };
    if (options.keepRawAs && !(options.keepRawAs in reading.fields)) fields[options.keepRawAs] = v;
    const tags = options.unit === undefined ? reading.tags : { ...reading.tags, unit: options.unit };
    return { ...reading, fields, tags };
  });
}
