import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackageCopy } from '@expmon/test-servers';
import * as source from '@expmon/source-kit';

// Tests of the package as built (its tsup config: ESM index.js + CJS index.cjs).
//
// Two copies of @expmon/source-kit in one app (say, a driver's own dependency and core's)
// are two sets of classes: `instanceof` fails across them, `isInstance()` must not.
// The copies are made fresh into .tmp/ so that the test sees the current sources and never rebuilds dist/
// under other packages' tests, which spawn processes that load it.

type Kit = typeof source;
const packageDir = fileURLToPath(new URL('..', import.meta.url));
let outDir: string;
let esm: Kit;
let cjs: Kit;

beforeAll(async () => {
  outDir = buildPackageCopy(packageDir);
  esm = (await import(pathToFileURL(join(outDir, 'index.js')).href)) as Kit;
  cjs = createRequire(import.meta.url)(join(outDir, 'index.cjs')) as Kit;
}, 60_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

describe('errors across copies of @expmon/source-kit', () => {
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

describe('without RxJS', () => {
  it('loads and works where rxjs cannot be resolved (ESM and CJS)', () => {
    // A copy outside the workspace with nothing beside it: no rxjs anywhere up the tree.
    const bare = mkdtempSync(join(tmpdir(), 'expmon-source-kit-no-rxjs-'));
    try {
      cpSync(outDir, bare, { recursive: true });
      const { NODE_PATH: _, ...env } = process.env;
      const esmScript = `
const kit = await import(${JSON.stringify(pathToFileURL(join(bare, 'index.js')).href)});
const seen = [];
const subject = new kit.ProblemSubject();
subject.subscribe((p) => seen.push(p.name + ': ' + p.message));
subject.next(new kit.DeviceTimeoutError(800, { sensor: 'ups', device: 'snmp 127.0.0.1:161' }));
const reading = kit.createReading('ups_load', 12, { unit: '%' });
let rxjs = 'resolvable';
try { await import('rxjs'); } catch (e) { rxjs = e.code; }
console.log(JSON.stringify({ seen, measurement: reading.measurement, rxjs }));`;
      const esmResult = JSON.parse(
        execFileSync(process.execPath, ['--input-type=module', '-e', esmScript], { encoding: 'utf8', cwd: bare, env }),
      ) as unknown;
      expect(esmResult).toEqual({
        seen: [expect.stringMatching(/^DeviceTimeoutError: .*800/)],
        measurement: 'ups_load',
        rxjs: 'ERR_MODULE_NOT_FOUND',
      });
      const cjsScript = `
const kit = require(${JSON.stringify(join(bare, 'index.cjs'))});
const rxjsLoaded = Object.keys(require.cache).some((p) => p.includes('/rxjs/'));
console.log(JSON.stringify({ config: kit.ConfigError.isInstance(new kit.ConfigError('x')), backoff: typeof kit.Backoff, rxjsLoaded }));`;
      const cjsResult = JSON.parse(execFileSync(process.execPath, ['-e', cjsScript], { encoding: 'utf8', cwd: bare, env })) as unknown;
      expect(cjsResult).toEqual({ config: true, backoff: 'function', rxjsLoaded: false });
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });
});
