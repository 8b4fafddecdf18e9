// The UPS driver has no stream of its own, so it must work where RxJS is not installed
// (`npm i @expmon/driver-eaton` alone installs no rxjs). This runs the built package
// (dist/, made by `pnpm build`; `pnpm test` builds first) in a child Node process whose
// module resolution refuses rxjs (an ESM resolve hook), and checks the CommonJS build by
// what it put in require.cache.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { UPS_MIB } from '@expmon/driver-eaton';
import { refuseImports } from '@expmon/test-servers';

const DIST = fileURLToPath(new URL('../dist/', import.meta.url));
let dir: string;
let refuseRxjs: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'expmon-eaton-no-rxjs-'));
  refuseRxjs = refuseImports(dir, ['rxjs']);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

it('reads a UPS and reports its problems with rxjs unresolvable (ESM), and loads no rxjs (CJS)', () => {
  const script = `
import { createRequire } from 'node:module';
const { SnmpUps, SnmpValueTypeError } = await import(${JSON.stringify(`${DIST}index.js`)});
const { UpsSimulator } = await import(${JSON.stringify(`${DIST}simulator.js`)});
const sim = await UpsSimulator.start();
sim.answerWrongTypes(['upsBatteryTemperature']);
const ups = new SnmpUps({ host: sim.host, port: sim.port, timeoutMs: 1000 });
const problems = [];
const sub = ups.problems.subscribe((p) => problems.push(SnmpValueTypeError.isInstance(p) ? p.oid : p.message));
const [reading] = await ups.read();
sub.unsubscribe();
await ups.close(); await sim.stop();
// The hook does refuse rxjs in this process: core's root entry (its operators) cannot load.
let coreRoot = 'loaded';
try { await import('@expmon/core'); } catch (e) { coreRoot = e.code; }
const require = createRequire(${JSON.stringify(`${DIST}index.cjs`)});
const cjs = require(${JSON.stringify(`${DIST}index.cjs`)});
const rxjsInCjs = Object.keys(require.cache).filter((p) => p.includes('/rxjs/')).length;
console.log(JSON.stringify({ fields: reading.fields, problems, coreRoot, cjsSnmpUps: typeof cjs.SnmpUps, rxjsInCjs }));
`;
  const out = execFileSync(process.execPath, ['--import', refuseRxjs, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    cwd: DIST,
  });
  const result = JSON.parse(out) as { fields: Record<string, unknown>; problems: string[]; coreRoot: string; cjsSnmpUps: string; rxjsInCjs: number };
  expect(result.fields).toMatchObject({ battery_charge_percent: 100, output_source: 'normal', on_battery: false });
  expect(result.fields).not.toHaveProperty('battery_temperature_celsius');
  expect(result.problems).toEqual([UPS_MIB.upsBatteryTemperature]);
  expect(result.coreRoot).toBe('ERR_MODULE_NOT_FOUND');
  expect(result.cjsSnmpUps).toBe('function');
  expect(result.rxjsInCjs).toBe(0);
});

it("runs the README's script without RxJS as written, with rxjs unresolvable", () => {
  const readme = readFileSync(fileURLToPath(new URL('../README.md', import.meta.url)), 'utf8');
  const snippet = [...readme.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1] ?? '').find((b) => b.includes('read-ups.mjs'));
  expect(snippet).toBeDefined();
  // In the package folder, so that '@expmon/driver-eaton' resolves to this package's dist/ by its name.
  const tmp = fileURLToPath(new URL('../.tmp/', import.meta.url));
  mkdirSync(tmp, { recursive: true });
  const file = join(mkdtempSync(join(tmp, 'readme-')), 'read-ups.mjs');
  writeFileSync(file, snippet as string);
  try {
    const out = execFileSync(process.execPath, ['--import', refuseRxjs, file], { encoding: 'utf8' });
    expect(out.trim().split('\n')).toEqual(['100 normal', '100 normal', '100 normal']);
  } finally {
    rmSync(join(file, '..'), { recursive: true, force: true });
  }
});
