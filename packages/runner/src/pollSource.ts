import { defer, EMPTY, from, mergeMap, type Observable, type OperatorFunction } from 'rxjs';
import { DeviceTimeoutError, type PolledSource, type Reading } from '@expmon/core';

/** What happened to one poll (for logs, `--timing`, `check` and the live table). */
export interface PollOutcome {
  source: string;
  tick: number;
  ok: boolean;
  latencyMs: number;
  readings: number;
  error?: unknown;
  /** Consecutive failures including this one (0 after a success). */
  failures: number;
}

/** Options of {@link pollSource}. */
export interface PollSourceOptions {
  timeoutMs: number;
  /** Longest pause between tries of a failing source, in ticks; default 12. */
  maxBackoffTicks?: number;
  onOutcome?: (outcome: PollOutcome) => void;
  /** A tick came while the previous read was still running: it is skipped, not stacked. */
  onOverrun?: (tick: number) => void;
}

/**
 * Reads a polled source on every tick. A read that takes longer than `timeoutMs` is
 * abandoned (its AbortSignal fires) and counted as failed, so a hanging device never delays
 * the next cycle or other sources. A failing source is retried with backoff: after n
 * consecutive failures it skips 2^(n-1) - 1 ticks (at most `maxBackoffTicks`). A read still
 * running when a tick comes is an overrun: that tick is skipped.
 */
export function pollSource(source: PolledSource, options: PollSourceOptions): OperatorFunction<number, Reading> {
  const maxSkip = options.maxBackoffTicks ?? 12;
  let running = false;
  let failures = 0;
  let resumeAt = Number.NEGATIVE_INFINITY;
  return (ticks: Observable<number>) =>
    ticks.pipe(
      mergeMap((tick) => {
        if (running) {
          options.onOverrun?.(tick);
          return EMPTY;
        }
        if (tick < resumeAt) return EMPTY;
        running = true;
        return defer(() => readWithTimeout(source, options.timeoutMs)).pipe(
          mergeMap(({ readings, latencyMs, error }) => {
            running = false;
            if (error !== undefined) {
              failures++;
              resumeAt = tick + Math.min(2 ** (failures - 1), maxSkip);
              options.onOutcome?.({ source: source.name, tick, ok: false, latencyMs, readings: 0, error, failures });
              return EMPTY;
            }
            failures = 0;
            resumeAt = Number.NEGATIVE_INFINITY;
            options.onOutcome?.({ source: source.name, tick, ok: true, latencyMs, readings: readings.length, failures });
            return from(readings);
          }),
        );
      }),
    );
}

/** One read with a deadline; never rejects. */
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
