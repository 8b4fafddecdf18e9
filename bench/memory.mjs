#!/usr/bin/env node
/**
 * Memory and CPU of the runner at rest (not part of the test run). Run from the repo root
 * after a build (`pnpm run build`):
 *
 *   node bench/memory.mjs                          # 100 sensors at 1 Hz for 5 minutes
 *   node bench/memory.mjs --duration 1m --sensors 100
 *
 * The real CLI (`expmon-runner run bench/idle.config.ts`) with N simulated sensors polled at
 * 1 Hz, writing to a throwaway InfluxDB 1.6 (Debian's `influxd`, on a free loopback port).
 * After a warm-up (10 s), RSS is read from /proc/<pid>/status every second and reported as
 * min / median / max over the run, with the peak (VmHWM) and the CPU share of one core
 * (/proc/<pid>/stat, user + system). A bare Node process (`setInterval`) is sampled the same
 * way at the same time: what Node itself costs on this machine. Afterwards the readings stored
 * in the database are counted. Output: a Markdown section on stdout (progress on stderr).
 * This is the method of bench/run.mjs's former `idle` benchmark, so figures stay comparable.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { cpuSeconds, memory } from './lib/procStats.mjs';
import { startInfluxDb1 } from './lib/startInfluxDb1.mjs';
import { stopChild } from './lib/stopChild.mjs';
import { formatSummary, summary } from './lib/summary.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CLI = join(ROOT, 'packages/runner/dist/cli.js');
const CONFIG = join(ROOT, 'bench/idle.config.ts');

const args = { duration: '5m', sensors: 100, warmup: '10s' };
const argv = process.argv.slice(2);
while (argv.length) {
  const a = argv.shift();
  if (a === '--duration') args.duration = argv.shift();
  else if (a === '--sensors') args.sensors = Number(argv.shift());
  else if (a === '--warmup') args.warmup = argv.shift();
  else if (a === '--help' || a === '-h') {
    process.stdout.write(readFileSync(fileURLToPath(import.meta.url), 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
    process.exit(0);
  } else throw new Error(`unknown argument ${a} (try --help)`);
}

function durationMs(s) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)$/.exec(String(s));
  if (!m) throw new Error(`${s}: use a duration such as 30s or 5m`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2]];
}

const total = durationMs(args.duration);
const warmup = durationMs(args.warmup);
const loadStart = loadavg();
const influx = await startInfluxDb1();
await influx.createDatabase('bench_memory');
const dir = await mkdtemp(join(tmpdir(), 'expmon-bench-memory-'));
const env = { ...process.env, INFLUX_URL: influx.url, INFLUX_DATABASE: 'bench_memory', BENCH_SENSORS: String(args.sensors) };
for (const k of ['INFLUX_TOKEN', 'INFLUX_ORG', 'INFLUX_BUCKET', 'INFLUX_USERNAME', 'INFLUX_PASSWORD']) delete env[k];
const runner = spawn(process.execPath, [CLI, 'run', CONFIG, '--data-dir', dir, '--log-level', 'warn'], { env, stdio: ['ignore', 'ignore', 'pipe'] });
const bare = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' });
let stderr = '';
runner.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
let result;
try {
  process.stderr.write(`memory: ${args.sensors} sensors at 1 Hz, ${args.warmup} warm-up, then ${args.duration}...\n`);
  await sleep(warmup);
  if (runner.exitCode !== null) throw new Error(`the runner exited: ${stderr}`);
  const cpu0 = { runner: cpuSeconds(runner.pid), bare: cpuSeconds(bare.pid) };
  const t0 = performance.now();
  const rss = { runner: [], bare: [] };
  while (performance.now() - t0 < total) {
    await sleep(1000);
    rss.runner.push(memory(runner.pid).rssMB);
    rss.bare.push(memory(bare.pid).rssMB);
  }
  const wallS = (performance.now() - t0) / 1000;
  result = {
    wallS,
    runner: { rss: summary(rss.runner), hwmMB: memory(runner.pid).hwmMB, cpuPercent: (100 * (cpuSeconds(runner.pid) - cpu0.runner)) / wallS },
    bare: { rss: summary(rss.bare), cpuPercent: (100 * (cpuSeconds(bare.pid) - cpu0.bare)) / wallS },
  };
  const startedAt = Date.now() - wallS * 1000 - warmup;
  await stopChild(runner, 15_000);
  result.stored = await influx.count('bench_memory');
  result.expected = Math.round(((Date.now() - startedAt) / 1000) * args.sensors);
  if (runner.exitCode !== 0) result.exit = `${runner.exitCode ?? runner.signalCode}: ${stderr.trim().split('\n').slice(-1)[0]}`;
} finally {
  await stopChild(runner, 15_000);
  await stopChild(bare, 15_000);
  await influx.stop();
  await rm(dir, { recursive: true, force: true });
}

const r = result;
const lines = [
  `## Memory and CPU at rest: ${args.sensors} simulated sensors at 1 Hz → InfluxDB 1.6, the real CLI`,
  '',
  `\`node bench/memory.mjs --duration ${args.duration} --sensors ${args.sensors}\` on ${new Date().toISOString()}, ${cpus().length} CPUs, Node ${process.version}; ` +
    `load average ${loadStart.map((x) => x.toFixed(2)).join(' ')} at start, ${loadavg().map((x) => x.toFixed(2)).join(' ')} at the end. ` +
    `RSS sampled every second for ${r.wallS.toFixed(0)} s after ${(warmup / 1000).toFixed(0)} s of warm-up (targets from issue 10: median RSS ≤ 70 MB, CPU ≤ 1 % of a core).`,
  '',
  '| process | RSS min / median / max | peak (VmHWM) | CPU, % of one core |',
  '|---|---:|---:|---:|',
  `| runner | ${formatSummary(r.runner.rss)} MB | ${r.runner.hwmMB.toFixed(1)} MB | ${r.runner.cpuPercent.toFixed(2)} % |`,
  `| bare Node (\`setInterval\`), same time | ${formatSummary(r.bare.rss)} MB | | ${r.bare.cpuPercent.toFixed(2)} % |`,
  '',
  `Readings stored: ${r.stored} (about ${r.expected} produced while the runner ran${r.exit ? `; runner exit ${r.exit}` : ''}).`,
];
process.stdout.write(`${lines.join('\n')}\n`);
