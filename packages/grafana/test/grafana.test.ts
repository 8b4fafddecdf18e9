import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Dashboard, Panel, RowPanel } from '@grafana/schema';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runRunner, startInfluxDb1, type InfluxDb1Server } from '@expmon/test-servers';
import { REFRESH_INTERVALS, buildDashboard } from '../src/buildDashboard.js';
import { influxqlQueries } from '../src/sensorQueries.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/grafana.config.ts', import.meta.url));
const NO_SINK_FIXTURE = fileURLToPath(new URL('./fixtures/no-sink.config.ts', import.meta.url));
const PASSWORD = 'grafana-pw-never-written';

type AnyPanel = Panel & Partial<Pick<RowPanel, 'collapsed' | 'panels'>>;

/**
 * What Grafana's schema (`@grafana/schema`'s Dashboard, Panel, RowPanel) requires, checked at
 * run time on the generated JSON (the types check `buildDashboard` when the tests typecheck).
 */
function expectGrafanaShape(d: Dashboard): void {
  expect(typeof d.schemaVersion).toBe('number');
  expect(typeof d.uid).toBe('string');
  expect(d.uid!.length).toBeLessThanOrEqual(40);
  const ids = new Set<number>();
  for (const p of d.panels as AnyPanel[]) {
    expect(typeof p.type).toBe('string');
    expect(p.gridPos).toEqual({ h: expect.any(Number), w: expect.any(Number), x: expect.any(Number), y: expect.any(Number) });
    expect(p.gridPos!.x + p.gridPos!.w).toBeLessThanOrEqual(24);
    expect(ids.has(p.id!)).toBe(false);
    ids.add(p.id!);
    if (p.type === 'row') {
      expect(p.collapsed).toBe(false);
      expect(p.panels).toEqual([]);
      continue;
    }
    expect(p.fieldConfig).toEqual({ defaults: expect.any(Object), overrides: [] });
    const th = p.fieldConfig!.defaults.thresholds!;
    expect(th.mode).toBe('absolute');
    expect(th.steps[0]!.value).toBeNull(); // Grafana: the first step is always from -∞
    const values = th.steps.slice(1).map((s) => s.value as number);
    expect(values).toEqual([...values].sort((a, b) => a - b));
  }
}

const sensorPanels = (d: Dashboard): AnyPanel[] => (d.panels as AnyPanel[]).filter((p) => p.type === 'timeseries' || p.type === 'gauge');
const backupStats = (d: Dashboard): AnyPanel[] => (d.panels as AnyPanel[]).filter((p) => p.type === 'stat');

