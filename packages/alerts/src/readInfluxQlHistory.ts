import type { SeriesPoint } from './SeriesWindow.js';
import type { HistoryDatabase, SeriesKey } from './HistoryDatabase.js';

type V1 = Extract<HistoryDatabase, { kind: 'v1' }>;

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
 * strings and missing values are skipped. Throws when the database cannot be read.
 *
 * @example
 * const series = await readInfluxQlHistory({ kind: 'v1', url: 'http://127.0.0.1:8086', database: 'lab' },
 *   [{ measurement: 'lab_temp', field: 'value' }], Date.now() - 3_600_000, Date.now());
 * // [[{ time: 1764288000123, value: 21.5 }, ...]]
 */
export async function readInfluxQlHistory(
  db: V1,
  series: readonly SeriesKey[],
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<SeriesPoint[][]> {
  if (series.length === 0) return [];
  const rp = db.retentionPolicy ? `${identifier(db.retentionPolicy)}.` : '';
  const q = series
    .map((s) => `SELECT ${identifier(s.field)} FROM ${rp}${identifier(s.measurement)} WHERE time >= ${Math.floor(from)}ms AND time <= ${Math.ceil(to)}ms`)
    .join('; ');
  const params = new URLSearchParams({ db: db.database, q, epoch: 'ms' });
  const headers: Record<string, string> = {};
  if (db.username !== undefined) headers.authorization = `Basic ${Buffer.from(`${db.username}:${db.password ?? ''}`).toString('base64')}`;
  const res = await fetch(`${db.url.replace(/\/$/, '')}/query?${params}`, { headers, signal });
  const text = await res.text();
  if (!res.ok) throw new Error(`HTTP ${res.status} from /query: ${text.slice(0, 200)}`);
  const body = JSON.parse(text) as QueryResponse;
  if (body.error) throw new Error(`/query: ${body.error}`);
  const results = body.results ?? [];
  return series.map((_, i) => {
    const r = results.find((x) => x.statement_id === i) ?? results[i];
    if (r?.error) throw new Error(`/query: ${r.error}`);
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
