import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '@expmon/core';
import { FileSink } from '../sinks/FileSink.js';
import { InfluxV1Sink } from '../sinks/InfluxV1Sink.js';
import { InfluxV2Sink } from '../sinks/InfluxV2Sink.js';
import type { Sink } from '../sinks/Sink.js';
import type { ResolvedConfig } from './loadConfig.js';
import { resolveSecret } from './Secret.js';

/**
 * The sinks to write to. The environment wins over the file, so one config runs on a
 * test bench and in production:
 * - `INFLUX_URL` + `INFLUX_TOKEN`/`INFLUX_ORG`/`INFLUX_BUCKET` → InfluxDB v2 write API;
 * - `INFLUX_URL` + `INFLUX_DATABASE` (+ `INFLUX_USERNAME`, `INFLUX_PASSWORD`) → InfluxDB 1.x `/write`;
 * - otherwise the config's `sinks`, or daily line-protocol files in `<dataDir>/lp`.
 */
/** A sink and the name of its local-log folder (unique in a config). */
export interface NamedSink {
  sink: Sink;
  queueId: string;
}

export function resolveSinks(config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): NamedSink[] {
  return uniqueIds(sinksOf(config, env));
}

function sinksOf(config: ResolvedConfig, env: NodeJS.ProcessEnv): Sink[] {
  const file = config.file;
  const url = env.INFLUX_URL;
  if (url) {
    if (env.INFLUX_DATABASE && !env.INFLUX_BUCKET) {
      return [
        new InfluxV1Sink({
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
    return [new InfluxV2Sink({ url, token: env.INFLUX_TOKEN || undefined, org: env.INFLUX_ORG, bucket: env.INFLUX_BUCKET })];
  }
  if (config.sinks.length === 0) return [new FileSink({ dir: join(config.dataDir, 'lp') })];
  return config.sinks.map((s, i): Sink => {
    const field = `sinks[${i}]`;
    switch (s.type) {
      case 'influx-v2':
        return new InfluxV2Sink({
          url: s.url,
          org: s.org,
          bucket: s.bucket,
          token: resolveSecret(s.token, `${field}.token`, file),
        });
      case 'influx-v1':
        return new InfluxV1Sink({
          url: s.url,
          database: s.database,
          retentionPolicy: s.retentionPolicy,
          username: s.username,
          password: resolveSecret(s.password, `${field}.password`, file),
        });
      case 'file':
        return new FileSink({ dir: s.dir ? resolve(dirname(file), s.dir) : join(config.dataDir, 'lp') });
      case 'custom':
        return s.sink;
    }
  });
}

/** Each sink has its own local-log folder, named for it (`influx-v1`, `influx-v1-2`). */
function uniqueIds(sinks: Sink[]): NamedSink[] {
  const ids = new Set<string>();
  return sinks.map((sink) => {
    let queueId = sink.id;
    for (let n = 2; ids.has(queueId); n++) queueId = `${sink.id}-${n}`;
    ids.add(queueId);
    return { sink, queueId };
  });
}
