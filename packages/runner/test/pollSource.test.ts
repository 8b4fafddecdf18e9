import { getEventListeners } from 'node:events';
import { lastValueFrom, Subject, toArray } from 'rxjs';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createReading, DeviceError, type PolledSource, type Reading } from '@expmon/core';
import { pollSource, type PollOutcome } from '../src/pollSource.js';
import { PollTick } from '../src/PollTick.js';

function source(read: (signal?: AbortSignal) => Promise<Reading[]>, name = 's'): PolledSource {
  return { kind: 'polled', name, device: 'dev', read: ({ signal } = {}) => read(signal) };
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hang = (signal?: AbortSignal) => new Promise<Reading[]>((_, reject) => signal?.addEventListener('abort', () => reject(signal.reason)));

// Promise-based device reads: ordinary async tests with real (short) time. The sources are
// in-process functions: what is tested is the runner's scheduling of reads, not a device.
describe('pollSource', () => {
  it('reads on every tick and passes the readings on', async () => {
    let n = 0;
    const ticks = new Subject<PollTick>();
    const out = lastValueFrom(ticks.pipe(pollSource(source(async () => [createReading('m', ++n, { time: n })])), toArray()));
    for (let i = 1; i <= 3; i++) {
      ticks.next(new PollTick(i, 100));
      await sleep(5);
    }
    ticks.complete();
    expect((await out).map((r) => r.fields.value)).toEqual([1, 2, 3]);
  });

  it('a hanging read is abandoned at the tick deadline: its own signal is aborted with a DeviceTimeoutError naming it; the other sources of the tick are not', async () => {
    const outcomes: PollOutcome[] = [];
    const signals: AbortSignal[] = [];
    let aborted: unknown;
    const ticks = new Subject<PollTick>();
    const fast = [1, 2, 3].map((i) =>
      source(async (signal) => {
        signals.push(signal!);
        return [createReading(`fast_${i}`, i)];
      }, `fast_${i}`),
    );
    const slow = source((signal) => {
      signal?.addEventListener('abort', () => (aborted = signal.reason));
      return hang(signal);
    }, 'slow');
    const outs = [...fast, slow].map((s) => lastValueFrom(ticks.pipe(pollSource(s, { onOutcome: (o) => outcomes.push(o) }), toArray())));
    ticks.next(new PollTick(7, 30));
    await sleep(80);
    ticks.complete();
    const readings = (await Promise.all(outs)).flat();
    expect(readings.map((r) => r.measurement).sort()).toEqual(['fast_1', 'fast_2', 'fast_3']);
    expect(new Set(signals).size).toBe(3);
    expect(signals.some((s) => s.aborted)).toBe(false);
    expect(outcomes.filter((o) => o.ok)).toHaveLength(3);
    const failed = outcomes.filter((o) => !o.ok);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ source: 'slow', tick: 7, failures: 1 });
    expect(String(failed[0]!.error)).toMatch(/DeviceTimeoutError: sensor slow, device dev: no answer within 30 ms/);
    // The driver saw its signal aborted with that same error.
    expect(aborted).toBe(failed[0]!.error);
  });

  it('a read that ignores its signal and answers after its deadline, while the next read runs, is dropped; the next read counts as its own', async () => {
    const outcomes: PollOutcome[] = [];
    const answers: Array<(r: Reading[]) => void> = [];
    // Each read answers only when the test says so, whatever its signal says (a driver that ignores aborts).
    const ticks = new Subject<PollTick>();
    const out = lastValueFrom(ticks.pipe(pollSource(source(() => new Promise<Reading[]>((resolve) => answers.push(resolve))), { onOutcome: (o) => outcomes.push(o) }), toArray()));
    ticks.next(new PollTick(1, 20));
    await sleep(50); // read 1 abandoned at its deadline
    ticks.next(new PollTick(3, 1000)); // tick 2 is skipped by the backoff after one failure
    await sleep(5);
    expect(answers).toHaveLength(2);
    answers[0]!([createReading('late', 1)]); // read 1 answers now, during read 2
    await sleep(5);
    expect(outcomes.map((o) => [o.tick, o.ok])).toEqual([[1, false]]);
    answers[1]!([createReading('on_time', 3)]);
    await sleep(5);
    ticks.complete();
    expect((await out).map((r) => r.measurement)).toEqual(['on_time']);
    expect(outcomes.map((o) => [o.tick, o.ok, o.readings])).toEqual([[1, false, 0], [3, true, 1]]);
    expect(outcomes[1]!.recovered).toMatchObject({ failures: 1 });
  });

  it("reuses a source's signal from read to read while none is aborted (no controller per poll), renewing it after 100 reads and after an abort", async () => {
    const signals: AbortSignal[] = [];
    let hangNext = false;
    const ticks = new Subject<PollTick>();
    const out = lastValueFrom(
      ticks.pipe(
        pollSource(
          source(async (signal) => {
            signals.push(signal!);
            if (hangNext) {
              hangNext = false;
              return hang(signal);
            }
            return [createReading('m', 1)];
          }),
        ),
        toArray(),
      ),
    );
    for (let t = 1; t <= 104; t++) {
      if (t === 103) hangNext = true;
      ticks.next(new PollTick(t, 20));
      await sleep(t === 103 ? 50 : 1);
    }
    ticks.complete();
    expect(await out).toHaveLength(103);
    // Reads 1-100 share one signal; 101-103 the next; after the abort at 103, read 104 gets a fresh one.
    expect(new Set(signals.slice(0, 100)).size).toBe(1);
    expect(signals[100]).not.toBe(signals[99]);
    expect(new Set(signals.slice(100, 103)).size).toBe(1);
    expect(signals[102]!.aborted).toBe(true);
    expect(signals[103]).not.toBe(signals[102]);
    expect(signals[103]!.aborted).toBe(false);
  });

  it('bounds the abort listeners a driver forgets to remove (at most 100 on a signal) without a leak warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    let most = 0;
    const seen = new Set<AbortSignal>();
    const ticks = new Subject<PollTick>();
    const out = lastValueFrom(
      ticks.pipe(
        pollSource(
          source(async (signal) => {
            signal!.addEventListener('abort', () => {}); // never removed
            seen.add(signal!);
            most = Math.max(most, getEventListeners(signal!, 'abort').length);
            return [createReading('m', 1)];
          }),
        ),
        toArray(),
      ),
    );
    for (let t = 1; t <= 250; t++) {
      ticks.next(new PollTick(t, 50));
      await sleep(0);
    }
    ticks.complete();
    expect(await out).toHaveLength(250);
    await sleep(10); // warnings are emitted on the next tick
    process.off('warning', onWarning);
    expect(most).toBe(100);
    expect(seen.size).toBe(3);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('skips a tick that comes while a read is still running (overrun), without stacking; silently after the tick at start', async () => {
    const overruns: number[] = [];
    let reads = 0;
    const ticks = new Subject<PollTick>();
    const out = lastValueFrom(
      ticks.pipe(
        pollSource(
          source(async () => {
            reads++;
            await sleep(40);
            return [createReading('m', reads)];
          }),
          { onOverrun: (t) => overruns.push(t) },
        ),
        toArray(),
      ),
    );
    ticks.next(new PollTick(0, 1000, true)); // at start, just before a boundary
    ticks.next(new PollTick(1, 1000));
    await sleep(60);
    ticks.next(new PollTick(2, 1000));
    ticks.next(new PollTick(3, 1000));
    ticks.next(new PollTick(4, 1000));
    await sleep(60);
    ticks.next(new PollTick(5, 1000));
    await sleep(60);
    ticks.complete();
    expect(reads).toBe(3);
    expect(overruns).toEqual([3, 4]);
    expect((await out).length).toBe(3);
  });

  it('backs off a failing source by at most one skipped tick, so a device that returns is read within 2 ticks; reports the recovery once', async () => {
    const outcomes: PollOutcome[] = [];
    let failing = true;
    const ticks = new Subject<PollTick>();
    const src = source(async () => {
      if (failing) throw new DeviceError('unplugged', { sensor: 's', device: 'dev' });
      return [createReading('m', 1)];
    });
    const done = lastValueFrom(ticks.pipe(pollSource(src, { onOutcome: (o) => outcomes.push(o) }), toArray()));
    for (let t = 1; t <= 14; t++) {
      if (t === 11) failing = false; // the device returns just after the failed try at 10
      ticks.next(new PollTick(t, 100));
      await sleep(2);
    }
    ticks.complete();
    expect((await done).length).toBe(3); // 12, 13, 14
    // failures at 1 (retry at once), 2 (skip 1), 4, 6, 8, 10 (skip 1 each); back at 12.
    expect(outcomes.map((o) => o.tick)).toEqual([1, 2, 4, 6, 8, 10, 12, 13, 14]);
    expect(outcomes.map((o) => o.failures)).toEqual([1, 2, 3, 4, 5, 6, 0, 0, 0]);
    const recovered = outcomes.filter((o) => o.recovered);
    expect(recovered).toHaveLength(1);
    expect(recovered[0]).toMatchObject({ tick: 12, ok: true, recovered: { failures: 6 } });
    expect(recovered[0]!.recovered!.downMs).toBeGreaterThan(0);
  });

  it('maxSkippedTicks widens the backoff (2^(n-1) - 1 skipped ticks up to the cap)', async () => {
    const tried: number[] = [];
    const ticks = new Subject<PollTick>();
    const src = source(async () => {
      throw new DeviceError('unplugged', { sensor: 's', device: 'dev' });
    });
    const done = lastValueFrom(ticks.pipe(pollSource(src, { maxSkippedTicks: 3, onOutcome: (o) => tried.push(o.tick) }), toArray()));
    for (let t = 1; t <= 16; t++) {
      ticks.next(new PollTick(t, 100));
      await sleep(2);
    }
    ticks.complete();
    await done;
    expect(tried).toEqual([1, 2, 4, 8, 12, 16]);
  });

  it('counts a read() that throws synchronously or returns a non-array as a failed poll', async () => {
    const outcomes: PollOutcome[] = [];
    const ticks = new Subject<PollTick>();
    const throwing: PolledSource = { kind: 'polled', name: 'sync', device: 'dev', read: () => { throw new Error('boom'); } };
    const wrong = source(async () => 42 as unknown as Reading[], 'wrong');
    const outs = [throwing, wrong].map((s) => lastValueFrom(ticks.pipe(pollSource(s, { onOutcome: (o) => outcomes.push(o) }), toArray())));
    ticks.next(new PollTick(1, 100));
    await sleep(10);
    ticks.complete();
    expect((await Promise.all(outs)).flat()).toEqual([]);
    expect(outcomes.map((o) => [o.source, o.ok, String(o.error)]).sort()).toEqual([
      ['sync', false, 'Error: boom'],
      ['wrong', false, 'TypeError: read() of wrong did not return an array of readings'],
    ]);
  });
});

describe('PollTick', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('uses one timer for all the reads of a tick, cleared when the last one settles', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const tick = new PollTick(1, 500);
    const late: number[] = [];
    for (let i = 0; i < 1000; i++) tick.track(() => late.push(i));
    expect(vi.getTimerCount()).toBe(1);
    for (let i = 0; i < 999; i++) tick.settled();
    expect(vi.getTimerCount()).toBe(1);
    tick.settled();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(late).toEqual([]);
  });

  it('at the deadline calls back every read still tracked', () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const tick = new PollTick(3, 500);
    const late: number[] = [];
    for (let i = 0; i < 5; i++) tick.track(() => late.push(i));
    tick.settled();
    vi.advanceTimersByTime(499);
    expect(late).toEqual([]);
    vi.advanceTimersByTime(1);
    // Every callback is called; pollSource ignores those whose read already settled.
    expect(late).toEqual([0, 1, 2, 3, 4]);
  });
});
