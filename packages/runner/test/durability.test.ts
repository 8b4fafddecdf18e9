import { readdirSync } from 'node:fs';
import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, runRunner, spawnRunner, startInfluxDb1, waitFor, type InfluxDb1Server } from '@expmon/test-servers';
import { queueDirs, queuedLines } from './localLog.js';
import { COUNTING_CONFIG, keys, recorded, rowsOf } from './recorded.js';

/** The fixture's readings in the local logs (not source-health records). */
function countLines(dataDir: string): string[] {
  return queuedLines(dataDir).filter((l) => l.startsWith('count_'));
}

/** `count_a,lab=b12,unit=V seq=3,value=4.500123 1795814082261` → comparable row. */
function parseLine(line: string): { measurement: string; seq: unknown; time: number; value: unknown } {
  const m = /^(\w+),\S* seq=(\d+),value=(\S+) (\d+)$/.exec(line);
  if (!m) throw new Error(`unexpected line in the local log: ${line}`);
  return { measurement: m[1]!, seq: Number(m[2]), value: Number(m[3]), time: Number(m[4]) };
}

async function allRows(influx: InfluxDb1Server) {
  return [...(await influx.query('SELECT * FROM count_a GROUP BY *')), ...(await influx.query('SELECT * FROM count_b GROUP BY *'))];
}

// Real InfluxDB 1.6 and the runner as a real process, killed with SIGKILL.
describe('durable local log', () => {
  let influx: InfluxDb1Server;
  let dir: string;
  beforeAll(async () => {
    influx = await startInfluxDb1();
    dir = await mkdtemp(join(tmpdir(), 'expmon-durability-'));
  });
  afterAll(async () => {
    await influx?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('SIGKILL while the database is unreachable, restart: everything that was logged ships, nothing lost', async () => {
    await influx.query('DROP SERIES FROM /count_/', { method: 'POST' });
    const dataDir = join(dir, 'kill-offline');
    const record = join(dir, 'kill-offline.jsonl');
    // The same database, stopped: readings are for it and wait for it.
    await influx.stop();
    const child = spawnRunner(['run', COUNTING_CONFIG, '--data-dir', dataDir], {
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database, EXPMON_TEST_RECORD: record },
    });
    const done = collect(child);
    await waitFor(() => countLines(dataDir).length >= 60, { what: '60 readings in the local log' });
    child.kill('SIGKILL');
    const killed = await done;
    expect(killed.signal).toBe('SIGKILL');
    const logged = countLines(dataDir).map(parseLine);
    expect(logged.length).toBeGreaterThanOrEqual(60);
    await influx.start();

    // Restart with the database back: what was left ships first.
    const res = await runRunner(['run', COUNTING_CONFIG, '--cycles', '2', '--data-dir', dataDir], {
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database },
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/left from an earlier run/);
    const stored = new Set(keys((await allRows(influx)) as never));
    // Every reading of the killed run that reached the local log is in the database, exactly.
    for (const k of keys(logged)) expect(stored.has(k), k).toBe(true);
    // And those are the readings the sources produced (nothing invented or altered).
    const truth = new Set(keys(rowsOf(recorded(record))));
    for (const k of keys(logged)) expect(truth.has(k), k).toBe(true);
    // Nothing waits afterwards.
    expect(res.stderr).toMatch(/every reading stored/);
  });

  it('SIGKILL while shipping, restart: every reading older than the last second before the kill is stored', async () => {
    await influx.query('DROP SERIES FROM /count_/', { method: 'POST' });
    const dataDir = join(dir, 'kill-online');
    const record = join(dir, 'kill-online.jsonl');
    const env = { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database, EXPMON_TEST_RECORD: record };
    const child = spawnRunner(['run', COUNTING_CONFIG, '--data-dir', dataDir], { env });
    const done = collect(child);
    await waitFor(() => recorded(record).length >= 120, { what: '120 readings' });
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await done;
    const res = await runRunner(['run', COUNTING_CONFIG, '--cycles', '2', '--data-dir', dataDir], { env: { ...env, EXPMON_TEST_RECORD: '' } });
    expect(res.code, res.stderr).toBe(0);
    const stored = new Set(keys((await allRows(influx)) as never));
    const older = rowsOf(recorded(record)).filter((r) => r.time < killedAt - 1000);
    expect(older.length).toBeGreaterThanOrEqual(40);
    for (const k of keys(older)) expect(stored.has(k), k).toBe(true);
  });

  it('a torn tail (power cut mid-write) is cut off and reported at start, and never blocks start-up', async () => {
    await influx.query('DROP SERIES FROM /count_/', { method: 'POST' });
    const dataDir = join(dir, 'torn');
    await influx.stop();
    const first = await runRunner(['run', COUNTING_CONFIG, '--cycles', '5', '--data-dir', dataDir], {
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database },
    });
    await influx.start();
    expect(first.code, first.stderr).toBe(0);
    // 10 readings and 2 source-health records (stored when a source's state changes).
    expect(first.stderr).toMatch(/12 readings wait in the local log/);
    const [qdir] = queueDirs(dataDir);
    const seg = readdirSync(qdir!).filter((f) => f.endsWith('.log')).sort().at(-1)!;
    // Torn: a frame marker and half a header, then nothing.
    await appendFile(join(qdir!, seg), Buffer.from([0xff, 0x45, 0x58, 0x46, 0, 0, 0, 40, 0, 0]));
    const res = await runRunner(['run', COUNTING_CONFIG, '--cycles', '1', '--data-dir', dataDir], {
      env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database },
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toMatch(/local log damaged or torn/);
    const rows = await allRows(influx);
    expect(rows).toHaveLength(12);
    expect(rows.map((r) => r.value)).not.toContain(99);
  });
});
