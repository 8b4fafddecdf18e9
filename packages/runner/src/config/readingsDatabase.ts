import type { ResolvedConfig } from './loadConfig.js';
import { influxTargetFromEnv, influxTargetOfSink, type InfluxTarget } from './InfluxTarget.js';

/**
 * The InfluxDB the readings go to, as the sinks pick it (the environment wins over the
 * config, then the config's first `influx-v1`/`influx-v2` sink), with its secrets read; what
 * alerts read the recent history back from. Undefined when readings go to files or a custom sink.
 *
 * @example
 * readingsDatabase(config, { INFLUX_URL: 'http://127.0.0.1:8086', INFLUX_DATABASE: 'lab' });
 * // { kind: 'v1', url: 'http://127.0.0.1:8086', database: 'lab' }
 */
export function readingsDatabase(config: Pick<ResolvedConfig, 'sinks' | 'file'>, env: NodeJS.ProcessEnv = process.env): InfluxTarget | undefined {
  const fromEnv = influxTargetFromEnv(env);
  if (fromEnv) return fromEnv;
  for (const [i, sink] of config.sinks.entries()) {
    const target = influxTargetOfSink(sink, i, config.file);
    if (target) return target;
  }
  return undefined;
}
