import type { DatabaseTarget } from '../DatabaseTarget.js';
import { NotSupportedError } from '../errors/NotSupportedError.js';
import { InfluxV1SpikeStore } from './InfluxV1SpikeStore.js';
import { InfluxV2SpikeStore } from './InfluxV2SpikeStore.js';
import type { SpikeStore } from './SpikeStore.js';

/**
 * The {@link SpikeStore} of a database: InfluxQL for InfluxDB 1.x, Flux and the delete API
 * for v2. VictoriaMetrics has no point delete: a {@link NotSupportedError}.
 *
 * @example
 * const store = spikeStoreFor({ kind: 'v1', url: 'http://127.0.0.1:8086', database: 'lab' });
 */
export function spikeStoreFor(t: DatabaseTarget): SpikeStore {
  if (t.kind === 'v1') {
    return new InfluxV1SpikeStore({ url: t.url, database: t.database, retentionPolicy: t.retentionPolicy, username: t.username, password: t.password });
  }
  if (t.kind === 'v2') return new InfluxV2SpikeStore({ url: t.url, org: t.org, bucket: t.bucket, token: t.token });
  throw new NotSupportedError('spikes', `VictoriaMetrics (${t.url}) cannot delete single points; clean spikes before they are stored with the spikeFilter operator`);
}
