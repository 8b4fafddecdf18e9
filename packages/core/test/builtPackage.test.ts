import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, mkdirSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPackageCopy } from '@expmon/test-servers';
import * as source from '@expmon/core';

// Tests of the package as built (its tsup config: ESM index.js + CJS index.cjs): what it loads.
// (Errors across copies are tested in @expmon/source-kit, where the classes live.)
// The copies are made fresh into .tmp/ so that the test sees the current sources and never rebuilds dist/
// under other packages' tests, which spawn processes that load it.

type Core = typeof source;
const packageDir = fileURLToPath(new URL('..', import.meta.url));
let outDir: string;
let esm: Core;
let cjs: Core;

beforeAll(async () => {
  outDir = buildPackageCopy(packageDir);
  esm = (await import(pathToFileURL(join(outDir, 'index.js')).href)) as Core;
  cjs = createRequire(import.meta.url)(join(outDir, 'index.cjs')) as Core;
}, 60_000);

afterAll(() => {
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

/** Runs `code` in a fresh Node process with `core` bound to the CJS build in `dir`; returns its JSON output. */
function inFreshProcess(code: string, dir = outDir): unknown {
  const script = `const core = require(${JSON.stringify(join(dir, 'index.cjs'))});
const mathjsLoaded = () => Object.keys(require.cache).some((p) => p.includes('/mathjs/'));
${code}`;
  // Without the NODE_PATH that pnpm's bin shims set (it points at every hoisted package, mathjs too).
  const { NODE_PATH: _, ...env } = process.env;
  return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: dir, env })) as unknown;
}

describe('loading the built package', () => {

  it('converts the units of its table without loading mathjs', () => {
    const result = inFreshProcess(`
const before = mathjsLoaded();
core.createReading('t', 1); core.spikeFilter({ thresholdPercent: 50 }); core.convert((v) => v * 2);
const torr = 1013.25 * core.unitConversion('mbar', 'Torr').scale;
core.convert('°C', 'K'); core.convert('slm', 'sccm'); core.convert('kΩ', 'Ω');
let refused = '';
try { core.convert('mbar', 'K'); } catch (e) { refused = e.message; }
console.log(JSON.stringify({ before, after: mathjsLoaded(), torr, refused }));`);
    expect(result).toEqual({
      before: false,
      after: false,
      torr: 760,
      refused: 'convert: cannot convert mbar to K: mbar is a pressure, K is a temperature',
    });
  });

  it('loads the optional mathjs, when installed, for units outside its table', () => {
    // mathjs is a devDependency of this package, so it resolves from the copy under packages/core/.tmp.
    const result = inFreshProcess(`
const before = mathjsLoaded();
const ft = core.unitConversion('ft', 'm').scale;
const cmH2O = core.unitConversion('cmH2O', 'mbar').scale;
let unknown = '';
try { core.convert('furlongs', 'm'); } catch (e) { unknown = e.name + ': ' + e.message; }
console.log(JSON.stringify({ before, after: mathjsLoaded(), ft, cmH2O, unknown }));`);
    expect(result).toMatchObject({ before: false, after: true, ft: 0.3048 });
    expect((result as { cmH2O: number }).cmH2O).toBeCloseTo(0.980665, 12);
    expect((result as { unknown: string }).unknown).toMatch(/^ConfigError: convert: cannot convert furlongs to m: .*furlongs/);
  });

  it('says what to install when a unit is outside its table and mathjs is not installed', () => {
    // A copy outside the workspace, with rxjs and @expmon/source-kit beside it and no mathjs
    // anywhere up the tree.
    const bare = mkdtempSync(join(tmpdir(), 'expmon-core-no-mathjs-'));
    try {
      cpSync(outDir, bare, { recursive: true });
      mkdirSync(join(bare, 'node_modules', '@expmon'), { recursive: true });
      symlinkSync(realpathSync(join(packageDir, 'node_modules', 'rxjs')), join(bare, 'node_modules', 'rxjs'));
      symlinkSync(realpathSync(join(packageDir, 'node_modules', '@expmon', 'source-kit')), join(bare, 'node_modules', '@expmon', 'source-kit'));
      const result = inFreshProcess(
        `
let mathjsResolvable = true;
try { require.resolve('mathjs', { paths: [${JSON.stringify(bare)}] }); } catch { mathjsResolvable = false; }
const kelvin = core.unitConversion('°C', 'K').offset;
let error = {};
try { core.convert('ft', 'm'); } catch (e) { error = { name: e.name, config: core.ConfigError.isInstance(e), field: e.field, message: e.message }; }
console.log(JSON.stringify({ mathjsResolvable, kelvin, error }));`,
        bare,
      );
      expect(result).toMatchObject({
        mathjsResolvable: false,
        kelvin: 273.15,
        error: { name: 'ConfigError', config: true, field: 'convert' },
      });
      const message = (result as { error: { message: string } }).error.message;
      expect(message).toContain('cannot convert ft to m: ft and m are not in @expmon/core');
      expect(message).toContain('npm i mathjs');
    } finally {
      rmSync(bare, { recursive: true, force: true });
    }
  });

  it('converts by unit names from the ESM build too', () => {
    expect(esm.unitConversion('°F', '°C').offset).toBeCloseTo(-160 / 9, 12);
    expect(() => esm.convert('mbar', 'V')).toThrow(esm.ConfigError);
  });
});
