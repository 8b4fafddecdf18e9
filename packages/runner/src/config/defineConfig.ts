import type { MonoTypeOperatorFunction } from 'rxjs';
import type { Duration, Reading, Secret, Source } from '@expmon/core';
import type { AlertsConfig } from '@expmon/alerts/config';
import type { Sink } from '@expmon/store';

/** A source with its own operators and settings. */
export interface SourceEntry {
  source: Source;
  /** RxJS operators applied to this source's readings, in order (convert, calibrate, spikeFilter...). */
  operators?: MonoTypeOperatorFunction<Reading>[];
  /** Poll interval of this source; default: the config's `interval`. */
  interval?: Duration;
  /**
   * How long a read may take before it is abandoned; must be below the interval; default 80 %
   * of the interval (at most 30 s), so a hanging device never costs the next cycle. A driver
   * whose own timeouts and retries (`maxReadMs`) cannot fit fails at config load.
   */
  timeout?: Duration;
  /** What the sensor measures, for people (Grafana panel descriptions, alert messages). */
  description?: string;
  /** Group for dashboards (a device or a part of the experiment); default: the source's device. */
  group?: string;
  /** Unit of the stored `value` (after the operators), for dashboards: `°C`, `K`, `mbar`, `V`, `%`. */
  unit?: string;
}

/** InfluxDB v2 write API: InfluxDB 2.x, 3.x, 1.8+ and VictoriaMetrics. */
export interface InfluxV2SinkConfig {
  type: 'influx-v2';
  url: string;
  org: string;
  bucket: string;
  token?: Secret;
}

/** InfluxDB 1.x `/write` (before 1.8, e.g. Debian's 1.6). */
export interface InfluxV1SinkConfig {
  type: 'influx-v1';
  url: string;
  database: string;
  retentionPolicy?: string;
  username?: string;
  password?: Secret;
}

/** Daily line-protocol files (the default when no database is configured). */
export interface FileSinkConfig {
  type: 'file';
  /** Folder; default `<dataDir>/lp`. */
  dir?: string;
}

export type SinkConfig = InfluxV2SinkConfig | InfluxV1SinkConfig | FileSinkConfig | Sink;

/** A lab's configuration: what to read, how often, and where to store it. */
export interface ExpmonConfig {
  /** Poll interval of polled sources; default `5s`. */
  interval?: Duration;
  sources: Array<Source | SourceEntry>;
  /** Where readings go; default: daily line-protocol files in `<dataDir>/lp`. */
  sinks?: SinkConfig[];
  /** Folder of the local log, dead letters and file sink; default `expmon-data` next to the config. */
  dataDir?: string;
  /** Upper bound of the local log per sink; default 512 MiB (oldest readings dropped when full). */
  maxQueueBytes?: number;
  /** Lines per database write; default 5000. */
  batchSize?: number;
  /** How long shutdown may spend shipping what waits; default `10s`. */
  shutdownTimeout?: Duration;
  /** Log level; default `info`. */
  logLevel?: 'debug' | 'info' | 'warn' | 'error';
  /** Alert rules and where notifications go (see docs/guide/alerts.md). */
  alerts?: AlertsConfig;
  /**
   * Source health and the status endpoint. `health` (default true) stores each source's health
   * in the measurement `expmon_source` when its state changes (ok, or which error) and, while
   * it stays the same, at most once per `healthEvery` (default `1m`); `http` (off by default)
   * serves `/healthz` and `/metrics` on `host` (default 127.0.0.1).
   */
  status?: { health?: boolean; healthEvery?: Duration; http?: { port: number; host?: string } };
}

/**
 * Types a config file. The file's default export is validated when the runner starts.
 *
 * @example
 * import { defineConfig } from '@expmon/runner';
 * import { SimulatedSource } from '@expmon/core';
 * export default defineConfig({
 *   interval: '5s',
 *   sources: [new SimulatedSource({ name: 'lab_temp', unit: '°C' })],
 * });
 */
export function defineConfig(config: ExpmonConfig): ExpmonConfig {
  return config;
}
