import { levenbergMarquardt } from 'ml-levenberg-marquardt';
import { ConfigError, type PowerOfTenCoefficients } from '@expmon/core';

/** One calibration point: the pressure the reference gauge showed and the voltage the ADC read. */
export interface CalibrationPair {
  pressure: number;
  volts: number;
}

/** Options of {@link fitTpg300}. */
export interface FitTpg300Options {
  /**
   * `a` is held at this value: `a·10^(−c)` is one factor, so `a` and `c` cannot both be
   * fitted; `b`, `c` and `d` are. Default 1.
   */
  a?: number;
  /** Iteration limit of the Levenberg–Marquardt fit; default 1000. */
  maxIterations?: number;
}

/** What {@link fitTpg300} found. */
export interface Tpg300Fit {
  /** Use with `powerOfTenCurve(fit.coefficients)` from `@expmon/core`. */
  coefficients: PowerOfTenCoefficients;
  /** The voltages the pairs cover: outside, the curve is extrapolated; use as `validVolts`. */
  validVolts: [number, number];
  /** Per pair: the curve's pressure and the relative residual (fit − measured) / measured. */
  residuals: Array<CalibrationPair & { fitted: number; relative: number }>;
  /** Root mean square of the relative residuals. */
  rmsRelative: number;
  /** Largest |relative residual|. */
  maxRelative: number;
  iterations: number;
}

/**
 * Fits the TPG300 analog-output curve P(V) = a·10^(b·V − c) + d to (pressure, voltage)
 * pairs with Levenberg–Marquardt (`ml-levenberg-marquardt`), minimising relative
 * residuals (pressures span decades). Start values come from a straight line through
 * log10(P) against V. Prints nothing; see the `expmon-fit-tpg300` CLI.
 *
 * @example
 * const fit = fitTpg300([
 *   { pressure: 1e-6, volts: 0.52 }, { pressure: 1e-5, volts: 0.83 }, { pressure: 1e-4, volts: 1.13 },
 *   { pressure: 1e-3, volts: 1.44 }, { pressure: 1e-2, volts: 1.74 },
 * ]);
 * adc.channel(3, { name: 'chamber_pressure', unit: 'mbar',
 *   calibrate: powerOfTenCurve(fit.coefficients), validVolts: fit.validVolts });
 */
export function fitTpg300(pairs: readonly CalibrationPair[], options: FitTpg300Options = {}): Tpg300Fit {
  if (!Array.isArray(pairs) || pairs.length < 3) {
    throw new ConfigError(`needs at least 3 (pressure, voltage) pairs, got ${Array.isArray(pairs) ? pairs.length : 0}`, {
      field: 'fitTpg300.pairs',
    });
  }
  pairs.forEach((p, i) => {
    if (!(Number.isFinite(p.pressure) && p.pressure > 0 && Number.isFinite(p.volts))) {
      throw new ConfigError(`pair ${i + 1} needs a positive pressure and a finite voltage, got ${JSON.stringify(p)}`, {
        field: 'fitTpg300.pairs',
      });
    }
  });
  const a = options.a ?? 1;
  if (!(Number.isFinite(a) && a > 0)) {
    throw new ConfigError(`must be a positive number, got ${String(options.a)}`, { field: 'fitTpg300.a' });
  }
  const x = pairs.map((p) => p.volts);
  const y = pairs.map((p) => p.pressure);
  const line = leastSquaresLine(x, y.map(Math.log10));
  if (!Number.isFinite(line.slope) || line.slope === 0) {
    throw new ConfigError('the voltages do not vary with pressure: cannot fit', { field: 'fitTpg300.pairs' });
  }
  // log10(P) ≈ slope·V + intercept = b·V − c + log10(a)
  const initialValues = [line.slope, Math.log10(a) - line.intercept, 0];
  const ln10 = Math.LN10;
  // d is fitted in units of the smallest pressure so that all parameters are of order 1.
  const dScale = Math.min(...y);
  // Relative residuals: the data are (index i, 1) and the model is P_fit(V_i) / P_i, so every
  // pair counts alike whatever its decade (the library's own weights are not used for this).
  const index = pairs.map((_, i) => i);
  const ones = pairs.map(() => 1);
  const result = levenbergMarquardt(
    { x: index, y: ones },
    ([b, c, dScaled]) =>
      (i) =>
        (a * 10 ** (b! * x[i]! - c!) + dScaled! * dScale) / y[i]!,
    {
      initialValues,
      maxIterations: options.maxIterations ?? 1000,
      errorTolerance: 1e-20,
      damping: 1e-3,
      jacobianFunction: ([b, c]) => (i) => {
        const e = (a * 10 ** (b! * x[i]! - c!)) / y[i]!;
        return [e * ln10 * x[i]!, -e * ln10, dScale / y[i]!];
      },
    },
  );
  const [b, c, dScaled] = result.parameterValues as [number, number, number];
  const d = dScaled * dScale;
  const coefficients = { a, b, c, d };
  const residuals = pairs.map((p) => {
    const fitted = a * 10 ** (b * p.volts - c) + d;
    return { pressure: p.pressure, volts: p.volts, fitted, relative: (fitted - p.pressure) / p.pressure };
  });
  const rmsRelative = Math.sqrt(residuals.reduce((s, r) => s + r.relative ** 2, 0) / residuals.length);
  const maxRelative = Math.max(...residuals.map((r) => Math.abs(r.relative)));
  return {
    coefficients,
    validVolts: [Math.min(...x), Math.max(...x)],
    residuals,
    rmsRelative,
    maxRelative,
    iterations: result.iterations,
  };
}

function leastSquaresLine(x: readonly number[], y: readonly number[]): { slope: number; intercept: number } {
  const n = x.length;
  const mx = x.reduce((s, v) => s + v, 0) / n;
  const my = y.reduce((s, v) => s + v, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
  }
  const slope = sxy / sxx;
  return { slope, intercept: my - slope * mx };
}
