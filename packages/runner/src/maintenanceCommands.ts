import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '@expmon/core';
import type { DatabaseTarget } from '@expmon/maintenance';
import { influxTargetFromEnv, influxTargetOfSink } from './config/InfluxTarget.js';
import { loadConfig, type ResolvedConfig } from './config/loadConfig.js';

const say = (line: string): void => void process.stdout.write(`${line}\n`);
const collect = (v: string, all: string[]): string[] => [...all, v];
const number = (v: string): number => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number ≥ 0');
  return n;
};
const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
};
const sinkIndex = (v: string): number => {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(n)) throw new InvalidArgumentError('must be a whole number ≥ 0 (0 = the first database sink)');
  return n;
};
const hostPort = (v: string): string => {
  if (!/^[^\s:/]+:\d{1,5}$/.test(v)) throw new InvalidArgumentError('must be host:port, e.g. 127.0.0.1:8088');
  return v;
};

/** The package with the commands' code: loaded only when one of them runs. */
const maintenance = (): Promise<typeof import('@expmon/maintenance')> => import('@expmon/maintenance');

/**
 * Registers the lab server's maintenance commands: `backup`, `rename-series`, `spikes` and
 * `service`. Their code lives in `@expmon/maintenance` and is imported only inside the
 * actions, so `expmon-runner run` never loads it. Each action loads the config, resolves its
 * database (the `INFLUX_*` environment wins over the config's sinks, as for `run`) and hands
 * plain settings over. A problem the user can fix is one line on stderr and exit 1; config
 * errors exit 2 as everywhere.
 *
 * @example
 * registerMaintenanceCommands(program, fileURLToPath(import.meta.url));
 */
