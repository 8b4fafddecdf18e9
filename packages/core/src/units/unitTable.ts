/**
 * The quantities of {@link UNIT_TABLE}. Units convert only within one quantity.
 *
 * @example
 * const q: Quantity = lookupUnit('mbar')!.quantity; // 'pressure'
 */
export type Quantity =
  | 'temperature'
  | 'pressure'
  | 'voltage'
  | 'current'
  | 'resistance'
  | 'power'
  | 'apparent power'
  | 'energy'
  | 'ratio'
  | 'time'
  | 'frequency'
  | 'volumetric flow'
  | 'standard flow';

/**
 * One unit of the table: a value `x` in this unit is `x·factor + offset` in the base unit of
 * its quantity (K, Pa, V, A, Ω, W, VA, J, 1, s, Hz, m³/s, sccm).
 *
 * @example
 * const celsius: UnitDefinition = { quantity: 'temperature', factor: 1, offset: 273.15 };
 */
export interface UnitDefinition {
  readonly quantity: Quantity;
  readonly factor: number;
  readonly offset: number;
}

// Defined constants (exact by definition; the float is the nearest double).
/** Standard atmosphere, Pa (CGPM 1954). */
const ATM = 101325;
/** Torr: 1/760 standard atmosphere, Pa. */
const TORR = ATM / 760;
/** Conventional millimetre of mercury: 13.5951 g/cm³ × 1 mm × 9.80665 m/s², Pa. */
const MMHG = 133.322387415;
/** Standard gravity, m/s². */
const G0 = 9.80665;
/** International avoirdupois pound, kg. */
const POUND = 0.45359237;
/** International inch, m. */
const INCH = 0.0254;
/** Pound-force per square inch, Pa. */
const PSI = (POUND * G0) / (INCH * INCH);
/** Kelvin minus degree Celsius at 0 °C. */
const ZERO_CELSIUS = 273.15;

const MICRO_SIGNS = ['µ', 'μ', 'u'] as const; // U+00B5 micro sign, U+03BC Greek mu, ASCII u
const PREFIXES: Readonly<Record<string, number>> = { p: 1e-12, n: 1e-9, µ: 1e-6, m: 1e-3, '': 1, h: 1e2, k: 1e3, M: 1e6, G: 1e9 };

const table = new Map<string, UnitDefinition>();

function define(names: readonly string[], quantity: Quantity, factor: number, offset = 0): void {
  for (const name of names) {
    if (table.has(name)) throw new Error(`unit table: ${name} defined twice`);
    table.set(name, { quantity, factor, offset });
  }
}

/**
 * `symbols` (`V`, and other spellings such as `Ω`/`ohm`) without a prefix and with each of
 * `prefixes` (one character each: `'mk'` defines mV and kV); micro in all three spellings.
 */
function definePrefixed(symbols: readonly string[], quantity: Quantity, factor: number, prefixes: string): void {
  for (const prefix of ['', ...prefixes]) {
    const scale = PREFIXES[prefix];
    if (scale === undefined) throw new Error(`unit table: unknown prefix ${prefix}`);
    const spellings = prefix === 'µ' ? MICRO_SIGNS : [prefix];
    for (const p of spellings) define(symbols.map((s) => p + s), quantity, scale * factor);
  }
}

// Temperature (base K). C and F mean degrees Celsius and Fahrenheit here, not coulomb and farad.
define(['K', 'kelvin'], 'temperature', 1);
define(['mK'], 'temperature', 1e-3);
define(['°C', '℃', 'C', 'degC', 'celsius'], 'temperature', 1, ZERO_CELSIUS);
define(['°F', '℉', 'F', 'degF', 'fahrenheit'], 'temperature', 5 / 9, ZERO_CELSIUS - (32 * 5) / 9);

// Pressure (base Pa).
definePrefixed(['Pa'], 'pressure', 1, 'mhkM');
definePrefixed(['bar'], 'pressure', 1e5, 'µm');
definePrefixed(['Torr', 'torr'], 'pressure', TORR, 'µm');
define(['mmHg'], 'pressure', MMHG);
define(['psi'], 'pressure', PSI);
define(['atm'], 'pressure', ATM);

