import { ConfigError } from '@expmon/core';
import { redactUrl } from '../redactUrl.js';
import { InfluxHttpSink, type InfluxHttpSinkParts } from './InfluxHttpSink.js';

/** Options of {@link InfluxV2Sink}. */
export interface InfluxV2SinkOptions {
  /** Server URL, e.g. `http://127.0.0.1:8086`. */
  url: string;
  /** API token (from the environment or a file; never in a config in git). */
  token?: string;
  org: string;
  bucket: string;
  /** Request timeout in ms; default 10 000. */
  timeoutMs?: number;
  /** Bodies at least this large are gzip'd; default 64 KiB, never to a database on this machine (loopback). */
  gzipThreshold?: number;
}

/**
 * Writes to the InfluxDB v2 write API (`/api/v2/write`, millisecond precision): InfluxDB
 * 2.x, 3.x, 1.8+ (token `user:password`, bucket `db/rp`) and VictoriaMetrics. Posts the
 * stored line protocol as is (the same request `@influxdata/influxdb-client`'s `WriteApi`
 * sends, without parsing the lines again); probes `/ping` while the database is down.
 *
 * @example
 * const sink = new InfluxV2Sink({ url: 'http://127.0.0.1:8086', token: process.env.INFLUX_TOKEN, org: 'lab', bucket: 'expmon' });
 * await sink.write(['lab_temp,unit=°C value=21.4 1764288000000']);
 */
export class InfluxV2Sink extends InfluxHttpSink {
  readonly id = 'influx-v2';

  constructor(options: InfluxV2SinkOptions) {
    super(partsOf(options));
  }
}

function partsOf(options: InfluxV2SinkOptions): InfluxHttpSinkParts {
  for (const k of ['url', 'org', 'bucket'] as const) {
    if (typeof options[k] !== 'string' || options[k] === '') {
      throw new ConfigError('must be a non-empty string', { field: `sinks.influx-v2.${k}` });
    }
  }
  let base: URL;
  try {
    base = new URL(options.url);
  } catch (cause) {
    throw new ConfigError(`is not a URL: ${redactUrl(options.url)}`, { field: 'sinks.influx-v2.url', cause });
  }
  const secrets = [options.token, base.password].filter((s): s is string => !!s);
  base.username = '';
  base.password = '';
  const root = base.toString().replace(/\/$/, '');
  const endpoint = new URL(`${root}/api/v2/write`);
  endpoint.searchParams.set('org', options.org);
  endpoint.searchParams.set('bucket', options.bucket);
  endpoint.searchParams.set('precision', 'ms');
  return {
    endpoint,
    ping: new URL(`${root}/ping`),
    headers: options.token ? { authorization: `Token ${options.token}` } : {},
    timeoutMs: options.timeoutMs ?? 10_000,
    gzipThreshold: options.gzipThreshold,
    secrets,
    description: `influx-v2 ${redactUrl(options.url)} org=${options.org} bucket=${options.bucket}`,
    destination: `influx-v2 ${root} org=${options.org} bucket=${options.bucket}`,
  };
}
