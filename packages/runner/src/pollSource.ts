import { setMaxListeners } from 'node:events';
import { Observable, type OperatorFunction } from 'rxjs';
import { DeviceTimeoutError, type PolledSource, type Reading } from '@expmon/core';
import type { PollTick } from './PollTick.js';

/**
 * What happened to one poll (for logs, `--timing`, `check` and the live table).
 *
 * @example
 * runner.outcomes$.subscribe((o: PollOutcome) => o.recovered && console.log(`${o.source} back after ${o.recovered.failures} failures`));
 */
export interface PollOutcome {
  source: string;
  tick: number;
  ok: boolean;
  latencyMs: number;
  readings: number;
  error?: unknown;
  /** Consecutive failures including this one (0 after a success). */
  failures: number;
  /** Set on the first success after failures: how many, and for how long the source was down. */
  recovered?: { failures: number; downMs: number };
}

/**
 * Options of {@link pollSource}.
 *
 * @example
 * const options: PollSourceOptions = { maxSkippedTicks: 1, onOutcome: (o) => log(o) };
 */
export interface PollSourceOptions {
  /**
   * Most ticks skipped between two tries of a failing source; default 1: a dead device is
   * tried every other tick, and a device that comes back is read again within 2 intervals.
   */
  maxSkippedTicks?: number;
  onOutcome?: (outcome: PollOutcome) => void;
  /** A tick came while the previous read was still running: it is skipped, not stacked. */
  onOverrun?: (tick: number) => void;
}

/**
 * A source's abort signal is renewed after this many reads even when never aborted, so that
 * a driver that forgets to remove its abort listener holds at most this many (the signal's
 * listener limit is raised to match: no leak warning for a bounded number). Making a signal
 * is not cheap: in a CPU profile at 1,000 sensors, renewing every 10 reads was over 2 % of the
 * runner's CPU.
 */
const SIGNAL_READS = 100;

/** A new controller whose signal takes {@link SIGNAL_READS} listeners without a warning. */
function newController(): AbortController {
  const controller = new AbortController();
  setMaxListeners(SIGNAL_READS + 1, controller.signal);
  return controller;
}

/**
 * Reads a polled source on every {@link PollTick}. A read still running at the tick's
 * deadline is abandoned: its `signal` is aborted with a {@link DeviceTimeoutError} naming the
 * source, and it counts as failed, so a hanging device never delays the next cycle or other
 * sources. The source's `AbortController` is reused from read to read until it is aborted
 * (or for {@link SIGNAL_READS} reads, so that a driver that forgets to remove its listener
 * cannot pile them up without bound): a healthy poll allocates no controller and no timer. A failing source is retried with backoff: after n consecutive
 * failures it skips min(2^(n-1) - 1, `maxSkippedTicks`) ticks. A read still running when a
 * tick comes is an overrun: that tick is skipped (silently after the extra tick at start,
 * which may come just before a boundary).
 *
 * Written as one `Observable` rather than `mergeMap` + `defer` + `from` per tick: this runs
 * once per source per tick (10,000 times a second at 10,000 sensors), and the composed
 * version cost several allocations and subscriptions per poll.
 *
 * @example
 * ticks.pipe(pollSource(new SimulatedSource({ name: 't' }), { onOutcome: (o) => console.log(o) }))
 *   .subscribe((reading) => store(reading));
 */
