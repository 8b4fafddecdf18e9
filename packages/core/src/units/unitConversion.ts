import { ConfigError } from '@expmon/source-kit';
import { mathjsConversion } from './mathjsConversion.js';
import { lookupUnit } from './unitTable.js';

/**
 * y = scale·x + offset: every conversion between units of one quantity is affine.
 *
 * @example
 * const { scale, offset }: AffineConversion = unitConversion('°C', 'K'); // 1, 273.15
 */
export interface AffineConversion {
  readonly scale: number;
  readonly offset: number;
  readonly from: string;
  readonly to: string;
}

/**
 * Resolves a conversion between two unit names. Units of the built-in table
 * ({@link UNIT_TABLE}: temperature, pressure, voltage, current, resistance, power, energy,
 * ratios, time, frequency, flow) convert exactly from their defined constants, without any
 * dependency. Any other unit goes through mathjs's unit table when the optional peer
 * `mathjs` is installed. Throws a {@link ConfigError} naming the unit when it is unknown,
 * when the two are different quantities, or when mathjs would be needed and is not installed
 * (the message says `npm i mathjs`).
 *
 * @example
 * unitConversion('mbar', 'Pa'); // { scale: 100, offset: 0, from: 'mbar', to: 'Pa' }
 * unitConversion('Torr', 'mbar').scale; // 1.3332236842105263
 */
export function unitConversion(from: string, to: string): AffineConversion {
  for (const [name, unit] of [
    ['from', from],
    ['to', to],
  ] as const) {
    if (typeof unit !== 'string' || unit.trim() === '') {
      throw new ConfigError(`must be a unit name such as 'mbar', got ${String(unit)}`, { field: `convert.${name}` });
    }
  }
  const f = lookupUnit(from);
  const t = lookupUnit(to);
  if (f !== undefined && t !== undefined) {
    if (f.quantity !== t.quantity) {
      throw new ConfigError(`cannot convert ${from} to ${to}: ${from} is ${article(f.quantity)}, ${to} is ${article(t.quantity)}`, {
        field: 'convert',
      });
    }
    // x·f.factor + f.offset = y·t.factor + t.offset
    return { scale: f.factor / t.factor, offset: (f.offset - t.offset) / t.factor, from, to };
  }
  const unknown = [f === undefined ? from : undefined, t === undefined ? to : undefined].filter((u) => u !== undefined);
  let resolved: { scale: number; offset: number } | undefined;
  try {
    resolved = mathjsConversion(from, to);
  } catch (cause) {
    throw new ConfigError(`cannot convert ${from} to ${to}: ${(cause as Error).message}`, { field: 'convert', cause });
  }
  if (resolved === undefined) {
    throw new ConfigError(
      `cannot convert ${from} to ${to}: ${unknown.join(' and ')} ${unknown.length > 1 ? 'are' : 'is'} not in @expmon/core's ` +
        'unit table (temperature, pressure, voltage, current, resistance, power, energy, %, time, frequency, flow); ' +
        'for other units install the optional peer dependency mathjs (npm i mathjs), or convert with a function: ' +
        'convert((v) => ..., { unit })',
      { field: 'convert' },
    );
  }
  return { ...resolved, from, to };
}

function article(quantity: string): string {
  return `${/^[aeiou]/.test(quantity) ? 'an' : 'a'} ${quantity}`;
}
