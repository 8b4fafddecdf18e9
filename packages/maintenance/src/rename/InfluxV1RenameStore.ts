import { DatabaseUnreachableError } from '../errors/DatabaseUnreachableError.js';
import { seriesKey, type RenameStore, type SeriesCount } from './RenameStore.js';

/** Options of {@link InfluxV1RenameStore}: the runner's `influx-v1` sink settings. */
export interface InfluxV1RenameStoreOptions {
  url: string;
  database: string;
  retentionPolicy?: string;
  username?: string;
  password?: string;
}

interface QueryBody {
  results?: Array<{ error?: string; series?: Array<{ name: string; tags?: Record<string, string>; columns: string[]; values: unknown[][] }> }>;
  error?: string;
}

/**
 * Renames with InfluxQL on InfluxDB 1.x: `SHOW TAG KEYS`, counts by
 * `SELECT COUNT(*) FROM "old" GROUP BY *`, the copy by
 * `SELECT * INTO "new" FROM "old" GROUP BY *` (without `GROUP BY *` InfluxDB would turn the
 * tags into fields), and `DROP MEASUREMENT "old"`.
 *
 * @example
 * const store = new InfluxV1RenameStore({ url: 'http://127.0.0.1:8086', database: 'lab' });
 */
export class InfluxV1RenameStore implements RenameStore {
  readonly description: string;
  private readonly headers: Record<string, string> = {};

  constructor(private readonly o: InfluxV1RenameStoreOptions) {
    this.description = `InfluxDB 1.x ${o.url} db=${o.database}${o.retentionPolicy ? ` rp=${o.retentionPolicy}` : ''}`;
    if (o.username !== undefined) this.headers.authorization = `Basic ${Buffer.from(`${o.username}:${o.password ?? ''}`).toString('base64')}`;
  }

  async tagKeys(measurement: string): Promise<string[]> {
    const body = await this.query(`SHOW TAG KEYS FROM ${this.from(measurement)}`, 'GET');
    return (body.results?.[0]?.series ?? []).flatMap((s) => s.values.map((v) => String(v[0])));
  }

  async series(measurement: string): Promise<Map<string, SeriesCount>> {
    const body = await this.query(`SELECT COUNT(*) FROM ${this.from(measurement)} GROUP BY *`, 'GET');
    const out = new Map<string, SeriesCount>();
    for (const s of body.results?.[0]?.series ?? []) {
      const tags = Object.fromEntries(Object.entries(s.tags ?? {}).filter(([, v]) => v !== ''));
      const fields: Record<string, number> = {};
      for (const row of s.values) {
        s.columns.forEach((c, i) => {
          if (c.startsWith('count_') && typeof row[i] === 'number' && row[i] !== 0) fields[c.slice('count_'.length)] = row[i] as number;
        });
      }
      out.set(seriesKey(tags), { tags, fields });
    }
    return out;
  }

  async recentPoints(measurement: string, ms: number): Promise<number> {
    const body = await this.query(`SELECT COUNT(*) FROM ${this.from(measurement)} WHERE time > now() - ${Math.round(ms)}ms`, 'GET');
    let most = 0;
    for (const s of body.results?.[0]?.series ?? []) {
      for (const row of s.values) row.forEach((v, i) => s.columns[i]!.startsWith('count_') && typeof v === 'number' && (most = Math.max(most, v)));
    }
    return most;
  }

  async copy(from: string, to: string): Promise<void> {
    const into = this.o.retentionPolicy ? `${ident(this.o.database)}.${ident(this.o.retentionPolicy)}.${ident(to)}` : ident(to);
    await this.query(`SELECT * INTO ${into} FROM ${this.from(from)} GROUP BY *`, 'POST');
  }

  async drop(measurement: string): Promise<void> {
    await this.query(`DROP MEASUREMENT ${ident(measurement)}`, 'POST');
  }

  private from(measurement: string): string {
    return this.o.retentionPolicy ? `${ident(this.o.retentionPolicy)}.${ident(measurement)}` : ident(measurement);
  }

  private async query(q: string, method: 'GET' | 'POST'): Promise<QueryBody> {
    const url = new URL('/query', this.o.url);
    url.searchParams.set('db', this.o.database);
    let res: Response;
    try {
      res =
        method === 'GET'
          ? await fetch(`${url}&${new URLSearchParams({ q })}`, { headers: this.headers, signal: AbortSignal.timeout(3_600_000) })
          : await fetch(url, {
              method: 'POST',
              headers: { ...this.headers, 'content-type': 'application/x-www-form-urlencoded' },
              body: new URLSearchParams({ q }).toString(),
              signal: AbortSignal.timeout(3_600_000),
            });
    } catch (e) {
      const code = (e as { cause?: { code?: string } }).cause?.code;
      throw new DatabaseUnreachableError(this.description, code ?? (e as Error).message, e);
    }
    const text = await res.text();
    if (!res.ok) throw new Error(`${this.description}: ${q} failed (HTTP ${res.status}): ${text.trim()}`);
    const body = JSON.parse(text) as QueryBody;
    const error = body.error ?? body.results?.find((r) => r.error)?.error;
    if (error) throw new Error(`${this.description}: ${q} failed: ${error}`);
    return body;
  }
}

/** An InfluxQL identifier in double quotes. */
function ident(name: string): string {
  return `"${name.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
