import { describe, expect, it } from 'vitest';
import { ConfigError, SimulatedSource, type PolledSource } from '@expmon/core';
import { validateConfig } from '../src/config/loadConfig.js';

const FILE = '/lab/lab.config.ts';
const src = (name = 't') => new SimulatedSource({ name });
/** A real SimulatedSource that declares how long its driver may take per read (core's SourceTiming). */
const slowDriver = (maxReadMs: number): PolledSource => Object.assign(new SimulatedSource({ name: 'ups', device: 'eaton-ups 127.0.0.1:16161' }), { maxReadMs });
const fail = (config: unknown, overrides = {}): ConfigError => {
  try {
    validateConfig(config, FILE, overrides);
  } catch (e) {
    expect(ConfigError.isInstance(e)).toBe(true);
    return e as ConfigError;
  }
  throw new Error('expected a ConfigError');
};

describe('read timeouts at config load', () => {
  it('defaults to 80 % of each source\'s interval, at most 30 s', () => {
    const c = validateConfig(
      { interval: '2s', sources: [src('a'), { source: src('b'), interval: '200ms' }, { source: src('c'), interval: '10m' }] },
      FILE,
    );
    expect(c.sources.map((s) => s.timeoutMs)).toEqual([1600, 160, 30_000]);
  });

  it('an explicit timeout must be below the interval (a hanging device would cost the next cycle)', () => {
    const e = fail({ interval: '2s', sources: [{ source: src(), timeout: '2s' }] });
    expect(e.message).toBe(
      `${FILE}: sources[0].timeout: 2s is not below the source's interval (2s): a hanging device would also cost the next cycle. ` +
        'Use a timeout below the interval (the default is 80 % of it, 1600ms) or a longer interval',
    );
    expect(validateConfig({ interval: '2s', sources: [{ source: src(), timeout: '1900ms' }] }, FILE).sources[0]!.timeoutMs).toBe(1900);
  });

  it('--interval shortens an explicit timeout that no longer fits instead of failing', () => {
    const c = validateConfig({ interval: '5s', sources: [{ source: src(), timeout: '3s' }] }, FILE, { interval: '1s' });
    expect(c.sources[0]!.timeoutMs).toBe(800);
  });

  it("fails when a driver's own timeouts and retries (maxReadMs) cannot fit in the default read timeout, naming file, field, sensor, device and a fix", () => {
    const e = fail({ interval: '2s', sources: [src('lab'), { source: slowDriver(4000) }] });
    expect(e.message).toBe(
      `${FILE}: sources[1].interval: sensor ups (device eaton-ups 127.0.0.1:16161) can take up to 4s per read with its driver's own timeouts and retries, ` +
        "longer than the default read timeout (1600ms, 80 % of the interval 2s): its own error would never be reported. " +
        "Hint: set sources[1].timeout to at least 4s with an interval above it (e.g. interval '5s'), or lower the driver's timeout or retries",
    );
  });

  it('names the timeout field when an explicit timeout is too short for the driver', () => {
    expect(fail({ interval: '10s', sources: [{ source: slowDriver(4000), timeout: '3s' }] }).message).toMatch(
      /^\/lab\/lab\.config\.ts: sources\[0\]\.timeout: sensor ups .* up to 4s per read .* longer than the read timeout \(3s\)/,
    );
  });

  it('accepts a driver whose maxReadMs fits (equal to the timeout included)', () => {
    expect(validateConfig({ interval: '5s', sources: [slowDriver(4000)] }, FILE).sources[0]!.timeoutMs).toBe(4000);
    expect(validateConfig({ interval: '2s', sources: [{ source: slowDriver(1000), timeout: '1500ms' }] }, FILE).sources[0]!.timeoutMs).toBe(1500);
  });
});

describe('status.healthEvery', () => {
  it('defaults to one minute and takes a duration', () => {
    expect(validateConfig({ sources: [src()] }, FILE).status.healthEveryMs).toBe(60_000);
    expect(validateConfig({ sources: [src()], status: { healthEvery: '10s' } }, FILE).status.healthEveryMs).toBe(10_000);
    expect(fail({ sources: [src()], status: { healthEvery: 'often' } }).message).toMatch(/status\.healthEvery: must be a duration/);
  });
});
