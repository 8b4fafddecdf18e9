import { InfluxDB } from '@influxdata/influxdb-client';
import { DatabaseUnreachableError } from '../errors/DatabaseUnreachableError.js';

/** Where {@link countInfluxV2} counts. */
export interface InfluxV2CountTarget {
  url: string;
  org: string;
  bucket: string;
  token?: string;
}

/**
 * Points per measurement of an InfluxDB v2 bucket up to `until` (inclusive), with Flux:
 * `from |> range(start: 0, stop: until + 1 ms) |> group(columns: ["_measurement", "_field"]) |> count()`,
 * each measurement's count being that of its most frequent field.
 *
 * @example
 * await countInfluxV2({ url: 'http://127.0.0.1:8086', org: 'lab', bucket: 'expmon', token }, new Date());
 * // { lab_temp: 86400 }
 */
export async function countInfluxV2(t: InfluxV2CountTarget, until: Date): Promise<Record<string, number>> {
  const stop = new Date(until.getTime() + 1).toISOString();
  const flux =
    `from(bucket: ${JSON.stringify(t.bucket)})\n  |> range(start: 0, stop: time(v: ${JSON.stringify(stop)}))\n` +
    '  |> group(columns: ["_measurement", "_field"])\n  |> count()';
  const counts: Record<string, number> = {};
  try {
    await new InfluxDB({ url: t.url, token: t.token, timeout: 3_600_000 }).getQueryApi(t.org).collectRows(flux, (values, meta) => {
      const m = values[meta.column('_measurement').index] ?? '';
      const n = Number(values[meta.column('_value').index]);
      if (m !== '' && Number.isFinite(n)) counts[m] = Math.max(counts[m] ?? 0, n);
      return undefined;
    });
  } catch (e) {
    const code = (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code;
    const where = `InfluxDB v2 ${t.url} org=${t.org} bucket=${t.bucket}`;
    if (code && /^E[A-Z]+$/.test(code)) throw new DatabaseUnreachableError(where, code, e);
    throw new Error(`counting points in ${where} failed: ${(e as Error).message}`, { cause: e });
  }
  return counts;
}
