import { existsSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRunner, startInfluxDb1, type InfluxDb1Server } from '@expmon/test-servers';
import { COUNTING_CONFIG } from './recorded.js';

const fixture = (name: string): string => join(COUNTING_CONFIG, '..', name);
/**
 * A data dir as expmon 0.1 left it: `queue/influx-v1/` written by the 0.1 DurableQueue
 * (made by packages/store/test/fixtures/makeLegacyQueue.mjs from git history): 30 readings
 * `legacy_temp` appended, the first 8 acknowledged, 22 waiting.
 */
const LEGACY_DATA_DIR = fileURLToPath(new URL('../../store/test/fixtures/legacy-0.1', import.meta.url));
const T0 = 1764460800000;
/** The 22 readings that wait in the 0.1 queue: values 4.8 … 6.9, one a second from T0 + 8 s. */
const WAITING = Array.from({ length: 22 }, (_, i) => ({ time: T0 + (i + 8) * 1000, value: Number((4 + (i + 8) / 10).toFixed(1)) }));

// Upgrade from 0.1: real InfluxDB 1.6 and the runner as a real process.
describe('upgrade from expmon 0.1: the old local log', () => {
  let influx: InfluxDb1Server;
  let dir: string;
  beforeAll(async () => {
    influx = await startInfluxDb1();
    dir = await mkdtemp(join(tmpdir(), 'expmon-upgrade-'));
  });
  afterAll(async () => {
    await influx?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('is imported into the one influx-v1 destination on start and ships exactly its waiting readings', async () => {
    await influx.query('DROP SERIES FROM legacy_temp', { method: 'POST' });
    const dataDir = join(dir, 'one');
    await cp(LEGACY_DATA_DIR, dataDir, { recursive: true });
    const env = { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database };
    const res = await runRunner(['run', fixture('conflict.config.ts'), '--cycles', '2', '--data-dir', dataDir], { env });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/expmon 0\.1 local log migrated: 22 waiting readings imported/);
    expect(res.stderr).not.toMatch(/does not name/);
    expect(existsSync(join(dataDir, 'queue', 'influx-v1'))).toBe(false);
    const rows = await influx.query('SELECT value FROM legacy_temp');
    expect(rows.map((r) => ({ time: r.time, value: r.value }))).toEqual(WAITING);

    // A second start imports nothing again.
    const again = await runRunner(['run', fixture('conflict.config.ts'), '--cycles', '1', '--data-dir', dataDir], { env });
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toMatch(/0\.1 local log/);
    expect(await influx.query('SELECT count(value) FROM legacy_temp')).toMatchObject([{ count: 22 }]);
  });

  it('is kept and named by flush when no configured destination has its sink type', async () => {
    await influx.query('DROP SERIES FROM legacy_temp', { method: 'POST' });
    const dataDir = join(dir, 'none');
    await cp(LEGACY_DATA_DIR, dataDir, { recursive: true });
    // No INFLUX_URL: the config's default sink is the line-protocol files (type file), not influx-v1.
    const res = await runRunner(['flush', fixture('conflict.config.ts'), '--data-dir', dataDir], { env: {} });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/not flushed: expmon 0\.1 local log \(sink type influx-v1\); this config has no influx-v1 destination/);
    expect(res.stderr).toMatch(/"waiting":22/);
    expect(res.stderr).toMatch(/"orphanedQueues":1/);
    expect(existsSync(join(dataDir, 'queue', 'influx-v1', '000000000002.log'))).toBe(true);
    expect(await influx.query('SELECT count(value) FROM legacy_temp')).toEqual([]);

    // As the message says: flush with a config naming that destination imports and ships it.
    const env = { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database };
    const flushed = await runRunner(['flush', fixture('conflict.config.ts'), '--data-dir', dataDir], { env });
    expect(flushed.code, flushed.stderr).toBe(0);
    expect(flushed.stderr).toMatch(/expmon 0\.1 local log migrated: 22 waiting readings imported/);
    expect(flushed.stderr).not.toMatch(/not flushed: expmon 0\.1/); // (the file sink's log of the first flush is an orphan now)
    const rows = await influx.query('SELECT value FROM legacy_temp');
    expect(rows.map((r) => ({ time: r.time, value: r.value }))).toEqual(WAITING);
  });
});
