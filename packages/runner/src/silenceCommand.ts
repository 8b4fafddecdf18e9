import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import type { SilenceFile } from '@expmon/alerts';
import { loadConfig } from './config/loadConfig.js';
import { parseDuration, formatTable } from '@expmon/core';

interface AddFlags {
  rule?: string;
  sensor?: string;
  for: string;
  start?: string;
  reason: string;
  dataDir?: string;
}

const duration = (v: string): string => {
  if (parseDuration(v) === undefined) throw new InvalidArgumentError('must be a duration such as 30m, 6h or 2d');
  return v;
};

const time = (v: string): string => {
  if (Number.isNaN(Date.parse(v))) throw new InvalidArgumentError('must be a date and time such as 2025-12-01T08:00:00+01:00');
  return v;
};

/**
 * Registers `expmon-runner silence add|list|remove`: maintenance silences (a bake-out, a
 * planned power cut) stored in `<dataDir>/silences.json`, which the running runner re-reads
 * at its next check. `@expmon/alerts` is loaded only when the command runs.
 *
 * @example
 * registerSilenceCommand(program);
 * // expmon-runner silence add lab.config.ts --sensor chamber_pressure --for 6h --reason "bake-out"
 * // expmon-runner silence add lab.config.ts --rule ups_on_battery --start 2025-12-06T07:00:00+01:00 --for 4h --reason "power cut"
 * // expmon-runner silence list lab.config.ts
 * // expmon-runner silence remove lab.config.ts 3f9a12c0
 */
export function registerSilenceCommand(program: Command): void {
  const silence = program.command('silence').description('maintenance silences: no alert notifications for a rule or a sensor for a while');
  const fileOf = async (
    config: string,
    dataDir: string | undefined,
  ): Promise<{ file: SilenceFile; rules: string[]; formatDuration: (ms: number) => string }> => {
    const cfg = await loadConfig(config, { dataDir });
    await Promise.allSettled(cfg.sources.map((e) => e.source.close?.()));
    const { SilenceFile, formatDuration } = await import('@expmon/alerts');
    return { file: new SilenceFile(join(cfg.dataDir, 'silences.json')), rules: cfg.alerts?.rules.map((r) => r.name) ?? [], formatDuration };
  };

  silence
    .command('add')
    .description('silence a rule (--rule) or every rule on a measurement (--sensor)')
    .argument('<config>', 'config file')
    .option('-r, --rule <name>', 'rule name')
    .option('-s, --sensor <measurement>', 'measurement: every rule on it')
    .requiredOption('--for <duration>', 'how long, e.g. 6h', duration)
    .option('--start <time>', 'when it starts (a planned power cut); default now', time)
    .requiredOption('--reason <text>', 'why (shown in the list and the log)')
    .option('-d, --data-dir <dir>', 'the runner’s data folder, if not the config’s')
    .action(async (config: string, flags: AddFlags) => {
      if (!flags.rule === !flags.sensor) {
        process.stderr.write('expmon-runner: silence add needs exactly one of --rule NAME or --sensor MEASUREMENT\n');
        process.exit(2);
      }
      const { file, rules } = await fileOf(config, flags.dataDir);
      if (flags.rule && !rules.includes(flags.rule)) {
        process.stderr.write(`expmon-runner: no rule '${flags.rule}' in ${config} (rules: ${rules.join(', ') || 'none'})\n`);
        process.exit(2);
      }
      const start = flags.start ? Date.parse(flags.start) : Date.now();
      const s = file.add({ rule: flags.rule, sensor: flags.sensor, start, end: start + parseDuration(flags.for)!, reason: flags.reason });
      process.stdout.write(`silence ${s.id}: ${s.rule ? `rule ${s.rule}` : `sensor ${s.sensor}`} from ${new Date(s.start).toISOString()} until ${new Date(s.end).toISOString()} (${flags.reason})\n`);
      process.exit(0);
    });

  silence
    .command('list')
    .description('list the silences (active, planned and recently ended)')
    .argument('<config>', 'config file')
    .option('-d, --data-dir <dir>', 'the runner’s data folder, if not the config’s')
    .action(async (config: string, flags: { dataDir?: string }) => {
      const { file, formatDuration } = await fileOf(config, flags.dataDir);
      const now = Date.now();
      const rows = file.list().map((s) => [
        s.id,
        s.rule ? `rule ${s.rule}` : `sensor ${s.sensor}`,
        now < s.start ? `starts in ${formatDuration(s.start - now)}` : now < s.end ? `active, ${formatDuration(s.end - now)} left` : 'ended',
        new Date(s.start).toISOString(),
        new Date(s.end).toISOString(),
        s.reason,
      ]);
      process.stdout.write(rows.length ? `${formatTable(['id', 'silences', 'state', 'from', 'until', 'reason'], rows)}\n` : 'no silences\n');
      process.exit(0);
    });

  silence
    .command('remove')
    .description('end a silence now (by its id, or a unique start of it)')
    .argument('<config>', 'config file')
    .argument('<id>', 'silence id (see silence list)')
    .option('-d, --data-dir <dir>', 'the runner’s data folder, if not the config’s')
    .action(async (config: string, id: string, flags: { dataDir?: string }) => {
      const { file } = await fileOf(config, flags.dataDir);
      const s = file.remove(id);
      if (!s) {
        process.stderr.write(`expmon-runner: no silence with id ${id} (or more than one starts so)\n`);
        process.exit(1);
      }
      process.stdout.write(`removed silence ${s.id} (${s.reason})\n`);
      process.exit(0);
    });
}
