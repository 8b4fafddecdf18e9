import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runRunner } from '@expmon/test-servers';
import { COUNTING_CONFIG } from './recorded.js';

const fixture = (name: string): string => join(COUNTING_CONFIG, '..', name);
const REPO = join(COUNTING_CONFIG, '..', '..', '..', '..', '..');

const rowOf = (stdout: string, sensor: string, field = ''): string | undefined =>
  stdout.split('\n').find((l) => l.startsWith(`${sensor} `) && (field === '' || l.includes(` ${field} `)));

describe('expmon-runner check', () => {
  it('waits per push source, prints every field with its unit, and says why a reading was dropped', async () => {
    const res = await runRunner(['check', '--no-type-check', fixture('check-timing.config.ts')]);
    expect(res.code).toBe(1); // three sources gave nothing
    const out = res.stdout;
    expect(out.split('\n')[0]).toMatch(/^sensor\s+measurement\s+field\s+value\s+unit\s+latency\s+error$/);

    // Its own firstReadingWithinMs (12 s) lets the slow source's 6.5 s first reading in.
    expect(rowOf(out, 'slow_but_hinted')).toMatch(/^slow_but_hinted\s+slow_but_hinted\s+value\s+4\.2\s+K\s+\d+ ms$/);
    // Without the hint, today's rule: its read timeout (2 s interval), at least 5 s. Not rxjs's bare TimeoutError.
    const unhinted = rowOf(out, 'slow_unhinted')!;
    expect(unhinted).toMatch(/no reading within 5000 ms \(its read timeout, at least 5 s\)$/);
    expect(out).not.toContain('Timeout has occurred');

    // The reason run logs, from the source's problems.
    expect(rowOf(out, 'open_thermocouple')).toMatch(
      /no reading within 1500 ms \(the source's own firstReadingWithinMs\); the source reported: InvalidReadingError: .*thermocouple open circuit \(value out of range\)$/,
    );

    // Every field of a multi-field reading, with names and units; the NaN field dropped and said so.
    expect(rowOf(out, 'ups', 'output_load_percent')).toMatch(/^ups\s+ups\s+output_load_percent\s+28\s+%\s+\d+ ms\s+ups\.battery_voltage_volts = NaN: garbage value dropped/);
    expect(rowOf(out, 'ups', 'runtime_remaining_minutes')).toMatch(/^ups\s+ups\s+runtime_remaining_minutes\s+41\s+min\s+\d+ ms$/);
    expect(out).not.toMatch(/battery_voltage_volts\s+NaN/);
    expect(out.split('\n').filter((l) => l.startsWith('ups '))).toHaveLength(2);

    // A reading with only garbage: nothing stored, and why.
    expect(rowOf(out, 'floating_pin')).toMatch(/no reading: floating_pin\.value = NaN: garbage value dropped \(not a finite number\)$/);
  });

  it('type-checks the config: a typo in an option is reported with file:line:column', async () => {
    // Inside the repository so that the config resolves typescript and the @expmon packages.
    const dir = join(REPO, '.tmp', `check-typo-${process.pid}`);
    mkdirSync(dir, { recursive: true });
    const file = join(dir, 'typo.config.ts');
    writeFileSync(
      file,
      [
        "import { SimulatedSource } from '@expmon/core';",
        "import { defineConfig } from '@expmon/runner';",
        'export default defineConfig({',
        "  sources: [new SimulatedSource({ name: 'lab_temp', unti: 'K' })],",
        '});',
        '',
      ].join('\n'),
    );
    const res = await runRunner(['check', file], { cwd: dir });
    expect(res.code).toBe(1); // the source reads fine; the type error fails the check
    expect(res.stderr).toMatch(/type check \(typescript \d+\.\d+\.\d+\): 1 error\(s\)\ntypo\.config\.ts:4:53: error TS2353: .*'unti' does not exist/);
    expect(rowOf(res.stdout, 'lab_temp')).toMatch(/^lab_temp\s+lab_temp\s+value\s+/);
  });

  it('says when typescript is not installed next to the config, and still reads', async () => {
    // /tmp has no node_modules: typescript cannot be resolved there. A plain JS config needs no packages.
    const { mkdtempSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const dir = mkdtempSync(join(tmpdir(), 'expmon-check-nots-'));
    const file = join(dir, 'lab.config.ts');
    writeFileSync(
      file,
      "export default { sources: [{ kind: 'polled', name: 'const', device: 'none', read: async () => [{ measurement: 'const', fields: { value: 1 }, tags: { unit: 'V' }, time: Date.now() }] }] };\n",
    );
    const res = await runRunner(['check', file], { cwd: dir });
    expect(res.code, res.stderr).toBe(0);
    expect(res.stderr).toContain('type check skipped: typescript is not installed next to the config (npm install -D typescript @types/node to type-check it)');
    expect(rowOf(res.stdout, 'const')).toMatch(/^const\s+const\s+value\s+1\s+V/);
  });
});
