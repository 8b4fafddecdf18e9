import { afterEach, describe, expect, it, vi } from 'vitest';
import { createReading, integer, IntegerValue } from '@expmon/source-kit';

afterEach(() => {
  vi.useRealTimers();
});

describe('createReading', () => {
  it('builds the default schema: field value first, tag unit', () => {
    const r = createReading('gauge', 3.2e-6, { unit: 'mbar', tags: { room: '12' }, fields: { raw: 2.31 }, time: 1234 });
    expect(r).toEqual({ measurement: 'gauge', fields: { value: 3.2e-6, raw: 2.31 }, tags: { room: '12', unit: 'mbar' }, time: 1234 });
    expect(Object.keys(r.fields)[0]).toBe('value');
  });

  it('takes the time now by default and leaves out an empty unit', () => {
    vi.useFakeTimers({ now: 1_700_000_000_123 });
    expect(createReading('x', true)).toEqual({ measurement: 'x', fields: { value: true }, tags: {}, time: 1_700_000_000_123 });
    expect(createReading('x', 'ok', { unit: '' }).tags).toEqual({});
  });

  it('copies the tags it is given', () => {
    const tags = { room: '12' };
    const r = createReading('x', 1, { tags, unit: 'K' });
    expect(tags).toEqual({ room: '12' });
    expect(r.tags).not.toBe(tags);
  });
});

describe('integer', () => {
  it('marks a field value as an integer', () => {
    const i = integer(42);
    expect(i).toBeInstanceOf(IntegerValue);
    expect(i.value).toBe(42);
    expect(String(i)).toBe('42');
    expect(createReading('ups', integer(-3)).fields.value).toEqual(new IntegerValue(-3));
  });

  it.each([1.5, Number.NaN, 2 ** 53])('throws a RangeError for %d', (n) => {
    expect(() => integer(n)).toThrow(RangeError);
  });
});
