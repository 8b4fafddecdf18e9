import { IntegerValue } from './IntegerValue.js';

/**
 * A field value: numbers are written as floats unless wrapped with {@link integer}.
 *
 * @example
 * const fields: Record<string, FieldValue> = { value: 3.2e-6, raw: 2.31, status: 'ok', errors: integer(0) };
 */
export type FieldValue = number | boolean | string | IntegerValue;

/**
 * One sample from one sensor, as it will be stored.
 *
 * The default schema is the Python tool's: a measurement per sensor, field `value`,
 * tag `unit`, so dashboards written for it keep working.
 *
 * @example
 * const r: Reading = {
 *   measurement: 'cryostat_temp',
 *   fields: { value: 4.2 },
 *   tags: { unit: 'K' },
 *   time: Date.now(),
 * };
 */
export interface Reading {
  /** Measurement name, by default one per sensor (`cryostat_temp`). */
  readonly measurement: string;
  /** Fields, `value` first; `raw` (the uncalibrated value) is optional. */
  readonly fields: Readonly<Record<string, FieldValue>>;
  /** Tags: `unit` and any user tags. */
  readonly tags: Readonly<Record<string, string>>;
  /** When the device produced or answered, in milliseconds since the Unix epoch (UTC). */
  readonly time: number;
}
