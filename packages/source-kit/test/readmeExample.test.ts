import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { expect, it } from 'vitest';

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
    writeFileSync(
      join(dir, 'refuseRxjs.mjs'),
      `export async function resolve(specifier, context, next) {
  if (specifier === 'rxjs' || specifier.startsWith('rxjs/')) throw Object.assign(new Error('rxjs refused by the test'), { code: 'ERR_MODULE_NOT_FOUND' });
  return next(specifier, context);
}
`,
    );
    writeFileSync(join(dir, 'register.mjs'), `import { register } from 'node:module';\nregister('./refuseRxjs.mjs', import.meta.url);\n`);
    const out = execFileSync(process.execPath, ['--import', pathToFileURL(join(dir, 'register.mjs')).href, join(dir, 'example.mjs')], {
      encoding: 'utf8',
    });
    expect(out).toBe(shown);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
