import { TestScheduler } from 'rxjs/testing';
import { describe, expect, it } from 'vitest';
import { dropNonFinite, integer, type Reading, withoutNonFinite } from '@expmon/core';

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

describe('withoutNonFinite (the same rule without RxJS)', () => {
  it('keeps a clean reading as the same object, removes non-finite fields, and drops a reading left without fields', () => {
    const dropped: Array<[string, number]> = [];
    const onDrop = (_r: Reading, field: string, value: number): void => void dropped.push([field, value]);
    const clean = reading({ value: 1, ok: true, name: 'x' });
    expect(withoutNonFinite(clean, onDrop)).toBe(clean);
    const mixed = reading({ value: 5, load: Number.NEGATIVE_INFINITY });
    expect(withoutNonFinite(mixed, onDrop)).toEqual(reading({ value: 5 }));
    expect(mixed.fields).toEqual({ value: 5, load: Number.NEGATIVE_INFINITY }); // the input is not changed
    expect(withoutNonFinite(reading({ value: Number.NaN }), onDrop)).toBeUndefined();
    expect(withoutNonFinite(reading({}), onDrop)).toBeUndefined();
    expect(withoutNonFinite(reading({ minutes: integer(12), value: Number.POSITIVE_INFINITY }), onDrop)).toEqual(reading({ minutes: integer(12) }));
    expect(dropped).toEqual([
      ['load', Number.NEGATIVE_INFINITY],
      ['value', Number.NaN],
      ['value', Number.POSITIVE_INFINITY],
    ]);
  });
});
