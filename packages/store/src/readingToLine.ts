import { Point } from '@influxdata/influxdb-client';
import { IntegerValue, InvalidReadingError, type Reading } from '@expmon/core';

/**
 * The line protocol of a reading, made by `@influxdata/influxdb-client`'s `Point` (escaping
 * is not hand-written), with a millisecond timestamp. Plain numbers become float fields, so
 * `21` and `21.5` never conflict; `integer(n)` becomes an integer field.
 * Throws {@link InvalidReadingError} for a reading that can't be stored (no measurement,
 * no usable field, a non-finite number, a bad time).
 *
 * @example
 * readingToLine({ measurement: 'lab_temp', fields: { value: 21 }, tags: { unit: '°C' }, time: 1764288000000 });
 * // 'lab_temp,unit=°C value=21 1764288000000'
 */
export function readingToLine(reading: Reading, sensor?: string): string {
  const context = { sensor: sensor ?? reading.measurement };
  if (typeof reading.measurement !== 'string' || reading.measurement === '') {
    throw new InvalidReadingError('reading has no measurement name', context);
  }
  if (!Number.isFinite(reading.time) || reading.time <= 0) {
    throw new InvalidReadingError(`reading has an invalid time: ${String(reading.time)}`, context);
  }
  const point = new Point(reading.measurement);
  for (const [k, v] of Object.entries(reading.tags)) {
    if (typeof v === 'string' && v !== '') point.tag(k, v);
  }
  for (const [k, v] of Object.entries(reading.fields)) {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new InvalidReadingError(`field ${k} is ${v}`, context);
      point.floatField(k, v);
    } else if (v instanceof IntegerValue || (typeof v === 'object' && v !== null && 'value' in v)) {
      point.intField(k, (v as IntegerValue).value);
    } else if (typeof v === 'boolean') {
      point.booleanField(k, v);
    } else if (typeof v === 'string') {
      point.stringField(k, v);
    } else {
      throw new InvalidReadingError(`field ${k} has an unsupported type ${typeof v}`, context);
    }
  }
  point.timestamp(String(Math.round(reading.time)));
  const line = point.toLineProtocol();
  if (!line) throw new InvalidReadingError('reading has no fields', context);
  return line;
}
