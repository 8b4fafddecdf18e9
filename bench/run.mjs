#!/usr/bin/env node
/**
 * expmon benchmarks (not part of the test run). Run from the repo root after a build:
 *
 *   pnpm bench                                   # the cycle benchmark at full size
 *   node bench/run.mjs cycle --cycles 5
 *   node bench/run.mjs all --quick               # small sizes, to check that it works
 *
 * Benchmarks:
 * - cycle: cycle time with 20 polled sources of 200 ms latency each (target ≈ 200 ms, not 4 s).
 *
 * Memory and CPU at rest: bench/memory.mjs; start time: bench/start.mjs; install sizes:
 * bench/install-size.mjs; throughput, runner vs bare client: bench/throughput.mjs (each
 * prints its own section).
 *
 * Results go to bench/RESULTS.md (overwritten; `--out FILE` elsewhere, `--no-write` not at all).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);

// ---------------------------------------------------------------- arguments

function parseArgs(argv) {
  const args = { what: 'all', cycles: 10, out: join(ROOT, 'bench/RESULTS.md'), write: true, quick: false, child: undefined };
  const rest = [...argv];
  while (rest.length) {
    const a = rest.shift();
    if (a === '--cycles') args.cycles = Number(rest.shift());
    else if (a === '--out') args.out = rest.shift();
    else if (a === '--no-write') args.write = false;
    else if (a === '--quick') args.quick = true;
    else if (a === '--child') args.child = rest.shift();
    else if (a === '--help' || a === '-h') {
      process.stdout.write(readFileSync(SELF, 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
      process.exit(0);
    } else if (['all', 'cycle'].includes(a)) args.what = a;
    else throw new Error(`unknown argument ${a} (try --help)`);
  }
  if (args.quick) {
    if (!argv.includes('--cycles')) args.cycles = 4;
  }
  return args;
}

// ---------------------------------------------------------------- child processes

/** Runs `node bench/run.mjs --child MODE` with params; resolves with its JSON result. */
function runChild(mode, params, extraArgs = []) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...extraArgs, SELF, '--child', mode], {
      env: { ...process.env, EXPMON_BENCH: JSON.stringify(params) },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`${mode} child exited ${code}: ${err.slice(-2000)}`));
      const line = out.trim().split('\n').pop();
      try {
        resolve(JSON.parse(line));
      } catch {
        reject(new Error(`${mode} child printed no result: ${out.slice(-500)} ${err.slice(-1000)}`));
      }
    });
  });
}

async function childCycle(p) {
  const { validateConfig, resolveSinks, Runner, createLogger } = await import('@expmon/runner/script');
  const { SimulatedSource } = await import('@expmon/core');
  const sources = Array.from({ length: p.sources }, (_, i) => new SimulatedSource({ name: `slow_${i}`, unit: 'V', latencyMs: p.latencyMs }));
  const config = validateConfig(
    { interval: p.interval, sources, dataDir: p.dataDir, logLevel: 'warn' },
    join(ROOT, 'bench/cycle.config.ts'),
  );
  const ticks = new Map();
  const runner = new Runner(config, resolveSinks(config, {}), createLogger({ level: 'warn', pretty: false }), { cycles: p.cycles });
  runner.outcomes$.subscribe((o) => {
    const now = performance.now();
    const t = ticks.get(o.tick) ?? { start: Infinity, end: 0, polls: 0, slowestRead: 0, failed: 0 };
    t.start = Math.min(t.start, now - o.latencyMs);
    t.end = Math.max(t.end, now);
    t.polls++;
    t.slowestRead = Math.max(t.slowestRead, o.latencyMs);
    if (!o.ok) t.failed++;
    ticks.set(o.tick, t);
  });
  await runner.start();
  await runner.finished;
  await runner.stop();
  const cycles = [...ticks.values()].map((t) => ({ cycleMs: t.end - t.start, polls: t.polls, slowestReadMs: t.slowestRead, failed: t.failed }));
  return { cycles, readings: runner.stats.readings, maxRssMB: process.resourceUsage().maxRSS / 1024 };
}

// ---------------------------------------------------------------- benchmarks

