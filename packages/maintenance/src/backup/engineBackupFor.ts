import type { DatabaseTarget } from '../DatabaseTarget.js';
import type { EngineBackup } from './EngineBackup.js';
import { InfluxV1Backup } from './InfluxV1Backup.js';
import { InfluxV2Backup } from './InfluxV2Backup.js';
import { VictoriaMetricsBackup } from './VictoriaMetricsBackup.js';

/**
 * Engine settings of a backup that the target alone does not give.
 *
 * @example
 * const settings: EngineBackupSettings = { rpcAddress: '127.0.0.1:8088' };
 */
export interface EngineBackupSettings {
  /** InfluxDB 1.x backup RPC address (influxd's `bind-address`); default `127.0.0.1:8088`. */
  rpcAddress?: string;
  /** VictoriaMetrics `-storageDataPath`; default `/var/lib/victoria-metrics` (Debian's). */
  storageDataPath?: string;
}

/**
 * The {@link EngineBackup} of a database (identify VictoriaMetrics first with `identifyDatabase`).
 *
 * @example
 * const engine = engineBackupFor({ kind: 'v1', url: 'http://127.0.0.1:8086', database: 'lab' }, { rpcAddress: '127.0.0.1:8088' });
 */
export function engineBackupFor(t: DatabaseTarget, s: EngineBackupSettings = {}): EngineBackup {
  if (t.kind === 'v1') return new InfluxV1Backup({ ...t, rpcAddress: s.rpcAddress });
  if (t.kind === 'v2') return new InfluxV2Backup(t);
  return new VictoriaMetricsBackup({ url: t.url, storageDataPath: s.storageDataPath ?? '/var/lib/victoria-metrics' });
}
