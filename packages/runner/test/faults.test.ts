import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRunner, startInfluxDb1, type InfluxDb1Server } from '@expmon/test-servers';
import { COUNTING_CONFIG, keys, recorded, rowsOf } from './recorded.js';

// Real InfluxDB 1.6; the fixture adds sources that throw, hang and emit NaN/Infinity.
describe('faulty sources', () => {
  let influx: InfluxDb1Server;
  let dir: string;
  beforeAll(async () => {
    influx = await startInfluxDb1();
    dir = await mkdtemp(join(tmpdir(), 'expmon-faults-'));
  });
  afterAll(async () => {
    await influx?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('a source that throws, one that hangs and one that emits NaN/Infinity do not stop the others and write no garbage', async () => {
    const record = join(dir, 'faults.jsonl');
    const res = await runRunner(['run', COUNTING_CONFIG, '--cycles', '20', '--data-dir', join(dir, 'data')], {
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database, EXPMON_TEST_RECORD: record, EXPMON_TEST_FAULTS: '1' },
    });
    expect(res.code, res.stderr).toBe(0);
    // The healthy sources were read on every cycle despite the hanging one.
    const truth = rowsOf(recorded(record));
    expect(truth).toHaveLength(40);
    const rows = [...(await influx.query('SELECT * FROM count_a GROUP BY *')), ...(await influx.query('SELECT * FROM count_b GROUP BY *'))];
    expect(keys(rows as never)).toEqual(keys(truth));
    // Nothing from the garbage source reached the database.
    const measurements = (await influx.query('SHOW MEASUREMENTS')).map((r) => r.name);
    expect(measurements).not.toContain('garbage');
    expect(measurements).not.toContain('broken');
    // Each problem was logged with the sensor and device names.
    const logs = res.stderr.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(logs).toContainEqual(expect.objectContaining({ sensor: 'broken', device: 'faulty-device', msg: 'read failed' }));
    expect(logs).toContainEqual(expect.objectContaining({ sensor: 'hanging', msg: 'read failed', err: expect.stringMatching(/DeviceTimeoutError/) }));
    expect(logs).toContainEqual(expect.objectContaining({ sensor: 'garbage', field: 'value', msg: expect.stringMatching(/garbage/) }));
    // A failing source is retried with backoff, not on every cycle.
    const brokenTries = logs.filter((l) => l.sensor === 'broken' && l.msg === 'read failed').length;
    expect(brokenTries).toBeGreaterThanOrEqual(1);
  });
});
