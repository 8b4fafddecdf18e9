import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { appendFile, mkdir, mkdtemp, open, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeFrameAt } from '@expmon/store';
import { collect, freePort, runRunner, spawnRunner, startInfluxDb1, waitFor, type InfluxDb1Server, type RunnerResult } from '@expmon/test-servers';
import { queueDirs } from './localLog.js';
import { COUNTING_CONFIG, keys, recorded, rowsOf } from './recorded.js';

/**
 * The durability window stated in the READMEs: a reading is in the fsynced local log within
 * this long of being read (or on SIGTERM). A kill -9 may lose only readings read less than
 * this long before it.
 */
const DURABILITY_WINDOW_MS = 500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A small deterministic PRNG: the kill moments are random but the same on every run. */
function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function logLines(stderr: string): Array<Record<string, unknown>> {
  return stderr
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function rowsIn(influx: InfluxDb1Server, db: string) {
  const q = async (m: string) => {
    const params = new URLSearchParams({ q: `SELECT * FROM ${m} GROUP BY *`, db, epoch: 'ms' });
    const body = (await (await fetch(`${influx.url}/query?${params}`)).json()) as {
      results: Array<{ series?: Array<{ name: string; columns: string[]; values: unknown[][]; tags?: Record<string, string> }> }>;
    };
    return (body.results[0]?.series ?? []).flatMap((s) =>
      s.values.map((v) => {
        const row: Record<string, unknown> = { measurement: s.name, ...s.tags };
        s.columns.forEach((c, i) => (row[c] = v[i]));
        return row as { measurement: string; seq: unknown; time: number; value: unknown };
      }),
    );
  };
  return [...(await q('count_a')), ...(await q('count_b'))];
}

/** Every file under a folder, recursively. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out;
}

// Real InfluxDB 1.6, the runner as a real process; faults made the way a lab machine fails.
describe('fault suite: the durable store under kill -9, outages, damage, a full disk, two configs', () => {
  let influx: InfluxDb1Server;
  let dir: string;
  beforeAll(async () => {
    influx = await startInfluxDb1();
    dir = await mkdtemp(join(tmpdir(), 'expmon-store-faults-'));
  });
  afterAll(async () => {
    await influx?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('kill -9 twelve times at random moments, while readings flow and while a backlog ships: only readings inside the durability window can be lost', async () => {
    const db = 'kills';
    await influx.query(`CREATE DATABASE ${db}`, { method: 'POST' });
    const dataDir = join(dir, 'kills');
    const record = join(dir, 'kills.jsonl');
    const env = { INFLUX_URL: influx.url, INFLUX_DATABASE: db, EXPMON_TEST_RECORD: record };
    const random = prng(9);
    const kills: number[] = [];
    const killOnce = async (afterStartMs: number) => {
      const child = spawnRunner(['run', COUNTING_CONFIG, '--data-dir', dataDir], { env });
      const done = collect(child);
      let stderr = '';
      child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
      await waitFor(() => /expmon-runner started/.test(stderr), { what: 'the runner to start' });
      await sleep(afterStartMs);
      kills.push(Date.now());
      child.kill('SIGKILL');
      const res = await done;
      expect(res.signal).toBe('SIGKILL');
    };
    // 1. Readings flow, the database is up.
    for (let i = 0; i < 6; i++) await killOnce(200 + Math.floor(random() * 600));
    // 2. A backlog builds up while the database is down (one more kill), then ships while we kill.
    await influx.stop();
    await killOnce(2500);
    await influx.start();
    for (let i = 0; i < 5; i++) await killOnce(Math.floor(random() * 150));
    expect(kills.length).toBeGreaterThanOrEqual(12);
    // A clean run ships what is left.
    const last = await runRunner(['run', COUNTING_CONFIG, '--cycles', '2', '--data-dir', dataDir], { env });
    expect(last.code, last.stderr).toBe(0);
    expect(last.stderr).toMatch(/every reading stored/);

    const truth = rowsOf(recorded(record));
    const stored = await rowsIn(influx, db);
    const storedKeys = new Set(keys(stored));
    const truthKeys = new Set(keys(truth));
    // Nothing invented, nothing stored twice.
    for (const k of keys(stored)) expect(truthKeys.has(k), k).toBe(true);
    expect(stored.length).toBe(storedKeys.size);
    // What is missing was read within the window before a kill.
    const missing = truth.filter((r) => !storedKeys.has(keys([r])[0]!));
    for (const r of missing) {
      expect(kills.some((k) => r.time <= k && r.time > k - DURABILITY_WINDOW_MS), `${r.measurement} seq ${String(r.seq)} read at ${r.time}, kills at ${kills.join(',')}`).toBe(true);
    }
    expect(stored.length + missing.length).toBe(truth.length);
    console.log(`kill -9 ×${kills.length}: ${truth.length} readings produced, ${stored.length} stored, ${missing.length} lost (all within ${DURABILITY_WINDOW_MS} ms before a kill)`);
  });

  it('two configs, two databases, one data dir: the second process is refused while the first runs; no reading reaches the wrong database; the orphaned queue is reported, kept and flushed by its own config', async () => {
    await influx.query('CREATE DATABASE dba', { method: 'POST' });
    await influx.query('CREATE DATABASE dbb', { method: 'POST' });
    const dataDir = join(dir, 'shared');
    const recordA = join(dir, 'a.jsonl');
    const recordB = join(dir, 'b.jsonl');
    const envA = { INFLUX_URL: influx.url, INFLUX_DATABASE: 'dba', EXPMON_TEST_RECORD: recordA };
    const envB = { INFLUX_URL: influx.url, INFLUX_DATABASE: 'dbb', EXPMON_TEST_RECORD: recordB };

    // A runs; B on the same data dir is refused, naming A's PID, without a stack trace.
    const a = spawnRunner(['run', COUNTING_CONFIG, '--data-dir', dataDir], { env: envA });
    const aDone = collect(a);
    await waitFor(() => recorded(recordA).length >= 20, { what: 'config A to run' });
    const refused = await runRunner(['run', COUNTING_CONFIG, '--cycles', '2', '--data-dir', dataDir], { env: envB });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`in use by process ${a.pid}`);
    expect(refused.stderr).not.toMatch(/\n\s+at /);
    expect(recorded(recordB)).toHaveLength(0);
    // A's database goes away; A keeps a backlog for it, then dies (kill -9: a stale lock stays).
    await influx.stop();
    await sleep(1500);
    a.kill('SIGKILL');
    await aDone;
    await influx.start();
    const backlogA = recorded(recordA).length;

    // B takes the stale lock over, reports A's queue, ships only its own readings to dbb.
    const b = await runRunner(['run', COUNTING_CONFIG, '--cycles', '5', '--data-dir', dataDir], { env: envB });
    expect(b.code, b.stderr).toBe(0);
    const orphan = logLines(b.stderr).find((l) => /does not name/.test(String(l.msg)));
    expect(orphan).toMatchObject({ destination: `influx-v1 ${influx.url} db=dba` });
    expect(orphan!.waiting).toBeGreaterThan(0);
    const inB = await rowsIn(influx, 'dbb');
    expect(keys(inB)).toEqual(keys(rowsOf(recorded(recordB))));
    // A's queue is still there, untouched by B.
    expect(queueDirs(dataDir)).toHaveLength(2);

    // flush with B's config names A's queue and does not ship it.
    const flushB = await runRunner(['flush', COUNTING_CONFIG, '--data-dir', dataDir, '--timeout', '5s'], { env: envB });
    expect(flushB.code, flushB.stderr).toBe(0);
    expect(flushB.stderr).toMatch(/not flushed: this local log is for influx-v1 .* db=dba/);
    // flush with A's config ships A's backlog to dba, and nothing of B's.
    const flushA = await runRunner(['flush', COUNTING_CONFIG, '--data-dir', dataDir, '--timeout', '10s'], { env: envA });
    expect(flushA.code, flushA.stderr).toBe(0);
    const inA = await rowsIn(influx, 'dba');
    const truthA = new Set(keys(rowsOf(recorded(recordA))));
    for (const k of keys(inA)) expect(truthA.has(k), k).toBe(true);
    // Everything A read, except what was read within the window before its kill -9.
    expect(inA.length).toBeGreaterThanOrEqual(backlogA - (2 * DURABILITY_WINDOW_MS) / 25);
    expect(keys(await rowsIn(influx, 'dbb'))).toEqual(keys(rowsOf(recorded(recordB))));
  });

  it('the database stopped for 8 s and restarted: the backlog ships within 5 s of its return; a password in INFLUX_URL appears in no output, metrics label or file', async () => {
    const db = 'outage';
    await influx.query(`CREATE DATABASE ${db}`, { method: 'POST' });
    const dataDir = join(dir, 'outage');
    const record = join(dir, 'outage.jsonl');
    const secret = 'S3cretPassw0rd';
    // InfluxDB 1.6 without auth accepts any credentials: the password travels as in production.
    const url = `http://admin:${secret}@127.0.0.1:${influx.port}`;
    const statusPort = await freePort();
    const child = spawnRunner(['run', COUNTING_CONFIG, '--data-dir', dataDir, '--status-port', String(statusPort)], {
      env: { INFLUX_URL: url, INFLUX_DATABASE: db, EXPMON_TEST_RECORD: record },
    });
    const done = collect(child);
    await waitFor(async () => (await rowsIn(influx, db)).length >= 20, { what: 'readings stored' });
    const bodies: string[] = [];
    const scrape = async () => {
      for (const p of ['/metrics', '/healthz']) bodies.push(await (await fetch(`http://127.0.0.1:${statusPort}${p}`)).text());
    };
    await scrape();
    await influx.stop();
    // Long enough for the data retries to back off past 5 s (1, 2, 4, 8 s).
    await sleep(8000);
    await scrape();
    expect(bodies.at(-1)).toMatch(/"reachable": false/);
    const producedBeforeReturn = recorded(record).length;
    await influx.start();
    const back = Date.now();
    // Wall clock here is the requirement itself (issue 9: "shipping within 5 s of the database's return").
    await waitFor(async () => (await rowsIn(influx, db)).length >= producedBeforeReturn, { what: 'the backlog to ship', everyMs: 100, timeoutMs: 20_000 });
    const shippedAfterMs = Date.now() - back;
    expect(shippedAfterMs).toBeLessThan(5000);
    await scrape();
    child.kill('SIGTERM');
    const res: RunnerResult = await done;
    expect(res.code, res.stderr).toBe(0);
    const logs = logLines(res.stderr);
    expect(logs.filter((l) => /reachable again after \d+ failures/.test(String(l.msg)))).toHaveLength(1);
    expect(logs.some((l) => /database unavailable/.test(String(l.msg)))).toBe(true);
    // Every reading stored, exactly.
    expect(keys(await rowsIn(influx, db))).toEqual(keys(rowsOf(recorded(record))));
    // The password is nowhere: logs, stdout, /metrics, /healthz, files of the data dir.
    expect(res.stderr).toContain('admin:***@');
    for (const text of [res.stdout, res.stderr, ...bodies]) expect(text).not.toContain(secret);
    for (const f of filesUnder(dataDir)) expect(readFileSync(f).includes(secret), f).toBe(false);
    console.log(`database back → backlog of ${producedBeforeReturn} readings stored after ${shippedAfterMs} ms`);
  });

  it('a flipped byte, an emptied segment: exactly the damaged frames are lost, each reported with its reading count; the rest ships', async () => {
    const db = 'damage';
    await influx.query(`CREATE DATABASE ${db}`, { method: 'POST' });
    const dataDir = join(dir, 'damage');
    const env = { INFLUX_URL: influx.url, INFLUX_DATABASE: db };
    // Three runs with the database down: three segments (each start opens a new one).
    await influx.stop();
    for (let i = 0; i < 3; i++) {
      const r = await runRunner(['run', COUNTING_CONFIG, '--cycles', '8', '--data-dir', dataDir], { env });
      expect(r.code, r.stderr).toBe(0);
    }
    await influx.start();
    const [qdir] = queueDirs(dataDir);
    const segs = readdirSync(qdir!).filter((f) => f.endsWith('.log')).sort();
    expect(segs).toHaveLength(3);
    const framesOf = (f: string) => {
      const data = readFileSync(join(qdir!, f));
      const out: Array<{ offset: number; size: number; lines: string[] }> = [];
      for (let pos = 0; pos < data.length; ) {
        const frame = decodeFrameAt(data, pos)!;
        out.push({ offset: pos, size: frame.size, lines: frame.payload.toString('utf8').split('\n') });
        pos += frame.size;
      }
      return out;
    };
    const before = segs.map(framesOf);
    // Flip one byte in the payload of the middle frame of the first segment; empty the second.
    const victim = before[0]![Math.floor(before[0]!.length / 2)]!;
    const fh = await open(join(qdir!, segs[0]!), 'r+');
    const b = Buffer.alloc(1);
    await fh.read(b, 0, 1, victim.offset + victim.size - 3);
    b[0] = b[0]! ^ 0x01;
    await fh.write(b, 0, 1, victim.offset + victim.size - 3);
    await fh.close();
    await truncate(join(qdir!, segs[1]!), 0);
    const lost = [...victim.lines, ...before[1]!.flatMap((f) => f.lines)];
    const kept = before.flatMap((frames) => frames.flatMap((f) => f.lines)).filter((l) => !lost.includes(l));

    const res = await runRunner(['flush', COUNTING_CONFIG, '--data-dir', dataDir, '--timeout', '10s'], { env });
    expect(res.code, res.stderr).toBe(0);
    const logs = logLines(res.stderr);
    expect(logs.find((l) => /damaged or torn/.test(String(l.msg)))).toMatchObject({ offset: victim.offset, bytesSkipped: victim.size, readingsLost: victim.lines.length });
    expect(logs.find((l) => /is empty/.test(String(l.msg)))).toMatchObject({ segment: join(qdir!, segs[1]!) });
    expect(logs.find((l) => /missing between segments/.test(String(l.msg)))).toMatchObject({ readingsLost: before[1]!.reduce((n, f) => n + f.lines.length, 0) });
    // Exactly the kept fixture readings are in the database.
    const stored = (await rowsIn(influx, db)).map((r) => `${r.measurement} ${String(r.seq)} ${r.time}`).sort();
    const expected = kept
      .filter((l) => l.startsWith('count_'))
      .map((l) => {
        const m = /^(\w+),\S* seq=(\d+),value=\S+ (\d+)$/.exec(l)!;
        return `${m[1]} ${m[2]} ${m[3]}`;
      })
      .sort();
    expect(stored).toEqual(expected);
    expect(lost.filter((l) => l.startsWith('count_')).length).toBeGreaterThan(0);
  });

  // EXPMON_TEST_NO_TMPFS=1 runs the injected variant as root too (to check it).
  const root = process.getuid?.() === 0 && process.env.EXPMON_TEST_NO_TMPFS !== '1';
  const how = root ? 'a 4 MiB tmpfs: real ENOSPC' : 'not root, so no tmpfs: ENOSPC injected into the runner process by a preloaded test module';
  it(`a full disk (${how}) with the database up, then down: no crash, exact loss count`, async () => {
    console.log(`ENOSPC test uses ${how}`);
    const db = 'full';
    await influx.query(`CREATE DATABASE ${db}`, { method: 'POST' });
    const mnt = join(dir, 'tmpfs');
    await mkdir(mnt, { recursive: true });
    if (root) execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', mnt]);
    const flag = join(dir, 'disk-full');
    try {
      const dataDir = join(mnt, 'data');
      const record = join(dir, 'full.jsonl');
      const env: Record<string, string> = { INFLUX_URL: influx.url, INFLUX_DATABASE: db, EXPMON_TEST_RECORD: record };
      if (!root) {
        env.EXPMON_TEST_ENOSPC_FLAG = flag;
        env.NODE_OPTIONS = `--import ${pathToFileURL(join(COUNTING_CONFIG, '..', 'injectEnospc.mjs')).href}`;
      }
      const fill = async () => {
        if (!root) {
          await writeFile(flag, '');
          return;
        }
        const chunk = Buffer.alloc(64 * 1024, 1);
        for (;;) {
          try {
            await appendFile(join(mnt, 'filler'), chunk);
          } catch {
            break;
          }
        }
        // The last few bytes too.
        for (;;) {
          try {
            await appendFile(join(mnt, 'filler'), Buffer.alloc(512, 1));
          } catch {
            break;
          }
        }
      };
      const free = () => rm(root ? join(mnt, 'filler') : flag, { force: true });
      // 1. Database up: appends fail with ENOSPC, readings ship from memory, acks go on; then space returns.
      const child = spawnRunner(['run', COUNTING_CONFIG, '--data-dir', dataDir], { env });
      const done = collect(child);
      await waitFor(() => recorded(record).length >= 20, { what: 'readings' });
      await fill();
      await sleep(2500);
      await free();
      await sleep(1500);
      // 2. Database down and the disk full again: readings wait in memory; SIGTERM loses exactly those.
      await fill();
      await influx.stop();
      await sleep(1500);
      child.kill('SIGTERM');
      const res = await done;
      await influx.start();
      expect(res.signal).toBe(null);
      expect(res.code, res.stderr).toBe(0);
      const logs = logLines(res.stderr);
      expect(logs.some((l) => l.op === 'append' && l.code === 'ENOSPC')).toBe(true);
      expect(logs.some((l) => /append works again/.test(String(l.msg)))).toBe(true);
      const exit = logs.find((l) => /^stopped/.test(String(l.msg)))!;
      const dropped = exit.dropped as { sizeBound: number; diskFull: number; damaged: number };
      expect(exit.msg).toMatch(/LOST/);
      expect(dropped.diskFull).toBeGreaterThan(0);
      // Space again: what is on disk ships; stored + lost = produced, exactly.
      await free();
      const after = await runRunner(['flush', COUNTING_CONFIG, '--data-dir', dataDir, '--timeout', '10s'], { env });
      expect(after.code, after.stderr).toBe(0);
      const truth = rowsOf(recorded(record));
      const stored = await rowsIn(influx, db);
      const truthKeys = new Set(keys(truth));
      for (const k of keys(stored)) expect(truthKeys.has(k), k).toBe(true);
      // Exact: every record the process appended (readings and its own source-health records)
      // is either in the database or counted as lost.
      const params = new URLSearchParams({ q: 'SELECT count(*) FROM expmon_source', db, epoch: 'ms' });
      const health = (await (await fetch(`${influx.url}/query?${params}`)).json()) as { results: Array<{ series?: Array<{ values: number[][] }> }> };
      const healthStored = Math.max(...(health.results[0]?.series?.[0]?.values[0]?.slice(1) ?? [0]));
      expect(stored.length + healthStored + dropped.diskFull).toBe(exit.produced);
      expect(truth.length - stored.length).toBeLessThanOrEqual(dropped.diskFull);
      console.log(`ENOSPC (${root ? 'tmpfs' : 'injected'}): ${truth.length} produced, ${stored.length} stored, ${dropped.diskFull} records reported lost (readings + health records)`);
    } finally {
      if (root) execFileSync('umount', ['-l', mnt]);
    }
  });
});
