import { mergeMap, take, tap } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { alignedTicks } from '../src/alignedTicks.js';

describe('alignedTicks (marble tests, virtual time)', () => {
  it('waits for the next multiple of the period, then ticks every period with the tick number', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ expectObservable }) => {
      // Virtual time starts at 0 and advances in ms; start 3 ms in: first tick at 10.
      scheduler.schedule(() => undefined, 0);
      expectObservable(alignedTicks(10, scheduler).pipe(take(3))).toBe('10ms a 9ms b 9ms (c|)', { a: 1, b: 2, c: 3 });
    });
  });

  it('a subscriber arriving mid-period is aligned to the same boundaries', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ cold, expectObservable }) => {
      // Subscribes at 4 ms: the first tick is still at 10 ms, not 14 ms.
      const late = cold('4ms (x|)').pipe(mergeMap(() => alignedTicks(10, scheduler).pipe(take(2))));
      expectObservable(late).toBe('10ms a 9ms (b|)', { a: 1, b: 2 });
    });
  });

  it('skips ticks missed while the process was stalled instead of firing them in a burst', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ expectObservable }) => {
      let stalled = false;
      const ticks = alignedTicks(10, scheduler).pipe(
        tap((n) => {
          if (n === 1 && !stalled) {
            stalled = true;
            // Simulate a 25 ms stall: virtual clock jumps, as if the event loop was blocked.
            const now = scheduler.now.bind(scheduler);
            scheduler.now = () => now() + 25;
          }
        }),
        take(3),
      );
      // Tick 1 at 10; the clock then reads 35+: ticks 2 and 3 are skipped, next is 4 at real 40-25=15.
      expectObservable(ticks).toBe('10ms a 4ms b 9ms (c|)', { a: 1, b: 4, c: 5 });
    });
  });

  it('atStart: emits the current period at once (the first poll at start), then the aligned boundaries', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ cold, expectObservable }) => {
      // Subscribes at 23 ms: tick 2 at once, then 3 at 30 ms and 4 at 40 ms.
      const started = cold('23ms (x|)').pipe(mergeMap(() => alignedTicks(10, scheduler, { atStart: true }).pipe(take(3))));
      expectObservable(started).toBe('23ms a 6ms b 9ms (c|)', { a: 2, b: 3, c: 4 });
    });
  });

  it('atStart exactly on a boundary: that tick at once, the next one a full period later (no double tick)', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ cold, expectObservable }) => {
      const started = cold('20ms (x|)').pipe(mergeMap(() => alignedTicks(10, scheduler, { atStart: true }).pipe(take(2))));
      expectObservable(started).toBe('20ms a 9ms (b|)', { a: 2, b: 3 });
    });
  });

  it('atStart less than half a period before a boundary: that boundary is skipped, so the poll at start is not followed by a second one at once', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ cold, expectObservable }) => {
      // Subscribes at 27 ms: tick 2 at once, boundary 30 (3 ms away) skipped, then 4 at 40 ms.
      const started = cold('27ms (x|)').pipe(mergeMap(() => alignedTicks(10, scheduler, { atStart: true }).pipe(take(2))));
      expectObservable(started).toBe('27ms a 12ms (b|)', { a: 2, b: 4 });
    });
  });

  it('atStart with take(1) ends at once: `--cycles 1` is one poll at start', () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(({ cold, expectObservable }) => {
      const started = cold('7ms (x|)').pipe(mergeMap(() => alignedTicks(10, scheduler, { atStart: true }).pipe(take(1))));
      expectObservable(started).toBe('7ms (a|)', { a: 0 });
    });
  });
});
