import { describeTarget, type DatabaseTarget } from './DatabaseTarget.js';
import { DatabaseUnreachableError } from './errors/DatabaseUnreachableError.js';

/**
 * Asks the server behind a target what it is: VictoriaMetrics accepts the InfluxDB write
 * APIs, so a config's `influx-v1`/`influx-v2` sink may point at it. InfluxDB answers `/ping`
 * with an `X-Influxdb-Version` header; VictoriaMetrics does not, and answers `/health` with
 * `OK`. Resolves with the target unchanged, or as `{ kind: 'victoria-metrics' }`; rejects
 * with a {@link DatabaseUnreachableError} when the server does not answer.
 *
 * @example
 * const target = await identifyDatabase({ kind: 'v2', url: 'http://127.0.0.1:8428', org: 'lab', bucket: 'lab' });
 * target.kind; // 'victoria-metrics'
 */
export async function identifyDatabase(target: DatabaseTarget, timeoutMs = 10_000): Promise<DatabaseTarget> {
  if (target.kind === 'victoria-metrics') return target;
  let ping: Response;
  try {
    ping = await fetch(new URL('/ping', target.url), { signal: AbortSignal.timeout(timeoutMs) });
    await ping.arrayBuffer();
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    throw new DatabaseUnreachableError(describeTarget(target), code ?? (e as Error).message, e);
  }
  if (ping.headers.has('x-influxdb-version')) return target;
  const health = await fetch(new URL('/health', target.url), { signal: AbortSignal.timeout(timeoutMs) }).then(
    async (r) => (r.ok ? (await r.text()).trim() : ''),
    () => '',
  );
  return health === 'OK' ? { kind: 'victoria-metrics', url: target.url } : target;
}