describe('expmon-runner grafana', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-grafana-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes the data source, the dashboard provider and the dashboard from the config', async () => {
    const out = join(dir, 'provisioning');
    const res = await runRunner(['grafana', FIXTURE, '--out', out], { env: { LAB_INFLUX_PASSWORD: PASSWORD } });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain(join(out, 'dashboards/expmon.json'));

    const dsText = readFileSync(join(out, 'datasources/expmon.yaml'), 'utf8');
    const providerText = readFileSync(join(out, 'dashboards/expmon.yaml'), 'utf8');
    const jsonText = readFileSync(join(out, 'dashboards/expmon.json'), 'utf8');
    for (const text of [dsText, providerText, jsonText, res.stdout, res.stderr]) expect(text).not.toContain(PASSWORD);

    expect(parse(dsText)).toEqual({
      apiVersion: 1,
      datasources: [
        {
          name: 'expmon InfluxDB',
          uid: 'expmon-influxdb',
          type: 'influxdb',
          access: 'proxy',
          url: 'http://127.0.0.1:8086',
          editable: false,
          user: 'grafana-reader',
          jsonData: { dbName: 'lab', httpMode: 'POST' },
          secureJsonData: { password: '$__env{LAB_INFLUX_PASSWORD}' },
        },
      ],
    });
    expect(parse(providerText)).toEqual({
      apiVersion: 1,
      providers: [
        {
          name: 'expmon',
          orgId: 1,
          folder: 'expmon',
          type: 'file',
          disableDeletion: false,
          allowUiUpdates: false,
          updateIntervalSeconds: 30,
          options: { path: join(out, 'dashboards'), foldersFromFilesStructure: false },
        },
      ],
    });

    const d = JSON.parse(jsonText) as Dashboard;
    expectGrafanaShape(d);
    expect(d.uid).toBe('expmon-grafana');
    expect(d.timepicker?.refresh_intervals).toEqual(['5s', '10s', '30s', '1m', '5m', '15m', '30m', '1h', '2h', '1d']);
    expect(d.refresh).toBe('5s'); // the config polls every 5 s
    // Rows by group (entry's group, else the device), in config order; two panels per sensor.
    const layout = (d.panels as AnyPanel[]).map((p) => `${p.type}:${p.title}`);
    expect(layout).toEqual([
      'row:cryostat',
      'timeseries:cryostat_temp',
      'gauge:cryostat_temp (last)',
      'row:vacuum',
      'timeseries:chamber_pressure',
      'gauge:chamber_pressure (last)',
      'row:arduino-adc',
      'timeseries:lab_humidity',
      'gauge:lab_humidity (last)',
      'row:ilm',
      'timeseries:he level "B"',
      'gauge:he level "B" (last)',
      // The last run of `expmon-runner backup`, whatever the config.
      'row:backups',
      'stat:last backup',
      'stat:last backup verified',
      'stat:last backup age',
      'stat:last backup size',
      'stat:last backup duration',
    ]);
    const panel = (title: string): AnyPanel => (d.panels as AnyPanel[]).find((p) => p.title === title)!;
    expect(panel('cryostat_temp').fieldConfig!.defaults.unit).toBe('kelvin');
    expect(panel('chamber_pressure (last)').fieldConfig!.defaults.unit).toBe('pressurembar');
    expect(panel('lab_humidity (last)').fieldConfig!.defaults).toMatchObject({ unit: 'percent', min: 0, max: 100 });
    expect(panel('he level "B"').fieldConfig!.defaults.unit).toBe('suffix: Torr');
    expect(panel('cryostat_temp').description).toBe('Cold plate of the cryostat (K-type thermocouple)');
    expect(panel('lab_humidity').description).toBeUndefined();

    // Alert thresholds drawn on both panels of a sensor; the rule on field `raw` is not.
    const steps = (t: string): unknown => panel(t).fieldConfig!.defaults.thresholds!.steps;
    expect(steps('cryostat_temp')).toEqual([
      { color: 'green', value: null },
      { color: 'red', value: 80 },
    ]);
    expect(steps('cryostat_temp (last)')).toEqual(steps('cryostat_temp'));
    expect(steps('chamber_pressure')).toEqual([
      { color: 'red', value: null },
      { color: 'green', value: 1e-7 },
      { color: 'red', value: 5e-6 },
    ]);
    expect(steps('lab_humidity')).toEqual([
      { color: 'red', value: null },
      { color: 'green', value: 20 },
      { color: 'red', value: 70 },
    ]);
    expect(panel('cryostat_temp').fieldConfig!.defaults.custom).toMatchObject({ thresholdsStyle: { mode: 'dashed+area' } });
    expect(panel('he level "B"').fieldConfig!.defaults.custom).toMatchObject({ thresholdsStyle: { mode: 'off' } });

    // Queries: InfluxQL, raw, on the provisioned data source.
    for (const p of sensorPanels(d)) {
      expect(p.datasource).toEqual({ type: 'influxdb', uid: 'expmon-influxdb' });
      expect(p.targets).toHaveLength(1);
      expect(p.targets![0]).toMatchObject({ refId: 'A', rawQuery: true, resultFormat: 'time_series' });
    }
    expect(panel('cryostat_temp').targets![0]!.query).toBe(
      'SELECT mean("value") FROM "cryostat_temp" WHERE $timeFilter GROUP BY time($__interval) fill(null)',
    );
    expect(panel('cryostat_temp (last)').targets![0]!.query).toBe('SELECT last("value") FROM "cryostat_temp" WHERE $timeFilter');

    // Backups: green/red on ok and verified, the age of the last run, its size and duration; 30 days back whatever the time range.
    expect(panel('last backup').targets![0]).toMatchObject({ rawQuery: true, query: 'SELECT last("ok") FROM "expmon_backup" WHERE time > now() - 30d' });
    expect(panel('last backup verified').targets![0]!.query).toBe('SELECT last("verified") FROM "expmon_backup" WHERE time > now() - 30d');
    expect(panel('last backup').fieldConfig!.defaults.mappings).toEqual([
      {
        type: 'value',
        options: {
          true: { text: 'OK', color: 'green', index: 0 },
          '1': { text: 'OK', color: 'green', index: 1 },
          false: { text: 'FAILED', color: 'red', index: 2 },
          '0': { text: 'FAILED', color: 'red', index: 3 },
        },
      },
    ]);
    expect(panel('last backup').options).toMatchObject({ colorMode: 'background', reduceOptions: { calcs: ['lastNotNull'], fields: '' } });
    expect(panel('last backup age').fieldConfig!.defaults.unit).toBe('dateTimeFromNow');
    expect(panel('last backup age').options).toMatchObject({ reduceOptions: { fields: '/^Time$/' } });
    expect(panel('last backup size').fieldConfig!.defaults.unit).toBe('bytes');
    expect(panel('last backup duration').fieldConfig!.defaults.unit).toBe('s');
    for (const p of backupStats(d)) expect(p.description).toContain('expmon-runner backup');
    const backupRow = (d.panels as AnyPanel[]).find((p) => p.title === 'backups')!;
    const lastSensor = panel('he level "B"');
    expect(backupRow.gridPos!.y).toBe(lastSensor.gridPos!.y + lastSensor.gridPos!.h);
    expect(backupStats(d).reduce((w, p) => w + p.gridPos!.w, 0)).toBe(24);
  });

  it('v2 API from INFLUX_*: Flux queries, or InfluxQL with a token header; the token only as $__env', async () => {
    const env = { INFLUX_URL: 'http://127.0.0.1:8181', INFLUX_ORG: 'lab', INFLUX_BUCKET: 'expmon', INFLUX_TOKEN: 'tok-never-written' };
    const flux = join(dir, 'flux');
    const res = await runRunner(['grafana', FIXTURE, '--out', flux, '--language', 'flux', '--title', 'Lab B12', '--uid', 'lab-b12'], { env });
    expect(res.code, res.stderr).toBe(0);
    const ds = parse(readFileSync(join(flux, 'datasources/expmon.yaml'), 'utf8')) as { datasources: Array<Record<string, unknown>> };
    expect(ds.datasources[0]).toMatchObject({
      url: 'http://127.0.0.1:8181',
      jsonData: { version: 'Flux', organization: 'lab', defaultBucket: 'expmon' },
      secureJsonData: { token: '$__env{INFLUX_TOKEN}' },
    });
    const d = JSON.parse(readFileSync(join(flux, 'dashboards/expmon.json'), 'utf8')) as Dashboard;
    expectGrafanaShape(d);
    expect(d).toMatchObject({ title: 'Lab B12', uid: 'lab-b12' });
    const q = sensorPanels(d)[0]!.targets![0]!;
    expect(q.rawQuery).toBeUndefined();
    expect(q.query).toContain('from(bucket: "expmon")');
    expect(q.query).toContain('r._measurement == "cryostat_temp"');
    expect(backupStats(d)[0]!.targets![0]!.query).toBe(
      ['from(bucket: "expmon")', '  |> range(start: -30d)', '  |> filter(fn: (r) => r._measurement == "expmon_backup" and r._field == "ok")', '  |> last()'].join('\n'),
    );

    const ql = join(dir, 'influxql-v2');
    expect((await runRunner(['grafana', FIXTURE, '--out', ql], { env })).code).toBe(0);
    const ds2 = parse(readFileSync(join(ql, 'datasources/expmon.yaml'), 'utf8')) as { datasources: Array<Record<string, unknown>> };
    expect(ds2.datasources[0]).toMatchObject({
      jsonData: { version: 'InfluxQL', dbName: 'expmon', httpHeaderName1: 'Authorization' },
      secureJsonData: { httpHeaderValue1: 'Token $__env{INFLUX_TOKEN}' },
    });
    // --no-backups: the same dashboard without the backups row.
    const noBackups = join(dir, 'no-backups');
    expect((await runRunner(['grafana', FIXTURE, '--out', noBackups, '--no-backups'], { env })).code).toBe(0);
    const d3 = JSON.parse(readFileSync(join(noBackups, 'dashboards/expmon.json'), 'utf8')) as Dashboard;
    expect(backupStats(d3)).toEqual([]);
    expect((d3.panels as AnyPanel[]).some((p) => p.title === 'backups')).toBe(false);
    expect(sensorPanels(d3)).toHaveLength(8);
    for (const f of ['datasources/expmon.yaml', 'dashboards/expmon.json']) {
      expect(readFileSync(join(flux, f), 'utf8') + readFileSync(join(ql, f), 'utf8')).not.toContain('tok-never-written');
    }
  });

  it('fails with a config error when there is no database to show, or Flux on InfluxDB 1.x', async () => {
    const none = await runRunner(['grafana', NO_SINK_FIXTURE, '--out', join(dir, 'none')]);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no InfluxDB to show');
    const flux1 = await runRunner(['grafana', FIXTURE, '--out', join(dir, 'flux1'), '--language', 'flux']);
    expect(flux1.code).toBe(2);
    expect(flux1.stderr).toContain('Flux needs the InfluxDB v2 API');
  });

  it('buildDashboard returns a Grafana schema Dashboard', () => {
    const d: Dashboard = buildDashboard({
      title: 't',
      uid: 'u',
      language: 'InfluxQL',
      datasource: { type: 'influxdb', uid: 'x' },
      queries: (m) => influxqlQueries(m),
      sensors: [{ measurement: 'm', group: 'g', unit: 'V' }],
      intervalMs: 90_000,
    });
    expectGrafanaShape(d);
    expect(d.refresh).toBe('5m'); // first choice not faster than a 90 s poll
    expect(backupStats(d)).toEqual([]); // no backupQuery: no backups row
    expect(REFRESH_INTERVALS).toContain(d.refresh);
  });
});

