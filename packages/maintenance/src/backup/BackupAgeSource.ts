import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, createReading, DeviceError, type PolledSource, type Reading } from '@expmon/core';

/**
 * Options of {@link BackupAgeSource}.
 *
 * @example
 * new BackupAgeSource({ dir: '/mnt/nas/expmon' });
 */
export interface BackupAgeSourceOptions {
  /** The backups folder (`backup --to DIR`), as mounted on the machine that runs the config. */
  dir: string;
  /** Sensor and measurement name; default `expmon_backup_age`. */
  name?: string;
}

/**
 * A polled source for the runner's alert rules: the age in hours of the newest *verified*
 * backup in a folder (read from the manifests `expmon-runner backup --verify` writes), as the
 * measurement `expmon_backup_age` (`value` in hours, tag `unit=h`). With an `above: 26` rule
 * it alerts when no verified backup was made for 26 h. A folder without any verified backup
 * (or unreadable) is a failed read, so a `noDataFor` rule on it fires too. Reads only the
 * local folder: it contacts nothing. Import it from `@expmon/maintenance/backup-age`, which
 * loads nothing else.
 *
 * @example
 * import { BackupAgeSource } from '@expmon/maintenance/backup-age';
 * sources: [{ source: new BackupAgeSource({ dir: '/mnt/nas/expmon' }), interval: '10m' }],
 * alerts: { rules: [{ name: 'backup_stale', sensor: 'expmon_backup_age', above: 26, message: 'no verified backup for 26 h' }] },
 */
export class BackupAgeSource implements PolledSource {
  readonly kind = 'polled';
  readonly name: string;
  readonly device: string;

  constructor(private readonly o: BackupAgeSourceOptions) {
    if (typeof o?.dir !== 'string' || o.dir === '') throw new ConfigError('must be the backups folder', { field: 'BackupAgeSource.dir' });
    this.name = o.name ?? 'expmon_backup_age';
    this.device = `backups ${o.dir}`;
  }

  async read(): Promise<Reading[]> {
    let entries: string[];
    try {
      entries = await readdir(this.o.dir);
    } catch (e) {
      throw new DeviceError(`cannot read the backups folder: ${(e as NodeJS.ErrnoException).code ?? String(e)}`, { sensor: this.name, device: this.device, retriable: true, cause: e });
    }
    let newest: number | undefined;
    for (const entry of entries) {
      const text = await readFile(join(this.o.dir, entry, 'manifest.json'), 'utf8').catch(() => undefined);
      if (text === undefined) continue;
      try {
        const m = JSON.parse(text) as { verified?: { at?: string; ok?: boolean } };
        const at = m.verified?.ok ? Date.parse(m.verified.at ?? '') : Number.NaN;
        if (Number.isFinite(at) && (newest === undefined || at > newest)) newest = at;
      } catch {
        // not a manifest: skip
      }
    }
    if (newest === undefined) throw new DeviceError('no verified backup in the folder', { sensor: this.name, device: this.device, retriable: true });
    const now = Date.now();
    return [createReading(this.name, Math.round(((now - newest) / 3_600_000) * 100) / 100, { unit: 'h', time: now })];
  }
}
