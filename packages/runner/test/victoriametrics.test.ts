import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRunner, spawnRunner, collect, startVictoriaMetrics, waitFor, type ExportedSeries, type VictoriaMetricsServer } from '@expmon/test-servers';
import { COUNTING_CONFIG, keys, recorded, rowsOf } from './recorded.js';

/** Exported VictoriaMetrics samples as comparable rows (`m_value` + `m_seq` joined on time). */
function rowsFromExport(series: ExportedSeries[]): Array<{ measurement: string; seq: unknown; time: number; value: unknown }> {
  const byKey = new Map<string, { measurement: string; seq: unknown; time: number; value: unknown }>();
  for (const s of series) {
    const [, measurement, field] = /^(.*)_(value|seq)$/.exec(s.metric.__name__!) ?? [];
    if (!measurement || !field) continue;
    s.timestamps.forEach((t, i) => {
      const k = `${measurement} ${t}`;
      const row = byKey.get(k) ?? { measurement, seq: undefined, time: t, value: undefined };
      row[field as 'value' | 'seq'] = s.values[i];
      byKey.set(k, row);
    });
  }
  return [...byKey.values()];
}

function sampleCount(series: ExportedSeries[], name: string): number {
  return series.filter((s) => s.metric.__name__ === name).reduce((n, s) => n + s.timestamps.length, 0);
}

// A real VictoriaMetrics accepting the InfluxDB v2 write API, standing in for InfluxDB 2.x/3.x.
describe('runner → VictoriaMetrics (InfluxDB v2 write API, read back with /api/v1/export)', () => {
  let vm: VictoriaMetricsServer;
  let dir: string;
  const env = (record: string) => ({
    INFLUX_URL: vm.url,
    INFLUX_TOKEN: 'test-token-not-a-secret',
    INFLUX_ORG: 'lab',
    INFLUX_BUCKET: 'expmon',
    EXPMON_TEST_RECORD: record,
  });
  beforeAll(async () => {
    vm = await startVictoriaMetrics();
    dir = await mkdtemp(join(tmpdir(), 'expmon-vm-'));
  });
  afterAll(async () => {
    await vm?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores N readings exactly: values, millisecond timestamps and tags', async () => {
    const record = join(dir, 'exact.jsonl');
    const res = await runRunner(['run', COUNTING_CONFIG, '--cycles', '20', '--data-dir', join(dir, 'exact')], { env: env(record) });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).not.toContain('test-token-not-a-secret');
    const truth = rowsOf(recorded(record));
    expect(truth).toHaveLength(40);
    const series = await waitFor(
      async () => {
        const s = await vm.export('{__name__=~"count_(a|b)_(value|seq)"}');
        return sampleCount(s, 'count_a_value') + sampleCount(s, 'count_b_value') >= 40 ? s : undefined;
      },
      { what: '40 samples in VictoriaMetrics' },
    );
    expect(keys(rowsFromExport(series))).toEqual(keys(truth));
    for (const s of series) expect(s.metric).toMatchObject({ unit: 'V', lab: 'b12' });
  });

  it('database stopped mid-run and restarted: every reading arrives, none twice per series and timestamp', async () => {
    const record = join(dir, 'outage.jsonl');
    const dataDir = join(dir, 'outage');
    const child = spawnRunner(['run', COUNTING_CONFIG, '--cycles', '80', '--data-dir', dataDir], { env: env(record) });
    const done = collect(child, 60_000);
    // Let some readings ship, then take the database away while readings keep coming.
    await waitFor(() => recorded(record).length >= 20, { what: 'first readings' });
    await vm.stop();
    const atStop = recorded(record).length;
    await waitFor(() => recorded(record).length >= atStop + 40, { what: 'readings during the outage' });
    await vm.start();
    const res = await done;
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/database unavailable/);
    const truth = rowsOf(recorded(record));
    expect(truth).toHaveLength(160);
    const series = await waitFor(
      async () => {
        const s = await vm.export('{__name__=~"count_(a|b)_(value|seq)"}');
        const n = rowsFromExport(s).filter((r) => truth.some((t) => t.time === r.time && t.measurement === r.measurement)).length;
        return n >= 160 ? s : undefined;
      },
      { what: 'every reading in VictoriaMetrics' },
    );
    // VictoriaMetrics keeps duplicates (no dedup configured), so a reading shipped twice would show.
    for (const name of ['count_a_value', 'count_b_value']) {
      const stamps = series.filter((s) => s.metric.__name__ === name).flatMap((s) => s.timestamps);
      expect(new Set(stamps).size).toBe(stamps.length);
    }
    const got = rowsFromExport(series).filter((r) => truth.some((t) => t.time === r.time && t.measurement === r.measurement));
    expect(keys(got)).toEqual(keys(truth));
  });
});
