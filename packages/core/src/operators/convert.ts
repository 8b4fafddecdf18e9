import type { MonoTypeOperatorFunction } from 'rxjs';
import type { Reading } from '@expmon/source-kit';
import { mapValue } from './mapValue.js';
import { unitConversion } from '../units/unitConversion.js';

/**
 * Options of {@link convert}.
 *
 * @example
 * convert('V', 'mV', { field: 'raw' } satisfies ConvertOptions);
 */
export interface ConvertOptions {
  /** Field to convert; default `value`. */
  field?: string;
}

/**
 * Converts the `value` field between units, by unit names (exactly, through core's unit
 * table; other units through the optional peer `mathjs` when it is installed) or by a function. With names, the `unit` tag is set to the target unit (when the
 * converted field is `value`). The reading's own `unit` tag is not checked: put the
 * conversion where the readings are in `from`.
 * An unknown unit or a conversion between different quantities throws at once
 * (when the config is loaded), not per reading.
 *
 * @example
 * source.pipe(convert('°C', 'K'));
 * source.pipe(convert('mbar', 'Torr'));
 * source.pipe(convert((v) => v * 1000, { unit: 'mV' }));
 */
export function convert(from: string, to: string, options?: ConvertOptions): MonoTypeOperatorFunction<Reading>;
export function convert(
  fn: (value: number) => number,
  options?: ConvertOptions & { unit?: string },
): MonoTypeOperatorFunction<Reading>;
export function convert(
  a: string | ((value: number) => number),
  b?: string | (ConvertOptions & { unit?: string }),
  c?: ConvertOptions,
): MonoTypeOperatorFunction<Reading> {
  if (typeof a === 'function') {
    const opts = (b as (ConvertOptions & { unit?: string }) | undefined) ?? {};
    return mapValue((v) => a(v), { field: opts.field, unit: opts.unit });
  }
  const { scale, offset } = unitConversion(a, b as string);
  const field = c?.field ?? 'value';
  // The unit tag describes `value`; converting another field leaves it alone.
  return mapValue((v) => v * scale + offset, { field, unit: field === 'value' ? (b as string) : undefined });
}
