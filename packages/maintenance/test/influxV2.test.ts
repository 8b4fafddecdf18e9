import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runRunner } from '@expmon/test-servers';
import { InfluxV2Backup, MissingToolError, type BackupManifest } from '@expmon/maintenance';

/*
 * InfluxDB 2.x cannot run here: there is no InfluxDB 2 server on this machine (nor its
 * `influx` CLI), and VictoriaMetrics has neither Flux nor /api/v2/delete. So these tests run
 * the real CLI against a small real HTTP server standing in for InfluxDB 2 (it answers /ping
 * with an X-Influxdb-Version header, Flux queries with annotated CSV, and records every
 * request), and check the requests and command lines expmon builds.
 */
const CONFIG = new URL('./fixtures/backup.config.ts', import.meta.url).pathname;

interface Recorded {
  method: string;
  url: string;
  auth: string | undefined;
  body: string;
}

/** Flux `count()` tables for temp1: two series with tags lab and unit, fields value and raw. */
function countCsv(): string {
  return [
    '#datatype,string,long,string,string,string,string,long',
    '#group,false,false,true,true,true,true,false',
    '#default,_result,,,,,,',
    ',result,table,_field,_measurement,lab,unit,_value',
    ',,0,value,temp1,b12,K,40',
    ',,1,raw,temp1,b12,K,40',
    ',,2,value,temp1,b13,K,38',
    '',
    '',
  ].join('\r\n');
}

/** Flux counts per measurement and field of the whole bucket (for the backup manifest). */
function bucketCountCsv(): string {
  return [
    '#datatype,string,long,string,string,long',
    '#group,false,false,true,true,false',
    '#default,_result,,,,',
    ',result,table,_field,_measurement,_value',
    ',,0,value,lab_temp,120',
    ',,1,seq,lab_temp,118',
    ',,2,value,ups,60',
    '',
    '',
  ].join('\r\n');
}

function tagKeysCsv(): string {
  return ['#datatype,string,long,string', '#group,false,false,false', '#default,_result,,', ',result,table,_value', ...['_start', '_stop', '_field', '_measurement', 'lab', 'unit'].map((k) => `,,0,${k}`), '', ''].join('\r\n');
}

