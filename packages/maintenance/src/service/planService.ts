import { posix } from 'node:path';
import { renderBackupUnits } from './backupUnits.js';
import { renderSystemdUnit } from './systemdUnit.js';

/** Unit names systemd accepts (without `.service`). */
const UNIT_NAME = /^[A-Za-z0-9:_.-]+$/;
/** User and group names (as useradd accepts them, plus numeric ids). */
const ACCOUNT = /^[a-z_][a-z0-9_-]*\$?$|^\d+$/i;

/** Inputs of {@link planService}. */
export interface ServicePlanOptions {
  /** Unit name; default `expmon`. */
  name?: string;
  /** Absolute path of the config file. */
  configPath: string;
  /** The config's `shutdownTimeout` in ms: systemd waits this long plus 15 s before SIGKILL. */
  shutdownTimeoutMs: number;
  /** User the service runs as. */
  user: string;
  group?: string;
  supplementaryGroups?: string[];
  /** Data folder; default `/var/lib/<name>` (a systemd StateDirectory). */
  dataDir?: string;
  nodePath: string;
  cliPath: string;
  /** Variables for the environment file; undefined keeps an existing file as it is. */
  environment?: ReadonlyMap<string, string>;
  runArgs?: string[];
  /** Also a timer that runs `expmon-runner backup` on a schedule (`--backup daily`). */
  backup?: ServiceBackupOptions;
}

/** The scheduled backup of `service install --backup`. */
export interface ServiceBackupOptions {
  /** `daily` (04:00), `hourly`, `weekly` or a systemd `OnCalendar=` expression. */
  schedule: string;
  /** Folder of the dated backups; absolute. */
  dir: string;
  /** Backups kept. */
  keep: number;
  /** Restore and compare each backup. */
  verify: boolean;
  /** More `backup` arguments (e.g. `--rpc-address 127.0.0.1:8088`). */
  args?: string[];
}

/** The files a service install writes (paths relative to the root, e.g. `/etc/...`). */
export interface ServicePlan {
  name: string;
  unitPath: string;
  unit: string;
  environmentPath: string;
  environment: ReadonlyMap<string, string> | undefined;
  dataDir: string;
  /** True when systemd creates the data folder itself (`StateDirectory=`). */
  stateDirectory: boolean;
  user: string;
  group: string | undefined;
  /** The backup timer and service, when asked for. */
  backup: { servicePath: string; service: string; timerPath: string; timer: string } | undefined;
}

/**
 * Decides what `expmon-runner service install` writes: the unit
 * `/etc/systemd/system/<name>.service` and the environment file `/etc/expmon/<name>.env`;
 * with `backup`, also `<name>-backup.service` and `<name>-backup.timer`.
 * Throws on a bad name, user or path before anything is written.
 *
 * @example
 * const plan = planService({
 *   configPath: '/srv/lab/lab.config.ts', shutdownTimeoutMs: 10_000, user: 'expmon',
 *   nodePath: process.execPath, cliPath: '/srv/lab/node_modules/@expmon/runner/dist/cli.js',
 * });
 * plan.unitPath; // '/etc/systemd/system/expmon.service'
 */
export function planService(o: ServicePlanOptions): ServicePlan {
  const name = o.name ?? 'expmon';
  if (!UNIT_NAME.test(name) || name.endsWith('.service')) {
    throw new Error(`--name ${name}: use letters, digits and : _ . - (without .service)`);
  }
  for (const [flag, account] of [['--user', o.user], ['--group', o.group], ...(o.supplementaryGroups ?? []).map((g) => ['--groups', g])] as const) {
    if (account !== undefined && !ACCOUNT.test(account)) throw new Error(`${flag} ${account}: not a user or group name`);
  }
  const dataDir = posix.normalize(o.dataDir ?? `/var/lib/${name}`);
  if (!posix.isAbsolute(dataDir)) throw new Error(`--data-dir ${o.dataDir}: must be an absolute path`);
  if (['/', '/etc', '/usr', '/var', '/var/lib', '/home', '/root', '/tmp'].includes(dataDir.replace(/\/+$/, '') || '/')) {
    throw new Error(`--data-dir ${dataDir}: choose a folder of its own, e.g. /var/lib/${name}`);
  }
  const environmentPath = `/etc/expmon/${name}.env`;
  const unit = renderSystemdUnit({
    name,
    configPath: o.configPath,
    nodePath: o.nodePath,
    cliPath: o.cliPath,
    user: o.user,
    group: o.group,
    supplementaryGroups: o.supplementaryGroups,
    dataDir,
    environmentFile: environmentPath,
    timeoutStopSec: o.shutdownTimeoutMs / 1000 + 15,
    runArgs: o.runArgs,
  });
  const backup = o.backup
    ? renderBackupUnits({
        name,
        configPath: o.configPath,
        nodePath: o.nodePath,
        cliPath: o.cliPath,
        user: o.user,
        group: o.group,
        environmentFile: environmentPath,
        schedule: o.backup.schedule,
        backupDir: posix.normalize(o.backup.dir),
        keep: o.backup.keep,
        verify: o.backup.verify,
        backupArgs: o.backup.args,
      })
    : undefined;
  return {
    name,
    backup: backup && {
      servicePath: `/etc/systemd/system/${name}-backup.service`,
      service: backup.service,
      timerPath: `/etc/systemd/system/${name}-backup.timer`,
      timer: backup.timer,
    },
    unitPath: `/etc/systemd/system/${name}.service`,
    unit,
    environmentPath,
    environment: o.environment,
    dataDir,
    stateDirectory: unit.includes('\nStateDirectory='),
    user: o.user,
    group: o.group,
  };
}
