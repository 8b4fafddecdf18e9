import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// TypeScript users on the older `moduleResolution: node` (node10) ignore `exports`: the
// `/simulator` sub-path resolves through `typesVersions`. Runs the real tsc against the
// built declarations (dist/, so build first), from a folder inside the workspace so that
// `@expmon/driver-phidget` resolves as an installed package.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
mkdirSync(join(root, '.tmp'), { recursive: true });
const dir = mkdtempSync(join(root, '.tmp', 'node10-driver-phidget-'));

describe('@expmon/driver-phidget types under moduleResolution node10', () => {
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const check = (moduleResolution: string, module: string): string => {
    writeFileSync(
      join(dir, 'check.ts'),
      [
        "import { PhidgetNetworkServerSimulator } from '@expmon/driver-phidget/simulator';",
        "import { PhidgetThermocouple } from '@expmon/driver-phidget';",
        'export const used: unknown[] = [PhidgetNetworkServerSimulator, PhidgetThermocouple];',
      ].join('\n'),
    );
    try {
      execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--skipLibCheck', '--types', 'node', '--target', 'es2022', '--module', module, '--moduleResolution', moduleResolution, 'check.ts'], {
        cwd: dir,
        encoding: 'utf8',
      });
      return '';
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? error);
    }
  };

  it('resolves the package and its /simulator sub-path with node10', () => {
    expect(check('node10', 'commonjs')).toBe('');
  });

  it('and with node16', () => {
    expect(check('node16', 'node16')).toBe('');
  });
});
