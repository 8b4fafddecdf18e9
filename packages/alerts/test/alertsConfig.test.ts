import { describe, expect, it } from 'vitest';
import { SimulatedSource } from '@expmon/core';
import { validateConfig } from '@expmon/runner/script';

const source = new SimulatedSource({ name: 'lab_temp', unit: '°C' });
const check = (alerts: unknown) => () => validateConfig({ sources: [source], alerts }, '/lab/lab.config.ts');

describe('alerts config', () => {
  it('resolves durations, the default field, default rate limits and paths next to the config', () => {
    const cfg = validateConfig(
      {
        sources: [source],
        alerts: {
          rules: [
            { name: 'hot', sensor: 'lab_temp', above: 30, for: '2m', hysteresis: 0.5 },
            { name: 'ups', sensor: 'ups', onBatteryFor: '90s' },
          ],
          notify: { email: { host: 'smtps.example.org', secure: 'smtps', user: 'me', password: { env: 'X' }, from: 'a@b.c', to: ['d@e.f'], tls: { ca: 'ca.pem' } } },
          digest: '15m',
        },
      },
      '/lab/lab.config.ts',
    );
    expect(cfg.alerts).toMatchObject({
      rules: [
        { name: 'hot', sensor: 'lab_temp', field: 'value', above: 30, forMs: 120_000, hysteresis: 0.5 },
        { name: 'ups', field: 'value', onBatteryForMs: 90_000, forMs: 0 },
      ],
      perRule: { count: 4, perMs: 3_600_000 },
      global: { count: 12, perMs: 3_600_000 },
      digestMs: 900_000,
      chartSpanMs: 3_600_000,
      email: { tls: { ca: '/lab/ca.pem' } },
    });
    expect(validateConfig({ sources: [source] }, '/lab/x.ts').alerts).toBeUndefined();
  });

  it('refuses rules without a condition, duplicate names, bad ranges and unknown keys, naming the field', () => {
    expect(check({ rules: [{ name: 'a', sensor: 's' }] })).toThrow(/alerts\.rules\[0\]: needs a condition: one of above, below, outside, rate, noDataFor, onBatteryFor, batteryLow/);
    expect(check({ rules: [{ name: 'a', sensor: 's', above: 1 }, { name: 'a', sensor: 't', below: 1 }] })).toThrow(/alerts\.rules\[1\]\.name: duplicate rule name 'a'/);
    expect(check({ rules: [{ name: 'a', sensor: 's', outside: [5, 1] }] })).toThrow(/alerts\.rules\[0\]\.outside: must be \[low, high\]/);
    expect(check({ rules: [{ name: 'a', sensor: 's', above: 1, fro: '1m' }] })).toThrow(/alerts\.rules\[0\]: Unrecognized key.*fro/);
    expect(check({ rules: [{ name: 'a', sensor: 's', noDataFor: 'soon' }] })).toThrow(/alerts\.rules\[0\]\.noDataFor: must be a duration/);
    // A bare number is ambiguous (5 s or 5 ms?): refused with the unit hint, as the runner's interval is.
    expect(check({ rules: [{ name: 'a', sensor: 's', above: 1, for: 5 }] })).toThrow(/alerts\.rules\[0\]\.for: must be a duration with its unit: '5s' for 5 seconds/);
    expect(check({ rules: [], rateLimit: { global: { count: 0, per: '1h' } } })).toThrow(/alerts\.rateLimit\.global\.count/);
  });

  it('an SMTP password or webhook token written in the config is refused and not echoed', () => {
    const email = { host: 'h', secure: 'smtps', user: 'u', password: 'hunter2-literal', from: 'a@b.c', to: ['d@e.f'] };
    let message = '';
    try {
      check({ rules: [], notify: { email } })();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toMatch(/alerts\.notify\.email\.password: must be \{ env: 'VARIABLE' \} or \{ file: '\/path' \}/);
    expect(message).not.toContain('hunter2-literal');
    expect(check({ rules: [], notify: { webhook: { url: 'ftp://x' } } })).toThrow(/alerts\.notify\.webhook\.url: must be an http/);
    expect(check({ rules: [], notify: { email: { ...email, password: { env: 'P' }, secure: 'ssl' } } })).toThrow(/alerts\.notify\.email\.secure/);
  });
});
