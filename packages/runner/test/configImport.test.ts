import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { RUNNER_CLI } from '@expmon/test-servers';

// What a config's `import { defineConfig } from '@expmon/runner'` costs: the built package is
// imported by a fresh Node process whose module loader records every file it loads
// (fixtures/recordLoads.mjs); the test then names the packages among them.

const RUNNER_DIR = fileURLToPath(new URL('..', import.meta.url));
const RECORDER = fileURLToPath(new URL('./fixtures/recordLoads.mjs', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'expmon-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEAVY = ['zod', 'pino', 'pino-pretty', 'commander', 'nodemailer', 'pureimage', 'prom-client', 'esbuild', 'yaml', '@influxdata/influxdb-client'];

let runs = 0;
/** Runs node with the recorder; returns the packages loaded (npm names, `@expmon/x` for the workspace's). */
function loadedBy(args: string[]): { packages: Set<string>; files: string[]; status: number | null; stderr: string } {
  const log = join(dir, `loads-${++runs}.txt`);
  writeFileSync(log, '');
  const r = spawnSync(process.execPath, ['--import', RECORDER, ...args], {
    cwd: RUNNER_DIR,
    env: { ...process.env, EXPMON_LOAD_LOG: log },
    encoding: 'utf8',
    timeout: 60_000,
  });
  const files = readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('file:')).map((u) => fileURLToPath(u));
  const packages = new Set<string>();
  for (const f of files) {
    const npm = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(f);
    if (npm) packages.add(npm[1]!);
    const ws = /\/packages\/([^/]+)\/dist\//.exec(f);
    if (ws) packages.add(`@expmon/${ws[1]}`);
  }
  return { packages, files, status: r.status, stderr: r.stderr };
}

describe("a config's import of @expmon/runner", () => {
  it('import { defineConfig } loads the runner’s own small index and no other package', () => {
    const r = loadedBy(['--input-type=module', '-e', "const { defineConfig } = await import('@expmon/runner'); if (typeof defineConfig !== 'function') process.exit(3);"]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect([...r.packages]).toEqual(['@expmon/runner']);
    for (const heavy of HEAVY) expect(r.packages.has(heavy), heavy).toBe(false);
    // The index and the one chunk it shares (parseDuration), nothing of the CLI or the store.
    expect(r.files.length).toBeLessThanOrEqual(3);
  });

  it('@expmon/runner/script loads what running a config needs, but neither alerts nor Grafana nor the CLI', () => {
    const r = loadedBy(['--input-type=module', '-e', "const { loadConfig, Runner } = await import('@expmon/runner/script'); if (typeof loadConfig !== 'function' || typeof Runner !== 'function') process.exit(3);"]);
    expect(r.status).toBe(0);
    // The recorder sees these (so the test above would see them too).
    expect(r.packages.has('zod')).toBe(true);
    expect(r.packages.has('pino')).toBe(true);
    for (const absent of ['commander', 'nodemailer', 'pureimage', 'prom-client', 'yaml', '@expmon/grafana']) expect(r.packages.has(absent), absent).toBe(false);
    // Only the light `@expmon/alerts/config` entry (the schema of the `alerts` key).
    expect(r.files.some((f) => f.endsWith('/packages/alerts/dist/config.js'))).toBe(true);
    expect(r.files.some((f) => f.endsWith('/packages/alerts/dist/index.js'))).toBe(false);
  });

  it('the CLI running a config without alerts loads neither @expmon/alerts’ engine nor @expmon/grafana', () => {
    const r = loadedBy([RUNNER_CLI, 'run', fileURLToPath(new URL('./fixtures/plain.config.mjs', import.meta.url)), '--cycles', '1', '--dry-run', '--interval', '50ms']);
    expect(r.status).toBe(0);
    expect(r.packages.has('commander')).toBe(true);
    for (const absent of ['nodemailer', 'pureimage', 'yaml', 'prom-client', '@expmon/grafana', 'esbuild']) expect(r.packages.has(absent), absent).toBe(false);
    expect(r.files.some((f) => /\/packages\/alerts\/dist\/index\.js$/.test(f))).toBe(false);
  });
});
