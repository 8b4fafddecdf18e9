import { describe, expect, it } from 'vitest';
import { integer, InvalidReadingError } from '@expmon/core';
import { readingToLine } from '../src/readingToLine.js';

describe('readingToLine (line protocol through @influxdata/influxdb-client Point)', () => {
  it('writes the default schema with a millisecond timestamp; whole numbers stay floats', () => {
    expect(readingToLine({ measurement: 'lab_temp', fields: { value: 21 }, tags: { unit: '°C' }, time: 1764288000123 })).toBe(
      'lab_temp,unit=°C value=21 1764288000123',
    );
  });

  it('escapes names, tags and strings, and writes integers and booleans', () => {
    const line = readingToLine({
      measurement: 'ups status',
      fields: { value: 1.5, on_battery: true, status: 'on "mains"', code: integer(2) },
      tags: { unit: '%', room: 'B 12,west' },
      time: 1,
    });
    expect(line).toBe('ups\\ status,room=B\\ 12\\,west,unit=% code=2i,on_battery=T,status="on \\"mains\\"",value=1.5 1');
  });

  it('refuses garbage with an error naming the sensor', () => {
    const r = { measurement: 'm', fields: { value: Number.NaN }, tags: {}, time: 1 };
    expect(() => readingToLine(r, 'gauge')).toThrow(InvalidReadingError);
    expect(() => readingToLine(r, 'gauge')).toThrow(/sensor gauge: field value is NaN/);
    expect(() => readingToLine({ measurement: 'm', fields: {}, tags: {}, time: 1 })).toThrow(/no fields/);
    expect(() => readingToLine({ measurement: 'm', fields: { value: 1 }, tags: {}, time: Number.NaN })).toThrow(/invalid time/);
  });
});
