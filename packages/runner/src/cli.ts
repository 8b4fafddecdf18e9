#!/usr/bin/env node
import { setFlagsFromString } from 'node:v8';
// A 24/7 service on a small box (measured in bench/, see its README), unless node's own
// arguments or NODE_OPTIONS set them (Node accepts only the first in NODE_OPTIONS):
// - a smaller young generation keeps the resident memory about 30 MB lower at the same CPU;
// - the old generation may grow to 1.5 times what was live after a full GC (V8's default
//   lets it grow up to 4 times before the next one: at 10,000 sensors the heap reached
//   200 MB, of which 55 MB were live). Not a cap: a large backlog still gets what it needs.
for (const [flag, value] of [
  ['--max-semi-space-size', '4'],
  ['--heap-growing-percent', '50'],
] as const) {
  if (!(process.env.NODE_OPTIONS ?? '').includes(flag) && !process.execArgv.some((a) => a.startsWith(flag))) setFlagsFromString(`${flag}=${value}`);
}
import { fileURLToPath } from 'node:url';
import { Command, InvalidArgumentError, Option } from 'commander';
import { ConfigError, ExpmonError, parseDuration } from '@expmon/core';
import { DataDirLockedError, totalDropped, type StoreCounts } from '@expmon/store';
import { registerCheckCommand } from './cli/checkCommand.js';
import { firstCommandWord } from './cli/firstCommandWord.js';
import { unknownCommandMessage } from './cli/unknownCommandMessage.js';
import { registerInitCommand } from './init/initCommand.js';
import { loadConfig, type ConfigOverrides } from './config/loadConfig.js';
import { readingsDatabase } from './config/readingsDatabase.js';
import { checkSinkSecrets, resolveSinks } from './config/resolveSinks.js';
import { createLogger } from './createLogger.js';
import { flushQueues } from './flushQueues.js';
import { LiveTable } from './LiveTable.js';
import { registerMaintenanceCommands } from './maintenanceCommands.js';
import type { PollOutcome } from './pollSource.js';
import { Runner } from './Runner.js';
import { registerGrafanaCommand } from './grafanaCommand.js';
import { registerSilenceCommand } from './silenceCommand.js';
import { SourceHealth } from './status/SourceHealth.js';
import { version } from './version.js';

interface RunFlags {
  cycles?: number;
  verbose?: boolean;
  timing?: boolean;
  dryRun?: boolean;
  interval?: string;
  dataDir?: string;
  logLevel?: string;
  statusPort?: number;
}

const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number ≥ 1');
  return n;
};
const duration = (v: string): string => {
  if (parseDuration(v) === undefined) throw new InvalidArgumentError('must be a duration such as 5s, 200ms or 1m');
  return v;
};

const program = new Command('expmon-runner')
  .description('Reads the sensors of a lab config, cleans the readings and stores them in InfluxDB without losing any.')
  .version(version)
  .showHelpAfterError("(see 'expmon-runner --help')");

program
  .command('run', { isDefault: true })
  .description('run a config: poll and store readings until stopped (SIGTERM/SIGINT: flush, exit 0)')
  .argument('<config>', 'config file (lab.config.ts)')
  .option('-n, --cycles <n>', 'stop after N poll cycles, once every reading is in the database or the local log', positiveInt)
  .option('-v, --verbose', 'show the latest reading of every sensor (a live table on a TTY, a log line each otherwise)')
  .option('-t, --timing', 'log each cycle’s duration and its slowest source')
  .option('--dry-run', 'print line protocol to stdout; write nothing')
  .option('-i, --interval <duration>', 'poll interval, overriding the config (e.g. 200ms)', duration)
  .option('-d, --data-dir <dir>', 'folder of the local log, dead letters and file sink (default: expmon-data next to the config)')
  .addOption(new Option('--log-level <level>', 'log level').choices(['debug', 'info', 'warn', 'error']))
  .option('--status-port <port>', 'serve /healthz and /metrics on 127.0.0.1:<port> (0: any free port)', (v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new InvalidArgumentError('must be a port number');
    return n;
  })
  .addHelpText(
    'after',
    `
Environment (wins over the config's sinks):
  INFLUX_URL with INFLUX_TOKEN, INFLUX_ORG, INFLUX_BUCKET          InfluxDB v2 write API (2.x, 3.x, 1.8+)
  INFLUX_URL with INFLUX_DATABASE, INFLUX_USERNAME, INFLUX_PASSWORD InfluxDB 1.x /write`,
  )
  .action(async (config: string, flags: RunFlags) => run(config, flags));

registerCheckCommand(program);
registerInitCommand(program);

