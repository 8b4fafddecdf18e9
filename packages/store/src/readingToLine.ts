import { Point } from '@influxdata/influxdb-client';
import { IntegerValue, InvalidReadingError, type Reading } from '@expmon/core';

/**
 * The line protocol of a reading, made by `@influxdata/influxdb-client`'s `Point` (escaping
 * is not hand-written), with a millisecond timestamp. Plain numbers become float fields, so
 * `21` and `21.5` never conflict; `integer(n)` becomes an integer field.
 * A newline inside a string field is written as `\\n`: one reading is always one line.
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
  return numericLine(reading, name, sensor !== undefined) ?? pointLine(reading, { sensor: name });
}

/** One entry of {@link lastSeries}. */
interface LastSeries {
  tags: Record<string, string>;
  count: number;
  prefix: string;
  /** How often the entry was replaced by other tags; at {@link REPLACED_MAX} it stops trying. */
  replaced: number;
}

/**
 * Changes of tags after which a source's measurement counts as written with many tag sets (a
 * UPS's three phases): it then takes the cached path of {@link seriesKey} directly, without
 * comparing tags or making an entry per reading. A source whose tags changed a few times for
 * good keeps the reuse.
 */
const REPLACED_MAX = 4;
/**
 * The series key a source wrote last for each of its measurements, with the tags it was made
 * of (non-empty strings only): a reading of the same series (the usual case: a source's tags
 * do not change) finds its key with two lookups by strings the source keeps, and without
 * building a lookup key (which allocated and hashed a new string for every reading). Only
 * for callers that name the source (the runner); without a name (`Store.write`) readings of
 * many sources may share a measurement, and the key is looked up as before.
 */
const lastSeries = new Map<string, Map<string, LastSeries>>();

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

/** `perSource`: the caller named the source, so its last series can be reused (see {@link lastSeries}). */
function numericLine(reading: Reading, sensor: string, perSource: boolean): string | undefined {
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
  const series = perSource ? seriesKeyOf(sensor, reading.measurement, reading.tags) : seriesKey(reading.measurement, reading.tags);
  return `${series} ${fields} ${String(Math.round(reading.time))}`;
}

function seriesKeyOf(sensor: string, measurement: string, tags: Reading['tags']): string {
  let bySensor = lastSeries.get(sensor);
  const last = bySensor?.get(measurement);
  if (last !== undefined) {
    if (last.replaced >= REPLACED_MAX) return seriesKey(measurement, tags);
    if (sameTags(tags, last)) return last.prefix;
  }
  const prefix = seriesKey(measurement, tags);
  const kept: Record<string, string> = Object.create(null);
  let count = 0;
  for (const k in tags) {
    const v = tags[k];
    if (typeof v === 'string' && v !== '') {
      kept[k] = v;
      count++;
    }
  }
  if (bySensor === undefined) {
    if (lastSeries.size >= CACHE_LIMIT) lastSeries.clear();
    lastSeries.set(sensor, (bySensor = new Map()));
  }
  if (bySensor.size >= 100) bySensor.clear(); // a source that makes up measurement names
  bySensor.set(measurement, { tags: kept, count, prefix, replaced: last === undefined ? 0 : last.replaced + 1 });
  return prefix;
}

/** The reading's tags (non-empty strings) are the ones `last` was made of. */
function sameTags(tags: Reading['tags'], last: LastSeries): boolean {
  let count = 0;
  for (const k in tags) {
    const v = tags[k];
    if (typeof v === 'string' && v !== '') {
      if (last.tags[k] !== v) return false;
      count++;
    }
  }
  return count === last.count;
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
  // One reading a line: `Point` escapes newlines in names and tags, not inside a string
  // field, where one would split the line (numbers and booleans never have one).
  return line.includes('\n') ? line.replace(/\n/g, '\\n') : line;
}
