import { ConfigError } from '@expmon/source-kit';

/**
 * What a {@link piecewiseLinear} curve does with an input outside its table.
 *
 * @example
 * calibrate({ table: [[0, 0], [5, 100]], outside: 'clamp' satisfies OutOfRange });
 */
export type OutOfRange = 'extrapolate' | 'clamp' | 'nan';

/**
 * A piecewise-linear lookup table as a function: points `[x, y]`, sorted by x on creation.
 * Outside the table: `'nan'` (default: the reading is then dropped as invalid by the
 * runner), `'clamp'` or `'extrapolate'` from the end segments.
 *
 * @example
 * const thermistor = piecewiseLinear([[0.5, -20], [1.2, 0], [2.1, 25], [2.9, 60]]);
 * thermistor(1.65); // 12.5
 */
export function piecewiseLinear(
  points: ReadonlyArray<readonly [number, number]>,
  outside: OutOfRange = 'nan',
): (x: number) => number {
  if (!['extrapolate', 'clamp', 'nan'].includes(outside)) {
    throw new ConfigError(`must be extrapolate, clamp or nan, got ${String(outside)}`, { field: 'calibrate.outside' });
  }
  if (!Array.isArray(points) || points.length < 2) {
    throw new ConfigError('a lookup table needs at least two [x, y] points', { field: 'calibrate.table' });
  }
  const sorted = [...points].sort((p, q) => p[0] - q[0]);
  for (let i = 0; i < sorted.length; i++) {
    const [x, y] = Array.isArray(sorted[i]) ? sorted[i]! : [Number.NaN, Number.NaN];
    if (!Number.isFinite(x) || !Number.isFinite(y)) {
      throw new ConfigError(`point ${i} is not two finite numbers`, { field: 'calibrate.table' });
    }
    if (i > 0 && sorted[i - 1]![0] === x) {
      throw new ConfigError(`two points have x = ${x}`, { field: 'calibrate.table' });
    }
  }
  const xs = sorted.map((p) => p[0]);
  const ys = sorted.map((p) => p[1]);
  const n = xs.length;
  const interpolate = (i: number, x: number): number =>
    ys[i]! + ((ys[i + 1]! - ys[i]!) * (x - xs[i]!)) / (xs[i + 1]! - xs[i]!);
  return (x: number): number => {
    if (!Number.isFinite(x)) return Number.NaN;
    if (x < xs[0]! || x > xs[n - 1]!) {
      if (outside === 'nan') return Number.NaN;
      if (outside === 'clamp') return x < xs[0]! ? ys[0]! : ys[n - 1]!;
      return x < xs[0]! ? interpolate(0, x) : interpolate(n - 2, x);
    }
    // Binary search for the segment [xs[lo], xs[lo+1]] holding x.
    let lo = 0;
    let hi = n - 1;
    while (hi - lo > 1) {
      const mid = (lo + hi) >> 1;
      if (xs[mid]! <= x) lo = mid;
      else hi = mid;
    }
    return interpolate(lo, x);
  };
}