program
  .command('flush')
  .description('ship what waits in the local log and exit (non-zero if the database cannot be reached); names the logs of destinations the config no longer names')
  .argument('<config>', 'config file')
  .option('-d, --data-dir <dir>', 'folder of the local log')
  .option('--timeout <duration>', 'give up after this long', duration, '30s')
  .action(async (config: string, flags: { dataDir?: string; timeout: string }) => {
    const cfg = await loadConfig(config, { dataDir: flags.dataDir });
    const log = createLogger({ level: cfg.logLevel });
    const { waiting, counts, orphans } = await flushQueues(cfg, resolveSinks(cfg), log, parseDuration(flags.timeout)!);
    for (const o of orphans) {
      log.warn(
        { queue: o.dir, destination: o.destination, waiting: o.waiting ?? 'unknown' },
        o.note
          ? `not flushed: ${o.note}`
          : `not flushed: this local log is for ${o.destination}, which the config does not name; run flush with a config (or INFLUX_URL) naming that destination, or move the folder away`,
      );
    }
    const fields = { shipped: counts.shipped, deadLettered: counts.deadLettered, waiting, dropped: counts.dropped, orphanedQueues: orphans.length };
    if (waiting > 0) {
      log.error(fields, `database unreachable: ${waiting} readings still wait in the local log`);
      process.exitCode = 1;
    } else if (counts.deadLettered > 0) {
      log.warn(fields, `local log empty: ${counts.shipped} readings shipped, ${counts.deadLettered} refused by the database (in the dead-letter file)`);
    } else {
      log.info(fields, `local log empty: everything shipped (${counts.shipped} readings)`);
    }
    await Promise.allSettled(cfg.sources.map((e) => e.source.close?.()));
    process.exit(process.exitCode ?? 0);
  });

registerSilenceCommand(program);
registerMaintenanceCommands(program, fileURLToPath(import.meta.url));
registerGrafanaCommand(program);

