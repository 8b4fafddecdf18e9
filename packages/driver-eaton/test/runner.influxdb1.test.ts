import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRunner, startInfluxDb1, type InfluxDb1Server } from '@expmon/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// examples/ups.config.ts in the real runner process (built dist): the config starts the UPS
// simulator (UPS_HOST unset), the driver reads it over SNMPv3 authNoPriv SHA-256, and the
// runner writes to a real InfluxDB 1.6 (Debian's influxd) on a loopback port.
const CONFIG = fileURLToPath(new URL('../../../examples/ups.config.ts', import.meta.url));

describe('examples/ups.config.ts → runner → InfluxDB 1.6', () => {
  let influx: InfluxDb1Server;
  let dir: string;
  beforeAll(async () => {
    influx = await startInfluxDb1();
    dir = await mkdtemp(join(tmpdir(), 'expmon-ups-'));
  });
  afterAll(async () => {
    await influx?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  // An interval of a few seconds, as a lab runs it (the runner's read timeout, 80 % of the
  // interval, must hold the driver's own maxReadMs: 800 ms × 2 attempts by default).
  it('stores the UPS readings, one measurement with typed fields; on battery during a simulated outage', async () => {
    const res = await runRunner(['run', CONFIG, '--cycles', '3', '--interval', '6s', '--data-dir', join(dir, 'fields')], {
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database, UPS_HOST: undefined, UPS_SIMULATE_OUTAGE: '1' },
    });
    expect(res.code, res.stderr + res.stdout).toBe(0);
    const rows = await influx.query('SELECT * FROM ups');
    expect(rows.length).toBe(3);
    for (const row of rows) {
      expect(row).toMatchObject({
        output_source: 'battery',
        on_battery: true,
        battery_status: 'batteryNormal',
        battery_low: false,
        input_voltage_volts: 0,
        output_power_watts: 300,
        battery_voltage_volts: 54.6,
        ambient_temperature_celsius: 22,
      });
      expect(row.battery_charge_percent).toBeGreaterThan(90);
      expect(row.battery_charge_percent).toBeLessThanOrEqual(100);
    }
    const keys = await influx.query('SHOW FIELD KEYS FROM ups');
    const types = Object.fromEntries(keys.map((k) => [k.fieldKey, k.fieldType]));
    expect(types).toMatchObject({
      battery_charge_percent: 'float',
      seconds_on_battery: 'float',
      on_battery: 'boolean',
      output_source: 'string',
    });
  });

  it('UPS_SCHEMA=python stores the Python tool measurements with field value and tag unit', async () => {
    const res = await runRunner(['run', CONFIG, '--cycles', '2', '--interval', '6s', '--data-dir', join(dir, 'python')], {
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database, UPS_HOST: undefined, UPS_SCHEMA: 'python' },
    });
    expect(res.code, res.stderr + res.stdout).toBe(0);
    const expected: Array<[string, number, string]> = [
      ['ups_rem-minutes', 60, 'min'],
      ['ups_rem-charge', 100, '%'],
      ['ups_on-time', 0, 's'],
      ['ups_load', 22.22, '%'], // 300 / 1350 × 100, rounded to 0.01
    ];
    for (const [measurement, value, unit] of expected) {
      const rows = await influx.query(`SELECT * FROM "${measurement}"`);
      expect(rows.length, measurement).toBe(2);
      for (const row of rows) {
        expect(row.value).toBeCloseTo(value, 9);
        expect(row.unit).toBe(unit);
      }
    }
  });
});
