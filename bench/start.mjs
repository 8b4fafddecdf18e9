#!/usr/bin/env node
/**
 * Start time of the runner (not part of the test run). Run from the repo root after a build
 * (`pnpm run build`):
 *
 *   node bench/start.mjs                 # 10 runs of each, interleaved
 *   node bench/start.mjs --runs 5 --config examples/demo.config.ts
 *   node bench/start.mjs --baseline /work/wt-base   # and another checkout (built), in the same rounds
 *
 * Per round, one after the other (interleaved, so that a change in the machine's load hits all alike):
 * - first reading: `expmon-runner run <config> --dry-run`, from spawn until the first line of
 *   line protocol is on its stdout (the user sees a reading); then the runner is stopped;
 * - one cycle: `expmon-runner run <config> --cycles 1 --dry-run` to its exit: wall time and the
 *   CPU time of the process and its children (the config is compiled by esbuild in a child),
 *   taken with the shell's `times`;
 * - bare Node: `node -e 0`, the same way: what Node itself costs here.
 * With --baseline, each round also runs the first two with that checkout's CLI on the same config
 * path inside it (so that its config imports resolve to its own packages), right after this one's.
 * Printed as min / median / max. Output: a Markdown section on stdout (progress on stderr).
 * The demo config contacts nothing (simulated sensors; --dry-run writes nothing).
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatSummary, summary } from './lib/summary.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'packages/runner/dist/cli.js');

const args = { runs: 10, config: join(ROOT, 'examples/demo.config.ts') };
const argv = process.argv.slice(2);
while (argv.length) {
  const a = argv.shift();
  if (a === '--runs') args.runs = Number(argv.shift());
  else if (a === '--config') args.config = resolve(argv.shift());
  else if (a === '--baseline') args.baseline = resolve(argv.shift());
  else if (a === '--help' || a === '-h') {
    process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
    process.exit(0);
  } else throw new Error(`unknown argument ${a} (try --help)`);
}

const LINE_PROTOCOL = /^\S+ \S+=\S+ \d+$/m;
/** The checkout measured, and the baseline (another checkout, its own config at the same path). */
const subject = { cli: CLI, config: args.config };
const baseline = args.baseline && {
  cli: join(args.baseline, 'packages/runner/dist/cli.js'),
  config: join(args.baseline, relative(ROOT, args.config)),
};

/** ms from spawn to the first line of line protocol on stdout. */
function firstReading(dataDir, { cli, config } = subject) {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [cli, 'run', config, '--dry-run', '--data-dir', dataDir, '--log-level', 'warn'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let ms;
    child.stdout.on('data', (d) => {
      out += d;
      if (ms === undefined && LINE_PROTOCOL.test(out)) {
        ms = performance.now() - t0;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d) => (err = (err + d).slice(-2000)));
    child.on('exit', () => (ms === undefined ? reject(new Error(`no reading printed: ${err}`)) : resolvePromise(ms)));
  });
}

/** Wall ms and CPU ms (user + system, with children) of a command run to its end, via the shell's `times`. */
function timed(command) {
  return new Promise((resolvePromise, reject) => {
    const t0 = performance.now();
    const quoted = command.map((x) => `'${x.replace(/'/g, `'\\''`)}'`).join(' ');
    const child = spawn('sh', ['-c', `${quoted} >/dev/null 2>&1; status=$?; times; exit $status`], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => {
      const wall = performance.now() - t0;
      if (code !== 0) return reject(new Error(`${command.join(' ')} exited ${code}`));
      // `times`: the shell's own user/sys, then its children's: "0m0.41s 0m0.08s".
      const children = out.trim().split('\n').pop();
      const secs = [...children.matchAll(/(\d+)m([\d.]+)s/g)].map((m) => Number(m[1]) * 60 + Number(m[2]));
      resolvePromise({ wall, cpu: (secs[0] + secs[1]) * 1000 });
    });
  });
}

const loadStart = loadavg();
const dataDir = await mkdtemp(join(tmpdir(), 'expmon-bench-start-'));
const m = { first: [], cycleWall: [], cycleCpu: [], bareWall: [], bareCpu: [] };
const b = { first: [], cycleWall: [], cycleCpu: [] };
try {
  for (let i = 0; i < args.runs; i++) {
    m.first.push(await firstReading(dataDir));
    if (baseline) b.first.push(await firstReading(dataDir, baseline));
    const cycle = await timed([process.execPath, CLI, 'run', args.config, '--cycles', '1', '--dry-run', '--data-dir', dataDir]);
    m.cycleWall.push(cycle.wall);
    m.cycleCpu.push(cycle.cpu);
    if (baseline) {
      const c = await timed([process.execPath, baseline.cli, 'run', baseline.config, '--cycles', '1', '--dry-run', '--data-dir', dataDir]);
      b.cycleWall.push(c.wall);
      b.cycleCpu.push(c.cpu);
    }
    const bare = await timed([process.execPath, '-e', '0']);
    m.bareWall.push(bare.wall);
    m.bareCpu.push(bare.cpu);
    process.stderr.write(`run ${i + 1}/${args.runs}: first reading ${m.first.at(-1).toFixed(0)} ms, one cycle ${cycle.wall.toFixed(0)} ms wall / ${cycle.cpu.toFixed(0)} ms CPU\n`);
  }
} finally {
  await rm(dataDir, { recursive: true, force: true });
}

const config = args.config.startsWith(ROOT) ? args.config.slice(ROOT.length) : args.config;
const row = (what, s) => `| ${what} | ${formatSummary(summary(s), 0)} ms |`;
const lines = [
  `## Start: \`${config}\`, start to first reading printed`,
  '',
  `\`node bench/start.mjs --runs ${args.runs}${baseline ? ' --baseline <checkout>' : ''}\` on ${new Date().toISOString()}, ${cpus().length} CPUs, Node ${process.version}; load average ` +
    `${loadStart.map((x) => x.toFixed(2)).join(' ')} at start, ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end. ` +
    `${args.runs} interleaved rounds (target from issue 10: first reading ≤ 0.5 s).`,
  '',
  '| measure | min / median / max |',
  '|---|---:|',
  row('first reading printed (`run --dry-run`), wall', m.first),
  row('`run --cycles 1 --dry-run` to exit, wall', m.cycleWall),
  row('`run --cycles 1 --dry-run` to exit, CPU (user + system, with children)', m.cycleCpu),
  row('bare `node -e 0`, wall', m.bareWall),
  row('bare `node -e 0`, CPU', m.bareCpu),
];
if (baseline) {
  lines.push(
    row('baseline: first reading printed, wall', b.first),
    row('baseline: `run --cycles 1 --dry-run` to exit, wall', b.cycleWall),
    row('baseline: `run --cycles 1 --dry-run` to exit, CPU', b.cycleCpu),
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
