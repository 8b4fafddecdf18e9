/** One stored point of a series: epoch ns and the value of the checked field. */
export interface StoredPoint {
  time: bigint;
  value: number;
}

/**
 * One series (a measurement and one tag set) in a time range, with up to `window` points
 * on each side of the range as neighbours (they are never judged themselves).
 */
export interface StoredSeries {
  measurement: string;
  /** Every tag of the series; `''` for a tag key the measurement has and this series lacks. */
  tags: Record<string, string>;
  /** Points in the range, in time order. */
  points: StoredPoint[];
  /** Up to `window` points just before the range (oldest first). */
  before: StoredPoint[];
  /** Up to `window` points just after the range (oldest first). */
  after: StoredPoint[];
}

/** The time range and field of a spike search. */
export interface SeriesQuery {
  measurement: string;
  /** The numeric field that is checked; default `value`. */
  field: string;
  /** Epoch ns, inclusive. */
  since: bigint;
  /** Epoch ns, exclusive; undefined: no upper bound. */
  until: bigint | undefined;
  /** How many neighbours to fetch on each side of the range. */
  margin: number;
}

/**
 * A database that the `spikes` command reads series from and deletes points in.
 * Implemented for InfluxDB 1.x (InfluxQL) and the InfluxDB v2 API (Flux and `/api/v2/delete`).
 *
 * @example
 * const series = await store.series({ measurement: 'lab_temp', field: 'value', since, until: undefined, margin: 2 });
 * await store.delete(series[0]!, [series[0]!.points[5]!.time]);
 */
export interface SpikeStore {
  /** For messages, e.g. `influx-v1 http://localhost:8086 db=lab`. */
  readonly description: string;
  /**
   * Whether a delete hits exactly one series. False when the API can only match the tags a
   * series has (the v2 predicate), so a series with more tags at the same time would be hit too.
   */
  readonly exactSeriesDelete: boolean;
  series(query: SeriesQuery): Promise<StoredSeries[]>;
  /** Deletes the points of `series` at these times (every field of each point). */
  delete(series: StoredSeries, times: readonly bigint[]): Promise<void>;
}
