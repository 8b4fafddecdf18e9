import type { FieldValue, Reading } from './Reading.js';

/**
 * Options of {@link createReading}.
 *
 * @example
 * createReading('gauge', 1e-6, { unit: 'mbar', tags: { room: '12' }, fields: { raw: 2.31 }, time: Date.now() });
 */
export interface CreateReadingOptions {
  /** Unit, stored as the `unit` tag (omitted when empty). */
  unit?: string;
  /** Extra tags. */
  tags?: Record<string, string>;
  /** Extra fields after `value` (for example `raw`). */
  fields?: Record<string, FieldValue>;
  /** Time the device answered, ms since epoch; default `Date.now()`. */
  time?: number;
}

/**
 * Builds a {@link Reading} in the default schema: field `value`, tag `unit`.
 *
 * @example
 * createReading('lab_temp', 21.4, { unit: '°C' });
 */
export function createReading(
  measurement: string,
  value: FieldValue,
  options: CreateReadingOptions = {},
): Reading {
  // Spreads only when there is something to copy: every driver calls this for every reading.
  const tags: Record<string, string> = options.tags ? { ...options.tags } : {};
  if (options.unit) tags.unit = options.unit;
  return {
    measurement,
    fields: options.fields ? { value, ...options.fields } : { value },
    tags,
    time: options.time ?? Date.now(),
  };
}
