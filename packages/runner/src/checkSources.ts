import { firstValueFrom, from, lastValueFrom, take, timeout, TimeoutError, toArray, type Observable } from 'rxjs';
import { dropNonFinite, type FieldValue, type Reading, type Source } from '@expmon/core';
import type { ResolvedConfig, ResolvedSource } from './config/loadConfig.js';
import { fieldUnit } from './fieldUnit.js';
import { readWithTimeout } from './pollSource.js';

/** One row of `expmon-runner check`: one field of one reading, or one failed source. */
export interface CheckRow {
  sensor: string;
  measurement: string;
  /** Field name (`value`, `output_load_percent`); '' on a row that only carries an error. */
  field: string;
  value: string;
  unit: string;
  latencyMs: number;
  error: string;
}

/**
 * How long `check` waits for a push source's first reading: the source's own
 * `firstReadingWithinMs` hint when it gives one, else its read timeout, at least 5 s.
 *
 * @example
 * firstReadingWaitMs(entry); // 7000 for a Phidget channel with a 5 s open timeout and a 2 s data interval
 */
export function firstReadingWaitMs(entry: Pick<ResolvedSource, 'source' | 'timeoutMs'>): number {
  const hint = entry.source.firstReadingWithinMs;
  return hint !== undefined && hint > 0 ? hint : Math.max(entry.timeoutMs, 5000);
}

/**
 * Reads every source once, concurrently, through its operators and the runner's
 * NaN/Infinity filter (what `run` would store), and returns a row per field of every reading,
 * or one row with the reason per source that gave nothing: its read error, the problems it
 * reported (an invalid value, a device error event) or the fields dropped as garbage —
 * the same reasons `run` logs.
 *
 * A push source is given {@link firstReadingWaitMs} for its first reading.
 *
 * @example
 * const rows = await checkSources(await loadConfig('lab.config.ts'));
 * // [{ sensor: 'ups', measurement: 'ups', field: 'output_load_percent', value: '28', unit: '%', latencyMs: 12, error: '' }, …]
 */
export async function checkSources(config: ResolvedConfig): Promise<CheckRow[]> {
  const results = await Promise.all(config.sources.map((entry) => checkOne(entry)));
  await Promise.allSettled(config.sources.map((e) => e.source.close?.()));
  return results.flat();
}

async function checkOne(entry: ResolvedSource): Promise<CheckRow[]> {
  const { source } = entry;
  const problems: string[] = [];
  const sub = source.problems?.subscribe((p) => problems.push(message(p)));
  const started = performance.now();
  let readings: Reading[] = [];
  let error: string | undefined;
  try {
    ({ readings, error } = await readOnce(entry, problems));
  } finally {
    sub?.unsubscribe();
  }
  const latencyMs = performance.now() - started;
  const failed = (why: string): CheckRow[] => [{ sensor: source.name, measurement: '', field: '', value: '', unit: '', latencyMs, error: why }];
  if (error !== undefined) return failed(error);

  const dropped: string[] = [];
  let out: Reading[];
  try {
    const piped = (entry.operators as Array<(o: Observable<Reading>) => Observable<Reading>>).reduce((s, op) => op(s), from(readings));
    out = await lastValueFrom(
      piped.pipe(
        dropNonFinite((r, field, value) => dropped.push(`${r.measurement}.${field} = ${value}: garbage value dropped (not a finite number)`)),
        toArray(),
      ),
    );
  } catch (e) {
    return failed(message(e));
  }
  if (out.length === 0) {
    const why = [...dropped, ...problems];
    return failed(why.length > 0 ? `no reading: ${why.join('; ')}` : readings.length > 0 ? 'no reading: the operators let none through' : 'no reading: the source returned none');
  }
  const rows: CheckRow[] = out.flatMap((r) =>
    Object.entries(r.fields).map(([field, v]) => ({
      sensor: source.name,
      measurement: r.measurement,
      field,
      value: formatValue(v),
      unit: fieldUnit(r, field),
      latencyMs,
      error: '',
    })),
  );
  // A field dropped from a reading that kept others: still say so, on the source's first row.
  if (dropped.length > 0) rows[0]!.error = dropped.join('; ');
  return rows;
}

async function readOnce(entry: ResolvedSource, problems: readonly string[]): Promise<{ readings: Reading[]; error?: string }> {
  const source: Source = entry.source;
  if (source.kind === 'polled') {
    const r = await readWithTimeout(source, entry.timeoutMs);
    return r.error === undefined ? { readings: r.readings } : { readings: [], error: message(r.error) };
  }
  const waitMs = firstReadingWaitMs(entry);
  try {
    return { readings: [await firstValueFrom(source.readings().pipe(take(1), timeout(waitMs)))] };
  } catch (e) {
    if (e instanceof TimeoutError) {
      // Never rxjs's bare 'Timeout has occurred': say how long, why that long, and what the source reported.
      const since = problems.length > 0 ? `; the source reported: ${problems.join('; ')}` : '';
      const basis = source.firstReadingWithinMs !== undefined ? "the source's own firstReadingWithinMs" : 'its read timeout, at least 5 s';
      return { readings: [], error: `no reading within ${waitMs} ms (${basis})${since}` };
    }
    return { readings: [], error: message(e) };
  }
}

function formatValue(v: FieldValue): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  if (typeof v === 'object' && v !== null) return String((v as { value?: unknown }).value ?? v);
  return String(v);
}

function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
