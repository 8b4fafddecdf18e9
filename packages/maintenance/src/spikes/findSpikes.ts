import { ConfigError } from '@expmon/core';
import type { StoredPoint, StoredSeries } from './SpikeStore.js';

/** Options of {@link findSpikes}. */
export interface SpikeSearchOptions {
  /** How many robust standard deviations (1.4826 × MAD of the neighbours) a spike lies off the neighbours' median; default 5. */
  factor?: number;
  /** Neighbours on each side; also the longest run of points that counts as a spike. Default 2. */
  window?: number;
  /** A spike also differs from the neighbours' median by more than this percentage of it; default 10. */
  minPercent?: number;
  /** A spike also differs from the neighbours' median by more than this (in the field's unit); default 0. */
  minDeviation?: number;
}

/** A point judged a spike, with what it was judged against. */
export interface FoundSpike {
  point: StoredPoint;
  /** Up to `window` values before and after it. */
  before: number[];
  after: number[];
  median: number;
  /** 1.4826 × the median absolute deviation of the neighbours from their median. */
  scale: number;
  /** |value − median|. */
  deviation: number;
}

/**
 * Finds spikes in a stored series.
 *
 * For each point, its neighbours are the `window` points before it and the `window` points
 * after it (fewer at the ends of the series; neighbours from just outside the searched range
 * count too). With `m` the median of the neighbours and `s` = 1.4826 × MAD (their median
 * absolute deviation from `m`, ≈ the standard deviation of normal noise), the point is a
 * spike when all hold:
 *
 * - |v − m| > factor × s — far outside the local noise;
 * - |v − m| > minPercent % × |m| — a real jump, not a quantisation step of flat data
 *   (where s is 0);
 * - |v − m| > minDeviation;
 * - it has at least one neighbour on each side (the first and last point of a series are
 *   never judged).
 *
 * A run of up to `window` consecutive outliers is found (the median of 2 × window neighbours
 * stays on the baseline), while a level change that lasts longer than `window` points is
 * not: next to the step half the neighbours are on each level, the median falls between
 * them and the MAD is half the step.
 *
 * @example
 * findSpikes(series, { factor: 5, window: 2, minPercent: 10 });
 * // 20, 20.1, 19.9, 95, 20, 20.1 → one spike: 95 (median 20.05)
 */
export function findSpikes(series: StoredSeries, options: SpikeSearchOptions = {}): FoundSpike[] {
  const factor = positive(options.factor ?? 5, '--factor');
  const window = options.window ?? 2;
  if (!Number.isInteger(window) || window < 1 || window > 50) {
    throw new ConfigError(`must be a whole number from 1 to 50, got ${String(window)}`, { field: '--window' });
  }
  const minRatio = nonNegative(options.minPercent ?? 10, '--min-percent') / 100;
  const minDeviation = nonNegative(options.minDeviation ?? 0, '--min-deviation');

  const all = [...series.before, ...series.points, ...series.after];
  const first = series.before.length;
  const spikes: FoundSpike[] = [];
  for (let i = first; i < first + series.points.length; i++) {
    const before = all.slice(Math.max(0, i - window), i).map((p) => p.value);
    const after = all.slice(i + 1, i + 1 + window).map((p) => p.value);
    if (before.length === 0 || after.length === 0) continue;
    const neighbours = [...before, ...after];
    const m = median(neighbours);
    const scale = 1.4826 * median(neighbours.map((n) => Math.abs(n - m)));
    const point = all[i]!;
    const deviation = Math.abs(point.value - m);
    if (deviation > factor * scale && deviation > minRatio * Math.abs(m) && deviation > minDeviation) {
      spikes.push({ point, before, after, median: m, scale, deviation });
    }
  }
  return spikes;
}

function median(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function positive(v: number, field: string): number {
  if (!Number.isFinite(v) || v <= 0) throw new ConfigError(`must be a positive number, got ${String(v)}`, { field });
  return v;
}

function nonNegative(v: number, field: string): number {
  if (!Number.isFinite(v) || v < 0) throw new ConfigError(`must be a number ≥ 0, got ${String(v)}`, { field });
  return v;
}