export function registerMaintenanceCommands(program: Command, cliPath: string): void {
  program
    .command('backup')
    .description("back up the config's database into a dated folder, with a manifest; --verify restores it into a throw-away server and compares counts")
    .argument('<config>', 'config file (its sink, or INFLUX_* in the environment, names the database)')
    .requiredOption('--to <dir>', 'folder of the dated backups (e.g. a NAS mount)')
    .option('--keep <n>', 'keep n backups (never the one just made nor the last verified one)', positiveInt)
    .option('--verify', 'restore the new backup into a throw-away server on a free loopback port and compare per-measurement counts')
    .option('--verify-only <folder>', 'verify this existing backup folder instead of making one')
    .option('--rpc-address <host:port>', "InfluxDB 1.x backup service (influxd's bind-address setting)", hostPort, '127.0.0.1:8088')
    .option('--vm-data <dir>', "VictoriaMetrics: the server's -storageDataPath", '/var/lib/victoria-metrics')
    .option('--sink <index>', 'which of the config’s database sinks (0 = first) when it has several', sinkIndex, 0)
    .option('--no-record', 'do not store the run as expmon_backup')
    .action(
      action('backup', async (config: string, flags: { to: string; keep?: number; verify?: boolean; verifyOnly?: string; rpcAddress: string; vmData: string; sink: number; record: boolean }) => {
        const cfg = await loadConfig(config);
        const target = oneTarget(cfg, flags.sink, 'no database to back up');
        const m = await maintenance();
        const report = await m.backupCommand(target, {
          to: flags.to,
          keep: flags.keep,
          verify: flags.verify,
          verifyOnly: flags.verifyOnly,
          rpcAddress: flags.rpcAddress,
          storageDataPath: flags.vmData,
          record: flags.record,
          say,
        });
        for (const p of report.problems) process.stderr.write(`expmon-runner backup: ${p}\n`);
        say(
          `${report.ok ? 'ok' : 'FAILED'}: ${report.folder || '(no backup made)'}, ${report.bytes} bytes, ${report.seconds.toFixed(1)} s, ` +
            `${report.verified ? 'verified' : 'not verified'}${report.recorded ? '; stored as expmon_backup' : ''}`,
        );
        await closeSources(cfg);
        process.exit(report.ok && report.recorded === (flags.record !== false) ? 0 : 1);
      }),
    );

  program
    .command('rename-series')
    .description('rename a measurement: list what will be done; with --yes copy it with every tag, compare counts; --drop-old deletes OLD when they match')
    .argument('<config>', 'config file (its sink, or INFLUX_* in the environment, names the database)')
    .argument('<old>', 'measurement to rename')
    .argument('<new>', 'new name (must not have points yet)')
    .option('-y, --yes', 'copy (without it nothing is changed)')
    .option('--drop-old', 'after the copy, drop OLD if every tag set and field count matches')
    .option('--sink <index>', 'which of the config’s database sinks (0 = first) when it has several', sinkIndex, 0)
    .action(
      action('rename-series', async (config: string, from: string, to: string, flags: { yes?: boolean; dropOld?: boolean; sink: number }) => {
        const cfg = await loadConfig(config);
        const target = oneTarget(cfg, flags.sink, 'no database to rename a series in');
        const m = await maintenance();
        const report = await m.renameSeriesCommand(target, { from, to, yes: flags.yes, dropOld: flags.dropOld, say });
        await closeSources(cfg);
        process.exit(report.copied && !report.countsMatch ? 1 : 0);
      }),
    );

  program
    .command('spikes')
    .description('find spikes stored in the database (a point far off the median of its neighbours); delete them with --yes')
    .argument('<config>', 'config file (its sinks, or INFLUX_* in the environment, name the database)')
    .requiredOption('-s, --series <measurement>', 'measurement to check (every tag set of it, each on its own)')
    .requiredOption('--since <time>', 'start: RFC 3339 time (2025-11-28T14:00:00Z) or a duration back from now (2h, 7d)')
    .option('--until <time>', 'end (exclusive), same forms as --since; default: no end')
    .option('--field <name>', 'numeric field to check', 'value')
    .option('-f, --factor <F>', 'a spike lies more than F robust standard deviations (1.4826 × MAD of its neighbours) off their median', number, 5)
    .option('-w, --window <n>', 'neighbours on each side; runs of up to n outlying points count as spikes, longer ones as a level change', number, 2)
    .option('--min-percent <p>', 'a spike also differs from the neighbours’ median by more than p % of it', number, 10)
    .option('--min-deviation <x>', 'a spike also differs from the neighbours’ median by more than x (field units)', number, 0)
    .option('-y, --yes', 'delete the spikes found (without it nothing is deleted)')
    .action(
      action('spikes', async (config: string, flags: import('@expmon/maintenance').SpikesCommandOptions) => {
        const cfg = await loadConfig(config);
        const targets = databaseTargets(cfg, 'no InfluxDB to clean');
        const m = await maintenance();
        await m.spikesCommand(targets, flags, (text) => process.stdout.write(text));
        await closeSources(cfg);
        process.exit(0);
      }),
    );

  const service = program.command('service').description('run a config as a systemd service: install, status, logs, uninstall');

  service
    .command('install')
    .description('write and enable a systemd unit that runs the config for good (restart always, journald logs); --backup adds a backup timer')
    .argument('<config>', 'config file (lab.config.ts)')
    .option('-u, --user <user>', 'user the runner runs as (must exist)', 'expmon')
    .option('--group <group>', "primary group (default: the user's)")
    .option('--groups <list>', 'supplementary groups, comma-separated (dialout for serial ports, plugdev for USB)')
    .option('--name <name>', 'unit name', 'expmon')
    .option('-d, --data-dir <dir>', 'folder of the local log (default /var/lib/<name>, created by systemd)')
    .option('--env-file <file>', 'KEY=VALUE lines (INFLUX_URL, INFLUX_TOKEN, passwords) copied into /etc/expmon/<name>.env, mode 0600')
    .option('-e, --env <NAME>', 'copy this variable from the current environment into the environment file (repeatable)', collect, [])
    .option('--node <path>', 'node binary the service runs', process.execPath)
    .option('--root <dir>', 'write under this folder instead of / (packaging, tests); nothing is started')
    .option('--dry-run', 'print the unit and the environment file (values hidden); write nothing')
    .option('--no-enable', 'write the files only')
    .option('--no-start', 'enable, but do not start now')
    .option('--backup <schedule>', 'also a systemd timer running `backup`: daily (04:00), hourly, weekly or an OnCalendar expression')
    .option('--backup-to <dir>', 'folder of the scheduled backups (default /var/backups/<name>)')
    .option('--backup-keep <n>', 'backups kept', positiveInt, 2)
    .option('--no-backup-verify', 'do not verify each scheduled backup')
    .option('--backup-rpc-address <host:port>', "InfluxDB 1.x backup service (influxd's bind-address)", hostPort)
    .action(
      action('service', async (config: string, flags: Omit<import('@expmon/maintenance').ServiceInstallCommandOptions, 'configPath' | 'shutdownTimeoutMs' | 'cliPath'>) => {
        const cfg = await loadConfig(config);
        const m = await maintenance();
        await m.serviceInstallCommand({ ...flags, configPath: cfg.file, shutdownTimeoutMs: cfg.shutdownTimeoutMs, cliPath });
        await closeSources(cfg);
        process.exit(0);
      }),
    );

  service
    .command('status')
    .description('systemctl status of the unit')
    .option('--name <name>', 'unit name', 'expmon')
    .action(async (flags: { name: string }) => {
      process.exitCode = await (await maintenance()).serviceStatusCommand(flags.name);
    });

  service
    .command('logs')
    .description("the runner's log lines from journald (journalctl -u)")
    .option('--name <name>', 'unit name', 'expmon')
    .option('-f, --follow', 'keep printing new lines')
    .option('-n, --lines <n>', 'how many recent lines', '100')
    .option('--since <time>', "from this time on (journalctl syntax: '1 hour ago', '2024-05-01 08:00')")
    .action(async (flags: { name: string; follow?: boolean; lines: string; since?: string }) => {
      if (!/^\d+$/.test(flags.lines)) throw new InvalidArgumentError('--lines must be a whole number');
      process.exitCode = await (await maintenance()).serviceLogsCommand(flags);
    });

  service
    .command('uninstall')
    .description('stop, disable and remove the unit, its backup timer and its environment file (the data folder and backups are kept)')
    .option('--name <name>', 'unit name', 'expmon')
    .option('--root <dir>', 'remove under this folder instead of /')
    .option('--keep-env', 'keep the environment file')
    .action(
      action('service', async (flags: { name: string; root?: string; keepEnv?: boolean }) => {
        await (await maintenance()).serviceUninstallCommand(flags);
      }),
    );
}

