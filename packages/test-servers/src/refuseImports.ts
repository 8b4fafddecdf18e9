import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Writes into `dir` an ESM resolve hook that refuses `packages` (and their subpaths) as if they
 * were not installed (`ERR_MODULE_NOT_FOUND`), and returns the URL to give to `node --import`.
 * For tests that a package works without an optional peer (rxjs). ESM hooks do not apply to
 * `require()` on Node 20: check a CommonJS build by what it put in `require.cache`.
 *
 * @example
 * execFileSync(process.execPath, ['--import', refuseImports(dir, ['rxjs']), 'script.mjs']);
 */
export function refuseImports(dir: string, packages: readonly string[]): string {
  writeFileSync(
    join(dir, 'refuseImports.mjs'),
    `const refused = ${JSON.stringify(packages)};
export async function resolve(specifier, context, next) {
  if (refused.some((p) => specifier === p || specifier.startsWith(p + '/'))) {
    const error = new Error(specifier + ' is not installed (refused by the test), imported from ' + context.parentURL);
    error.code = 'ERR_MODULE_NOT_FOUND';
    throw error;
  }
  return next(specifier, context);
}
`,
  );
  writeFileSync(join(dir, 'registerRefusal.mjs'), `import { register } from 'node:module';\nregister('./refuseImports.mjs', import.meta.url);\n`);
  return pathToFileURL(join(dir, 'registerRefusal.mjs')).href;
}
