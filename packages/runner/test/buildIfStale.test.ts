import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { COUNTING_CONFIG } from './recorded.js';

// `pnpm demo` runs scripts/build-if-stale.mjs: a package is rebuilt only when its build output
// is missing or older than its sources. Checked on a throw-away workspace with --dry-run.
const SCRIPT = join(COUNTING_CONFIG, '..', '..', '..', '..', '..', 'scripts', 'build-if-stale.mjs');
const root = mkdtempSync(join(tmpdir(), 'expmon-stale-'));

const pkg = (name: string, srcAgeS: number, distAgeS: number | undefined): void => {
  const dir = join(root, 'packages', name);
  mkdirSync(join(dir, 'src'), { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `@t/${name}`, scripts: { build: 'tsup' } }));
  writeFileSync(join(dir, 'src', 'index.ts'), 'export {};\n');
  const now = Date.now() / 1000;
  for (const f of [join(dir, 'package.json'), join(dir, 'src', 'index.ts')]) utimesSync(f, now - srcAgeS, now - srcAgeS);
  if (distAgeS !== undefined) {
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist', 'index.js'), '');
    utimesSync(join(dir, 'dist', 'index.js'), now - distAgeS, now - distAgeS);
  }
};

const run = (): { stdout: string; stderr: string; status: number | null } =>
  spawnSync(process.execPath, [SCRIPT, '--root', root, '--dry-run'], { encoding: 'utf8' });

describe('scripts/build-if-stale.mjs', () => {
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('builds nothing when every dist is newer than its sources, and names each stale package and why', () => {
    pkg('fresh', 100, 10);
    expect(run().stderr).toBe('build-if-stale: every package is up to date\n');
    pkg('edited', 10, 100);
    pkg('unbuilt', 100, undefined);
    const res = run();
    expect(res.status).toBe(0);
    const out = res.stderr;
    expect(out).toContain('build-if-stale: @t/edited: packages/edited/');
    expect(out).toContain('build-if-stale: @t/unbuilt: no build output');
    expect(out).not.toContain('@t/fresh');
    expect(res.stdout).toBe(''); // a dry run builds nothing (no pnpm output)
  });
});
