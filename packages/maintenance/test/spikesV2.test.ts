import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runRunner } from '@expmon/test-servers';
import { formatNanoTime } from '@expmon/maintenance';

/*
 * The v2 path (Flux query + POST /api/v2/delete) cannot run against a real server here:
 * there is no InfluxDB 2.x on this machine and VictoriaMetrics has neither Flux nor
 * /api/v2/delete. So this test runs the real CLI against a small real HTTP server that
 * answers the Flux queries with annotated CSV (as InfluxDB 2.x does) and records the
 * delete requests, and checks their shape: endpoint, org/bucket, token, start = stop =
 * the spike's exact time, and the predicate naming the measurement and the series' tags.
 */
const CONFIG = new URL('./fixtures/spikes.config.ts', import.meta.url).pathname;
const MS = 1_000_000n;
const base = 1_764_288_000_000n * MS;
const at = (i: number) => base + BigInt(i) * 10_000n * MS;

/** Two series: lab=b12 (spikes at 8 and 15) and lab=b12,extra=x (a superset of its tags, a point at 15 only). */
function csvTables(flux: string): string {
  const header = (extra: boolean) =>
    [
      `#datatype,string,long,dateTime:RFC3339,dateTime:RFC3339,dateTime:RFC3339,double,string,string${extra ? ',string' : ''},string,string`,
      `#group,false,false,true,true,false,false,true,true${extra ? ',true' : ''},true,true`,
      `#default,_result,,,,,,,${extra ? ',' : ''},,`,
      `,result,table,_start,_stop,_time,_value,_field,_measurement${extra ? ',extra' : ''},lab,unit`,
    ].join('\r\n');
  const row = (table: number, i: number, v: number, extra: boolean) =>
    `,,${table},${formatNanoTime(base)},${formatNanoTime(at(100))},${formatNanoTime(at(i))},${v},value,spiky${extra ? ',x' : ''},b12,V`;
  if (flux.includes('tail(') || flux.includes('limit(')) return '';
  const values = Array.from({ length: 20 }, (_, i) => (i === 8 ? 95 : i === 15 ? -50 : 20 + 0.01 * (i % 3)));
  return `${header(false)}\r\n${values.map((v, i) => row(0, i, v, false)).join('\r\n')}\r\n\r\n${header(true)}\r\n${row(1, 15, 7, true)}\r\n\r\n`;
}

interface Recorded {
  url: string;
  auth: string | undefined;
  body: unknown;
}

describe('expmon-runner spikes → v2 API (Flux + /api/v2/delete), against a recording HTTP server', () => {
  let server: Server;
  let url: string;
  const deletes: Recorded[] = [];
  const queries: string[] = [];
  const read = async (req: IncomingMessage) => {
    let s = '';
    for await (const c of req) s += String(c);
    return s;
  };

  beforeAll(async () => {
    server = createServer(async (req, res) => {
      const body = await read(req);
      if (req.method === 'POST' && req.url?.startsWith('/api/v2/query')) {
        const flux = (JSON.parse(body) as { query: string }).query;
        queries.push(flux);
        res.writeHead(200, { 'content-type': 'text/csv; charset=utf-8' }).end(csvTables(flux));
      } else if (req.method === 'POST' && req.url?.startsWith('/api/v2/delete')) {
        deletes.push({ url: req.url, auth: req.headers.authorization, body: JSON.parse(body) });
        res.writeHead(204).end();
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    deletes.length = 0;
    queries.length = 0;
  });
  const env = () => ({ INFLUX_URL: url, INFLUX_TOKEN: 'secret-token', INFLUX_ORG: 'lab', INFLUX_BUCKET: 'expmon' });
  const args = ['spikes', CONFIG, '--series', 'spiky', '--since', formatNanoTime(base), '--until', formatNanoTime(at(100))];

  it('queries the range with Flux and deletes nothing without --yes', async () => {
    const res = await runRunner(args, { env: env() });
    expect(res.code, res.stderr).toBe(0);
    expect(deletes).toEqual([]);
    expect(queries[0]).toContain('from(bucket: "expmon")');
    expect(queries[0]).toContain(`range(start: time(v: "${formatNanoTime(base)}"), stop: time(v: "${formatNanoTime(at(100))}"))`);
    expect(queries[0]).toContain('r._measurement == "spiky" and r._field == "value"');
    expect(res.stdout).toContain(`${formatNanoTime(at(8))}  lab=b12,unit=V`);
    // The spike at 15 shares its time with the series that also has extra=x: a v2 predicate
    // would delete that point too, so it is listed as kept.
    expect(res.stdout).toMatch(/kept: another series shares this time/);
    expect(res.stdout).toMatch(/1 spike found; nothing deleted.*1 kept/);
  });

  it('with --yes posts one delete per spike: start = stop = its time, predicate with the measurement and tags', async () => {
    const res = await runRunner([...args, '--yes'], { env: env() });
    expect(res.code, res.stderr).toBe(0);
    expect(deletes).toEqual([
      {
        url: '/api/v2/delete?org=lab&bucket=expmon',
        auth: 'Token secret-token',
        body: {
          start: formatNanoTime(at(8)),
          stop: formatNanoTime(at(8)),
          predicate: '_measurement="spiky" AND lab="b12" AND unit="V"',
        },
      },
    ]);
    expect(res.stdout).toMatch(/deleted 1 spike/);
  });

  it('reports a refused delete with the server’s message and exit 1', async () => {
    const refusing = createServer(async (req, res) => {
      const body = await read(req);
      if (req.url?.startsWith('/api/v2/query')) {
        res.writeHead(200, { 'content-type': 'text/csv' }).end(csvTables((JSON.parse(body) as { query: string }).query));
      } else {
        res.writeHead(401, { 'content-type': 'application/json' }).end('{"code":"unauthorized","message":"unauthorized access"}');
      }
    });
    await new Promise<void>((r) => refusing.listen(0, '127.0.0.1', r));
    try {
      const port = (refusing.address() as AddressInfo).port;
      const res = await runRunner([...args, '--yes'], { env: { ...env(), INFLUX_URL: `http://127.0.0.1:${port}` } });
      expect(res.code).toBe(1);
      expect(res.stderr).toMatch(/refused the delete .*HTTP 401.*unauthorized access/);
    } finally {
      await new Promise<void>((r) => refusing.close(() => r()));
    }
  });
});
