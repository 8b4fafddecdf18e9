#!/usr/bin/env node
/**
 * Cost of polling in the runner (issue 10 "cheap polling"); printed figures, never asserted.
 * Run from the repo root after a build:
 *
 *   node bench/polling.mjs                       # 1,000 and 10,000 sensors, cycle bench; 3 interleaved runs
 *   node bench/polling.mjs --quick               # 1 run, short windows, to check that it works
 *   node bench/polling.mjs --baseline DIR        # also the runner built in DIR (its dist/), interleaved
 *   node bench/polling.mjs --write               # replace the "Polling" section of bench/RESULTS.md
 *
 * What is measured:
 * - cpu: the real CLI (`expmon-runner run bench/idle.config.ts`, BENCH_SENSORS simulated
 *   polled sensors at 1 Hz) writing to InfluxDB 1.6, as run.mjs's `idle`: CPU from
 *   /proc/<pid>/stat (utime + stime) and RSS (VmRSS each second) over --window after
 *   --warmup. Readings in the window = sensors × aligned 1 s ticks in it (every poll of a
 *   SimulatedSource yields one reading; failed reads are counted from the log and printed).
 *   Runner CPU per polled reading = CPU time / readings; % of a core = CPU time / wall time.
 * - cycle: --sources SimulatedSources with `latencyMs` --latency through the `Runner` in its own
 *   process, interval 1 s, --cycles cycles, as run.mjs's `cycle`: per cycle, from the earliest
 *   read start to the last read end (`outcomes$`: arrival − latency); ratio = cycle / latency.
 *
 * Options: --sensors 1000,10000  --warmup 10s  --window 30s  --repeat 3  --sources 1000
 * --latency 200  --cycles 10  --baseline DIR (a packages/runner folder with a built dist/)
 * --only cpu|cycle  --note TEXT (how the machine was, printed above the tables)
 * --write [--out FILE]. Runs of each variant, size and phase are interleaved.
 * --warmup and --window take comma lists of the same length: each pair is a phase with its
 * own table, e.g. `--warmup 10s,60s --window 30s,60s` gives the figure comparable with earlier
 * runs (10 s after start) and the steady state a lab sees after the first minute (V8's memory
 * reducer runs a few major GCs some 15 s after start; a short window may or may not hold them).
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cpuSeconds, memory } from './lib/procStats.mjs';
import { startInfluxDb1 } from './lib/startInfluxDb1.mjs';
import { stopChild } from './lib/stopChild.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SELF = fileURLToPath(import.meta.url);
const CONFIG = join(ROOT, 'bench/idle.config.ts');
const BEGIN = '<!-- polling.mjs: begin -->';
const END = '<!-- polling.mjs: end -->';

function parseArgs(argv) {
  const a = {
    sensors: [1000, 10_000], warmup: '10s', window: '30s', repeat: 3, sources: 1000, latency: 200, cycles: 10,
    baseline: undefined, only: undefined, note: undefined, write: false, out: join(ROOT, 'bench/RESULTS.md'), child: undefined,
  };
  const rest = [...argv];
  while (rest.length) {
    const x = rest.shift();
    if (x === '--sensors') a.sensors = rest.shift().split(',').map(Number);
    else if (x === '--warmup') a.warmup = rest.shift();
    else if (x === '--window') a.window = rest.shift();
    else if (x === '--repeat') a.repeat = Number(rest.shift());
    else if (x === '--sources') a.sources = Number(rest.shift());
    else if (x === '--latency') a.latency = Number(rest.shift());
    else if (x === '--cycles') a.cycles = Number(rest.shift());
    else if (x === '--baseline') a.baseline = resolve(rest.shift());
    else if (x === '--only') a.only = rest.shift();
    else if (x === '--write') a.write = true;
    else if (x === '--note') a.note = rest.shift();
    else if (x === '--out') a.out = rest.shift();
    else if (x === '--child') a.child = rest.shift();
    else if (x === '--quick') Object.assign(a, { warmup: '5s', window: '10s', repeat: 1, cycles: 5 });
    else if (x === '--help' || x === '-h') {
      process.stdout.write(readFileSync(SELF, 'utf8').split('*/')[0].replace(/^#!.*\n\/\*\*\n/, '').replace(/^ \* ?/gm, ''));
      process.exit(0);
    } else throw new Error(`unknown argument ${x} (try --help)`);
  }
  return a;
}

