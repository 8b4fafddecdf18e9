import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { AdcTcpSimulator } from '@expmon/driver-arduino/simulator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built package (dist/: build it first) in fresh Node processes: importing the TCP driver
// loads neither serialport nor its native binding, and the TCP driver works where serialport
// is not installed at all (as on a platform whose serialport install failed: it is an optional
// dependency), while a serial source then says what to install.

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** Runs an ES module script in a fresh process (cwd `cwd`, no NODE_PATH); returns its last stdout line as JSON. */
async function runModule(code: string, cwd: string): Promise<Record<string, unknown>> {
  // pnpm's bin shims set NODE_PATH to every hoisted package; a user's process has none.
  const { NODE_PATH: _, ...env } = process.env;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', code], { cwd, env });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

const NATIVE = `process.report.getReport().sharedObjects.filter((f) => f.endsWith('.node'))`;

describe('import of @expmon/driver-arduino (built)', () => {
  it('ESM: loads no native module until a serial source opens its port', async () => {
    const result = await runModule(
      `
const { ArduinoAdc, SerialAdc, SerialportUnavailableError } = await import('@expmon/driver-arduino');
const adc = new ArduinoAdc({ host: '127.0.0.1' });
adc.channel(0, { name: 'x' });
const serial = new SerialAdc({ path: '/dev/expmon-test-no-such-port', readTimeoutMs: 500 });
const afterImport = ${NATIVE};
const error = await serial.sample().then(() => 'read', (e) => e.message);
// The positive control: opening a serial port does load serialport's binding.
console.log(JSON.stringify({ afterImport, afterSerialOpen: ${NATIVE}, error }));`,
      packageDir,
    );
    expect(result.afterImport).toEqual([]);
    expect(result.error).toContain('/dev/expmon-test-no-such-port');
    expect((result.afterSerialOpen as string[]).some((f) => f.includes('bindings-cpp'))).toBe(true);
  });

  it('CJS: require loads neither serialport, its bindings nor any fit library', async () => {
    const result = await runModule(
      `
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(join(packageDir, 'package.json'))});
const driver = require('@expmon/driver-arduino');
const gauge = new driver.Tpg261({ path: '/dev/expmon-test-no-such-tty', name: 'p', timeoutMs: 500 });
const loaded = Object.keys(require.cache);
const before = {
  cjs: loaded.some((p) => p.endsWith('dist/index.cjs')),
  serialport: loaded.filter((p) => /serialport|bindings|node-gyp-build/.test(p)),
  fit: loaded.filter((p) => /ml-/.test(p)),
  native: ${NATIVE},
  exportsFit: 'fitTpg300' in driver,
};
// The control: a read opens the port, which requires serialport from the CJS build.
const error = await gauge.read().then(() => 'read', (e) => e.message);
const after = Object.keys(require.cache).some((p) => /serialport/.test(p));
console.log(JSON.stringify({ before, error, after }));`,
      packageDir,
    );
    expect(result.before).toEqual({ cjs: true, serialport: [], fit: [], native: [], exportsFit: false });
    expect(result.error).toContain('/dev/expmon-test-no-such-tty');
    expect(result.after).toBe(true);
  });
});

describe('without serialport installed', () => {
  let simulator: AdcTcpSimulator;
  let port: number;
  let app: string;
  beforeAll(async () => {
    simulator = new AdcTcpSimulator({ raw: [2048, 0, 4095, 1, 2, 3, 4, 5, 6, 7, 8, 9] });
    ({ port } = await simulator.start());
    // An app folder outside the workspace: the built driver, core and rxjs, and no serialport.
    app = mkdtempSync(join(tmpdir(), 'expmon-arduino-no-serialport-'));
    const modules = join(app, 'node_modules');
    mkdirSync(join(modules, '@expmon', 'driver-arduino'), { recursive: true });
    cpSync(join(packageDir, 'package.json'), join(modules, '@expmon', 'driver-arduino', 'package.json'));
    cpSync(join(packageDir, 'dist'), join(modules, '@expmon', 'driver-arduino', 'dist'), { recursive: true });
    symlinkSync(realpathSync(join(packageDir, 'node_modules', '@expmon', 'core')), join(modules, '@expmon', 'core'));
    symlinkSync(realpathSync(join(packageDir, 'node_modules', 'rxjs')), join(modules, 'rxjs'));
  });
  afterAll(async () => {
    await simulator?.stop();
    if (app) rmSync(app, { recursive: true, force: true });
  });

  it('reads the board over TCP, and a serial source fails with what to install', async () => {
    const result = await runModule(
      `
let serialportResolvable = true;
try { import.meta.resolve('serialport'); } catch { serialportResolvable = false; }
const { ArduinoAdc, SerialAdc, Tpg261, SerialportUnavailableError } = await import('@expmon/driver-arduino');
const adc = new ArduinoAdc({ host: '127.0.0.1', port: ${port} });
const { raw } = await adc.sample();
const failures = [];
const serial = new SerialAdc({ path: '/dev/ttyACM7' });
const gauge = new Tpg261({ path: '/dev/ttyUSB7', name: 'chamber' });
for (const read of [() => serial.sample(), () => gauge.read()]) {
  await read().then(
    () => failures.push('read'),
    (e) => failures.push({ typed: SerialportUnavailableError.isInstance(e), retriable: e.retriable, device: e.device, message: e.message }),
  );
}
console.log(JSON.stringify({ serialportResolvable, raw, failures }));`,
      app,
    );
    expect(result.serialportResolvable).toBe(false);
    expect(result.raw).toEqual([2048, 0, 4095, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const failures = result.failures as Array<{ typed: boolean; retriable: boolean; device: string; message: string }>;
    expect(failures).toHaveLength(2);
    expect(failures.map((f) => f.device)).toEqual(['arduino-adc-serial /dev/ttyACM7', expect.stringContaining('/dev/ttyUSB7')]);
    for (const f of failures) {
      expect(f).toMatchObject({ typed: true, retriable: false });
      expect(f.message).toContain('serial sources need the serialport package, which is not installed: npm i serialport');
    }
  });
});
