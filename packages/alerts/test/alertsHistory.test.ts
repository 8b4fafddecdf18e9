import { mkdtemp, rm } from 'node:fs/promises';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Subject } from 'rxjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createReading, type Reading } from '@expmon/core';
import { runRunner, startInfluxDb1, startVictoriaMetrics, type InfluxDb1Server, type VictoriaMetricsServer } from '@expmon/test-servers';
import { Alerting } from '../src/Alerting.js';
import type { AlertEvent } from '../src/AlertEngine.js';
import type { AlertLogger } from '../src/AlertLogger.js';
import type { HistoryDatabase } from '../src/HistoryDatabase.js';
import { resolveAlerts } from '../src/resolveAlerts.js';

// The alert series window is filled from the database the readings go to, at start:
// real InfluxDB 1.6 (InfluxQL /query) and real VictoriaMetrics (/api/v1/export).

const MIN = 60_000;

/** A logger that keeps its lines. */
function memoryLog(): AlertLogger & { lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> } {
  const lines: Array<{ level: string; msg: string; fields: Record<string, unknown> }> = [];
  const at = (level: string) => (fields: object, msg: string) => void lines.push({ level, msg, fields: fields as Record<string, unknown> });
  return { lines, info: at('info'), warn: at('warn'), error: at('error') };
}

/** A stand-in for the Runner: the two members Alerting uses. */
function host(): { readings$: Subject<{ reading: Reading; sensor: string }>; stored: Reading[]; writeReading(r: Reading): void } {
  const stored: Reading[] = [];
  return { readings$: new Subject(), stored, writeReading: (r) => stored.push(r) };
}

/** History written before the "restart": lab_temp every minute for 90 min (20 °C, then 25 °C in the last 10 min), two tag sets. */
function history(now: number): { lines: string[]; inWindow: Array<{ time: number; value: number }> } {
  const lines: string[] = [];
  const inWindow: Array<{ time: number; value: number }> = [];
  for (let m = 90; m >= 1; m--) {
    // Half a minute off the minute: no point on the window's edge while the test runs.
    const time = now - m * MIN + 30_000;
    const value = m <= 10 ? 25 : 20;
    lines.push(`lab_temp,unit=°C,rack=${m % 2 ? 'a' : 'b'} value=${value} ${time}`);
    if (m <= 60) inWindow.push({ time, value });
  }
  lines.push(`ups,unit=% on_battery=true,value=97 ${now - 5 * MIN}`);
  return { lines, inWindow };
}

const config = (dir: string) =>
  resolveAlerts(
    {
      rules: [
        { name: 'warming', sensor: 'lab_temp', rate: { above: 4, per: '15m' } },
        { name: 'on_battery', sensor: 'ups', onBatteryFor: '1h' },
      ],
      chartSpan: '1h',
    },
    dir,
  );

/** Starts Alerting on a database, feeds one reading of 30 °C and returns what happened. */
async function restartOn(database: HistoryDatabase | undefined, dir: string): Promise<{ alerting: Alerting; events: AlertEvent[]; filled: number; log: ReturnType<typeof memoryLog> }> {
  const log = memoryLog();
  const h = host();
  const alerting = new Alerting(config(dir), h, { dataDir: dir, log, database, notifiers: [], checkEveryMs: 50 });
  const events: AlertEvent[] = [];
  alerting.dispatcher.handle = (e) => void events.push(e);
  alerting.start();
  const filled = await alerting.windowFilled;
  h.readings$.next({ reading: createReading('lab_temp', 30, { unit: '°C' }), sensor: 'lab_temp' });
  await alerting.stop();
  return { alerting, events, filled, log };
}

