import { describe, expect, it } from 'vitest';
import { mathjsUnitName, unitConversion } from '@expmon/core';
import { configErrorOf } from './configErrorOf.js';

/** The value `x` in `from`, expressed in `to`. */
function convertValue(x: number, from: string, to: string): number {
  const { scale, offset } = unitConversion(from, to);
  return x * scale + offset;
}

function expectRelativelyClose(actual: number, expected: number, relative: number): void {
  expect(Math.abs(actual - expected)).toBeLessThanOrEqual(relative * Math.abs(expected));
}

describe('unitConversion: known values', () => {
  const cases: Array<[number, string, string, number]> = [
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
    [1013.25, 'mbar', 'Torr', 760],
    [760, 'Torr', 'mbar', 1013.25],
    [760, 'torr', 'atm', 1],
    [1, 'mTorr', 'Pa', 101325 / 760 / 1000],
    [1, 'hPa', 'Pa', 100],
    [1, 'mbar', 'hPa', 1],
    [1, 'bar', 'mbar', 1000],
    [1, 'psi', 'Pa', 6894.75729316836],
    [1, 'V', 'mV', 1000],
    [2500, 'mV', 'V', 2.5],
    [1, 'µA', 'A', 1e-6],
    [1, 'μA', 'nA', 1000],
    [4.7, 'kΩ', 'Ω', 4700],
    [1, 'h', 's', 3600],
  ];
  it.each(cases)('%d %s = %d %s', (x, from, to, expected) => {
    const actual = convertValue(x, from, to);
    if (expected === 0) expect(Math.abs(actual)).toBeLessThan(1e-12);
    else expectRelativelyClose(actual, expected, 1e-9);
  });

  it('uses the exact torr (1/760 atm), not mathjs\'s rounded 133.322 Pa', () => {
    expectRelativelyClose(convertValue(1013.25, 'mbar', 'Torr'), 760, 1e-12);
    expectRelativelyClose(convertValue(1, 'Torr', 'Pa'), 101325 / 760, 1e-15);
  });

  it('is affine: scale and offset', () => {
    expect(unitConversion('mbar', 'Pa')).toEqual({ scale: 100, offset: 0, from: 'mbar', to: 'Pa' });
    const c = unitConversion('°C', 'K');
    expect(c.scale).toBeCloseTo(1, 12);
    expect(c.offset).toBeCloseTo(273.15, 12);
  });
});

describe('unitConversion: errors', () => {
  it('throws a ConfigError naming an unknown unit', () => {
    const e = configErrorOf(() => unitConversion('furlongs', 'm'));
    expect(e.field).toBe('convert');
    expect(e.message).toContain('cannot convert furlongs to m');
    expect(e.message).toContain('furlongs');
    expect(e.cause).toBeInstanceOf(Error);
  });

  it('throws a ConfigError for units of different quantities', () => {
    const e = configErrorOf(() => unitConversion('mbar', 'K'));
    expect(e.message).toMatch(/^convert: cannot convert mbar to K/);
  });

  it('throws a ConfigError naming a missing or empty unit', () => {
    expect(configErrorOf(() => unitConversion('mbar', undefined as unknown as string)).field).toBe('convert.to');
    expect(configErrorOf(() => unitConversion('', 'Pa')).field).toBe('convert.from');
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
