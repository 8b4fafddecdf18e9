import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeviceError } from '@expmon/core';
import { BackupAgeSource } from '@expmon/maintenance/backup-age';
import { RUNNER_CLI } from '@expmon/test-servers';

const HOUR = 3_600_000;

describe('BackupAgeSource (for the "no verified backup for 26 h" alert rule)', () => {
  let dir: string;
  const manifest = (folder: string, verified: { at: string; ok: boolean } | undefined) => {
    mkdirSync(join(dir, folder), { recursive: true });
    writeFileSync(join(dir, folder, 'manifest.json'), JSON.stringify({ format: 1, startedAt: new Date().toISOString(), verified }));
  };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-backup-age-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('a folder without a verified backup is a failed read naming the folder', async () => {
    manifest('a', undefined);
    const source = new BackupAgeSource({ dir });
    const e = await source.read().catch((x: unknown) => x);
    expect(DeviceError.isInstance(e)).toBe(true);
    expect((e as Error).message).toBe(`sensor expmon_backup_age, device backups ${dir}: no verified backup in the folder`);
    const missing = await new BackupAgeSource({ dir: join(dir, 'nope') }).read().catch((x: unknown) => x);
    expect((missing as Error).message).toContain('cannot read the backups folder: ENOENT');
  });

  it('reads the age in hours of the newest verified backup; failed verifications and newer unverified ones do not count', async () => {
    manifest('b', { at: new Date(Date.now() - 30 * HOUR).toISOString(), ok: true });
    manifest('c', { at: new Date(Date.now() - 40 * HOUR).toISOString(), ok: true });
    manifest('d', { at: new Date(Date.now() - 1 * HOUR).toISOString(), ok: false });
    manifest('e', undefined);
    const [r] = await new BackupAgeSource({ dir }).read();
    expect(r!.measurement).toBe('expmon_backup_age');
    expect(r!.tags).toEqual({ unit: 'h' });
    expect(r!.fields.value).toBeCloseTo(30, 1);
  });
});

describe('lazy loading', () => {
  it("the runner's CLI imports @expmon/maintenance only inside the commands' actions", () => {
    const cli = readFileSync(RUNNER_CLI, 'utf8');
    expect(cli).toMatch(/import\("@expmon\/maintenance"\)/);
    expect(cli).not.toMatch(/from ["']@expmon\/maintenance["']/);
  });

  it('the backup-age entry loads nothing but core (no InfluxDB client)', () => {
    // Follow the entry's relative imports (tsup's shared chunks) and collect the packages they load.
    const packages = new Set<string>();
    const seen = new Set<string>();
    const walk = (url: URL): void => {
      if (seen.has(url.href)) return;
      seen.add(url.href);
      for (const [, spec] of readFileSync(url, 'utf8').matchAll(/(?:from|import)\s*\(?\s*["']([^"']+)["']/g)) {
        if (spec!.startsWith('.')) walk(new URL(spec!, url));
        else packages.add(spec!);
      }
    };
    walk(new URL('../dist/backup-age.js', import.meta.url));
    expect(seen.size).toBeGreaterThan(1); // the class itself lives in a chunk
    expect([...packages].filter((p) => !isBuiltin(p))).toEqual(['@expmon/core']);
  });
});
