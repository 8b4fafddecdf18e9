import { ConfigError } from '@expmon/core';
import { redactSecrets, redactUrl } from '../redactUrl.js';
import { postLineProtocol, probeHttp } from './postLineProtocol.js';
import type { Sink } from './Sink.js';

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
export class InfluxV2Sink implements Sink {
  readonly id = 'influx-v2';
  readonly description: string;
  readonly destination: string;
  private readonly endpoint: URL;
  private readonly ping: URL;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;
  private readonly secrets: string[];

  constructor(private readonly options: InfluxV2SinkOptions) {
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
    this.secrets = [options.token, base.password].filter((s): s is string => !!s);
    base.username = '';
    base.password = '';
    const root = base.toString().replace(/\/$/, '');
    this.endpoint = new URL(`${root}/api/v2/write`);
    this.endpoint.searchParams.set('org', options.org);
    this.endpoint.searchParams.set('bucket', options.bucket);
    this.endpoint.searchParams.set('precision', 'ms');
    this.ping = new URL(`${root}/ping`);
    this.headers = options.token ? { authorization: `Token ${options.token}` } : {};
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.description = `influx-v2 ${redactUrl(options.url)} org=${options.org} bucket=${options.bucket}`;
    this.destination = `influx-v2 ${root} org=${options.org} bucket=${options.bucket}`;
  }

  async write(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    await this.writePayload(Buffer.from(lines.join('\n'), 'utf8'), lines.length);
  }

  async writePayload(payload: Buffer, count: number): Promise<void> {
    if (count === 0 || payload.length === 0) return;
    await postLineProtocol(this.endpoint, payload, {
      headers: this.headers,
      timeoutMs: this.timeoutMs,
      gzipThreshold: this.options.gzipThreshold,
      sink: this.description,
    });
  }

  probe(): Promise<boolean> {
    return probeHttp(this.ping, this.headers, Math.min(this.timeoutMs, 2000));
  }

  redact(text: string): string {
    return redactSecrets(text, this.secrets);
  }

  async close(): Promise<void> {}
}
