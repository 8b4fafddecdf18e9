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
  const name = sensor ?? reading.measurement;
  if (typeof reading.measurement !== 'string' || reading.measurement === '') {
    throw new InvalidReadingError('reading has no measurement name', { sensor: name });
  }
  if (!Number.isFinite(reading.time) || reading.time <= 0) {
    throw new InvalidReadingError(`reading has an invalid time: ${String(reading.time)}`, { sensor: name });
  }
  // The error context of pointLine is made only when a reading needs Point (this runs for every reading).
  return numericLine(reading, name) ?? pointLine(reading, { sensor: name });
}

/**
 * The escaped parts `Point` makes, cached: the series key (measurement and tags) and each
 * field key are escaped by `Point` once and reused, so a reading of a known series with
 * numeric or boolean fields costs no `Point` (a third of the store's CPU per reading).
 * The result is the same string `Point` makes (tested against it).
 */
const seriesKeys = new Map<string, string>();
const fieldKeys = new Map<string, string>();
/**
 * Entries kept before a cache is emptied. Above the number of series a runner writes: at
 * 10,000 sensors there are 20,000 (each sensor and its `expmon_source` health row), and a
 * limit below that emptied the cache every second, so every reading went through `Point`.
 */
const CACHE_LIMIT = 100_000;

function numericLine(reading: Reading, sensor: string): string | undefined {
  const names = Object.keys(reading.fields).sort();
  let fields = '';
  for (const k of names) {
    if (k === '') continue;
    const v = reading.fields[k];
    let text: string;
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new InvalidReadingError(`field ${k} is ${v}`, { sensor });
      text = String(v);
    } else if (typeof v === 'boolean') {
      text = v ? 'T' : 'F';
    } else {
      return undefined; // integers, strings: through Point
    }
    if (fields.length > 0) fields += ',';
    fields += `${fieldKey(k)}=${text}`;
  }
  if (fields === '') return undefined; // Point says why
  return `${seriesKey(reading.measurement, reading.tags)} ${fields} ${String(Math.round(reading.time))}`;
}

function seriesKey(measurement: string, tags: Reading['tags']): string {
  let key = measurement;
  for (const k in tags) {
    const v = tags[k];
    if (typeof v === 'string' && v !== '') key += `\u0000${k}\u0001${v}`;
  }
  let prefix = seriesKeys.get(key);
  if (prefix === undefined) {
    const point = new Point(measurement);
    for (const [k, v] of Object.entries(tags)) if (typeof v === 'string' && v !== '') point.tag(k, v);
    // A field and no timestamp, cut off again: what is left is the escaped series key.
    prefix = point.booleanField('x', true).timestamp('').toLineProtocol()!.slice(0, -' x=T'.length);
    if (seriesKeys.size >= CACHE_LIMIT) seriesKeys.clear();
    seriesKeys.set(key, prefix);
  }
  return prefix;
}

function fieldKey(name: string): string {
  let escaped = fieldKeys.get(name);
  if (escaped === undefined) {
    escaped = new Point('m').booleanField(name, true).timestamp('').toLineProtocol()!.slice('m '.length, -'=T'.length);
    if (fieldKeys.size >= CACHE_LIMIT) fieldKeys.clear();
    fieldKeys.set(name, escaped);
  }
  return escaped;
}

function pointLine(reading: Reading, context: { sensor: string }): string {
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
