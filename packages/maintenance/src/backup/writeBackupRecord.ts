import { Point } from '@influxdata/influxdb-client';
import { describeTarget, type DatabaseTarget } from '../DatabaseTarget.js';
import { DatabaseUnreachableError } from '../errors/DatabaseUnreachableError.js';
import type { BackupRecord } from './BackupRecord.js';

/**
 * Stores a {@link BackupRecord} as the point `expmon_backup` in the database it is about,
 * directly (not through the runner's local log: the backup runs in its own process):
 * InfluxDB 1.x `/write?db=&rp=`, the v2 API `/api/v2/write?org=&bucket=`, VictoriaMetrics
 * `/write` (its fields become metrics `expmon_backup_ok`, `expmon_backup_bytes`, …; booleans 0/1).
 *
 * @example
 * await writeBackupRecord({ kind: 'v1', url: 'http://127.0.0.1:8086', database: 'lab' }, record);
 */
export async function writeBackupRecord(t: DatabaseTarget, r: BackupRecord): Promise<void> {
  const point = new Point('expmon_backup')
    .tag('database', r.database)
    .tag('engine', r.engine)
    .timestamp(String(r.time.getTime())); // ms, written with precision=ms
  // VictoriaMetrics stores numbers only: booleans as 0/1, strings dropped.
  if (t.kind === 'victoria-metrics') {
    point.intField('ok', r.ok ? 1 : 0).intField('verified', r.verified ? 1 : 0);
  } else {
    point.booleanField('ok', r.ok).booleanField('verified', r.verified).stringField('folder', r.folder);
    if (r.error !== undefined) point.stringField('error', r.error.slice(0, 1000));
  }
  point.intField('bytes', r.bytes).floatField('seconds', Math.round(r.seconds * 1000) / 1000);
  const line = point.toLineProtocol()!;
  let url: URL;
  const headers: Record<string, string> = { 'content-type': 'text/plain; charset=utf-8' };
  if (t.kind === 'v1') {
    url = new URL('/write', t.url);
    url.searchParams.set('db', t.database);
    if (t.retentionPolicy) url.searchParams.set('rp', t.retentionPolicy);
    url.searchParams.set('precision', 'ms');
    if (t.username !== undefined) headers.authorization = `Basic ${Buffer.from(`${t.username}:${t.password ?? ''}`).toString('base64')}`;
  } else if (t.kind === 'v2') {
    url = new URL('/api/v2/write', t.url);
    url.searchParams.set('org', t.org);
    url.searchParams.set('bucket', t.bucket);
    url.searchParams.set('precision', 'ms');
    if (t.token) headers.authorization = `Token ${t.token}`;
  } else {
    url = new URL('/write', t.url);
    url.searchParams.set('precision', 'ms');
  }
  let res: Response;
  try {
    res = await fetch(url, { method: 'POST', headers, body: `${line}\n`, signal: AbortSignal.timeout(30_000) });
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    throw new DatabaseUnreachableError(describeTarget(t), code ?? (e as Error).message, e);
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`${describeTarget(t)} refused expmon_backup (HTTP ${res.status}): ${text.trim()}`);
}
