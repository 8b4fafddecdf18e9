import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config/loadConfig.js';
import { formatTable } from '../formatTable.js';
import { cleanSpikes, type CleanSpikesReport } from './cleanSpikes.js';
import { formatNanoTime } from './nanoTime.js';
import { parseTimeArg } from './parseTimeArg.js';
import { resolveSpikeStores } from './resolveSpikeStores.js';

interface SpikesFlags {
  series: string;
  since: string;
  until?: string;
  field: string;
  factor: number;
  window: number;
  minPercent: number;
  minDeviation: number;
  yes?: boolean;
}

const number = (v: string): number => {
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n < 0) throw new InvalidArgumentError('must be a number ≥ 0');
  return n;
};

/**
 * Registers `expmon-runner spikes CONFIG --series S --since T [--until T] [--factor F] [--yes]`:
 * finds spikes already stored in the config's database(s), prints them with their
 * neighbours, and deletes exactly them only with `--yes`.
 *
 * @example
 * registerSpikesCommand(program);
 * // expmon-runner spikes lab.config.ts --series lab_temp --since 7d          (report only)
 * // expmon-runner spikes lab.config.ts --series lab_temp --since 7d --yes    (delete them)
 */
export function registerSpikesCommand(program: Command): void {
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
    .action(async (config: string, flags: SpikesFlags) => {
      const cfg = await loadConfig(config);
      const stores = resolveSpikeStores(cfg);
      const now = Date.now();
      const since = parseTimeArg(flags.since, '--since', now);
      const until = flags.until === undefined ? undefined : parseTimeArg(flags.until, '--until', now);
      for (const store of stores) {
        const report = await cleanSpikes(store, {
          measurement: flags.series,
          field: flags.field,
          since,
          until,
          factor: flags.factor,
          window: flags.window,
          minPercent: flags.minPercent,
          minDeviation: flags.minDeviation,
          delete: flags.yes === true,
        });
        process.stdout.write(describeReport(report, flags, since, until));
      }
      // A config may have started a simulator; don't let it keep the process alive.
      await Promise.allSettled(cfg.sources.map((e) => e.source.close?.()));
      process.exit(0);
    });
}

function describeReport(report: CleanSpikesReport, flags: SpikesFlags, since: bigint, until: bigint | undefined): string {
  const spikes = report.series.flatMap((s) => s.spikes.map((x) => ({ s, x, kept: false })));
  const kept = report.series.flatMap((s) => s.kept.map((x) => ({ s, x, kept: true })));
  const rows = [...spikes, ...kept]
    .sort((a, b) => (a.x.point.time < b.x.point.time ? -1 : a.x.point.time > b.x.point.time ? 1 : 0))
    .map(({ s, x, kept: k }) => [
      formatNanoTime(x.point.time),
      seriesName(s.series.tags),
      String(x.point.value),
      String(round(x.median)),
      x.before.join(' '),
      x.after.join(' '),
      k ? 'kept: another series shares this time' : '',
    ]);
  const range = `${formatNanoTime(since)} → ${until === undefined ? 'now' : formatNanoTime(until)}`;
  let out = `${report.store}: ${flags.series}.${flags.field}, ${range}: ${report.checked} points checked\n`;
  if (rows.length === 0) return `${out}no spikes found\n`;
  out += `${formatTable(['time', 'series', 'value', 'median', 'before', 'after', 'note'], rows)}\n`;
  if (flags.yes) {
    out += `deleted ${report.deleted} spike${report.deleted === 1 ? '' : 's'}`;
  } else {
    out += `${spikes.length} spike${spikes.length === 1 ? '' : 's'} found; nothing deleted (run again with --yes to delete them)`;
  }
  if (kept.length > 0) out += `; ${kept.length} kept: the v2 delete API would also hit another series at the same time`;
  return `${out}\n`;
}

function seriesName(tags: Record<string, string>): string {
  const set = Object.keys(tags)
    .sort()
    .filter((k) => tags[k] !== '')
    .map((k) => `${k}=${tags[k]}`);
  return set.length === 0 ? '(no tags)' : set.join(',');
}

function round(x: number): number {
  return Number(x.toPrecision(6));
}
