import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, freePort, spawnRunner, startInfluxDb1, waitFor, type InfluxDb1Server } from '@expmon/test-servers';
import { fileURLToPath } from 'node:url';
import { runRunner } from '@expmon/test-servers';
import { COUNTING_CONFIG } from './recorded.js';

const HEALTH_CONFIG = fileURLToPath(new URL('./fixtures/health.config.ts', import.meta.url));

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

  it('stores health when a state changes, not per poll; judges push sources by their own clock (no NoData at the first cycle, stale after maxSilenceMs)', async () => {
    const start = Date.now();
    const res = await runRunner(['run', HEALTH_CONFIG, '--cycles', '40', '--data-dir', join(dir, 'health')], {
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database },
    });
    expect(res.code, res.stderr).toBe(0);
    const rows = await influx.query(`SELECT * FROM expmon_source WHERE time >= ${start}000000 GROUP BY *`);
    const bySource = (name: string) => rows.filter((r) => r.source === name).sort((a, b) => (a.time as number) - (b.time as number));
    // 40 polls of a healthy source: its readings, and one health row (not 40).
    expect((await influx.query(`SELECT count(value) FROM steady WHERE time >= ${start}000000`))[0]?.count).toBe(40);
    expect(bySource('steady').map((r) => [r.ok, r.error])).toEqual([[true, '']]);
    // A source failing for a while: ok, the error once, ok again.
    expect(bySource('flaky').map((r) => [r.ok, r.error, r.consecutive_failures])).toEqual([
      [true, '', 0],
      [false, 'DeviceError', 1],
      [true, '', 0],
    ]);
    // A change-triggered push source that is silent: healthy (no bound), never NoData.
    expect(bySource('quiet').map((r) => [r.ok, r.error])).toEqual([[true, '']]);
    // A push source that stops: stale after its own maxSilenceMs (300 ms), not 3 × the interval.
    expect(bySource('freezing').map((r) => [r.ok, r.error])).toEqual([
      [true, ''],
      [false, 'NoData'],
    ]);
    const [okRow, staleRow] = bySource('freezing');
    expect(staleRow!.last_good_age_s as number).toBeGreaterThan(0.3);
    expect((staleRow!.time as number) - (okRow!.time as number)).toBeGreaterThan(300);
    // A push source still within its firstReadingWithinMs: unknown, nothing stored (no ok=false at the first cycle).
    expect(bySource('late')).toEqual([]);
  });

  it('repeats an unchanged state at most once per status.healthEvery', async () => {
    const start = Date.now();
    const res = await runRunner(['run', HEALTH_CONFIG, '--cycles', '40', '--data-dir', join(dir, 'health-every')], {
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database, EXPMON_TEST_HEALTH_EVERY: '400ms' },
    });
    expect(res.code, res.stderr).toBe(0);
    for (const name of ['steady', 'quiet']) {
      const times = (await influx.query(`SELECT ok FROM expmon_source WHERE "source" = '${name}' AND time >= ${start}000000`)).map((r) => r.time as number);
      expect(times.length, name).toBeGreaterThanOrEqual(2);
      for (let i = 1; i < times.length; i++) expect(times[i]! - times[i - 1]!, name).toBeGreaterThanOrEqual(400);
    }
  });
});
