import { describe, expect, it } from 'vitest';
import { ConfigError, SimulatedSource, spikeFilter } from '@expmon/core';
import { validateConfig } from '../src/config/loadConfig.js';
import { resolveSinks } from '../src/config/resolveSinks.js';

const src = (name = 't') => new SimulatedSource({ name });
const fail = (config: unknown): ConfigError => {
  try {
    validateConfig(config, '/lab/lab.config.ts');
  } catch (e) {
    expect(ConfigError.isInstance(e)).toBe(true);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('config validation', () => {
  it('fills in defaults', () => {
    const c = validateConfig({ sources: [src()] }, '/lab/lab.config.ts');
    expect(c.intervalMs).toBe(5000);
    expect(c.sources[0]).toMatchObject({ intervalMs: 5000, timeoutMs: 4000, operators: [] });
    expect(c.dataDir).toBe('/lab/expmon-data');
  });

  it('names the file and the field of each problem', () => {
    expect(fail({ sources: [src()], interval: 'soon' }).message).toBe(
      "/lab/lab.config.ts: interval: must be a duration such as '5s', '200ms' or '1m'",
    );
    // A bare number is ambiguous (it meant milliseconds, silently): refused with both readings as the hint.
    expect(fail({ sources: [src()], interval: 5 }).message).toBe(
      "/lab/lab.config.ts: interval: must be a duration with its unit: '5s' for 5 seconds, '5ms' for 5 milliseconds (a bare number is not accepted)",
    );
    expect(fail({ sources: [{ source: src(), timeout: 2000 }] }).message).toMatch(/sources\[0\]\.timeout: must be a duration with its unit: '2000s'/);
    expect(fail({ sources: [src(), { source: {} }] }).message).toMatch(/sources\[1\]\.source: must be a Source/);
    expect(fail({ sources: [{ source: src(), operators: [42] }] }).message).toMatch(/sources\[0\]\.operators\[0\]: must be an RxJS operator/);
    expect(fail({ sources: [src('a'), src('a')] }).message).toMatch(/sources\[1\]\.source\.name: duplicate source name 'a' \(also sources\[0\]\)/);
    expect(fail({ sources: [] }).message).toMatch(/sources: must list at least one source/);
    expect(fail({ sources: [src()], intervall: '5s' }).message).toMatch(/intervall|Unrecognized key/);
    expect(fail({ sources: [src()], sinks: [{ type: 'influx-v1', url: 'localhost:8086', database: 'lab' }] }).message).toMatch(
      /sinks\[0\]\.url: must be an http/,
    );
    expect(fail(undefined).message).toMatch(/no default export/);
  });

  it('accepts sources with operators and per-source intervals', () => {
    const c = validateConfig(
      { interval: '1s', sources: [{ source: src(), operators: [spikeFilter({ thresholdPercent: 10 })], interval: '10s', timeout: '2s' }] },
      '/x.config.ts',
    );
    expect(c.sources[0]).toMatchObject({ intervalMs: 10_000, timeoutMs: 2000 });
  });

  it('--interval and --data-dir override the file', () => {
    const c = validateConfig({ interval: '1m', sources: [{ source: src(), interval: '10s' }] }, '/x.config.ts', {
      interval: '200ms',
      dataDir: '/tmp/d',
    });
    expect(c.intervalMs).toBe(200);
    expect(c.sources[0]!.intervalMs).toBe(200);
    expect(c.dataDir).toBe('/tmp/d');
  });

  it('sinks come from INFLUX_* environment variables when set, else from the config, else files', () => {
    const c = validateConfig({ sources: [src()], sinks: [{ type: 'influx-v1', url: 'http://db:8086', database: 'lab' }] }, '/x.config.ts');
    expect(resolveSinks(c, {}).map((s) => s.sink.description)).toEqual(['influx-v1 http://db:8086 db=lab']);
    expect(resolveSinks(c, { INFLUX_URL: 'http://v2:8086', INFLUX_ORG: 'o', INFLUX_BUCKET: 'b', INFLUX_TOKEN: 't' })[0]!.sink.id).toBe('influx-v2');
    expect(resolveSinks(c, { INFLUX_URL: 'http://v1:8086', INFLUX_DATABASE: 'd' })[0]!.sink.description).toBe('influx-v1 http://v1:8086 db=d');
    const none = validateConfig({ sources: [src()] }, '/x.config.ts');
    expect(resolveSinks(none, {})[0]!.sink.description).toBe('file /expmon-data/lp');
    expect(() => resolveSinks(none, { INFLUX_URL: 'http://x' })).toThrow(/INFLUX_DATABASE/);
  });

  it('secrets come from the environment or a file, and a missing one names the field but not the value', () => {
    const c = validateConfig(
      { sources: [src()], sinks: [{ type: 'influx-v2', url: 'http://db', org: 'o', bucket: 'b', token: { env: 'EXPMON_TEST_TOKEN' } }] },
      '/x.config.ts',
    );
    expect(() => resolveSinks(c, {})).toThrow(/sinks\[0\]\.token: environment variable EXPMON_TEST_TOKEN is not set/);
  });
});
