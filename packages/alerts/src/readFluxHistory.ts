import { HistoryReadError } from './errors/HistoryReadError.js';
import { describeDatabase, type HistoryDatabase, type SeriesKey } from './HistoryDatabase.js';
import type { SeriesPoint } from './SeriesWindow.js';

type V2 = Extract<HistoryDatabase, { kind: 'v2' }>;

/** A Flux string literal (`${` would start an interpolation). */
function fluxString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '\\${')}"`;
}

/** The fields of one CSV line (RFC 4180 quoting, as InfluxDB writes it). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/**
 * Reads the points of some series between two times from InfluxDB 2.x (or 1.8+ with Flux)
 * through `POST /api/v2/query` (Flux, CSV answer), one query per series. Booleans become
 * 1/0. Throws a {@link HistoryReadError} (with the HTTP status) when it cannot.
 *
 * @example
 * const [temps] = await readFluxHistory({ kind: 'v2', url: 'http://127.0.0.1:8086', org: 'lab', bucket: 'lab', token },
 *   [{ measurement: 'lab_temp', field: 'value' }], Date.now() - 3_600_000, Date.now());
 */
export async function readFluxHistory(db: V2, series: readonly SeriesKey[], from: number, to: number, signal?: AbortSignal): Promise<SeriesPoint[][]> {
  const device = describeDatabase(db);
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/csv' };
  if (db.token) headers.authorization = `Token ${db.token}`;
  const url = `${db.url.replace(/\/$/, '')}/api/v2/query?${new URLSearchParams({ org: db.org })}`;
  const out: SeriesPoint[][] = [];
  for (const s of series) {
    const query = [
      `from(bucket: ${fluxString(db.bucket)})`,
      `  |> range(start: time(v: ${fluxString(new Date(from).toISOString())}), stop: time(v: ${fluxString(new Date(to + 1).toISOString())}))`,
      `  |> filter(fn: (r) => r._measurement == ${fluxString(s.measurement)} and r._field == ${fluxString(s.field)})`,
      '  |> keep(columns: ["_time", "_value"])',
    ].join('\n');
    const res = await fetch(url, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, type: 'flux', dialect: { header: true, annotations: [], delimiter: ',' } }),
      signal,
    });
    const text = await res.text();
    if (!res.ok) throw new HistoryReadError(`HTTP ${res.status} from /api/v2/query (Flux): ${text.slice(0, 200)}`, { device, status: res.status });
    const points: SeriesPoint[] = [];
    let timeCol = -1;
    let valueCol = -1;
    for (const line of text.split(/\r?\n/)) {
      if (line.trim() === '') {
        timeCol = valueCol = -1; // tables are separated by an empty line, each with its header
        continue;
      }
      const f = csvFields(line);
      if (timeCol < 0) {
        timeCol = f.indexOf('_time');
        valueCol = f.indexOf('_value');
        if (timeCol < 0 || valueCol < 0) throw new HistoryReadError(`unexpected CSV header from /api/v2/query: ${line.slice(0, 200)}`, { device });
        continue;
      }
      const time = Date.parse(f[timeCol] ?? '');
      const raw = f[valueCol] ?? '';
      const value = raw === 'true' ? 1 : raw === 'false' ? 0 : raw === '' ? Number.NaN : Number(raw);
      if (Number.isFinite(time) && Number.isFinite(value)) points.push({ time, value });
    }
    out.push(points.sort((a, b) => a.time - b.time));
  }
  return out;
}
