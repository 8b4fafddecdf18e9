import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collect, freePort, runRunner, spawnRunner, startInfluxDb1, waitFor, type InfluxDb1Server } from '@expmon/test-servers';
import { COUNTING_CONFIG, recorded } from './recorded.js';

const fixture = (name: string): string => join(COUNTING_CONFIG, '..', name);

describe('expmon-runner CLI', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a bad config fails at start with the config path and the field', async () => {
    const res = await runRunner(['run', fixture('bad-interval.config.ts'), '--data-dir', join(dir, 'bad')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('bad-interval.config.ts');
    expect(res.stderr).toMatch(/interval: must be a duration/);
    // Nothing started: no local log was created.
    expect(() => readdirSync(join(dir, 'bad'))).toThrow();
  });

  it('a secret written in the config is refused, and never printed', async () => {
    const res = await runRunner(['run', fixture('literal-secret.config.ts'), '--data-dir', join(dir, 'secret')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/sinks\[0\]\.token: must be \{ env: 'VARIABLE' \} or \{ file: '\/path' \}/);
    expect(res.stderr).not.toContain('hunter2-secret');
  });

  it('a missing config file is named', async () => {
    const res = await runRunner(['run', join(dir, 'nope.config.ts')]);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('nope.config.ts: config file not found');
  });

  it('--dry-run prints line protocol and writes nothing', async () => {
    const dataDir = join(dir, 'dry');
    const res = await runRunner(['run', COUNTING_CONFIG, '--cycles', '3', '--dry-run', '--data-dir', dataDir]);
    expect(res.code, res.stderr).toBe(0);
    const lines = res.stdout.trim().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^count_[ab],lab=b12,unit=V seq=1,value=-?[\d.]+ \d{13}$/);
    expect(() => readdirSync(dataDir)).toThrow();
  });

  it('compiles a TypeScript config with its local imports; import.meta is the config file’s', async () => {
    const res = await runRunner(['run', fixture('local-import.config.ts'), '--cycles', '1', '--dry-run']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.trim()).toMatch(/^from_fixtures,unit=V value=2\.5 \d{13}$/);
  });

  it('a TypeScript syntax error names the file, line and column', async () => {
    const { writeFile } = await import('node:fs/promises');
    const broken = join(dir, 'broken.config.ts');
    await writeFile(broken, 'export default {\n  sources: [,\n');
    const res = await runRunner(['run', broken]);
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/broken\.config\.ts: cannot compile: .*broken\.config\.ts:3:0: Unexpected end of file/);
  });

  it('loads a plain JavaScript config too', async () => {
    const res = await runRunner(['run', fixture('plain.config.mjs'), '--cycles', '2', '--dry-run']);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^plain_js,unit=V value=1 \d{13}$/), expect.stringMatching(/^plain_js,unit=V value=1 \d{13}$/)]);
  });

  it('--interval from the command line wins over the config; polls are aligned to it', async () => {
    const record = join(dir, 'interval.jsonl');
    const res = await runRunner(['run', COUNTING_CONFIG, '--cycles', '4', '--interval', '300ms', '--dry-run'], {
      env: { EXPMON_TEST_RECORD: record },
    });
    expect(res.code, res.stderr).toBe(0);
    const times = recorded(record)
      .filter((r) => r.measurement === 'count_a')
      .map((r) => r.time);
    expect(times).toHaveLength(4);
    // Every poll after the first is read early in its 300 ms period: aligned to the boundaries.
    for (const t of times.slice(1)) expect(t % 300).toBeLessThan(150);
    // Compared as period numbers, not as ms differences: a poll read a few ms after its
    // boundary must not count against the ≤ 450 ms allowed after a start just past mid-period.
    const period = (t: number): number => Math.floor(t / 300);
    // The first poll at start; the next at the following boundary, or at the one after it when
    // the start was less than half an interval before that boundary.
    expect([period(times[0]!) + 1, period(times[0]!) + 2]).toContain(period(times[1]!));
    // Then one poll per boundary: aligned ticks, no drift, none skipped.
    for (let i = 2; i < times.length; i++) expect(period(times[i]!)).toBe(period(times[i - 1]!) + 1);
  });

  it('--verbose logs every reading and --timing every cycle when not on a TTY', async () => {
    const res = await runRunner(['run', COUNTING_CONFIG, '--cycles', '3', '--dry-run', '--verbose', '--timing']);
    expect(res.code, res.stderr).toBe(0);
    const logs = res.stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const readings = logs.filter((l) => l.msg === 'reading');
    expect(readings).toHaveLength(6);
    expect(readings[0]).toMatchObject({ sensor: expect.stringMatching(/^count_[ab]$/), unit: 'V', seq: 1 });
    const cycles = logs.filter((l) => l.msg === 'cycle time');
    expect(cycles).toHaveLength(3);
    for (const c of cycles) expect(c).toMatchObject({ sources: 2, cycleMs: expect.any(Number), slowest: expect.stringMatching(/^count_/) });
  });

  it('--verbose draws a live table of the latest readings on a TTY', async () => {
    // A real pseudo-terminal through util-linux `script`, so stdout is a TTY for the runner.
    const { execFile } = await import('node:child_process');
    const { RUNNER_CLI } = await import('@expmon/test-servers');
    const out = await new Promise<string>((resolve, reject) =>
      execFile(
        'script',
        ['-qec', `${process.execPath} ${RUNNER_CLI} run ${COUNTING_CONFIG} --cycles 12 --dry-run --verbose`, '/dev/null'],
        { timeout: 30_000 },
        (err, stdout) => (err ? reject(err) : resolve(stdout)),
      ),
    );
    expect(out).toMatch(/sensor\s+measurement\s+value\s+unit\s+time \(UTC\)\s+latency\s+error/);
    // The latest reading of count_a (the 12th: 12 × 1.5 + 0.000123), six significant digits.
    expect(out).toMatch(/count_a\s+count_a\s+18\.0001\s+V\s+\d\d:\d\d:\d\d\.\d{3}/);
    expect(out).toContain('\x1b[0J'); // redrawn in place
  });

  it('without a database, readings go to daily line-protocol files importable with influx', async () => {
    const dataDir = join(dir, 'files');
    const res = await runRunner(['run', COUNTING_CONFIG, '--cycles', '3', '--data-dir', dataDir]);
    expect(res.code, res.stderr).toBe(0);
    const files = readdirSync(join(dataDir, 'lp'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^\d{4}-\d{2}-\d{2}\.lp$/);
    const text = readFileSync(join(dataDir, 'lp', files[0]!), 'utf8');
    expect(text.startsWith('# DML\n# CONTEXT-DATABASE: expmon\n')).toBe(true);
    expect(text.trim().split('\n').filter((l) => l.startsWith('count_'))).toHaveLength(6);
  });

  it('check reads every source once and prints sensor, value, unit, latency and error', async () => {
    const res = await runRunner(['check', fixture('check.config.ts')]);
    expect(res.code).toBe(1); // one source failed
    const lines = res.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^sensor\s+measurement\s+field\s+value\s+unit\s+latency\s+error$/);
    const temp = lines.find((l) => l.startsWith('lab_temp'))!;
    expect(temp).toMatch(/lab_temp\s+lab_temp\s+value\s+293\.15\s+K\s+\d+ ms/);
    const dead = lines.find((l) => l.startsWith('dead_sensor'))!;
    expect(dead).toMatch(/DeviceError: sensor dead_sensor, device usb-adc \/dev\/ttyACM9: simulated failure/);
  });

  describe('with InfluxDB 1.6', () => {
    let influx: InfluxDb1Server;
    beforeAll(async () => {
      influx = await startInfluxDb1();
    });
    afterAll(async () => {
      await influx?.destroy();
    });

    it('SIGTERM stops the sources, flushes and exits 0', async () => {
      const record = join(dir, 'sigterm.jsonl');
      const child = spawnRunner(['run', COUNTING_CONFIG, '--data-dir', join(dir, 'sigterm')], {
        env: { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database, EXPMON_TEST_RECORD: record },
      });
      const done = collect(child);
      await waitFor(() => recorded(record).length >= 10, { what: 'readings' });
      child.kill('SIGTERM');
      const res = await done;
      expect(res.code, res.stderr).toBe(0);
      expect(res.stderr).toMatch(/every reading stored/);
      const n = recorded(record).filter((r) => r.measurement === 'count_a').length;
      const rows = await influx.query('SELECT count(value) FROM count_a');
      expect(rows[0]?.count).toBe(n);
    });

    it('flush ships what waits and exits 0; with the database unreachable it exits non-zero', async () => {
      const dataDir = join(dir, 'flush');
      // The same database, stopped: the readings wait for it (another URL would be another destination).
      const env = { INFLUX_URL: influx.url, INFLUX_DATABASE: influx.database };
      await influx.stop();
      const offline = await runRunner(['run', fixture('conflict.config.ts'), '--cycles', '3', '--data-dir', dataDir], { env });
      expect(offline.code, offline.stderr).toBe(0);
      // 6 readings and 2 source-health records (health is stored when a state changes, at most once a minute otherwise).
      expect(offline.stderr).toMatch(/8 readings wait in the local log/);
      expect(offline.stderr).not.toMatch(/every reading stored/);
      const failed = await runRunner(['flush', fixture('conflict.config.ts'), '--data-dir', dataDir, '--timeout', '1s'], { env });
      expect(failed.code).toBe(1);
      expect(failed.stderr).toMatch(/database unreachable/);
      await influx.start();
      const ok = await runRunner(['flush', fixture('conflict.config.ts'), '--data-dir', dataDir], { env });
      expect(ok.code, ok.stderr).toBe(0);
      const rows = await influx.query('SELECT count(value) FROM count_ok');
      expect(rows[0]?.count).toBe(3);
    });
  });
});
