import { Subject } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createReading, DeviceError, ExpmonError, InvalidReadingError, ProblemSubject, type PolledSource } from '@expmon/core';
import { validateConfig } from '../src/config/loadConfig.js';
import { Runner } from '../src/Runner.js';
import { capturedLines, capturedLog } from './capturedOutput.js';

// What a driver reports on `problems` is logged by kind: an invalid value is a dropped reading
// (counted in stats.invalid), a device's trouble (a stale channel, an error event, a library
// message) is a device problem and not counted as a dropped reading. A driver's `problems` is
// an RxJS Subject or a core ProblemSubject (drivers that need no RxJS): the runner takes both.
describe('problems reported by a source', () => {
  it.each([
    ['an RxJS Subject', () => new Subject<ExpmonError>()],
    ['a ProblemSubject (no RxJS)', () => new ProblemSubject<ExpmonError>()],
  ])('on %s are logged as "reading dropped" only when a value was invalid; other problems are "device problem"', async (_, make) => {
    const problems = make();
    const source: PolledSource = {
      kind: 'polled',
      name: 'gauge',
      device: 'test-gauge 127.0.0.1',
      problems,
      read: async () => [createReading('gauge', 1, { unit: 'mbar' })],
    };
    const { log, logs } = capturedLog();
    const config = validateConfig({ interval: '1s', sources: [source] }, '/lab/problems.config.ts');
    const { out } = capturedLines();
    const runner = new Runner(config, [], log, { dryRun: true, out });
    await runner.start();
    problems.next(new InvalidReadingError('value 7e99 out of range', { sensor: 'gauge', device: source.device }));
    problems.next(new DeviceError('no data for 3 intervals', { sensor: 'gauge', device: source.device }));
    problems.next(new ExpmonError('library says: socket closed', { sensor: 'gauge', device: source.device }));
    expect(problems.observed).toBe(true);
    await runner.stop();
    expect(problems.observed).toBe(false);

    const mine = logs.filter((l) => l.sensor === 'gauge' && typeof l.err === 'string');
    expect(mine.map((l) => [l.msg, String(l.err).split(':')[0]])).toEqual([
      ['reading dropped', 'InvalidReadingError'],
      ['device problem', 'DeviceError'],
      ['device problem', 'ExpmonError'],
    ]);
    expect(runner.stats.invalid).toBe(1);
  });
});
