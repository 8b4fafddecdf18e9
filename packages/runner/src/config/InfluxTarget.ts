import { ConfigError, resolveSecret } from '@expmon/core';
import type { ParsedConfig } from './configSchema.js';

/** An InfluxDB to talk to, with its secrets resolved. */
export type InfluxTarget =
  | { kind: 'v1'; url: string; database: string; retentionPolicy?: string; username?: string; password?: string }
  | { kind: 'v2'; url: string; org: string; bucket: string; token?: string };

/**
 * The InfluxDB named by the environment, as the influxdb-client examples name it:
 * `INFLUX_URL` with `INFLUX_DATABASE` (+ `INFLUX_USERNAME`, `INFLUX_PASSWORD`,
 * `INFLUX_RETENTION_POLICY`) → 1.x; with `INFLUX_ORG` and `INFLUX_BUCKET` (+ `INFLUX_TOKEN`) → v2 API.
 * Undefined without `INFLUX_URL`; a {@link ConfigError} when it is set but incomplete.
 *
 * @example
 * influxTargetFromEnv({ INFLUX_URL: 'http://localhost:8086', INFLUX_DATABASE: 'lab' });
 * // { kind: 'v1', url: 'http://localhost:8086', database: 'lab' }
 */
export function influxTargetFromEnv(env: NodeJS.ProcessEnv): InfluxTarget | undefined {
  const url = env.INFLUX_URL;
  if (!url) return undefined;
  if (!isHttpUrl(url)) {
    // The value is not echoed: it may carry a password (http://user:pw@host).
    throw new ConfigError('must be an http:// or https:// URL such as http://127.0.0.1:8086 (environment variable)', {
      field: 'INFLUX_URL',
    });
  }
  if (env.INFLUX_DATABASE && !env.INFLUX_BUCKET) {
    return {
      kind: 'v1',
      url,
      database: env.INFLUX_DATABASE,
      retentionPolicy: env.INFLUX_RETENTION_POLICY || undefined,
      username: env.INFLUX_USERNAME || undefined,
      password: env.INFLUX_PASSWORD || undefined,
    };
  }
  if (!env.INFLUX_ORG || !env.INFLUX_BUCKET) {
    throw new ConfigError(
      'INFLUX_URL is set: also set INFLUX_DATABASE (InfluxDB 1.x) or INFLUX_ORG and INFLUX_BUCKET (v2 API, with INFLUX_TOKEN)',
      { field: 'environment' },
    );
  }
  return { kind: 'v2', url, org: env.INFLUX_ORG, bucket: env.INFLUX_BUCKET, token: env.INFLUX_TOKEN || undefined };
}

/**
 * The InfluxDB of a config's `sinks[index]` entry, secrets read from their `{ env }`/`{ file }`;
 * undefined for file and custom sinks.
 */
export function influxTargetOfSink(
  sink: NonNullable<ParsedConfig['sinks']>[number],
  index: number,
  file: string,
): InfluxTarget | undefined {
  const field = `sinks[${index}]`;
  if (sink.type === 'influx-v1') {
    return {
      kind: 'v1',
      url: sink.url,
      database: sink.database,
      retentionPolicy: sink.retentionPolicy,
      username: sink.username,
      password: resolveSecret(sink.password, `${field}.password`, { file }),
    };
  }
  if (sink.type === 'influx-v2') {
    return { kind: 'v2', url: sink.url, org: sink.org, bucket: sink.bucket, token: resolveSecret(sink.token, `${field}.token`, { file }) };
  }
  return undefined;
}

function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'http:' || u.protocol === 'https:') && u.hostname !== '';
  } catch {
    return false;
  }
}
