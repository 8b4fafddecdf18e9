import { readdirSync, readFileSync, statSync, truncateSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRunner, startVictoriaMetrics, waitFor, type VictoriaMetricsServer } from '@expmon/test-servers';
import type { BackupManifest } from '@expmon/maintenance';

const CONFIG = new URL('./fixtures/backup.config.ts', import.meta.url).pathname;

// A real VictoriaMetrics written by the runner (InfluxDB v2 write API); backups with
// vmbackup from a snapshot, verified with vmrestore + a throw-away victoria-metrics
// (all from Debian's victoria-metrics package).
describe('expmon-runner backup → VictoriaMetrics (vmbackup / vmrestore)', () => {
  let vm: VictoriaMetricsServer;
  let dir: string;
  const env = () => ({ BACKUP_VM_URL: vm.url });

  beforeAll(async () => {
    vm = await startVictoriaMetrics();
    dir = await mkdtemp(join(tmpdir(), 'expmon-backup-vm-test-'));
    const run = await runRunner(['run', CONFIG, '--cycles', '5', '--interval', '100ms', '--data-dir', join(dir, 'expmon-data')], { env: env() });
    expect(run.code, run.stderr).toBe(0);
  });
  afterAll(async () => {
    await vm?.destroy();
    await rm(dir, { recursive: true, force: true });
  });

  it('--verify restores the snapshot backup into a throw-away victoria-metrics and the counts match; expmon_backup is stored', async () => {
    // Samples become visible to export about a second after they are written.
    const samples = async (name: string) => (await vm.export(`{__name__="${name}"}`)).reduce((n, s) => n + s.values.length, 0);
    await waitFor(async () => (await samples('lab_temp_value')) === 5 && (await samples('lab_pressure_value')) === 5, { what: 'the runner’s 5 + 5 samples' });

    const to = join(dir, 'backups');
    const res = await runRunner(['backup', CONFIG, '--to', to, '--verify', '--vm-data', vm.storageDataPath], { env: env(), timeoutMs: 120_000 });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('verified: every measurement');
    const [folder] = readdirSync(to);
    const m = JSON.parse(readFileSync(join(to, folder!, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(m.engine).toBe('victoria-metrics');
    expect(m.command).toContain(`vmbackup -storageDataPath=${vm.storageDataPath} -snapshot.createURL=${vm.url}/snapshot/create`);
    expect(m.command).toContain(`-dst=fs://${join(to, folder!, 'data')}`);
    // Every sample counted (seq, the simulated fields: value only here).
    expect(m.measurements).toMatchObject({ lab_temp_value: 5, lab_pressure_value: 5 });
    expect(m.verified).toMatchObject({ ok: true, problems: [] });
    expect(statSync(join(to, folder!, 'data', 'backup_complete.ignore')).isFile()).toBe(true);
    expect(m.bytes).toBeGreaterThan(0);

    const ok = await waitFor(async () => {
      const series = await vm.export('{__name__=~"expmon_backup_.*"}');
      return series.length === 4 && series;
    }, { what: 'expmon_backup_ok, _verified, _bytes and _seconds' });
    const byName = Object.fromEntries(ok.map((s) => [s.metric.__name__, s]));
    expect(byName.expmon_backup_ok?.values).toEqual([1]);
    expect(byName.expmon_backup_verified?.values).toEqual([1]);
    expect(byName.expmon_backup_bytes?.values).toEqual([m.bytes]);
    expect(byName.expmon_backup_ok?.metric).toMatchObject({ engine: 'victoria-metrics', database: 'victoria-metrics' });
  });

  it('a damaged backup (a data file truncated) fails --verify-only, and expmon_backup says so', async () => {
    const to = join(dir, 'backups');
    const [folder] = readdirSync(to);
    const data = join(to, folder!, 'data');
    const files = (readdirSync(data, { recursive: true }) as string[])
      .filter((f) => /[/\\]values\.bin[/\\]/.test(f) && statSync(join(data, f)).isFile() && statSync(join(data, f)).size > 8);
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) truncateSync(join(data, f), 4);
    const res = await runRunner(['backup', CONFIG, '--to', to, '--verify-only', join(to, folder!), '--vm-data', vm.storageDataPath], { env: env(), timeoutMs: 120_000 });
    expect(res.code).toBe(1);
    expect(res.stdout).toContain('verification FAILED');
    // Either vmrestore / the restored server refuses the files, or the counts differ.
    expect(res.stderr).toMatch(/restore failed|points at backup time/);
    expect(res.stderr).not.toMatch(/\n\s+at /);
    const m = JSON.parse(readFileSync(join(to, folder!, 'manifest.json'), 'utf8')) as BackupManifest;
    expect(m.verified?.ok).toBe(false);
    const ok = await waitFor(async () => {
      const [s] = await vm.export('{__name__="expmon_backup_verified"}');
      return s && s.values.length === 2 && s;
    }, { what: 'a second expmon_backup_verified sample' });
    expect(ok.values).toEqual([1, 0]);
  });

  it('rename-series and spikes say clearly that VictoriaMetrics is not supported and change nothing', async () => {
    const res = await runRunner(['rename-series', CONFIG, 'lab_temp', 'cryostat_temp', '--yes'], { env: env() });
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(
      `expmon-runner rename-series: rename-series is not supported here: ${vm.url} is VictoriaMetrics, which cannot copy a series under a new name or drop one; use relabeling (metric_relabel_configs) or vmctl to re-import it\n`,
    );
    expect(await vm.export('{__name__=~"cryostat_temp.*"}')).toEqual([]);
    const spikes = await runRunner(['spikes', CONFIG, '--series', 'lab_temp', '--since', '1h', '--yes'], { env: env() });
    expect(spikes.code).toBe(1);
    expect(spikes.stderr).toBe(
      `expmon-runner spikes: spikes is not supported here: VictoriaMetrics (${vm.url}) cannot delete single points; clean spikes before they are stored with the spikeFilter operator\n`,
    );
  });
});
