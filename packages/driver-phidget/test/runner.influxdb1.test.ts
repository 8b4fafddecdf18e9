import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRunner, startInfluxDb1, type InfluxDb1Server } from '@expmon/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// examples/phidget.config.ts in the real runner process (built dist), its six thermocouples
// read by the real phidget22 library from the simulated Phidget Network Server that the
// config starts, written to a real InfluxDB 1.6 (Debian's influxd) on a loopback port.
const CONFIG = fileURLToPath(new URL('../../../examples/phidget.config.ts', import.meta.url));

describe('examples/phidget.config.ts → runner → InfluxDB 1.6', () => {
  let influx: InfluxDb1Server;
  let dir: string;
  beforeAll(async () => {
    influx = await startInfluxDb1();
    dir = await mkdtemp(join(tmpdir(), 'expmon-phidget-'));
  });
  afterAll(async () => {
    await influx?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the six thermocouples of the two TMP1101 boards', async () => {
    const res = await runRunner(['run', CONFIG, '--cycles', '6', '--interval', '300ms', '--data-dir', join(dir, 'data')], {
      env: {
        INFLUX_URL: influx.url,
        INFLUX_DATABASE: influx.database,
        PHIDGET_SIMULATOR: '1',
        PHIDGET_DATA_INTERVAL_MS: '100',
      },
    });
    expect(res.code, res.stderr + res.stdout).toBe(0);
    const expected: Record<string, number> = {
      cold_head_temp: 4.2,
      shield_temp: 21.3,
      magnet_temp: 22.1,
      oven_temp: 35.7,
      lab_temp: 19.8,
      laser_head_temp: 80.4,
    };
    for (const [measurement, value] of Object.entries(expected)) {
      const rows = await influx.query(`SELECT * FROM ${measurement}`);
      expect(rows.length, measurement).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.value).toBe(value);
        expect(row.unit).toBe('°C');
      }
    }
  });
});
