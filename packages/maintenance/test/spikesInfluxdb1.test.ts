import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runRunner, startInfluxDb1, type InfluxDb1Server } from '@expmon/test-servers';
import { formatNanoTime } from '@expmon/maintenance';

const CONFIG = new URL('./fixtures/spikes.config.ts', import.meta.url).pathname;
const MS = 1_000_000n;

interface Point {
  series: string; // tag set as shown by the command: 'lab=b12,unit=V'
  tags: string; // line-protocol tag set
  ns: bigint;
  value: number;
}

/**
 * One measurement `spiky` with three tag sets, 60 points each, 10 s apart, in the last hour:
 * - lab=b12,unit=V: noisy 20, a real step to 30 at index 30 (must stay), spikes at 2 (before
 *   --since), 10, 20+21 (a two-point dip), 45 (with a nanosecond timestamp) and 57 (after --until);
 * - lab=b13,unit=V: noisy 20 at the same times, no spike (must stay untouched);
 * - unit=V (no lab tag: a subset of the others' tags): a spike at 50 only.
 */
function dataset(base: bigint): Point[] {
  const at = (i: number) => base + BigInt(i) * 10_000n * MS;
  const points: Point[] = [];
  for (let i = 0; i < 60; i++) {
    const noise = 0.05 * Math.sin(i * 1.7);
    let a = (i < 30 ? 20 : 30) + noise;
    if (i === 2) a = 90;
    if (i === 10) a = 95;
    if (i === 20) a = 0.5;
    if (i === 21) a = 0.6;
    if (i === 45) a = 300;
    if (i === 57) a = -40;
    points.push({ series: 'lab=b12,unit=V', tags: 'lab=b12,unit=V', ns: i === 45 ? at(i) + 123_456_789n : at(i), value: a });
    points.push({ series: 'lab=b13,unit=V', tags: 'lab=b13,unit=V', ns: at(i), value: 20 + noise });
    points.push({ series: 'unit=V', tags: 'unit=V', ns: at(i), value: i === 50 ? 500 : 20 - noise });
  }
  return points;
}

/** Rows of the command's table: `time series` pairs. */
function listed(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => /^\d{4}-\d\d-\d\dT/.test(l))
    .map((l) => l.split(/\s+/).slice(0, 2).join(' '))
    .sort();
}
const key = (p: Point) => `${formatNanoTime(p.ns)} ${p.series}`;

// A real InfluxDB 1.6 (Debian's influxd); the CLI as a real process reading the config's sink.
describe('expmon-runner spikes → InfluxDB 1.6 (InfluxQL SELECT and DELETE)', () => {
  let influx: InfluxDb1Server;
  let points: Point[];
  let base: bigint;
  const env = () => ({ SPIKES_INFLUX_V1_URL: influx.url });

  beforeAll(async () => {
    influx = await startInfluxDb1();
    base = (BigInt(Date.now()) / 1000n) * 1000n * MS - 3_600_000n * MS;
    points = dataset(base);
    const body = points.map((p) => `spiky,${p.tags} value=${p.value} ${p.ns}`).join('\n');
    const res = await fetch(`${influx.url}/write?db=${influx.database}&precision=ns`, { method: 'POST', body });
    expect(res.status).toBe(204);
  });
  afterAll(async () => {
    await influx?.destroy();
  });

  const since = () => formatNanoTime(base + 50_000n * MS); // index 5
  const until = () => formatNanoTime(base + 550_000n * MS); // index 55, exclusive
  const inRangeSpikes = () =>
    points.filter((p, j) => {
      const i = Math.floor(j / 3);
      return (p.series === 'lab=b12,unit=V' && [10, 20, 21, 45].includes(i)) || (p.series === 'unit=V' && i === 50);
    });

  it('without --yes lists exactly the spikes of every tag set with their neighbours and deletes nothing', async () => {
    const res = await runRunner(['spikes', CONFIG, '--series', 'spiky', '--since', since(), '--until', until()], { env: env() });
    expect(res.code, res.stderr).toBe(0);
    expect(listed(res.stdout)).toEqual(inRangeSpikes().map(key).sort());
    expect(res.stdout).toMatch(/5 spikes found; nothing deleted \(run again with --yes/);
    // The nanosecond timestamp is shown (and later deleted) exactly.
    expect(res.stdout).toContain('.123456789Z');
    // Neighbours are printed: the 95 at index 10 sits between values near 20.
    const line10 = res.stdout.split('\n').find((l) => l.includes(' 95 '))!;
    expect(line10).toMatch(/20\.0\d+ .*20\.0?\d*/);
    const rows = await influx.query('SELECT value FROM spiky GROUP BY *');
    expect(rows).toHaveLength(points.length);
  });

  it('--since also takes a duration back from now: then the spikes outside the first range show too', async () => {
    const res = await runRunner(['spikes', CONFIG, '--series', 'spiky', '--since', '2h'], { env: env() });
    expect(res.code, res.stderr).toBe(0);
    const extra = points.filter((p, j) => p.series === 'lab=b12,unit=V' && [2, 57].includes(Math.floor(j / 3)));
    expect(listed(res.stdout)).toEqual([...inRangeSpikes(), ...extra].map(key).sort());
    expect(await influx.query('SELECT value FROM spiky GROUP BY *')).toHaveLength(points.length);
  });

  it('with --yes deletes exactly those spikes, in their own series only; every other point stays as it was', async () => {
    const res = await runRunner(['spikes', CONFIG, '--series', 'spiky', '--since', since(), '--until', until(), '--yes'], { env: env() });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/deleted 5 spikes/);
    const gone = new Set(inRangeSpikes().map(key));
    const expected = points
      .filter((p) => !gone.has(key(p)))
      .map((p) => `${p.series} ${p.ns / MS} ${p.value}`)
      .sort();
    const rows = await influx.query('SELECT value FROM spiky GROUP BY *', { epoch: 'ms' });
    const actual = rows.map((r) => `${r.lab ? `lab=${String(r.lab)},` : ''}unit=${String(r.unit)} ${String(r.time)} ${String(r.value)}`).sort();
    expect(actual).toHaveLength(points.length - 5);
    expect(actual).toEqual(expected);

    // Run again: the spikes outside the range (indices 2 and 57) are still there, nothing else.
    const again = await runRunner(['spikes', CONFIG, '--series', 'spiky', '--since', since(), '--until', until()], { env: env() });
    expect(again.stdout).toMatch(/no spikes found/);
  });

  it('fails with a config error when there is no database to clean, and on a bad --since', async () => {
    const none = await runRunner(['spikes', CONFIG, '--series', 'spiky', '--since', '1h'], {});
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no InfluxDB to clean/);
    const bad = await runRunner(['spikes', CONFIG, '--series', 'spiky', '--since', 'yesterday'], { env: env() });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--since yesterday is neither an RFC 3339 time/);
  });

  it('with the database down prints one clear line naming it, not a stack trace (exit 1)', async () => {
    const port = await freePort(); // nothing listens there
    const res = await runRunner(['spikes', CONFIG, '--series', 'spiky', '--since', '1h'], { env: { SPIKES_INFLUX_V1_URL: `http://127.0.0.1:${port}` } });
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(`expmon-runner spikes: device InfluxDB 1.x http://127.0.0.1:${port} db=expmon: cannot reach the database: ECONNREFUSED\n`);
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });
});
