import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRunner, startInfluxDb1, type InfluxDb1Server } from '@expmon/test-servers';
import { COUNTING_CONFIG, keys, recorded, rowsOf } from './recorded.js';

// A real InfluxDB 1.6 (Debian's influxd) on a free loopback port; the runner as a real process.
describe('runner → InfluxDB 1.6 (/write, read back with InfluxQL)', () => {
  let influx: InfluxDb1Server;
  let dir: string;
  beforeAll(async () => {
    influx = await startInfluxDb1();
    dir = await mkdtemp(join(tmpdir(), 'expmon-influx1-'));
  });
  afterAll(async () => {
    await influx?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores N readings exactly: values, millisecond timestamps and tags', async () => {
    const record = join(dir, 'exact.jsonl');
    const res = await runRunner(['run', COUNTING_CONFIG, '--cycles', '20', '--data-dir', join(dir, 'exact')], {
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database, EXPMON_TEST_RECORD: record },
    });
    expect(res.code, res.stderr).toBe(0);
    const truth = rowsOf(recorded(record));
    expect(truth.length).toBe(40);
    const rows = [
      ...(await influx.query('SELECT * FROM count_a GROUP BY *')),
      ...(await influx.query('SELECT * FROM count_b GROUP BY *')),
    ];
    expect(rows).toHaveLength(40);
    expect(keys(rows as never)).toEqual(keys(truth));
    for (const r of rows) {
      expect(r.unit).toBe('V');
      expect(r.lab).toBe('b12');
    }
    // `value` is a float field: a whole number later must not conflict.
    const types = await influx.query('SHOW FIELD KEYS FROM count_a');
    expect(types).toContainEqual(expect.objectContaining({ fieldKey: 'value', fieldType: 'float' }));
  });

  it('moves lines the database refuses (field type conflict) to the dead-letter file; the rest ships', async () => {
    // Make `seq` of count_a a string field first: the runner's float `seq` then conflicts.
    const t = Date.now() - 60_000;
    const res0 = await fetch(`${influx.url}/write?db=${influx.database}&precision=ms`, {
      method: 'POST',
      body: `count_conflict,unit=V seq="text",value=1 ${t}`,
    });
    expect(res0.status).toBe(204);
    const dataDir = join(dir, 'conflict');
    const record = join(dir, 'conflict.jsonl');
    const res = await runRunner(['run', join(COUNTING_CONFIG, '..', 'conflict.config.ts'), '--cycles', '5', '--data-dir', dataDir], {
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database, EXPMON_TEST_RECORD: record },
    });
    expect(res.code, res.stderr).toBe(0);
    // One dead-letter file per destination, named by its id.
    const [file] = await readdir(join(dataDir, 'dead-letter'));
    expect(file).toMatch(/^influx-v1-[0-9a-f]{12}\.lp$/);
    const dead = await readFile(join(dataDir, 'dead-letter', file!), 'utf8');
    const deadLines = dead.split('\n').filter((l) => l.startsWith('count_conflict'));
    expect(deadLines).toHaveLength(5);
    expect(dead).toMatch(/field type conflict/);
    // The good series shipped in full.
    const good = await influx.query('SELECT * FROM count_ok');
    expect(good).toHaveLength(5);
    expect(res.stderr).toMatch(/dead-letter/);
    // One log line per refused batch with its count and reasons (here each batch is one poll cycle with one bad reading),
    // and an honest exit line.
    const refusals = res.stderr
      .split('\n')
      .filter((l) => /database refused readings of a batch/.test(l))
      .map((l) => JSON.parse(l) as { refused: number; batch: number; reasons: string[] });
    expect(refusals.reduce((n, r) => n + r.refused, 0)).toBe(5);
    for (const r of refusals) expect(r.reasons[0]).toMatch(/field type conflict/);
    expect(res.stderr).toMatch(/5 refused by the database \(in the dead-letter file\)/);
    expect(res.stderr).not.toMatch(/every reading stored/);
  });
});
