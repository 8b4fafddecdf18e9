/**
 * Where a secret comes from in a config: an environment variable or a file. Grafana gets a
 * reference to it (`$__env{NAME}`, `$__file{/path}`), never its value.
 *
 * @example
 * const token: SecretRef = { env: 'INFLUX_TOKEN' };
 */
export type SecretRef = { env: string } | { file: string };

/**
 * A sink of the config, as far as Grafana cares: an InfluxDB to query, or something else
 * (files, a custom sink) that is skipped.
 *
 * @example
 * const sink: GrafanaSinkConfig = { type: 'influx-v1', url: 'http://127.0.0.1:8086', database: 'lab' };
 */
export type GrafanaSinkConfig =
  | { type: 'influx-v1'; url: string; database: string; username?: string; password?: SecretRef }
  | { type: 'influx-v2'; url: string; org: string; bucket: string; token?: SecretRef }
  | { type: 'file' }
  | { type: 'custom' };

/**
 * One sensor of the config: its measurement (the source's name) and how to show it.
 *
 * @example
 * const sensor: GrafanaSourceConfig = { source: { name: 'cryostat_temp' }, group: 'cryostat', unit: 'K' };
 */
export interface GrafanaSourceConfig {
  source: { name: string };
  /** Dashboard row. */
  group: string;
  description?: string | undefined;
  /** Unit of the stored `value`: `°C`, `K`, `mbar`, `V`, `%`. */
  unit?: string | undefined;
}

/**
 * What Grafana provisioning reads from a lab config: the shape of the runner's resolved
 * config (`loadConfig()` of `@expmon/runner/script`), so that this package does not depend
 * on the runner. A script may also build one by hand.
 *
 * @example
 * const config: GrafanaConfig = {
 *   file: '/srv/lab/lab.config.ts',
 *   intervalMs: 5000,
 *   sinks: [{ type: 'influx-v1', url: 'http://127.0.0.1:8086', database: 'lab' }],
 *   sources: [{ source: { name: 'cryostat_temp' }, group: 'cryostat', unit: 'K' }],
 * };
 */
export interface GrafanaConfig {
  /** Absolute path of the config file (names the dashboard; relative secret files are taken from its folder). */
  file: string;
  /** Poll interval in ms (the dashboard's refresh). */
  intervalMs: number;
  sinks: readonly GrafanaSinkConfig[];
  sources: readonly GrafanaSourceConfig[];
  /** The config's alerts; rules with `above`, `below` or `outside` are drawn as thresholds. */
  alerts?: unknown;
}
