import type { MonoTypeOperatorFunction } from 'rxjs';
import { ConfigError, type Reading } from '@expmon/source-kit';
import { mapValue } from './mapValue.js';

/**
 * Rounds the `value` field to `digits` significant digits (the Python tool's `num_prec`).
 *
 * @example
 * source.pipe(precision(3)); // 21.4567 -> 21.5, 0.0012345 -> 0.00123
 */
export function precision(digits: number, options: { field?: string } = {}): MonoTypeOperatorFunction<Reading> {
  if (!Number.isInteger(digits) || digits < 1 || digits > 17) {
    throw new ConfigError(`must be an integer from 1 to 17, got ${String(digits)}`, { field: 'precision' });
  }
  return mapValue((v) => (Number.isFinite(v) ? Number(v.toPrecision(digits)) : v), { field: options.field });
}
