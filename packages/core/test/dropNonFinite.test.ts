import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { dropNonFinite, integer, type Reading } from '@expmon/core';

const reading = (fields: Reading['fields']): Reading => ({ measurement: 'ups', fields, tags: { unit: 'W' }, time: 3 });

describe('dropNonFinite', () => {
  it('drops readings left without fields and removes non-finite fields from the others', () => {
    const dropped: Array<[string, string, number]> = [];
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, expectObservable }) => {
      const values = {
        a: reading({ value: 230 }),
        n: reading({ value: Number.NaN }),
        i: reading({ value: Number.POSITIVE_INFINITY, status: 'on battery', minutes: integer(12) }),
        m: reading({ value: 5, load: Number.NEGATIVE_INFINITY }),
        x: reading({ status: 'on battery', minutes: integer(12) }),
        y: reading({ value: 5 }),
      };
      const op = dropNonFinite((r, field, value) => dropped.push([r.measurement, field, value]));
      expectObservable(cold('a-n-i-m|', values).pipe(op)).toBe('a---x-y|', values);
    });
    expect(dropped).toEqual([
      ['ups', 'value', Number.NaN],
      ['ups', 'value', Number.POSITIVE_INFINITY],
      ['ups', 'load', Number.NEGATIVE_INFINITY],
    ]);
  });

  it('passes a clean reading as the same object', () => {
    const a = reading({ value: 1, ok: true, name: 'x' });
    const seen: Reading[] = [];
    new TestScheduler((actual, expected) => expect(actual).toEqual(expected)).run(({ cold, flush }) => {
      cold('a|', { a }).pipe(dropNonFinite()).subscribe((r) => seen.push(r));
      flush();
    });
    expect(seen[0]).toBe(a);
  });
});
