import { HttpError, InfluxDB, setLogger, type WriteApi } from '@influxdata/influxdb-client';
import { ConfigError } from '@expmon/core';
import { SinkUnavailableError } from '../errors/SinkUnavailableError.js';
import { httpStatusError } from './httpStatusError.js';
import type { Sink } from './Sink.js';

/** Options of {@link InfluxV2Sink}. */
export interface InfluxV2SinkOptions {
  /** Server URL, e.g. `http://localhost:8086`. */
  url: string;
  /** API token (resolved from the environment or a file by the runner; never in the config). */
  token?: string;
  org: string;
  bucket: string;
  /** Request timeout in ms; default 10 000. */
  timeoutMs?: number;
}

// The client logs failed writes to the console itself; the runner logs them with context.
setLogger({ error() {}, warn() {} });

/**
 * Writes to the InfluxDB v2 write API (`/api/v2/write`) through `@influxdata/influxdb-client`:
 * InfluxDB 2.x, 3.x, 1.8+ (token `user:password`, bucket `db/rp`) and VictoriaMetrics.
 * The client's own retry buffer is off: the runner's durable log does the retrying, so an
 * acknowledged write is exactly what the database confirmed.
 *
 * @example
 * const sink = new InfluxV2Sink({ url: 'http://localhost:8086', token, org: 'lab', bucket: 'expmon' });
 * await sink.write(['lab_temp,unit=°C value=21.4 1764288000000']);
 */
export class InfluxV2Sink implements Sink {
  readonly id = 'influx-v2';
  readonly description: string;
  private readonly api: WriteApi;

  constructor(options: InfluxV2SinkOptions) {
    for (const k of ['url', 'org', 'bucket'] as const) {
      if (typeof options[k] !== 'string' || options[k] === '') {
        throw new ConfigError('must be a non-empty string', { field: `sinks.influx-v2.${k}` });
      }
    }
    this.description = `influx-v2 ${options.url} org=${options.org} bucket=${options.bucket}`;
    this.api = new InfluxDB({ url: options.url, token: options.token, timeout: options.timeoutMs ?? 10_000 }).getWriteApi(
      options.org,
      options.bucket,
      'ms',
      {
        maxRetries: 0,
        // Larger than any batch the runner sends (config batchSize ≤ 100 000), so the client
        // never splits or flushes on its own: one write() = one request.
        batchSize: 100_001,
        maxBatchBytes: 1024 * 1024 * 1024,
        flushInterval: 0,
        maxBufferLines: 0,
        gzipThreshold: 64 * 1024,
      },
    );
  }

  async write(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    this.api.writeRecords(lines as string[]);
    try {
      await this.api.flush();
    } catch (e) {
      if (e instanceof HttpError) throw httpStatusError(e.statusCode, e.body ?? e.message, this.description);
      throw new SinkUnavailableError((e as Error).message ?? String(e), this.description, undefined, e);
    }
  }

  async close(): Promise<void> {
    this.api.dispose();
  }
}
