import { Writable } from 'node:stream';
import pino from 'pino';
import { concat, NEVER, of } from 'rxjs';
import { describe, expect, it } from 'vitest';
import { createReading, type PushSource } from '@expmon/core';
import { validateConfig } from '../src/config/loadConfig.js';
import { Runner } from '../src/Runner.js';
import { SourceHealth } from '../src/status/SourceHealth.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A push source (an in-process stand-in: what is tested is the health clock) that reads at once when subscribed, then stays silent. */
function pushSource(name: string, firstReadingWithinMs: number): PushSource {
  return {
    kind: 'push',
    name,
    device: 'opening-device',
    firstReadingWithinMs,
    read: async () => [createReading(name, 1, { unit: 'V' })],
    readings: () => concat(of(createReading(name, 1, { unit: 'V' })), NEVER),
  };
}

describe('source health while the runner is still opening its local log', () => {
  it("a push source's first-reading bound counts from its subscription, not from health.start(): a slow start is no NoData", async () => {
    const lines: string[] = [];
    const out = new Writable({
      write(chunk, _enc, done) {
        lines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    const config = validateConfig({ interval: '1s', sources: [pushSource('opening', 300)], status: { healthEvery: '1m' } }, '/lab/health-at-start.config.ts');
    const runner = new Runner(config, [], pino({ level: 'silent' }), { dryRun: true, out });
    const health = new SourceHealth(runner, { store: true, checkMs: 20 });
    // The CLI's order: health first, then runner.start(), whose opening of the local log (a
    // backlog to scan, a slow disk) here takes 3 × the source's 300 ms bound before the
    // sources are subscribed.
    health.start();
    expect(runner.sourcesStartedAt).toBeUndefined();
    await sleep(900);
    expect(health.states.get('opening')?.stale).toBe(false);
    const before = Date.now();
    await runner.start();
    expect(runner.sourcesStartedAt).toBeGreaterThanOrEqual(before);
    // The source reads at its subscription: healthy, and never NoData before it.
    await expect.poll(() => lines.filter((l) => l.startsWith('expmon_source,')).length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await runner.stop();
    health.stop();
    const rows = lines.filter((l) => l.startsWith('expmon_source,'));
    expect(rows.map((l) => [/[ ,]ok=(\w+)/.exec(l)?.[1], /error="(\w*)"/.exec(l)?.[1]])).toEqual([['T', '']]);
    expect(lines.filter((l) => l.startsWith('opening,'))).toHaveLength(1);
  });
});
