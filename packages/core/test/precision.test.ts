import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { ConfigError, integer, precision, type Reading } from '@expmon/core';

const reading = (value: Reading['fields']['value'], fields: Reading['fields'] = {}): Reading => ({
  measurement: 'temp',
  fields: { value, ...fields },
  tags: { unit: '°C' },
  time: 7,
});

function expectRounded(digits: number, input: number, output: number): void {
  new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
    expectObservable(cold('a|', { a: reading(input) }).pipe(precision(digits))).toBe('x|', { x: reading(output) });
  });
}

describe('precision (significant digits)', () => {
  it.each([
    [3, 21.4567, 21.5],
    [3, 0.0012345, 0.00123],
    [3, 123456, 123000],
    [3, -21.4567, -21.5],
    [2, 9.96, 10],
    [1, 0.15, 0.1], // 0.15 is 0.1499999... in binary, as in Python's num_prec
    [4, 1013.25, 1013],
    [17, 0.1, 0.1],
    [3, 0, 0],
    [3, 1e-12, 1e-12],
  ])('precision(%d): %d -> %d', (digits, input, output) => {
    expectRounded(digits, input, output);
  });

  it('leaves NaN, Infinity and non-numbers alone', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
      const values = { n: reading(Number.NaN), i: reading(Number.NEGATIVE_INFINITY), s: reading('ok'), k: reading(integer(12345)) };
      expectObservable(cold('n-i-s-k|', values).pipe(precision(2))).toBe('n-i-s-k|', values);
    });
  });

  it('rounds another field when asked, and only that one', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a: reading(1.23456, { raw: 2.34567 }) }).pipe(precision(2, { field: 'raw' }))).toBe('x|', {
        x: reading(1.23456, { raw: 2.3 }),
      });
    });
  });

  it.each([0, 18, 2.5, Number.NaN])('throws a ConfigError naming precision for %d digits', (digits) => {
    expect(() => precision(digits)).toThrow(ConfigError);
    expect(() => precision(digits)).toThrow(/^precision: must be an integer from 1 to 17/);
  });
});
