import { findSpikes, type FoundSpike, type SpikeSearchOptions } from './findSpikes.js';
import type { SeriesQuery, SpikeStore, StoredSeries } from './SpikeStore.js';

/** Options of {@link cleanSpikes}. */
export interface CleanSpikesOptions extends SpikeSearchOptions {
  measurement: string;
  /** Field to check; default `value`. */
  field?: string;
  since: bigint;
  until?: bigint;
  /** Delete the spikes found; default false (only report them). */
  delete?: boolean;
}

/** The spikes of one series. */
export interface SeriesSpikes {
  series: StoredSeries;
  spikes: FoundSpike[];
  /**
   * Spikes left in place because the store cannot delete them without touching another
   * series (a v2 delete predicate also matches series with more tags at the same time).
   */
  kept: FoundSpike[];
}

/** What {@link cleanSpikes} found and did. */
export interface CleanSpikesReport {
  store: string;
  series: SeriesSpikes[];
  /** Points checked (in the range, over every series). */
  checked: number;
  /** Points deleted (0 unless `delete`). */
  deleted: number;
}

/**
 * Finds spikes (see {@link findSpikes}) in every series (tag set) of a measurement in a time
 * range of a database and, with `delete: true`, deletes exactly those points (every field
 * of each, in its own series only).
 *
 * @example
 * const report = await cleanSpikes(store, { measurement: 'lab_temp', since: parseTimeArg('7d', '--since') });
 * for (const s of report.series) console.log(s.series.tags, s.spikes.length);
 */
export async function cleanSpikes(store: SpikeStore, options: CleanSpikesOptions): Promise<CleanSpikesReport> {
  const window = options.window ?? 2;
  const query: SeriesQuery = {
    measurement: options.measurement,
    field: options.field ?? 'value',
    since: options.since,
    until: options.until,
    margin: window,
  };
  const all = await store.series(query);
  const result: SeriesSpikes[] = [];
  let checked = 0;
  for (const series of all) {
    checked += series.points.length;
    const found = findSpikes(series, { ...options, window });
    if (found.length === 0) continue;
    const spikes: FoundSpike[] = [];
    const kept: FoundSpike[] = [];
    for (const spike of found) (store.exactSeriesDelete || !sharedTime(series, spike, all) ? spikes : kept).push(spike);
    result.push({ series, spikes, kept });
  }
  let deleted = 0;
  if (options.delete) {
    for (const s of result) {
      if (s.spikes.length === 0) continue;
      await store.delete(
        s.series,
        s.spikes.map((x) => x.point.time),
      );
      deleted += s.spikes.length;
    }
  }
  return { store: store.description, series: result, checked, deleted };
}

/** Whether another series whose tags include all of `series`' tags has a point at the spike's time. */
function sharedTime(series: StoredSeries, spike: FoundSpike, all: readonly StoredSeries[]): boolean {
  const own = Object.entries(series.tags).filter(([, v]) => v !== '');
  return all.some(
    (other) =>
      other !== series &&
      own.every(([k, v]) => other.tags[k] === v) &&
      other.points.some((p) => p.time === spike.point.time),
  );
}