// Electrical (bases V, A, Ω, W, VA, J).
definePrefixed(['V'], 'voltage', 1, 'nµmk');
definePrefixed(['A'], 'current', 1, 'pnµmk');
definePrefixed(['\u03A9', '\u2126', 'ohm'], 'resistance', 1, 'mkMG');
definePrefixed(['W'], 'power', 1, 'µmkM');
definePrefixed(['VA'], 'apparent power', 1, 'k');
definePrefixed(['J'], 'energy', 1, 'kM');
definePrefixed(['Wh'], 'energy', 3600, 'mkM');

// Ratios (base 1).
define(['%', 'percent'], 'ratio', 1e-2);
define(['‰', 'permille'], 'ratio', 1e-3);
define(['ppm'], 'ratio', 1e-6);
define(['ppb'], 'ratio', 1e-9);

// Time (base s) and frequency (base Hz).
definePrefixed(['s'], 'time', 1, 'nµm');
define(['min'], 'time', 60);
define(['h'], 'time', 3600);
define(['d'], 'time', 86400);
definePrefixed(['Hz'], 'frequency', 1, 'mkMG');
define(['rpm'], 'frequency', 1 / 60);

// Volumetric flow at the actual conditions (base m³/s).
for (const [litre, m3] of [
  ['l', 'm³'],
  ['L', 'm3'],
] as const) {
  define([`${litre}/s`], 'volumetric flow', 1e-3);
  define([`${litre}/min`], 'volumetric flow', 1e-3 / 60);
  define([`${litre}/h`], 'volumetric flow', 1e-3 / 3600);
  define([`m${litre}/min`], 'volumetric flow', 1e-6 / 60);
  define([`${m3}/s`], 'volumetric flow', 1);
  define([`${m3}/min`], 'volumetric flow', 1 / 60);
  define([`${m3}/h`], 'volumetric flow', 1 / 3600);
}
// Mass flow given as volume at standard conditions (mass-flow controllers), base sccm. It is not
// a volumetric flow: converting sccm to l/min needs the gas's actual pressure and temperature.
define(['sccm'], 'standard flow', 1);
define(['sccs'], 'standard flow', 60);
define(['slm', 'slpm'], 'standard flow', 1000);
define(['slh'], 'standard flow', 1000 / 60);

/**
 * The units {@link unitConversion} converts without mathjs: temperature (K, mK, °C, °F),
 * pressure (Pa, hPa, kPa, MPa, mPa, mbar, µbar, bar, Torr, mTorr, µTorr, mmHg, psi, atm),
 * voltage (nV..kV), current (pA..kA), resistance (mΩ..GΩ, also `ohm`), power (µW..MW),
 * apparent power (VA, kVA), energy (J, kJ, MJ, mWh..MWh), ratios (%, ‰, ppm, ppb),
 * time (ns..s, min, h, d), frequency (mHz..GHz, rpm), volumetric flow (l/s, l/min, l/h,
 * ml/min, m³/s, m³/min, m³/h, also `L` and `m3`) and standard flow (sccm, sccs, slm, slh).
 * Micro may be written `µ`, `μ` or `u`. Every factor comes from a defined constant
 * (Torr = 101325/760 Pa, psi = 0.45359237 kg × 9.80665 m/s² / (0.0254 m)²).
 *
 * @example
 * UNIT_TABLE.get('Torr'); // { quantity: 'pressure', factor: 133.32236842105263, offset: 0 }
 */
export const UNIT_TABLE: ReadonlyMap<string, UnitDefinition> = table;

/**
 * The definition of a unit in {@link UNIT_TABLE}, or `undefined` when it is not there.
 *
 * @example
 * lookupUnit('°C'); // { quantity: 'temperature', factor: 1, offset: 273.15 }
 * lookupUnit('furlong'); // undefined
 */
export function lookupUnit(name: string): UnitDefinition | undefined {
  return table.get(name);
}
