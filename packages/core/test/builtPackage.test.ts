import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as source from '@expmon/core';

// Tests of the package as built (its tsup config: ESM index.js + CJS index.cjs).
//
// Two copies of @expmon/core in one app (say, a driver's own dependency and the runner's)
// are two sets of classes: `instanceof` fails across them, `isInstance()` must not.
// The copies are made fresh into .tmp/ so that the test sees the current sources and never rebuilds dist/
// under other packages' tests, which spawn processes that load it.

type Core = typeof source;
const packageDir = fileURLToPath(new URL('..', import.meta.url));
let outDir: string;
let esm: Core;
let cjs: Core;

beforeAll(async () => {
  mkdirSync(join(packageDir, '.tmp'), { recursive: true });
  outDir = mkdtempSync(join(packageDir, '.tmp', 'copies-'));
  execFileSync(process.execPath, [tsupCli(), '--out-dir', outDir, '--no-dts', '--no-sourcemap', '--silent'], {
    cwd: packageDir,
    stdio: 'pipe',
  });
  esm = (await import(pathToFileURL(join(outDir, 'index.js')).href)) as Core;
  cjs = createRequire(import.meta.url)(join(outDir, 'index.cjs')) as Core;
}, 60_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** The tsup CLI script, as resolved from this package (the .bin entry is a shell shim). */
function tsupCli(): string {
  const require = createRequire(join(packageDir, 'package.json'));
  const manifest = require.resolve('tsup/package.json');
  return join(manifest, '..', (require(manifest) as { bin: { tsup: string } }).bin.tsup);
}

describe('errors across copies of @expmon/core', () => {
  it('loads two distinct copies', () => {
    expect(esm.DeviceError).not.toBe(cjs.DeviceError);
    expect(esm.DeviceError).not.toBe(source.DeviceError);
    expect(new cjs.DeviceError('x')).not.toBeInstanceOf(esm.DeviceError);
  });

  it('recognises an error from the CJS copy in the ESM copy and back', () => {
    const fromCjs = new cjs.DeviceTimeoutError(2000, { sensor: 'ups' });
    const fromEsm = new esm.ConfigError('bad', { field: 'interval' });
    expect(esm.DeviceTimeoutError.isInstance(fromCjs)).toBe(true);
    expect(esm.DeviceError.isInstance(fromCjs)).toBe(true);
    expect(esm.ExpmonError.isInstance(fromCjs)).toBe(true);
    expect(esm.ConfigError.isInstance(fromCjs)).toBe(false);
    expect(cjs.ConfigError.isInstance(fromEsm)).toBe(true);
    expect(cjs.DeviceError.isInstance(fromEsm)).toBe(false);
  });

  it('recognises errors of the built copies in the sources and back', () => {
    expect(source.InvalidReadingError.isInstance(new esm.InvalidReadingError('x'))).toBe(true);
    expect(source.DeviceError.isInstance(new cjs.DeviceError('x'))).toBe(true);
    expect(cjs.DeviceError.isInstance(new source.DeviceError('x'))).toBe(true);
    expect(cjs.DeviceError.isInstance(new source.ConfigError('x'))).toBe(false);
  });
});

describe('loading the built package', () => {
  /** Runs `code` in a fresh Node process with `core` bound to the CJS build; returns its JSON output. */
  function inFreshProcess(code: string): unknown {
    const script = `const core = require(${JSON.stringify(join(outDir, 'index.cjs'))});
const mathjsLoaded = () => Object.keys(require.cache).some((p) => p.includes('/mathjs/'));
${code}`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as unknown;
  }

  it('does not load mathjs until a conversion by unit names is made', () => {
    const result = inFreshProcess(`
const before = mathjsLoaded();
core.createReading('t', 1); core.spikeFilter({ thresholdPercent: 50 }); core.convert((v) => v * 2);
const afterOthers = mathjsLoaded();
const scale = core.unitConversion('mbar', 'Torr').scale;
console.log(JSON.stringify({ before, afterOthers, after: mathjsLoaded(), torr: 1013.25 * scale }));`);
    expect(result).toMatchObject({ before: false, afterOthers: false, after: true });
    expect((result as { torr: number }).torr).toBeCloseTo(760, 9);
  });

  it('converts by unit names from the ESM build too', () => {
    expect(esm.unitConversion('°F', '°C').offset).toBeCloseTo(-160 / 9, 12);
    expect(() => esm.convert('mbar', 'V')).toThrow(esm.ConfigError);
  });
});
