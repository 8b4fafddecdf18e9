import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRunner, startInfluxDb1, type InfluxDb1Server } from '@expmon/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// examples/arduino.config.ts in the real runner process (built dist): the adc.ino simulator on
// loopback TCP, the TPG261 and serial-ADC simulators on socat ptys, all started by the config,
// written to a real InfluxDB 1.6 (Debian's influxd) on a loopback port.
const CONFIG = fileURLToPath(new URL('../../../examples/arduino.config.ts', import.meta.url));

describe('examples/arduino.config.ts → runner → InfluxDB 1.6', () => {
  let influx: InfluxDb1Server;
  let dir: string;
  beforeAll(async () => {
    influx = await startInfluxDb1();
    dir = await mkdtemp(join(tmpdir(), 'expmon-arduino-'));
  });
  afterAll(async () => {
    await influx?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores the ADC channels (volts and TPG300 pressure) and the TPG261 pressure', async () => {
    // 2.5 s: its 80 % read timeout holds the drivers' own maxReadMs (Tpg261: 2 × 1000 ms), which the runner checks at load.
    const res = await runRunner(['run', CONFIG, '--cycles', '3', '--interval', '2500ms', '--data-dir', join(dir, 'data')], {
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database, ARDUINO_SIMULATOR: '1' },
    });
    expect(res.code, res.stderr + res.stdout).toBe(0);
    // On a loaded machine a cycle's read may time out (the runner logs it and writes nothing),
    // so at least 2 of the 3 cycles must be stored, each one correct.
    const count = (rows: unknown[]): void => {
      expect(rows.length, res.stdout).toBeGreaterThanOrEqual(2);
      expect(rows.length).toBeLessThanOrEqual(3);
    };

    const magnet = await influx.query('SELECT * FROM magnet_supply_voltage');
    count(magnet);
    for (const row of magnet) {
      expect(row.value).toBe(1.625);
      expect(row.counts).toBe(2048);
      expect(row.unit).toBe('V');
    }
    const ion = await influx.query('SELECT * FROM ion_gauge_pressure');
    count(ion);
    for (const row of ion) {
      expect(row.unit).toBe('mbar');
      expect(row.raw).toBeCloseTo(1.7, 2);
      expect(row.value).toBeCloseTo(10 ** (1.6667 * (row.raw as number) - 6.5), 12);
    }
    const chamber = await influx.query('SELECT * FROM chamber_pressure');
    count(chamber);
    for (const row of chamber) {
      expect(row.value).toBe(3.2e-7);
      expect(row.unit).toBe('mbar');
    }
    const flow = await influx.query('SELECT * FROM coolant_flow_voltage');
    count(flow);
    for (const row of flow) expect(row.value).toBe(1.5869140625);
  });
});
