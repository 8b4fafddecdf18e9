/** The points of one series (a tag set) of a measurement, counted per field. */
export interface SeriesCount {
  /** Its tags (keys it lacks are absent). */
  tags: Record<string, string>;
  /** Points per field. */
  fields: Record<string, number>;
}

/**
 * A database that `rename-series` can copy a measurement in: InfluxDB 1.x (InfluxQL) or the
 * InfluxDB v2 API (Flux).
 *
 * @example
 * const before = await store.series('lab_temp');
 * await store.copy('lab_temp', 'cryostat_temp');
 */
export interface RenameStore {
  /** For messages (never a secret). */
  readonly description: string;
  /** The tag keys of a measurement. */
  tagKeys(measurement: string): Promise<string[]>;
  /** Every series of a measurement with its points counted per field, keyed by {@link seriesKey}. */
  series(measurement: string): Promise<Map<string, SeriesCount>>;
  /** Points of a measurement (its most frequent field) with a time in the last `ms`. */
  recentPoints(measurement: string, ms: number): Promise<number>;
  /** Copies every point of `from` into `to` with every tag kept as a tag. */
  copy(from: string, to: string): Promise<void>;
  /** Deletes a measurement. */
  drop(measurement: string): Promise<void>;
}

/**
 * The key of a tag set: `a=1,b=2` sorted by key (`(no tags)` for none).
 *
 * @example
 * seriesKey({ unit: 'V', lab: 'b12' }); // 'lab=b12,unit=V'
 */
export function seriesKey(tags: Record<string, string>): string {
  const parts = Object.keys(tags)
    .filter((k) => tags[k] !== '')
    .sort()
    .map((k) => `${k}=${tags[k]}`);
  return parts.length === 0 ? '(no tags)' : parts.join(',');
}
