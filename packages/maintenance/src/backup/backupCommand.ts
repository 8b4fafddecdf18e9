import { mkdir, readdir, rm, stat } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import type { DatabaseTarget } from '../DatabaseTarget.js';
import { identifyDatabase } from '../identifyDatabase.js';
import { readManifest, writeManifest, type BackupManifest } from './BackupManifest.js';
import type { BackupRecord } from './BackupRecord.js';
import { compareCounts } from './compareCounts.js';
import { engineBackupFor, type EngineBackupSettings } from './engineBackupFor.js';
import type { EngineBackup } from './EngineBackup.js';
import { pruneBackups } from './pruneBackups.js';
import { writeBackupRecord } from './writeBackupRecord.js';

/**
 * Options of {@link backupCommand}: the flags of `expmon-runner backup`.
 *
 * @example
 * const options: BackupCommandOptions = { to: '/mnt/nas/expmon', keep: 2, verify: true };
 */
export interface BackupCommandOptions extends EngineBackupSettings {
  /** Folder of the dated backups (created when missing). */
  to: string;
  /** Backups to keep (see `pruneBackups`); undefined keeps all. */
  keep?: number;
  /** Restore the new backup into a throw-away server and compare counts. */
  verify?: boolean;
  /** Verify this existing backup folder instead of making a new one. */
  verifyOnly?: string;
  /** Store the run as `expmon_backup` in the database; default true. */
  record?: boolean;
  /** Progress lines. */
  say?: (line: string) => void;
  /** The clock (tests). */
  now?: () => Date;
}

/**
 * What one run of {@link backupCommand} did.
 *
 * @example
 * if (!report.ok) console.error(report.problems.join('\n'));
 */
export interface BackupReport {
  /** The backup folder made (or verified). */
  folder: string;
  ok: boolean;
  verified: boolean;
  bytes: number;
  seconds: number;
  /** Why it failed (backup error, count differences). */
  problems: string[];
  /** Folders removed by `keep`. */
  removed: string[];
  /** Whether `expmon_backup` was stored (false when the database refused or was down). */
  recorded: boolean;
}

/**
 * `expmon-runner backup CONFIG --to DIR [--keep N] [--verify]`, once the runner resolved the
 * database: makes `DIR/<UTC time>/` with the engine's backup in `data/` and a `manifest.json`
 * (what, when, size, per-measurement counts at backup time), optionally restores it into a
 * throw-away server and compares the counts, prunes old backups (`keep`), and stores the run
 * as `expmon_backup` (ok, bytes, seconds, verified). A failed backup leaves no folder behind;
 * a failed verification keeps the folder, marked unverified. Never throws for a failed backup
 * or verification: the report says so (the CLI exits 1); throws only for bad options.
 *
 * @example
 * const report = await backupCommand({ kind: 'v1', url: 'http://127.0.0.1:8086', database: 'lab' },
 *   { to: '/mnt/nas/expmon', keep: 2, verify: true, rpcAddress: '127.0.0.1:8088' });
 * if (!report.ok) process.exitCode = 1;
 */
