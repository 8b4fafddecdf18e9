import { describe, expect, it } from 'vitest';
import { ConfigError } from '@expmon/core';
import { findSpikes, formatNanoTime, parseRfc3339Nano, parseTimeArg, type StoredSeries } from '@expmon/maintenance';

const S = 1_000_000_000n;
function series(values: number[], before: number[] = [], after: number[] = []): StoredSeries {
  let t = 0n;
  const pts = (vs: number[]) => vs.map((value) => ({ time: (t += S), value }));
  const b = pts(before);
  return { measurement: 'm', tags: { unit: 'V' }, before: b, points: pts(values), after: pts(after) };
}
const spikeValues = (s: StoredSeries, opts = {}) => findSpikes(s, opts).map((x) => x.point.value);
/** Deterministic noise of ±0.05 around a level. */
const noisy = (level: number, n: number, from = 0) => Array.from({ length: n }, (_, i) => level + 0.05 * Math.sin((i + from) * 1.7));

describe('findSpikes (median ± factor × 1.4826·MAD of the neighbours)', () => {
  it('finds a single spike and a two-point spike in noisy data, with their neighbours', () => {
    const v = noisy(20, 30);
    v[8] = 95;
    v[17] = 0.5;
    v[18] = 0.6;
    const found = findSpikes(series(v));
    expect(found.map((f) => f.point.value)).toEqual([95, 0.5, 0.6]);
    expect(found[0]!.before).toEqual([v[6], v[7]]);
    expect(found[0]!.after).toEqual([v[9], v[10]]);
    expect(found[0]!.median).toBeCloseTo(20, 1);
  });

  it('leaves a level change alone: a run longer than the window is a level, not a spike', () => {
    const v = [...noisy(20, 15), ...noisy(30, 15, 15)];
    expect(spikeValues(series(v))).toEqual([]);
    const run3 = noisy(20, 20);
    run3[8] = run3[9] = run3[10] = 80;
    expect(spikeValues(series(run3), { window: 2 })).toEqual([]);
    expect(spikeValues(series(run3), { window: 3 })).toEqual([80, 80, 80]);
  });

  it('needs a relative jump (min-percent) on flat, quantised data where the MAD is 0', () => {
    const flat = [100, 100, 100, 101, 100, 100, 100, 130, 100, 100];
    expect(spikeValues(series(flat))).toEqual([130]);
    expect(spikeValues(series(flat), { minPercent: 0.5 })).toEqual([101, 130]);
    expect(spikeValues(series(flat), { minDeviation: 50 })).toEqual([]);
  });

  it('never judges the first and last point of a series, but uses neighbours outside the range', () => {
    expect(spikeValues(series([500, 20, 20, 20, 20, 500]))).toEqual([]);
    expect(spikeValues(series([500, 20, 20, 20, 20, 500], [20, 20], [20, 20]))).toEqual([500, 500]);
  });

  it('rejects bad options naming the flag', () => {
    expect(() => findSpikes(series([1, 2, 3]), { factor: 0 })).toThrow(/--factor/);
    expect(() => findSpikes(series([1, 2, 3]), { window: 1.5 })).toThrow(ConfigError);
    expect(() => findSpikes(series([1, 2, 3]), { minPercent: -1 })).toThrow(/--min-percent/);
  });
});

describe('times', () => {
  it('parses and formats RFC 3339 with nanoseconds exactly', () => {
    expect(parseRfc3339Nano('1970-01-01T00:00:02.000000123Z')).toBe(2_000_000_123n);
    expect(parseRfc3339Nano('2025-11-28T00:00:00.123456789Z')).toBe(1_764_288_000_123_456_789n);
    expect(parseRfc3339Nano('2025-11-28T01:00:00+01:00')).toBe(1_764_288_000_000_000_000n);
    expect(parseRfc3339Nano('2025-11-28 00:00:00')).toBeUndefined();
    expect(formatNanoTime(1_764_288_000_123_456_789n)).toBe('2025-11-28T00:00:00.123456789Z');
    expect(formatNanoTime(1_764_288_000_120_000_000n)).toBe('2025-11-28T00:00:00.120Z');
  });

  it('--since takes an RFC 3339 time or a duration back from now', () => {
    const now = Date.UTC(2025, 10, 28, 12);
    expect(parseTimeArg('2h', '--since', now)).toBe(BigInt(now - 7_200_000) * 1_000_000n);
    expect(parseTimeArg('7d', '--since', now)).toBe(BigInt(now - 7 * 86_400_000) * 1_000_000n);
    expect(parseTimeArg('2025-11-28T10:00:00Z', '--since', now)).toBe(BigInt(Date.UTC(2025, 10, 28, 10)) * 1_000_000n);
    expect(() => parseTimeArg('yesterday', '--since', now)).toThrow(/--since yesterday is neither/);
  });
});
