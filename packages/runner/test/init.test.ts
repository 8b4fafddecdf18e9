import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runRunner } from '@expmon/test-servers';
import { COUNTING_CONFIG } from './recorded.js';

// Inside the repository, so that the written config resolves the @expmon packages and
// typescript as it would in a user's project after `npm install`.
const REPO = join(COUNTING_CONFIG, '..', '..', '..', '..', '..');
const base = join(REPO, '.tmp', `init-${process.pid}`);

describe('expmon-runner init', () => {
  afterAll(() => rmSync(base, { recursive: true, force: true }));

  it('writes a starter config and a .env template; check passes on it as written (type check included)', async () => {
    const dir = join(base, 'all');
    const res = await runRunner(['init', '--dir', dir]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^wrote .*lab\.config\.ts and .*\.env \(drivers: phidget, arduino, eaton\)/);
    expect(res.stdout).toContain('npm install @expmon/runner @expmon/core @expmon/driver-phidget @expmon/driver-arduino @expmon/driver-eaton rxjs');
    const env = readFileSync(join(dir, '.env'), 'utf8');
    expect(env).toMatch(/^# PHIDGET_SERVER_HOST=/m);
    expect(env).toMatch(/^# UPS_AUTH_KEY=/m);
    expect(env).toMatch(/^# INFLUX_URL=/m);
    expect(env.split('\n').filter((l) => l !== '' && !l.startsWith('#'))).toEqual([]); // nothing set: simulators
    expect(statSync(join(dir, '.env')).mode & 0o777).toBe(0o600);

    const check = await runRunner(['check', join(dir, 'lab.config.ts')], { cwd: dir, timeoutMs: 90_000 });
    expect(check.code, `${check.stdout}\n${check.stderr}`).toBe(0);
    expect(check.stderr).toMatch(/type check \(typescript [\d.]+\): ok/);
    expect(check.stdout).toMatch(/^cold_head_temp\s+cold_head_temp\s+value\s+294\.6\d*\s+K\s/m); // 21.5 °C → K
    expect(check.stdout).toMatch(/^supply_voltage\s+supply_voltage\s+value\s+1\.63\s+V\s/m);
    expect(check.stdout).toMatch(/^ups\s+ups\s+output_load_percent\s+[\d.]+\s+%\s/m);
  });

  it('--drivers picks the parts; an unknown driver is a one-line usage error', async () => {
    const dir = join(base, 'ups');
    const res = await runRunner(['init', '--drivers', 'ups', '--dir', dir]);
    expect(res.code, res.stderr).toBe(0);
    const config = readFileSync(join(dir, 'lab.config.ts'), 'utf8');
    expect(config).toContain("from '@expmon/driver-eaton'");
    expect(config).not.toContain('driver-phidget');
    expect(config).not.toContain('driver-arduino');
    expect(config).not.toContain('@expmon/core'); // no unused imports: the UPS part needs no operator
    const check = await runRunner(['check', join(dir, 'lab.config.ts')], { cwd: dir });
    expect(check.code, `${check.stdout}\n${check.stderr}`).toBe(0);

    const bad = await runRunner(['init', '--drivers', 'phidget,labjack', '--dir', join(base, 'bad')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe(
      "error: option '--drivers <list>' argument 'phidget,labjack' is invalid. unknown driver 'labjack': choose from phidget, arduino, eaton\n(see 'expmon-runner init --help')\n",
    );
    expect(existsSync(join(base, 'bad'))).toBe(false);
  });

  it('never overwrites an existing config unless --force', async () => {
    const dir = join(base, 'existing');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'lab.config.ts'), '// mine\n');
    const res = await runRunner(['init', '--dir', dir]);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/lab\.config\.ts already exist\(s\); not overwritten \(add --force to replace\)/);
    expect(readFileSync(join(dir, 'lab.config.ts'), 'utf8')).toBe('// mine\n');
    expect(existsSync(join(dir, '.env'))).toBe(false);
    const forced = await runRunner(['init', '--dir', dir, '--force']);
    expect(forced.code).toBe(0);
    expect(readFileSync(join(dir, 'lab.config.ts'), 'utf8')).toContain('defineConfig');
  });

  it('a folder that cannot be created is one line, not a stack trace', async () => {
    mkdirSync(base, { recursive: true });
    const file = join(base, 'a-file');
    writeFileSync(file, '');
    const res = await runRunner(['init', '--dir', join(file, 'sub')]);
    expect(res.code).toBe(1);
    expect(res.stderr).toBe(`expmon-runner: ENOTDIR: not a directory, mkdir '${join(file, 'sub')}'\n`);
  });
});
