import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Reading } from '@expmon/core';

/** The counting fixture config (deterministic sources that record what they emit). */
export const COUNTING_CONFIG = fileURLToPath(new URL('./fixtures/counting.config.ts', import.meta.url));

/** Readings the fixture sources recorded (the ground truth). */
export function recorded(path: string): Reading[] {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Reading);
}

/** `measurement seq time value` keys, sorted, to compare sets of readings. */
export function keys(readings: ReadonlyArray<{ measurement: string; seq: unknown; time: unknown; value: unknown }>): string[] {
  return readings.map((r) => `${r.measurement} ${String(r.seq)} ${String(r.time)} ${String(r.value)}`).sort();
}

/** The recorded readings as comparable rows. */
export function rowsOf(readings: Reading[]): Array<{ measurement: string; seq: unknown; time: number; value: unknown; unit?: string; lab?: string }> {
  return readings.map((r) => ({
    measurement: r.measurement,
    seq: r.fields.seq,
    time: r.time,
    value: r.fields.value,
    unit: r.tags.unit,
    lab: r.tags.lab,
  }));
}
