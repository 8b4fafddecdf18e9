import { HistoryReadError } from './errors/HistoryReadError.js';
import { describeDatabase, type HistoryDatabase, type SeriesKey } from './HistoryDatabase.js';
import { readFluxHistory } from './readFluxHistory.js';
import { readInfluxQlHistory } from './readInfluxQlHistory.js';
import { readVictoriaMetricsHistory } from './readVictoriaMetricsHistory.js';
import type { SeriesPoint } from './SeriesWindow.js';

/**
 * What was read back, and through which API.
 *
 * @example
 * const { points: [temps], api } = await readSeriesHistory(db, [{ measurement: 'lab_temp', field: 'value' }], from, to);
 * // api: 'InfluxQL /query'
 */
export interface SeriesHistory {
  /** Points per requested series, in the same order, oldest first. */
  points: SeriesPoint[][];
  /** The API that answered: `InfluxQL /query`, `VictoriaMetrics /api/v1/export`, `Flux /api/v2/query`. */
  api: string;
}

/** Answers that mean "this database has no such API" (try the next one), not "refused". */
const NO_SUCH_API = new Set([400, 404, 405, 501]);

/**
 * Reads the points of some series between two times from the database the readings go to.
 * InfluxDB 1.x: InfluxQL. The v2 API serves several databases, so their read APIs are tried
 * in turn, moving on only when one does not exist there: VictoriaMetrics' `/api/v1/export`,
 * then Flux (InfluxDB 2.x, 1.8+), then InfluxQL on the v1-compatible `/query` with the bucket
 * as database (InfluxDB 3.x, 2.x with a DBRP mapping). A refusal (401, 403), an unreachable
 * database or a timeout stops at once. Errors are {@link HistoryReadError}s naming the database.
 *
 * @example
 * const { points, api } = await readSeriesHistory({ kind: 'v1', url: 'http://127.0.0.1:8086', database: 'lab' },
 *   [{ measurement: 'lab_temp', field: 'value' }], Date.now() - 3_600_000, Date.now());
 */
export async function readSeriesHistory(
  db: HistoryDatabase,
  series: readonly SeriesKey[],
  from: number,
  to: number,
  signal?: AbortSignal,
): Promise<SeriesHistory> {
  const device = describeDatabase(db);
  const named = (e: unknown): HistoryReadError =>
    new HistoryReadError(reasonOf(e), { device, status: HistoryReadError.isInstance(e) ? e.status : undefined, cause: e });
  if (db.kind === 'v1') {
    try {
      return { points: await readInfluxQlHistory(db, series, from, to, signal), api: 'InfluxQL /query' };
    } catch (e) {
      throw named(e);
    }
  }
  const attempts: Array<[string, () => Promise<SeriesPoint[][]>]> = [
    ['VictoriaMetrics /api/v1/export', () => readVictoriaMetricsHistory(db, series, from, to, signal)],
    ['Flux /api/v2/query', () => readFluxHistory(db, series, from, to, signal)],
    ['InfluxQL /query', () => readInfluxQlHistory({ url: db.url, database: db.bucket, token: db.token }, series, from, to, signal)],
  ];
  const missing: string[] = [];
  for (const [api, read] of attempts) {
    try {
      return { points: await read(), api };
    } catch (e) {
      if (!HistoryReadError.isInstance(e) || e.status === undefined || !NO_SUCH_API.has(e.status)) throw named(e);
      missing.push(`${api}: HTTP ${e.status}`);
    }
  }
  throw new HistoryReadError(`no API to read readings back from (${missing.join(', ')})`, { device, status: 404 });
}

/** What went wrong, for people: fetch's "fetch failed" says why only in its cause (ECONNREFUSED). */
function reasonOf(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = e.cause instanceof Error ? e.cause.message : e.cause === undefined ? undefined : String(e.cause);
  return cause === undefined || HistoryReadError.isInstance(e) ? e.message : `${e.message}: ${cause}`;
}
