import type { MonoTypeOperatorFunction } from 'rxjs';
import { ConfigError, type Reading } from '@expmon/source-kit';
import { mapValue } from './mapValue.js';
import { piecewiseLinear, type OutOfRange } from './piecewiseLinear.js';

/**
 * A calibration: a function of the raw value, or a lookup table of `[raw, calibrated]` points.
 *
 * @example
 * const fitted: Calibration = powerOfTenCurve({ a: 1, b: 1, c: 6.5, d: 0 });
 * const table: Calibration = { table: [[0.5, -20], [2.9, 60]], outside: 'clamp' };
 */
export type Calibration =
  | ((raw: number) => number)
  | { table: ReadonlyArray<readonly [number, number]>; outside?: OutOfRange };

/**
 * Options of {@link calibrate}.
 *
 * @example
 * calibrate((v) => v * 40, { unit: '°C', keepRaw: 'volts' } satisfies CalibrateOptions);
 */
export interface CalibrateOptions {
  /** Unit of the calibrated value, set as the `unit` tag (`mbar`). */
  unit?: string;
  /** Keep the uncalibrated value in a field of this name; default `raw`. `false` keeps none. */
  keepRaw?: string | false;
  /** Field to calibrate; default `value`. */
  field?: string;
}

/**
 * Turns a raw value (volts, ohms, counts) into a physical one through a calibration curve:
 * a fitted function such as {@link powerOfTenCurve} or a piecewise-linear table.
 * The raw value is kept in field `raw` unless `keepRaw: false`.
 * A value outside a table's range becomes NaN (dropped by the runner as invalid) unless
 * the table says `outside: 'clamp' | 'extrapolate'`.
 *
 * @example
 * adc.channel(3, { name: 'ion_pump_pressure' }).pipe(
 *   calibrate(powerOfTenCurve({ a: 1, b: 1, c: 6.5, d: 0 }), { unit: 'mbar' }),
 * );
 * source.pipe(calibrate({ table: [[0, 0], [5, 100]] }, { unit: '%' }));
 */
export function calibrate(calibration: Calibration, options: CalibrateOptions = {}): MonoTypeOperatorFunction<Reading> {
  if (typeof calibration !== 'function' && (typeof calibration !== 'object' || calibration === null)) {
    throw new ConfigError(`must be a function of the raw value or { table: [[x, y], ...] }, got ${String(calibration)}`, {
      field: 'calibrate',
    });
  }
  const fn = typeof calibration === 'function' ? calibration : piecewiseLinear(calibration.table, calibration.outside);
  const keepRaw = options.keepRaw === undefined ? 'raw' : options.keepRaw;
  return mapValue((v) => fn(v), {
    field: options.field,
    unit: options.unit,
    keepRawAs: keepRaw === false ? undefined : keepRaw,
  });
}