/** The databases of a config: `INFLUX_*` in the environment, else its influx sinks. */
function databaseTargets(cfg: ResolvedConfig, what: string): DatabaseTarget[] {
  const fromEnv = influxTargetFromEnv(process.env);
  const targets = fromEnv ? [fromEnv] : cfg.sinks.flatMap((s, i) => influxTargetOfSink(s, i, cfg.file) ?? []);
  if (targets.length === 0) {
    throw new ConfigError(`${what}: the config has no influx-v1/influx-v2 sink and INFLUX_URL is not set`, { file: cfg.file, field: 'sinks' });
  }
  return targets;
}

function oneTarget(cfg: ResolvedConfig, index: number, what: string): DatabaseTarget {
  const targets = databaseTargets(cfg, what);
  const t = targets[index];
  if (!t) throw new ConfigError(`--sink ${index}: the config has ${targets.length} database sink${targets.length === 1 ? '' : 's'} (0–${targets.length - 1})`, { file: cfg.file, field: 'sinks' });
  return t;
}

/** A config may have started a simulator; don't let it keep the process alive. */
async function closeSources(cfg: ResolvedConfig): Promise<void> {
  await Promise.allSettled(cfg.sources.map((e) => e.source.close?.()));
}

/** A problem the user can fix is one line on stderr and exit 1, not a stack trace; config errors go to the CLI's handler (exit 2). */
function action<A extends unknown[]>(command: string, run: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await run(...args);
    } catch (e) {
      if (ConfigError.isInstance(e)) throw e;
      process.stderr.write(`expmon-runner ${command}: ${(e as Error)?.message ?? String(e)}\n`);
      process.exit(1);
    }
  };
}
