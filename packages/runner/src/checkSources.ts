import { firstValueFrom, from, lastValueFrom, take, timeout, toArray, type Observable } from 'rxjs';
import type { Reading } from '@expmon/core';
import type { ResolvedConfig } from './config/loadConfig.js';
import { readWithTimeout } from './pollSource.js';

/** One row of `expmon-runner check`. */
export interface CheckRow {
  sensor: string;
  measurement: string;
  value: string;
  unit: string;
  latencyMs: number;
  error: string;
}

/**
 * Reads every source once, concurrently, through its operators (what would be stored) and
 * returns a row per reading, or one row with the error per failed source. Push sources
 * give their first reading within their timeout.
 */
export async function checkSources(config: ResolvedConfig): Promise<CheckRow[]> {
  const results = await Promise.all(
    config.sources.map(async (entry): Promise<CheckRow[]> => {
      const { source } = entry;
      const started = performance.now();
      let readings: Reading[];
      let error: unknown;
      if (source.kind === 'polled') {
        const r = await readWithTimeout(source, entry.timeoutMs);
        readings = r.readings;
        error = r.error;
      } else {
        try {
          readings = [await firstValueFrom(source.readings().pipe(take(1), timeout(Math.max(entry.timeoutMs, 5000))))];
        } catch (e) {
          readings = [];
          error = e;
        }
      }
      const latencyMs = performance.now() - started;
      if (error !== undefined) {
        return [{ sensor: source.name, measurement: '', value: '', unit: '', latencyMs, error: message(error) }];
      }
      let out: Reading[];
      try {
        const piped = (entry.operators as Array<(o: Observable<Reading>) => Observable<Reading>>).reduce((s, op) => op(s), from(readings));
        out = await lastValueFrom(piped.pipe(toArray()));
      } catch (e) {
        return [{ sensor: source.name, measurement: '', value: '', unit: '', latencyMs, error: message(e) }];
      }
      if (out.length === 0) {
        return [{ sensor: source.name, measurement: '', value: '', unit: '', latencyMs, error: 'no reading (dropped as invalid?)' }];
      }
      return out.map((r) => {
        const v = r.fields.value ?? Object.values(r.fields)[0];
        const bad = typeof v === 'number' && !Number.isFinite(v);
        return {
          sensor: source.name,
          measurement: r.measurement,
          value: typeof v === 'number' ? (bad ? '' : formatNumber(v)) : String(v ?? ''),
          unit: r.tags.unit ?? '',
          latencyMs,
          error: bad ? `garbage value ${v}: would not be stored` : '',
        };
      });
    }),
  );
  await Promise.allSettled(config.sources.map((e) => e.source.close?.()));
  return results.flat();
}

function formatNumber(v: number): string {
  return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
}

function message(e: unknown): string {
  return e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
