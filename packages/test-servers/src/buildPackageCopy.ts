import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/**
 * Builds the package in `packageDir` with its own tsup config into a fresh folder under its
 * `.tmp/` (no declarations, no source maps) and returns that folder. Tests of a package as
 * built use it, so that they see the current sources and never rebuild `dist/` under other
 * packages' tests, which spawn processes that load it. The caller removes the folder.
 */
export function buildPackageCopy(packageDir: string): string {
  mkdirSync(join(packageDir, '.tmp'), { recursive: true });
  const outDir = mkdtempSync(join(packageDir, '.tmp', 'copies-'));
  execFileSync(process.execPath, [tsupCli(packageDir), '--out-dir', outDir, '--no-dts', '--no-sourcemap', '--silent'], {
    cwd: packageDir,
    stdio: 'pipe',
  });
  return outDir;
}

/** The tsup CLI script, as resolved from the package (the .bin entry is a shell shim). */
function tsupCli(packageDir: string): string {
  const require = createRequire(join(packageDir, 'package.json'));
  const manifest = require.resolve('tsup/package.json');
  return join(manifest, '..', (require(manifest) as { bin: { tsup: string } }).bin.tsup);
}
