import { dirname, join, resolve } from 'node:path';
import { destinationId, FileSink, InfluxV1Sink, InfluxV2Sink, type Sink } from '@expmon/store';
import type { ResolvedConfig } from './loadConfig.js';
import { influxTargetFromEnv, influxTargetOfSink, type InfluxTarget } from './InfluxTarget.js';

/** A sink and the name of its local-log folder: its destination id (see `destinationId` in @expmon/store). */
export interface NamedSink {
  sink: Sink;
  queueId: string;
}

/**
 * The sinks to write to. The environment wins over the file, so one config runs on a
 * test bench and in production:
 * - `INFLUX_URL` + `INFLUX_TOKEN`/`INFLUX_ORG`/`INFLUX_BUCKET` → InfluxDB v2 write API;
 * - `INFLUX_URL` + `INFLUX_DATABASE` (+ `INFLUX_USERNAME`, `INFLUX_PASSWORD`) → InfluxDB 1.x `/write`;
 * - otherwise the config's `sinks`, or daily line-protocol files in `<dataDir>/lp`.
 */
export function resolveSinks(config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): NamedSink[] {
  return uniqueIds(sinksOf(config, env));
}

/**
 * Resolves what {@link resolveSinks} would resolve (the environment's InfluxDB, every secret
 * a sink names, `INFLUX_URL`) without creating a sink, so `--dry-run` fails on a missing
 * secret exactly as `run` would, while writing nothing. Throws the same {@link ConfigError}s.
 *
 * @example
 * checkSinkSecrets(config); // throws "sinks[0].token: environment variable INFLUX_TOKEN is not set"
 */
export function checkSinkSecrets(config: ResolvedConfig, env: NodeJS.ProcessEnv = process.env): void {
  if (influxTargetFromEnv(env)) return;
  config.sinks.forEach((s, i) => {
    if (s.type !== 'file' && s.type !== 'custom') influxTargetOfSink(s, i, config.file);
  });
}

function sinksOf(config: ResolvedConfig, env: NodeJS.ProcessEnv): Sink[] {
  const fromEnv = influxTargetFromEnv(env);
  if (fromEnv) return [influxSink(fromEnv)];
  if (config.sinks.length === 0) return [new FileSink({ dir: join(config.dataDir, 'lp') })];
  return config.sinks.map((s, i): Sink => {
    if (s.type === 'file') return new FileSink({ dir: s.dir ? resolve(dirname(config.file), s.dir) : join(config.dataDir, 'lp') });
    if (s.type === 'custom') return s.sink;
    return influxSink(influxTargetOfSink(s, i, config.file)!);
  });
}

function influxSink(t: InfluxTarget): Sink {
  return t.kind === 'v1'
    ? new InfluxV1Sink({ url: t.url, database: t.database, retentionPolicy: t.retentionPolicy, username: t.username, password: t.password })
    : new InfluxV2Sink({ url: t.url, org: t.org, bucket: t.bucket, token: t.token });
}

/**
 * Each destination has its own local-log folder named by its stable id (URL + db/rp, URL +
 * org + bucket, or the file sink's folder; `influx-v1-5c1e0b7d2a9f`), so readings never
 * ship to a database they were not written for. The same destination twice is one sink.
 */
function uniqueIds(sinks: Sink[]): NamedSink[] {
  const ids = new Set<string>();
  const out: NamedSink[] = [];
  for (const sink of sinks) {
    const queueId = destinationId(sink);
    if (ids.has(queueId)) continue;
    ids.add(queueId);
    out.push({ sink, queueId });
  }
  return out;
}
