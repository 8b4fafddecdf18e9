import { DatabaseUnreachableError } from '../errors/DatabaseUnreachableError.js';

/** Where {@link countInfluxV1} counts. */
export interface InfluxV1CountTarget {
  url: string;
  database: string;
  retentionPolicy?: string;
  username?: string;
  password?: string;
}

/**
 * Points per measurement of an InfluxDB 1.x database up to `until` (inclusive):
 * `SELECT COUNT(*) FROM /.*\/ WHERE time <= until`, each measurement's count being that of
 * its most frequent field (every expmon reading has `value`).
 *
 * @example
 * await countInfluxV1({ url: 'http://127.0.0.1:8086', database: 'lab' }, new Date());
 * // { lab_temp: 86400, expmon_source: 1440 }
 */
export async function countInfluxV1(t: InfluxV1CountTarget, until: Date): Promise<Record<string, number>> {
  const from = t.retentionPolicy ? `"${t.retentionPolicy.replace(/"/g, '\\"')}"./.*/` : '/.*/';
  const q = `SELECT COUNT(*) FROM ${from} WHERE time <= '${until.toISOString()}'`;
  const headers: Record<string, string> = {};
  if (t.username !== undefined) headers.authorization = `Basic ${Buffer.from(`${t.username}:${t.password ?? ''}`).toString('base64')}`;
  let res: Response;
  try {
    res = await fetch(new URL(`/query?${new URLSearchParams({ db: t.database, q })}`, t.url), { headers, signal: AbortSignal.timeout(300_000) });
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    throw new DatabaseUnreachableError(`InfluxDB 1.x ${t.url} db=${t.database}`, code ?? (e as Error).message, e);
  }
  const text = await res.text();
  if (!res.ok) throw new Error(`counting points in ${t.url} db=${t.database} failed (HTTP ${res.status}): ${text.trim()}`);
  const body = JSON.parse(text) as { results?: Array<{ error?: string; series?: Array<{ name: string; columns: string[]; values: unknown[][] }> }> };
  const result = body.results?.[0];
  if (result?.error) throw new Error(`counting points in ${t.url} db=${t.database} failed: ${result.error}`);
  const counts: Record<string, number> = {};
  for (const s of result?.series ?? []) {
    let most = 0;
    for (const row of s.values) {
      s.columns.forEach((c, i) => {
        if (c.startsWith('count_') && typeof row[i] === 'number') most = Math.max(most, row[i] as number);
      });
    }
    counts[s.name] = most;
  }
  return counts;
}
