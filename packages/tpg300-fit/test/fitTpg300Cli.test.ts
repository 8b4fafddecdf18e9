import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// The built CLI (dist/), as `npx expmon-fit-tpg300` runs it: build this package first.
const CLI = fileURLToPath(new URL('../dist/fitTpg300Cli.js', import.meta.url));
const MANIFEST = fileURLToPath(new URL('../package.json', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function run(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [CLI, ...args]);
    return { code: 0, stdout, stderr };
  } catch (e) {
    const { code, stdout, stderr } = e as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

describe('expmon-fit-tpg300', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'expmon-fit-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('prints the fit, the residuals and the valid range', async () => {
    const csv = join(dir, 'pairs.csv');
    const volts = [0.5, 0.9, 1.3, 1.7, 2.1, 2.5, 2.9, 3.2];
    await writeFile(csv, `pressure,volts\n${volts.map((v) => `${10 ** (1.6667 * v - 6.5)},${v}`).join('\n')}\n`);
    const res = await run(csv);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^b = 1\.666\d*/m);
    expect(res.stdout).toMatch(/^c = 6\.5\d*|^c = 6\.4999\d*/m);
    expect(res.stdout).toMatch(/valid range: 0\.5 \.\. 3\.2 V/);
    expect(res.stdout.match(/^\d\.\d{4} .* %$/gm)?.length).toBe(8);
  });

  it('--version prints the package name and version', async () => {
    const { name, version } = JSON.parse(await readFile(MANIFEST, 'utf8')) as { name: string; version: string };
    for (const flag of ['--version', '-V']) {
      const res = await run(flag);
      expect(res).toEqual({ code: 0, stdout: `${name} ${version}\n`, stderr: '' });
    }
  });

  it('exits 1 naming the problem for a missing file, 2 for no file or an unknown option', async () => {
    const missing = await run(join(dir, 'missing.csv'));
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^expmon-fit-tpg300: .*missing\.csv/);
    const none = await run();
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('usage: expmon-fit-tpg300 PAIRS.csv');
    const unknown = await run('--frobnicate', 'x.csv');
    expect(unknown).toMatchObject({ code: 2, stderr: 'expmon-fit-tpg300: unknown option --frobnicate (try --help)\n' });
  });

  it('takes --a, also a value that starts with a digit after --a', async () => {
    const csv = join(dir, 'pairs-a.csv');
    const volts = [0.5, 1.3, 2.1, 2.9];
    await writeFile(csv, volts.map((v) => `${2 * 10 ** (1.5 * v - 6)},${v}`).join('\n'));
    const res = await run('--a', '2', csv);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/^a = 2 {2}\(held fixed\)$/m);
    const bad = await run('--a', '-1', csv);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('fitTpg300.a: must be a positive number');
  });
});
