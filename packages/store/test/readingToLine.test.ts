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

describe('readingToLine fast path (cached escapes) gives exactly what Point gives', () => {
  it('for names, tags and keys that need escaping, in any order, numbers and booleans, one field or several', async () => {
    const { Point } = await import('@influxdata/influxdb-client');
    const names = ['lab_temp', 'ups status', 'a,b', 'x=y', 'température', 'q"uote', 'back\\slash', 'tab\there'];
    const values = [21, 21.5, -0.25, 1e-7, 1.5e21, 0, true, false];
    let checked = 0;
    for (let i = 0; i < 400; i++) {
      const m = names[i % names.length]!;
      const tags: Record<string, string> = { unit: i % 3 ? '°C' : 'V', [names[(i + 1) % names.length]!]: names[(i + 2) % names.length]!, empty: '' };
      // Every other reading has one field (the one-field path), named as awkwardly as the rest.
      const fields: Record<string, number | boolean> =
        i % 2 === 0
          ? { value: values[i % values.length]!, [names[(i + 3) % names.length]!]: values[(i + 1) % values.length]! }
          : { [names[(i + 3) % names.length]!]: values[(i + 1) % values.length]! };
      const time = 1_764_288_000_000 + i;
      const p = new Point(m);
      for (const [k, v] of Object.entries(tags)) if (v) p.tag(k, v);
      for (const [k, v] of Object.entries(fields)) {
        if (typeof v === 'boolean') p.booleanField(k, v);
        else p.floatField(k, v);
      }
      p.timestamp(String(time));
      expect(readingToLine({ measurement: m, tags, fields, time })).toBe(p.toLineProtocol());
      checked++;
    }
    expect(checked).toBe(400);
  });

  it("for one sensor whose tags change from reading to reading (the last series it wrote is reused only when its tags are the same)", async () => {
    const { Point } = await import('@influxdata/influxdb-client');
    const tagSets: Array<Record<string, string>> = [
      { unit: 'V' },
      { unit: 'V' },
      { unit: 'mV' }, // another value
      { unit: 'mV', room: '12' }, // one tag more
      { unit: 'mV', room: '' }, // an empty tag is no tag
      { room: 'mV' }, // same count, another key
      {},
      { unit: 'V' },
      { room: '12', unit: 'mV' }, // same tags in another order
      { unit: 'mV', room: '12' },
      { constructor: 'x' }, // a key that a plain object would inherit
      { unit: 'V' },
    ];
    const lines: string[] = [];
    for (const [i, tags] of tagSets.entries()) {
      const p = new Point('gauge');
      for (const [k, v] of Object.entries(tags)) if (v) p.tag(k, v);
      p.floatField('value', i).timestamp(String(1000 + i));
      const line = readingToLine({ measurement: 'gauge', tags, fields: { value: i }, time: 1000 + i }, 'same_sensor');
      expect(line).toBe(p.toLineProtocol());
      lines.push(line.split(' ')[0]!);
    }
    expect(lines).toEqual([
      'gauge,unit=V',
      'gauge,unit=V',
      'gauge,unit=mV',
      'gauge,room=12,unit=mV',
      'gauge,unit=mV',
      'gauge,room=mV',
      'gauge',
      'gauge,unit=V',
      'gauge,room=12,unit=mV',
      'gauge,room=12,unit=mV',
      'gauge,constructor=x',
      'gauge,unit=V',
    ]);
  });
});

describe('readingToLine with one measurement written with many tag sets', () => {
  it('gives what Point gives for every reading, by one source (round robin over 20 tag sets, then one set for good) and without a source name', async () => {
    const { Point } = await import('@influxdata/influxdb-client');
    const sequence = [
      ...Array.from({ length: 200 }, (_, i) => ({ unit: 'K', probe: `p${i % 20}` })), // a UPS's phases, 20 probes
      ...Array.from({ length: 30 }, () => ({ unit: 'K', probe: 'p99' })), // then the tags change for good
    ];
    for (const sensor of ['ups_like', undefined]) {
      for (const [i, tags] of sequence.entries()) {
        const p = new Point('temperature');
        for (const [k, v] of Object.entries(tags)) p.tag(k, v);
        p.floatField('value', i).timestamp(String(2000 + i));
        expect(readingToLine({ measurement: 'temperature', tags, fields: { value: i }, time: 2000 + i }, sensor)).toBe(p.toLineProtocol());
      }
    }
  });
});

describe('readingToLine keeps one reading on one line', () => {
  it('writes a newline inside a string field as \\n (names and tags are escaped by Point)', () => {
    const line = readingToLine({ measurement: 'note\nx', fields: { text: 'line one\nline two' }, tags: { who: 'a\nb' }, time: 5 });
    expect(line.split('\n')).toHaveLength(1);
    expect(line).toBe('note\\nx,who=a\\nb text="line one\\nline two" 5');
  });
});
