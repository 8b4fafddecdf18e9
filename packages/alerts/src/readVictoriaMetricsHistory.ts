import { HistoryReadError } from './errors/HistoryReadError.js';
import type { HistoryDatabase, SeriesKey } from './HistoryDatabase.js';
import type { SeriesPoint } from './SeriesWindow.js';

type V2 = Extract<HistoryDatabase, { kind: 'v2' }>;

/** A metric name in a PromQL selector string. */
function selectorString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Reads the points of some series between two times from VictoriaMetrics (which takes the
 * runner's InfluxDB v2 writes): `GET /api/v1/export` per series, where the field `f` of
 * measurement `m` is the metric `m_f` (VictoriaMetrics' default). Throws a
 * {@link HistoryReadError} when it cannot, with status 404 on a database that is not
 * VictoriaMetrics (InfluxDB 2.x/3.x have no `/api/v1/export`).
 *
 * @example
 * const [temps] = await readVictoriaMetricsHistory({ kind: 'v2', url: 'http://127.0.0.1:8428', org: 'lab', bucket: 'lab' },
 *   [{ measurement: 'lab_temp', field: 'value' }], Date.now() - 3_600_000, Date.now());
 */
export async function readVictoriaMetricsHistory(
  db: V2,
  series: readonly SeriesKey[],
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<SeriesPoint[][]> {
  const headers: Record<string, string> = db.token ? { authorization: `Token ${db.token}` } : {};
  const base = db.url.replace(/\/$/, '');
  const out: SeriesPoint[][] = [];
  for (const s of series) {
    const params = new URLSearchParams({
      'match[]': `{__name__=${selectorString(`${s.measurement}_${s.field}`)}}`,
      start: String(Math.floor(from) / 1000),
      end: String(Math.ceil(to) / 1000),
    });
    const res = await fetch(`${base}/api/v1/export?${params}`, { headers, signal });
    const text = await res.text();
    if (!res.ok) throw new HistoryReadError(`HTTP ${res.status} from /api/v1/export: ${text.slice(0, 200)}`, { status: res.status });
    const points: SeriesPoint[] = [];
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const row = JSON.parse(line) as { values?: unknown[]; timestamps?: unknown[] };
      (row.timestamps ?? []).forEach((t, i) => {
        const v = row.values?.[i];
        if (typeof t === 'number' && typeof v === 'number' && Number.isFinite(v)) points.push({ time: t, value: v });
      });
    }
    out.push(points.sort((a, b) => a.time - b.time));
  }
  return out;
}
