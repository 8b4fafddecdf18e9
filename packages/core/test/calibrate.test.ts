import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { calibrate, piecewiseLinear, powerOfTenCurve, type Calibration, type Reading } from '@expmon/core';
import { configErrorOf } from './configErrorOf.js';

function marbles(callback: Parameters<TestScheduler['run']>[0]): void {
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(callback);
}

const volts = (value: number, fields: Reading['fields'] = {}): Reading => ({
  measurement: 'gauge',
  fields: { value, ...fields },
  tags: { unit: 'V', pin: 'A3' },
  time: 42,
});
const calibrated = (value: number, fields: Reading['fields'], unit = 'mbar'): Reading => ({
  measurement: 'gauge',
  fields: { value, ...fields },
  tags: { unit, pin: 'A3' },
  time: 42,
});

describe('powerOfTenCurve: P(V) = a·10^(b·V − c) + d', () => {
  it('computes the documented example', () => {
    expect(powerOfTenCurve({ a: 1, b: 1, c: 6.5, d: 0 })(3.5)).toBe(1e-3);
  });

  it('follows the formula for every coefficient', () => {
    const p = powerOfTenCurve({ a: 2.5, b: 1.667, c: 9.333, d: 0.01 });
    for (const v of [0, 1.2, 3.3, 5, 8.6]) {
      expect(p(v)).toBeCloseTo(2.5 * Math.pow(10, 1.667 * v - 9.333) + 0.01, 12);
    }
  });

  it('is monotonic over a gauge output range (one decade per volt with b = 1)', () => {
    const p = powerOfTenCurve({ a: 1, b: 1, c: 5.5, d: 0 });
    expect(p(2.5) / p(1.5)).toBeCloseTo(10, 10);
  });

  it.each(['a', 'b', 'c', 'd'] as const)('throws a ConfigError naming coefficient %s when not finite', (k) => {
    const coefficients = { a: 1, b: 1, c: 6.5, d: 0, [k]: Number.NaN };
    const e = configErrorOf(() => powerOfTenCurve(coefficients));
    expect(e.field).toBe(`calibrate.${k}`);
    expect(e.message).toContain(`coefficient ${k}`);
  });
});

describe('piecewiseLinear', () => {
  const table = [
    [2.9, 60],
    [0.5, -20],
    [2.1, 25],
    [1.2, 0],
  ] as const; // unsorted on purpose

  it('interpolates between points and hits the points exactly', () => {
    const f = piecewiseLinear(table);
    expect(f(1.65)).toBeCloseTo(12.5, 12);
    expect(f(0.5)).toBe(-20);
    expect(f(1.2)).toBe(0);
    expect(f(2.1)).toBe(25);
    expect(f(2.9)).toBe(60);
    expect(f(2.5)).toBeCloseTo(42.5, 12);
    expect(f(0.85)).toBeCloseTo(-10, 12);
  });

  it('returns NaN outside the table by default, and for NaN input', () => {
    const f = piecewiseLinear(table);
    expect(f(0.49)).toBeNaN();
    expect(f(3)).toBeNaN();
    expect(f(Number.NaN)).toBeNaN();
    expect(f(Number.POSITIVE_INFINITY)).toBeNaN();
  });

  it('clamps or extrapolates when asked', () => {
    expect(piecewiseLinear(table, 'clamp')(0)).toBe(-20);
    expect(piecewiseLinear(table, 'clamp')(10)).toBe(60);
    expect(piecewiseLinear(table, 'extrapolate')(0)).toBeCloseTo(-20 - (20 / 0.7) * 0.5, 10);
    expect(piecewiseLinear(table, 'extrapolate')(3.3)).toBeCloseTo(60 + (35 / 0.8) * 0.4, 10);
  });

  it('works with a decreasing curve (NTC thermistor)', () => {
    const f = piecewiseLinear([
      [0, 100],
      [10, 0],
    ]);
    expect(f(2.5)).toBe(75);
  });

  it.each([
    ['fewer than two points', [[1, 2]], /at least two/],
    ['a duplicate x', [[1, 2], [1, 3], [2, 4]], /two points have x = 1/],
    ['a non-finite value', [[1, 2], [2, Number.NaN]], /not two finite numbers/],
    ['not an array', 'abc', /at least two/],
  ])('throws a ConfigError for %s', (_what, points, message) => {
    const e = configErrorOf(() => piecewiseLinear(points as never));
    expect(e.field).toBe('calibrate.table');
    expect(e.message).toMatch(message);
  });

  it('throws a ConfigError naming outside for an unknown mode', () => {
    expect(configErrorOf(() => piecewiseLinear(table, 'wrap' as never)).field).toBe('calibrate.outside');
  });
});

