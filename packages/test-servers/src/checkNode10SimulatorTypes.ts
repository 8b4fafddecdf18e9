import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/** What {@link checkNode10SimulatorTypes} imports: one export of the package, one of its `/simulator` sub-path. */
export interface Node10SimulatorNames {
  /** An export of `<package>/simulator`, such as `AdcTcpSimulator`. */
  simulator: string;
  /** An export of the package's main entry, such as `ArduinoAdc`. */
  main: string;
}

/**
 * Declares a vitest suite checking that a driver's types resolve for TypeScript users on the
 * older `moduleResolution: node` (node10), which ignores `exports`: the `/simulator` sub-path
 * resolves through `typesVersions`. Runs the real tsc against the built declarations (dist/,
 * so build first), from a folder inside the workspace so that the package resolves as an
 * installed package; checks node16 too.
 *
 * @example
 * // packages/driver-arduino/test/node10Types.test.ts
 * checkNode10SimulatorTypes('@expmon/driver-arduino', { simulator: 'AdcTcpSimulator', main: 'ArduinoAdc' });
 */
export function checkNode10SimulatorTypes(packageName: string, names: Node10SimulatorNames): void {
  const root = fileURLToPath(new URL('../../../', import.meta.url));
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  mkdirSync(join(root, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(root, '.tmp', `node10-${packageName.replace(/^@expmon\//, '')}-`));

  describe(`${packageName} types under moduleResolution node10`, () => {
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const check = (moduleResolution: string, module: string): string => {
      writeFileSync(
        join(dir, 'check.ts'),
        [
          `import { ${names.simulator} } from '${packageName}/simulator';`,
          `import { ${names.main} } from '${packageName}';`,
          `export const used: unknown[] = [${names.simulator}, ${names.main}];`,
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
}
