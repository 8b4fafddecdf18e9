import { HistoryReadError } from './errors/HistoryReadError.js';
import type { SeriesKey } from './HistoryDatabase.js';
import type { SeriesPoint } from './SeriesWindow.js';

/**
 * Where InfluxQL is asked: InfluxDB 1.x, or the v1 compatibility `/query` of a v2 API (`token`, database = bucket).
 *
 * @example
 * const v1: InfluxQlTarget = { url: 'http://127.0.0.1:8086', database: 'lab', username: 'expmon', password };
 * const v3: InfluxQlTarget = { url: 'http://127.0.0.1:8181', database: 'lab', token };
 */
export interface InfluxQlTarget {
  url: string;
  database: string;
  retentionPolicy?: string;
  username?: string;
  password?: string;
  token?: string;
}

interface QueryResponse {
  results?: Array<{ statement_id?: number; error?: string; series?: Array<{ columns: string[]; values: unknown[][] }> }>;
  error?: string;
}

/** An InfluxQL identifier in double quotes. */
function identifier(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Reads the points of some series between two times from InfluxDB 1.x (`GET /query`,
 * InfluxQL, one statement per series in one request, times in ms). Booleans become 1/0;
 * strings and missing values are skipped. Throws a {@link HistoryReadError} when the
 * database answers with an error (`status` set for HTTP errors).
 *
 * @example
 * const series = await readInfluxQlHistory({ url: 'http://127.0.0.1:8086', database: 'lab' },
 *   [{ measurement: 'lab_temp', field: 'value' }], Date.now() - 3_600_000, Date.now());
 * // [[{ time: 1764288000123, value: 21.5 }, ...]]
 */
export async function readInfluxQlHistory(
  db: InfluxQlTarget,
  series: readonly SeriesKey[],
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<SeriesPoint[][]> {
  if (series.length === 0) return [];
  const rp = db.retentionPolicy ? `${identifier(db.retentionPolicy)}.` : '';
  const statements = series.map(
    (s) => `SELECT ${identifier(s.field)} FROM ${rp}${identifier(s.measurement)} WHERE time >= ${Math.floor(from)}ms AND time <= ${Math.ceil(to)}ms`,
  );
  const headers: Record<string, string> = {};
  if (db.username !== undefined) headers.authorization = `Basic ${Buffer.from(`${db.username}:${db.password ?? ''}`).toString('base64')}`;
  else if (db.token !== undefined) headers.authorization = `Token ${db.token}`;
  const query = async (q: string): Promise<NonNullable<QueryResponse['results']>> => {
    const params = new URLSearchParams({ db: db.database, q, epoch: 'ms' });
    const res = await fetch(`${db.url.replace(/\/$/, '')}/query?${params}`, { headers, signal });
    const text = await res.text();
    if (!res.ok) throw new HistoryReadError(`HTTP ${res.status} from /query: ${text.slice(0, 200)}`, { status: res.status });
    const body = JSON.parse(text) as QueryResponse;
    if (body.error) throw new HistoryReadError(`/query: ${body.error}`);
    return body.results ?? [];
  };
  const results = await query(statements.join('; '));
  const failed = results.find((x) => x.error);
  if (failed) {
    // InfluxDB 1.x answers a batch on a missing database with only "not executed":
    // the first statement alone says why.
    const cause = failed.error === 'not executed' ? ((await query(statements[0]!)).find((x) => x.error)?.error ?? failed.error) : failed.error;
    throw new HistoryReadError(`/query: ${cause}`);
  }
  return series.map((_, i) => {
    const r = results.find((x) => (x.statement_id ?? 0) === i) ?? results[i];
    const points: SeriesPoint[] = [];
    for (const s of r?.series ?? []) {
      for (const row of s.values) {
        const value = numberOf(row[1]);
        if (typeof row[0] === 'number' && value !== undefined) points.push({ time: row[0], value });
      }
    }
    return points.sort((a, b) => a.time - b.time);
  });
}

function numberOf(v: unknown): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? v : undefined;
  if (typeof v === 'boolean') return v ? 1 : 0;
  return undefined;
}
