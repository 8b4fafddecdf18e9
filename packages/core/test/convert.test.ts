import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { ConfigError, convert, integer, type Reading } from '@expmon/core';

function marbles(callback: Parameters<TestScheduler['run']>[0]): void {
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(callback);
}

const reading = (value: Reading['fields']['value'], unit = 'mbar', extra: Partial<Reading> = {}): Reading => ({
  measurement: 'chamber',
  fields: { value },
  tags: { unit, room: '12' },
  time: 1_700_000_000_000,
  ...extra,
});

describe('convert by unit names', () => {
  it('converts value, sets the unit tag, keeps the rest', () => {
    marbles(({ cold, expectObservable }) => {
      const values = {
        a: reading(1.5),
        b: reading(1013.25, 'mbar', { fields: { value: 1013.25, raw: 4.2 } }),
        x: reading(150, 'Pa'),
        y: reading(101325, 'Pa', { fields: { value: 101325, raw: 4.2 } }),
      };
      expectObservable(cold('a-b-|', values).pipe(convert('mbar', 'Pa'))).toBe('x-y-|', { x: values.x, y: values.y });
    });
  });

  it('handles offset conversions (°C to K)', () => {
    marbles(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a: reading(0, '°C') }).pipe(convert('°C', 'K'))).toBe('x|', { x: reading(273.15, 'K') });
    });
  });

  it('passes readings whose field is not a number (string, boolean, integer) unchanged', () => {
    marbles(({ cold, expectObservable }) => {
      const values = { s: reading('overrange'), b: reading(true), i: reading(integer(3)) };
      expectObservable(cold('s-b-i|', values).pipe(convert('mbar', 'Pa'))).toBe('s-b-i|', values);
    });
  });

  it('converts another field without touching the unit tag of value', () => {
    marbles(({ cold, expectObservable }) => {
      const a = reading(20, '°C', { fields: { value: 20, raw: 1.25 } });
      const x = reading(20, '°C', { fields: { value: 20, raw: 1250 } });
      expectObservable(cold('a|', { a }).pipe(convert('V', 'mV', { field: 'raw' }))).toBe('x|', { x });
    });
  });

  it('throws a ConfigError when the operator is created, not per reading', () => {
    expect(() => convert('mbar', 'kelvin-ish')).toThrow(ConfigError);
    expect(() => convert('V', 'A')).toThrow(/cannot convert V to A/);
  });

  it('passes errors and completion on', () => {
    marbles(({ cold, expectObservable }) => {
      const error = new Error('lost');
      expectObservable(cold('a#', { a: reading(1) }, error).pipe(convert('bar', 'mbar'))).toBe('x#', { x: reading(1000, 'mbar') }, error);
    });
  });
});

describe('convert by function', () => {
  it('applies the function and sets the unit when given', () => {
    marbles(({ cold, expectObservable }) => {
      expectObservable(cold('a-b|', { a: reading(2, 'V'), b: reading(-1, 'V') }).pipe(convert((v) => v * 1000, { unit: 'mV' }))).toBe(
        'x-y|',
        { x: reading(2000, 'mV'), y: reading(-1000, 'mV') },
      );
    });
  });

  it('keeps the unit tag when no unit is given', () => {
    marbles(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a: reading(2) }).pipe(convert((v) => v + 1))).toBe('x|', { x: reading(3) });
    });
  });

  it('converts another field', () => {
    marbles(({ cold, expectObservable }) => {
      const a = reading(7, 'mbar', { fields: { value: 7, raw: 2 } });
      const x = reading(7, 'mbar', { fields: { value: 7, raw: 4 } });
      expectObservable(cold('a|', { a }).pipe(convert((v) => v * 2, { field: 'raw' }))).toBe('x|', { x });
    });
  });
});
