import { describe, expect, it } from 'vitest';
import { destinationId } from '../src/destinationId.js';
import { redactUrl } from '../src/redactUrl.js';
import { FileSink } from '../src/sinks/FileSink.js';
import { InfluxV1Sink } from '../src/sinks/InfluxV1Sink.js';
import { InfluxV2Sink } from '../src/sinks/InfluxV2Sink.js';

describe('destinationId', () => {
  it('differs by URL, database and retention policy, org and bucket; is stable; ignores credentials', () => {
    const v1 = (url: string, database = 'lab', retentionPolicy?: string, password?: string) =>
      destinationId(new InfluxV1Sink({ url, database, retentionPolicy, username: password ? 'u' : undefined, password }));
    const a = v1('http://127.0.0.1:8086');
    expect(a).toMatch(/^influx-v1-[0-9a-f]{12}$/);
    expect(v1('http://127.0.0.1:8086')).toBe(a);
    expect(v1('http://127.0.0.1:8086/')).toBe(a);
    expect(v1('http://127.0.0.1:8087')).not.toBe(a);
    expect(v1('http://127.0.0.1:8086', 'lab2')).not.toBe(a);
    expect(v1('http://127.0.0.1:8086', 'lab', 'autogen')).not.toBe(a);
    expect(v1('http://127.0.0.1:8086', 'lab', undefined, 'SECRET')).toBe(a);
    expect(v1('http://admin:SECRET@127.0.0.1:8086')).toBe(a);
    const v2 = (org: string, bucket: string) => destinationId(new InfluxV2Sink({ url: 'http://127.0.0.1:8428', org, bucket, token: 'T0KEN' }));
    expect(v2('lab', 'b')).toMatch(/^influx-v2-/);
    expect(v2('lab', 'b')).not.toBe(v2('lab', 'c'));
    expect(v2('lab', 'b')).not.toBe(v2('lab2', 'b'));
    expect(destinationId(new FileSink({ dir: '/tmp/a' }))).not.toBe(destinationId(new FileSink({ dir: '/tmp/b' })));
  });
});

describe('credentials never appear in descriptions', () => {
  it('redacts the password of a URL and tokens in the query', () => {
    expect(redactUrl('http://admin:SECRET@127.0.0.1:8086')).toBe('http://admin:***@127.0.0.1:8086');
    expect(redactUrl('http://127.0.0.1:8086/write?db=x&p=SECRET')).toBe('http://127.0.0.1:8086/write?db=x&p=***');
    expect(redactUrl('not a url admin:SECRET@host')).not.toContain('SECRET');
    const sink = new InfluxV1Sink({ url: 'http://admin:SECRET@127.0.0.1:8086', database: 'lab' });
    expect(sink.description).toBe('influx-v1 http://admin:***@127.0.0.1:8086 db=lab');
    expect(sink.destination).not.toContain('SECRET');
    expect(sink.redact('error: SECRET is wrong')).toBe('error: *** is wrong');
    const v2 = new InfluxV2Sink({ url: 'http://127.0.0.1:8428', org: 'o', bucket: 'b', token: 'T0KEN' });
    expect(v2.description).not.toContain('T0KEN');
    expect(v2.redact('bad token T0KEN')).toBe('bad token ***');
  });
});
