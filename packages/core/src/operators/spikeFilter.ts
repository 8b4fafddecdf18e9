import { asyncScheduler, Observable, type MonoTypeOperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import { ConfigError } from '../errors/ConfigError.js';
import type { Reading } from '../Reading.js';

/** What happens to a reading judged a spike. */
export type SpikeAction = 'quarantine' | 'drop' | 'tag';

/** Options of {@link spikeFilter}. */
export interface SpikeFilterOptions {
  /** A window is a spike when its mean differs from both neighbours by at least this many percent of them. */
  thresholdPercent: number;
  /** Longest spike, in readings (1..4); also how many readings are held back. Default 1. */
  length?: number;
  /** When false, a value of exactly 0 (a typical read glitch) is always treated as a spike. Default true. */
  allowZeros?: boolean;
  /**
   * `quarantine` (default): the spike is written to the measurement `<measurement>_spikes`,
   * so nothing is destroyed; `drop`: it is discarded; `tag`: it is written with tag `spike=true`.
   */
  action?: SpikeAction;
  /** Release held readings of a series when no new reading came for this long (ms). Default: never. */
  maxHoldMs?: number;
  /** Called with every spike found (for logging). */
  onSpike?: (spike: readonly Reading[]) => void;
}

interface SeriesState {
  /** Value of the last reading released before the held window (the left neighbour). */
  before: number | undefined;
  held: Reading[];
  timer: Subscription | undefined;
}

/**
 * Removes spikes before they reach the database, per series (measurement + tags).
 *
 * Holds back the last `length` readings of each series. When a new reading arrives, each
 * run of the k most recent held readings (k = 1..length, shortest first) is compared with
 * its neighbours: the reading just before the run and the new one. If the run's mean
 * differs from both by at least `thresholdPercent` percent of them, in the same direction,
 * the run is a spike. A real level change lasting longer than `length` readings has a
 * neighbour at its own level, so it passes unchanged.
 *
 * Delay added: `length` readings of that series (length × the poll interval), or
 * `maxHoldMs` if set and shorter. Held readings are released when the stream completes.
 * Readings whose `value` is not a number pass through without delay.
 *
 * @example
 * source.pipe(spikeFilter({ thresholdPercent: 50, length: 2 }));
 */
export function spikeFilter(
  options: SpikeFilterOptions,
  scheduler: SchedulerLike = asyncScheduler,
): MonoTypeOperatorFunction<Reading> {
  const length = options.length ?? 1;
  const threshold = options.thresholdPercent;
  const allowZeros = options.allowZeros ?? true;
  const action = options.action ?? 'quarantine';
  if (!Number.isInteger(length) || length < 1 || length > 4) {
    throw new ConfigError(`must be an integer from 1 to 4, got ${String(length)}`, { field: 'spikeFilter.length' });
  }
  if (!Number.isFinite(threshold) || threshold <= 0) {
    throw new ConfigError(`must be a positive number, got ${String(threshold)}`, {
      field: 'spikeFilter.thresholdPercent',
    });
  }
  if (!['quarantine', 'drop', 'tag'].includes(action)) {
    throw new ConfigError(`must be quarantine, drop or tag, got ${String(action)}`, { field: 'spikeFilter.action' });
  }
  const ratio = threshold / 100;
  const deviation = (mean: number, ref: number): number => {
    const d = mean - ref;
    return Math.abs(d) >= ratio * Math.abs(ref) && d !== 0 ? Math.sign(d) : 0;
  };

  return (source) =>
    new Observable<Reading>((subscriber) => {
      const series = new Map<string, SeriesState>();

      const release = (state: SeriesState, count: number): void => {
        for (const r of state.held.splice(0, count)) {
          state.before = r.fields.value as number;
          subscriber.next(r);
        }
      };
      const reject = (spike: Reading[]): void => {
        options.onSpike?.(spike);
        for (const r of spike) {
          if (action === 'quarantine') subscriber.next({ ...r, measurement: `${r.measurement}_spikes` });
          else if (action === 'tag') subscriber.next({ ...r, tags: { ...r.tags, spike: 'true' } });
        }
      };

      const subscription = source.subscribe({
        next(reading) {
          const value = reading.fields.value;
          if (typeof value !== 'number') {
            subscriber.next(reading);
            return;
          }
          if (!allowZeros && value === 0) {
            reject([reading]);
            return;
          }
          const key = seriesKey(reading);
          let state = series.get(key);
          if (!state) {
            state = { before: undefined, held: [], timer: undefined };
            series.set(key, state);
          }
          const held = state.held;
          for (let k = 1; k <= held.length; k++) {
            const left = k < held.length ? (held[held.length - k - 1]!.fields.value as number) : state.before;
            if (left === undefined) break;
            let sum = 0;
            for (let i = held.length - k; i < held.length; i++) sum += held[i]!.fields.value as number;
            const mean = sum / k;
            const fromLeft = deviation(mean, left);
            if (fromLeft !== 0 && fromLeft === deviation(mean, value)) {
              reject(held.splice(held.length - k, k));
              break;
            }
          }
          held.push(reading);
          if (held.length > length) release(state, held.length - length);
          if (options.maxHoldMs !== undefined) {
            state.timer?.unsubscribe();
            const s = state;
            state.timer = scheduler.schedule(() => {
              s.timer = undefined;
              release(s, s.held.length);
            }, options.maxHoldMs);
          }
        },
        error(err) {
          subscriber.error(err);
        },
        complete() {
          for (const state of series.values()) {
            state.timer?.unsubscribe();
            release(state, state.held.length);
          }
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        for (const state of series.values()) state.timer?.unsubscribe();
      };
    });
}

function seriesKey(r: Reading): string {
  const tagKeys = Object.keys(r.tags).sort();
  let key = r.measurement;
  for (const k of tagKeys) key += `,${k}=${r.tags[k]}`;
  return key;
}
