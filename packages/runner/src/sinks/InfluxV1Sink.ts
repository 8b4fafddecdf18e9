import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ConfigError } from '@expmon/core';
import { SinkUnavailableError } from '../errors/SinkUnavailableError.js';
import { httpStatusError } from './httpStatusError.js';
import type { Sink } from './Sink.js';

/** Options of {@link InfluxV1Sink}. */
export interface InfluxV1SinkOptions {
  /** Server URL, e.g. `http://localhost:8086`. */
  url: string;
  database: string;
  /** Retention policy; default: the database's default. */
  retentionPolicy?: string;
  username?: string;
  /** Resolved from the environment or a file by the runner; never in the config. */
  password?: string;
  /** Request timeout in ms; default 10 000. */
  timeoutMs?: number;
}

/**
 * Writes to InfluxDB 1.x's `/write` endpoint (1.x before 1.8 has no v2 API, e.g. Debian's 1.6),
 * millisecond precision, credentials as HTTP basic auth. Lines come from
 * `@influxdata/influxdb-client`'s `Point`, so the format is the same as the v2 sink's.
 *
 * @example
 * const sink = new InfluxV1Sink({ url: 'http://localhost:8086', database: 'lab' });
 */
export class InfluxV1Sink implements Sink {
  readonly id = 'influx-v1';
  readonly description: string;
  private readonly endpoint: string;
  private readonly headers: Record<string, string>;
  private readonly timeoutMs: number;

  constructor(options: InfluxV1SinkOptions) {
    for (const k of ['url', 'database'] as const) {
      if (typeof options[k] !== 'string' || options[k] === '') {
        throw new ConfigError('must be a non-empty string', { field: `sinks.influx-v1.${k}` });
      }
    }
    let base: URL;
    try {
      base = new URL('/write', options.url);
    } catch (cause) {
      throw new ConfigError(`is not a URL: ${options.url}`, { field: 'sinks.influx-v1.url', cause });
    }
    base.searchParams.set('db', options.database);
    base.searchParams.set('precision', 'ms');
    if (options.retentionPolicy) base.searchParams.set('rp', options.retentionPolicy);
    this.endpoint = base.toString();
    this.headers = { 'content-type': 'text/plain; charset=utf-8' };
    if (options.username !== undefined) {
      const auth = Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64');
      this.headers.authorization = `Basic ${auth}`;
    }
    this.timeoutMs = options.timeoutMs ?? 10_000;
    this.description = `influx-v1 ${options.url} db=${options.database}${options.retentionPolicy ? ` rp=${options.retentionPolicy}` : ''}`;
  }

  async write(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    const { status, body } = await this.post(lines.join('\n'));
    if (status === 204 || status === 200) return;
    throw httpStatusError(status, body, this.description);
  }

  /**
   * One POST with node's http client (not fetch: on Node 20 fetch loads undici, which costs
   * a long-running runner about 20 MB of memory for this single call).
   */
  private post(payload: string): Promise<{ status: number; body: string }> {
    const url = new URL(this.endpoint);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        { method: 'POST', headers: { ...this.headers, 'content-length': Buffer.byteLength(payload) }, timeout: this.timeoutMs },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => {
            if (body.length < 4096) body += d;
          });
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
          res.on('error', (e) => reject(new SinkUnavailableError(e.message, this.description, undefined, e)));
        },
      );
      req.on('timeout', () => req.destroy(new Error(`no answer within ${this.timeoutMs} ms`)));
      req.on('error', (e: NodeJS.ErrnoException) => reject(new SinkUnavailableError(e.code ?? e.message, this.description, undefined, e)));
      req.end(payload);
    });
  }

  async close(): Promise<void> {}
}
