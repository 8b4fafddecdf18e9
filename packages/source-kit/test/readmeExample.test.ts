import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { refuseImports } from '@expmon/test-servers';

// Runs the README's example as written against the built package (dist/; `pnpm test` builds
// first), in a child Node process that cannot resolve rxjs (an ESM resolve hook refuses it),
// and compares its output with the one the README shows.
const packageDir = fileURLToPath(new URL('..', import.meta.url));

it("runs the README's example without RxJS and prints the output the README shows", () => {
  const readme = readFileSync(join(packageDir, 'README.md'), 'utf8');
  const blocks = [...readme.matchAll(/```(\w*)\n([\s\S]*?)```/g)];
  const at = blocks.findIndex((m) => m[1] === 'js' && m[2]?.includes('// example.mjs'));
  expect(at).toBeGreaterThanOrEqual(0);
  const example = blocks[at]?.[2] ?? '';
  const shown = blocks[at + 1]?.[2] ?? '';
  // In the package folder, so that '@expmon/source-kit' resolves to this package by its name.
  mkdirSync(join(packageDir, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(packageDir, '.tmp', 'readme-'));
  try {
    writeFileSync(join(dir, 'example.mjs'), example);
    const out = execFileSync(process.execPath, ['--import', refuseImports(dir, ['rxjs']), join(dir, 'example.mjs')], {
      encoding: 'utf8',
    });
    expect(out).toBe(shown);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
