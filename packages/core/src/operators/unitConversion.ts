import { createRequire } from 'node:module';
import type { MathJsInstance } from 'mathjs';
import { ConfigError } from '../errors/ConfigError.js';

let instance: MathJsInstance | undefined;

/**
 * mathjs with its unit table, loaded on the first conversion by unit names: loading all of
 * mathjs takes far longer than the rest of this package, and scripts that only read a
 * sensor (or drivers that only use the errors) should not pay for it. `require` keeps it
 * synchronous, so a bad unit still throws when the operator is created.
 */
function units(): MathJsInstance {
  if (instance === undefined) {
    const mathjs = createRequire(import.meta.url)('mathjs') as typeof import('mathjs');
    const math = mathjs.create({
      unitDependencies: mathjs.unitDependencies!,
      createUnitDependencies: mathjs.createUnitDependencies!,
    });
    // mathjs defines `torr` as 133.322 Pa (rounded, and equal to its mmHg). A torr is exactly
    // 1/760 standard atmosphere (101325/760 Pa); vacuum labs compare Torr and mbar readings,
    // so the unit is defined here from that exact value, with SI prefixes (mTorr).
    math.createUnit('Torr', { definition: math.unit(101325 / 760, 'Pa'), prefixes: 'short' });
    instance = math;
  }
  return instance;
}

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
  torr: 'Torr',
};

/**
 * The mathjs name of a unit written as a lab would (`°C`, `mbar`, `Torr`, `mV`, `µA`, `kΩ`).
 * `C` and `F` mean degrees Celsius and Fahrenheit here (not coulomb and farad).
 *
 * @example
 * mathjsUnitName('°C'); // 'degC'
 * mathjsUnitName('µA'); // 'uA'
 */
export function mathjsUnitName(unit: string): string {
  const alias = ALIASES[unit];
  if (alias !== undefined) return alias;
  // mathjs writes micro as `u` and ohm as `ohm`.
  return unit.replace(/^[µμ]/u, 'u').replace(/[ΩΩ]$/u, 'ohm');
}

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
 * Resolves a conversion between two unit names through mathjs's unit table
 * (°C/K/°F, mbar/Pa/hPa/bar/Torr/psi, V/mV, ...). Throws a {@link ConfigError} naming
 * the unit when mathjs does not know it or the two are different quantities.
 *
 * @example
 * unitConversion('mbar', 'Pa'); // { scale: 100, offset: 0, ... }
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
  const f = mathjsUnitName(from);
  const t = mathjsUnitName(to);
  let y0: number;
  let y1: number;
  try {
    const math = units();
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
