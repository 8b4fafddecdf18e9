#!/usr/bin/env node
// Builds only the packages whose build output is missing or older than their sources, so that
// `pnpm demo` starts in about a second when nothing changed (it rebuilt everything, ~12 s, before).
// A package is stale when its dist/ is missing or empty, or when any file of src/, package.json,
// tsup.config.ts or tsconfig.json is newer than the oldest file in dist/. Only stale packages are
// rebuilt (tsup leaves workspace dependencies external, so a dependent's dist does not embed them),
// in dependency order by pnpm.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// --root DIR: another workspace (tests); --dry-run: say what is stale, build nothing.
const args = process.argv.slice(2);
const rootArg = args.indexOf('--root');
const root = rootArg >= 0 ? join(args[rootArg + 1], '/') : fileURLToPath(new URL('..', import.meta.url));
const dryRun = args.includes('--dry-run');
const packagesDir = join(root, 'packages');

/** Every file under dir (recursively), with its mtime. */
function files(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? files(p) : [{ path: p, mtimeMs: statSync(p).mtimeMs }];
  });
}

const stale = [];
for (const name of readdirSync(packagesDir)) {
  const dir = join(packagesDir, name);
  if (!existsSync(join(dir, 'package.json'))) continue;
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  if (!pkg.scripts?.build) continue;
  const built = files(join(dir, 'dist'));
  const inputs = [...files(join(dir, 'src')), ...['package.json', 'tsup.config.ts', 'tsconfig.json'].map((f) => join(dir, f)).filter(existsSync).map((p) => ({ path: p, mtimeMs: statSync(p).mtimeMs }))];
  if (built.length === 0) {
    stale.push({ name: pkg.name, why: 'no build output' });
    continue;
  }
  const oldestOutput = Math.min(...built.map((f) => f.mtimeMs));
  const newer = inputs.find((f) => f.mtimeMs > oldestOutput);
  if (newer) stale.push({ name: pkg.name, why: `${newer.path.slice(root.length)} changed` });
}

if (stale.length === 0) {
  process.stderr.write('build-if-stale: every package is up to date\n');
} else {
  for (const s of stale) process.stderr.write(`build-if-stale: ${s.name}: ${s.why}\n`);
  if (dryRun) process.exit(0);
  const filters = stale.flatMap((s) => ['--filter', s.name]);
  execFileSync('pnpm', [...filters, 'run', 'build'], { cwd: root, stdio: 'inherit' });
}
