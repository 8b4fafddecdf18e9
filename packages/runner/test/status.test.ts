import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, freePort, spawnRunner, startInfluxDb1, waitFor, type InfluxDb1Server } from '@expmon/test-servers';
import { COUNTING_CONFIG } from './recorded.js';

// Real InfluxDB 1.6, the runner as a real process with its status endpoint on loopback.
describe('source health and the status endpoint', () => {
  let influx: InfluxDb1Server;
  let dir: string;
  beforeAll(async () => {
    influx = await startInfluxDb1();
    dir = await mkdtemp(join(tmpdir(), 'expmon-status-'));
  });
  afterAll(async () => {
    await influx?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores per-source health as data and serves /healthz and /metrics on 127.0.0.1', async () => {
    const port = await freePort();
    const child = spawnRunner(['run', COUNTING_CONFIG, '--status-port', String(port), '--data-dir', join(dir, 'data')], {
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database, EXPMON_TEST_FAULTS: '1' },
    });
    const done = collect(child);
    try {
      const base = `http://127.0.0.1:${port}`;
      const health = await waitFor(
        async () => {
          const res = await fetch(`${base}/healthz`);
          const body = (await res.json()) as { ok: boolean; sources: Record<string, { up: boolean; lastSuccess: string | null; lastError: string | null }>; sinks: Record<string, { reachable: boolean; waiting: number; shipped: number }> };
          return body.sources.count_a?.lastSuccess && body.sources.broken?.lastError && Object.values(body.sinks)[0]!.shipped > 0
            ? { status: res.status, body }
            : undefined;
        },
        { what: '/healthz with a success and a failure' },
      );
      // A dead source makes the runner unhealthy (503), and says which and why.
      expect(health.status).toBe(503);
      expect(health.body.ok).toBe(false);
      expect(health.body.sources.count_a!.up).toBe(true);
      expect(health.body.sources.broken).toMatchObject({ up: false, lastSuccess: null });
      expect(health.body.sources.broken!.lastError).toMatch(/unplugged/);
      expect(Object.values(health.body.sinks)[0]).toMatchObject({ reachable: true });

      const metrics = await (await fetch(`${base}/metrics`)).text();
      expect(metrics).toMatch(/expmon_source_readings_total\{source="count_a",device="counter"\} [1-9]\d*/);
      expect(metrics).toMatch(/expmon_source_errors_total\{source="broken",device="faulty-device"\} [1-9]\d*/);
      expect(metrics).toMatch(/expmon_source_up\{source="hanging",device="faulty-device"\} 0/);
      expect(metrics).toMatch(/expmon_queue_depth\{sink="influx-v1 [^"]+"\} \d+/);
      expect(metrics).toMatch(/expmon_database_up\{sink="influx-v1 [^"]+"\} 1/);
      expect(metrics).toMatch(/expmon_process_resident_memory_bytes \d+/);

      expect((await fetch(`${base}/nope`)).status).toBe(404);
    } finally {
      child.kill('SIGTERM');
    }
    const res = await done;
    expect(res.code, res.stderr).toBe(0);
    // Bound to loopback only.
    expect(res.stderr).toContain(`"url":"http://127.0.0.1:${port}/"`);

    // Health as data: Grafana can chart and alert on a dead sensor.
    const ok = await influx.query(`SELECT * FROM expmon_source WHERE "source" = 'count_a'`);
    expect(ok.length).toBeGreaterThan(0);
    expect(ok[0]).toMatchObject({ ok: true, error: '', consecutive_failures: 0, device: 'counter' });
    expect(typeof ok[0]!.latency_ms).toBe('number');
    const bad = await influx.query(`SELECT * FROM expmon_source WHERE "source" = 'hanging'`);
    expect(bad.length).toBeGreaterThan(0);
    expect(bad[0]).toMatchObject({ ok: false, error: 'DeviceTimeoutError' });
    expect(bad.at(-1)!.consecutive_failures as number).toBeGreaterThanOrEqual(1);
  });
});
