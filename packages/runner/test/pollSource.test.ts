import { Subject, toArray, lastValueFrom } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createReading, DeviceError, type PolledSource, type Reading } from '@expmon/core';
import { pollSource, type PollOutcome } from '../src/pollSource.js';

function source(read: (signal?: AbortSignal) => Promise<Reading[]>): PolledSource {
  return { kind: 'polled', name: 's', device: 'dev', read: ({ signal } = {}) => read(signal) };
}

// Promise-based device reads: ordinary async tests with real (short) time.
describe('pollSource', () => {
  it('reads on every tick and passes the readings on', async () => {
    let n = 0;
    const ticks = new Subject<number>();
    const out = lastValueFrom(ticks.pipe(pollSource(source(async () => [createReading('m', ++n, { time: n })]), { timeoutMs: 100 }), toArray()));
    for (let i = 1; i <= 3; i++) {
      ticks.next(i);
      await new Promise((r) => setTimeout(r, 5));
    }
    ticks.complete();
    expect((await out).map((r) => r.fields.value)).toEqual([1, 2, 3]);
  });

  it('abandons a hanging read at the timeout (aborting its signal) and reports a DeviceTimeoutError', async () => {
    const outcomes: PollOutcome[] = [];
    let aborted: unknown;
    const ticks = new Subject<number>();
    const out = lastValueFrom(
      ticks.pipe(
        pollSource(
          source(
            (signal) =>
              new Promise((_, reject) =>
                signal?.addEventListener('abort', () => {
                  aborted = signal.reason;
                  reject(signal.reason);
                }),
              ),
          ),
          { timeoutMs: 30, onOutcome: (o) => outcomes.push(o) },
        ),
        toArray(),
      ),
    );
    ticks.next(1);
    await new Promise((r) => setTimeout(r, 60));
    ticks.complete();
    expect(await out).toEqual([]);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0]).toMatchObject({ ok: false, failures: 1 });
    expect(String(outcomes[0]!.error)).toMatch(/DeviceTimeoutError: sensor s, device dev: no answer within 30 ms/);
    expect(aborted).toBe(outcomes[0]!.error);
  });

  it('skips a tick that comes while a read is still running (overrun), without stacking', async () => {
    const overruns: number[] = [];
    let reads = 0;
    const ticks = new Subject<number>();
    const out = lastValueFrom(
      ticks.pipe(
        pollSource(
          source(async () => {
            reads++;
            await new Promise((r) => setTimeout(r, 40));
            return [createReading('m', reads)];
          }),
          { timeoutMs: 1000, onOverrun: (t) => overruns.push(t) },
        ),
        toArray(),
      ),
    );
    ticks.next(1);
    ticks.next(2);
    ticks.next(3);
    await new Promise((r) => setTimeout(r, 60));
    ticks.next(4);
    await new Promise((r) => setTimeout(r, 60));
    ticks.complete();
    expect(reads).toBe(2);
    expect(overruns).toEqual([2, 3]);
    expect((await out).length).toBe(2);
  });

  it('backs off a failing source: after n failures it skips 2^(n-1) - 1 ticks, and recovers after a success', async () => {
    const tried: number[] = [];
    let failing = true;
    const ticks = new Subject<number>();
    const src = source(async () => {
      if (failing) throw new DeviceError('unplugged', { sensor: 's', device: 'dev' });
      return [createReading('m', 1)];
    });
    const done = lastValueFrom(ticks.pipe(pollSource(src, { timeoutMs: 100, onOutcome: (o) => tried.push(o.tick) }), toArray()));
    for (let t = 1; t <= 16; t++) {
      if (t === 12) failing = false;
      ticks.next(t);
      await new Promise((r) => setTimeout(r, 2));
    }
    ticks.complete();
    await done;
    // failures at 1 (wait 1), 2 (wait 2), 4 (wait 4), 8 (wait 8 → 16); success at 16.
    expect(tried).toEqual([1, 2, 4, 8, 16]);
  });
});
