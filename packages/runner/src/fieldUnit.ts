import type { Reading } from '@expmon/core';

/** Unit suffixes of field names (`battery_charge_percent`, `runtime_remaining_minutes`). */
const SUFFIX_UNITS: ReadonlyArray<[RegExp, string]> = [
  [/(^|_)percent$/, '%'],
  [/(^|_)minutes$/, 'min'],
  [/(^|_)seconds$|^seconds_/, 's'],
  [/(^|_)watts$/, 'W'],
  [/(^|_)volts$/, 'V'],
  [/(^|_)amps$/, 'A'],
  [/(^|_)celsius$/, '°C'],
  [/(^|_)kelvin$/, 'K'],
  [/(^|_)mbar$/, 'mbar'],
];

/**
 * The unit of one field of a reading, for people: the `unit` tag for `value` (and for the only
 * field of a reading), else the unit its name ends with (`output_load_percent` → `%`), else ''.
 *
 * @example
 * fieldUnit({ measurement: 'ups', fields: { output_load_percent: 28 }, tags: {}, time: 0 }, 'output_load_percent'); // '%'
 */
export function fieldUnit(reading: Reading, field: string): string {
  if (field === 'value' || Object.keys(reading.fields).length === 1) {
    if (reading.tags.unit) return reading.tags.unit;
  }
  for (const [re, unit] of SUFFIX_UNITS) if (re.test(field)) return unit;
  return field === 'value' ? (reading.tags.unit ?? '') : '';
}
