import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError } from '@expmon/core';
import { loadConfig } from '../config/loadConfig.js';
import { maskEnvironment, parseEnvironmentFile } from './environmentFile.js';
import { installService } from './installService.js';
import { planService } from './planService.js';
import { runSystemTool } from './runSystemTool.js';
import { uninstallService } from './uninstallService.js';

interface InstallFlags {
  user: string;
  group?: string;
  groups?: string;
  name: string;
  dataDir?: string;
  envFile?: string;
  env: string[];
  node: string;
  root?: string;
  dryRun?: boolean;
  enable: boolean;
  start: boolean;
}

const collect = (v: string, all: string[]): string[] => [...all, v];
const say = (line: string): void => void process.stdout.write(`${line}\n`);

/**
 * Adds `service install|status|logs|uninstall` to the CLI: runs a config as a systemd service.
 *
 * @example
 * registerServiceCommand(program, fileURLToPath(import.meta.url));
 * // expmon-runner service install lab.config.ts --user expmon --env-file influx.env
 */
export function registerServiceCommand(program: Command, cliPath: string): Command {
  const service = program
    .command('service')
    .description('run a config as a systemd service: install, status, logs, uninstall');

  service
    .command('install')
    .description('write and enable a systemd unit that runs the config for good (restart always, journald logs)')
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
    .action(plainErrors(async (config: string, flags: InstallFlags) => {
      const cfg = await loadConfig(config);
      const environment = readEnvironment(flags);
      const plan = planService({
        name: flags.name,
        configPath: cfg.file,
        shutdownTimeoutMs: cfg.shutdownTimeoutMs,
        user: flags.user,
        group: flags.group,
        supplementaryGroups: flags.groups?.split(',').map((g) => g.trim()).filter(Boolean),
        dataDir: flags.dataDir,
        nodePath: flags.node,
        cliPath,
        environment,
      });
      if (/[/\\]_npx[/\\]/.test(cliPath)) {
        process.stderr.write(
          `expmon-runner: warning: the unit would run ${cliPath}, in npx's cache, which npm may clean.\n` +
            '  Install the runner next to the config (npm install @expmon/runner) and run it from there.\n',
        );
      }
      if (flags.dryRun) {
        say(`# ${plan.unitPath}`);
        process.stdout.write(plan.unit);
        say(`\n# ${plan.environmentPath} (mode 0600)`);
        process.stdout.write(environment === undefined ? '# (an existing file is kept as it is)\n' : maskEnvironment(environment));
      } else {
        await installService(plan, { root: flags.root, enable: flags.enable, start: flags.start, say });
      }
      await Promise.allSettled(cfg.sources.map((e) => e.source.close?.()));
      process.exit(0);
    }));

  service
    .command('status')
    .description('systemctl status of the unit')
    .option('--name <name>', 'unit name', 'expmon')
    .action(async (flags: { name: string }) => passThrough('systemctl', ['status', `${flags.name}.service`, '--no-pager']));

  service
    .command('logs')
    .description("the runner's log lines from journald (journalctl -u)")
    .option('--name <name>', 'unit name', 'expmon')
    .option('-f, --follow', 'keep printing new lines')
    .option('-n, --lines <n>', 'how many recent lines', '100')
    .option('--since <time>', "from this time on (journalctl syntax: '1 hour ago', '2024-05-01 08:00')")
    .action(async (flags: { name: string; follow?: boolean; lines: string; since?: string }) => {
      if (!/^\d+$/.test(flags.lines)) throw new InvalidArgumentError('--lines must be a whole number');
      const args = ['-u', `${flags.name}.service`, '-n', flags.lines, '--no-pager'];
      if (flags.follow) args.push('-f');
      if (flags.since) args.push('--since', flags.since);
      await passThrough('journalctl', args);
    });

  service
    .command('uninstall')
    .description('stop, disable and remove the unit and its environment file (the data folder is kept)')
    .option('--name <name>', 'unit name', 'expmon')
    .option('--root <dir>', 'remove under this folder instead of /')
    .option('--keep-env', 'keep the environment file')
    .action(
      plainErrors(async (flags: { name: string; root?: string; keepEnv?: boolean }) => {
        await uninstallService({ name: flags.name, root: flags.root, keepEnvironment: flags.keepEnv, say });
      }),
    );

  return service;
}

/** Variables from --env-file, then --env NAME (which wins); undefined when neither was given. */
function readEnvironment(flags: InstallFlags): Map<string, string> | undefined {
  if (flags.envFile === undefined && flags.env.length === 0) return undefined;
  const vars = new Map<string, string>();
  if (flags.envFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(flags.envFile, 'utf8');
    } catch (e) {
      throw new Error(`--env-file ${flags.envFile}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
    }
    for (const [k, v] of parseEnvironmentFile(text, flags.envFile)) vars.set(k, v);
  }
  for (const name of flags.env) {
    const value = process.env[name];
    if (value === undefined) throw new Error(`--env ${name}: the variable is not set`);
    vars.set(name, value);
  }
  return vars;
}

/** A problem the user can fix is one line on stderr and exit 1, not a stack trace. */
function plainErrors<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    try {
      await action(...args);
    } catch (e) {
      if (ConfigError.isInstance(e)) throw e;
      process.stderr.write(`expmon-runner service: ${(e as Error).message}\n`);
      process.exit(1);
    }
  };
}

async function passThrough(command: string, args: string[]): Promise<void> {
  const r = await runSystemTool(command, args);
  if (r.stderr) process.stderr.write(r.stderr);
  process.exitCode = r.code;
}
