import { lastValueFrom, merge, tap, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { PollClock } from '../src/PollClock.js';
import type { PollTick } from '../src/PollTick.js';

// Real (short) time: the clock drives real timers; what is asserted is which ticks reach whom.
describe('PollClock', () => {
  it('gives every source of an interval the same tick object (one deadline per tick), the first one at start, across shards; --cycles ends the streams', async () => {
    const clock = new PollClock({ cycles: 3 });
    const seen: PollTick[][] = Array.from({ length: 600 }, () => []);
    // When each tick reached source 0 (synchronously, in the clock's timer callback).
    const arrivals: number[] = [];
    const done = lastValueFrom(
      merge(...seen.map((list, i) => clock.ticks(100, 80).pipe(tap((tick) => (list.push(tick), i === 0 && arrivals.push(Date.now())))))).pipe(toArray()),
    );
    const other = lastValueFrom(clock.ticks(300, 200).pipe(toArray()));
    // The clock reads the time itself, somewhere between these two readings.
    const before = Date.now();
    clock.start();
    const after = Date.now();
    const ticks = await done;
    const slow = await other;
    expect(ticks).toHaveLength(600 * 3);
    // Each source saw 3 ticks; source 0 and source 599 (another shard) saw the same objects.
    for (const list of seen) expect(list).toHaveLength(3);
    expect(seen[599]).toEqual(seen[0]);
    for (let i = 0; i < 3; i++) expect(seen[599]![i]).toBe(seen[0]![i]);
    const [first, second, third] = seen[0]!;
    // The first tick is the period at start (marked atStart), the next ones the aligned boundaries after it.
    expect(first).toMatchObject({ atStart: true, timeoutMs: 80 });
    expect([Math.floor(before / 100), Math.floor(after / 100)]).toContain(first!.n);
    // The first boundary after start is skipped only when it was less than half a period away.
    expect(second).toMatchObject({ atStart: false });
    expect([first!.n + 1, first!.n + 2]).toContain(second!.n);
    if (second!.n === first!.n + 2) expect((first!.n + 1) * 100 - after).toBeLessThan(50);
    else expect((first!.n + 1) * 100 - before).toBeGreaterThanOrEqual(50);
    // No tick comes before its boundary; the next boundary comes next, unless the process
    // was stalled past the one after it (then the missed boundary is skipped, by design).
    for (const [i, tick] of [second!, third!].entries()) expect(arrivals[i + 1]).toBeGreaterThanOrEqual(tick.n * 100);
    if (arrivals[2]! < (second!.n + 2) * 100) expect(third!.n).toBe(second!.n + 1);
    else expect(third!.n).toBeGreaterThan(second!.n);
    // Another interval has its own ticks and deadline.
    expect(slow).toHaveLength(3);
    expect(slow[0]).toMatchObject({ atStart: true, timeoutMs: 200 });
  });

  it('endOfRun emits after `cycles` aligned boundaries (the end of a --cycles run for push sources); none without cycles', async () => {
    expect(new PollClock().endOfRun(50)).toBeUndefined();
    const clock = new PollClock({ cycles: 2 });
    // The clock reads the time itself at subscription, somewhere between these two readings.
    const before = Date.now();
    const end = lastValueFrom(clock.endOfRun(50)!.pipe(toArray()));
    const after = Date.now();
    const [n] = await end;
    expect([Math.floor(before / 50) + 2, Math.floor(after / 50) + 2]).toContain(n);
  });
});