describe('InfluxDB 2 (recording HTTP stand-in): influx backup and rename-series with Flux', () => {
  let server: Server;
  let url: string;
  let dir: string;
  const requests: Recorded[] = [];
  let copied = false;
  const read = async (req: IncomingMessage) => {
    let s = '';
    for await (const c of req) s += String(c);
    return s;
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-v2-test-'));
    server = createServer(async (req, res) => {
      const body = await read(req);
      requests.push({ method: req.method!, url: req.url!, auth: req.headers.authorization, body });
      if (req.url === '/ping') {
        res.writeHead(204, { 'x-influxdb-version': 'v2.7.10' }).end();
      } else if (req.method === 'POST' && req.url?.startsWith('/api/v2/query')) {
        const flux = (JSON.parse(body) as { query: string }).query;
        let csv = '';
        if (flux.includes('schema.measurementTagKeys')) csv = tagKeysCsv();
        else if (flux.includes('group(columns: ["_measurement", "_field"])')) csv = bucketCountCsv();
        else if (flux.includes('to(bucket:')) copied = true;
        else if (flux.includes('count()') && flux.includes('range(start: 0)')) {
          if (flux.includes('"temp1"')) csv = countCsv();
          else if (flux.includes('"cryostat_temp"') && copied) csv = countCsv().replace(/temp1/g, 'cryostat_temp');
        }
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end(csv);
      } else if (req.method === 'POST' && (req.url?.startsWith('/api/v2/delete') || req.url?.startsWith('/api/v2/write'))) {
        res.writeHead(204).end();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((r) => server.close(() => r()));
    await rm(dir, { recursive: true, force: true });
  });
  beforeEach(() => {
    requests.length = 0;
  });
  const env = (extra: Record<string, string> = {}) => ({ INFLUX_URL: url, INFLUX_TOKEN: 'v2-s3cret-token', INFLUX_ORG: 'lab', INFLUX_BUCKET: 'expmon', ...extra });

  it('builds `influx backup DIR --host --org --bucket` with the token in INFLUX_TOKEN, never on the command line', () => {
    const b = new InfluxV2Backup({ url: 'http://127.0.0.1:8086', org: 'lab', bucket: 'expmon', token: 'tok' });
    expect(b.backupCommand('/srv/backup/x/data')).toEqual({
      args: ['backup', '/srv/backup/x/data', '--host', 'http://127.0.0.1:8086', '--org', 'lab', '--bucket', 'expmon'],
      env: { INFLUX_TOKEN: 'tok' },
    });
    expect(() => new InfluxV2Backup({ url: 'http://127.0.0.1:8086', org: 'lab', bucket: 'expmon' }).backupCommand('/x')).toThrow(/needs a token/);
  });

  it('without the influx CLI: a clear "missing tool" error naming the package; the failed run is stored as expmon_backup', async () => {
    const res = await runRunner(['backup', CONFIG, '--to', join(dir, 'missing')], { env: env({ PATH: '/usr/bin:/bin' }) });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain("expmon-runner backup: influx not found: install InfluxDB 2's CLI, the package influxdb2-cli");
    expect(res.stderr).not.toContain('v2-s3cret-token');
    expect(readdirSync(join(dir, 'missing'))).toEqual([]);
    const write = requests.find((r) => r.url.startsWith('/api/v2/write'))!;
    expect(write.url).toBe('/api/v2/write?org=lab&bucket=expmon&precision=ms');
    expect(write.auth).toBe('Token v2-s3cret-token');
    expect(write.body).toMatch(/^expmon_backup,database=expmon,engine=influxdb2 bytes=0i,error="influx not found: [^\n]*",folder="",ok=F,seconds=[\d.]+,verified=F \d{13}\n$/);
    expect(MissingToolError.isInstance(new MissingToolError('influx', 'x'))).toBe(true);
  });

  it('runs the influx CLI (a recording stand-in on PATH) with that command line; --verify says it is not supported', async () => {
    const bin = join(dir, 'bin');
    mkdirSync(bin, { recursive: true });
    const log = join(dir, 'influx.log');
    writeFileSync(join(bin, 'influx'), `#!/bin/sh\necho "$*|$INFLUX_TOKEN" >> "${log}"\nmkdir -p "$2" && echo data > "$2/20261130T040000Z.manifest"\n`, { mode: 0o755 });
    const to = join(dir, 'made');
    const res = await runRunner(['backup', CONFIG, '--to', to, '--verify'], { env: env({ PATH: `${bin}:${process.env.PATH}` }) });
    expect(res.code).toBe(1);
    const [folder] = readdirSync(to);
    expect(readFileSync(log, 'utf8')).toBe(`backup ${join(to, folder!, 'data')} --host ${url} --org lab --bucket expmon|v2-s3cret-token\n`);
    const m = JSON.parse(readFileSync(join(to, folder!, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(m).toMatchObject({ engine: 'influxdb2', name: 'expmon', measurements: { lab_temp: 120, ups: 60 }, bytes: 5, files: 1 });
    expect(m.command).not.toContain('v2-s3cret-token');
    const count = requests.map((r) => r.body).find((b) => b.includes('count()'))!;
    expect((JSON.parse(count) as { query: string }).query).toBe(
      `from(bucket: "expmon")\n  |> range(start: 0, stop: time(v: "${new Date(Date.parse(m.countedUntil) + 1).toISOString()}"))\n  |> group(columns: ["_measurement", "_field"])\n  |> count()`,
    );
    expect(res.stderr).toContain('restore failed: backup --verify is not supported here: verifying an InfluxDB 2 backup needs a throw-away InfluxDB 2 server');
    expect(m.verified).toMatchObject({ ok: false });
  });

  it('rename-series lists the plan with Flux, copies with set() + to(), compares counts and drops OLD with the delete API', async () => {
    const dry = await runRunner(['rename-series', CONFIG, 'temp1', 'cryostat_temp'], { env: env() });
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('tag keys: lab, unit');
    expect(dry.stdout).toMatch(/^lab=b12,unit=K\s+40\s+raw value$/m);
    expect(dry.stdout).toContain('2 series, 78 points');
    expect(requests.some((r) => r.body.includes('to(bucket:'))).toBe(false);
    expect(requests.some((r) => r.url.startsWith('/api/v2/delete'))).toBe(false);

    requests.length = 0;
    const res = await runRunner(['rename-series', CONFIG, 'temp1', 'cryostat_temp', '--yes', '--drop-old'], { env: env() });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('counts match: 2 series');
    expect(res.stdout).toContain('dropped temp1');
    const fluxes = requests.filter((r) => r.url.startsWith('/api/v2/query')).map((r) => (JSON.parse(r.body) as { query: string }).query);
    expect(requests.filter((r) => r.url.startsWith('/api/v2/query')).every((r) => r.url === '/api/v2/query?org=lab' && r.auth === 'Token v2-s3cret-token')).toBe(true);
    expect(fluxes).toContain(
      'from(bucket: "expmon")\n  |> range(start: 0)\n  |> filter(fn: (r) => r._measurement == "temp1")\n  |> set(key: "_measurement", value: "cryostat_temp")\n  |> to(bucket: "expmon", org: "lab")',
    );
    expect(fluxes).toContain('import "influxdata/influxdb/schema"\nschema.measurementTagKeys(bucket: "expmon", measurement: "temp1")');
    expect(fluxes).toContain('from(bucket: "expmon")\n  |> range(start: -60000ms)\n  |> filter(fn: (r) => r._measurement == "temp1")\n  |> count()');
    const del = requests.filter((r) => r.url.startsWith('/api/v2/delete'));
    expect(del).toHaveLength(1);
    expect(del[0]!.url).toBe('/api/v2/delete?org=lab&bucket=expmon');
    expect(JSON.parse(del[0]!.body)).toEqual({ start: '1970-01-01T00:00:00Z', stop: '2262-04-11T23:47:16Z', predicate: '_measurement="temp1"' });
  });
});
