import { ConfigError } from '@expmon/source-kit';

/**
 * Coefficients of P(V) = a·10^(b·V − c) + d.
 *
 * @example
 * const tpg300: PowerOfTenCoefficients = { a: 1, b: 1, c: 6.5, d: 0 };
 */
export interface PowerOfTenCoefficients {
  a: number;
  b: number;
  c: number;
  d: number;
}

/**
 * The fitted curve of gauges with a logarithmic analog output (Pfeiffer TPG300:
 * P(V) = a·10^(b·V − c) + d) as a function of the voltage.
 *
 * @example
 * const pressure = powerOfTenCurve({ a: 1, b: 1, c: 6.5, d: 0 });
 * pressure(3.5); // 1e-3 (mbar)
 */
export function powerOfTenCurve({ a, b, c, d }: PowerOfTenCoefficients): (v: number) => number {
  for (const [k, x] of Object.entries({ a, b, c, d })) {
    if (!Number.isFinite(x)) {
      throw new ConfigError(`coefficient ${k} must be a finite number, got ${String(x)}`, {
        field: `calibrate.${k}`,
      });
    }
  }
  return (v: number) => a * 10 ** (b * v - c) + d;
}
