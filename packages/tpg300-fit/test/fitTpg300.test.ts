import { describe, expect, it } from 'vitest';
import { ConfigError, powerOfTenCurve } from '@expmon/core';
import { fitTpg300 } from '@expmon/tpg300-fit';

const truth = { a: 1, b: 1.6667, c: 6.5, d: 2e-7 };
const curve = powerOfTenCurve(truth);
const volts = [0.5, 0.9, 1.3, 1.7, 2.1, 2.5, 2.9, 3.2];

describe('fitTpg300', () => {
  it('recovers the curve from exact pairs', () => {
    const fit = fitTpg300(volts.map((v) => ({ volts: v, pressure: curve(v) })));
    expect(fit.coefficients.a).toBe(1);
    expect(fit.coefficients.b).toBeCloseTo(truth.b, 4);
    expect(fit.coefficients.c).toBeCloseTo(truth.c, 4);
    expect(fit.maxRelative).toBeLessThan(1e-4);
    expect(fit.validVolts).toEqual([0.5, 3.2]);
    expect(fit.residuals).toHaveLength(volts.length);
  });

  it('fits noisy pairs to within the noise and reports the residuals', () => {
    const pairs = volts.map((v, i) => ({ volts: v, pressure: curve(v) * (1 + (i % 2 ? 0.02 : -0.02)) }));
    const fit = fitTpg300(pairs);
    expect(fit.rmsRelative).toBeLessThan(0.03);
    expect(fit.rmsRelative).toBeGreaterThan(0.005);
    for (const r of fit.residuals) expect(Math.abs(r.relative)).toBeLessThan(0.05);
    const p = powerOfTenCurve(fit.coefficients);
    expect(p(1.7) / curve(1.7)).toBeCloseTo(1, 1);
  });

  it('rejects too few or bad pairs naming the option', () => {
    expect(() => fitTpg300([{ volts: 1, pressure: 1 }])).toThrow(/fitTpg300.pairs/);
    expect(() => fitTpg300([{ volts: 1, pressure: -1 }, { volts: 2, pressure: 1 }, { volts: 3, pressure: 2 }])).toThrow(
      ConfigError,
    );
    expect(() => fitTpg300([1, 1, 1].map((v, i) => ({ volts: v, pressure: 10 ** i })))).toThrow(/cannot fit/);
  });
});