describe('alert window filled from the database at start', () => {
  let dir: string;
  let influx: InfluxDb1Server;
  let vm: VictoriaMetricsServer;
  const now = Date.now();
  const { lines, inWindow } = history(now);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-alerts-history-'));
    [influx, vm] = await Promise.all([startInfluxDb1(), startVictoriaMetrics()]);
    const w1 = await fetch(`${influx.url}/write?db=${influx.database}&precision=ms`, { method: 'POST', body: lines.join('\n') });
    expect(w1.status).toBe(204);
    const w2 = await fetch(`${vm.url}/api/v2/write?org=lab&bucket=lab&precision=ms`, { method: 'POST', body: lines.join('\n') });
    expect(w2.status).toBe(204);
    await fetch(`${vm.url}/internal/force_flush`);
  });
  afterAll(async () => {
    await Promise.all([influx?.destroy(), vm?.destroy()]);
    await rm(dir, { recursive: true, force: true });
  });

  it('InfluxDB 1.6: the chart span of every watched series comes back, exactly; a rate rule looks back across the restart', async () => {
    const r = await restartOn({ kind: 'v1', url: influx.url, database: influx.database }, join(dir, 'v1'));
    // 60 minutes of lab_temp (both tag sets), the UPS's value and flag; the live reading of 30 °C after them.
    expect(r.filled).toBe(inWindow.length + 2);
    expect(r.alerting.engine.window.points('lab_temp', 'value').slice(0, -1)).toEqual(inWindow);
    expect(r.alerting.engine.window.points('lab_temp', 'value').at(-1)?.value).toBe(30);
    expect(r.alerting.engine.window.points('ups', 'on_battery')).toEqual([{ time: now - 5 * MIN, value: 1 }]);
    expect(r.alerting.engine.window.points('ups', 'value')).toEqual([{ time: now - 5 * MIN, value: 97 }]);
    // 20 °C (11 to 15 min ago) → 30 °C within 15 min: only known from the history.
    expect(r.events.map((e) => `${e.rule.name}:${e.kind}:${e.reason}`)).toEqual([
      'warming:firing:lab_temp changed by +10 °C within 15m (limit 4 °C); now 30 °C',
    ]);
    expect(r.log.lines.find((l) => l.msg === 'alert charts filled from the database')?.fields).toMatchObject({ series: 3, points: inWindow.length + 2 });
  });

  it('VictoriaMetrics (v2 write API): the same points come back through /api/v1/export', async () => {
    const r = await restartOn({ kind: 'v2', url: vm.url, org: 'lab', bucket: 'lab' }, join(dir, 'vm'));
    expect(r.filled).toBe(inWindow.length + 2);
    expect(r.alerting.engine.window.points('lab_temp', 'value').slice(0, -1)).toEqual(inWindow);
    expect(r.alerting.engine.window.points('ups', 'on_battery')).toEqual([{ time: now - 5 * MIN, value: 1 }]);
    expect(r.events.map((e) => `${e.rule.name}:${e.kind}`)).toEqual(['warming:firing']);
    expect(r.log.lines.find((l) => l.msg === 'alert charts filled from the database')?.fields).toMatchObject({ api: 'VictoriaMetrics /api/v1/export' });
  });

  it('a database that cannot be read: a warning naming it, alerts start with an empty window and still work', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as { port: number };
        s.close(() => resolve(port));
      });
    });
    const down = await restartOn({ kind: 'v1', url: `http://127.0.0.1:${closed}`, database: 'lab', username: 'lab', password: 's3cret-pw' }, join(dir, 'down'));
    expect(down.filled).toBe(0);
    expect(down.alerting.engine.window.points('lab_temp', 'value')).toHaveLength(1);
    const warn = down.log.lines.filter((l) => l.level === 'warn');
    expect(warn).toHaveLength(1);
    expect(warn[0]!.msg).toMatch(/^cannot read the recent readings back from the database/);
    expect(warn[0]!.fields.database).toBe(`InfluxDB 1.x http://127.0.0.1:${closed} db=lab`);
    expect(String(warn[0]!.fields.err)).toMatch(/ECONNREFUSED/); // why, not just "fetch failed"
    expect(JSON.stringify(down.log.lines)).not.toContain('s3cret-pw');
    expect(down.events).toEqual([]); // no history: 30 °C alone is no change

    // A v2 URL whose read APIs answer but whose bucket does not exist (InfluxDB 1.6: no
    // /api/v1/export, no Flux, then /query says so): that answer is the warning.
    const noBucket = await restartOn({ kind: 'v2', url: influx.url, org: 'lab', bucket: 'no_such_bucket' }, join(dir, 'no-bucket'));
    expect(noBucket.filled).toBe(0);
    const err = String(noBucket.log.lines.find((l) => l.level === 'warn')?.fields.err);
    expect(err).toContain(`device v2 API ${influx.url} bucket=no_such_bucket`);
    expect(err).toContain('database not found: no_such_bucket');
  });

  it('the v2 API on a database with the v1-compatible /query only (here InfluxDB 1.6): read with InfluxQL, bucket as database', async () => {
    const r = await restartOn({ kind: 'v2', url: influx.url, org: 'lab', bucket: influx.database, token: 'not-checked-by-1.6' }, join(dir, 'v2-influxql'));
    expect(r.filled).toBe(inWindow.length + 2);
    expect(r.alerting.engine.window.points('lab_temp', 'value').slice(0, -1)).toEqual(inWindow);
    expect(r.log.lines.find((l) => l.msg === 'alert charts filled from the database')?.fields).toMatchObject({ api: 'InfluxQL /query' });
    expect(JSON.stringify(r.log.lines)).not.toContain('not-checked-by-1.6');
  });

  // InfluxDB 2.x cannot run here (not in Debian, no other source allowed): a loopback
  // stand-in answers /api/v2/query with the CSV InfluxDB 2.x writes (two tables, RFC 3339
  // times with nanoseconds, booleans) and 404 on /api/v1/export, as InfluxDB 2.x does.
  it('InfluxDB 2.x (stand-in): Flux on /api/v2/query with the token, CSV tables parsed', async () => {
    const requests: Array<{ url: string; auth: string | undefined; body: string }> = [];
    const t0 = now - 20 * MIN;
    const iso = (t: number): string => new Date(t).toISOString().replace('Z', '456789Z');
    const server = createHttpServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        requests.push({ url: req.url!, auth: req.headers.authorization, body });
        if (!req.url!.startsWith('/api/v2/query')) return void res.writeHead(404).end('404 page not found');
        const q = (JSON.parse(body) as { query: string }).query;
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' });
        if (q.includes('r._field == "on_battery"')) return void res.end(`,result,table,_time,_value\r\n,_result,0,${iso(t0)},true\r\n\r\n`);
        if (!q.includes('r._measurement == "lab_temp"')) return void res.end('');
        res.end(
          `,result,table,_time,_value\r\n,_result,0,${iso(t0)},20\r\n,_result,0,${iso(t0 + MIN)},21.5\r\n\r\n` +
            `,result,table,_time,_value\r\n,"_result",1,${iso(t0 + 2 * MIN)},"22"\r\n\r\n`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    try {
      const r = await restartOn({ kind: 'v2', url, org: 'lab', bucket: 'lab data', token: 'tok-secret' }, join(dir, 'flux'));
      expect(r.alerting.engine.window.points('lab_temp', 'value').slice(0, -1)).toEqual([
        { time: t0, value: 20 },
        { time: t0 + MIN, value: 21.5 },
        { time: t0 + 2 * MIN, value: 22 },
      ]);
      expect(r.alerting.engine.window.points('ups', 'on_battery')).toEqual([{ time: t0, value: 1 }]);
      expect(r.filled).toBe(4);
      const flux = requests.filter((q) => q.url.startsWith('/api/v2/query'));
      expect(flux).toHaveLength(3); // one query per watched series
      expect(flux.every((q) => q.url === '/api/v2/query?org=lab' && q.auth === 'Token tok-secret')).toBe(true);
      const first = JSON.parse(flux[0]!.body) as { query: string; type: string };
      expect(first.type).toBe('flux');
      expect(first.query).toContain('from(bucket: "lab data")');
      expect(first.query).toContain('r._measurement == "lab_temp" and r._field == "value"');
      expect(r.log.lines.find((l) => l.msg === 'alert charts filled from the database')?.fields).toMatchObject({ api: 'Flux /api/v2/query' });
      expect(JSON.stringify(r.log.lines)).not.toContain('tok-secret');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('no database (file sink): the window starts empty, said once at info level', async () => {
    const r = await restartOn(undefined, join(dir, 'files'));
    expect(r.filled).toBe(0);
    expect(r.log.lines.filter((l) => /alert charts start empty/.test(l.msg))).toHaveLength(1);
    expect(r.log.lines.filter((l) => l.level === 'warn')).toEqual([]);
  });

  it('the CLI reads the window back from the sink its readings go to (INFLUX_URL)', async () => {
    const CONFIG = fileURLToPath(new URL('./fixtures/history.config.ts', import.meta.url));
    const res = await runRunner(['run', CONFIG, '--cycles', '2', '--data-dir', join(dir, 'cli')], {
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database },
    });
    expect(res.code, res.stderr).toBe(0);
    const filled = res.stderr.split('\n').filter((l) => l.includes('alert charts filled from the database')).map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(filled).toHaveLength(1);
    expect(filled[0]).toMatchObject({ series: 1, points: inWindow.length, database: `InfluxDB 1.x ${influx.url} db=${influx.database}` });
  });
});
