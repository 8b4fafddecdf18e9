import { readFileSync } from 'node:fs';
import { maskEnvironment, parseEnvironmentFile } from './environmentFile.js';
import { installService } from './installService.js';
import { planService } from './planService.js';
import { runSystemTool } from './runSystemTool.js';
import { uninstallService } from './uninstallService.js';

/** The flags of `expmon-runner service install`, with what the runner read from the config. */
export interface ServiceInstallCommandOptions {
  /** Absolute path of the config. */
  configPath: string;
  /** The config's `shutdownTimeout` in ms. */
  shutdownTimeoutMs: number;
  /** Absolute path of the runner's `dist/cli.js` (what the unit runs). */
  cliPath: string;
  user: string;
  group?: string;
  /** Comma-separated supplementary groups. */
  groups?: string;
  name: string;
  dataDir?: string;
  envFile?: string;
  /** Variables copied from the current environment. */
  env: string[];
  node: string;
  root?: string;
  dryRun?: boolean;
  enable: boolean;
  start: boolean;
  /** `--backup daily|hourly|weekly|<OnCalendar>`: also install a backup timer. */
  backup?: string;
  /** `--backup-to DIR`; default `/var/backups/<name>`. */
  backupTo?: string;
  /** `--backup-keep N`; default 2. */
  backupKeep?: number;
  /** `--no-backup-verify` sets false; default true. */
  backupVerify?: boolean;
  /** `--backup-rpc-address host:port` for InfluxDB 1.x. */
  backupRpcAddress?: string;
}

/** Where the commands write: stdout lines and stderr warnings. */
export interface CommandOutput {
  say: (line: string) => void;
  warn: (line: string) => void;
}

const defaultOutput: CommandOutput = {
  say: (line) => void process.stdout.write(`${line}\n`),
  warn: (line) => void process.stderr.write(`${line}\n`),
};

/**
 * `expmon-runner service install`: plans the unit (and the backup timer with `backup`),
 * then prints it (`dryRun`, values of the environment hidden) or writes and enables it.
 * Bad names, users, paths and environment-file lines throw before anything is written.
 *
 * @example
 * await serviceInstallCommand({ configPath: '/srv/lab/lab.config.ts', shutdownTimeoutMs: 10_000,
 *   cliPath: '/srv/lab/node_modules/@expmon/runner/dist/cli.js', user: 'expmon', name: 'expmon', env: [],
 *   node: process.execPath, enable: true, start: true, backup: 'daily', backupTo: '/mnt/nas/expmon' });
 */
export async function serviceInstallCommand(o: ServiceInstallCommandOptions, out: CommandOutput = defaultOutput): Promise<void> {
  const environment = readEnvironment(o);
  const plan = planService({
    name: o.name,
    configPath: o.configPath,
    shutdownTimeoutMs: o.shutdownTimeoutMs,
    user: o.user,
    group: o.group,
    supplementaryGroups: o.groups?.split(',').map((g) => g.trim()).filter(Boolean),
    dataDir: o.dataDir,
    nodePath: o.node,
    cliPath: o.cliPath,
    environment,
    backup:
      o.backup === undefined
        ? undefined
        : {
            schedule: o.backup,
            dir: o.backupTo ?? `/var/backups/${o.name}`,
            keep: o.backupKeep ?? 2,
            verify: o.backupVerify !== false,
            args: o.backupRpcAddress ? ['--rpc-address', o.backupRpcAddress] : undefined,
          },
  });
  if (/[/\\]_npx[/\\]/.test(o.cliPath)) {
    out.warn(
      `expmon-runner: warning: the unit would run ${o.cliPath}, in npx's cache, which npm may clean.\n` +
        '  Install the runner next to the config (npm install @expmon/runner) and run it from there.',
    );
  }
  if (o.dryRun) {
    out.say(`# ${plan.unitPath}`);
    out.say(plan.unit.replace(/\n$/, ''));
    if (plan.backup) {
      out.say(`\n# ${plan.backup.servicePath}`);
      out.say(plan.backup.service.replace(/\n$/, ''));
      out.say(`\n# ${plan.backup.timerPath}`);
      out.say(plan.backup.timer.replace(/\n$/, ''));
    }
    out.say(`\n# ${plan.environmentPath} (mode 0600)`);
    out.say((environment === undefined ? '# (an existing file is kept as it is)\n' : maskEnvironment(environment)).replace(/\n$/, ''));
  } else {
    await installService(plan, { root: o.root, enable: o.enable, start: o.start, say: out.say });
  }
}

/**
 * `expmon-runner service status`: `systemctl status <name>.service`; resolves with its exit code.
 *
 * @example
 * process.exitCode = await serviceStatusCommand('expmon');
 */
export async function serviceStatusCommand(name: string): Promise<number> {
  return passThrough('systemctl', ['status', `${name}.service`, '--no-pager']);
}

/**
 * `expmon-runner service logs`: the unit's journal (`journalctl -u`); resolves with its exit code.
 *
 * @example
 * process.exitCode = await serviceLogsCommand({ name: 'expmon', lines: '100', follow: true });
 */
export async function serviceLogsCommand(o: { name: string; follow?: boolean; lines: string; since?: string }): Promise<number> {
  if (!/^\d+$/.test(o.lines)) throw new Error('--lines must be a whole number');
  const args = ['-u', `${o.name}.service`, '-n', o.lines, '--no-pager'];
  if (o.follow) args.push('-f');
  if (o.since) args.push('--since', o.since);
  return passThrough('journalctl', args);
}

/**
 * `expmon-runner service uninstall`.
 *
 * @example
 * await serviceUninstallCommand({ name: 'expmon' });
 */
export async function serviceUninstallCommand(o: { name: string; root?: string; keepEnv?: boolean }, out: CommandOutput = defaultOutput): Promise<void> {
  await uninstallService({ name: o.name, root: o.root, keepEnvironment: o.keepEnv, say: out.say });
}

/** Variables from --env-file, then --env NAME (which wins); undefined when neither was given. */
function readEnvironment(o: ServiceInstallCommandOptions): Map<string, string> | undefined {
  if (o.envFile === undefined && o.env.length === 0) return undefined;
  const vars = new Map<string, string>();
  if (o.envFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(o.envFile, 'utf8');
    } catch (e) {
      throw new Error(`--env-file ${o.envFile}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    for (const [k, v] of parseEnvironmentFile(text, o.envFile)) vars.set(k, v);
  }
  for (const name of o.env) {
    const value = process.env[name];
    if (value === undefined) throw new Error(`--env ${name}: the variable is not set`);
    vars.set(name, value);
  }
  return vars;
}

async function passThrough(command: string, args: string[]): Promise<number> {
  const r = await runSystemTool(command, args);
  if (r.stderr) process.stderr.write(r.stderr);
  return r.code;
}
