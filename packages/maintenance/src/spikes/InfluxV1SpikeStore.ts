import { DatabaseUnreachableError } from '../errors/DatabaseUnreachableError.js';
import { parseRfc3339Nano } from './nanoTime.js';
import type { SeriesQuery, SpikeStore, StoredPoint, StoredSeries } from './SpikeStore.js';

/** Options of {@link InfluxV1SpikeStore}: the same settings as the runner's `influx-v1` sink. */
export interface InfluxV1SpikeStoreOptions {
  url: string;
  database: string;
  retentionPolicy?: string;
  username?: string;
  password?: string;
  /** Request timeout in ms; default 60 000. */
  timeoutMs?: number;
}

interface QueryResponse {
  results?: Array<{
    statement_id?: number;
    error?: string;
    series?: Array<{ name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }>;
  }>;
  error?: string;
}

/** Statements per DELETE request. */
const DELETE_BATCH = 200;

/**
 * Reads and deletes points in InfluxDB 1.x through `/query` (InfluxQL).
 * Reads `SELECT "<field>" FROM "<measurement>" WHERE time >= … GROUP BY *` (chunked, RFC 3339
 * times so nanoseconds stay exact); deletes with
 * `DELETE FROM "<measurement>" WHERE time = <ns> AND "<tag>" = '<value>' …` naming every tag
 * key of the measurement (`''` for keys the series lacks), so exactly one series is hit.
 * InfluxQL's DELETE has no retention-policy clause: it deletes in every retention policy
 * of the database.
 *
 * @example
 * const store = new InfluxV1SpikeStore({ url: 'http://localhost:8086', database: 'lab' });
 */
export class InfluxV1SpikeStore implements SpikeStore {
  readonly description: string;
  readonly exactSeriesDelete = true;
  private readonly headers: Record<string, string> = {};
  private readonly timeoutMs: number;

  constructor(private readonly options: InfluxV1SpikeStoreOptions) {
    this.description = `influx-v1 ${options.url} db=${options.database}${options.retentionPolicy ? ` rp=${options.retentionPolicy}` : ''}`;
    if (options.username !== undefined) {
      this.headers.authorization = `Basic ${Buffer.from(`${options.username}:${options.password ?? ''}`).toString('base64')}`;
    }
    this.timeoutMs = options.timeoutMs ?? 60_000;
  }

  async series(q: SeriesQuery): Promise<StoredSeries[]> {
    const field = ident(q.field);
    const from = this.options.retentionPolicy ? `${ident(this.options.retentionPolicy)}.${ident(q.measurement)}` : ident(q.measurement);
    const range = `time >= ${q.since}${q.until === undefined ? '' : ` AND time < ${q.until}`}`;
    const inRange = await this.select(`SELECT ${field} FROM ${from} WHERE ${range} GROUP BY *`);
    const before = await this.select(`SELECT ${field} FROM ${from} WHERE time < ${q.since} GROUP BY * ORDER BY time DESC LIMIT ${q.margin}`);
    const after =
      q.until === undefined ? new Map<string, Rows>() : await this.select(`SELECT ${field} FROM ${from} WHERE time >= ${q.until} GROUP BY * LIMIT ${q.margin}`);
    const out: StoredSeries[] = [];
    for (const [key, rows] of inRange) {
      out.push({
        measurement: q.measurement,
        tags: rows.tags,
        points: rows.points,
        before: (before.get(key)?.points ?? []).reverse(),
        after: after.get(key)?.points ?? [],
      });
    }
    return out;
  }

  async delete(series: StoredSeries, times: readonly bigint[]): Promise<void> {
    const tags = Object.keys(series.tags)
      .sort()
      .map((k) => ` AND ${ident(k)} = ${literal(series.tags[k]!)}`)
      .join('');
    for (let i = 0; i < times.length; i += DELETE_BATCH) {
      const statements = times
        .slice(i, i + DELETE_BATCH)
        .map((t) => `DELETE FROM ${ident(series.measurement)} WHERE time = ${t}${tags}`);
      const body = await this.request(statements.join('; '), 'POST');
      const failed = body.results?.find((r) => r.error);
      if (failed) throw new Error(`InfluxDB refused a DELETE: ${failed.error}`);
    }
  }

  /** Runs a SELECT … GROUP BY *; returns its series by tag set (rows of chunks joined). */
  private async select(q: string): Promise<Map<string, Rows>> {
    const params = new URLSearchParams({ db: this.options.database, q, chunked: 'true', chunk_size: '10000' });
    const res = await this.fetch(`/query?${params}`, { method: 'GET' });
    const text = await res.text();
    if (!res.ok) throw new Error(`InfluxDB query failed (HTTP ${res.status}): ${text.trim()}`);
    const out = new Map<string, Rows>();
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      const body = JSON.parse(line) as QueryResponse;
      if (body.error) throw new Error(`InfluxDB query failed: ${body.error}`);
      for (const result of body.results ?? []) {
        if (result.error) throw new Error(`InfluxDB query failed: ${result.error}`);
        for (const s of result.series ?? []) {
          const tags = s.tags ?? {};
          const key = JSON.stringify(Object.keys(tags).sort().map((k) => [k, tags[k]]));
          let rows = out.get(key);
          if (!rows) out.set(key, (rows = { tags, points: [] }));
          const t = s.columns.indexOf('time');
          const v = s.columns.findIndex((_, i) => i !== t);
          for (const values of s.values) {
            const value = values[v];
            if (typeof value !== 'number') continue; // the field is absent at this time (another field's point)
            const time = parseRfc3339Nano(String(values[t]));
            if (time === undefined) throw new Error(`InfluxDB returned an unexpected time: ${String(values[t])}`);
            rows.points.push({ time, value });
          }
        }
      }
    }
    return out;
  }

  private async request(q: string, method: 'GET' | 'POST'): Promise<QueryResponse> {
    const res = await this.fetch(`/query?${new URLSearchParams({ db: this.options.database })}`, {
      method,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ q }).toString(),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`InfluxDB request failed (HTTP ${res.status}): ${text.trim()}`);
    return JSON.parse(text) as QueryResponse;
  }

  private async fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(new URL(path, this.options.url), {
        ...init,
        headers: { ...this.headers, ...(init.headers as Record<string, string> | undefined) },
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const code = (e as { cause?: { code?: string } }).cause?.code;
      throw new DatabaseUnreachableError(this.description, code ?? (e as Error).message, e);
    }
  }
}

interface Rows {
  tags: Record<string, string>;
  points: StoredPoint[];
}

/** An InfluxQL identifier in double quotes. */
function ident(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** An InfluxQL string literal in single quotes. */
function literal(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
