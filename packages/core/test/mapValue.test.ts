import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { mapValue, type Reading } from '@expmon/core';

const reading = (fields: Reading['fields'], unit = 'V'): Reading => ({ measurement: 'adc', fields, tags: { unit }, time: 5 });

describe('mapValue', () => {
  it('maps the field, keeps the old value as raw (unless raw exists) and sets the unit', () => {
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
      const values = {
        a: reading({ value: 2 }),
        b: reading({ value: 3, raw: 1234 }),
        x: reading({ value: 4, raw: 2 }, 'mbar'),
        y: reading({ value: 6, raw: 1234 }, 'mbar'),
      };
      const op = mapValue((v, r) => v * 2 + (r.measurement === 'adc' ? 0 : 1), { unit: 'mbar', keepRawAs: 'raw' });
      expectObservable(cold('a-b|', values).pipe(op)).toBe('x-y|', values);
    });
  });

  it('does not mutate the input reading', () => {
    const input = reading({ value: 2 });
    const frozen = JSON.stringify(input);
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
      expectObservable(cold('a|', { a: input }).pipe(mapValue((v) => v + 1, { unit: 'K', keepRawAs: 'raw' }))).toBe('x|', {
        x: reading({ value: 3, raw: 2 }, 'K'),
      });
    });
    expect(JSON.stringify(input)).toBe(frozen);
  });
});
