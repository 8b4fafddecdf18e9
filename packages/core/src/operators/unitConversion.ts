import { create, unitDependencies } from 'mathjs';
import { ConfigError } from '../errors/ConfigError.js';

const math = create({ unitDependencies: unitDependencies! });

/** Names people write for units, mapped to the names mathjs knows. */
const ALIASES: Record<string, string> = {
  '°C': 'degC',
  '℃': 'degC',
  C: 'degC',
  degC: 'degC',
  '°F': 'degF',
  '℉': 'degF',
  F: 'degF',
  degF: 'degF',
  Torr: 'torr',
  torr: 'torr',
  '%': 'percent',
  Ω: 'ohm',
};

/** The mathjs name of a unit written as a lab would (`°C`, `mbar`, `Torr`, `mV`). */
export function mathjsUnitName(unit: string): string {
  return ALIASES[unit] ?? unit;
}

/** y = scale·x + offset: every conversion between units of one quantity is affine. */
export interface AffineConversion {
  readonly scale: number;
  readonly offset: number;
  readonly from: string;
  readonly to: string;
}

/**
 * Resolves a conversion between two unit names through mathjs's unit table
 * (°C/K/°F, mbar/Pa/hPa/bar/Torr/psi, V/mV, ...). Throws a {@link ConfigError} naming
 * the unit when mathjs does not know it or the two are different quantities.
 *
 * @example
 * unitConversion('mbar', 'Pa'); // { scale: 100, offset: 0, ... }
 */
export function unitConversion(from: string, to: string): AffineConversion {
  const f = mathjsUnitName(from);
  const t = mathjsUnitName(to);
  let y0: number;
  let y1: number;
  try {
    y0 = math.unit(0, f).toNumber(t);
    y1 = math.unit(1, f).toNumber(t);
  } catch (cause) {
    throw new ConfigError(`cannot convert ${from} to ${to}: ${(cause as Error).message}`, {
      field: 'convert',
      cause,
    });
  }
  return { scale: y1 - y0, offset: y0, from, to };
}