describe('calibrate', () => {
  it('applies a fitted function, keeps raw and sets the unit', () => {
    marbles(({ cold, expectObservable }) => {
      const op = calibrate(powerOfTenCurve({ a: 1, b: 1, c: 6.5, d: 0 }), { unit: 'mbar' });
      expectObservable(cold('a-b|', { a: volts(3.5), b: volts(5.5) }).pipe(op)).toBe('x-y|', {
        x: calibrated(1e-3, { raw: 3.5 }),
        y: calibrated(0.1, { raw: 5.5 }),
      });
    });
  });

  it('applies a lookup table', () => {
    marbles(({ cold, expectObservable }) => {
      const op = calibrate({ table: [[0, 0], [5, 100]] }, { unit: '%' });
      expectObservable(cold('a-b|', { a: volts(2.5), b: volts(5) }).pipe(op)).toBe('x-y|', {
        x: calibrated(50, { raw: 2.5 }, '%'),
        y: calibrated(100, { raw: 5 }, '%'),
      });
    });
  });

  it('turns values outside the table into NaN, or clamps them', () => {
    marbles(({ cold, expectObservable }) => {
      const a = { a: volts(6) };
      expectObservable(cold('a|', a).pipe(calibrate({ table: [[0, 0], [5, 100]] }))).toBe('x|', {
        x: { ...volts(Number.NaN, { raw: 6 }) },
      });
      expectObservable(cold('a|', a).pipe(calibrate({ table: [[0, 0], [5, 100]], outside: 'clamp' }))).toBe('x|', {
        x: volts(100, { raw: 6 }),
      });
    });
  });

  it('keepRaw: false keeps no raw field; keepRaw: name uses that field', () => {
    marbles(({ cold, expectObservable }) => {
      const a = { a: volts(1) };
      expectObservable(cold('a|', a).pipe(calibrate((v) => v * 10, { keepRaw: false }))).toBe('x|', { x: volts(10) });
      expectObservable(cold('a|', a).pipe(calibrate((v) => v * 10, { keepRaw: 'volts' }))).toBe('x|', {
        x: volts(10, { volts: 1 }),
      });
    });
  });

  it('does not overwrite an existing raw field (the first raw value wins)', () => {
    marbles(({ cold, expectObservable }) => {
      const a = { a: volts(1.1, { raw: 1365 }) };
      expectObservable(cold('a|', a).pipe(calibrate((v) => v * 10))).toBe('x|', { x: volts(11, { raw: 1365 }) });
    });
  });

  it('calibrates another field', () => {
    marbles(({ cold, expectObservable }) => {
      const a = { a: volts(1, { aux: 2 }) };
      expectObservable(cold('a|', a).pipe(calibrate((v) => v + 1, { field: 'aux', keepRaw: false }))).toBe('x|', {
        x: volts(1, { aux: 3 }),
      });
    });
  });

  it('throws a ConfigError for a calibration that is neither a function nor a table', () => {
    expect(configErrorOf(() => calibrate(42 as unknown as Calibration)).field).toBe('calibrate');
    expect(configErrorOf(() => calibrate({ table: [] })).field).toBe('calibrate.table');
  });
});