export async function backupCommand(target: DatabaseTarget, o: BackupCommandOptions): Promise<BackupReport> {
  const say = o.say ?? (() => {});
  const now = o.now ?? (() => new Date());
  if (o.keep !== undefined && (!Number.isInteger(o.keep) || o.keep < 1)) throw new Error(`--keep ${o.keep}: must be a whole number ≥ 1`);
  const started = now();
  const root = resolve(o.to);
  const problems: string[] = [];
  let folder = '';
  let bytes = 0;
  let verified = false;
  let removed: string[] = [];
  let engineName = target.kind === 'v1' ? 'influxdb1' : target.kind === 'v2' ? 'influxdb2' : 'victoria-metrics';
  let name = target.kind === 'v1' ? target.database : target.kind === 'v2' ? target.bucket : 'victoria-metrics';
  try {
    const identified = await identifyDatabase(target);
    target = identified;
    const engine = engineBackupFor(identified, o);
    engineName = engine.engine;
    name = engine.name;
    if (o.verifyOnly !== undefined) {
      folder = resolve(o.verifyOnly);
      const manifest = await readManifest(folder);
      bytes = manifest.bytes;
      say(`verifying ${folder} (${manifest.database}, ${manifest.startedAt})`);
      const result = await verify(engine, folder, manifest, say);
      verified = result.length === 0;
      problems.push(...result);
    } else {
      await mkdir(root, { recursive: true });
      folder = join(root, await freeName(root, started));
      const data = join(folder, 'data');
      await mkdir(folder);
      try {
        const countedUntil = new Date(started.getTime());
        say(`counting points in ${engine.description} up to ${countedUntil.toISOString()}`);
        const measurements = await engine.count(countedUntil);
        say(`backing up ${engine.description} into ${folder}`);
        const command = await engine.backup(data);
        const size = await sizeOf(data);
        bytes = size.bytes;
        const manifest: BackupManifest = {
          format: 1,
          engine: engine.engine,
          database: engine.description,
          name: engine.name,
          command,
          startedAt: started.toISOString(),
          finishedAt: now().toISOString(),
          countedUntil: countedUntil.toISOString(),
          bytes: size.bytes,
          files: size.files,
          measurements,
        };
        await writeManifest(folder, manifest);
        say(`backup done: ${size.files} files, ${size.bytes} bytes${measurements ? `, ${Object.keys(measurements).length} measurements counted` : ''}`);
        if (o.verify) {
          const result = await verify(engine, folder, manifest, say);
          verified = result.length === 0;
          problems.push(...result);
        }
      } catch (e) {
        await rm(folder, { recursive: true, force: true });
        folder = '';
        throw e;
      }
      if (o.keep !== undefined) {
        const pruned = await pruneBackups(root, o.keep, basename(folder));
        removed = pruned.removed;
        if (removed.length > 0) say(`removed ${removed.length} old backup${removed.length === 1 ? '' : 's'}: ${removed.join(', ')}`);
      }
    }
  } catch (e) {
    problems.push((e as Error).message);
  }
  const seconds = (now().getTime() - started.getTime()) / 1000;
  const wantedVerify = o.verify === true || o.verifyOnly !== undefined;
  const ok = problems.length === 0 && (!wantedVerify || verified);
  const record: BackupRecord = {
    ok,
    bytes,
    seconds,
    verified,
    folder: folder === '' ? '' : basename(folder),
    error: problems.length > 0 ? problems.join('; ') : undefined,
    database: name,
    engine: engineName,
    time: now(),
  };
  let recorded = false;
  if (o.record !== false) {
    try {
      await writeBackupRecord(target, record);
      recorded = true;
    } catch (e) {
      problems.push(`expmon_backup not stored: ${(e as Error).message}`);
    }
  }
  return { folder, ok, verified, bytes, seconds, problems, removed, recorded };
}

/** Restores, counts and compares; marks the manifest verified or not. Returns the problems. */
async function verify(engine: EngineBackup, folder: string, manifest: BackupManifest, say: (line: string) => void): Promise<string[]> {
  let problems: string[];
  if (manifest.measurements === null) {
    problems = [`${folder}: the manifest has no counts to compare`];
  } else {
    say(`verifying: restoring into a throw-away server on a free loopback port`);
    try {
      const restored = await engine.restoreAndCount(join(folder, 'data'), new Date(manifest.countedUntil), manifest.measurements);
      problems = compareCounts(manifest.measurements, restored);
    } catch (e) {
      problems = [`restore failed: ${(e as Error).message}`];
    }
  }
  await writeManifest(folder, { ...manifest, verified: { at: new Date().toISOString(), ok: problems.length === 0, problems } });
  say(problems.length === 0 ? `verified: every measurement's count matches the manifest` : `verification FAILED:\n  ${problems.join('\n  ')}`);
  return problems;
}

/**
 * `2026-11-30T040000Z` (no colons: NAS shares refuse them); within the same second `-2`, `-3` …,
 * always above the highest suffix still present, so a name is never given to a second backup
 * after `--keep` removed the first (the `expmon_backup` rows name folders).
 */
async function freeName(root: string, t: Date): Promise<string> {
  const base = t.toISOString().replace(/\.\d+Z$/, 'Z').replace(/:/g, '');
  let highest = 0;
  for (const name of await readdir(root)) {
    if (name === base) highest = Math.max(highest, 1);
    const suffix = name.startsWith(`${base}-`) ? name.slice(base.length + 1) : '';
    if (/^\d+$/.test(suffix)) highest = Math.max(highest, Number(suffix));
  }
  return highest === 0 ? base : `${base}-${highest + 1}`;
}

async function sizeOf(dir: string): Promise<{ bytes: number; files: number }> {
  let bytes = 0;
  let files = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    bytes += (await stat(join(entry.parentPath, entry.name))).size;
    files++;
  }
  return { bytes, files };
}
