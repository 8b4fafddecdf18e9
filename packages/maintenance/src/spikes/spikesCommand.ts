import type { DatabaseTarget } from '../DatabaseTarget.js';
import { formatTable } from '@expmon/core';
import { identifyDatabase } from '../identifyDatabase.js';
import { cleanSpikes, type CleanSpikesReport } from './cleanSpikes.js';
import { formatNanoTime } from './nanoTime.js';
import { parseTimeArg } from './parseTimeArg.js';
import { spikeStoreFor } from './spikeStoreFor.js';

/** What `expmon-runner spikes` was asked (its flags, already parsed). */
export interface SpikesCommandOptions {
  series: string;
  since: string;
  until?: string;
  field: string;
  factor: number;
  window: number;
  minPercent: number;
  minDeviation: number;
  /** Delete what was found; without it nothing is deleted. */
  yes?: boolean;
}

/**
 * The `spikes` command once the config is loaded: for each database, finds spikes already
 * stored (a point far off the median of its neighbours), writes them as a table with their
 * neighbours, and deletes exactly them only with `yes`. A database that does not answer
 * rejects with a {@link DatabaseUnreachableError} (one clear line, not a stack trace).
 *
 * @example
 * await spikesCommand([{ kind: 'v1', url: 'http://127.0.0.1:8086', database: 'lab' }],
 *   { series: 'lab_temp', since: '7d', field: 'value', factor: 5, window: 2, minPercent: 10, minDeviation: 0 },
 *   (text) => process.stdout.write(text));
 */
export async function spikesCommand(targets: readonly DatabaseTarget[], flags: SpikesCommandOptions, write: (text: string) => void): Promise<void> {
  // A v2 sink may point at VictoriaMetrics, which cannot delete points: say so before anything.
  const stores = (await Promise.all(targets.map((t) => identifyDatabase(t)))).map(spikeStoreFor);
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
    write(describeReport(report, flags, since, until));
  }
}

function describeReport(report: CleanSpikesReport, flags: SpikesCommandOptions, since: bigint, until: bigint | undefined): string {
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
