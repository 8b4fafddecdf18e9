import { readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The database engines a backup can come from.
 *
 * @example
 * const engine: BackupEngine = 'influxdb1';
 */
export type BackupEngine = 'influxdb1' | 'influxdb2' | 'victoria-metrics';

/**
 * `manifest.json` in each dated backup folder: what was backed up, when, how big, and the
 * per-measurement point counts at backup time that `--verify` compares with.
 *
 * @example
 * const m = await readManifest('/srv/backup/2026-11-30T040000Z');
 * m.measurements?.lab_temp; // 86400
 */
export interface BackupManifest {
  format: 1;
  engine: BackupEngine;
  /** The database, e.g. `InfluxDB 1.x http://127.0.0.1:8086 db=lab` (never a secret). */
  database: string;
  /** The database name / bucket restored by `--verify` (InfluxDB 1.x: the `-db` name). */
  name: string;
  /** The tool's command line (secrets masked). */
  command: string;
  startedAt: string;
  finishedAt: string;
  /** Points up to this time (RFC 3339) were counted. */
  countedUntil: string;
  /** Bytes of the backup's files. */
  bytes: number;
  files: number;
  /**
   * Points per measurement (InfluxDB: the count of its most frequent field; VictoriaMetrics:
   * samples per metric name) up to `countedUntil`; null when they could not be taken.
   */
  measurements: Record<string, number> | null;
  /** The last verification of this backup. */
  verified?: { at: string; ok: boolean; problems: string[] };
}

/**
 * The file name of the manifest in a backup folder.
 *
 * @example
 * join('/mnt/nas/expmon/2026-11-30T040000Z', MANIFEST_FILE);
 */
export const MANIFEST_FILE = 'manifest.json';

/**
 * Reads a backup folder's manifest.
 *
 * @example
 * const m = await readManifest('/srv/backup/2026-11-30T040000Z');
 */
export async function readManifest(folder: string): Promise<BackupManifest> {
  const text = await readFile(join(folder, MANIFEST_FILE), 'utf8');
  const m = JSON.parse(text) as BackupManifest;
  if (m.format !== 1) throw new Error(`${join(folder, MANIFEST_FILE)}: not an expmon backup manifest`);
  return m;
}

/**
 * Writes a backup folder's manifest (atomically: a half-written manifest never replaces a good one).
 *
 * @example
 * await writeManifest(folder, { ...m, verified: { at: new Date().toISOString(), ok: true, problems: [] } });
 */
export async function writeManifest(folder: string, manifest: BackupManifest): Promise<void> {
  const path = join(folder, MANIFEST_FILE);
  await writeFile(`${path}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  await rename(`${path}.tmp`, path);
}
