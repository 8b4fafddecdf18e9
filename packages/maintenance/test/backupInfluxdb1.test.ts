import { existsSync, readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRunner, startInfluxDb1, type InfluxDb1Server } from '@expmon/test-servers';
import { backupCommand, type BackupManifest } from '@expmon/maintenance';

const CONFIG = new URL('./fixtures/backup.config.ts', import.meta.url).pathname;

const manifestOf = (folder: string): BackupManifest => JSON.parse(readFileSync(join(folder, 'manifest.json'), 'utf8')) as BackupManifest;
const folders = (dir: string): string[] => readdirSync(dir).filter((f) => statSync(join(dir, f)).isDirectory()).sort();

// A real InfluxDB 1.6 written by the runner; backups with Debian's `influxd backup -portable`,
// verified by `influxd restore -portable` into a second, throw-away influxd.
describe('expmon-runner backup → InfluxDB 1.6', () => {
  let influx: InfluxDb1Server;
  let dir: string;
  const env = () => ({ BACKUP_INFLUX_V1_URL: influx.url });
  const backup = (...args: string[]) => runRunner(['backup', CONFIG, '--rpc-address', influx.rpcAddress, ...args], { env: env(), timeoutMs: 120_000 });
  /** The database's own count of a measurement's `value` field. */
  const count = async (m: string) => Number((await influx.query(`SELECT COUNT("value") FROM "${m}"`))[0]?.count ?? 0);
  const records = async () => influx.query('SELECT * FROM "expmon_backup" ORDER BY time ASC');

  beforeAll(async () => {
    influx = await startInfluxDb1();
    dir = await mkdtemp(join(tmpdir(), 'expmon-backup-test-'));
    const run = await runRunner(['run', CONFIG, '--cycles', '6', '--interval', '100ms', '--data-dir', join(dir, 'expmon-data')], { env: env() });
    expect(run.code, run.stderr).toBe(0);
  });
  afterAll(async () => {
    await influx?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('--verify: the backup restores into a second influxd with the same per-measurement counts, stored as expmon_backup', async () => {
    expect(await count('lab_temp')).toBe(6);
    expect(await count('lab_pressure')).toBe(6);
    const to = join(dir, 'verified');
    const res = await backup('--to', to, '--verify');
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('verified: every measurement');
    const [folder] = folders(to);
    expect(folder).toMatch(/^\d{4}-\d\d-\d\dT\d{6}Z$/);
    const m = manifestOf(join(to, folder!));
    expect(m.engine).toBe('influxdb1');
    expect(m.name).toBe('expmon');
    expect(m.command).toBe(`influxd backup -portable -host ${influx.rpcAddress} -db expmon ${join(to, folder!, 'data')}`);
    expect(m.measurements).toEqual({ lab_temp: 6, lab_pressure: 6 });
    expect(m.verified).toMatchObject({ ok: true, problems: [] });
    expect(m.bytes).toBeGreaterThan(0);
    expect(m.bytes).toBe(readdirSync(join(to, folder!, 'data')).reduce((n, f) => n + statSync(join(to, folder!, 'data', f)).size, 0));
    expect(readdirSync(join(to, folder!, 'data')).some((f) => f.endsWith('.tar.gz'))).toBe(true);

    const [r] = await records();
    expect(r).toMatchObject({ ok: true, verified: true, bytes: m.bytes, database: 'expmon', engine: 'influxdb1', folder });
    expect(typeof r!.seconds).toBe('number');
  });

  it('--keep 2 after four runs leaves the one just made and the last verified one', async () => {
    const to = join(dir, 'kept');
    const made: string[] = [];
    for (let i = 0; i < 4; i++) {
      const before = existsSync(to) ? folders(to) : [];
      const res = await backup('--to', to, '--keep', '2', ...(i === 0 ? ['--verify'] : []));
      expect(res.code, res.stderr).toBe(0);
      made.push(folders(to).find((f) => !before.includes(f))!);
      if (i === 2) expect(folders(to)).toEqual([made[0], made[2]].sort());
    }
    expect(new Set(made).size).toBe(4);
    // Run 1 was verified (kept although oldest), run 4 was just made; runs 2 and 3 are gone.
    expect(folders(to)).toEqual([made[0], made[3]].sort());
    expect(manifestOf(join(to, made[0]!)).verified?.ok).toBe(true);
    expect(manifestOf(join(to, made[3]!)).verified).toBeUndefined();
  });

  it('backups made within one second get names never used before, even after --keep removed one', async () => {
    const to = join(dir, 'same-second');
    const at = new Date('2026-11-30T04:00:00.250Z');
    const target = { kind: 'v1' as const, url: influx.url, database: 'expmon' };
    const names: string[] = [];
    for (let i = 0; i < 4; i++) {
      const report = await backupCommand(target, { to, keep: 1, rpcAddress: influx.rpcAddress, record: false, now: () => at });
      expect(report.ok, report.problems.join('\n')).toBe(true);
      names.push(basename(report.folder));
      // keep 1: only the backup just made is left.
      expect(folders(to)).toEqual([names.at(-1)]);
    }
    expect(names).toEqual(['2026-11-30T040000Z', '2026-11-30T040000Z-2', '2026-11-30T040000Z-3', '2026-11-30T040000Z-4']);
  });

  it('a damaged backup (a shard file truncated) fails --verify, and expmon_backup says so', async () => {
    const to = join(dir, 'damaged');
    const made = await backup('--to', to);
    expect(made.code, made.stderr).toBe(0);
    const [folder] = folders(to);
    const data = join(to, folder!, 'data');
    const shard = readdirSync(data).find((f) => f.endsWith('.tar.gz'))!;
    truncateSync(join(data, shard), Math.floor(statSync(join(data, shard)).size / 2));

    const before = (await records()).length;
    const res = await backup('--to', to, '--verify-only', join(to, folder!));
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('verification FAILED');
    expect(res.stderr).toContain('restore failed');
    expect(res.stderr).toContain('influxd restore -portable');
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(manifestOf(join(to, folder!)).verified).toMatchObject({ ok: false });

    const rows = await records();
    expect(rows).toHaveLength(before + 1);
    expect(rows.at(-1)).toMatchObject({ ok: false, verified: false, folder, database: 'expmon' });
    expect(String(rows.at(-1)!.error)).toContain('restore failed');
  });

  it('without influxd on PATH: one line naming the Debian package', async () => {
    const res = await runRunner(['backup', CONFIG, '--to', join(dir, 'notool'), '--rpc-address', influx.rpcAddress], { env: { ...env(), PATH: '/nonexistent' } });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('expmon-runner backup: influxd not found: install the Debian package influxdb (apt-get install influxdb)');
    expect(res.stderr).not.toMatch(/\n\s+at /);
  });

  it('a missing backup service (wrong RPC address) is a clear error; no folder is left behind', async () => {
    const to = join(dir, 'norpc');
    const res = await runRunner(['backup', CONFIG, '--to', to, '--rpc-address', '127.0.0.1:1'], { env: env() });
    expect(res.code).toBe(1);
    expect(res.stderr).toContain(`device InfluxDB 1.x ${influx.url} db=expmon (backup service 127.0.0.1:1): cannot reach the database: ECONNREFUSED`);
    expect(res.stderr).toContain('bind-address');
    expect(res.stderr).not.toMatch(/\n\s+at /);
    expect(folders(to)).toEqual([]);
    expect((await records()).at(-1)).toMatchObject({ ok: false, verified: false });
  });
});
