/**
 * The database the readings go to, with its secrets already read: alerts read the recent
 * history of their series back from it at start. `v1`: InfluxDB 1.x (`/query`, InfluxQL);
 * `v2`: the InfluxDB v2 API (VictoriaMetrics, InfluxDB 2.x/3.x/1.8+; see readSeriesHistory).
 *
 * @example
 * const db: HistoryDatabase = { kind: 'v1', url: 'http://127.0.0.1:8086', database: 'lab' };
 */
export type HistoryDatabase =
  | { kind: 'v1'; url: string; database: string; retentionPolicy?: string; username?: string; password?: string }
  | { kind: 'v2'; url: string; org: string; bucket: string; token?: string };

/**
 * One series an alert looks back on: a measurement's field.
 *
 * @example
 * const key: SeriesKey = { measurement: 'ups', field: 'on_battery' };
 */
export interface SeriesKey {
  measurement: string;
  field: string;
}

/**
 * A database's URL without credentials, for log lines.
 *
 * @example
 * describeDatabase({ kind: 'v1', url: 'http://127.0.0.1:8086', database: 'lab' }); // 'InfluxDB 1.x http://127.0.0.1:8086 db=lab'
 */
export function describeDatabase(db: HistoryDatabase): string {
  const url = new URL(db.url);
  url.username = '';
  url.password = '';
  const base = url.toString().replace(/\/$/, '');
  return db.kind === 'v1' ? `InfluxDB 1.x ${base} db=${db.database}` : `v2 API ${base} bucket=${db.bucket}`;
}
