import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startInfluxDb1, type InfluxDb1Server } from '@expmon/test-servers';

const SCRIPT = fileURLToPath(new URL('../examples/lab-script.mjs', import.meta.url));

function run(env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  // The example imports @expmon/store by name: it runs against the built package (pnpm build first).
  const child = spawn(process.execPath, [SCRIPT], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

// The README's lab script, run as is against a real InfluxDB 1.6.
describe('examples/lab-script.mjs', () => {
  let influx: InfluxDb1Server;
  let dir: string;
  beforeAll(async () => {
    influx = await startInfluxDb1();
    dir = await mkdtemp(join(tmpdir(), 'expmon-labscript-'));
  });
  afterAll(async () => {
    await influx?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores every reading it wrote; with the database stopped they wait on disk and ship on the next start', async () => {
    const env = { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database, DATA_DIR: join(dir, 'data'), READINGS: '20', PERIOD_MS: '20' };
    await influx.stop();
    const offline = await run(env);
    expect(offline.code, offline.stderr).toBe(0);
    expect(JSON.parse(offline.stdout)).toMatchObject({ produced: 20, shipped: 0, waiting: 20 });
    await influx.start();
    const online = await run(env);
    expect(online.code, online.stderr).toBe(0);
    expect(JSON.parse(online.stdout)).toMatchObject({ produced: 20, fromEarlierRun: 20, shipped: 40, waiting: 0 });
    const rows = await influx.query('SELECT * FROM lab_temp');
    expect(rows).toHaveLength(40);
    expect(rows[0]).toMatchObject({ unit: '°C', room: 'b12' });
  });
});
