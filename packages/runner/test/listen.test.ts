import { describe, expect, it } from 'vitest';
import { createReading, DeviceError, type PolledSource } from '@expmon/core';
import { validateConfig } from '../src/config/loadConfig.js';
import type { PollOutcome } from '../src/pollSource.js';
import { Runner } from '../src/Runner.js';
import { capturedLines, capturedLog } from './capturedOutput.js';

// Runner.listen: the plain-callback twin of readings$/outcomes$ (source health uses it).
// A dry run with an in-memory output stands in for the local log: what is checked here is
// who is told what, not how it is stored (the store has its own suites).
describe('Runner.listen', () => {
  function setup(): { runner: Runner; lines: string[]; logs: Array<Record<string, unknown>> } {
    let reads = 0;
    const gauge: PolledSource = {
      kind: 'polled',
      name: 'gauge',
      device: 'test-gauge',
      read: async () => {
        reads++;
        if (reads === 2) throw new DeviceError('no answer', { sensor: 'gauge', device: 'test-gauge' });
        return [createReading('gauge', reads, { unit: 'mbar' })];
      },
    };
    const { out, lines } = capturedLines();
    const { log, logs } = capturedLog();
    const config = validateConfig({ interval: '50ms', sources: [gauge] }, '/lab/listen.config.ts');
    const runner = new Runner(config, [], log, { dryRun: true, out, cycles: 4 });
    return { runner, lines, logs };
  }

  it('tells a listener every stored reading and every poll outcome, as readings$ and outcomes$ carry them', async () => {
    const { runner, lines } = setup();
    const heard: Array<[number, string, string]> = [];
    const outcomes: PollOutcome[] = [];
    runner.listen({ reading: (r, sensor, device) => heard.push([r.fields.value as number, sensor, device]), outcome: (o) => outcomes.push(o) });
    const streamed: number[] = [];
    const streamedOutcomes: PollOutcome[] = [];
    runner.readings$.subscribe(({ reading }) => streamed.push(reading.fields.value as number));
    runner.outcomes$.subscribe((o) => streamedOutcomes.push(o));
    await runner.start();
    await runner.finished;
    await runner.stop();
    expect(outcomes.map((o) => o.ok)).toEqual([true, false, true, true]);
    expect(streamedOutcomes).toEqual(outcomes);
    expect(heard).toEqual([
      [1, 'gauge', 'test-gauge'],
      [3, 'gauge', 'test-gauge'],
      [4, 'gauge', 'test-gauge'],
    ]);
    expect(streamed).toEqual([1, 3, 4]);
    expect(lines).toHaveLength(3);
  });

  it('a listener that throws is logged with the sensor; every reading is stored and the others are still told', async () => {
    const { runner, lines, logs } = setup();
    const heard: number[] = [];
    runner.listen({
      reading: () => {
        throw new Error('listener bug');
      },
      outcome: () => {
        throw new Error('outcome listener bug');
      },
    });
    const outcomes: boolean[] = [];
    runner.listen({ reading: (r) => heard.push(r.fields.value as number), outcome: (o) => outcomes.push(o.ok) });
    await runner.start();
    await runner.finished;
    await runner.stop();
    expect(lines.map((l) => l.split(' ')[1])).toEqual(['value=1', 'value=3', 'value=4']);
    expect(outcomes).toEqual([true, false, true, true]);
    expect(runner.stats.readings).toBe(3);
    // Each failure is logged, the reading itself is stored, and the listener after the one
    // that throws (source health, say) is still told.
    const failed = logs.filter((l) => l.msg === 'a reading listener failed (the reading is stored)');
    expect(failed).toHaveLength(3);
    expect(failed[0]).toMatchObject({ sensor: 'gauge', device: 'test-gauge', err: 'Error: listener bug' });
    expect(logs.filter((l) => l.msg === 'a poll outcome listener failed')).toHaveLength(4);
    expect(heard).toEqual([1, 3, 4]);
  });

  it('stops telling a listener once it is removed', async () => {
    const { runner } = setup();
    const heard: number[] = [];
    const stop = runner.listen({ reading: (r) => heard.push(r.fields.value as number) });
    runner.readings$.subscribe(({ reading }) => {
      if (reading.fields.value === 1) stop();
    });
    await runner.start();
    await runner.finished;
    await runner.stop();
    expect(heard).toEqual([1]);
  });
});