async function run(configPath: string, flags: RunFlags): Promise<void> {
  const overrides: ConfigOverrides = { interval: flags.interval, dataDir: flags.dataDir };
  const config = await loadConfig(configPath, overrides);
  const log = createLogger({ level: flags.logLevel ?? config.logLevel });
  // A dry run writes nothing, but fails on a missing secret or a bad INFLUX_URL as `run` would.
  if (flags.dryRun) checkSinkSecrets(config);
  const sinks = flags.dryRun ? [] : resolveSinks(config);
  const live = flags.verbose && process.stdout.isTTY ? new LiveTable(process.stdout) : undefined;
  const cycle = new Map<number, { count: number; slowest: PollOutcome }>();
  const runner = new Runner(config, sinks, log, {
    cycles: flags.cycles,
    dryRun: flags.dryRun,
    onReading: flags.verbose
      ? (r, sensor) =>
          live ? live.reading(r, sensor) : log.info({ sensor, measurement: r.measurement, ...r.fields, unit: r.tags.unit, time: new Date(r.time).toISOString() }, 'reading')
      : undefined,
    // Only when shown: this runs for every poll of every source.
    onOutcome: !live && !flags.timing ? undefined : (o) => {
      live?.outcome(o);
      if (!flags.timing) return;
      const c = cycle.get(o.tick);
      if (!c) {
        for (const [tick, prev] of cycle) {
          log.info({ cycle: tick, sources: prev.count, cycleMs: Math.round(prev.slowest.latencyMs), slowest: prev.slowest.source }, 'cycle time');
          cycle.delete(tick);
        }
        cycle.set(o.tick, { count: 1, slowest: o });
      } else {
        c.count++;
        if (o.latencyMs > c.slowest.latencyMs) c.slowest = o;
      }
    },
  });

  // Alerts (not in a dry run: it writes nothing and sends nothing). Built now: a missing secret fails before anything starts.
  // Features load their libraries only when configured (a lab box's memory is small).
  const alerting =
    config.alerts && !flags.dryRun
      ? new (await import('@expmon/alerts')).Alerting(config.alerts, runner, {
          dataDir: config.dataDir,
          log,
          configFile: config.file,
          database: readingsDatabase(config), // the charts' window is read back from it at start
        })
      : undefined;
  const health = new SourceHealth(runner, { store: config.status.health && !flags.dryRun });
  health.start();
  const statusHttp = flags.statusPort !== undefined ? { port: flags.statusPort, host: '127.0.0.1' } : config.status.http;
  const status = statusHttp ? new (await import('./status/StatusServer.js')).StatusServer(runner, health, statusHttp) : undefined;

  let signals = 0;
  const onSignal = (signal: NodeJS.Signals): void => {
    signals++;
    if (signals > 1) {
      log.warn({ signal }, 'second signal: exiting now; unshipped readings are safe in the local log');
      process.exit(130);
    }
    if (signal === 'SIGHUP') {
      // No in-process reload: flush, exit 0, and the service manager (Restart=always in the
      // unit `expmon-runner service install` writes) starts it again with the edited config.
      log.info({ signal }, 'SIGHUP: flushing readings and exiting 0 so that the service manager restarts expmon-runner with the config as it is now');
    } else {
      log.info({ signal }, 'stopping: flushing readings');
    }
    void finish(0);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  process.on('SIGHUP', onSignal);

  let finishing: Promise<void> | undefined;
  const finish = (code: number): Promise<void> =>
    (finishing ??= (async () => {
      health.stop();
      const { waiting, counts } = await runner.stop();
      await alerting?.stop();
      await status?.stop();
      live?.stop();
      for (const [tick, prev] of cycle) {
        log.info({ cycle: tick, sources: prev.count, cycleMs: Math.round(prev.slowest.latencyMs), slowest: prev.slowest.source }, 'cycle time');
      }
      if (flags.dryRun || !counts) {
        log.info({ readings: runner.stats.readings }, 'stopped (dry run: nothing written)');
      } else {
        logExitLine(log, runner.stats.readings, counts, waiting, config.dataDir);
      }
      process.exitCode = code;
      // Let stdout/stderr drain; nothing else should keep the process alive.
      setTimeout(() => process.exit(code), 50).unref();
    })());

  alerting?.start();
  await runner.start();
  if (status) {
    await status.start();
    const { host, port } = status.address;
    log.info({ url: `http://${host}:${port}/`, endpoints: ['/healthz', '/metrics'] }, 'status endpoint listening');
  }
  if (flags.cycles) {
    await runner.finished;
    await finish(0);
  }
}

/**
 * The exit line: honest counts of what happened to the readings; "every reading stored"
 * only when none waits, none was refused and none was dropped.
 */
function logExitLine(log: ReturnType<typeof createLogger>, readings: number, c: StoreCounts, waiting: number, dataDir: string): void {
  const dropped = totalDropped(c);
  const fields = { readings, produced: c.produced, fromEarlierRun: c.fromEarlierRun, shipped: c.shipped, waiting, deadLettered: c.deadLettered, dropped: c.dropped, dataDir };
  if (waiting === 0 && dropped === 0 && c.deadLettered === 0) {
    log.info(fields, 'stopped; every reading stored');
    return;
  }
  const parts = [`stopped: ${c.shipped} shipped`];
  if (waiting > 0) parts.push(`${waiting} readings wait in the local log; they ship on the next start or with 'expmon-runner flush'`);
  if (c.deadLettered > 0) parts.push(`${c.deadLettered} refused by the database (in the dead-letter file)`);
  if (dropped > 0) parts.push(`${dropped} LOST (size bound ${c.dropped.sizeBound}, disk full ${c.dropped.diskFull}, damaged ${c.dropped.damaged})`);
  (dropped > 0 ? log.error : log.warn).call(log, fields, parts.join('; '));
}

// Usage errors: one line and where to read more, not the whole help (set on every command,
// including those registered above by other modules, after they are all there).
const hintOnError = (cmd: Command, path: string): void => {
  cmd.showHelpAfterError(`(see '${path} --help')`);
  for (const sub of cmd.commands) hintOnError(sub, `${path} ${sub.name()}`);
};
hintOnError(program, 'expmon-runner');

const userArgs = process.argv.slice(2);
if (userArgs.length === 0) {
  // No arguments: the list of commands, not "missing required argument 'config'".
  program.outputHelp({ error: true });
  process.exit(1);
}
const word = firstCommandWord(program, userArgs);
const unknown = word === undefined ? undefined : unknownCommandMessage(program, word);
if (unknown) {
  process.stderr.write(`expmon-runner: ${unknown}\n(see 'expmon-runner --help')\n`);
  process.exit(1);
}

program.parseAsync(process.argv).catch((e: unknown) => {
  if (ConfigError.isInstance(e)) {
    process.stderr.write(`expmon-runner: config error: ${(e as Error).message}\n`);
    process.exit(2);
  }
  if (DataDirLockedError.isInstance(e) || (e as NodeJS.ErrnoException)?.code !== undefined) {
    // Expected operational errors (another process holds the data dir, a file error): the message, no stack.
    process.stderr.write(`expmon-runner: ${(e as Error).message}\n`);
    process.exit(1);
  }
  const err = e instanceof Error ? e : new Error(String(e));
  if (process.env.EXPMON_DEBUG) {
    process.stderr.write(`expmon-runner: ${err.stack ?? err.message}\n`);
  } else {
    // One line that says what failed (a database that cannot be reached, a device); the stack
    // trace is for bug reports. Typed expmon errors carry their name (DeviceError, …).
    const name = ExpmonError.isInstance(err) ? `${err.name}: ` : '';
    process.stderr.write(`expmon-runner: ${name}${err.message}\n(EXPMON_DEBUG=1 shows the stack trace)\n`);
  }
  process.exit(1);
});
