/**
 * One run of `backup` as stored in the measurement `expmon_backup` (one point per run):
 * fields `ok` (the run did what was asked: backup made, and verified when `--verify`),
 * `bytes`, `seconds`, `verified` (a restore matched the manifest's counts), `folder` and,
 * on failure, `error`; tags `database` (the database or bucket name) and `engine`.
 *
 * @example
 * const r: BackupRecord = { ok: true, bytes: 1234, seconds: 2.5, verified: true, folder: '2026-11-30T040000Z', database: 'lab', engine: 'influxdb1', time: new Date() };
 */
export interface BackupRecord {
  ok: boolean;
  bytes: number;
  seconds: number;
  verified: boolean;
  folder: string;
  error?: string;
  database: string;
  engine: string;
  time: Date;
}
