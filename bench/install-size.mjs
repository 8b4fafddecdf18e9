#!/usr/bin/env node
/**
 * What a user's `npm i` of one expmon package costs (not part of the test run). Run from the
 * repo root after a build (`pnpm run build`):
 *
 *   node bench/install-size.mjs                      # every published package
 *   node bench/install-size.mjs driver-eaton core    # some of them (folder names under packages/)
 *
 * For each package: `pnpm pack` (workspace:^ becomes the real version range), then in an empty
 * temp project plain `npm install` of that tarball, plus the tarballs of the workspace packages
 * it depends on (they are not on the registry yet; everything else comes from the registry, as
 * for a user). Printed per package: the size of `node_modules` (on disk, `du`, and the sum of
 * file sizes), the number of packages installed, the five largest, and which native modules
 * (`.node` files) a fresh Node process has loaded after `import` of the package.
 * Output: a Markdown section on stdout (progress on stderr).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, existsSync, lstatSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
/** Targets from issue 10, in MB of node_modules. */
const TARGETS = { '@expmon/driver-eaton': 12, '@expmon/driver-arduino': 20 };

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
  process.exit(0);
}

const packages = readdirSync(join(ROOT, 'packages'))
  .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(ROOT, 'packages', dir, 'package.json'), 'utf8')) }))
  .filter((p) => !p.manifest.private);
const byName = new Map(packages.map((p) => [p.manifest.name, p]));
const chosen = argv.length ? packages.filter((p) => argv.includes(p.dir) || argv.includes(p.manifest.name)) : packages;
if (chosen.length === 0) throw new Error(`no package matches ${argv.join(' ')}; folders: ${packages.map((p) => p.dir).join(', ')}`);

const work = mkdtempSync(join(tmpdir(), 'expmon-install-size-'));
const tarballs = new Map();

/** The tarball of a workspace package, packed once. */
function tarballOf(name) {
  if (!tarballs.has(name)) {
    const p = byName.get(name);
    if (!existsSync(join(ROOT, 'packages', p.dir, 'dist'))) throw new Error(`${name}: no dist/; run pnpm run build first`);
    const out = execFileSync('pnpm', ['pack', '--pack-destination', work], { cwd: join(ROOT, 'packages', p.dir), encoding: 'utf8' });
    const file = out.trim().split('\n').filter((l) => l.endsWith('.tgz')).pop();
    tarballs.set(name, file.startsWith('/') ? file : join(work, file));
  }
  return tarballs.get(name);
}

/** The package and the workspace packages it needs at run time, transitively. */
function workspaceClosure(name, seen = new Set()) {
  if (seen.has(name)) return seen;
  seen.add(name);
  const m = byName.get(name).manifest;
  for (const deps of [m.dependencies, m.optionalDependencies]) {
    for (const [dep, range] of Object.entries(deps ?? {})) if (String(range).startsWith('workspace:')) workspaceClosure(dep, seen);
  }
  return seen;
}

function walk(dir) {
  let bytes = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) bytes += walk(p);
    else if (entry.isFile()) bytes += statSync(p).size;
    else if (entry.isSymbolicLink()) bytes += lstatSync(p).size;
  }
  return bytes;
}

/** Top-level packages of node_modules (scoped ones as @scope/name) with their sizes. */
function largest(nodeModules) {
  const sizes = [];
  for (const entry of readdirSync(nodeModules)) {
    if (entry.startsWith('.')) continue;
    if (entry.startsWith('@')) {
      for (const sub of readdirSync(join(nodeModules, entry))) sizes.push([`${entry}/${sub}`, walk(join(nodeModules, entry, sub))]);
    } else sizes.push([entry, walk(join(nodeModules, entry))]);
  }
  return sizes.sort((a, b) => b[1] - a[1]);
}

