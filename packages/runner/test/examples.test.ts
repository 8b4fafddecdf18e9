import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { collect, RUNNER_CLI } from '@expmon/test-servers';
import { COUNTING_CONFIG } from './recorded.js';

const EXAMPLES = join(COUNTING_CONFIG, '..', '..', '..', '..', '..', 'examples');
const configs = readdirSync(EXAMPLES).filter((f) => f.endsWith('.config.ts')).sort();

// Device addresses and database settings a user might have exported: none may leak in.
const USER_VARIABLES = /^(INFLUX_|PHIDGET_|ARDUINO_|TPG261_|UPS_|CAMERA_)/;

describe('every example runs against its simulators with no environment, contacting only loopback', () => {
  it('finds the examples', () => {
    expect(configs).toEqual(expect.arrayContaining(['arduino.config.ts', 'demo.config.ts', 'phidget.config.ts', 'ups.config.ts']));
  });

  it.each(configs)('check %s passes inside a network namespace that has only loopback', async (config) => {
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !USER_VARIABLES.test(k)));
    // `unshare -n` (root; util-linux) gives the process a network namespace whose only
    // interface is lo (brought up by `ip`, iproute2): any other address is unreachable, so an
    // example that contacted a device or a database elsewhere would fail its check.
    const child = spawn(
      'unshare',
      ['-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, RUNNER_CLI, 'check', '--no-type-check', join(EXAMPLES, config)],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const res = await collect(child, 90_000);
    expect(res.code, `${res.stdout}\n${res.stderr}`).toBe(0);
    const rows = res.stdout.trim().split('\n').slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/\d+ ms$/); // every row a value, no error column
  });

  it('the namespace does isolate: an example given a non-loopback address fails there', async () => {
    // No interface but lo exists in the namespace, so no packet can leave: the connect fails at once.
    const env = { ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !USER_VARIABLES.test(k))), ARDUINO_HOST: '10.0.0.7' };
    const child = spawn(
      'unshare',
      ['-n', 'sh', '-c', 'ip link set lo up && exec "$0" "$@"', process.execPath, RUNNER_CLI, 'check', '--no-type-check', join(EXAMPLES, 'arduino.config.ts')],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    const res = await collect(child, 90_000);
    expect(res.code).toBe(1);
    expect(res.stdout).toMatch(/magnet_supply_voltage\s+\d+ ms\s+\S+.*10\.0\.0\.7/);
  });
});
