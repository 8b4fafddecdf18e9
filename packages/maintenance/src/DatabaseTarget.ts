/**
 * A database to maintain, with its secrets already resolved (the runner resolves them from
 * the config's sink or the `INFLUX_*` environment):
 * - `v1`: InfluxDB 1.x (`/query` with InfluxQL);
 * - `v2`: the InfluxDB v2 API (InfluxDB 2.x, 1.8+ with Flux);
 * - `victoria-metrics`: VictoriaMetrics (written through its InfluxDB v2 write API).
 *
 * @example
 * const target: DatabaseTarget = { kind: 'v1', url: 'http://127.0.0.1:8086', database: 'lab' };
 */
export type DatabaseTarget =
  | { kind: 'v1'; url: string; database: string; retentionPolicy?: string; username?: string; password?: string }
  | { kind: 'v2'; url: string; org: string; bucket: string; token?: string }
  | { kind: 'victoria-metrics'; url: string };

/**
 * A short description for messages (never a secret).
 *
 * @example
 * describeTarget({ kind: 'v1', url: 'http://127.0.0.1:8086', database: 'lab' }); // 'InfluxDB 1.x http://127.0.0.1:8086 db=lab'
 */
export function describeTarget(t: DatabaseTarget): string {
  if (t.kind === 'v1') return `InfluxDB 1.x ${t.url} db=${t.database}${t.retentionPolicy ? ` rp=${t.retentionPolicy}` : ''}`;
  if (t.kind === 'v2') return `InfluxDB v2 ${t.url} org=${t.org} bucket=${t.bucket}`;
  return `VictoriaMetrics ${t.url}`;
}
