import { from, lastValueFrom, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ConfigError,
  DeviceError,
  DeviceTimeoutError,
  isSource,
  SimulatedSource,
  spikeFilter,
  type Reading,
  type SimulatedSourceOptions,
} from '@expmon/core';

afterEach(() => {
  vi.useRealTimers();
});

async function values(source: SimulatedSource, n: number): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) {
    const [r] = await source.read();
    out.push(r!.fields.value as number);
  }
  return out;
}

describe('SimulatedSource readings', () => {
  it('is a polled source with one reading per read in the default schema', async () => {
    vi.useFakeTimers({ now: 1_700_000_000_000 });
    const s = new SimulatedSource({ name: 'lab_temp', unit: '°C', tags: { room: '12' }, amplitude: 0, noise: 0, offset: 21 });
    expect(isSource(s)).toBe(true);
    expect(s).toMatchObject({ kind: 'polled', name: 'lab_temp', device: 'simulator' });
    expect(await s.read()).toEqual([
      { measurement: 'lab_temp', fields: { value: 21 }, tags: { room: '12', unit: '°C' }, time: 1_700_000_000_000 },
    ]);
    expect(s.reads).toBe(1);
    await s.close();
  });

  it('uses measurement and device when given', async () => {
    const s = new SimulatedSource({ name: 'src', measurement: 'pressure', device: 'tpg261 sim' });
    const [r] = await s.read();
    expect(r!.measurement).toBe('pressure');
    expect(s.device).toBe('tpg261 sim');
    expect(r!.tags).toEqual({});
  });

  it('follows a sine of the given period and amplitude', async () => {
    vi.useFakeTimers({ now: 15_000 }); // a quarter of the 60 s period
    const s = new SimulatedSource({ name: 't', offset: 20, amplitude: 2, noise: 0 });
    expect((await s.read())[0]!.fields.value).toBeCloseTo(22, 12);
    vi.setSystemTime(45_000);
    expect((await s.read())[0]!.fields.value).toBeCloseTo(18, 12);
  });

  it('is repeatable with a seed, and different with another seed', async () => {
    const options: SimulatedSourceOptions = { name: 't', amplitude: 0, spikeProbability: 0.2 };
    const a = await values(new SimulatedSource({ ...options, seed: 7 }), 50);
    const b = await values(new SimulatedSource({ ...options, seed: 7 }), 50);
    const c = await values(new SimulatedSource({ ...options, seed: 8 }), 50);
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('adds Gaussian noise of the given standard deviation', async () => {
    const v = await values(new SimulatedSource({ name: 't', amplitude: 0, offset: 5, noise: 0.1, seed: 3 }), 4000);
    const mean = v.reduce((s, x) => s + x, 0) / v.length;
    const sd = Math.sqrt(v.reduce((s, x) => s + (x - mean) ** 2, 0) / (v.length - 1));
    expect(mean).toBeCloseTo(5, 1);
    expect(sd).toBeGreaterThan(0.09);
    expect(sd).toBeLessThan(0.11);
  });

  it('adds spikes of spikeSize (default 10 × amplitude) with the given probability', async () => {
    const always = await values(new SimulatedSource({ name: 't', amplitude: 0, noise: 0, offset: 1, spikeProbability: 1, spikeSize: 4 }), 3);
    expect(always).toEqual([5, 5, 5]);
    vi.useFakeTimers({ now: 0 }); // sin(0) = 0
    const byDefault = await values(new SimulatedSource({ name: 't', amplitude: 2, noise: 0, offset: 1, spikeProbability: 1 }), 1);
    expect(byDefault).toEqual([21]);
    vi.useRealTimers();
    const some = await values(new SimulatedSource({ name: 't', amplitude: 0, noise: 0.01, spikeProbability: 0.1, spikeSize: 10, seed: 11 }), 1000);
    const spikes = some.filter((x) => x > 25).length;
    expect(spikes).toBeGreaterThan(60);
    expect(spikes).toBeLessThan(140);
  });

  it('gives garbage (NaN or Infinity) with garbageProbability', async () => {
    const v = await values(new SimulatedSource({ name: 't', garbageProbability: 1, seed: 5 }), 20);
    expect(v.every((x) => !Number.isFinite(x))).toBe(true);
    expect(v.some((x) => Number.isNaN(x))).toBe(true);
    expect(v.some((x) => x === Number.POSITIVE_INFINITY)).toBe(true);
  });

  it('produces spikes that spikeFilter quarantines, and nothing else', async () => {
    const s = new SimulatedSource({ name: 'demo', amplitude: 0, offset: 20, noise: 0.05, spikeProbability: 0.05, spikeSize: 50, seed: 2 });
    const raw: Reading[] = [];
    for (let i = 0; i < 500; i++) raw.push(...(await s.read()));
    const out = await lastValueFrom(from(raw).pipe(spikeFilter({ thresholdPercent: 50, length: 2 }), toArray()));
    const kept = out.filter((r) => r.measurement === 'demo');
    const quarantined = out.filter((r) => r.measurement === 'demo_spikes');
    const spikes = raw.filter((r) => (r.fields.value as number) > 40);
    expect(spikes.length).toBeGreaterThan(10);
    expect(out).toHaveLength(raw.length);
    expect(kept.every((r) => Math.abs((r.fields.value as number) - 20) < 1)).toBe(true);
    expect(new Set(quarantined.map((r) => r.time))).toEqual(new Set(spikes.map((r) => r.time)));
  });
});

describe('SimulatedSource problems', () => {
  it('fails with a retriable DeviceError naming the sensor and device', async () => {
    const s = new SimulatedSource({ name: 'flaky', device: 'sim-1', failureProbability: 1 });
    const error = await s.read().catch((e: unknown) => e);
    expect(DeviceError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ sensor: 'flaky', device: 'sim-1', retriable: true });
    expect((error as Error).message).toBe('sensor flaky, device sim-1: simulated failure');
  });

  it('fails about as often as failureProbability says', async () => {
    const s = new SimulatedSource({ name: 'flaky', failureProbability: 0.3, seed: 4 });
    let failures = 0;
    for (let i = 0; i < 1000; i++) await s.read().catch(() => failures++);
    expect(failures).toBeGreaterThan(240);
    expect(failures).toBeLessThan(360);
    expect(s.reads).toBe(1000);
  });

  it('answers after latencyMs', async () => {
    vi.useFakeTimers({ now: 1000 });
    const s = new SimulatedSource({ name: 'slow', latencyMs: 200 });
    let result: Reading[] | undefined;
    const pending = s.read().then((r) => (result = r));
    await vi.advanceTimersByTimeAsync(199);
    expect(result).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await pending;
    expect(result![0]!.time).toBe(1200); // the time the device answered
  });

  it('hangs until the AbortSignal is aborted, then rejects with its reason', async () => {
    vi.useFakeTimers({ now: 0 });
    const s = new SimulatedSource({ name: 'stuck', hangProbability: 1 });
    const controller = new AbortController();
    let settled = false;
    const pending = s.read({ signal: controller.signal }).finally(() => (settled = true));
    pending.catch(() => {});
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(settled).toBe(false);
    const reason = new DeviceTimeoutError(2000, { sensor: 'stuck' });
    controller.abort(reason);
    await expect(pending).rejects.toBe(reason);
  });

  it('stops waiting out the latency when aborted, and rejects at once when already aborted', async () => {
    vi.useFakeTimers({ now: 0 });
    const s = new SimulatedSource({ name: 'slow', latencyMs: 10_000 });
    const controller = new AbortController();
    const pending = s.read({ signal: controller.signal });
    pending.catch(() => {});
    await vi.advanceTimersByTimeAsync(100);
    controller.abort(new Error('shutdown'));
    await expect(pending).rejects.toThrow('shutdown');
    expect(vi.getTimerCount()).toBe(0);
    await expect(s.read({ signal: AbortSignal.abort(new Error('too late')) })).rejects.toThrow('too late');
  });
});

describe('SimulatedSource options', () => {
  it.each([
    ['SimulatedSource.name', { name: '' }],
    ['SimulatedSource(t).failureProbability', { name: 't', failureProbability: 1.5 }],
    ['SimulatedSource(t).spikeProbability', { name: 't', spikeProbability: -0.1 }],
    ['SimulatedSource(t).hangProbability', { name: 't', hangProbability: Number.NaN }],
    ['SimulatedSource(t).periodMs', { name: 't', periodMs: 0 }],
    ['SimulatedSource(t).latencyMs', { name: 't', latencyMs: -5 }],
    ['SimulatedSource(t).noise', { name: 't', noise: Number.POSITIVE_INFINITY }],
    ['SimulatedSource(t).offset', { name: 't', offset: Number.NaN }],
  ])('throws a ConfigError naming %s', (field, options) => {
    let error: unknown;
    try {
      new SimulatedSource(options as SimulatedSourceOptions);
    } catch (e) {
      error = e;
    }
    expect(ConfigError.isInstance(error)).toBe(true);
    expect((error as ConfigError).field).toBe(field);
  });
});
