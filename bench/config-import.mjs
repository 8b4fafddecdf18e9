#!/usr/bin/env node
// What a config's `import ... from '@expmon/runner'` costs, against the script entry and a
// bare Node: fresh processes, interleaved, each importing the built package (run
// `pnpm run build` first) and printing wall time of the import, CPU time and RSS after it.
// Prints min/median/max per target. Not a test: figures depend on the machine.
//
//   node bench/config-import.mjs [--runs 7]
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const runs = Number(process.argv[process.argv.indexOf('--runs') + 1]) || 7;
const cwd = fileURLToPath(new URL('../packages/runner/', import.meta.url));
const TARGETS = {
  'bare node': '',
  "@expmon/runner (a config's import)": '@expmon/runner',
  '@expmon/runner/script': '@expmon/runner/script',
};

const probe = (spec) =>
  `const t = performance.now(); ${spec ? `await import('${spec}');` : ''} const ms = performance.now() - t;` +
  `const u = process.resourceUsage(); console.log(JSON.stringify({ ms, cpu: (u.userCPUTime + u.systemCPUTime) / 1000, rss: process.memoryUsage().rss / 1048576 }));`;

const samples = Object.fromEntries(Object.keys(TARGETS).map((k) => [k, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, spec] of Object.entries(TARGETS)) {
    samples[name].push(JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe(spec)], { cwd, encoding: 'utf8' })));
  }
}

const stat = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return `${s[0].toFixed(1)} / ${s[Math.floor(s.length / 2)].toFixed(1)} / ${s[s.length - 1].toFixed(1)}`;
};
console.log(`| import (${runs} fresh processes each, interleaved) | import wall ms | process CPU ms | RSS MB |`);
console.log('|---|---|---|---|');
for (const [name, xs] of Object.entries(samples)) {
  console.log(`| ${name} | ${stat(xs.map((x) => x.ms))} | ${stat(xs.map((x) => x.cpu))} | ${stat(xs.map((x) => x.rss))} |`);
}
console.log('\n(min / median / max)');
