import { asyncScheduler, Observable, type MonoTypeOperatorFunction, type SchedulerLike, type Subscription } from 'rxjs';
import { ConfigError, type Reading } from '@expmon/source-kit';

/**
 * What happens to a reading judged a spike.
 *
 * @example
 * spikeFilter({ thresholdPercent: 50, action: 'tag' satisfies SpikeAction });
 */
export type SpikeAction = 'quarantine' | 'drop' | 'tag';

/**
 * Options of {@link spikeFilter}.
 *
 * @example
 * const options: SpikeFilterOptions = { thresholdPercent: 50, length: 2, allowZeros: false, maxHoldMs: 60_000 };
 */
export interface SpikeFilterOptions {
  /**
   * A window is a spike when its mean differs from both neighbours by at least this many
   * percent of each neighbour (and every reading in it lies on the same side of both).
   */
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
  /**
   * When a series has had no new reading for this long (ms), its held readings are released
   * unjudged (for push sources that go quiet). Default: only a new reading or the end of
   * the stream releases them.
   */
  maxHoldMs?: number;
  /** Called with every spike found (for logging). If it throws, the stream errors. */
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
 * its neighbours: the reading just before the run and the new one. The run is a spike when
 * its mean differs from each neighbour by at least `thresholdPercent` percent of that
 * neighbour, in the same direction, and every reading of the run lies on that side of both
 * neighbours. After a spike is taken out, the readings left before it are checked again
 * against the new one. A real level change lasting longer than `length` readings has a
 * neighbour at its own level, so it passes unchanged. The first reading of a series has no
 * left neighbour and is never judged a spike.
 *
 * Delay added: a reading is emitted when `length` further readings of its series have
 * arrived (length × the poll interval for a polled source), or `maxHoldMs` after the series
 * went quiet, or when the stream completes or errors (held readings are emitted first).
 * Readings whose `value` is not a finite number pass through at once and do not take part.
 *
 * @example
 * source.pipe(spikeFilter({ thresholdPercent: 50, length: 2 }));
 * // 20, 20, 95, 20, 20 -> 20, 20, 20, 20 on `temp`, and 95 on `temp_spikes`
 */
export function spikeFilter(
  options: SpikeFilterOptions,
  scheduler: SchedulerLike = asyncScheduler,
): MonoTypeOperatorFunction<Reading> {
  if (typeof options !== 'object' || options === null) {
    throw new ConfigError('options are required, such as { thresholdPercent: 50 }', { field: 'spikeFilter' });
  }
  const length = options.length ?? 1;
  const threshold = options.thresholdPercent;
  const allowZeros = options.allowZeros ?? true;
  const action = options.action ?? 'quarantine';
  const maxHoldMs = options.maxHoldMs;
  if (!Number.isInteger(length) || length < 1 || length > 4) {
    throw new ConfigError(`must be an integer from 1 to 4, got ${String(length)}`, { field: 'spikeFilter.length' });
  }
  if (typeof threshold !== 'number' || !Number.isFinite(threshold) || threshold <= 0) {
    throw new ConfigError(`must be a positive number, got ${String(threshold)}`, {
      field: 'spikeFilter.thresholdPercent',
    });
  }
  if (typeof allowZeros !== 'boolean') {
    throw new ConfigError(`must be true or false, got ${String(allowZeros)}`, { field: 'spikeFilter.allowZeros' });
  }
  if (!['quarantine', 'drop', 'tag'].includes(action)) {
    throw new ConfigError(`must be quarantine, drop or tag, got ${String(action)}`, { field: 'spikeFilter.action' });
  }
  if (maxHoldMs !== undefined && !(typeof maxHoldMs === 'number' && Number.isFinite(maxHoldMs) && maxHoldMs > 0)) {
    throw new ConfigError(`must be a positive number of milliseconds, got ${String(maxHoldMs)}`, {
      field: 'spikeFilter.maxHoldMs',
    });
  }
  const ratio = threshold / 100;
  /** +1 or -1 when `x` is beyond `ref` by at least the threshold, else 0. */
  const deviation = (x: number, ref: number): number => {
    const d = x - ref;
    return d !== 0 && Math.abs(d) >= ratio * Math.abs(ref) ? Math.sign(d) : 0;
  };
  const valueOf = (r: Reading): number => r.fields.value as number;
  /** Whether `run` (between `left` and `right`) is a spike. */
  const isSpike = (run: readonly Reading[], left: number, right: number): boolean => {
    let sum = 0;
    for (const r of run) sum += valueOf(r);
    const mean = sum / run.length;
    const direction = deviation(mean, left);
    if (direction === 0 || deviation(mean, right) !== direction) return false;
    return run.every((r) => Math.sign(valueOf(r) - left) === direction && Math.sign(valueOf(r) - right) === direction);
  };

  return (source) =>
    new Observable<Reading>((subscriber) => {
      const series = new Map<string, SeriesState>();

      const release = (state: SeriesState, count: number): void => {
        for (const r of state.held.splice(0, count)) {
          state.before = valueOf(r);
          subscriber.next(r);
        }
      };
      const releaseAll = (): void => {
        for (const state of series.values()) {
          state.timer?.unsubscribe();
          state.timer = undefined;
          release(state, state.held.length);
        }
      };
      const reject = (spike: Reading[]): void => {
        options.onSpike?.(spike);
        for (const r of spike) {
          if (action === 'quarantine') subscriber.next({ ...r, measurement: `${r.measurement}_spikes` });
          else if (action === 'tag') subscriber.next({ ...r, tags: { ...r.tags, spike: 'true' } });
        }
      };
      /** Takes out spikes among the held readings of `state`, `value` being the new right neighbour. */
      const judge = (state: SeriesState, value: number): void => {
        const held = state.held;
        let found = true;
        while (found && held.length > 0) {
          found = false;
          for (let k = 1; k <= held.length; k++) {
            const left = k < held.length ? valueOf(held[held.length - k - 1]!) : state.before;
            if (left === undefined) break;
            if (isSpike(held.slice(held.length - k), left, value)) {
              reject(held.splice(held.length - k, k));
              found = true;
              break;
            }
          }
        }
      };
      const onReading = (reading: Reading): void => {
        const value = reading.fields.value;
        if (typeof value !== 'number' || !Number.isFinite(value)) {
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
        judge(state, value);
        state.held.push(reading);
        if (state.held.length > length) release(state, state.held.length - length);
        if (maxHoldMs !== undefined) {
          state.timer?.unsubscribe();
          const s = state;
          s.timer = scheduler.schedule(() => {
            s.timer = undefined;
            release(s, s.held.length);
          }, maxHoldMs);
        }
      };

      const subscription = source.subscribe({
        next(reading) {
          try {
            onReading(reading);
          } catch (err) {
            // A throwing onSpike callback: report it downstream rather than as an unhandled error.
            subscriber.error(err);
          }
        },
        error(err) {
          releaseAll();
          subscriber.error(err);
        },
        complete() {
          releaseAll();
          subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        for (const state of series.values()) state.timer?.unsubscribe();
      };
    });
}

/** Measurement and sorted tags, as JSON so that tag values holding `,` or `=` cannot collide. */
function seriesKey(r: Reading): string {
  return JSON.stringify([r.measurement, ...Object.keys(r.tags).sort().map((k) => [k, r.tags[k]])]);
}
