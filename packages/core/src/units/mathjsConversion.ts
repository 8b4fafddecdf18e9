import { createRequire } from 'node:module';
import type { MathJsInstance } from 'mathjs';

let instance: MathJsInstance | null | undefined;

/**
 * mathjs's unit functions, loaded on the first conversion outside the unit table, or `null`
 * when the optional peer `mathjs` is not installed. `require` keeps it synchronous, so a bad
 * unit still throws when the operator is created.
 */
function units(): MathJsInstance | null {
  if (instance === undefined) {
    let mathjs: typeof import('mathjs');
    try {
      mathjs = createRequire(import.meta.url)('mathjs') as typeof import('mathjs');
    } catch (cause) {
      const code = (cause as { code?: string }).code;
      // Only mathjs itself missing; a broken mathjs install is reported as it is.
      if (code === 'MODULE_NOT_FOUND' && /'mathjs'/.test((cause as Error).message)) {
        instance = null;
        return null;
      }
      throw cause;
    }
    const math = mathjs.create({
      unitDependencies: mathjs.unitDependencies!,
      createUnitDependencies: mathjs.createUnitDependencies!,
    });
    // mathjs defines `torr` as 133.322 Pa (rounded, and equal to its mmHg). A torr is exactly
    // 1/760 standard atmosphere (101325/760 Pa), as in the unit table.
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
 * `{ scale, offset }` of a conversion through mathjs's unit table (the optional peer `mathjs`),
 * or `undefined` when mathjs is not installed. Throws mathjs's own error for an unknown unit
 * or units of different quantities.
 *
 * @example
 * mathjsConversion('inH2O', 'Pa'); // { scale: 249.08891, offset: 0 }, or undefined without mathjs
 */
export function mathjsConversion(from: string, to: string): { scale: number; offset: number } | undefined {
  const math = units();
  if (math === null) return undefined;
  const f = mathjsUnitName(from);
  const t = mathjsUnitName(to);
  const y0 = math.unit(0, f).toNumber(t);
  const y1 = math.unit(1, f).toNumber(t);
  return { scale: y1 - y0, offset: y0 };
}