export function pollSource(source: PolledSource, options: PollSourceOptions = {}): OperatorFunction<PollTick, Reading> {
  const maxSkipped = options.maxSkippedTicks ?? 1;
  return (ticks) =>
    new Observable<Reading>((subscriber) => {
      let running: PollTick | undefined;
      let controller = newController();
      // The options object handed to read(), made once per controller rather than per poll.
      let readOptions = { signal: controller.signal };
      let signalReads = 0;
      let startedAt = 0;
      let failures = 0;
      let firstFailureAt = 0;
      let resumeAt = Number.NEGATIVE_INFINITY;
      let ticksDone = false;

      const settle = (tick: PollTick, readings: Reading[] | undefined, error: unknown): void => {
        if (running !== tick) return; // abandoned at the deadline, or unsubscribed
        running = undefined;
        const latencyMs = performance.now() - startedAt;
        if (readings !== undefined && !Array.isArray(readings)) {
          error = new TypeError(`read() of ${source.name} did not return an array of readings`);
          readings = undefined;
        }
        if (readings === undefined) {
          if (failures === 0) firstFailureAt = Date.now();
          failures++;
          resumeAt = tick.n + Math.min(2 ** (failures - 1), maxSkipped + 1);
          options.onOutcome?.({ source: source.name, tick: tick.n, ok: false, latencyMs, readings: 0, error, failures });
        } else {
          const recovered = failures > 0 ? { failures, downMs: Date.now() - firstFailureAt } : undefined;
          failures = 0;
          resumeAt = Number.NEGATIVE_INFINITY;
          options.onOutcome?.({ source: source.name, tick: tick.n, ok: true, latencyMs, readings: readings.length, failures, recovered });
          for (let i = 0; i < readings.length; i++) subscriber.next(readings[i]!);
        }
        if (ticksDone) subscriber.complete();
      };
      /**
       * The callbacks of the read in flight, made once and reused while reads answer: at most
       * one read is in flight with them, and it is `running`'s. When a read is abandoned (at
       * its deadline, or on unsubscribe) they are retired, so its late answer is ignored, and
       * the next read gets new ones. A healthy poll allocates no callbacks.
       */
      const answerHandlers = () => {
        let live = true;
        return {
          retire: () => {
            live = false;
          },
          answered: (readings: Reading[]) => {
            if (!live || running === undefined) return;
            running.settled();
            settle(running, readings, undefined);
          },
          failed: (error: unknown) => {
            if (!live || running === undefined) return;
            running.settled();
            settle(running, undefined, error);
          },
        };
      };
      let handlers = answerHandlers();
      const onDeadline = (tick: PollTick): void => {
        if (running !== tick) return;
        handlers.retire();
        handlers = answerHandlers();
        const error = new DeviceTimeoutError(tick.timeoutMs, { sensor: source.name, device: source.device }, 'no answer');
        controller.abort(error);
        controller = newController();
        readOptions = { signal: controller.signal };
        signalReads = 0;
        settle(tick, undefined, error);
      };

      const subscription = ticks.subscribe({
        next(tick) {
          if (running !== undefined) {
            if (!running.atStart) options.onOverrun?.(tick.n);
            return;
          }
          if (tick.n < resumeAt) return;
          running = tick;
          startedAt = performance.now();
          if (++signalReads > SIGNAL_READS) {
            controller = newController();
            readOptions = { signal: controller.signal };
            signalReads = 1;
          }
          let answer: Promise<Reading[]>;
          try {
            answer = source.read(readOptions);
          } catch (e) {
            answer = Promise.reject(e);
          }
          tick.track(onDeadline);
          answer.then(handlers.answered, handlers.failed);
        },
        error: (e: unknown) => subscriber.error(e),
        complete() {
          ticksDone = true;
          if (running === undefined) subscriber.complete();
        },
      });
      return () => {
        subscription.unsubscribe();
        handlers.retire();
        running = undefined;
      };
    });
}

/**
 * One read with its own deadline, for one-off reads outside the tick loop (`check`); never
 * rejects. The runner's polling uses {@link PollTick} instead (one deadline per tick).
 *
 * @example
 * const { readings, latencyMs, error } = await readWithTimeout(source, 2000);
 */
export async function readWithTimeout(
  source: PolledSource,
  timeoutMs: number,
): Promise<{ readings: Reading[]; latencyMs: number; error?: unknown }> {
  const controller = new AbortController();
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const e = new DeviceTimeoutError(timeoutMs, { sensor: source.name, device: source.device }, 'no answer');
      controller.abort(e);
      reject(e);
    }, timeoutMs);
  });
  try {
    const readings = await Promise.race([source.read({ signal: controller.signal }), deadline]);
    if (!Array.isArray(readings)) throw new TypeError(`read() of ${source.name} did not return an array of readings`);
    return { readings, latencyMs: performance.now() - started };
  } catch (error) {
    return { readings: [], latencyMs: performance.now() - started, error };
  } finally {
    clearTimeout(timer);
  }
}
