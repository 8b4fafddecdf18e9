import { InfluxDB, type QueryApi } from '@influxdata/influxdb-client';
import { DatabaseUnreachableError } from '../errors/DatabaseUnreachableError.js';
import { formatNanoTime, parseRfc3339Nano } from './nanoTime.js';
import type { SeriesQuery, SpikeStore, StoredPoint, StoredSeries } from './SpikeStore.js';

/** Options of {@link InfluxV2SpikeStore}: the same settings as the runner's `influx-v2` sink. */
export interface InfluxV2SpikeStoreOptions {
  url: string;
  token?: string;
  org: string;
  bucket: string;
  /** Request timeout in ms; default 60 000. */
  timeoutMs?: number;
}

/** Columns of a Flux result that are not tags. */
const NOT_TAGS = new Set(['result', 'table', '_start', '_stop', '_time', '_value', '_field', '_measurement']);
/** The largest time Flux accepts as a range stop. */
const END_OF_TIME = '2262-04-11T23:47:16Z';

/**
 * Reads series with Flux (`/api/v2/query`, through `@influxdata/influxdb-client`'s QueryApi)
 * and deletes points with the v2 delete API, one request per point:
 * `POST /api/v2/delete?org=…&bucket=…` with
 * `{"start": t, "stop": t, "predicate": "_measurement=\"m\" AND unit=\"V\""}` (start and stop
 * are inclusive, RFC 3339 with nanoseconds). The predicate can only name tags the series
 * has, so a series of the same measurement with *more* tags and a point at the same time
 * would be hit too: `exactSeriesDelete` is false and the command skips such points.
 * For InfluxDB 2.x and 1.8+ (Flux enabled); VictoriaMetrics and InfluxDB 3 have no delete API.
 *
 * @example
 * const store = new InfluxV2SpikeStore({ url: 'http://localhost:8086', token, org: 'lab', bucket: 'expmon' });
 */
export class InfluxV2SpikeStore implements SpikeStore {
  readonly description: string;
  readonly exactSeriesDelete = false;
  private readonly query: QueryApi;
  private readonly timeoutMs: number;

  constructor(private readonly options: InfluxV2SpikeStoreOptions) {
    this.description = `influx-v2 ${options.url} org=${options.org} bucket=${options.bucket}`;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.query = new InfluxDB({ url: options.url, token: options.token, timeout: this.timeoutMs }).getQueryApi(options.org);
  }

  async series(q: SeriesQuery): Promise<StoredSeries[]> {
    const filter = `filter(fn: (r) => r._measurement == ${flux(q.measurement)} and r._field == ${flux(q.field)})`;
    const from = `from(bucket: ${flux(this.options.bucket)})`;
    const since = `time(v: ${flux(formatNanoTime(q.since))})`;
    const until = `time(v: ${flux(q.until === undefined ? END_OF_TIME : formatNanoTime(q.until))})`;
    const inRange = await this.rows(`${from}\n  |> range(start: ${since}, stop: ${until})\n  |> ${filter}`);
    const before = await this.rows(`${from}\n  |> range(start: 0, stop: ${since})\n  |> ${filter}\n  |> tail(n: ${q.margin})`);
    const after =
      q.until === undefined
        ? new Map<string, Rows>()
        : await this.rows(`${from}\n  |> range(start: ${until}, stop: time(v: ${flux(END_OF_TIME)}))\n  |> ${filter}\n  |> limit(n: ${q.margin})`);
    return [...inRange].map(([key, rows]) => ({
      measurement: q.measurement,
      tags: rows.tags,
      points: rows.points,
      before: before.get(key)?.points ?? [],
      after: after.get(key)?.points ?? [],
    }));
  }

  async delete(series: StoredSeries, times: readonly bigint[]): Promise<void> {
    const predicate = [
      `_measurement=${quote(series.measurement)}`,
      ...Object.keys(series.tags)
        .filter((k) => series.tags[k] !== '')
        .sort()
        .map((k) => `${k}=${quote(series.tags[k]!)}`),
    ].join(' AND ');
    const url = new URL('/api/v2/delete', this.options.url);
    url.searchParams.set('org', this.options.org);
    url.searchParams.set('bucket', this.options.bucket);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.options.token) headers.authorization = `Token ${this.options.token}`;
    for (const t of times) {
      const at = formatNanoTime(t);
      let res: Response;
      try {
        res = await fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ start: at, stop: at, predicate }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (e) {
        const code = (e as { cause?: { code?: string } }).cause?.code;
        throw new DatabaseUnreachableError(this.description, code ?? (e as Error).message, e);
      }
      const text = await res.text();
      if (res.status !== 204 && res.status !== 200) {
        throw new Error(`InfluxDB refused the delete at ${at} (HTTP ${res.status}): ${text.trim()}`);
      }
    }
  }

  /** Runs Flux; returns the points by tag set. */
  private async rows(query: string): Promise<Map<string, Rows>> {
    const out = new Map<string, Rows>();
    try {
      await this.query.collectRows(query, (values, meta) => {
        const tags: Record<string, string> = {};
        let time: bigint | undefined;
        let value: unknown;
        for (const c of meta.columns) {
          const raw = values[c.index] ?? '';
          if (c.label === '_time') time = parseRfc3339Nano(raw);
          else if (c.label === '_value') value = raw === '' ? undefined : Number(raw);
          else if (!NOT_TAGS.has(c.label) && raw !== '') tags[c.label] = raw;
        }
        if (time === undefined || typeof value !== 'number' || !Number.isFinite(value)) return undefined;
        const key = JSON.stringify(Object.keys(tags).sort().map((k) => [k, tags[k]]));
        let rows = out.get(key);
        if (!rows) out.set(key, (rows = { tags, points: [] }));
        rows.points.push({ time, value });
        return undefined;
      });
    } catch (e) {
      const code = (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code;
      if (code && /^E[A-Z]+$/.test(code)) throw new DatabaseUnreachableError(this.description, code, e);
      throw new Error(`Flux query on ${this.description} failed: ${(e as Error).message}`, { cause: e });
    }
    for (const rows of out.values()) rows.points.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : 0));
    return out;
  }
}

interface Rows {
  tags: Record<string, string>;
  points: StoredPoint[];
}

/** A Flux string literal. */
function flux(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '\\${')}"`;
}

/** A double-quoted value of a v2 delete predicate. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
