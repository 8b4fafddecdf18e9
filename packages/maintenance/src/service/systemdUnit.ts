import { posix } from 'node:path';
import { sandboxLines } from './sandboxLines.js';
import { systemdEscape, systemdValue } from './systemdEscape.js';

/** What goes into the runner's systemd unit. All paths are absolute. */
export interface SystemdUnitOptions {
  /** Unit name without `.service`, e.g. `expmon`. */
  name: string;
  /** Absolute path of the config file. */
  configPath: string;
  /** Absolute path of the node binary (`process.execPath`). */
  nodePath: string;
  /** Absolute path of the runner's CLI (`dist/cli.js`). */
  cliPath: string;
  /** User the runner runs as. */
  user: string;
  /** Its primary group; default: the user's own. */
  group?: string;
  /** Extra groups, e.g. `dialout` for serial ports, `plugdev` for USB Phidgets. */
  supplementaryGroups?: string[];
  /** Folder of the local log; under `/var/lib/` it becomes a systemd `StateDirectory=`. */
  dataDir: string;
  /** The environment file (secrets), mode 0600. */
  environmentFile: string;
  /** How long systemd waits after SIGTERM before SIGKILL, in seconds. */
  timeoutStopSec: number;
  /** More `run` arguments (e.g. `--status-port 9100`). */
  runArgs?: string[];
}

/**
 * The text of a systemd service unit that runs `expmon-runner run CONFIG` for good:
 * restarts it whatever happens (`Restart=always`), logs to journald, reads secrets from an
 * `EnvironmentFile=` and sandboxes the process as far as the drivers allow (no
 * `PrivateDevices=`, `ProtectClock=` or `DeviceAllow=`, which would hide serial ports and USB
 * devices; no `MemoryDenyWriteExecute=`, which breaks V8's JIT).
 *
 * @example
 * renderSystemdUnit({
 *   name: 'expmon', configPath: '/srv/lab/lab.config.ts', nodePath: '/usr/bin/node',
 *   cliPath: '/srv/lab/node_modules/@expmon/runner/dist/cli.js', user: 'expmon',
 *   dataDir: '/var/lib/expmon', environmentFile: '/etc/expmon/expmon.env', timeoutStopSec: 25,
 * });
 */
export function renderSystemdUnit(o: SystemdUnitOptions): string {
  for (const [key, path] of Object.entries({ configPath: o.configPath, nodePath: o.nodePath, cliPath: o.cliPath, dataDir: o.dataDir, environmentFile: o.environmentFile })) {
    if (!posix.isAbsolute(path)) throw new Error(`${key} must be an absolute path: ${path}`);
  }
  const exec = [o.nodePath, o.cliPath, 'run', o.configPath, '--data-dir', o.dataDir, ...(o.runArgs ?? [])];
  const state = stateDirectory(o.dataDir);
  const lines = [
    '# Written by `expmon-runner service install`. Change it by running that command again;',
    '# local changes belong in a drop-in: systemctl edit ' + o.name + '.service',
    '[Unit]',
    `Description=${systemdValue(`expmon runner (${o.configPath})`)}`,
    'Documentation=https://github.com/expmon/expmon/blob/main/docs/guide/service.md',
    'Wants=network-online.target',
    'After=network-online.target time-sync.target influxdb.service',
    // Never give up restarting: a 24/7 monitor must come back once the device or disk does.
    'StartLimitIntervalSec=0',
    '',
    '[Service]',
    'Type=simple',
    `User=${o.user}`,
    ...(o.group ? [`Group=${o.group}`] : []),
    ...(o.supplementaryGroups?.length ? [`SupplementaryGroups=${o.supplementaryGroups.join(' ')}`] : []),
    `WorkingDirectory=${systemdValue(posix.dirname(o.configPath))}`,
    // systemd reads this file as root before it drops privileges: it can stay root-only.
    `EnvironmentFile=${systemdValue(o.environmentFile)}`,
    'Environment=NODE_ENV=production',
    `ExecStart=${exec.map(systemdEscape).join(' ')}`,
    'Restart=always',
    'RestartSec=5s',
    // SIGTERM: the runner stops polling and ships what waits (up to the config's shutdownTimeout).
    'KillSignal=SIGTERM',
    'KillMode=mixed',
    `TimeoutStopSec=${Math.ceil(o.timeoutStopSec)}s`,
    'StandardOutput=journal',
    'StandardError=journal',
    `SyslogIdentifier=${o.name}`,
    ...(state
      ? [`StateDirectory=${systemdEscape(state)}`, 'StateDirectoryMode=0750']
      : [`ReadWritePaths=${systemdEscape(o.dataDir)}`]),
    'UMask=0027',
    // AF_NETLINK: libusb/udev hot-plug events (Phidgets).
    ...sandboxLines({ netlink: true }),
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ];
  return lines.join('\n');
}

/** `expmon` for `/var/lib/expmon`: systemd creates it, owned by the service's user. */
function stateDirectory(dataDir: string): string | undefined {
  const norm = posix.normalize(dataDir);
  if (!norm.startsWith('/var/lib/')) return undefined;
  const rel = norm.slice('/var/lib/'.length).replace(/\/+$/, '');
  return rel === '' ? undefined : rel;
}