function ms(s) {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)$/.exec(String(s));
  if (!m) throw new Error(`${s}: use e.g. 10s, 1m`);
  return Number(m[1]) * { ms: 1, s: 1000, m: 60_000 }[m[2]];
}

const sleep = (t) => new Promise((r) => setTimeout(r, t));
const log = (s) => process.stderr.write(`${s}\n`);
const median = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mmm = (xs) => ({ min: Math.min(...xs), median: median(xs), max: Math.max(...xs) });
const fmt = (x, d = 1) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(d));
const fmm = (r, d, unit = '') => `${fmt(r.min, d)} / ${fmt(r.median, d)} / ${fmt(r.max, d)}${unit}`;

/** One CPU run: the CLI of `runnerDir` with `sensors` sensors at 1 Hz into InfluxDB 1.6. */
async function cpuRun(influx, runnerDir, sensors, phase, n) {
  const db = `bench_poll_${n}`;
  await influx.createDatabase(db);
  const dir = await mkdtemp(join(tmpdir(), 'expmon-bench-poll-'));
  const env = { ...process.env, INFLUX_URL: influx.url, INFLUX_DATABASE: db, BENCH_SENSORS: String(sensors) };
  for (const k of ['INFLUX_TOKEN', 'INFLUX_ORG', 'INFLUX_BUCKET']) delete env[k];
  // A baseline in a checkout of its own runs that checkout's config, so that it loads only its
  // own @expmon/core (with this checkout's config it would load two copies, which alone moved
  // the figure by about 1 µs in process).
  const ownConfig = join(runnerDir, '../../bench/idle.config.ts');
  const config = existsSync(ownConfig) ? ownConfig : CONFIG;
  const child = spawn(process.execPath, [join(runnerDir, 'dist/cli.js'), 'run', config, '--data-dir', dir, '--log-level', 'warn'], {
    env,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let failed = 0;
  let tail = '';
  child.stderr.on('data', (d) => {
    tail = (tail + d).slice(-4000);
    failed += (String(d).match(/"msg":"read failed"/g) ?? []).length;
  });
  try {
    await sleep(ms(phase.warmup));
    if (child.exitCode !== null) throw new Error(`runner exited: ${tail}`);
    const c0 = cpuSeconds(child.pid);
    const t0 = Date.now();
    const rss = [];
    while (Date.now() - t0 < ms(phase.window)) {
      await sleep(1000);
      rss.push(memory(child.pid).rssMB);
    }
    const c1 = cpuSeconds(child.pid);
    const t1 = Date.now();
    const cpuS = c1 - c0;
    const readings = sensors * (Math.floor(t1 / 1000) - Math.floor(t0 / 1000));
    return { sensors, cpuS, wallS: (t1 - t0) / 1000, readings, usPerReading: (cpuS * 1e6) / readings, corePct: (100 * cpuS) / ((t1 - t0) / 1000), rssMedianMB: median(rss), rssMaxMB: Math.max(...rss), failed };
  } finally {
    await stopChild(child, 15_000);
    await influx.query(`DROP DATABASE "${db}"`);
    await rm(dir, { recursive: true, force: true });
  }
}

/** Child process: the cycle bench with the Runner of `p.runnerDir` (as run.mjs's childCycle). */
async function childCycle(p) {
  // The runner's script API (`@expmon/runner/script`); a runner built before it had it in its index.
  const api = await import(pathToFileURL(join(p.runnerDir, 'dist/script.js')).href).catch(() => import(pathToFileURL(join(p.runnerDir, 'dist/index.js')).href));
  const { validateConfig, resolveSinks, Runner, createLogger } = api;
  const { SimulatedSource } = await import('@expmon/core');
  const sources = Array.from({ length: p.sources }, (_, i) => new SimulatedSource({ name: `slow_${i}`, unit: 'V', latencyMs: p.latencyMs }));
  const config = validateConfig({ interval: '1s', sources, dataDir: p.dataDir, logLevel: 'warn' }, join(ROOT, 'bench/cycle.config.ts'));
  const ticks = new Map();
  const runner = new Runner(config, resolveSinks(config, {}), createLogger({ level: 'warn', pretty: false }), { cycles: p.cycles });
  runner.outcomes$.subscribe((o) => {
    const now = performance.now();
    const t = ticks.get(o.tick) ?? { start: Infinity, end: 0, polls: 0, failed: 0 };
    t.start = Math.min(t.start, now - o.latencyMs);
    t.end = Math.max(t.end, now);
    t.polls++;
    if (!o.ok) t.failed++;
    ticks.set(o.tick, t);
  });
  await runner.start();
  await runner.finished;
  await runner.stop();
  return { cycles: [...ticks.values()].map((t) => ({ cycleMs: t.end - t.start, polls: t.polls, failed: t.failed })) };
}

async function cycleRun(runnerDir, a) {
  const dataDir = await mkdtemp(join(tmpdir(), 'expmon-bench-cycle-'));
  try {
    const child = spawn(process.execPath, [SELF, '--child', 'cycle'], {
      env: { ...process.env, EXPMON_BENCH: JSON.stringify({ runnerDir, sources: a.sources, latencyMs: a.latency, cycles: a.cycles, dataDir }) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    const code = await new Promise((r) => child.once('exit', r));
    if (code !== 0) throw new Error(`cycle child exited ${code}`);
    return JSON.parse(out.trim().split('\n').at(-1));
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

function machine() {
  const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? cpus()[0]?.model;
  return `${cpus().length} CPUs (${model}), ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}`;
}

async function main(a) {
  const variants = [{ name: 'this branch', dir: join(ROOT, 'packages/runner') }];
  if (a.baseline) variants.push({ name: 'baseline', dir: a.baseline });
  const loadBefore = loadavg();
  log(`polling bench: ${machine()}, load ${loadBefore.map((x) => x.toFixed(2)).join(' ')}`);
  const warmups = a.warmup.split(',');
  const windows = a.window.split(',');
  if (warmups.length !== windows.length) throw new Error(`--warmup ${a.warmup} and --window ${a.window}: give as many of each`);
  const phases = warmups.map((warmup, i) => ({ warmup, window: windows[i] }));
  const cpu = new Map();
  const cyc = new Map();
  let n = 0;
  const influx = a.only === 'cycle' ? undefined : await startInfluxDb1();
  try {
    for (let r = 0; r < a.repeat; r++) {
      for (const v of variants) {
        if (a.only !== 'cycle') {
          for (const [p, phase] of phases.entries()) {
            for (const sensors of a.sensors) {
              const res = await cpuRun(influx, v.dir, sensors, phase, n++);
              log(`[${v.name}] ${sensors} sensors at 1 Hz, ${phase.window} after ${phase.warmup}: ${res.usPerReading.toFixed(1)} µs CPU per reading, ${res.corePct.toFixed(1)} % of a core, RSS median ${res.rssMedianMB.toFixed(0)} MB (max ${res.rssMaxMB.toFixed(0)}), ${res.failed} failed reads`);
              const k = `${p}|${v.name}|${sensors}`;
              cpu.set(k, [...(cpu.get(k) ?? []), res]);
            }
          }
        }
        if (a.only !== 'cpu') {
          const res = await cycleRun(v.dir, a);
          const ratios = res.cycles.map((c) => c.cycleMs / a.latency);
          log(`[${v.name}] ${a.sources} sources × ${a.latency} ms: cycle/latency ${fmm(mmm(ratios), 2)} (min/median/max of ${ratios.length} cycles)`);
          cyc.set(v.name, [...(cyc.get(v.name) ?? []), ...res.cycles]);
        }
      }
    }
  } finally {
    await influx?.stop();
  }
  const loadAfter = loadavg();
  const lines = [
    BEGIN,
    '## Polling: CPU per polled reading, memory, cycle time (`node bench/polling.mjs`)',
    '',
    `Generated on ${new Date().toISOString()} by \`node bench/polling.mjs ${process.argv.slice(2).join(' ')}\`.`,
    `Machine: ${machine()}; load average ${loadBefore.map((x) => x.toFixed(2)).join(' ')} at start, ${loadAfter.map((x) => x.toFixed(2)).join(' ')} at end.`,
    ...(a.note ? [a.note] : []),
    `Each figure is min / median / max over ${a.repeat} interleaved run(s) (variants and sizes alternate).`,
    '',
  ];
  for (const [p, phase] of cpu.size ? phases.entries() : []) {
    lines.push(
      `### The CLI, N simulated polled sensors at 1 Hz → InfluxDB 1.6 (window ${phase.window} after ${phase.warmup} warm-up)`,
      '',
      '| runner | sensors | µs CPU per polled reading (target ≤ 10 at 1,000) | % of a core (target ≤ 15 at 10,000) | RSS median MB (target ≤ 200 at 10,000) | RSS max MB | failed reads |',
      '|---|---:|---:|---:|---:|---:|---:|',
    );
    for (const [k, runs] of cpu) {
      const [kp, name, sensors] = k.split('|');
      if (Number(kp) !== p) continue;
      lines.push(
        `| ${name} | ${Number(sensors).toLocaleString('en-US')} | ${fmm(mmm(runs.map((x) => x.usPerReading)), 1)} | ${fmm(mmm(runs.map((x) => x.corePct)), 1)} | ${fmm(mmm(runs.map((x) => x.rssMedianMB)), 0)} | ${fmm(mmm(runs.map((x) => x.rssMaxMB)), 0)} | ${runs.reduce((s, x) => s + x.failed, 0)} |`,
      );
    }
    lines.push('');
  }
  if (cyc.size) {
    lines.push(`### Cycle time: ${a.sources} polled sources of ${a.latency} ms latency, interval 1 s, ${a.cycles} cycles per run (target ≤ 1.1 × latency)`, '', '| runner | cycle / latency (min / median / max over all cycles) | cycle ms median | polls per cycle | failed polls |', '|---|---:|---:|---:|---:|');
    for (const [name, cycles] of cyc) {
      lines.push(`| ${name} | ${fmm(mmm(cycles.map((c) => c.cycleMs / a.latency)), 2)} | ${fmt(median(cycles.map((c) => c.cycleMs)))} | ${fmt(median(cycles.map((c) => c.polls)), 0)} | ${cycles.reduce((s, c) => s + c.failed, 0)} |`);
    }
    lines.push('');
  }
  lines.push(END);
  const md = lines.join('\n');
  process.stdout.write(`${md}\n`);
  if (a.write) {
    const old = readFileSync(a.out, 'utf8');
    const i = old.indexOf(BEGIN);
    const j = old.indexOf(END);
    const next = i >= 0 && j > i ? old.slice(0, i) + md + old.slice(j + END.length) : `${old.trimEnd()}\n\n${md}\n`;
    writeFileSync(a.out, next);
    log(`section written to ${a.out}`);
  }
}

const a = parseArgs(process.argv.slice(2));
if (a.child === 'cycle') {
  const res = await childCycle(JSON.parse(process.env.EXPMON_BENCH));
  process.stdout.write(`${JSON.stringify(res)}\n`);
  process.exit(0);
} else {
  await main(a);
}
