import { redactSecrets } from '../redactUrl.js';
import { postLineProtocol, probeHttp } from './postLineProtocol.js';
import type { Sink } from './Sink.js';

/**
 * What an InfluxDB HTTP sink is made of: where it posts, where it probes, its headers and
 * the secrets to hide. Built by {@link InfluxV1Sink} and {@link InfluxV2Sink} from their options.
 *
 * @example
 * const parts: InfluxHttpSinkParts = {
 *   endpoint: new URL('http://127.0.0.1:8086/write?db=lab&precision=ms'), ping: new URL('http://127.0.0.1:8086/ping'),
 *   headers: {}, timeoutMs: 10_000, secrets: [], description: 'influx-v1 http://127.0.0.1:8086 db=lab', destination: 'influx-v1 http://127.0.0.1:8086 db=lab',
 * };
 */
export interface InfluxHttpSinkParts {
  endpoint: URL;
  ping: URL;
  headers: Record<string, string>;
  timeoutMs: number;
  gzipThreshold?: number;
  secrets: string[];
  description: string;
  destination: string;
}

/**
 * The part both InfluxDB write APIs share: post the stored line protocol as it is, probe
 * `/ping` while the database is down, hide the credentials in any text. The v1 and v2 sinks
 * differ only in how they build the endpoint and the headers.
 *
 * @example
 * class MySink extends InfluxHttpSink { readonly id = 'my-influx'; }
 */
export abstract class InfluxHttpSink implements Sink {
  abstract readonly id: string;
  readonly description: string;
  readonly destination: string;

  protected constructor(private readonly parts: InfluxHttpSinkParts) {
    this.description = parts.description;
    this.destination = parts.destination;
  }

  async write(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    await this.writePayload(Buffer.from(lines.join('\n'), 'utf8'), lines.length);
  }

  async writePayload(payload: Buffer, count: number): Promise<void> {
    if (count === 0 || payload.length === 0) return;
    const { endpoint, headers, timeoutMs, gzipThreshold } = this.parts;
    await postLineProtocol(endpoint, payload, { headers, timeoutMs, gzipThreshold, sink: this.description });
  }

  probe(): Promise<boolean> {
    return probeHttp(this.parts.ping, this.parts.headers, Math.min(this.parts.timeoutMs, 2000));
  }

  redact(text: string): string {
    return redactSecrets(text, this.parts.secrets);
  }

  async close(): Promise<void> {}
}
