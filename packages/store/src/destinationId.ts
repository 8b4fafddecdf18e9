import { createHash } from 'node:crypto';
import type { Sink } from './sinks/Sink.js';

/**
 * The stable id of a sink's destination, used as its local-log folder name: the sink kind
 * and 12 hex digits of the SHA-256 of its destination (URL without credentials + database
 * and retention policy, URL + org + bucket, or the file sink's folder). Two configs, or one
 * config pointed elsewhere by `INFLUX_URL`, get different folders, so readings are never
 * shipped to a database they were not written for. Secrets never enter the id.
 *
 * @example
 * destinationId(new InfluxV1Sink({ url: 'http://127.0.0.1:8086', database: 'lab' })); // 'influx-v1-5c1e0b7d2a9f'
 */
export function destinationId(sink: Pick<Sink, 'id' | 'description' | 'destination'>): string {
  const key = sink.destination ?? sink.description;
  const kind = sink.id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 40) || 'sink';
  return `${kind}-${createHash('sha256').update(key).digest('hex').slice(0, 12)}`;
}
