import { ConfigError } from '@expmon/core';
import type { ResolvedConfig } from '../config/loadConfig.js';
import { influxTargetFromEnv, influxTargetOfSink } from '../config/InfluxTarget.js';
import { InfluxV1SpikeStore } from './InfluxV1SpikeStore.js';
import { InfluxV2SpikeStore } from './InfluxV2SpikeStore.js';
import type { SpikeStore } from './SpikeStore.js';

/**
 * The databases the runner writes to, opened for reading and deleting: the same rules as
 * the runner's sinks (`INFLUX_URL` with `INFLUX_DATABASE` → InfluxDB 1.x; with `INFLUX_ORG` +
 * `INFLUX_BUCKET` (+ `INFLUX_TOKEN`) → v2 API; otherwise the config's `influx-v1`/`influx-v2`
 * sinks, secrets from their `{ env }`/`{ file }`). File and custom sinks are not databases
 * and are left out; with no database at all this throws a {@link ConfigError}.
 *
 * @example
 * const stores = resolveSpikeStores(await loadConfig('lab.config.ts'));
 */
export function resolveSpikeStores(config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): SpikeStore[] {
  const fromEnv = influxTargetFromEnv(env);
  const targets = fromEnv
    ? [fromEnv]
    : config.sinks.flatMap((s, i) => influxTargetOfSink(s, i, config.file) ?? []);
  if (targets.length === 0) {
    throw new ConfigError('no InfluxDB to clean: the config has no influx-v1/influx-v2 sink and INFLUX_URL is not set', {
      file: config.file,
      field: 'sinks',
    });
  }
  return targets.map((t) =>
    t.kind === 'v1'
      ? new InfluxV1SpikeStore({ url: t.url, database: t.database, retentionPolicy: t.retentionPolicy, username: t.username, password: t.password })
      : new InfluxV2SpikeStore({ url: t.url, org: t.org, bucket: t.bucket, token: t.token }),
  );
}