// The generated InfluxQL against a real InfluxDB 1.6 holding what the runner wrote from the
// same config: Grafana's macros replaced as Grafana would ($timeFilter, $__interval).
describe('generated queries → InfluxDB 1.6', () => {
  let influx: InfluxDb1Server;
  let dir: string;
  beforeAll(async () => {
    influx = await startInfluxDb1();
    dir = await mkdtemp(join(tmpdir(), 'expmon-grafana-influx-'));
  });
  afterAll(async () => {
    await influx?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('every panel query returns the sensor’s values, in the config’s unit', async () => {
    const env = { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database };
    const run = await runRunner(['run', FIXTURE, '--cycles', '3', '--interval', '200ms', '--data-dir', join(dir, 'data')], { env });
    expect(run.code, run.stderr).toBe(0);
    const out = join(dir, 'provisioning');
    const gen = await runRunner(['grafana', FIXTURE, '--out', out], { env });
    expect(gen.code, gen.stderr).toBe(0);
    const ds = parse(readFileSync(join(out, 'datasources/expmon.yaml'), 'utf8')) as { datasources: Array<{ url: string; jsonData: { dbName: string } }> };
    expect(ds.datasources[0]).toMatchObject({ url: influx.url, jsonData: { dbName: influx.database } });

    const d = JSON.parse(readFileSync(join(out, 'dashboards/expmon.json'), 'utf8')) as Dashboard;
    const expected: Record<string, [number, number]> = {
      cryostat_temp: [76.5, 77.8], // −196 °C ± 0.5 converted to K
      chamber_pressure: [1.4e-6, 2.6e-6],
      lab_humidity: [41.9, 48.1],
      'he level "B"': [68.9, 71.1],
    };
    const panels = sensorPanels(d);
    expect(panels).toHaveLength(8);
    for (const p of panels) {
      const sensor = p.title!.replace(/ \(last\)$/, '');
      const query = String(p.targets![0]!.query).replace('$timeFilter', 'time > now() - 1h').replace('$__interval', '1s');
      const rows = (await influx.query(query)).filter((r) => r.mean !== null || r.last !== undefined);
      expect(rows.length, `${p.title}: ${query}`).toBeGreaterThan(0);
      const values = rows.map((r) => Number(r.mean ?? r.last));
      if (p.type === 'gauge') expect(rows).toHaveLength(1);
      const [lo, hi] = expected[sensor]!;
      for (const v of values) {
        expect(v, `${p.title}`).toBeGreaterThanOrEqual(lo);
        expect(v, `${p.title}`).toBeLessThanOrEqual(hi);
      }
    }

    // Backup panels: two runs as the backup command stores them (a failed one 2 days ago, a
    // verified one 3 hours ago) and one 40 days ago, outside the look-back.
    const now = Date.now();
    const H = 3_600_000;
    const lines = [
      `expmon_backup ok=true,bytes=999i,seconds=1,verified=true ${now - 960 * H}`,
      `expmon_backup ok=false,bytes=0i,seconds=0.4,verified=false ${now - 48 * H}`,
      `expmon_backup ok=true,bytes=7340032i,seconds=12.5,verified=true ${now - 3 * H}`,
    ];
    const w = await fetch(`${influx.url}/write?db=${influx.database}&precision=ms`, { method: 'POST', body: lines.join('\n') });
    expect(w.status).toBe(204);
    const last: Record<string, unknown> = {};
    for (const p of backupStats(d)) {
      const rows = await influx.query(String(p.targets![0]!.query));
      expect(rows, p.title).toHaveLength(1);
      last[p.title!] = p.title === 'last backup age' ? rows[0]!.time : rows[0]!.last;
    }
    expect(last).toEqual({
      'last backup': true,
      'last backup verified': true,
      'last backup age': now - 3 * H,
      'last backup size': 7340032,
      'last backup duration': 12.5,
    });
  });
});