async function benchCycle(args) {
  const dir = await mkdtemp(join(tmpdir(), 'expmon-bench-cycle-'));
  try {
    const res = await runChild('cycle', { sources: 20, latencyMs: 200, interval: '1s', cycles: args.cycles, dataDir: dir });
    const times = res.cycles.map((c) => c.cycleMs).sort((a, b) => a - b);
    res.medianMs = times[Math.floor(times.length / 2)];
    res.maxMs = times[times.length - 1];
    log(`cycle time, 20 sources × 200 ms: median ${fmt(res.medianMs)} ms, max ${fmt(res.maxMs)} ms over ${times.length} cycles (${res.readings} readings)`);
    return res;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- report

function machine() {
  const cpuinfo = (() => {
    try {
      return readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return '';
    }
  })();
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? cpus()[0]?.model ?? 'unknown';
  return {
    nproc: cpus().length,
    cpu: model,
    ramGB: totalmem() / 1024 ** 3,
    node: process.version,
    load: loadavg(),
  };
}

function report(args, m, loadAfter, results) {
  const date = new Date().toISOString();
  const ok = (b) => (b ? 'met' : '**not met**');
  const lines = [
    '# Benchmark results',
    '',
    `Generated by \`node bench/run.mjs ${process.argv.slice(2).join(' ')}\` on ${date}.`,
    '',
    `- Machine: ${m.nproc} CPUs (${m.cpu}), ${m.ramGB.toFixed(1)} GB RAM, Node ${m.node}`,
    `- Load average at start: ${m.load.map((x) => x.toFixed(2)).join(' ')}; at end: ${loadAfter.map((x) => x.toFixed(2)).join(' ')}`,
    '',
  ];
  if (args.quick) {
    lines.push(
      '> **Quick run, shared machine.** These figures come from one small run of each benchmark on a',
      '> machine that other engineers were using for tests at the same time (see the load average).',
      '> They show that the benchmarks work, not what the runner can do. The lead will rerun the full',
      '> benchmark (`pnpm bench`: 10 cycles) on a quiet machine.',
      '',
    );
  }
  if (results.cycle) {
    const c = results.cycle;
    lines.push(
      '## Cycle time: 20 polled sources, 200 ms latency each',
      '',
      `Per cycle, from the earliest read start to the last read end (Runner \`outcomes$\`), interval 1 s, ${c.cycles.length} cycles.`,
      '',
      `- median ${fmt(c.medianMs)} ms, max ${fmt(c.maxMs)} ms (target: about 200 ms, not 4 s): ${ok(c.maxMs < 400)}`,
      `- cycles: ${c.cycles.map((x) => `${fmt(x.cycleMs)} ms (${x.polls} polls${x.failed ? `, ${x.failed} failed` : ''})`).join(', ')}`,
      '',
    );
  }
  if (results.notes?.length) lines.push('## Notes', '', ...results.notes, '');
  return lines.join('\n');
}

function fmt(x) {
  if (typeof x !== 'number' || !Number.isFinite(x)) return String(x);
  return x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(1);
}

function log(s) {
  process.stderr.write(`${s}\n`);
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

// ---------------------------------------------------------------- main

const args = parseArgs(process.argv.slice(2));
if (args.child) {
  const p = JSON.parse(process.env.EXPMON_BENCH ?? '{}');
  const fn = { cycle: childCycle }[args.child];
  if (!fn) throw new Error(`unknown child ${args.child}`);
  const res = await fn(p);
  process.stdout.write(`${JSON.stringify(res)}\n`);
  process.exit(0);
} else {
  const m = machine();
  log(`expmon bench: ${m.nproc} CPUs (${m.cpu}), ${(m.ramGB).toFixed(1)} GB, Node ${m.node}, load ${m.load.map((x) => x.toFixed(2)).join(' ')}`);
  const results = {};
  if (args.what === 'all' || args.what === 'cycle') results.cycle = await benchCycle(args);
  const md = report(args, m, loadavg(), results);
  if (args.write) {
    writeFileSync(args.out, md);
    log(`results written to ${args.out}`);
  } else {
    process.stdout.write(md);
  }
}
