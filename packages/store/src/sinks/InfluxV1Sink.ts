import { ConfigError } from '@expmon/core';
import { redactUrl } from '../redactUrl.js';
import { InfluxHttpSink, type InfluxHttpSinkParts } from './InfluxHttpSink.js';

/** Options of {@link InfluxV1Sink}. */
export interface InfluxV1SinkOptions {
  /** Server URL, e.g. `http://127.0.0.1:8086` (`user:password@` in it works, and is never logged). */
  url: string;
  database: string;
  /** Retention policy; default: the database's default. */
  retentionPolicy?: string;
  username?: string;
  /** From the environment or a file; never in a config in git. */
  password?: string;
  /** Request timeout in ms; default 10 000. */
  timeoutMs?: number;
  /** Bodies at least this large are gzip'd; default 64 KiB, never to a database on this machine (loopback). */
  gzipThreshold?: number;
}

/**
 * Writes to InfluxDB 1.x's `/write` endpoint (1.x before 1.8 has no v2 API, e.g. Debian's
 * 1.6), millisecond precision, credentials as HTTP basic auth. Posts the stored line
 * protocol as is; probes `/ping` while the database is down.
 *
 * @example
 * const sink = new InfluxV1Sink({ url: 'http://127.0.0.1:8086', database: 'lab' });
 * await sink.write(['lab_temp,unit=K value=4.2 1764288000000']);
 */
export class InfluxV1Sink extends InfluxHttpSink {
  readonly id = 'influx-v1';

  constructor(options: InfluxV1SinkOptions) {
    super(partsOf(options));
  }
}

function partsOf(options: InfluxV1SinkOptions): InfluxHttpSinkParts {
  for (const k of ['url', 'database'] as const) {
    if (typeof options[k] !== 'string' || options[k] === '') {
      throw new ConfigError('must be a non-empty string', { field: `sinks.influx-v1.${k}` });
    }
  }
  let base: URL;
  try {
    base = new URL(options.url);
  } catch (cause) {
    throw new ConfigError(`is not a URL: ${redactUrl(options.url)}`, { field: 'sinks.influx-v1.url', cause });
  }
  const username = options.username ?? (base.username ? decodeURIComponent(base.username) : undefined);
  const password = options.password ?? (base.password ? decodeURIComponent(base.password) : undefined);
  const secrets = [password, base.password].filter((s): s is string => !!s);
  base.username = '';
  base.password = '';
  const root = base.toString().replace(/\/$/, '');
  const endpoint = new URL(`${root}/write`);
  endpoint.searchParams.set('db', options.database);
  endpoint.searchParams.set('precision', 'ms');
  if (options.retentionPolicy) endpoint.searchParams.set('rp', options.retentionPolicy);
  const headers: Record<string, string> = {};
  if (username !== undefined) headers.authorization = `Basic ${Buffer.from(`${username}:${password ?? ''}`).toString('base64')}`;
  const rp = options.retentionPolicy ? ` rp=${options.retentionPolicy}` : '';
  return {
    endpoint,
    ping: new URL(`${root}/ping`),
    headers,
    timeoutMs: options.timeoutMs ?? 10_000,
    gzipThreshold: options.gzipThreshold,
    secrets,
    description: `influx-v1 ${redactUrl(options.url)} db=${options.database}${rp}`,
    destination: `influx-v1 ${root} db=${options.database}${rp}`,
  };
}
