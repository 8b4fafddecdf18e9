import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRunner } from '@expmon/test-servers';
import { COUNTING_CONFIG } from './recorded.js';

const fixture = (name: string): string => join(COUNTING_CONFIG, '..', name);

describe('config errors a new user meets', () => {
  it('interval: 5 (a bare number) is refused with the hint to write the unit', async () => {
    const res = await runRunner(['run', fixture('interval-number.config.ts'), '--dry-run', '--cycles', '1']);
    expect(res.code).toBe(2);
    expect(res.stderr).toContain("interval-number.config.ts: interval: must be a duration with its unit: '5s' for 5 seconds, '5ms' for 5 milliseconds");
  });

  it('a bad INFLUX_URL is reported as INFLUX_URL, without echoing its value', async () => {
    const res = await runRunner(['run', COUNTING_CONFIG, '--cycles', '1'], {
      env: { INFLUX_URL: 'localhost:8086-secretpw', INFLUX_DATABASE: 'lab' },
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toContain('INFLUX_URL: must be an http:// or https:// URL such as http://127.0.0.1:8086 (environment variable)');
    expect(res.stderr).not.toContain('secretpw');
  });

  it('--dry-run fails on a missing secret as run would, and names the variable', async () => {
    const res = await runRunner(['run', fixture('missing-secret.config.ts'), '--dry-run', '--cycles', '1'], {
      env: { EXPMON_TEST_UNSET_PASSWORD: undefined },
    });
    expect(res.code).toBe(2);
    expect(res.stderr).toMatch(/missing-secret\.config\.ts: sinks\[0\]\.password: environment variable EXPMON_TEST_UNSET_PASSWORD is not set/);
    expect(res.stdout).toBe('');
  });

  it('--dry-run runs once the secret exists (it is resolved, never printed)', async () => {
    const res = await runRunner(['run', fixture('missing-secret.config.ts'), '--dry-run', '--cycles', '1'], {
      env: { EXPMON_TEST_UNSET_PASSWORD: 'pw-do-not-print' },
    });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout.trim().split('\n')).toEqual([expect.stringMatching(/^lab_temp value=[-\d.]+ \d{13}$/)]);
    expect(res.stdout + res.stderr).not.toContain('pw-do-not-print');
  });
});
