import { posix } from 'node:path';
import { sandboxLines } from './sandboxLines.js';
import { systemdEscape, systemdValue } from './systemdEscape.js';

/**
 * What goes into the backup timer and its service. All paths are absolute.
 *
 * @example
 * const o: Partial<BackupUnitsOptions> = { schedule: 'daily', backupDir: '/mnt/nas/expmon', keep: 2, verify: true };
 */
export interface BackupUnitsOptions {
  /** Name of the runner's unit, e.g. `expmon`: the backup units are `<name>-backup.service|timer`. */
  name: string;
  configPath: string;
  nodePath: string;
  cliPath: string;
  user: string;
  group?: string;
  /** The runner's environment file (INFLUX_* settings and secrets). */
  environmentFile: string;
  /** `daily` (04:00), `hourly`, `weekly` (Monday 04:00) or a systemd `OnCalendar=` expression. */
  schedule: string;
  /** Folder of the dated backups (`--to`). */
  backupDir: string;
  /** Backups kept (`--keep`). */
  keep: number;
  /** Restore each backup into a throw-away server and compare counts (`--verify`). */
  verify: boolean;
  /** More `backup` arguments (e.g. `--rpc-address 127.0.0.1:8088`). */
  backupArgs?: string[];
}

/**
 * The two unit files of a scheduled backup.
 *
 * @example
 * const { timer } = renderBackupUnits(options);
 */
export interface BackupUnits {
  /** `<name>-backup.service`: runs `expmon-runner backup` once. */
  service: string;
  /** `<name>-backup.timer`: starts it on the schedule, catching up a missed run (`Persistent=true`). */
  timer: string;
}

const SCHEDULES: Record<string, string> = {
  daily: '*-*-* 04:00:00',
  hourly: 'hourly',
  weekly: 'Mon *-*-* 04:00:00',
};

/**
 * The systemd timer and oneshot service of `service install --backup daily`: no cron; a run
 * missed while the machine was off happens at the next boot (`Persistent=true`); each run's
 * outcome is logged to journald and stored as `expmon_backup` by the command itself.
 *
 * @example
 * const { service, timer } = renderBackupUnits({
 *   name: 'expmon', configPath: '/srv/lab/lab.config.ts', nodePath: '/usr/bin/node',
 *   cliPath: '/srv/lab/node_modules/@expmon/runner/dist/cli.js', user: 'expmon',
 *   environmentFile: '/etc/expmon/expmon.env', schedule: 'daily', backupDir: '/mnt/nas/expmon', keep: 2, verify: true,
 * });
 */
export function renderBackupUnits(o: BackupUnitsOptions): BackupUnits {
  for (const [key, path] of Object.entries({ configPath: o.configPath, nodePath: o.nodePath, cliPath: o.cliPath, backupDir: o.backupDir })) {
    if (!posix.isAbsolute(path)) throw new Error(`${key} must be an absolute path: ${path}`);
  }
  const onCalendar = SCHEDULES[o.schedule] ?? o.schedule;
  if (!/^[A-Za-z0-9*:.,/~ -]+$/.test(onCalendar)) {
    throw new Error(`--backup ${o.schedule}: use daily, hourly, weekly or a systemd OnCalendar expression such as '*-*-* 03:30:00'`);
  }
  if (!Number.isInteger(o.keep) || o.keep < 1) throw new Error(`--backup-keep ${o.keep}: must be a whole number ≥ 1`);
  const exec = [o.nodePath, o.cliPath, 'backup', o.configPath, '--to', o.backupDir, '--keep', String(o.keep), ...(o.verify ? ['--verify'] : []), ...(o.backupArgs ?? [])];
  const service = [
    '# Written by `expmon-runner service install --backup`. Run it now: systemctl start ' + `${o.name}-backup.service`,
    '[Unit]',
    `Description=${systemdValue(`expmon backup (${o.configPath})`)}`,
    'Documentation=https://github.com/expmon/expmon/blob/main/docs/guide/backups.md',
    'After=network-online.target influxdb.service victoria-metrics.service',
    'Wants=network-online.target',
    '',
    '[Service]',
    'Type=oneshot',
    `User=${o.user}`,
    ...(o.group ? [`Group=${o.group}`] : []),
    `WorkingDirectory=${systemdValue(posix.dirname(o.configPath))}`,
    `EnvironmentFile=${systemdValue(o.environmentFile)}`,
    'Environment=NODE_ENV=production',
    `ExecStart=${exec.map(systemdEscape).join(' ')}`,
    // A verify restores the whole database: give it time, and the machine's spare cycles only.
    'TimeoutStartSec=6h',
    'Nice=10',
    'IOSchedulingClass=idle',
    'StandardOutput=journal',
    'StandardError=journal',
    `SyslogIdentifier=${o.name}-backup`,
    `ReadWritePaths=${systemdEscape(o.backupDir)}`,
    'UMask=0027',
    // The throw-away verify server keeps its data in /tmp: the private one, removed afterwards.
    ...sandboxLines(),
    '',
  ].join('\n');
  const timer = [
    '# Written by `expmon-runner service install --backup`.',
    '[Unit]',
    `Description=${systemdValue(`expmon backup schedule (${o.schedule})`)}`,
    'Documentation=https://github.com/expmon/expmon/blob/main/docs/guide/backups.md',
    '',
    '[Timer]',
    `OnCalendar=${onCalendar}`,
    // A run missed while the machine was off (power cut, maintenance) happens at the next boot.
    'Persistent=true',
    'RandomizedDelaySec=10min',
    `Unit=${o.name}-backup.service`,
    '',
    '[Install]',
    'WantedBy=timers.target',
    '',
  ].join('\n');
  return { service, timer };
}
