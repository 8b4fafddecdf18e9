import { InfluxDB, type QueryApi } from '@influxdata/influxdb-client';
import { DatabaseUnreachableError } from '../errors/DatabaseUnreachableError.js';
import { seriesKey, type RenameStore, type SeriesCount } from './RenameStore.js';

/** Options of {@link InfluxV2RenameStore}: the runner's `influx-v2` sink settings. */
export interface InfluxV2RenameStoreOptions {
  url: string;
  org: string;
  bucket: string;
  token?: string;
}

/** Columns of a Flux result that are not tags. */
const NOT_TAGS = new Set(['result', 'table', '_start', '_stop', '_time', '_value', '_field', '_measurement']);

/**
 * Renames with Flux on the InfluxDB v2 API (2.x; 1.8+ with Flux enabled):
 * `schema.measurementTagKeys` for the tag keys, `|> count()` per series and field, the copy by
 * `from |> range(start: 0) |> filter(old) |> set(key: "_measurement", value: new) |> to(...)`
 * (`to()` writes every string column as a tag, so tags stay tags), and the drop by
 * `POST /api/v2/delete` with the predicate `_measurement="old"` over all time.
 *
 * @example
 * const store = new InfluxV2RenameStore({ url: 'http://127.0.0.1:8086', org: 'lab', bucket: 'expmon', token });
 */
export class InfluxV2RenameStore implements RenameStore {
  readonly description: string;
  private readonly query: QueryApi;

  constructor(private readonly o: InfluxV2RenameStoreOptions) {
    this.description = `InfluxDB v2 ${o.url} org=${o.org} bucket=${o.bucket}`;
    this.query = new InfluxDB({ url: o.url, token: o.token, timeout: 3_600_000 }).getQueryApi(o.org);
  }

  async tagKeys(measurement: string): Promise<string[]> {
    const rows = await this.rows(
      `import "influxdata/influxdb/schema"\nschema.measurementTagKeys(bucket: ${flux(this.o.bucket)}, measurement: ${flux(measurement)})`,
    );
    return rows.map((r) => r._value ?? '').filter((k) => k !== '' && !NOT_TAGS.has(k));
  }

  async series(measurement: string): Promise<Map<string, SeriesCount>> {
    return this.count(measurement, '0');
  }

  async recentPoints(measurement: string, ms: number): Promise<number> {
    const counts = await this.count(measurement, `-${Math.round(ms)}ms`);
    const perField: Record<string, number> = {};
    for (const s of counts.values()) for (const [f, n] of Object.entries(s.fields)) perField[f] = (perField[f] ?? 0) + n;
    return Math.max(0, ...Object.values(perField));
  }

  async copy(from: string, to: string): Promise<void> {
    await this.rows(
      `from(bucket: ${flux(this.o.bucket)})\n  |> range(start: 0)\n  |> filter(fn: (r) => r._measurement == ${flux(from)})\n` +
        `  |> set(key: "_measurement", value: ${flux(to)})\n  |> to(bucket: ${flux(this.o.bucket)}, org: ${flux(this.o.org)})`,
    );
  }

  async drop(measurement: string): Promise<void> {
    const url = new URL('/api/v2/delete', this.o.url);
    url.searchParams.set('org', this.o.org);
    url.searchParams.set('bucket', this.o.bucket);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.o.token) headers.authorization = `Token ${this.o.token}`;
    const body = JSON.stringify({ start: '1970-01-01T00:00:00Z', stop: '2262-04-11T23:47:16Z', predicate: `_measurement=${quote(measurement)}` });
    let res: Response;
    try {
      res = await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(3_600_000) });
    } catch (e) {
      const code = (e as { cause?: { code?: string } }).cause?.code;
      throw new DatabaseUnreachableError(this.description, code ?? (e as Error).message, e);
    }
    const text = await res.text();
    if (res.status !== 204 && res.status !== 200) throw new Error(`${this.description} refused to delete ${measurement} (HTTP ${res.status}): ${text.trim()}`);
  }

  private async count(measurement: string, start: string): Promise<Map<string, SeriesCount>> {
    const rows = await this.rows(
      `from(bucket: ${flux(this.o.bucket)})\n  |> range(start: ${start})\n  |> filter(fn: (r) => r._measurement == ${flux(measurement)})\n  |> count()`,
    );
    const out = new Map<string, SeriesCount>();
    for (const r of rows) {
      const tags: Record<string, string> = {};
      for (const [k, v] of Object.entries(r)) if (!NOT_TAGS.has(k) && v !== '') tags[k] = v;
      const key = seriesKey(tags);
      let s = out.get(key);
      if (!s) out.set(key, (s = { tags, fields: {} }));
      s.fields[r._field ?? 'value'] = Number(r._value);
    }
    return out;
  }

  private async rows(query: string): Promise<Array<Record<string, string>>> {
    const out: Array<Record<string, string>> = [];
    try {
      await this.query.collectRows(query, (values, meta) => {
        const row: Record<string, string> = {};
        for (const c of meta.columns) row[c.label] = values[c.index] ?? '';
        out.push(row);
        return undefined;
      });
    } catch (e) {
      const code = (e as { code?: string }).code ?? (e as { cause?: { code?: string } }).cause?.code;
      if (code && /^E[A-Z]+$/.test(code)) throw new DatabaseUnreachableError(this.description, code, e);
      throw new Error(`Flux query on ${this.description} failed: ${(e as Error).message}`, { cause: e });
    }
    return out;
  }
}

/** A Flux string literal. */
function flux(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\$\{/g, '\\${')}"`;
}

/** A double-quoted value of a v2 delete predicate. */
function quote(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
