import { describe, expect, it } from 'vitest';
import { lookupUnit, mathjsUnitName, UNIT_TABLE, unitConversion, type Quantity } from '@expmon/core';
import { configErrorOf } from './configErrorOf.js';

// The unit table (no mathjs). The path through the optional mathjs, and the error without it,
// are in builtPackage.test.ts (they need a process where mathjs is, or is not, installed).

/** The value `x` in `from`, expressed in `to`. */
function convertValue(x: number, from: string, to: string): number {
  const { scale, offset } = unitConversion(from, to);
  return x * scale + offset;
}

function expectRelativelyClose(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

/** Known values per family: [x, from, to, x in `to`]; `expected` from the definitions, not from the table. */
const families: Record<string, Array<[number, string, string, number]>> = {
  temperature: [
    [0, '°C', 'K', 273.15],
    [100, '°C', 'K', 373.15],
    [273.15, 'K', '°C', 0],
    [212, '°F', '°C', 100],
    [32, '°F', '°C', 0],
    [-40, '°C', '°F', -40],
    [0, 'K', '°F', -459.67],
    [20, 'C', 'K', 293.15],
    [68, 'F', 'C', 20],
    [20, '℃', 'degF', 68],
    [98.6, '℉', 'celsius', 37],
    [4200, 'mK', 'K', 4.2],
    [1, 'kelvin', 'mK', 1000],
  ],
  pressure: [
    [1013.25, 'mbar', 'Torr', 760],
    [760, 'Torr', 'mbar', 1013.25],
    [760, 'torr', 'atm', 1],
    [1, 'mTorr', 'Pa', 101325 / 760 / 1000],
    [1, 'µTorr', 'mTorr', 1e-3],
    [1, 'hPa', 'Pa', 100],
    [1, 'mbar', 'hPa', 1],
    [1, 'kPa', 'mbar', 10],
    [1, 'MPa', 'bar', 10],
    [1, 'mPa', 'Pa', 1e-3],
    [1, 'bar', 'mbar', 1000],
    [1, 'µbar', 'Pa', 0.1],
    [1, 'ubar', 'μbar', 1],
    [1, 'psi', 'Pa', 6894.757293168361],
    [14.695948775513449, 'psi', 'atm', 1],
    [1, 'mmHg', 'Pa', 133.322387415],
    [1, 'atm', 'Pa', 101325],
    [1, 'atm', 'mbar', 1013.25],
  ],
  voltage: [
    [1, 'V', 'mV', 1000],
    [2500, 'mV', 'V', 2.5],
    [1, 'µV', 'nV', 1000],
    [1, 'uV', 'μV', 1],
    [1, 'kV', 'V', 1000],
  ],
  current: [
    [1, 'µA', 'A', 1e-6],
    [1, 'μA', 'nA', 1000],
    [1, 'uA', 'pA', 1e6],
    [20, 'mA', 'A', 0.02],
    [1, 'kA', 'mA', 1e6],
  ],
  resistance: [
    [4.7, 'kΩ', 'Ω', 4700],
    [1, 'MΩ', 'kohm', 1000],
    [1, 'GΩ', 'MΩ', 1000],
    [100, 'mΩ', 'ohm', 0.1],
    [1, '\u2126', '\u03A9', 1], // U+2126 ohm sign and U+03A9 Greek capital omega
  ],
  power: [
    [1, 'kW', 'W', 1000],
    [1, 'MW', 'kW', 1000],
    [1, 'mW', 'µW', 1000],
  ],
  'apparent power': [[1, 'kVA', 'VA', 1000]],
  energy: [
    [1, 'Wh', 'J', 3600],
    [1, 'kWh', 'MJ', 3.6],
    [1, 'mWh', 'J', 3.6],
    [1, 'MWh', 'kWh', 1000],
    [1, 'kJ', 'J', 1000],
  ],
  ratio: [
    [50, '%', 'ppm', 500_000],
    [1, '‰', '%', 0.1],
    [1, 'percent', 'permille', 10],
    [1000, 'ppb', 'ppm', 1],
  ],
  time: [
    [1, 'h', 's', 3600],
    [1, 'd', 'h', 24],
    [1, 'min', 'ms', 60_000],
    [1, 'ms', 'µs', 1000],
    [1, 'us', 'ns', 1000],
  ],
  frequency: [
    [1, 'kHz', 'Hz', 1000],
    [1, 'GHz', 'MHz', 1000],
    [1, 'Hz', 'mHz', 1000],
    [60, 'rpm', 'Hz', 1],
  ],
  'volumetric flow': [
    [1, 'l/min', 'ml/min', 1000],
    [1, 'm³/h', 'l/min', 1000 / 60],
    [1, 'm3/h', 'L/h', 1000],
    [1, 'l/s', 'l/min', 60],
    [1, 'm³/s', 'm3/min', 60],
    [1, 'L/min', 'l/min', 1],
  ],
  'standard flow': [
    [1, 'slm', 'sccm', 1000],
    [1, 'slpm', 'slm', 1],
    [1, 'sccs', 'sccm', 60],
    [60, 'slh', 'slm', 1],
  ],
};

describe('unitConversion: the unit table, family by family', () => {
  for (const [family, cases] of Object.entries(families)) {
    describe(family, () => {
      it.each(cases)('%s %s = %s %s', (x, from, to, expected) => {
        expect(lookupUnit(from)?.quantity).toBe(family as Quantity);
        expect(lookupUnit(to)?.quantity).toBe(family as Quantity);
        const actual = convertValue(x, from, to);
        if (expected === 0) expect(Math.abs(actual)).toBeLessThan(1e-12);
        else expectRelativelyClose(actual, expected, 1e-14);
      });

      it('round-trips through every pair of its units', () => {
        const units = [...UNIT_TABLE].filter(([, d]) => d.quantity === family).map(([name]) => name);
        expect(units.length).toBeGreaterThan(1);
        for (const a of units) {
          for (const b of units) {
            for (const x of [0, 1, -273.15, 1e-9, 12345.678]) {
              const back = convertValue(convertValue(x, a, b), b, a);
              // Temperatures go through an offset: absolute error relative to the offsets' size.
              expect(Math.abs(back - x)).toBeLessThanOrEqual(1e-12 * Math.max(Math.abs(x), family === 'temperature' ? 500 : 0));
            }
          }
        }
      });
    });
  }

  it('covers every quantity of the table', () => {
    const quantities = new Set([...UNIT_TABLE.values()].map((d) => d.quantity));
    expect([...quantities].sort()).toEqual(Object.keys(families).sort());
  });

  it('uses exact definitions: Torr = 101325/760 Pa, °C offset 273.15', () => {
    expect(unitConversion('Torr', 'Pa').scale).toBe(101325 / 760);
    expect(unitConversion('atm', 'Torr').scale).toBe(760);
    expect(unitConversion('mbar', 'Pa')).toEqual({ scale: 100, offset: 0, from: 'mbar', to: 'Pa' });
    expect(unitConversion('°C', 'K')).toEqual({ scale: 1, offset: 273.15, from: '°C', to: 'K' });
    expect(unitConversion('K', '°C')).toEqual({ scale: 1, offset: -273.15, from: 'K', to: '°C' });
    expect(unitConversion('°F', '°C').scale).toBe(5 / 9);
    expectRelativelyClose(unitConversion('°F', '°C').offset, -160 / 9, 1e-15);
  });

  it('converts a unit to itself as the identity', () => {
    for (const name of UNIT_TABLE.keys()) {
      expect(unitConversion(name, name)).toMatchObject({ scale: 1, offset: 0 });
    }
  });
});

describe('unitConversion: errors', () => {
  it('refuses units of different quantities, naming both', () => {
    const e = configErrorOf(() => unitConversion('mbar', 'K'));
    expect(e.field).toBe('convert');
    expect(e.message).toBe('convert: cannot convert mbar to K: mbar is a pressure, K is a temperature');
    expect(configErrorOf(() => unitConversion('V', 'A')).message).toContain('V is a voltage, A is a current');
    // Standard flow is a mass flow: it needs the gas's conditions to become a volume flow.
    expect(configErrorOf(() => unitConversion('sccm', 'l/min')).message).toContain('sccm is a standard flow');
    expect(configErrorOf(() => unitConversion('W', 'VA')).message).toContain('W is a power, VA is an apparent power');
  });

  it('throws a ConfigError naming a unit neither the table nor mathjs knows', () => {
    // mathjs is installed here (a devDependency); the message without it is tested in builtPackage.test.ts.
    const e = configErrorOf(() => unitConversion('furlongs', 'm'));
    expect(e.field).toBe('convert');
    expect(e.message).toMatch(/^convert: cannot convert furlongs to m: .*furlongs/);
    expect(e.cause).toBeInstanceOf(Error);
  });

  it('throws a ConfigError naming a missing or empty unit', () => {
    expect(configErrorOf(() => unitConversion('mbar', undefined as unknown as string)).field).toBe('convert.to');
    expect(configErrorOf(() => unitConversion('', 'Pa')).field).toBe('convert.from');
    expect(configErrorOf(() => unitConversion('  ', 'Pa')).message).toContain("must be a unit name such as 'mbar'");
  });

  it('is case-sensitive where SI is (mPa is not MPa, mbar is not Mbar)', () => {
    expect(lookupUnit('Mbar')).toBeUndefined();
    expect(unitConversion('MPa', 'mPa').scale).toBe(1e9);
  });
});

describe('mathjsUnitName', () => {
  it.each([
    ['°C', 'degC'],
    ['C', 'degC'],
    ['°F', 'degF'],
    ['torr', 'Torr'],
    ['µV', 'uV'],
    ['μV', 'uV'],
    ['MΩ', 'Mohm'],
    ['mbar', 'mbar'],
  ])('%s -> %s', (name, expected) => {
    expect(mathjsUnitName(name)).toBe(expected);
  });
});
