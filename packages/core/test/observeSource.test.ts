import { firstValueFrom, lastValueFrom, of, take, toArray, type Observable } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createReading, DeviceError, observeSource, SimulatedSource, type PolledSource, type PushSource, type Reading } from '@expmon/core';

afterEach(() => {
  vi.useRealTimers();
});

describe('observeSource', () => {
  it('returns a push source\'s own stream', () => {
    const stream: Observable<Reading> = of(createReading('t', 1, { time: 0 }));
    const push: PushSource = { kind: 'push', name: 't', device: 'd', read: async () => [], readings: () => stream };
    expect(observeSource(push)).toBe(stream);
  });

  it('reads a polled source at once and then every intervalMs', async () => {
    vi.useFakeTimers({ now: 0 });
    const s = new SimulatedSource({ name: 't' });
    const times: number[] = [];
    const subscription = observeSource(s, { intervalMs: 1000 }).subscribe((r) => times.push(r.time));
    await vi.advanceTimersByTimeAsync(0);
    expect(times).toEqual([0]);
    await vi.advanceTimersByTimeAsync(3000);
    expect(times).toEqual([0, 1000, 2000, 3000]);
    subscription.unsubscribe();
    await vi.advanceTimersByTimeAsync(5000);
    expect(s.reads).toBe(4);
  });

  it('reads every 5 s by default', async () => {
    vi.useFakeTimers({ now: 0 });
    const s = new SimulatedSource({ name: 't' });
    const subscription = observeSource(s).subscribe();
    await vi.advanceTimersByTimeAsync(9999);
    expect(s.reads).toBe(2);
    subscription.unsubscribe();
  });

  it('does not stack reads when the device is slower than the interval', async () => {
    vi.useFakeTimers({ now: 0 });
    const s = new SimulatedSource({ name: 'slow', latencyMs: 25 });
    const times: number[] = [];
    const subscription = observeSource(s, { intervalMs: 10 }).subscribe((r) => times.push(r.time));
    await vi.advanceTimersByTimeAsync(100);
    subscription.unsubscribe();
    // Reads start at 0, 30, 60, 90 (ticks during a read are skipped); three have answered.
    expect(s.reads).toBe(4);
    expect(times).toEqual([25, 55, 85]);
  });

  it('emits every reading of a read that returns several', async () => {
    const multi: PolledSource = {
      kind: 'polled',
      name: 'adc',
      device: 'sim',
      read: async () => [createReading('a0', 1, { time: 1 }), createReading('a1', 2, { time: 1 })],
    };
    const out = await lastValueFrom(observeSource(multi, { intervalMs: 1 }).pipe(take(4), toArray()));
    expect(out.map((r) => r.measurement)).toEqual(['a0', 'a1', 'a0', 'a1']);
  });

  it('aborts a read in progress when unsubscribed', async () => {
    const signals: AbortSignal[] = [];
    const hanging: PolledSource = {
      kind: 'polled',
      name: 'stuck',
      device: 'sim',
      read: ({ signal } = {}) => {
        signals.push(signal!);
        return new Promise(() => {});
      },
    };
    vi.useFakeTimers({ now: 0 });
    const subscription = observeSource(hanging, { intervalMs: 1000 }).subscribe();
    await vi.advanceTimersByTimeAsync(5000);
    expect(signals).toHaveLength(1); // the ticks at 1000..5000 were skipped: the read is still running
    expect(signals[0]!.aborted).toBe(false);
    subscription.unsubscribe();
    expect(signals[0]!.aborted).toBe(true);
  });

  it('does not abort a read that has finished', async () => {
    const signals: AbortSignal[] = [];
    const quick: PolledSource = {
      kind: 'polled',
      name: 'q',
      device: 'sim',
      read: async ({ signal } = {}) => {
        signals.push(signal!);
        return [createReading('q', 1, { time: 1 })];
      },
    };
    await firstValueFrom(observeSource(quick, { intervalMs: 1000 }));
    expect(signals).toHaveLength(1);
    expect(signals[0]!.aborted).toBe(false);
  });

  it('ends with the error of a failed read', async () => {
    const s = new SimulatedSource({ name: 'broken', failureProbability: 1 });
    const error = await firstValueFrom(observeSource(s, { intervalMs: 1 })).catch((e: unknown) => e);
    expect(DeviceError.isInstance(error)).toBe(true);
  });
});