const MB = 1024 * 1024;
const results = [];
for (const p of chosen) {
  const name = p.manifest.name;
  const project = mkdtempSync(join(work, 'project-'));
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'size-probe', version: '1.0.0', private: true, type: 'module' }));
  const files = [...workspaceClosure(name)].map(tarballOf);
  process.stderr.write(`npm i ${name} (${files.length} tarball${files.length > 1 ? 's' : ''})...\n`);
  const t0 = performance.now();
  const npm = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...files], { cwd: project, encoding: 'utf8' });
  const seconds = (performance.now() - t0) / 1000;
  if (npm.status !== 0) {
    results.push({ name, error: `npm install failed: ${(npm.stderr || npm.stdout).trim().split('\n').slice(-3).join(' / ')}` });
    continue;
  }
  const nodeModules = join(project, 'node_modules');
  const du = (dir) => (existsSync(dir) ? Number(execFileSync('du', ['-sk', dir], { encoding: 'utf8' }).split(/\s/)[0]) / 1024 : 0);
  const duMB = du(nodeModules);
  const rxjsMB = du(join(nodeModules, 'rxjs'));
  const top = largest(nodeModules);
  const installed = Object.keys(JSON.parse(readFileSync(join(nodeModules, '.package-lock.json'), 'utf8')).packages).length;
  // A fresh process: import the package, then list the native modules (.node) it has loaded.
  const probe = spawnSync(
    process.execPath,
    [
      '--input-type=module',
      '-e',
      `await import(${JSON.stringify(name)}); const so = process.report.getReport().sharedObjects.filter((f) => f.endsWith('.node')); console.log(JSON.stringify(so));`,
    ],
    { cwd: project, encoding: 'utf8', env: { ...process.env, NODE_PATH: '' } },
  );
  const native = probe.status === 0 ? JSON.parse(probe.stdout.trim().split('\n').pop()).map((f) => f.split('node_modules/').pop()) : [`import failed: ${probe.stderr.trim().split('\n').slice(-1)[0]}`];
  results.push({ name, duMB, rxjsMB, fileMB: walk(nodeModules) / MB, installed, top: top.slice(0, 5), native, seconds });
  process.stderr.write(`  ${duMB.toFixed(1)} MB, ${installed} packages, native on import: ${native.length ? native.join(', ') : 'none'}\n`);
  rmSync(project, { recursive: true, force: true });
}
rmSync(work, { recursive: true, force: true });

const lines = [
  `## Install size: \`npm i\` of one package from its tarball`,
  '',
  `\`node bench/install-size.mjs\` on ${new Date().toISOString()}, npm ${execFileSync('npm', ['-v'], { encoding: 'utf8' }).trim()}, Node ${process.version}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}. ` +
    'Each package with the tarballs of the workspace packages it depends on, into an empty project; the rest from the npm registry. ' +
    'Peer dependencies (rxjs) are installed too, as npm ≥ 7 does. "On disk" is `du` (4 KiB blocks: rxjs\'s ~2,300 small files take ' +
    'about 2.5× their size); "sum of file sizes" is what the files hold. Sizes do not depend on the machine\'s load.',
  '',
  '| package | node_modules on disk | of which rxjs (peer) | sum of file sizes | packages | target (MB) | largest (MB, file sizes) | native modules loaded by `import` |',
  '|---|---:|---:|---:|---:|---|---|---|',
];
for (const r of results) {
  if (r.error) {
    lines.push(`| ${r.name} | | | | | | ${r.error} | |`);
    continue;
  }
  const target = TARGETS[r.name];
  const met = (x) => (x <= target ? 'met' : '**not met**');
  const verdict = target === undefined ? '' : `≤ ${target}: on disk ${met(r.duMB)}, file sizes ${met(r.fileMB)}`;
  lines.push(
    `| ${r.name} | ${r.duMB.toFixed(1)} MB | ${r.rxjsMB.toFixed(1)} MB | ${r.fileMB.toFixed(1)} MB | ${r.installed} | ${verdict} | ${r.top.map(([n, b]) => `${n} ${(b / MB).toFixed(1)}`).join(', ')} | ${r.native.length ? r.native.join(', ') : 'none'} |`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
