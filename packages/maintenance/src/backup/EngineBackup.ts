import type { BackupEngine } from './BackupManifest.js';

/**
 * How one database engine is backed up, counted and verified; {@link backupCommand} runs
 * these steps and keeps the folders, manifest and records the same for every engine.
 *
 * @example
 * const engine = engineBackupFor(target, { rpcAddress: '127.0.0.1:8088' });
 * const counts = await engine.count(new Date());
 * const command = await engine.backup('/srv/backup/2026-11-30T040000Z/data');
 */
export interface EngineBackup {
  readonly engine: BackupEngine;
  /** The database / bucket name recorded in the manifest. */
  readonly name: string;
  /** The database, for messages (never a secret). */
  readonly description: string;
  /** Points per measurement up to `until`. */
  count(until: Date): Promise<Record<string, number> | null>;
  /** Writes a backup into the empty folder `dir`; resolves with the command line it ran (secrets masked). */
  backup(dir: string): Promise<string>;
  /**
   * Restores the backup in `dir` into a throw-away server on a free loopback port and counts
   * its points up to `until` (waiting up to a while for them to reach `expected`, as a
   * server may open restored data in the background); the server and its data are removed
   * before this resolves.
   */
  restoreAndCount(dir: string, until: Date, expected: Record<string, number>): Promise<Record<string, number>>;
}
