import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SimulatedSource } from '@expmon/core';
import { Store } from '@expmon/store';
import { validateConfig } from '../src/config/loadConfig.js';
import { resolveSinks } from '../src/config/resolveSinks.js';
import { Runner } from '../src/Runner.js';

// The real store and the real file sink (line protocol files in a temp dir); Store's
// writePayload is spied on (its real code runs) to see how the readings of a tick are framed.
let cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.reverse()) await c();
  cleanup = [];
  vi.restoreAllMocks();
});

async function run(sources: number, batchSize?: number) {
  const dir = await mkdtemp(join(tmpdir(), 'expmon-frames-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  const config = validateConfig(
    {
      interval: '300ms',
      dataDir: join(dir, 'data'),
      sinks: [{ type: 'file', dir: join(dir, 'lp') }],
      batchSize,
      sources: Array.from({ length: sources }, (_, i) => new SimulatedSource({ name: `s_${i}`, unit: 'V', seed: i + 1 })),
    },
    join(dir, 'frames.config.ts'),
  );
  const frames: number[] = [];
  const real = Store.prototype.writePayload;
  vi.spyOn(Store.prototype, 'writePayload').mockImplementation(function (this: Store, payload: Buffer, count: number) {
    frames.push(count);
    real.call(this, payload, count);
  });
  const runner = new Runner(config, resolveSinks(config, {}), pino({ level: 'silent' }), { cycles: 3 });
  await runner.start();
  await runner.finished;
  const { waiting } = await runner.stop();
  const files = await readdir(join(dir, 'lp'));
  const stored = (await Promise.all(files.map((f) => readFile(join(dir, 'lp', f), 'utf8')))).join('').split('\n').filter((l) => l !== '' && !l.startsWith('#'));
  return { frames, waiting, stored, stats: runner.stats };
}

describe('the readings of one tick of polled sources', () => {
  it('are appended as one frame although the clock hands the tick to 4 shards of 250 sources one macrotask apart', async () => {
    const { frames, waiting, stored, stats } = await run(1000);
    expect(stats.readings).toBe(3000);
    expect(frames).toEqual([1000, 1000, 1000]);
    expect(waiting).toBe(0);
    expect(stored).toHaveLength(3000);
    expect(new Set(stored.map((l) => l.split(' ')[0])).size).toBe(1000);
  });

  it('are appended before the last shard when a full batch is waiting, in frames of at most batchSize', async () => {
    const { frames, stored } = await run(1000, 300);
    expect(frames.reduce((a, b) => a + b, 0)).toBe(3000);
    expect(Math.max(...frames)).toBeLessThanOrEqual(300);
    expect(stored).toHaveLength(3000);
  });
});
