import { ConfigError } from '@expmon/core';
import type { ResolvedConfig } from '../config/loadConfig.js';
import { resolveSecret } from '../config/Secret.js';
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
  const url = env.INFLUX_URL;
  if (url) {
    if (env.INFLUX_DATABASE && !env.INFLUX_BUCKET) {
      return [
        new InfluxV1SpikeStore({
          url,
          database: env.INFLUX_DATABASE,
          retentionPolicy: env.INFLUX_RETENTION_POLICY || undefined,
          username: env.INFLUX_USERNAME || undefined,
          password: env.INFLUX_PASSWORD || undefined,
        }),
      ];
    }
    if (!env.INFLUX_ORG || !env.INFLUX_BUCKET) {
      throw new ConfigError(
        'INFLUX_URL is set: also set INFLUX_DATABASE (InfluxDB 1.x) or INFLUX_ORG and INFLUX_BUCKET (v2 API, with INFLUX_TOKEN)',
        { field: 'environment' },
      );
    }
    return [new InfluxV2SpikeStore({ url, token: env.INFLUX_TOKEN || undefined, org: env.INFLUX_ORG, bucket: env.INFLUX_BUCKET })];
  }
  const stores: SpikeStore[] = [];
  config.sinks.forEach((s, i) => {
    const field = `sinks[${i}]`;
    if (s.type === 'influx-v1') {
      stores.push(
        new InfluxV1SpikeStore({
          url: s.url,
          database: s.database,
          retentionPolicy: s.retentionPolicy,
          username: s.username,
          password: resolveSecret(s.password, `${field}.password`, config.file),
        }),
      );
    } else if (s.type === 'influx-v2') {
      stores.push(
        new InfluxV2SpikeStore({ url: s.url, org: s.org, bucket: s.bucket, token: resolveSecret(s.token, `${field}.token`, config.file) }),
      );
    }
  });
  if (stores.length === 0) {
    throw new ConfigError('no InfluxDB to clean: the config has no influx-v1/influx-v2 sink and INFLUX_URL is not set', {
      file: config.file,
      field: 'sinks',
    });
  }
  return stores;
}
