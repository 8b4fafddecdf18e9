import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRunner, startInfluxDb1, type InfluxDb1Server } from '@expmon/test-servers';

const CONFIG = new URL('./fixtures/backup.config.ts', import.meta.url).pathname;

/** Every point of a measurement as `tags|fields|time`, sorted (tags as tags, not fields). */
async function dump(influx: InfluxDb1Server, m: string): Promise<string[]> {
  const res = await fetch(`${influx.url}/query?${new URLSearchParams({ db: influx.database, q: `SELECT * FROM "${m}" GROUP BY *`, epoch: 'ns' })}`);
  const body = (await res.json()) as { results: Array<{ series?: Array<{ tags?: Record<string, string>; columns: string[]; values: unknown[][] }> }> };
  const out: string[] = [];
  for (const s of body.results[0]!.series ?? []) {
    const tags = Object.entries(s.tags ?? {}).filter(([, v]) => v !== '').map(([k, v]) => `${k}=${v}`).sort().join(',');
    for (const row of s.values) {
      const fields = s.columns.map((c, i) => (c === 'time' || row[i] === null ? '' : `${c}=${String(row[i])}`)).filter(Boolean).join(',');
      out.push(`${tags}|${fields}|${String(row[0])}`);
    }
  }
  return out.sort();
}

/**
 * One measurement `temp1` with two tag keys (lab, unit) in three tag sets (one lacking `lab`),
 * two fields (value, raw; raw missing on some points) and nanosecond times, in a real InfluxDB 1.6.
 */
function dataset(): string {
  const lines: string[] = [];
  const t0 = 1_764_288_000_000_000_000n;
  for (let i = 0; i < 40; i++) {
    const t = t0 + BigInt(i) * 1_000_000_123n;
    lines.push(`temp1,lab=b12,unit=K value=${290 + i * 0.01},raw=${1000 + i}i ${t}`);
    lines.push(`temp1,lab=b13,unit=K value=${291 + i * 0.01}${i % 3 === 0 ? '' : `,raw=${2000 + i}i`} ${t}`);
    if (i % 2 === 0) lines.push(`temp1,unit=mV value=${i} ${t}`);
  }
  return lines.join('\n');
}

describe('expmon-runner rename-series → InfluxDB 1.6 (InfluxQL)', () => {
  let influx: InfluxDb1Server;
  const env = () => ({ BACKUP_INFLUX_V1_URL: influx.url });
  const rename = (...args: string[]) => runRunner(['rename-series', CONFIG, ...args], { env: env() });
  let original: string[];

  beforeAll(async () => {
    influx = await startInfluxDb1();
    const res = await fetch(`${influx.url}/write?db=${influx.database}&precision=ns`, { method: 'POST', body: dataset() });
    expect(res.status).toBe(204);
    original = await dump(influx, 'temp1');
    expect(original).toHaveLength(100);
  });
  afterAll(async () => {
    await influx?.destroy();
  });

  it('without --yes lists tag keys, series and counts, and changes nothing', async () => {
    const res = await rename('temp1', 'cryostat_temp');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('tag keys: lab, unit');
    expect(res.stdout).toMatch(/^lab=b12,unit=K\s+40\s+raw value$/m);
    expect(res.stdout).toMatch(/^lab=b13,unit=K\s+40\s+raw value$/m);
    expect(res.stdout).toMatch(/^unit=mV\s+20\s+value$/m);
    expect(res.stdout).toContain('3 series, 100 points');
    expect(res.stdout).toContain('nothing done: run again with --yes');
    expect(res.stdout).not.toContain('received'); // the points are from 2025: nothing recent
    expect(await dump(influx, 'cryostat_temp')).toEqual([]);
    expect(await dump(influx, 'temp1')).toEqual(original);
  });

  it('--yes copies every point with every tag kept as a tag, counts match, OLD is kept without --drop-old', async () => {
    const res = await rename('temp1', 'cryostat_temp', '--yes');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('counts match: 3 series, every tag set and field');
    expect(res.stdout).toContain('temp1 kept');
    expect(await dump(influx, 'cryostat_temp')).toEqual(original);
    expect(await dump(influx, 'temp1')).toEqual(original);
    // Tags stayed tags (without GROUP BY * they would have become fields).
    const keys = await influx.query('SHOW TAG KEYS FROM "cryostat_temp"');
    expect(keys.map((r) => r.tagKey).sort()).toEqual(['lab', 'unit']);
    const fields = await influx.query('SHOW FIELD KEYS FROM "cryostat_temp"');
    expect(fields.map((r) => r.fieldKey).sort()).toEqual(['raw', 'value']);
  });

  it('a second run over an equal copy only compares; a NEW with other points is refused', async () => {
    const again = await rename('temp1', 'cryostat_temp', '--yes');
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain('cryostat_temp already holds a copy of temp1 with equal counts: not copied again');
    expect(again.stdout).toContain('counts match');
    const extra = await fetch(`${influx.url}/write?db=${influx.database}&precision=ns`, { method: 'POST', body: 'cryostat_temp,lab=b99,unit=K value=3 1764288000000000000' });
    expect(extra.status).toBe(204);
    const res = await rename('temp1', 'cryostat_temp', '--yes', '--drop-old');
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('cryostat_temp already has 4 series that differ from temp1');
    expect(await dump(influx, 'temp1')).toEqual(original);
  });

  it('--drop-old drops OLD only after the counts matched; warns while OLD is still written', async () => {
    // A point written now: the acquisition still writes temp1.
    const now = BigInt(Date.now()) * 1_000_000n;
    const res0 = await fetch(`${influx.url}/write?db=${influx.database}&precision=ns`, { method: 'POST', body: `temp1,lab=b12,unit=K value=1 ${now}` });
    expect(res0.status).toBe(204);
    const withRecent = await dump(influx, 'temp1');
    const res = await rename('temp1', 'lab_temp', '--yes', '--drop-old');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('warning: temp1 received 1 points in the last minute');
    expect(res.stdout).toContain('counts match');
    expect(res.stdout).toContain('dropped temp1');
    expect(await dump(influx, 'lab_temp')).toEqual(withRecent);
    expect(await dump(influx, 'temp1')).toEqual([]);
  });
});
