import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runRunner, startInfluxDb1, type InfluxDb1Server } from '@expmon/test-servers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// examples/camera.config.ts in the real runner process (built dist): the config starts the
// display simulator (CAMERA_URL unset) showing a pressure around 2.3E-08 mbar; the driver
// fetches snapshots over loopback HTTP, reads them with tesseract.js, and the runner writes
// to a real InfluxDB 1.6 (Debian's influxd) on a loopback port.
const CONFIG = fileURLToPath(new URL('../../../examples/camera.config.ts', import.meta.url));

describe('examples/camera.config.ts → runner → InfluxDB 1.6', () => {
  let influx: InfluxDb1Server;
  let dir: string;
  beforeAll(async () => {
    influx = await startInfluxDb1();
    dir = await mkdtemp(join(tmpdir(), 'expmon-camera-runner-'));
  });
  afterAll(async () => {
    await influx?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it("stores the gauge in the Python tool's schema: measurement zeeman2_vac, field value (float), tag unit=mbar", async () => {
    // 8 s: the default read timeout (80 % of it, 6.4 s) holds the driver's maxReadMs (2 s picture
    // + 2 s OCR + 0.5 s) with room for starting the OCR worker on a loaded machine.
    const res = await runRunner(['run', CONFIG, '--cycles', '3', '--interval', '8s', '--data-dir', join(dir, 'data')], {
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database, CAMERA_URL: undefined },
      cwd: dir,
    });
    expect(res.code, res.stderr + res.stdout).toBe(0);
    const rows = await influx.query('SELECT * FROM zeeman2_vac');
    // Every reading the runner produced is in the database, no more (a first read that the
    // loaded machine makes slower than the read timeout is a logged timeout, not a row).
    const produced = Number(/"readings":(\d+)/.exec(res.stderr)?.[1]);
    expect(produced).toBeGreaterThanOrEqual(2);
    expect(rows).toHaveLength(produced);
    // The simulator shows 2.3 + 0.4·sin(step/5) with one decimal, E-08, one step per snapshot:
    // the stored values are those, in order, and nothing else.
    const shown = [1, 2, 3, 4, 5, 6].map((step) => Number(`${(2.3 + 0.4 * Math.sin(step / 5)).toFixed(1)}E-08`));
    const values = rows.map((r) => r.value as number);
    for (const v of values) expect(shown).toContain(v);
    expect(values).toEqual([...values].sort((a, b) => a - b));
    for (const row of rows) {
      expect(row.unit).toBe('mbar');
      expect(row.confidence as number).toBeGreaterThanOrEqual(70);
    }
    const keys = await influx.query('SHOW FIELD KEYS FROM zeeman2_vac');
    const types = Object.fromEntries(keys.map((k) => [k.fieldKey, k.fieldType]));
    expect(types).toEqual({ value: 'float', confidence: 'float' });
  });
});
